"""The branch store's schema revisions: the alembic scripts in ``migrations/`` this program knows.

Opening a store (``store``) migrates it to the newest; a backup or a restore (``backup``)
refuses a file written by a newer program. Both ask here, so neither imports the other's
business.

Every desk verb opens the store, and nearly always it is already at the newest revision. So the
revisions are read from the scripts' own ``revision = "..."`` / ``down_revision = "..."``
lines, and alembic (about 0.2 s of imports) is loaded by :func:`_alembic`, the one place that
imports it, only when a store must actually be upgraded (or a test asks for its config). A
scripts folder whose lines cannot be read that way is handed to alembic whole.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|["']([^"']+)["'])""", re.M
)


def _alembic(name: str) -> ModuleType:
    """An alembic module (``config``, ``command``, ``script``, ``runtime.migration``),
    imported on first use: a store at the newest revision never needs it."""
    return importlib.import_module(f"alembic.{name}")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg: Config = _alembic("config").Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@cache
def _scripts(folder: Path) -> dict[str, str | None] | None:
    """``revision -> down_revision`` of every script in ``folder``, or None if any script does
    not state both plainly (then alembic reads them)."""
    out: dict[str, str | None] = {}
    for path in sorted((folder / "versions").glob("*.py")):
        found = {m.group(1): m.group(3) for m in _REVISION.finditer(path.read_text("utf-8"))}
        if "revision" not in found or "down_revision" not in found or found["revision"] is None:
            return None
        out[found["revision"]] = found["down_revision"]
    return out


def _known() -> dict[str, str | None]:
    scripts = _scripts(MIGRATIONS)
    if scripts is not None:
        return scripts
    script = _alembic("script").ScriptDirectory.from_config(alembic_config())
    return {s.revision: s.down_revision for s in script.walk_revisions()}


def head_revision() -> str:
    known = _known()
    heads = set(known) - {d for d in known.values() if d is not None}
    if len(heads) == 1:
        return heads.pop()
    head: str | None = (
        _alembic("script").ScriptDirectory.from_config(alembic_config()).get_current_head()
    )
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's revision, read through the engine (so a WAL not yet checkpointed counts)."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if has_table is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise RuntimeError("the store records more than one schema revision")
    return str(rows[0][0]) if rows else None


def known_revision(revision: str) -> bool:
    return revision in _known()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the alembic scripts up to ``target`` on the store behind ``engine``."""
    _alembic("command").upgrade(alembic_config(engine), target)


def peek_revision(path: Path) -> str | None:
    """The store's revision, read without touching the file (no WAL switch, no -shm)."""
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return row[0] if row else None
