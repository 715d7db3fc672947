"""MARC import: a file of records becomes titles and copies through the holdings rules.

Records are validated (ISBN with python-stdnum, CLC with the 5th-edition grammar), matched by
ISBN (or, without one, by title + responsibility + publisher + year), and written in batches,
one transaction each, so a long import shows progress, can be cancelled between batches, and a
crash keeps every finished batch. A record that fails is rolled back alone (a savepoint) and
reported with its position; the rest go in. Importing the same file again changes nothing:
known titles are compared field by field (``title.updated`` only when something differs) and
known barcodes are left as they are. New titles and copies go through
:func:`holdings.add_title` / :func:`holdings.add_item`, so each has its event and audit entry.
"""

from __future__ import annotations

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
from ..errors import DeskError
from ..events import TitleUpdated
from ..exports import write_table
from ..models import Item, Title
from ..standards.clc import validate_clc
from ..standards.policy import Policy
from . import search_index
from .context import Actor, Ctx, clean_text, record, require_role
from .holdings import add_item, add_title, normalise_isbn

BATCH = 100  # a batch holds the write lock ~0.5 s: check-outs at the desk wait no longer
Progress = Callable[[int, int], None]

#: outcome of one record
IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"


@dataclass
class ReportRow:
    number: int
    position: str
    outcome: str
    isbn: str = ""
    title: str = ""
    reason: str = ""
    items_added: int = 0
    items_existing: int = 0
    item_problems: list[str] = field(default_factory=list)


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

    HEADER = (
        "记录号 record",
        "位置 position",
        "结果 outcome",
        "ISBN",
        "题名 title",
        "原因 reason",
        "新增册 items added",
        "已有册 items existing",
        "册问题 item problems",
    )

    def table(self) -> list[list[Any]]:
        return [
            [
                r.number,
                r.position,
                r.outcome,
                r.isbn,
                r.title,
                r.reason,
                r.items_added,
                r.items_existing,
                "；".join(r.item_problems),
            ]
            for r in self.rows
        ]

    def export(self, path: Path) -> Path:
        """Write the report as .xlsx (openpyxl) or .csv (UTF-8 with BOM, for Excel)."""
        return write_table(path, self.HEADER, self.table(), sheet="导入报告")

    def text(self) -> str:
        """The summary and every problem, one per line, as both CLIs print it."""
        n = self.summary
        lines = [
            f"导入 {n['imported']}，更新 {n['updated']}，未变 {n['unchanged']}，"
            f"跳过 {n['skipped']}；新增 {n['items_added']} 册"
        ]
        for row in self.rows:
            if row.outcome == SKIPPED:
                lines.append(f"  跳过 {row.position}：{row.reason}")
            lines.extend(f"  {row.position}：{problem}" for problem in row.item_problems)
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
    """One transaction: each record in its own savepoint, so a failing one is rolled back alone."""
    require_role(ctx, "librarian", "admin", action="import MARC")
    seen = {} if seen is None else seen
    rows: list[ReportRow] = []
    s.info[search_index.DEFER] = True  # index the whole batch at once, at the end
    for rec in batch:
        where = rec.position
        if isinstance(rec, marc.BadRecord):
            rows.append(ReportRow(where.number, where.text(), SKIPPED, reason=rec.reason))
            continue
        row = ReportRow(where.number, where.text(), SKIPPED, isbn=rec.isbn, title=rec.title)
        savepoint = s.begin_nested()
        try:
            _one(s, ctx, rec, row, seen, material_type)
        except DeskError as e:
            savepoint.rollback()
            row.outcome, row.reason = SKIPPED, e.message()
            row.items_added = row.items_existing = 0
            row.item_problems = []
        else:
            savepoint.commit()
        rows.append(row)
    s.info.pop(search_index.DEFER, None)
    search_index.drain(s.connection())  # new and updated titles, queued by the triggers
    return rows


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
    problems: tuple[str, ...] = ()

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
    problems: list[str] = []
    year: int | None = int(rec.year) if rec.year else None
    if year is not None and not 1400 <= year <= today.year + 1:
        problems.append(f"出版年 {year} 不合理，未导入 / implausible year dropped")
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


def _one(
    s: Session,
    ctx: Ctx,
    rec: marc.BibRecord,
    row: ReportRow,
    seen: dict[str, int],
    material_type: str,
) -> None:
    clean = clean_record(rec, ctx.today())
    row.item_problems += clean.problems
    title, isbn, author, publisher, year, clc = (
        clean.title,
        clean.isbn,
        clean.author,
        clean.publisher,
        clean.year,
        clean.clc,
    )
    fields = clean.fields
    if isbn:
        row.isbn = isbn
        existing = s.scalars(select(Title).where(Title.isbn == isbn)).first()
        first = seen.get(isbn, row.number)
        if first != row.number:
            row.reason = f"与第 {first} 条 ISBN 相同，已合并 / same ISBN as record {first}, merged"
    else:
        existing = s.scalars(
            select(Title).where(
                Title.isbn.is_(None),
                Title.title == title,
                Title.author == author,
                Title.publisher == publisher,
                Title.year == year,
            )
        ).first()
    if existing is None:
        view = add_title(
            s,
            ctx,
            title=title,
            isbn=isbn,
            author=author,
            publisher=publisher,
            year=year,
            clc=clc,
            language=clean.language,
        )
        uid = view.uid
        row.outcome = IMPORTED
    else:
        uid = existing.uid
        changed = {
            k: v for k, v in fields.items() if v not in (None, "") and getattr(existing, k) != v
        }
        if changed:
            for k, v in changed.items():
                setattr(existing, k, v)
            ev = record(s, ctx, "title.updated", TitleUpdated(uid=uid, fields=changed),
                        target=uid, detail=", ".join(changed))  # fmt: skip
            # this desk's edit wins over an older correction from the hub (sync/apply.py)
            existing.field_hlc = {**(existing.field_hlc or {}), **dict.fromkeys(changed, ev.hlc)}
            row.outcome = UPDATED
        else:
            row.outcome = UNCHANGED
    for copy in rec.copies:
        _copy(s, ctx, copy, uid, rec.price_cents, material_type, row)
    if isbn:
        seen.setdefault(isbn, row.number)  # only records that went in count as "first"


def _copy(
    s: Session,
    ctx: Ctx,
    copy: marc.Copy,
    title_uid: str,
    price: int | None,
    material_type: str,
    row: ReportRow,
) -> None:
    try:
        code = ctx.policy.item(copy.barcode)
    except DeskError as e:
        row.item_problems.append(e.message())
        return
    have = s.scalars(select(Item).where(Item.barcode == code)).first()
    if have is not None:
        if have.title.uid == title_uid:
            row.items_existing += 1
        else:
            row.item_problems.append(
                f"条码 {code} 已属于另一书目《{have.title.title}》/ barcode used by another title"
            )
        return
    if not copy.call_number:
        row.item_problems.append(f"条码 {code} 没有索书号 / no call number")
        return
    savepoint = s.begin_nested()
    try:
        add_item(
            s,
            ctx,
            barcode=code,
            title_ref=title_uid,
            call_number=copy.call_number,
            material_type=material_type,
            price_cents=price,
        )
    except DeskError as e:
        savepoint.rollback()
        row.item_problems.append(f"{code}: {e.message()}")
    else:
        savepoint.commit()
        row.items_added += 1


def _language(rec: marc.BibRecord) -> str:
    return "chi" if any("\u4e00" <= ch <= "\u9fff" for ch in rec.title) else "und"
