"""Entry point of the frozen desk bundle: the same CLI, `--self-test` included."""

import sys

from xclib_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
