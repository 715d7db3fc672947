"""The union catalogue at the hub: every point's titles and copies, searchable by any desk.

What matches is defined once, by the shared tokenizer (``common.textsearch.document``): the
same CJK unigrams, pinyin suffixes (full and initials), ISBN-13/10, barcodes, call numbers and
CLC tokens. Here they are stored as one text per title (``hub_title.search_text``), one section
per index column, each token preceded by a space::

    |t 红 楼 梦 |n 曹 雪 芹 人 民 … |p hongloumeng loumeng meng hlm lm m |a … |c 9787… |k i24247

A query word then becomes ``LIKE '% word%'`` (a token prefix, as FTS5's ``word*``), which works
on SQLite and PostgreSQL alike; PostgreSQL reads it from a pg_trgm GIN index when the migration
could make one. Ranking is done here, on the candidates, with the desk's column weights.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..common.isbn import normalise_isbn
from ..common.textsearch import CJK, MAX_FULL, WEIGHTS, alnum, clc_token, document, fold
from ..errors import DeskError, Phrase
from ..protocol.wire import UnionCopy, UnionHit
from .bulk import in_keys, is_pg, key_chunks, update_rows
from .models import HubItem, HubPoint, HubTitle

#: index columns (textsearch.document keys) and their one-letter section marks
SECTIONS = (
    ("title", "t"),
    ("names", "n"),
    ("py_title", "p"),
    ("py_names", "a"),
    ("codes", "c"),
    ("clc", "k"),
)
WEIGHT = {mark: w for (_, mark), w in zip(SECTIONS, WEIGHTS, strict=True)}
#: rows read for ranking at most; a query matching more is ranked among the first ones
CANDIDATES = 2000
_ISBN_LABEL = re.compile(r"^\s*isbn\s*[:：]?\s*")
_WORD = re.compile(r"[^\W_]+")


# --- the text -------------------------------------------------------------------------------
def search_text(data: dict[str, Any], items: Iterable[str]) -> str:
    """A title's searchable text; ``items`` are ``barcode\\tcall_number`` of its copies."""
    doc = document(
        str(data.get("title") or ""),
        str(data.get("author") or ""),
        str(data.get("publisher") or ""),
        data.get("isbn") or None,
        str(data.get("clc") or ""),
        items,
    )
    return "".join(f"|{mark} {' '.join(doc[name].split())} " for name, mark in SECTIONS)


def reindex(s: Session, uids: Iterable[str]) -> int:
    """Recompute the search text of these titles from their data and copies (after a write).

    Two reads and one write per chunk of titles, each statement built once: a push adding
    copies of 500 titles reindexes them all, and the ORM's bulk UPDATE (an executemany row per
    title) with IN lists compiled anew for each chunk cost 110-129 us per title against 93-119
    now (most of the rest is the title's pinyin and the trigram index)."""
    pg = is_pg(s)
    done = 0
    for (chunk,) in key_chunks(s, (u for u in uids if u)):
        items: dict[str, list[str]] = {}
        for tid, barcode, call in s.execute(_copies_of(pg), {"keys": chunk}):
            items.setdefault(str(tid), []).append(f"{barcode}\t{call}")
        rows = [
            # copies in barcode order: the text must not depend on the rows' physical order
            {"uid": uid, "search_text": search_text(data, sorted(items.get(uid, ())))}
            for uid, data in s.execute(_titles_data(pg), {"keys": chunk})
        ]
        update_rows(s, HubTitle.__table__, "uid", rows)
        done += len(rows)
    return done


@cache
def _copies_of(pg: bool) -> Any:
    """The owned copies (barcode, call number) of the titles bound as ``keys``."""
    return select(HubItem.title_uid, HubItem.barcode, HubItem.call_number).where(
        in_keys(HubItem.title_uid, "keys", pg), HubItem.owner.is_not(None)
    )


@cache
def _titles_data(pg: bool) -> Any:
    """The data of the titles bound as ``keys``."""
    return select(HubTitle.uid, HubTitle.data).where(in_keys(HubTitle.uid, "keys", pg))


def backfill(s: Session) -> int:
    """Titles stored before the search text existed (migration h0005) get theirs."""
    total = 0
    while True:
        uids = list(s.scalars(select(HubTitle.uid).where(HubTitle.search_text == "").limit(2000)))
        if not uids:
            return total
        total += reindex(s, uids)


