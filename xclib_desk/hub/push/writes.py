"""A push's copies, readers and loans written one statement per table, not one per object.

Handlers change mapped objects (``ctx.item``, ``ctx.reader``, ``ctx.loan``...). The ORM's own
flush would write them as an INSERT of many VALUES, whose text the driver parses anew every
time, and an UPDATE per changed row: a tenth of a hub worker's CPU in the morning rush. Inside
:func:`set_based`, every flush of the session (an explicit one, or the autoflush before any
query, so what a query sees is the same) first takes the session's new and changed objects of
these tables, writes them with one INSERT per table and one UPDATE per table and set of changed
columns (``bulk.insert_rows``, ``bulk.update_rows``), and attaches them again as persistent
objects with nothing left to write. The rest of the flush is the ORM's, as before.

A savepoint rolled back after such a write leaves those objects in the session with no row
behind them: the push's replay drops everything from the session (``expunge_all``) and loads
again what it needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state

from ..bulk import insert_rows, update_rows
from ..models import HubItem, HubLoan, HubReader

#: the tables a push writes most, each with its key column
TABLES: dict[type[Any], str] = {HubItem: "barcode", HubReader: "card_no", HubLoan: "uid"}
_MISSING = object()


@contextmanager
def set_based(s: Session) -> Iterator[None]:
    """While inside, every flush of ``s`` writes the copies, readers and loans set-based."""
    event.listen(s, "before_flush", _write)
    try:
        yield
    finally:
        event.remove(s, "before_flush", _write)


def _write(s: Session, _context: Any, _instances: Any) -> None:
    new = [o for o in s.new if type(o) in TABLES]
    changed = [o for o in s.dirty if type(o) in TABLES]
    if not new and not changed:
        return
    for cls, key in TABLES.items():
        table = cls.__table__
        assert isinstance(table, Table)  # a mapped class's
        insert_rows(s, table, [_full_row(table, o) for o in new if type(o) is cls])
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for o in changed:
            if type(o) is cls:
                row = _changes(o)
                if row:
                    groups.setdefault(tuple(sorted(row)), []).append({key: getattr(o, key), **row})
        for rows in groups.values():
            update_rows(s, table, key, rows)
    for o in new + changed:
        # persistent again, with its values as the committed ones: nothing left to flush
        s.expunge(o)
        make_transient(o)
        make_transient_to_detached(o)
        s.add(o)


def _full_row(table: Table, o: Any) -> dict[str, Any]:
    """Every column of a new object, a column it never set taking the column's default (set
    on the object too, as the ORM's insert would), so the object is wholly loaded."""
    row = {}
    for c in table.columns:
        v = o.__dict__.get(c.key, _MISSING)
        if v is _MISSING:
            d = c.default
            v = None if d is None else d.arg(None) if d.is_callable else d.arg  # type: ignore[attr-defined]
            setattr(o, c.key, v)
        row[c.key] = v
    return row


def _changes(o: Any) -> dict[str, Any]:
    """The columns whose value differs from the one loaded, with their new values."""
    state = instance_state(o)
    return {
        k: state.dict[k]
        for k, old in state.committed_state.items()
        if k in state.dict and state.dict[k] != old
    }
