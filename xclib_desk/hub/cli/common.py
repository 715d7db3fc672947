"""What every ``xclib-hub`` verb shares: the options (``--db``, ``--json``, ``--lang``), the
verb registry, the hub database, and the output contract both CLIs keep
(:mod:`xclib_desk.common.output`).

A handler takes the parsed arguments, prints through :func:`emit` and returns the exit code; a
refusal is a raised ``HubError`` (code and message), printed by the main loop, exit 1.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

from ...common import output
from ..db import Hub, open_hub

DEFAULT_DB = "sqlite:///xclib-hub.sqlite3"

Handler = Callable[[argparse.Namespace], int]


def common_options() -> argparse.ArgumentParser:
    """Options of every verb (after the verb: ``xclib-hub point add --db URL --json ...``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=os.environ.get("XCLIB_HUB_DB", DEFAULT_DB),
        help="hub database URL (or XCLIB_HUB_DB)",
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument(
        "--lang", choices=["zh", "en"], default=None, help="message language (or XCLIB_LANG)"
    )
    return common


class Verbs:
    """The registry every area module adds its verbs to: each gets the common options and its
    handler."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser) -> None:
        self._sub = sub
        self._common = common

    def add(self, name: str, handler: Handler, helptext: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = self._sub.add_parser(
            name, help=helptext, parents=[self._common]
        )
        p.set_defaults(handler=handler)
        return p

    def group(self, name: str, helptext: str) -> Verbs:
        """A noun whose verbs follow it: ``point add``, ``report stats``."""
        parser = self._sub.add_parser(name, help=helptext)
        return Verbs(parser.add_subparsers(dest=f"{name}_verb", required=True), self._common)


def hub(args: argparse.Namespace) -> Hub:
    """The hub database of ``--db``, migrated and seeded."""
    return open_hub(args.db)


def emit(args: argparse.Namespace, value: Any, text: str | None = None) -> int:
    """Print a result: the ``--json`` envelope, else ``text``."""
    return output.result(value, text, bool(args.json))
