"""Many rows in one statement: the hub's hot writes (the ledger, the change feed, a push's
copies, readers and loans) and its lookups by key, without per-row ORM work.

On PostgreSQL the rows travel as one JSON document that the server reads back with
``json_to_recordset``: a push's thousand feed rows are one statement and one round trip, and its
text is the same whatever the count, so each statement is built and compiled once. SQLite runs
the same writes with executemany, which sqlite3 loops in C.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    Table,
    any_,
    bindparam,
    cast,
    column,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.types import Text, TypeEngine

#: keys per IN list on SQLite (its limit on bound parameters is far above)
CHUNK = 500


def is_pg(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def insert_rows(
    s: Session,
    table: FromClause,
    rows: Sequence[dict[str, Any]],
    conflict: tuple[str, ...] = (),
) -> None:
    """INSERT the rows (all with the same keys); with ``conflict``, a row whose ``conflict``
    columns match an existing one replaces that row's other columns (an upsert)."""
    assert isinstance(table, Table)  # a mapped class's __table__
    if not rows:
        return
    names = tuple(rows[0])
    if is_pg(s):
        s.execute(_insert_from_json(table, names, conflict), {ROWS_PARAM: json_rows(rows)})
        return
    s.execute(_insert(table, names, conflict), list(rows))


def update_rows(s: Session, table: FromClause, key: str, rows: Sequence[dict[str, Any]]) -> None:
    """UPDATE rows by their ``key`` column: each row gives the key and the new values of the
    same other columns. One statement on PostgreSQL (``UPDATE ... FROM json_to_recordset``),
    one executemany on SQLite."""
    assert isinstance(table, Table)  # a mapped class's __table__
    if not rows:
        return
    names = tuple(n for n in rows[0] if n != key)
    if is_pg(s):
        keys = [r[key] for r in rows]
        s.execute(
            _update_from_json(table, key, names), {ROWS_PARAM: json_rows(rows), KEYS_PARAM: keys}
        )
        return
    s.execute(_update(table, key, names), [{f"_{n}": v for n, v in r.items()} for r in rows])


#: the bound parameter that carries the JSON document of :func:`json_recordset`
ROWS_PARAM = "rows_json"


def json_rows(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as the JSON document :func:`json_recordset` reads (timestamps naive UTC).

    orjson writes a push's documents in half the time of the standard library (a tenth of a
    hub worker's CPU went to them); what it refuses — an integer beyond 64 bits or a lone
    surrogate in a hostile desk's payload — is written by the standard library as before, so
    the same rows are stored either way."""
    try:
        return orjson.dumps(
            rows, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATETIME
        ).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(rows, default=_json_default)


def json_recordset(types: dict[str, TypeEngine[Any]]) -> Any:
    """PostgreSQL: a derived table (``r``) of these columns (name -> type), read by the server
    with ``json_to_recordset`` from the document bound as :data:`ROWS_PARAM`
    (:func:`json_rows`): one statement whatever the number of rows, and one text, so the
    statement can be built once and its SQL compiled once."""
    doc = bindparam(ROWS_PARAM, type_=Text)
    typed = [column(n, t) for n, t in types.items()]
    src = func.json_to_recordset(cast(doc, JSON)).table_valued(*typed)
    return src.render_derived(name="r", with_types=True)


@lru_cache(maxsize=64)
def _insert_from_json(table: Table, names: tuple[str, ...], conflict: tuple[str, ...]) -> Any:
    src = json_recordset({n: table.c[n].type for n in names})
    stmt = pg_insert(table).from_select(names, select(*(src.c[n] for n in names)))
    if conflict:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(conflict),
            set_={n: stmt.excluded[n] for n in names if n not in conflict},
        )
    return stmt


#: (PostgreSQL) the keys of the rows an UPDATE from JSON writes, bound again as an array
KEYS_PARAM = "row_keys"


@lru_cache(maxsize=64)
def _update_from_json(table: Table, key: str, names: tuple[str, ...]) -> Any:
    """The planner takes ``json_to_recordset`` for a hundred rows of unknown keys: joined on the
    key alone it scanned the whole table at every push (2.6 ms for two rows of a 20,000-row
    table, growing with it). The keys bound again as an array let it find the rows by the
    primary key's index (0.13 ms), whatever the table's size."""
    src = json_recordset({n: table.c[n].type for n in (key, *names)})
    col = table.c[key]
    return (
        update(table)
        .where(col == src.c[key], col == any_(bindparam(KEYS_PARAM, type_=ARRAY(col.type))))
        .values({n: src.c[n] for n in names})
    )


@lru_cache(maxsize=64)
def _update(table: Table, key: str, names: tuple[str, ...]) -> Any:
    """(SQLite) the parameters are the columns' names with a leading ``_``."""
    return (
        update(table)
        .where(table.c[key] == bindparam(f"_{key}"))
        .values({n: bindparam(f"_{n}") for n in names})
    )


@lru_cache(maxsize=64)
def _insert(table: Table, names: tuple[str, ...], conflict: tuple[str, ...]) -> Any:
    lite = sqlite_insert(table)
    if conflict:
        lite = lite.on_conflict_do_update(
            index_elements=list(conflict),
            set_={n: lite.excluded[n] for n in names if n not in conflict},
        )
    return lite


def _json_default(v: Any) -> str:
    """Timestamps as the UTC columns store them (naive UTC), dates as ISO dates."""
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return v.astimezone(UTC).replace(tzinfo=None).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def where_in(
    s: Session, col: QueryableAttribute[Any] | ColumnElement[Any], keys: Iterable[Any]
) -> list[Any]:
    """``col IN keys`` as few clauses as can be: one array parameter on PostgreSQL (one
    statement, the same text whatever the count), chunks of ``CHUNK`` keys elsewhere.
    Run one query per clause."""
    ks = sorted(set(keys))
    if not ks:
        return []
    if is_pg(s):
        return [col == any_(bindparam(None, ks, type_=ARRAY(col.type)))]
    return [col.in_(ks[i : i + CHUNK]) for i in range(0, len(ks), CHUNK)]


def in_keys(col: QueryableAttribute[Any] | ColumnElement[Any], name: str, pg: bool) -> Any:
    """``col`` is one of the keys bound as ``name``: an array parameter on PostgreSQL, an
    expanding IN elsewhere. Unlike :func:`where_in`, a statement made with it does not depend
    on the keys, so a hot query is built once (a statement built anew costs SQLAlchemy more CPU
    than running it); run it once per :func:`key_chunks`."""
    if pg:
        return col == any_(bindparam(name, type_=ARRAY(col.type)))
    return col.in_(bindparam(name, expanding=True))


def key_chunks(s: Session, *keys: Iterable[Any]) -> list[tuple[list[Any], ...]]:
    """The key lists, each sorted without repeats, cut as :func:`in_keys` takes them: whole on
    PostgreSQL, ``CHUNK`` keys of each list at a time elsewhere (a list that runs out gives
    ``[]``). Empty when every list is."""
    lists = [sorted(set(k)) for k in keys]
    if not any(lists):
        return []
    if is_pg(s):
        return [tuple(lists)]
    n = max(len(k) for k in lists)
    return [tuple(k[i : i + CHUNK] for k in lists) for i in range(0, n, CHUNK)]
