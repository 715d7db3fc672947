"""MARC import at the hub (``xclib-hub import-marc``): titles and copies straight into the union
catalogue, owned by and shelved at one point (normally the hall), published in that point's
change feed so its desk receives them on its next pull.

The desk's reader and rules, not a second set: ``marc.read_file`` parses, and
``marc_checks.clean_record`` / ``check_copy`` validate exactly as the desk's import
does (ISBN, CLC, title, barcode format and call number under the standards in force), with the
same report (:class:`ImportReport`). Titles are matched by ISBN across the whole district (or,
without one, by title, responsibility, publisher and year), so a re-import changes nothing.

Fast: rows are written in bulk, a batch per transaction (no ORM object per row, the search
text computed once per title). Safe while the hub serves: each batch takes the feed lock like a
push, so positions stay in commit order, and holds it for a fraction of a second.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .. import marc
from ..common.times import BEIJING, utcnow
from ..errors import DeskError
from ..marc import Reason, reason
from ..marc_checks import (
    IMPORTED,
    UNCHANGED,
    UPDATED,
    CleanRecord,
    ImportReport,
    ReportRow,
    check_batch,
    check_copy,
)
from ..standards.policy import Policy
from ..standards.schema import StandardsPackage
from . import catalogue
from .errors import HubError
from .models import HubItem, HubPoint, HubStandards, HubTitle, HubTitleMarc
from .push.feed import Feed, lock_feed, write_feed

BATCH = 500
Progress = Callable[[int, int], None]


@dataclass
class _Run:
    """What one import knows across its batches."""

    point: str
    policy: Policy
    material_type: str
    now: datetime
    hlc: str
    seen: dict[str, int] = field(default_factory=dict)  # ISBN -> first record number


def import_file(
    hub: Any,
    path: Path,
    point: str,
    *,
    fmt: str = "auto",
    encoding: str = "auto",
    holdings: marc.HoldingsSpec | None = None,
    material_type: str = "book",
    batch_size: int = BATCH,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a MARC file into the union catalogue for ``point``; ``hub`` is a ``hub.app.Hub``."""
    if fmt not in marc.FORMATS:
        raise HubError(400, "bad_input", f"format: {', '.join(marc.FORMATS)}")
    if encoding not in marc.ENCODINGS:
        raise HubError(400, "bad_input", f"encoding: {', '.join(marc.ENCODINGS)}")
    if not path.is_file():
        raise HubError(400, "bad_input", f"no such file: {path}")
    code = point.strip().upper()
    now = utcnow()
    with hub.read() as s:
        if s.get(HubPoint, code) is None:
            raise HubError(404, "unknown_point", f"no point {code}; add it first")
        policy = _policy_in_force(s, now)
    parsed = marc.read_file(path, fmt, encoding, holdings)
    run = _Run(code, policy, material_type, now, f"{int(now.timestamp() * 1000):013d}-00000-hub")
    try:
        policy.material_type(material_type)
    except DeskError as e:
        raise HubError(400, e.code, e.message("en")) from None
    report = ImportReport(str(path))
    size = max(1, batch_size)
    for start in range(0, len(parsed), size):
        with hub.write() as s:
            lock_feed(s)
            report.rows += import_batch(s, run, parsed[start : start + size])
        if progress is not None:
            progress(min(start + size, len(parsed)), len(parsed))
    return report


