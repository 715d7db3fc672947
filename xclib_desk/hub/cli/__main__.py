"""``python -m xclib_desk.hub.cli``: the same program as the ``xclib-hub`` script (the demo and
the tests start hub servers this way)."""

import sys

from . import main

sys.exit(main())
