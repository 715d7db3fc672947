"""MARC import: a file of records becomes titles and copies through the holdings rules.

Records are validated (ISBN with python-stdnum, CLC with the 5th-edition grammar), matched by
ISBN (or, without one, by title + responsibility + publisher + year), and written in batches,
one transaction each, so a long import shows progress, can be cancelled between batches, and a
crash keeps every finished batch. A bad record is reported with its position and skipped; the
rest go in. Importing the same file again changes nothing: known titles are compared field by
field (``title.updated`` only when something differs) and known barcodes are left as they are.

Fast because a batch is checked before anything is written: the titles and barcodes it names are
looked up in two queries, every record and copy is checked in Python, and only then are the
good ones written (:func:`holdings.insert_title` / :func:`holdings.insert_item`, each with its
event and audit entry) and flushed once. Nothing can fail after writing starts, so no
savepoint per record is needed.

Reasons are codes with parameters (:class:`marc.Reason`, rendered from ``errors.MESSAGES``),
so the report reads in the language it is shown in: CLI ``--lang``, the app's language, the
export.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import marc
from ..desk import Desk
from ..errors import DeskError, current_locale, render
from ..exports import write_table
from ..marc import Reason, reason
from ..models import Item, Title
from ..protocol.events import TitleUpdated
from ..standards.clc import validate_clc
from ..standards.policy import Policy
from . import search_index
from .context import Actor, Ctx, clean_text, record, require_role
from .holdings import insert_item, insert_title, normalise_isbn

BATCH = 100  # a batch holds the write lock a fraction of a second: check-outs wait no longer
Progress = Callable[[int, int], None]

#: outcome of one record
IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"


@dataclass
class ReportRow:
    number: int
    at: marc.Position
    outcome: str
    isbn: str = ""
    title: str = ""
    reason: Reason | None = None  # why skipped, or a note (merged with an earlier record)
    items_added: int = 0
    items_existing: int = 0
    item_problems: list[Reason] = field(default_factory=list)

    def position(self, locale: str | None = None) -> str:
        return self.at.text(locale)

    def reason_text(self, locale: str | None = None) -> str:
        return self.reason.text(locale) if self.reason else ""

    def problem_texts(self, locale: str | None = None) -> list[str]:
        return [p.text(locale) for p in self.item_problems]

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """The row for ``--json``: texts in ``locale`` beside their codes."""
        return {
            "number": self.number,
            "position": self.position(locale),
            "offset": self.at.offset,
            "line": self.at.line,
            "outcome": self.outcome,
            "isbn": self.isbn,
            "title": self.title,
            "reason_code": self.reason.code if self.reason else "",
            "reason": self.reason_text(locale),
            "items_added": self.items_added,
            "items_existing": self.items_existing,
            "item_problem_codes": [p.code for p in self.item_problems],
            "item_problems": self.problem_texts(locale),
        }


HEADERS = {
    "zh": ("记录号", "位置", "结果", "ISBN", "题名", "原因代码", "原因", "新增册", "已有册",
           "册问题代码", "册问题"),
    "en": ("Record", "Position", "Outcome", "ISBN", "Title", "Reason code", "Reason",
           "Items added", "Items existing", "Item problem codes", "Item problems"),
}  # fmt: skip


@dataclass
class ImportReport:
    file: str
    rows: list[ReportRow] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "records": len(self.rows),
            IMPORTED: self.count(IMPORTED),
            UPDATED: self.count(UPDATED),
            UNCHANGED: self.count(UNCHANGED),
            SKIPPED: self.count(SKIPPED),
            "items_added": sum(r.items_added for r in self.rows),
            "item_problems": sum(len(r.item_problems) for r in self.rows),
            "cancelled": self.cancelled,
        }

    def table(self, locale: str | None = None) -> list[list[Any]]:
        sep = "; " if (locale or current_locale()) == "en" else "；"
        return [
            [
                r.number,
                r.position(locale),
                r.outcome,
                r.isbn,
                r.title,
                r.reason.code if r.reason else "",
                r.reason_text(locale),
                r.items_added,
                r.items_existing,
                " ".join(p.code for p in r.item_problems),
                sep.join(r.problem_texts(locale)),
            ]
            for r in self.rows
        ]

    def export(self, path: Path, locale: str | None = None) -> Path:
        """Write the report as .xlsx (openpyxl) or .csv (UTF-8 with BOM, for Excel): codes for
        scripts, texts and headings in ``locale`` for people."""
        loc = "en" if (locale or current_locale()) == "en" else "zh"
        sheet = "Import report" if loc == "en" else "导入报告"
        return write_table(path, HEADERS[loc], self.table(loc), sheet=sheet)

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        return {"summary": self.summary, "rows": [r.to_dict(locale) for r in self.rows]}

    def text(self, locale: str | None = None) -> str:
        """The summary and every problem, one per line, as both CLIs print it."""
        n = self.summary
        lines = [
            render(
                "marc_report_summary",
                {**n, "items": n["items_added"]},
                locale,
            )
        ]
        for row in self.rows:
            where = row.position(locale)
            if row.outcome == SKIPPED:
                lines.append(
                    render(
                        "marc_report_skipped",
                        {"position": where, "reason": row.reason_text(locale)},
                        locale,
                    )
                )
            lines.extend(
                render("marc_report_problem", {"position": where, "reason": text}, locale)
                for text in row.problem_texts(locale)
            )
        return "\n".join(lines)


# --- the import ----------------------------------------------------------------------------
def import_file(
    desk: Desk,
    actor: Actor,
    path: Path,
    *,
    fmt: str = "auto",
    encoding: str = "auto",
    holdings: marc.HoldingsSpec | None = None,
    material_type: str = "book",
    batch_size: int = BATCH,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import a MARC file; returns the report. Cancelling stops after the current batch."""
    require_role(desk.ctx(actor), "librarian", "admin", action="import MARC")
    if fmt not in marc.FORMATS:
        raise DeskError("bad_input", detail=f"格式 / format: {', '.join(marc.FORMATS)}")
    if encoding not in marc.ENCODINGS:
        raise DeskError("bad_input", detail=f"编码 / encoding: {', '.join(marc.ENCODINGS)}")
    if not path.is_file():
        raise DeskError("bad_input", detail=f"找不到文件 / no such file: {path}")
    parsed = marc.read_file(path, fmt, encoding, holdings)
    report = ImportReport(str(path))
    total = len(parsed)
    seen: dict[str, int] = {}  # ISBN -> first record number in this file
    done = 0
    for start in range(0, total, max(1, batch_size)):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        batch = parsed[start : start + batch_size]
        report.rows += desk.write(import_batch, actor, batch, seen, material_type)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return report


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
    s.flush()
    s.info.pop(search_index.DEFER, None)
    search_index.drain(s.connection())  # new and updated titles, queued by the triggers
    return rows


