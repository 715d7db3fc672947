"""Modules loaded on first use, so a command-line verb pays only for what it runs.

Every ``xclib-desk`` run is a fresh process that imports the area of the verb it runs
(``cli.AREAS``) and what that area imports, but a ``status`` or a ``checkout`` never talks to
the hub nor checks a password: the sync engine and the hub search (with ``requests`` and the
wire models behind them), the staff service (argon2) and package signatures (cryptography) wait
until a verb reads one of their names. :func:`lazy` returns the module at once and runs its
code on that first read (``importlib.util.LazyLoader``). Import the module for mypy under
``TYPE_CHECKING`` and bind the lazy one otherwise, so the types stay the real module's::

    if TYPE_CHECKING:
        from ..sync import engine as sync_engine
    else:
        sync_engine = lazy("xclib_desk.sync.engine")

Pinyin has its own loader (:mod:`.pinyin`), alembic too (``store_schema``).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module ``name``, executed the first time one of its attributes is read."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
