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
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from .. import __version__, selftest
from ..clock import desk_clock
from ..common import output
from ..common.output import Exit
from ..desk import Desk
from ..errors import DeskError, failure
from . import (
    activities,
    app,
    checklist,
    circulation,
    copystates,
    duty,
    fees,
    holdings,
    holds,
    inventory,
    overdue,
    readers,
    reports,
    retention,
    shipments,
    sip2,
    staff,
    standards,
    store,
    sync,
    visits,
)
from .common import Verbs, common_options, default_data_dir

#: every area of verbs, each with ``register(verbs)``
AREAS: tuple[ModuleType, ...] = (
    store,
    staff,
    readers,
    holdings,
    circulation,
    visits,
    standards,
    sync,
    inventory,
    reports,
    shipments,
    duty,
    checklist,
    retention,
    fees,
    overdue,
    copystates,
    holds,
    sip2,
    app,
    activities,
)


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    p = argparse.ArgumentParser(
        prog="xclib-desk", parents=[common], description="西城区图书馆服务点前台 (xclib-desk)"
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="run a headless circulation round in a temporary store and exit",
    )
    p.add_argument("--version", action="version", version=f"xclib-desk {__version__}")
    verbs = Verbs(p.add_subparsers(dest="verb", metavar="VERB"), common)
    for area in AREAS:
        area.register(verbs)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
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
        args.storeless, args.handler = app.cmd_gui, None
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
    except Exception as e:  # the contract: exit 3 and a plain message, never a traceback
        refusal = failure(e, args.data_dir)  # a full disk, a folder we may not write...
        if refusal is not None:
            err = refusal.to_dict()
            return output.refusal(refusal.code, err["message"], args.json, err["params"])
        return output.unexpected(e, args.json, _log_failure(args, e))
    finally:
        if desk is not None:
            desk.close()


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
