"""MARC import: a file of records becomes titles and copies through the holdings rules.

Records are validated (ISBN with python-stdnum, CLC with the 5th-edition grammar), matched by
ISBN (or, without one, by title + responsibility + publisher + year), and written in batches,
one transaction each, so a long import shows progress, can be cancelled between batches, and a
crash keeps every finished batch. A bad record is reported with its position and skipped; the
rest go in. Importing the same file again changes nothing: known titles are compared field by
field (``title.updated`` only when something differs) and known barcodes are left as they are.

Fast because a batch is checked before anything is written: the titles and barcodes it names are
looked up in two queries, every record and copy is checked in Python, and only then are the
good ones written, set-based: new titles and copies in one executemany each
(:func:`holdings.insert_titles` / :func:`holdings.insert_items`), and every record's events
(``title.added``, ``item.added``, ``title.updated``, one per title or copy as a single add
makes them) with their audit entries in two more, under one sequence/clock reservation
(``context.record_many``). Nothing can fail after writing starts, so no savepoint per record
is needed: a batch commits whole or not at all.

The checks and the report are shared with the hub's import (``marc_checks``); the loop over a
file's batches, one transaction each, is the desk's (``Desk.import_marc``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from .. import marc
from ..errors import DeskError, Phrase, one_of
from ..marc import Reason, reason
from ..marc_checks import (
    IMPORTED,
    UNCHANGED,
    UPDATED,
    CleanRecord,
    ReportRow,
    check_batch,
    check_copy,
)
from ..models import Item, Title, TitleMarc
from ..protocol.events import TitleUpdated
from . import search_index
from .context import Ctx, Entry, new_uid, record_many, require_role
from .holdings import NewTitle, insert_items, insert_titles, item_added, title_added

#: records per transaction: a batch holds the write lock a few hundredths of a second, so
#: check-outs wait no longer; larger batches save little (measured: 250 or 1000 a record cost
#: under a tenth less CPU) and cancel would come later
BATCH = 100
_TITLE_T = cast(Table, Title.__table__)
_FIELD_HLC = (
    update(_TITLE_T)
    .where(_TITLE_T.c.id == bindparam("t_id"))
    .values(field_hlc=bindparam("t_hlc", type_=_TITLE_T.c.field_hlc.type))
)


def may_import(_s: Session, ctx: Ctx) -> None:
    """Refuse before a file is read if this staff member may not import."""
    require_role(ctx, "librarian", "admin", action="import MARC")


def read_file(
    path: Path, fmt: str = "auto", encoding: str = "auto", holdings: marc.HoldingsSpec | None = None
) -> list[marc.Parsed]:
    """The file's records (each parsed or refused alone), or a refusal of the whole file."""
    if fmt not in marc.FORMATS:
        raise DeskError("bad_input", detail=one_of("format", marc.FORMATS), field="format")
    if encoding not in marc.ENCODINGS:
        raise DeskError("bad_input", detail=one_of("encoding", marc.ENCODINGS), field="encoding")
    if not path.is_file():
        raise DeskError("bad_input", detail=Phrase("no_such_file", path=str(path)))
    return marc.read_file(path, fmt, encoding, holdings)


def import_batch(
    s: Session,
    ctx: Ctx,
    batch: list[marc.Parsed],
    seen: dict[str, int] | None = None,
    material_type: str = "book",
) -> list[ReportRow]:
    """One transaction: check every record, then write the good ones and flush once."""
    require_role(ctx, "librarian", "admin", action="import MARC")
    run = _Batch(s, ctx, {} if seen is None else seen, material_type)
    rows, good = check_batch(batch, ctx.today())
    run.look_up(good)
    s.info[search_index.DEFER] = True  # index the whole batch at once, at the end
    with s.no_autoflush:  # one flush for the batch, below
        for row, rec, clean in good:
            run.one(row, rec, clean)
        run.write()
    s.flush()
    run.keep_marc()
    s.info.pop(search_index.DEFER, None)
    search_index.drain(s.connection())  # new and updated titles, queued by the triggers
    return rows


