"""``xclib-desk``: the headless desk, scriptable for support staff and automation.

Every verb runs one desk operation through :class:`~xclib_desk.desk.Desk`. The output contract
(:mod:`xclib_desk.common.output`, the same for ``xclib-hub``): a result prints as text, or with
``--json`` as ``{"ok": true, "result": ...}``; a refusal prints ``[code] message`` on stderr
(and ``{"ok": false, "error": {...}}`` with ``--json``), exits 1 and changes nothing. Usage
errors exit 2; an unexpected failure exits 3 with a plain message and the path of a private log
holding its traceback (the transaction is rolled back, so nothing half-done is kept); Ctrl-C
exits 130. What the machine does to an operation (a full disk, an I/O error, a path that cannot
be used) is a refusal in words, exit 1 (``errors.failure``), never a failure.

Who acts: ``--staff CODE`` (or ``XCLIB_STAFF``) names an existing staff member. Without it the
CLI acts as ``cli`` with the least privileged role (desk); ``init`` and the first ``staff add``
act as ``system``, the owner of the data directory.

When: ``--now TIME`` (or ``XCLIB_DESK_NOW``) runs the verb as if it were TIME, for support and
tests; the event order (the device's HLC) still only moves forward. docs/cli.md, "Running at a
set time".

The verbs live in one module per area; :data:`AREAS` is the table of them, in the order
``--help`` lists them. docs/cli.md lists every verb (a test checks it).

Start-up time, not an import cycle, is why :data:`AREAS` names each area's module and its verbs
as text instead of importing the modules: every run is a fresh process, and importing all areas
(each with its services, models and optional libraries) and building the parsers of all ~130
verbs cost more than a ``status`` or a ``checkout`` does itself. A run imports and registers the
area of the verb it names only; ``--help``, no verb, or anything the one-area parser refuses
builds the whole parser, so help and usage errors read exactly as before.
tests/test_cli_startup.py checks the table against what each area registers.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from .. import __version__
from ..clock import desk_clock
from ..common import output
from ..common.lazy import lazy
from ..common.output import Exit
from ..desk import Desk
from ..errors import DeskError, failure
from .common import Verbs, common_options, default_data_dir

if TYPE_CHECKING:
    from .. import selftest
else:
    selftest = lazy("xclib_desk.selftest")


class Area(NamedTuple):
    """One area of verbs: its module under ``xclib_desk.cli`` (with ``register(verbs)``) and
    the verbs (or nouns) it adds at the top level."""

    module: str
    verbs: tuple[str, ...]


#: every area of verbs, in the order ``--help`` lists them
AREAS: tuple[Area, ...] = (
    Area("store", ("init", "status", "backup", "restore")),
    Area("staff", ("staff",)),
    Area("readers", ("reader",)),
    Area("holdings", ("title", "item", "import-marc", "export-marc", "search", "search-reindex")),
    Area("circulation", ("checkout", "renew", "checkin", "loans")),
    Area("visits", ("visits", "visits-import")),
    Area("standards", ("standards",)),
    Area("sync", ("enrol", "sync", "fetch-item", "sync-status", "exceptions", "resolve")),
    Area("inventory", ("inventory",)),
    Area("reports", ("stats", "compliance")),
    Area("shipments", ("shipment",)),
    Area("duty", ("duty",)),
    Area("checklist", ("services",)),
    Area("retention", ("retention",)),
    Area("fees", ("fee", "account")),
    Area("overdue", ("overdue",)),
    Area("copystates", ("copy",)),
    Area("holds", ("hold",)),
    Area("sip2", ("sip2",)),
    Area("app", ("gui", "demo")),
    Area("activities", ("activity", "volunteer")),
)


def area_module(area: Area) -> ModuleType:
    """The area's module, imported now."""
    return importlib.import_module(f"{__name__}.{area.module}")


def build_parser(areas: Sequence[Area] = AREAS) -> argparse.ArgumentParser:
    """The parser with the verbs of ``areas`` (all of them unless told)."""
    return _parser(argparse.ArgumentParser, areas)


class _Refused(Exception):
    """The one-area parser could not read the arguments: the whole parser will, or will say
    why not in its own words."""


class _TryParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Refused(message)


