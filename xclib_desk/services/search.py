"""Search over this point's holdings: Chinese fragments, pinyin, ISBN, CLC, call number, barcode.

A query is split on spaces; every word must match (AND), each in any of the ways it can be
read (OR): a Chinese fragment as a phrase of characters in title, author or publisher; a
Latin word as pinyin (full or initials, from any word start) or as a title word; an ISBN in
any form; a CLC class prefix; a call-number or barcode prefix. Results are ranked by FTS5's
bm25 with title matches weighing most, then exact codes. See docs/holdings.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from ..common.isbn import normalise_isbn
from ..common.textsearch import CJK, MAX_FULL, WEIGHTS, alnum, clc_token, fold
from ..errors import DeskError, Phrase
from ..input_checks import clean_text
from .context import Ctx
from .holdings import TitleView
from .search_index import drain, pending_count, rebuild

_ISBN_LABEL = re.compile(r"^\s*isbn\s*[:：]?\s*")  # "ISBN 978-7-..." as printed on a book
_CLC_LIKE = re.compile(r"[a-z]{1,2}\d[\d.]*|[a-z]{1,2}")


@dataclass(frozen=True)
class HoldingHit:
    title: TitleView
    copies: int  # copies located at this point
    available: int  # of those, on the shelf now
    score: float  # lower is better (bm25)


def _quote(tok: str) -> str:
    return '"' + tok.replace('"', '""') + '"'


def term_expression(term: str) -> str | None:
    """One query word as an FTS5 expression: the OR of every way the word can match."""
    word = fold(term)
    if CJK.search(word):
        # CJK characters one by one, other runs whole (as the index's unicode61 splits them)
        parts = re.findall(r"\w+", re.sub(f"({CJK.pattern})", r" \1 ", word))
        if not parts:
            return None
        return "{title names} : " + _quote(" ".join(parts))
    key = alnum(word)
    if not key:
        return None
    alts: list[str] = []
    isbn = normalise_isbn(term)
    if isbn:
        alts.append(f"codes : {isbn}")
    if key.isalpha():
        alts.append(f"{{py_title py_names}} : {key[:MAX_FULL]}*")
    if _CLC_LIKE.fullmatch(word.strip()):
        alts.append(f"clc : {clc_token(word)}*")
    words = re.findall(r"\w+", word)
    if words:
        alts.append("{title names} : " + _quote(" ".join(words)) + " *")
    alts.append(f"codes : {key}*")
    return "(" + " OR ".join(alts) + ")"


def match_expression(query: str) -> str | None:
    """The FTS5 query; a whole query that is an ISBN (even with spaces) is just that ISBN."""
    isbn = normalise_isbn(_ISBN_LABEL.sub("", fold(query)))
    if isbn:
        return f"codes : {isbn}"
    exprs = [e for e in (term_expression(w) for w in fold(query).split()) if e]
    return " AND ".join(exprs) if exprs else None


def search_holdings(s: Session, ctx: Ctx, query: str, limit: int = 50) -> list[HoldingHit]:
    """Best matches first, each with its copies and available copies at this point."""
    q = clean_text(query, field="query", max_len=200)
    assert q is not None
    limit = max(1, min(int(limit), 500))
    expr = match_expression(q)
    if expr is None:
        raise DeskError("bad_input", detail=Phrase("query_empty"))
    weights = ", ".join(str(w) for w in WEIGHTS)
    ranked = s.execute(
        text(
            f"SELECT rowid, bm25(holding_fts, {weights}) AS score FROM holding_fts "
            "WHERE holding_fts MATCH :q ORDER BY score LIMIT :n"
        ),
        {"q": expr, "n": limit},
    ).all()
    scores = {int(r[0]): float(r[1]) for r in ranked}
    # rows written without an index refresh yet (e.g. just pulled by sync): plain LIKE, last
    if len(scores) < limit and pending_count(s.connection()):
        for tid in _pending_like(s, q, limit - len(scores)):
            scores.setdefault(tid, 0.0)
    return _hits(s, ctx, scores)


def search_titles(s: Session, ctx: Ctx, query: str, limit: int = 50) -> list[TitleView]:
    """The ranked titles of :func:`search_holdings`, without their copy counts."""
    return [hit.title for hit in search_holdings(s, ctx, query, limit)]


def _pending_like(s: Session, q: str, limit: int) -> list[int]:
    like = "%" + q.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    isbn = normalise_isbn(q)
    rows = s.execute(
        text(
            "SELECT t.id FROM title t JOIN search_pending p ON p.title_id = t.id "
            "WHERE t.title LIKE :l ESCAPE '\\' OR t.author LIKE :l ESCAPE '\\' "
            "OR t.publisher LIKE :l ESCAPE '\\' OR t.isbn = :isbn "
            "OR t.id IN (SELECT title_id FROM item WHERE barcode = :code) LIMIT :n"
        ),
        {"l": like, "isbn": isbn, "code": q.strip().upper(), "n": limit},
    )
    return [int(r[0]) for r in rows]


_HITS = text(
    "SELECT t.id, t.uid, t.isbn, t.title, t.author, t.publisher, t.year, t.clc, t.language, "
    "(SELECT count(*) FROM item i WHERE i.title_id = t.id AND i.location_point_id = :p), "
    "(SELECT count(*) FROM item i WHERE i.title_id = t.id AND i.location_point_id = :p "
    "AND i.status = 'available') "
    "FROM title t WHERE t.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _hits(s: Session, ctx: Ctx, scores: dict[int, float]) -> list[HoldingHit]:
    """Title views and copy counts of the ranked ids, in one statement, in rank order."""
    if not scores:
        return []
    rows = {int(r[0]): r for r in s.execute(_HITS, {"ids": list(scores), "p": ctx.point.id})}
    out = []
    for tid, score in scores.items():
        r = rows.get(tid)
        if r is None:
            continue
        view = TitleView(r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[7] or "", r[8])
        out.append(HoldingHit(view, int(r[9]), int(r[10]), score))
    return out


def refresh_index(s: Session, _ctx: Ctx | None = None) -> int:
    """Bring the index up to date with every title and item written so far (cheap if none)."""
    return drain(s.connection())


def catch_up(s: Session, _ctx: Ctx | None = None, limit: int = 5000) -> int:
    """Index up to ``limit`` queued titles; returns how many are still waiting. For a background
    job (after a sync, on a timer): each call is one short write transaction."""
    drain(s.connection(), limit)
    return pending_count(s.connection())


def rebuild_index(s: Session, _ctx: Ctx | None = None) -> int:
    """Rebuild the whole index, e.g. after a bulk load; returns the number of titles indexed."""
    return rebuild(s.connection())


__all__ = [
    "HoldingHit",
    "catch_up",
    "match_expression",
    "rebuild_index",
    "refresh_index",
    "search_holdings",
    "search_titles",
]
