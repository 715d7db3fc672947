"""District statistics for a year from the hub's tables, and the per point and month
counts the compliance report (:mod:`.compliance`) is built on.

The same figures as a point's own statistics (:mod:`xclib_desk.services.stats`), for every point:
circulation counts check-outs made at a point (``hub_loan.point``) and returns taken there
(``returned_point``); new acquisitions are copies a point owns whose acquisition time
(``hub_item.added_at``) falls in the year; visits are ``hub_visit``. Months are Beijing months.
Rows are read once per table and grouped here, which works the same on SQLite and PostgreSQL.
The tables are :class:`~xclib_desk.common.figures.Table` values (codes and counts), the same
shape a point's statistics have; the front ends label them and ``exports.write_report`` writes
them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.figures import TOTAL, UNCLASSIFIED, SettledFee, Table, fees_table, parse_year
from ..common.times import BEIJING, utcnow
from ..standards.clc import top_class
from .holds import counts as hold_counts
from .models import HubFee, HubItem, HubLoan, HubPoint, HubTitle, HubVisit
from .staffing import Packages


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """[1 January, next 1 January) of a Beijing year, as UTC instants."""
    lo = datetime.combine(date(year, 1, 1), time(0), BEIJING).astimezone(UTC)
    hi = datetime.combine(date(year + 1, 1, 1), time(0), BEIJING).astimezone(UTC)
    return lo, hi


def _month(at: datetime) -> int:
    return at.astimezone(BEIJING).month


@dataclass
class YearCounts:
    """Counters keyed by (point code, month) for one Beijing year."""

    year: int
    checkouts: Counter[tuple[str, int]] = field(default_factory=Counter)
    returns: Counter[tuple[str, int]] = field(default_factory=Counter)
    by_reader_type: Counter[str] = field(default_factory=Counter)
    by_class: Counter[str] = field(default_factory=Counter)
    acquisitions: Counter[tuple[str, int]] = field(default_factory=Counter)
    #: month -> distinct titles acquired (district-wide), and over the year
    titles_by_month: dict[int, set[str]] = field(default_factory=dict)
    visits: Counter[tuple[str, int]] = field(default_factory=Counter)

    def total(self, counter: Counter[tuple[str, int]], point: str) -> int:
        return sum(n for (p, _m), n in counter.items() if p == point)


def year_counts(s: Session, year: int) -> YearCounts:
    c = YearCounts(year)
    lo, hi = year_bounds(year)
    clc = HubTitle.data["clc"].as_string()
    for point, reader_type, at, cls in s.execute(
        select(HubLoan.point, HubLoan.reader_type, HubLoan.checked_out_at, clc)
        .join(HubItem, HubItem.barcode == HubLoan.item, isouter=True)
        .join(HubTitle, HubTitle.uid == HubItem.title_uid, isouter=True)
        .where(HubLoan.checked_out_at >= lo, HubLoan.checked_out_at < hi)
    ):
        if at is None:
            continue
        c.checkouts[(point, _month(at))] += 1
        c.by_reader_type[reader_type] += 1
        c.by_class[top_class(cls) if cls else UNCLASSIFIED] += 1
    for point, at in s.execute(
        select(HubLoan.returned_point, HubLoan.returned_at).where(
            HubLoan.returned_point.is_not(None),
            HubLoan.returned_at >= lo,
            HubLoan.returned_at < hi,
        )
    ):
        if point is not None and at is not None:
            c.returns[(point, _month(at))] += 1
    for owner, at, title in s.execute(
        select(HubItem.owner, HubItem.added_at, HubItem.title_uid).where(
            HubItem.owner.is_not(None), HubItem.added_at >= lo, HubItem.added_at < hi
        )
    ):
        if owner is None or at is None:
            continue
        m = _month(at)
        c.acquisitions[(owner, m)] += 1
        if title:
            c.titles_by_month.setdefault(m, set()).add(title)
    for point, day, n in s.execute(
        select(HubVisit.point_code, HubVisit.day, HubVisit.count).where(
            HubVisit.day >= date(year, 1, 1), HubVisit.day <= date(year, 12, 31)
        )
    ):
        c.visits[(point, day.month)] += n
    return c


def _by_point_month(code: str, counter: Counter[tuple[str, int]], points: list[str]) -> Table:
    columns = ["point", *[f"{m:02d}" for m in range(1, 13)], TOTAL]
    rows: list[list[Any]] = []
    for p in points:
        per = [counter[(p, m)] for m in range(1, 13)]
        rows.append([p, *per, sum(per)])
    months = [sum(counter[(p, m)] for p in points) for m in range(1, 13)]
    rows.append([TOTAL, *months, sum(months)])
    return Table(code, columns, rows)


def _points(s: Session, counts: YearCounts) -> list[tuple[str, str, str]]:
    """Registered points, plus any code seen in the year's rows (in code order)."""
    known = {p.code: (p.code, p.name, p.level) for p in s.scalars(select(HubPoint))}
    seen: Iterable[tuple[str, int]] = [
        *counts.checkouts,
        *counts.returns,
        *counts.acquisitions,
        *counts.visits,
    ]
    for code, _m in seen:
        known.setdefault(code, (code, code, ""))
    return [known[k] for k in sorted(known)]