class _Batch:
    """What one batch knows: the titles and barcodes it names, as found before writing and as
    they become while it writes (a later record in the batch sees an earlier one's copies)."""

    def __init__(self, s: Session, ctx: Ctx, seen: dict[str, int], material_type: str) -> None:
        self.s, self.ctx, self.seen, self.material_type = s, ctx, seen, material_type
        self.policy = ctx.policy  # one instant per batch (ctx.now), so one set of rules
        self.by_isbn: dict[str, Title | NewTitle] = {}
        self.plain: dict[tuple[str, str, str, int | None], Title | NewTitle] = {}  # no ISBN
        self.barcodes: dict[str, tuple[str, str]] = {}  # barcode -> (title uid, title)
        self.kept: dict[int, tuple[ReportRow, Title | NewTitle, CleanRecord]] = {}  # id(title)
        self.new: list[NewTitle] = []  # written by write(), in record order
        self.items: list[tuple[Title | NewTitle, dict[str, Any]]] = []
        self.events: list[Entry] = []  # every record's events, in record order
        #: events index -> (title, fields changed); a title made earlier in the batch too
        self.updated: dict[int, tuple[Title | NewTitle, dict[str, Any]]] = {}

    def write(self) -> None:
        """The batch's new titles, copies and events, set-based: titles first (their ids),
        then copies, then events and audit entries under one sequence reservation; a
        ``title.updated`` edit takes its event's clock for the fields it changed."""
        insert_titles(self.s, self.ctx, self.new)
        insert_items(self.s, self.ctx, [{**row, "title_id": t.id} for t, row in self.items])
        stamps = record_many(self.s, self.ctx, self.events)
        fresh: dict[int, dict[str, Any]] = {}  # new titles' clocks, by id
        for index, (title, changed) in self.updated.items():
            # this desk's edit wins over an older correction from the hub (sync/apply.py)
            clocks = dict.fromkeys(changed, stamps[index][1])
            if isinstance(title, Title):
                title.field_hlc = {**(title.field_hlc or {}), **clocks}
            else:
                assert title.id is not None
                fresh[title.id] = {**fresh.get(title.id, {}), **clocks}
        if fresh:
            params = [{"t_id": k, "t_hlc": v} for k, v in fresh.items()]
            self.s.connection().execute(_FIELD_HLC, params)

    def keep_marc(self) -> None:
        """Each title's kept MARC fields (``title_marc``), written after the flush gave new
        titles their ids; a re-import that brings different ones updates them. These are local
        to the desk (export only), so they carry no event of their own. A record bringing
        none leaves the ones kept (as an empty field leaves a title's column)."""
        wanted = list(self.kept.values())
        ids = [t.id for _, t, _ in wanted if isinstance(t, Title)]  # new ones have none
        have: dict[int, TitleMarc] = {}
        for i in range(0, len(ids), 500):
            q = select(TitleMarc).where(TitleMarc.title_id.in_(ids[i : i + 500]))
            have.update((k.title_id, k) for k in self.s.scalars(q))
        new: list[dict[str, Any]] = []
        for row, title, clean in wanted:
            assert title.id is not None  # written by write()
            m = have.get(title.id)
            if m is None:
                if clean.marc or clean.filing != title.title:
                    new.append(
                        {"title_id": title.id, "filing_title": clean.filing, "fields": clean.marc}
                    )
            elif clean.marc and (m.fields, m.filing_title) != (clean.marc, clean.filing):
                m.fields, m.filing_title = clean.marc, clean.filing
                if row.outcome == UNCHANGED:
                    row.outcome = UPDATED
        if new:
            self.s.execute(insert(TitleMarc), new)  # one statement, no ORM object per row
        self.s.flush()

    def look_up(self, good: list[tuple[ReportRow, marc.BibRecord, CleanRecord]]) -> None:
        """The batch's known titles (by ISBN) and barcodes: two queries, not two per record."""
        isbns = sorted({c.isbn for _, _, c in good if c.isbn})
        for i in range(0, len(isbns), 500):
            q = select(Title).where(Title.isbn.in_(isbns[i : i + 500])).order_by(Title.id)
            for t in self.s.scalars(q):
                self.by_isbn.setdefault(str(t.isbn), t)
        codes: set[str] = set()
        for _, rec, _ in good:
            for copy in rec.copies:
                with contextlib.suppress(DeskError):  # reported when the copy is written
                    codes.add(self.policy.item(copy.barcode))
        wanted = sorted(codes)
        for i in range(0, len(wanted), 500):
            q2 = (
                select(Item.barcode, Title.uid, Title.title)
                .join(Title, Item.title_id == Title.id)
                .where(Item.barcode.in_(wanted[i : i + 500]))
            )
            for code, uid, name in self.s.execute(q2):
                self.barcodes[code] = (uid, name)

    def one(self, row: ReportRow, rec: marc.BibRecord, clean: CleanRecord) -> None:
        s = self.s
        key = (clean.title, clean.author, clean.publisher, clean.year)
        existing: Title | NewTitle | None
        if clean.isbn:
            row.isbn = clean.isbn
            existing = self.by_isbn.get(clean.isbn)
            first = self.seen.get(clean.isbn, row.number)
            if first != row.number:
                row.reason = reason("marc_same_isbn", first=first)
        else:
            existing = (
                self.plain.get(key)
                or s.scalars(
                    select(Title).where(
                        Title.isbn.is_(None),
                        Title.title == clean.title,
                        Title.author == clean.author,
                        Title.publisher == clean.publisher,
                        Title.year == clean.year,
                    )
                ).first()
            )
        title: Title | NewTitle
        if existing is None:
            lang = clean.language
            title = NewTitle(uid=new_uid(), isbn=clean.isbn, language=lang, **clean.fields)
            self.new.append(title)
            self.events.append(title_added(title))
            if clean.isbn:
                self.by_isbn[clean.isbn] = title
            else:
                self.plain[key] = title
            row.outcome = IMPORTED
        else:
            title = existing
            changed = {
                k: v
                for k, v in clean.fields.items()
                if v not in (None, "") and getattr(title, k) != v
            }
            if changed:
                for k, v in changed.items():
                    setattr(title, k, v)
                self.updated[len(self.events)] = (title, changed)
                self.events.append(("title.updated", TitleUpdated(uid=title.uid, fields=changed),
                                    title.uid, ", ".join(changed)))  # fmt: skip
                row.outcome = UPDATED
            else:
                row.outcome = UNCHANGED
        self.kept[id(title)] = (row, title, clean)
        for copy in rec.copies:
            self.copy(copy, title, rec.price_cents, row)
        if clean.isbn:
            self.seen.setdefault(clean.isbn, row.number)  # only records that went in count

    def copy(
        self, copy: marc.Copy, title: Title | NewTitle, price: int | None, row: ReportRow
    ) -> None:
        """A new copy, or the reason it is not one (checked as ``holdings.add_item`` checks)."""
        try:
            code = self.policy.item(copy.barcode)
        except DeskError as e:
            row.item_problems.append(Reason.of(e))
            return
        have = self.barcodes.get(code)
        if have is not None:
            if have[0] == title.uid:
                row.items_existing += 1
            else:
                row.item_problems.append(reason("marc_barcode_taken", barcode=code, title=have[1]))
            return
        if not copy.call_number:
            row.item_problems.append(reason("marc_no_call_number", barcode=code))
            return
        try:
            call, mtype = check_copy(self.policy, copy.call_number, self.material_type)
        except DeskError as e:
            row.item_problems.append(reason("marc_copy_refused", barcode=code, reason=Reason.of(e)))
            return
        if price is not None and not 0 <= price <= 10_000_000:
            price = None
        self.items.append((title, {"barcode": code, "call_number": call, "material_type": mtype,
                                   "price_cents": price}))  # fmt: skip
        self.events.append(item_added(self.ctx, code, title, call, mtype, price))
        self.barcodes[code] = (title.uid, title.title)
        row.items_added += 1
