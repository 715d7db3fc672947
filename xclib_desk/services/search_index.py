"""The holdings search index: how a title becomes FTS5 tokens, and how the index stays current.

FTS5's tokenizers know neither Chinese words nor pinyin, so the text is prepared here:

- CJK characters are indexed as single-character tokens (unigrams); a Chinese fragment of any
  length, even two characters, is then a phrase query (``"红 楼"``). The trigram tokenizer would
  miss fragments shorter than three characters.
- Pinyin (pypinyin) is indexed as suffixes of the syllable string taken at syllable boundaries,
  full (``hongloumeng loumeng meng``) and initials (``hlm lm m``), so a prefix query ``hlm*`` or
  ``loum*`` finds the title from any word start, with one index lookup.
- Codes go in their own columns so a barcode never matches a title word: ISBN-13, barcodes and
  call numbers reduced to letters and digits (``i24757n2338``), and CLC class numbers without
  dots (``i24757``), whose digit prefix is the class hierarchy (``I247`` contains ``I247.57``).

Triggers from migration 0003 put every changed title id in ``search_pending`` whoever wrote
the row; :func:`drain` turns the queue into index rows in the caller's transaction. Functions
here take a Core ``Connection`` so the migration can use them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import lazy_pinyin
from sqlalchemy import Connection, bindparam, text
from sqlalchemy.orm import Session
from stdnum import isbn as stdisbn

#: CJK ideographs (basic, extension A, compatibility, extensions B+)
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK = re.compile(f"[{CJK_CLASS}]")
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
MAX_FULL = 32  # longest full-pinyin suffix token; longer queries are cut to this
MAX_INITIALS = 16
BATCH = 2000


def fold(raw: str) -> str:
    """Full-width to half-width, lower case: what the index and the queries compare."""
    return unicodedata.normalize("NFKC", raw).lower()


def unigrams(raw: str) -> str:
    """``红楼梦 Python`` -> ``红 楼 梦 python``: each CJK character its own token."""
    return CJK.sub(lambda m: f" {m.group()} ", fold(raw))


@lru_cache(maxsize=65536)
def _syllables(run: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(run))


def pinyin_tokens(raw: str) -> str:
    """Suffixes of the full pinyin and of the initials of each CJK run, space-separated."""
    out: dict[str, None] = {}
    for run in CJK_RUN.findall(fold(raw)):
        # a character pypinyin does not know comes back unchanged: it breaks the run
        groups: list[list[str]] = [[]]
        for syl in _syllables(run):
            if syl.isascii() and syl.isalpha():
                groups[-1].append(syl.lower())
            elif groups[-1]:
                groups.append([])
        for syls in groups:
            initials = [x[0] for x in syls]
            for i in range(len(syls)):
                out["".join(syls[i:])[:MAX_FULL]] = None
                out["".join(initials[i:])[:MAX_INITIALS]] = None
    return " ".join(out)


def alnum(raw: str) -> str:
    """Letters and digits only, lower case: the form codes are indexed and queried in."""
    return re.sub(r"[^0-9a-z]", "", fold(raw))


def clc_token(raw: str) -> str:
    """``I247.57-53`` -> ``i24757``: the class number up to its first auxiliary notation."""
    m = re.match(r"\s*([A-Za-z]{1,2})([\d.]*)", fold(raw))
    if not m:
        return ""
    return m.group(1) + m.group(2).replace(".", "")


def isbn_tokens(isbn: str | None) -> list[str]:
    if not isbn:
        return []
    out = [isbn]
    try:
        ten = stdisbn.to_isbn10(isbn)
    except Exception:
        ten = None
    if ten:
        out.append(alnum(ten))
    return out


def document(
    title: str, author: str, publisher: str, isbn: str | None, clc: str, items: Iterable[str]
) -> dict[str, str]:
    """The index row of one title; ``items`` are ``barcode\\tcall_number`` pairs."""
    codes = isbn_tokens(isbn)
    classes = [clc_token(clc)] if clc else []
    for pair in items:
        barcode, _, call = pair.partition("\t")
        codes += [alnum(barcode), alnum(call)]
        classes.append(clc_token(call.split("/", 1)[0]))
    return {
        "title": unigrams(title),
        "names": unigrams(f"{author} {publisher}"),
        "py_title": pinyin_tokens(title),
        "py_names": pinyin_tokens(author),
        "codes": " ".join(dict.fromkeys(c for c in codes if c)),
        "clc": " ".join(dict.fromkeys(c for c in classes if c)),
    }


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


def drain(conn: Connection, limit: int | None = None) -> int:
    """Index titles waiting in ``search_pending``, newest first (the one just catalogued is
    indexed at once even behind a backlog); all of them, or at most ``limit``."""
    total = 0
    while limit is None or total < limit:
        n = BATCH if limit is None else min(BATCH, limit - total)
        ids = [
            int(r[0])
            for r in conn.execute(
                text("SELECT title_id FROM search_pending ORDER BY title_id DESC LIMIT :n"),
                {"n": n},
            )
        ]
        if not ids:
            break
        index_titles(conn, ids)
        conn.execute(
            text("DELETE FROM search_pending WHERE title_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": ids},
        )
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
