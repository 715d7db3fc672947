"""What every ``xclib-desk`` verb shares: the global options, the verb registry, who acts,
and the output (through :mod:`xclib_desk.common.output`, the contract both CLIs keep).

An area module (``readers``, ``circulation``, ...) declares its verbs in ``register(verbs)``
with :meth:`Verbs.add`; a handler takes the parsed arguments and the open :class:`Desk`, prints
through :func:`emit` and returns the exit code. A refusal is a raised ``DeskError``: the main
loop prints it in the contract's shape and exits 1.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_dir

from ..common import output
from ..common.lazy import lazy
from ..common.output import say
from ..desk import Desk
from ..errors import DeskError, Text
from ..services.context import SYSTEM, Actor

if TYPE_CHECKING:
    from ..services import staff
else:  # argon2 with it: only a run that names ``--staff`` needs the staff service
    staff = lazy("xclib_desk.services.staff")

#: who acts when no ``--staff`` is given: the least privileged role
CLI_ACTOR = Actor("cli", "desk", "命令行")

#: a verb run against the point's open store
Handler = Callable[[argparse.Namespace, Desk], int]
#: a verb that opens no store itself (``init``, ``backup``, ``gui``, ...)
StorelessHandler = Callable[[argparse.Namespace], int]


def default_data_dir() -> Path:
    env = os.environ.get("XCLIB_DATA_DIR")
    if env:
        return Path(env)
    return Path(user_data_dir("xclib-desk", "XichengLibrary"))


def common_options() -> argparse.ArgumentParser:
    """Global options, accepted before or after the verb (``xclib-desk status --json``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="store directory")
    common.add_argument("--staff", default=argparse.SUPPRESS, help="acting staff code")
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    common.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help="message language (or XCLIB_LANG)",
    )
    common.add_argument(
        "--now",
        default=argparse.SUPPRESS,
        metavar="TIME",
        help='run as if it were TIME ("2026-12-06 09:00", Beijing time unless a zone is given; '
        "or XCLIB_DESK_NOW)",
    )
    return common


class Verbs:
    """The registry every area module adds its verbs to: each verb gets the global options and
    its handler, and says whether it runs against the open store."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser) -> None:
        self._sub = sub
        self._common = common

    def add(self, name: str, handler: Handler, helptext: str) -> argparse.ArgumentParser:
        """A verb run against the point's store, opened (and migrated) before it runs."""
        sp: argparse.ArgumentParser = self._sub.add_parser(
            name, help=helptext, parents=[self._common]
        )
        sp.set_defaults(handler=handler, storeless=None)
        return sp

    def add_storeless(
        self, name: str, handler: StorelessHandler, helptext: str
    ) -> argparse.ArgumentParser:
        """A verb that opens no store before it runs (it makes one, copies one, or opens a
        window)."""
        sp: argparse.ArgumentParser = self._sub.add_parser(
            name, help=helptext, parents=[self._common]
        )
        sp.set_defaults(handler=None, storeless=handler)
        return sp

    def group(self, name: str, helptext: str) -> Verbs:
        """A noun whose verbs follow it: ``reader add``, ``shipment receive``."""
        parser = self._sub.add_parser(name, help=helptext)
        return Verbs(parser.add_subparsers(dest="sub", required=True), self._common)


def actor(args: argparse.Namespace, desk: Desk) -> Actor:
    """Who acts: ``--staff`` (or ``XCLIB_STAFF``), else the least privileged ``cli``."""
    code = args.staff or os.environ.get("XCLIB_STAFF")
    if not code:
        return CLI_ACTOR
    return desk.read(staff.find_actor, SYSTEM, code)


def emit(args: argparse.Namespace, value: Any, text: str | None = None) -> int:
    """Print a result: the ``--json`` envelope, else ``text`` (or ``key: value`` lines)."""
    return output.result(value, text, bool(args.json))


def fail(args: argparse.Namespace, code: str, message: str) -> int:
    """Print a refusal that is not a ``DeskError`` (the sync engine's); exit code 1."""
    return output.refusal(code, message, bool(args.json))


def none_text() -> str:
    """What an empty list prints as."""
    return say("（无）", "(none)")


def parse_day(raw: str | None, default: date) -> date:
    """A ``YYYY-MM-DD`` argument, or ``default`` when it was not given."""
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        detail = Text(f"日期格式 YYYY-MM-DD：{raw}", f"the date as YYYY-MM-DD: {raw}")
        raise DeskError("bad_input", detail=detail) from None
