"""Modules loaded on first use, so a command-line verb pays only for what it runs.

Every ``xclib-desk`` run is a fresh process that imports the area of the verb it runs
(``cli.AREAS``) and what that area imports, but a ``status`` or a ``checkout`` never talks to
the hub nor checks a password: the sync engine and the hub search (with ``requests`` and the
wire models behind them), the staff service (argon2), package signatures (cryptography) and
the holds service wait until a verb reads one of their names. :func:`lazy` returns the module
at once and runs its code on that first read. Import the module for mypy under
``TYPE_CHECKING`` and bind the lazy one otherwise, so the types stay the real module's::

    if TYPE_CHECKING:
        from ..sync import engine as sync_engine
    else:
        sync_engine = lazy("xclib_desk.sync.engine")

The first read may come from two threads at once (the SIP2 server serves each kiosk on its own
thread): one runs the module, the other waits for it to finish. ``importlib.util.LazyLoader``
before Python 3.12.3 let the second read a half-run module (an ``AttributeError``).

Pinyin has its own loader (:mod:`.pinyin`), alembic too (``store_schema``).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: one lock per module not run yet (a module's own run may read other lazy modules)
_locks: dict[str, threading.RLock] = {}
#: module name -> the thread running it now (its own reads meanwhile see it as it stands)
_running: dict[str, int] = {}


class _NotRunYet(ModuleType):
    """A module whose code has not run: the first attribute read runs it, once."""

    def __getattribute__(self, attr: str) -> Any:
        if type(self) is _NotRunYet:
            spec: ModuleSpec = ModuleType.__getattribute__(self, "__spec__")
            with _locks[spec.name]:
                if type(self) is _NotRunYet and _running.get(spec.name) != threading.get_ident():
                    _run(self, spec)
        return ModuleType.__getattribute__(self, attr)


def _run(module: ModuleType, spec: ModuleSpec) -> None:
    assert spec.loader is not None
    _running[spec.name] = threading.get_ident()
    try:
        spec.loader.exec_module(module)
    finally:
        del _running[spec.name]
    module.__class__ = ModuleType  # from now on a plain module: no lock, no cost


def lazy(name: str) -> ModuleType:
    """The module ``name``, executed the first time one of its attributes is read."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    module = importlib.util.module_from_spec(spec)
    _locks.setdefault(name, threading.RLock())
    module.__class__ = _NotRunYet
    sys.modules[name] = module
    return module
