"""The holdings search index: FTS5 rows of the tokens ``common.textsearch`` makes, kept current.

Triggers from migration 0003 put every changed title id in ``search_pending`` whoever wrote
the row; :func:`drain` turns the queue into index rows in the caller's transaction. Functions
here take a Core ``Connection`` so the migration can use them too.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.orm import Session

from ..common.textsearch import document

BATCH = 2000


_INSERT = text(
    "INSERT INTO holding_fts(rowid, title, names, py_title, py_names, codes, clc) "
    "VALUES (:rowid, :title, :names, :py_title, :py_names, :codes, :clc)"
)


def index_titles(conn: Connection, ids: list[int]) -> None:
    """(Re)write the index rows of these titles; ids of deleted titles just lose their row."""
    if not ids:
        return
    expanding = {"ids": ids}
    items: dict[int, list[str]] = defaultdict(list)
    for tid, barcode, call in conn.execute(
        text("SELECT title_id, barcode, call_number FROM item WHERE title_id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        expanding,
    ):
        items[tid].append(f"{barcode}\t{call}")
    rows = conn.execute(
        text(
            "SELECT id, title, author, publisher, isbn, clc FROM title WHERE id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        expanding,
    ).all()
    conn.execute(
        text("DELETE FROM holding_fts WHERE rowid IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        expanding,
    )
    docs = [
        {"rowid": tid, **document(t, a or "", p or "", isbn, c or "", items.get(tid, ()))}
        for tid, t, a, p, isbn, c in rows
    ]
    if docs:
        conn.execute(_INSERT, docs)


#: built once: every desk write asks whether it queued a title (almost always not)
_PENDING = text("SELECT title_id FROM search_pending ORDER BY title_id DESC LIMIT :n")
_DONE = text("DELETE FROM search_pending WHERE title_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def drain(conn: Connection, limit: int | None = None) -> int:
    """Index titles waiting in ``search_pending``, newest first (the one just catalogued is
    indexed at once even behind a backlog); all of them, or at most ``limit``."""
    total = 0
    while limit is None or total < limit:
        n = BATCH if limit is None else min(BATCH, limit - total)
        ids = [int(r[0]) for r in conn.execute(_PENDING, {"n": n})]
        if not ids:
            break
        index_titles(conn, ids)
        conn.execute(_DONE, {"ids": ids})
        total += len(ids)
    return total


#: ``Session.info`` key: a bulk writer (the MARC import) drains once per batch instead
DEFER = "search_index_deferred"


#: most titles an interactive write indexes on the side; a backlog (an initial sync, a bulk
#: load) is left to :func:`search.catch_up` / :func:`search.rebuild_index`, so cataloguing one
#: book never pays for a hundred thousand
INTERACTIVE = 200


def refresh(s: Session) -> int:
    """Index what this transaction queued (bounded), unless a bulk writer has deferred it."""
    if s.info.get(DEFER):
        return 0
    return drain(s.connection(), INTERACTIVE)


def rebuild(conn: Connection) -> int:
    """Index every title from scratch (after a bulk load, or to repair the index)."""
    conn.execute(text("DELETE FROM holding_fts"))
    conn.execute(text("INSERT OR IGNORE INTO search_pending(title_id) SELECT id FROM title"))
    return drain(conn)


def pending_count(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM search_pending")).scalar_one())
