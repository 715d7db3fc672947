"""``python -m xclib_desk.cli``: the same program as the ``xclib-desk`` script."""

import sys

from . import main

sys.exit(main())
