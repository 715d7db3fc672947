"""``xclib-hub``: serve the hub and administer it on the hub machine.

The output contract is the desk's (:mod:`xclib_desk.common.output`): a result prints as text, or
with ``--json`` as ``{"ok": true, "result": ...}``; a refusal prints ``[code] message`` on
stderr (and ``{"ok": false, "error": {...}}`` with ``--json``) and exits 1; usage errors exit
2, an unexpected failure 3 with a plain message, Ctrl-C 130. ``--lang en`` (or
``XCLIB_LANG=en``) gives every message in English.

The verbs live in one module per area; :data:`AREAS` is the table of them. docs/cli.md lists
every verb (a test checks it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from ...common import output
from ...common.output import Exit
from ...errors import DeskError
from ..errors import HubError
from . import (
    access,
    catalogue,
    exceptions,
    holds,
    points,
    reports,
    retention,
    server,
    standards,
)
from .common import Verbs, common_options

#: every area of verbs, each with ``register(verbs)``
AREAS: tuple[ModuleType, ...] = (
    server,
    access,
    points,
    exceptions,
    standards,
    catalogue,
    reports,
    retention,
    holds,
)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="xclib-hub", description="xclib district hub server")
    verbs = Verbs(ap.add_subparsers(dest="verb", required=True), common_options())
    for area in AREAS:
        area.register(verbs)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with output.run_language(args.lang):
        try:
            return int(args.handler(args))
        except HubError as e:
            return output.refusal(e.code, e.message, args.json)
        except DeskError as e:
            err = e.to_dict()  # the message and its parameters in the run's language
            return output.refusal(e.code, err["message"], args.json, err["params"])
        except KeyboardInterrupt:
            return Exit.INTERRUPTED
        except Exception as e:  # the contract: exit 3 and a plain message, never a traceback
            return output.unexpected(e, args.json)


if __name__ == "__main__":
    sys.exit(main())
