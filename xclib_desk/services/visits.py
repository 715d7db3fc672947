"""Daily visit counts (到馆人次): entered at the desk or imported from a gate counter."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError, Phrase, Text, render
from ..models import VisitCount
from ..protocol.events import VisitsRecorded
from .context import Ctx, record


def record_visits(s: Session, ctx: Ctx, day: date | str, count: int | str) -> int:
    """Set the day's count (a correction replaces, never adds); returns the stored count."""
    try:
        d = day if isinstance(day, date) else date.fromisoformat(str(day).strip())
        n = int(str(count).strip())
    except ValueError:
        detail = Text(
            "日期 YYYY-MM-DD，人次为整数", "the date as YYYY-MM-DD, the count a whole number"
        )
        raise DeskError("bad_input", detail=detail) from None
    if n < 0 or n > 1_000_000:
        raise DeskError("bad_input", detail=Phrase("visits_implausible_count"))
    if d > ctx.today():
        raise DeskError("bad_input", detail=Phrase("date_in_future"))
    row = s.scalars(
        select(VisitCount).where(VisitCount.point_id == ctx.point.id, VisitCount.day == d)
    ).one_or_none()
    if row is None:
        s.add(VisitCount(point_id=ctx.point.id, day=d, count=n))
    elif row.count == n:
        return n
    else:
        row.count = n
    record(s, ctx, "visits.recorded", VisitsRecorded(day=d, count=n), target=d.isoformat())
    return n


# --- gate counter CSV import ----------------------------------------------------------------
_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[ T]\s*(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2})(?::?\d{2})?)?\s*$")
_DATE_HEAD = re.compile(r"date|day|日期|时间|time", re.I)
_IN_HEAD = re.compile(r"^(in|entries|entry|进|进馆|入|入馆)|进馆|入馆|(\b|_)in(\b|_)", re.I)
_COUNT_HEAD = re.compile(r"count|visits?|total|人次|人数|客流|数量", re.I)
_TIME_HEAD = re.compile(r"^(time|hour|时间|时段|小时)$", re.I)


@dataclass(frozen=True)
class BadLine:
    """A line of the file that was not imported: its number, its text, and why (a code of
    ``errors.MESSAGES`` with its parameters, read in the language it is shown in)."""

    line: int
    text: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, locale: str | None = None) -> str:
        return render(self.reason, self.params, locale)


@dataclass(frozen=True)
class VisitImport:
    """What an import did: days in the file, days whose stored count changed, the rest."""

    layout: str
    days: int
    changed: int
    unchanged: int
    total_visits: int
    bad: list[BadLine]


def _day_of(cell: str) -> tuple[date, bool] | None:
    """A date (and whether the cell also had a time of day) in the formats counters export."""
    m = _DATE.match(cell) or _COMPACT.match(cell)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])), m[4] is not None
    except ValueError:
        return None


def _int(cell: str) -> int | None:
    text = cell.strip().replace(",", "").replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if re.fullmatch(r"\d+", text) else None


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DeskError(
        "visits_file_unreadable", path="", detail=Text("编码无法识别", "unknown encoding")
    )


def parse_counter_csv(data: bytes, today: date) -> tuple[dict[date, int], list[BadLine], str]:
    """Daily totals from a gate counter export: ``date,count`` with or without a header, any of
    , ; tab | as separator, dates like 2026-11-01, 2026/11/1, 20261101 or 2026年11月1日, and
    hourly layouts (a time in the date cell or a time column; entries ``in``/``进`` preferred
    over ``out``) summed per day. Bad lines are reported by line number and skipped."""
    text = _decode(data)
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(lines, dialect))
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if first is None:
        raise DeskError("bad_input", detail=Phrase("file_no_data"))
    head = [c.strip() for c in rows[first]]
    date_col = count_col = None
    hourly = False
    start = first
    if not any(_day_of(c) for c in head):  # a header row: find the columns by name
        start = first + 1
        date_col = next((i for i, h in enumerate(head) if _DATE_HEAD.search(h)), None)
        count_col = next((i for i, h in enumerate(head) if _IN_HEAD.search(h)), None)
        if count_col is None:
            count_col = next(
                (i for i, h in enumerate(head) if _COUNT_HEAD.search(h) and i != date_col), None
            )
        hourly = any(_TIME_HEAD.match(h) for i, h in enumerate(head) if i != date_col)
    sample_row = next((r for r in rows[start:] if any(c.strip() for c in r)), None)
    if sample_row is None:
        raise DeskError("bad_input", detail=Phrase("file_no_data"))
    if date_col is None:
        date_col = next((i for i, c in enumerate(sample_row) if _day_of(c)), None)
    if count_col is None and date_col is not None:
        count_col = next(
            (
                i
                for i, c in enumerate(sample_row)
                if i != date_col and _int(c) is not None and not _TIME_LIKE.match(c)
            ),
            None,
        )
    if date_col is None or count_col is None:
        detail = Text("找不到日期和人次列", "cannot find the date and count columns")
        raise DeskError("bad_input", detail=detail)
    seen: dict[date, int] = {}
    totals: dict[date, int] = {}
    bad: list[BadLine] = []
    parsed: list[tuple[int, str, date, bool, int]] = []
    for n, row in enumerate(rows[start:], start=start + 1):
        if not any(c.strip() for c in row):
            continue
        shown = ",".join(row)[:80]
        if len(row) <= max(date_col, count_col):
            bad.append(BadLine(n, shown, "visits_too_few_columns"))
            continue
        day = _day_of(row[date_col])
        count = _int(row[count_col])
        if day is None:
            bad.append(BadLine(n, shown, "visits_bad_date"))
        elif count is None:
            bad.append(BadLine(n, shown, "visits_bad_count"))
        elif day[0] > today:
            bad.append(BadLine(n, shown, "visits_future_date"))
        else:
            parsed.append((n, shown, day[0], day[1], count))
    hourly = hourly or any(has_time for _, _, _, has_time, _ in parsed)
    for n, shown, d, _, count in parsed:
        if d in seen and not hourly:
            bad.append(BadLine(n, shown, "visits_day_repeats", {"first": seen[d]}))
            continue
        seen.setdefault(d, n)
        totals[d] = totals.get(d, 0) + count
    for d, total in list(totals.items()):
        if total > 1_000_000:
            bad.append(BadLine(seen[d], d.isoformat(), "visits_implausible_count"))
            del totals[d]
    layout = f"{'hourly' if hourly else 'daily'}, {'header' if start > first else 'no header'}"
    bad.sort(key=lambda b: b.line)
    return totals, bad, layout


_TIME_LIKE = re.compile(r"^\s*\d{1,2}:\d{2}")


def import_counter_csv(s: Session, ctx: Ctx, data: bytes) -> VisitImport:
    """Import daily totals; each day's count replaces the stored one (a re-import of the same
    file changes nothing and writes no event)."""
    totals, bad, layout = parse_counter_csv(data, ctx.today())
    if not totals and not bad:
        raise DeskError("bad_input", detail=Phrase("file_no_data"))
    stored: dict[date, int] = {
        d: n
        for d, n in s.execute(
            select(VisitCount.day, VisitCount.count).where(
                VisitCount.point_id == ctx.point.id, VisitCount.day.in_(list(totals))
            )
        )
    }
    changed = 0
    for d in sorted(totals):
        if stored.get(d) != totals[d]:
            record_visits(s, ctx, d, totals[d])
            changed += 1
    return VisitImport(
        layout, len(totals), changed, len(totals) - changed, sum(totals.values()), bad
    )
