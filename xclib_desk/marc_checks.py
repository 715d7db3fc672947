"""A MARC batch checked before any database is looked at, and the import report: what the
desk's import (``services.marc_import``) and the hub's (``hub.marc_import``) share.

Every record is validated the same way at both ends (ISBN with python-stdnum, CLC with the
5th-edition grammar, title, names, year), and so is every copy's call number and material
type. Reasons are codes with parameters (:class:`marc.Reason`, rendered from
``errors.MESSAGES``), so the report reads in the language it is shown in: CLI ``--lang``, the
app's language, the export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import marc
from .errors import DeskError, current_locale, render
from .exports import write_table
from .input_checks import clean_text, valid_isbn
from .marc import Reason, reason
from .standards.clc import validate_clc
from .standards.policy import Policy

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
    #: how the record was read, when it needs checking (a guessed or mislabelled charset)
    warnings: list[Reason] = field(default_factory=list)

    def position(self, locale: str | None = None) -> str:
        return self.at.text(locale)

    def reason_text(self, locale: str | None = None) -> str:
        return self.reason.text(locale) if self.reason else ""

    def problem_texts(self, locale: str | None = None) -> list[str]:
        return [p.text(locale) for p in self.item_problems]

    def warning_texts(self, locale: str | None = None) -> list[str]:
        return [w.text(locale) for w in self.warnings]

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
            "warning_codes": [w.code for w in self.warnings],
            "warnings": self.warning_texts(locale),
        }


HEADERS = {
    "zh": ("记录号", "位置", "结果", "ISBN", "题名", "原因代码", "原因", "新增册", "已有册",
           "册问题代码", "册问题", "提示代码", "提示"),
    "en": ("Record", "Position", "Outcome", "ISBN", "Title", "Reason code", "Reason",
           "Items added", "Items existing", "Item problem codes", "Item problems",
           "Warning codes", "Warnings"),
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
            "warnings": sum(len(r.warnings) for r in self.rows),
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
                " ".join(w.code for w in r.warnings),
                sep.join(r.warning_texts(locale)),
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
                for text in [*row.warning_texts(locale), *row.problem_texts(locale)]
            )
        return "\n".join(lines)


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
        row.warnings += rec.warnings
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
    #: the record's kept MARC fields (``marc.Kept.to_json``) and the title's filing form
    marc: dict[str, Any] = field(default_factory=dict)
    filing: str = ""

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
    title = clean_text(rec.title, field="marc_title", max_len=500)
    assert title is not None
    isbn = valid_isbn(rec.isbn) if rec.isbn else None
    clc = validate_clc(rec.clc) if rec.clc else ""
    problems: list[Reason] = []
    year: int | None = int(rec.year) if rec.year else None
    if year is not None and not 1400 <= year <= today.year + 1:
        problems.append(reason("marc_implausible_year", year=year))
        year = None
    author = clean_text(rec.author, field="author", max_len=300, required=False) or ""
    publisher = clean_text(rec.publisher, field="publisher", max_len=300, required=False) or ""
    kept = {k: _bounded(v) for k, v in rec.kept.to_json().items()}
    filing = " ".join(rec.filing_title.split())[:500] or title
    return CleanRecord(
        title, isbn, author, publisher, year, clc, _language(rec), tuple(problems), kept, filing
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x87\x8a-\x9f]")  # all but NSB/NSE (U+0088/U+0089)


def _bounded(value: Any) -> Any:
    """A kept value with no control character but the non-sorting markers, and of sane size
    (a summary may be long, but 2,000 characters fit one ISO 2709 field in any encoding)."""
    if isinstance(value, str):
        return (_CONTROL.sub("", value) if _CONTROL.search(value) else value)[:2000]
    if isinstance(value, list):
        return [_bounded(v) for v in value[:50]]
    return value


def check_copy(policy: Policy, call_number: str, material_type: str) -> tuple[str, str]:
    """A copy's call number and material type checked as ``holdings.add_item`` checks them,
    for importers that write copies in bulk (the hub); ``DeskError`` if wrong."""
    call = policy.call_number(call_number)
    validate_clc(call.split("/", 1)[0])
    return call, policy.material_type(material_type).code


def _language(rec: marc.BibRecord) -> str:
    return "chi" if any("\u4e00" <= ch <= "\u9fff" for ch in rec.title) else "und"