def district_statistics(s: Session, year: int | str) -> list[Table]:
    """Every district table for the year, summary by point first."""
    y = parse_year(year)
    c = year_counts(s, y)
    points = _points(s, c)
    codes = [p[0] for p in points]
    summary: list[list[Any]] = [
        [
            code,
            name,
            level,
            c.total(c.checkouts, code),
            c.total(c.returns, code),
            c.total(c.acquisitions, code),
            c.total(c.visits, code),
        ]
        for code, name, level in points
    ]
    summary.append(
        [
            TOTAL,
            "",
            "",
            sum(c.checkouts.values()),
            sum(c.returns.values()),
            sum(c.acquisitions.values()),
            sum(c.visits.values()),
        ]
    )
    months: list[list[Any]] = [
        [
            f"{y}-{m:02d}",
            sum(n for (_p, mm), n in c.checkouts.items() if mm == m),
            sum(n for (_p, mm), n in c.returns.items() if mm == m),
        ]
        for m in range(1, 13)
    ]
    months.append([TOTAL, sum(c.checkouts.values()), sum(c.returns.values())])
    # the package's name of each type: data of the district's standards, like a point's name
    names = {code: rt.name_zh for code, rt in _policy_types(s).items()}
    types: list[list[Any]] = [
        [code, names.get(code, code), n] for code, n in sorted(c.by_reader_type.items())
    ]
    types.append([TOTAL, "", sum(c.by_reader_type.values())])
    classes: list[list[Any]] = [[k, c.by_class[k]] for k in sorted(c.by_class)]
    classes.append([TOTAL, sum(c.by_class.values())])
    acq: list[list[Any]] = [
        [
            f"{y}-{m:02d}",
            sum(n for (_p, mm), n in c.acquisitions.items() if mm == m),
            len(c.titles_by_month.get(m, set())),
        ]
        for m in range(1, 13)
    ]
    all_titles = set().union(*c.titles_by_month.values()) if c.titles_by_month else set()
    acq.append([TOTAL, sum(c.acquisitions.values()), len(all_titles)])
    return [
        Table(
            "district_by_point",
            ["point", "name", "level", "checkouts", "returns", "new_copies", "visits"],
            summary,
            [str(y)],
        ),
        Table("circulation_by_month", ["month", "checkouts", "returns"], months),
        _by_point_month("checkouts_by_point_month", c.checkouts, codes),
        Table("circulation_by_reader_type", ["reader_type", "name", "checkouts"], types),
        Table("circulation_by_class", ["clc_class", "checkouts"], classes),
        Table("new_acquisitions", ["month", "copies", "titles"], acq),
        _by_point_month("new_copies_by_point_month", c.acquisitions, codes),
        _by_point_month("visits_by_point_month", c.visits, codes),
        holds_table(s, y),
        *fee_tables(s, y),
    ]


def fee_tables(s: Session, year: int) -> list[Table]:
    """Fees settled in the year, per month and per settling point (``common.figures
    .fees_table``: a point's own statistics count the same way)."""
    lo, hi = year_bounds(year)
    settled: list[SettledFee] = [
        (point, status, at if at.tzinfo else at.replace(tzinfo=UTC), cents)
        for point, status, at, cents in s.execute(
            select(
                HubFee.settled_point, HubFee.status, HubFee.settled_at, HubFee.amount_cents
            ).where(HubFee.settled_at >= lo, HubFee.settled_at < hi)
        )
        if point is not None and at is not None
    ]
    return [
        fees_table("fees_by_month", year, settled),
        fees_table("fees_by_point", year, settled, by="point"),
    ]


def holds_table(s: Session, year: int) -> Table:
    """Holds (预约) per pickup point and for the district: placed, filled, lapsed, expired,
    median days to fill (hub/holds.py)."""
    lo, hi = year_bounds(year)
    rows: list[list[Any]] = []
    district: list[Any] | None = None
    for x in hold_counts(s, lo, hi):
        row = [x.point, x.placed, x.filled, x.lapsed, x.expired,
               "" if x.median_days_to_fill is None else x.median_days_to_fill]  # fmt: skip
        if x.point == "*":
            district = [TOTAL, *row[1:]]
        else:
            rows.append(row)
    rows.append(district or [TOTAL, 0, 0, 0, 0, ""])
    columns = ["point", "holds_placed", "holds_filled", "holds_lapsed", "holds_expired",
               "median_days_to_fill"]  # fmt: skip
    return Table("holds_by_point", columns, rows, [str(year)])


def _policy_types(s: Session) -> dict[str, Any]:
    pkg = Packages(s).at(utcnow())
    return {rt.code: rt for rt in pkg.service.reader_types}


__all__ = ["YearCounts", "district_statistics", "year_bounds", "year_counts"]
