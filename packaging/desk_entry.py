"""Entry point of the frozen desk bundle: the same CLI, `--self-test` included."""

import sys

from xclib_desk.launch import desk

if __name__ == "__main__":
    sys.exit(desk())