def _parser(kind: type[argparse.ArgumentParser], areas: Sequence[Area]) -> argparse.ArgumentParser:
    common = common_options()
    p = kind(prog="xclib-desk", parents=[common], description="西城区图书馆服务点前台 (xclib-desk)")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="run a headless circulation round in a temporary store and exit",
    )
    p.add_argument("--version", action="version", version=f"xclib-desk {__version__}")
    verbs = Verbs(p.add_subparsers(dest="verb", metavar="VERB"), common)
    for area in areas:
        area_module(area).register(verbs)
    return p


def _verb_area(argv: Sequence[str]) -> Area | None:
    """The area of the verb ``argv`` names, read as the whole parser reads the global options
    (abbreviations and ``--opt=value`` included); None when help is asked for or no verb is
    named."""
    scout = _TryParser(add_help=False, parents=[common_options()])
    scout.add_argument("-h", "--help", action="store_true")
    scout.add_argument("--self-test", action="store_true")
    scout.add_argument("--version", action="store_true")
    scout.add_argument("verb", nargs="?")
    try:
        seen, _ = scout.parse_known_args(argv)
    except _Refused:
        return None
    if seen.help or seen.verb is None:
        return None
    return next((a for a in AREAS if seen.verb in a.verbs), None)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, parsed with the named verb's area only when that suffices."""
    argv = sys.argv[1:] if argv is None else list(argv)
    area = _verb_area(argv)
    if area is not None:
        try:
            return _parser(_TryParser, (area,)).parse_args(argv)
        except _Refused:
            pass  # the whole parser says what is wrong, with every verb it knows
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="backslashreplace")
    args = parse(argv)
    for name, default in (
        ("data_dir", None),
        ("staff", None),
        ("json", False),
        ("lang", None),
        ("now", None),
    ):
        if not hasattr(args, name):
            setattr(args, name, default)
    with output.run_language(args.lang):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.self_test:
        return selftest.run()
    args.data_dir_given = args.data_dir is not None
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    if getattr(args, "verb", None) is None:  # no verb: the desk application
        args.storeless, args.handler = _app().cmd_gui, None
    desk: Desk | None = None
    try:
        args.clock = desk_clock(args.now)  # --now / XCLIB_DESK_NOW: a run at a set time
        if args.storeless is not None:
            return int(args.storeless(args))
        desk = Desk.open(args.data_dir, args.clock)
        return int(args.handler(args, desk))
    except DeskError as e:
        err = e.to_dict()  # the message and its parameters in the run's language
        return output.refusal(e.code, err["message"], args.json, err["params"])
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    except BrokenPipeError:  # who read our output has gone (`| head`): nothing left to tell it
        with contextlib.suppress(OSError, ValueError):  # nor at exit, when stdout is flushed
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.REFUSED
    except Exception as e:  # the contract: exit 3 and a plain message, never a traceback
        refusal = failure(e, args.data_dir)  # a full disk, a folder we may not write...
        if refusal is not None:
            err = refusal.to_dict()
            return output.refusal(refusal.code, err["message"], args.json, err["params"])
        return output.unexpected(e, args.json, _log_failure(args, e))
    finally:
        if desk is not None:
            desk.close()


def _app() -> ModuleType:
    return area_module(next(a for a in AREAS if a.module == "app"))


#: where an unexpected failure's traceback goes, inside the data directory (private, 0600)
ERROR_LOG = Path("logs") / "errors.log"


def _log_failure(args: argparse.Namespace, exc: BaseException) -> Path | None:
    """Keep the traceback for support in a file readable by us only (never the arguments: they
    may hold a password); the data directory if it exists, else the temporary folder."""
    data_dir = Path(args.data_dir)
    path = (
        data_dir / ERROR_LOG
        if data_dir.is_dir()
        else Path(tempfile.gettempdir()) / ("xclib-desk-errors.log")
    )
    verb = " ".join(str(getattr(args, k)) for k in ("verb", "sub") if getattr(args, k, None))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(exc))
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as f:
            f.write(f"--- {stamp} xclib-desk {__version__} {verb}\n{text}\n")
    except OSError:
        return None  # a full disk: the message on screen is all there is
    return path