# --- the query ------------------------------------------------------------------------------
def _needles(term: str) -> list[str]:
    """The ways one query word can match: token-prefix strings to find in the text."""
    word = fold(term)
    if CJK.search(word):
        parts = _WORD.findall(CJK.sub(lambda m: f" {m.group()} ", word))
        return [" ".join(parts)] if parts else []
    key = alnum(word)
    if not key:
        return []
    out = [key[:MAX_FULL]]
    isbn = normalise_isbn(term)
    if isbn:
        out.append(isbn)
    clc = clc_token(word)
    if clc and clc != key and re.fullmatch(r"[a-z]{1,2}\d[\d.]*", word.strip()):
        out.append(clc)
    words = _WORD.findall(word)
    if len(words) > 1:
        out.append(" ".join(words))  # "hello-world" as two title words in a row
    return list(dict.fromkeys(out))


def parse_query(query: str) -> list[list[str]]:
    """Every word must match (AND), each in any of its ways (OR). A query that is an ISBN as
    a whole (even with spaces: ``978 7 02 000220 7``) is just that ISBN."""
    isbn = normalise_isbn(_ISBN_LABEL.sub("", fold(query)))
    if isbn:
        return [[isbn]]
    return [n for n in (_needles(w) for w in fold(query).split()) if n]


def _like(needle: str) -> str:
    return "% " + needle + "%"


def _sections(text: str) -> dict[str, str]:
    return {part[0]: " " + part[2:] for part in text.split("|")[1:] if len(part) > 1}


def _score(text: str, title: str, terms: list[list[str]], query: str) -> float:
    """Higher is better: per word, the weight of the best column it matched (title first)."""
    sections = _sections(text)
    score = 0.0
    for alts in terms:
        score += max(
            (WEIGHT[m] for m, body in sections.items() for n in alts if " " + n in body),
            default=0.0,
        )
    if fold(title) == fold(query).strip():
        score += 20.0  # the exact title
    return score


def search(s: Session, query: str, limit: int = 50) -> list[UnionHit]:
    """Best matches first, each title with every copy in the district and where it is."""
    q = " ".join(query.split())[:200]
    terms = parse_query(q)
    if not terms:
        raise DeskError("bad_input", detail=Phrase("query_empty"))
    limit = max(1, min(int(limit), 200))
    stmt = select(HubTitle.uid, HubTitle.data, HubTitle.search_text)
    for alts in terms:
        stmt = stmt.where(or_(*(HubTitle.search_text.like(_like(n)) for n in alts)))
    rows = s.execute(stmt.limit(CANDIDATES)).all()
    ranked = sorted(
        rows,
        key=lambda r: (
            -_score(r[2], str(r[1].get("title") or ""), terms, q),
            len(str(r[1].get("title") or "")),
            r[0],
        ),
    )[:limit]
    scores = {r[0]: _score(r[2], str(r[1].get("title") or ""), terms, q) for r in ranked}
    return _hits(s, [(r[0], r[1]) for r in ranked], scores)


def _hits(
    s: Session, titles: list[tuple[str, dict[str, Any]]], scores: dict[str, float]
) -> list[UnionHit]:
    if not titles:
        return []
    names = dict(s.execute(select(HubPoint.code, HubPoint.name)).all())
    copies: dict[str, list[UnionCopy]] = {}
    for it in s.scalars(
        select(HubItem)
        .where(HubItem.title_uid.in_([uid for uid, _ in titles]), HubItem.owner.is_not(None))
        .order_by(HubItem.barcode)
    ):
        where = it.location or it.owner or ""
        copies.setdefault(str(it.title_uid), []).append(
            UnionCopy(
                barcode=it.barcode,
                point_code=where,
                point_name=names.get(where, where),
                owner_code=it.owner or "",
                status=it.status,
                available=it.status == "available",
                call_number=it.call_number,
            )
        )
    out = []
    for uid, data in titles:
        mine = copies.get(uid, [])
        out.append(
            UnionHit(
                uid=uid,
                isbn=data.get("isbn"),
                title=str(data.get("title") or ""),
                author=str(data.get("author") or ""),
                publisher=str(data.get("publisher") or ""),
                year=data.get("year"),
                clc=str(data.get("clc") or ""),
                score=scores.get(uid, 0.0),
                copies=mine,
                available=sum(1 for c in mine if c.available),
            )
        )
    return out
