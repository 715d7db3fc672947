"""The console scripts' entry points (``xclib-desk``, ``xclib-hub``, the desk bundle).

Every ``xclib-desk`` verb is a fresh process whose start-up (loading SQLAlchemy, the tables,
the protocol's models) costs more than most verbs do themselves; the cyclic collector's full
passes over those objects, while they are made and again at exit, were about a fifth of a
``status`` (docs/cli.md, "Start-up"). Each entry point loads its program inside
:func:`~xclib_desk.common.collector.starting_up`, which is why the program's package is
imported here by name, at call time, and not at the top of this module. For the same reason
a verb first asks the resident desk (:mod:`.resident`, the program loaded once) to run it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

from . import resident
from .common.collector import starting_up

Main = Callable[[Sequence[str] | None], int]


def _run(module: str, argv: Sequence[str] | None) -> int:
    with starting_up():
        main: Main = importlib.import_module(module).main
    return main(argv)


def desk(argv: Sequence[str] | None = None) -> int:
    """``xclib-desk``: the desk's verbs, or the window when no verb is named. A verb runs in
    the resident desk when one is there (:mod:`.resident`), else here, which then leaves one
    behind for the next verb."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == [resident.FLAG]:
        return resident.command(args[1:])
    if not resident.wanted(args):
        return _run("xclib_desk.cli", args)
    code = resident.run_there(args)
    if code is None:
        code = _run("xclib_desk.cli", args)
        resident.start()
    return code


def hub(argv: Sequence[str] | None = None) -> int:
    """``xclib-hub``: serve the hub, administer it."""
    return _run("xclib_desk.hub.cli", argv)