def _policy_in_force(s: Session, now: datetime) -> Policy:
    row = s.scalars(
        select(HubStandards)
        .where(HubStandards.effective_from <= now)
        .order_by(HubStandards.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise HubError(409, "no_standards", "no standards package in force at the hub")
    return Policy(StandardsPackage.model_validate_json(row.body))


def import_batch(s: Session, run: _Run, batch: list[marc.Parsed]) -> list[ReportRow]:
    """One transaction: validate, match, then write titles, copies and feed rows in bulk."""
    rows, good = check_batch(batch, run.now.astimezone(BEIJING).date())

    by_isbn = _titles_by_isbn(s, sorted({c.isbn for _, _, c in good if c.isbn}))
    barcodes: dict[str, str | None] = {}  # barcode -> its title uid, catalogued copies
    stub_codes: set[str] = set()  # copies known only from a loan so far (no owner yet)
    wanted = sorted({cp.barcode.strip().upper() for _, r, _ in good for cp in r.copies})
    for i in range(0, len(wanted), 500):
        for code, tuid, owner in s.execute(
            select(HubItem.barcode, HubItem.title_uid, HubItem.owner).where(
                HubItem.barcode.in_(wanted[i : i + 500])
            )
        ):
            if owner is None:
                stub_codes.add(code)
            else:
                barcodes[code] = tuid
    titles_now: dict[str, str] = {}  # uid -> title text, for "used by another title" notes
    new_titles: list[dict[str, Any]] = []
    pending: dict[str, dict[str, Any]] = {}  # uid -> its row in new_titles
    plain: dict[tuple[str, str, str, int | None], HubTitle] = {}  # no-ISBN titles made here
    new_items: list[dict[str, Any]] = []
    touched: set[str] = set()
    corrected: set[str] = set()  # known titles changed here: points holding a copy learn it
    kept: dict[str, tuple[ReportRow, CleanRecord]] = {}  # uid -> the record's kept fields
    for row, rec, clean in good:
        key = (clean.title, clean.author, clean.publisher, clean.year)
        title = by_isbn.get(clean.isbn) if clean.isbn else plain.get(key) or _match_plain(s, clean)
        if clean.isbn:
            row.isbn = clean.isbn
            first = run.seen.get(clean.isbn, row.number)
            if first != row.number:
                row.reason = reason("marc_same_isbn", first=first)
        if title is None:
            data = {"uid": str(uuid.uuid4()), "isbn": clean.isbn, **clean.fields,
                    "language": clean.language}  # fmt: skip
            title = HubTitle(uid=data["uid"], data=data, isbn=clean.isbn)
            new_titles.append({"uid": title.uid, "data": data, "isbn": clean.isbn})
            pending[title.uid] = new_titles[-1]
            if clean.isbn:
                by_isbn[clean.isbn] = title
            else:
                plain[key] = title
            row.outcome = IMPORTED
        else:
            changed = {
                k: v
                for k, v in clean.fields.items()
                if v not in (None, "") and title.data.get(k) != v
            }
            if changed:
                title.data = {**title.data, **changed}
                if title.uid in pending:  # made earlier in this batch: not written yet
                    pending[title.uid]["data"] = title.data
                else:
                    title.field_hlc = {**(title.field_hlc or {}), **dict.fromkeys(changed, run.hlc)}
                    touched.add(title.uid)
                    corrected.add(title.uid)
                row.outcome = UPDATED
            else:
                row.outcome = UNCHANGED
        titles_now[title.uid] = str(title.data.get("title") or "")
        kept[title.uid] = (row, clean)
        for copy in rec.copies:
            added = _copy(run, copy, title.uid, rec.price_cents, row, barcodes, titles_now, s)
            if added is not None:
                new_items.append(added)
                touched.add(title.uid)
        if clean.isbn:
            run.seen.setdefault(clean.isbn, row.number)

    new_uids = set(pending)
    if new_titles:
        items_of: dict[str, list[str]] = {}
        for it in new_items:
            items_of.setdefault(it["title_uid"], []).append(f"{it['barcode']}\t{it['call_number']}")
        for t in new_titles:  # all of a new title's copies are new: no query needed
            t["search_text"] = catalogue.search_text(t["data"], items_of.get(t["uid"], ()))
        s.execute(insert(HubTitle), new_titles)
    stubs = [it for it in new_items if it["barcode"] in stub_codes]
    fresh = [it for it in new_items if it["barcode"] not in stub_codes]
    if fresh:
        s.execute(insert(HubItem), fresh)
    for it in stubs:  # a copy known only from its loans so far: catalogued, state kept
        row_ = s.get_one(HubItem, it["barcode"])
        for k in ("title_uid", "call_number", "material_type", "owner", "price_cents", "added_at"):
            setattr(row_, k, it[k])
        row_.location = row_.location or it["location"]
    s.flush()
    _keep_marc(s, kept)
    catalogue.reindex(s, touched - new_uids)
    if new_items or corrected:
        # load the rows write_feed reads (one query each), and keep them referenced meanwhile
        keep = _load(s, [it["barcode"] for it in new_items])
        write_feed(s, Feed(items={it["barcode"] for it in new_items}, titles=corrected))
        del keep
    return rows


def _keep_marc(s: Session, kept: dict[str, tuple[ReportRow, CleanRecord]]) -> None:
    """Each title's kept MARC fields (``hub_title_marc``), for ``export-marc``; a re-import
    bringing different ones updates them (the record counts as updated)."""
    uids = sorted(kept)
    have: dict[str, HubTitleMarc] = {}
    for i in range(0, len(uids), 500):
        q = select(HubTitleMarc).where(HubTitleMarc.uid.in_(uids[i : i + 500]))
        have.update((m.uid, m) for m in s.scalars(q))
    new: list[dict[str, Any]] = []
    for uid, (row, clean) in kept.items():
        m = have.get(uid)
        if m is None:
            if clean.marc or clean.filing != clean.title:
                new.append({"uid": uid, "filing_title": clean.filing, "fields": clean.marc})
        elif clean.marc and (m.fields, m.filing_title) != (clean.marc, clean.filing):
            m.fields, m.filing_title = clean.marc, clean.filing
            if row.outcome == UNCHANGED:
                row.outcome = UPDATED
    if new:
        s.execute(insert(HubTitleMarc), new)
    s.flush()


def _copy(
    run: _Run,
    copy: marc.Copy,
    title_uid: str,
    price: int | None,
    row: ReportRow,
    barcodes: dict[str, str | None],
    titles_now: dict[str, str],
    s: Session,
) -> dict[str, Any] | None:
    """A new copy's row, or None with the reason noted (as the desk's import notes it)."""
    try:
        code = run.policy.item(copy.barcode)
    except DeskError as e:
        row.item_problems.append(Reason.of(e))
        return None
    if code in barcodes:
        have = barcodes[code]
        if have == title_uid:
            row.items_existing += 1
        else:
            other = titles_now.get(str(have))
            if other is None:
                t = s.get(HubTitle, have)
                other = str(t.data.get("title") or "") if t else ""
            row.item_problems.append(reason("marc_barcode_taken", barcode=code, title=other))
        return None
    if not copy.call_number:
        row.item_problems.append(reason("marc_no_call_number", barcode=code))
        return None
    try:
        call, mtype = check_copy(run.policy, copy.call_number, run.material_type)
    except DeskError as e:
        row.item_problems.append(reason("marc_copy_refused", barcode=code, reason=Reason.of(e)))
        return None
    if price is not None and not 0 <= price <= 10_000_000:
        price = None
    barcodes[code] = title_uid  # a second record naming the same barcode sees it as taken
    row.items_added += 1
    return {
        "barcode": code,
        "title_uid": title_uid,
        "call_number": call,
        "material_type": mtype,
        "owner": run.point,
        "location": run.point,
        "status": "available",
        "price_cents": price,
        "state_hlc": run.hlc,
        "added_at": run.now,
    }


def _titles_by_isbn(s: Session, isbns: list[str]) -> dict[str | None, HubTitle]:
    out: dict[str | None, HubTitle] = {}
    for i in range(0, len(isbns), 500):
        for t in s.scalars(
            select(HubTitle).where(HubTitle.isbn.in_(isbns[i : i + 500])).order_by(HubTitle.uid)
        ):
            out.setdefault(t.isbn, t)
    return out


def _match_plain(s: Session, clean: CleanRecord) -> HubTitle | None:
    """Without an ISBN: the same title, responsibility, publisher and year."""
    for t in s.scalars(
        select(HubTitle).where(
            HubTitle.isbn.is_(None), HubTitle.data["title"].as_string() == clean.title
        )
    ):
        d = t.data
        if (d.get("author") or "", d.get("publisher") or "", d.get("year")) == (
            clean.author,
            clean.publisher,
            clean.year,
        ):
            return t
    return None


def _load(s: Session, barcodes: list[str]) -> list[Any]:
    keep: list[Any] = []
    for i in range(0, len(barcodes), 500):
        items = list(s.scalars(select(HubItem).where(HubItem.barcode.in_(barcodes[i : i + 500]))))
        keep += items
        uids = sorted({it.title_uid for it in items if it.title_uid})
        keep += list(s.scalars(select(HubTitle).where(HubTitle.uid.in_(uids))))
    return keep