Checked = tuple[ReportRow, marc.BibRecord, "CleanRecord"]


def check_batch(batch: list[marc.Parsed], today: date) -> tuple[list[ReportRow], list[Checked]]:
    """Every record's report row (skipped until written), and the records fit to write: the
    checks the desk and the hub import share, before either looks at its database."""
    rows: list[ReportRow] = []
    good: list[Checked] = []
    for rec in batch:
        where = rec.position
        if isinstance(rec, marc.BadRecord):
            rows.append(ReportRow(where.number, where, SKIPPED, reason=rec.reason))
            continue
        row = ReportRow(where.number, where, SKIPPED, isbn=rec.isbn, title=rec.title)
        rows.append(row)
        try:
            clean = clean_record(rec, today)
        except DeskError as e:
            row.reason = Reason.of(e)
            continue
        row.item_problems += clean.problems
        good.append((row, rec, clean))
    return rows, good


@dataclass(frozen=True)
class CleanRecord:
    """A record's catalogue fields after validation: what the desk and the hub import."""

    title: str
    isbn: str | None
    author: str
    publisher: str
    year: int | None
    clc: str
    language: str
    problems: tuple[Reason, ...] = ()

    @property
    def fields(self) -> dict[str, Any]:
        """The fields a re-import compares (and corrects with ``title.updated``)."""
        return {
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "year": self.year,
            "clc": self.clc,
        }


def clean_record(rec: marc.BibRecord, today: date) -> CleanRecord:
    """Validate one record (ISBN, CLC, title, names, year); ``DeskError`` skips the record,
    ``problems`` are kept as notes (an implausible year is dropped, the record goes in)."""
    title = clean_text(rec.title, field_name="题名 title (200$a/245$a)", max_len=500)
    assert title is not None
    isbn = normalise_isbn(rec.isbn) if rec.isbn else None
    clc = validate_clc(rec.clc) if rec.clc else ""
    problems: list[Reason] = []
    year: int | None = int(rec.year) if rec.year else None
    if year is not None and not 1400 <= year <= today.year + 1:
        problems.append(reason("marc_implausible_year", year=year))
        year = None
    author = clean_text(rec.author, field_name="责任者 author", max_len=300, required=False) or ""
    publisher = (
        clean_text(rec.publisher, field_name="出版者 publisher", max_len=300, required=False) or ""
    )
    return CleanRecord(title, isbn, author, publisher, year, clc, _language(rec), tuple(problems))


def check_copy(policy: Policy, call_number: str, material_type: str) -> tuple[str, str]:
    """A copy's call number and material type checked as ``holdings.add_item`` checks them,
    for importers that write copies in bulk (the hub); ``DeskError`` if wrong."""
    call = policy.call_number(call_number)
    validate_clc(call.split("/", 1)[0])
    return call, policy.material_type(material_type).code


class _Batch:
    """What one batch knows: the titles and barcodes it names, as found before writing and as
    they become while it writes (a later record in the batch sees an earlier one's copies)."""

    def __init__(self, s: Session, ctx: Ctx, seen: dict[str, int], material_type: str) -> None:
        self.s, self.ctx, self.seen, self.material_type = s, ctx, seen, material_type
        self.by_isbn: dict[str, Title] = {}
        self.plain: dict[tuple[str, str, str, int | None], Title] = {}  # no ISBN, made here
        self.barcodes: dict[str, tuple[str, str]] = {}  # barcode -> (title uid, title)

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
                    codes.add(self.ctx.policy.item(copy.barcode))
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
        s, ctx = self.s, self.ctx
        key = (clean.title, clean.author, clean.publisher, clean.year)
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
        if existing is None:
            title = insert_title(s, ctx, isbn=clean.isbn, language=clean.language, **clean.fields)
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
                ev = record(s, ctx, "title.updated", TitleUpdated(uid=title.uid, fields=changed),
                            target=title.uid, detail=", ".join(changed))  # fmt: skip
                # this desk's edit wins over an older correction from the hub (sync/apply.py)
                title.field_hlc = {**(title.field_hlc or {}), **dict.fromkeys(changed, ev.hlc)}
                row.outcome = UPDATED
            else:
                row.outcome = UNCHANGED
        for copy in rec.copies:
            self.copy(copy, title, rec.price_cents, row)
        if clean.isbn:
            self.seen.setdefault(clean.isbn, row.number)  # only records that went in count

    def copy(self, copy: marc.Copy, title: Title, price: int | None, row: ReportRow) -> None:
        """A new copy, or the reason it is not one (checked as ``holdings.add_item`` checks)."""
        try:
            code = self.ctx.policy.item(copy.barcode)
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
            call, mtype = check_copy(self.ctx.policy, copy.call_number, self.material_type)
        except DeskError as e:
            row.item_problems.append(reason("marc_copy_refused", barcode=code, reason=Reason.of(e)))
            return
        if price is not None and not 0 <= price <= 10_000_000:
            price = None
        insert_item(self.s, self.ctx, title=title, barcode=code, call_number=call,
                    material_type=mtype, price_cents=price)  # fmt: skip
        self.barcodes[code] = (title.uid, title.title)
        row.items_added += 1


def _language(rec: marc.BibRecord) -> str:
    return "chi" if any("\u4e00" <= ch <= "\u9fff" for ch in rec.title) else "und"
