"""Compliance figures and their rating: the one definition the desk and the hub both use.

Desk (``services.compliance``) and hub (``hub.compliance``) only count raw facts into
:class:`KpiInputs`; everything that turns counts into figures, targets and colours is here, so a
point's dashboard and the district report cannot disagree on what a figure means.

Rating (``rate``): a figure where more is better is green at or above its target, amber at or
above 80 % of it, red below. Where less is better (days since the last report) it is green at or
below the target, amber up to target / 0.8, red beyond. A figure without a value or a target
(population unknown, no hours recorded yet) is ``none``: shown, never coloured.

Annual targets (new acquisitions, circulation, visits per capita) are pro-rated by the elapsed
part of the year (from 1 January, or from the point's opening if later, through the day of the
figures), so a point on course is green in March. Holdings per capita is a stock and is not
pro-rated. Weekly opening hours are averaged over the completed days of that period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .hours import DayFigures
from .schema import PointLevel, StandardsPackage

Rating = Literal["green", "amber", "red", "none"]
#: share of the target that still rates amber
AMBER_SHARE = 0.8
#: copies not counted as holdings: gone, or on their way somewhere (counted where they arrive)
NOT_HOLDINGS = ("lost", "withdrawn", "in_transit")
#: how many days may pass between reports to the hub, by the package's report schedule
REPORT_EVERY_DAYS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366}
_ORDER: dict[Rating, int] = {"none": 0, "green": 1, "amber": 2, "red": 3}
#: what span a figure counts, so two screens showing a "year" cannot seem to disagree:
#: ``to_date`` the counted period's days (``start`` .. ``as_of``), ``completed_days`` its days
#: up to yesterday (hours and staffing), ``completed_months`` its finished months (services
#: checklist), ``now`` a stock or state on ``as_of`` (holdings, barcodes, reporting)
Period = Literal["to_date", "completed_days", "completed_months", "now"]
PERIODS: dict[str, Period] = {
    "barcode_conformity": "now",
    "weekly_opening_hours": "completed_days",
    "services_checklist": "completed_months",
    "staffing_minimum": "completed_days",
    "standards_current": "now",
    "reporting": "now",
    "holdings_per_capita": "now",
    "new_acquisitions": "to_date",
    "circulation": "to_date",
    "visits_per_capita": "to_date",
}


class Unification(StrEnum):
    identity = "identity"  # 统一标识
    service = "service"  # 统一服务
    staffing = "staffing"  # 统一人员配备
    management = "management"  # 统一管理体系
    standards = "standards"  # 统一标准


UNIFICATION_NAMES = {
    Unification.identity: "统一标识",
    Unification.service: "统一服务",
    Unification.staffing: "统一人员配备",
    Unification.management: "统一管理体系",
    Unification.standards: "统一标准",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Frozen):
    """One figure of one point against its target."""

    key: str
    unification: Unification
    name_zh: str
    name_en: str
    value: float | None
    target: float | None
    unit: str
    higher_is_better: bool = True
    rating: Rating
    #: the span counted (:data:`PERIODS`); an annual target is pro-rated to it
    period: Period = "to_date"
    #: the whole year's target before pro-rating (``None`` when not pro-rated)
    annual_target: float | None = None


class TrendPoint(_Frozen):
    """One month of a point's year, for charts. Hours and staffing are ``None`` without
    records; ``open_hours_per_week`` averages the month's recorded days."""

    month: str  # "2026-03"
    circulation: int
    new_acquisitions: int
    visits: int
    open_hours_per_week: float | None
    staffing_met_pct: float | None


class PointCompliance(_Frozen):
    point_code: str
    point_name: str
    level: str
    population: int | None
    year: int
    as_of: date
    #: first day counted: 1 January, or the point's opening day if later (older hubs: None)
    start: date | None = None
    standards_version: int | None
    figures: list[Figure]
    #: worst rating of the unification's figures
    unifications: dict[Unification, Rating]
    overall: Rating
    trend: list[TrendPoint]


class PointActivities(_Frozen):
    """One point's reading-promotion figures (``standards.activities.figures``)."""

    point_code: str
    figures: list[Figure]


class ComplianceReport(_Frozen):
    """The district compliance report (``GET /v1/admin/compliance``)."""

    year: int
    as_of: date
    latest_standards_version: int
    points: list[PointCompliance]
    #: reading promotion per point (``standards.activities``), its own table in the report
    activities: list[PointActivities] = []


@dataclass(frozen=True)
class KpiInputs:
    """Raw counts of one point for one year, up to and including ``as_of``."""

    level: str
    population: int | None
    year: int
    as_of: date
    #: first day counted: 1 January, or the point's opening day if later
    start: date
    holdings: int
    new_acquisitions: int
    circulation: int
    visits: int
    #: minutes actually open and minutes open with on-duty staff >= minimum, over the
    #: ``hours_days`` completed days from ``start``; ``None`` when no hours were recorded
    hours_days: int
    open_minutes: int | None
    staffed_minutes: int | None
    required_services: int
    confirmed_services: int
    barcodes: int
    barcodes_conforming: int
    standards_running: int | None
    standards_latest: int
    days_since_report: int | None


@dataclass(frozen=True)
class MonthCounts:
    """Raw counts of one month, turned into a :class:`TrendPoint` by :func:`trend_point`."""

    month: int
    circulation: int
    new_acquisitions: int
    visits: int
    open_minutes: int | None
    staffed_minutes: int | None
    days_recorded: int


def staffed_minutes(d: DayFigures) -> int:
    """Minutes of a completed day open with at least the minimum on duty.

    ``understaffed_minutes`` also counts scheduled minutes when nobody was there (the point
    was closed); those are not open time, so they are taken out before subtracting."""
    if d.min_staff <= 0:
        return d.open_minutes
    closed_scheduled = d.scheduled_minutes - (d.open_minutes - d.open_outside_minutes)
    return d.open_minutes - (d.understaffed_minutes - closed_scheduled)


def hours_totals(days: list[DayFigures]) -> tuple[int | None, int | None]:
    """Open and fully staffed minutes over completed days; ``None`` without any day."""
    if not days:
        return None, None
    return sum(d.open_minutes for d in days), sum(staffed_minutes(d) for d in days)


def month_hours(days: list[DayFigures]) -> dict[int, tuple[int, int, int]]:
    """month -> (open minutes, staffed minutes, days) of completed days."""
    out: dict[int, tuple[int, int, int]] = {}
    for d in days:
        o, st, n = out.get(d.day.month, (0, 0, 0))
        out[d.day.month] = (o + d.open_minutes, st + staffed_minutes(d), n + 1)
    return out


def rate(value: float | None, target: float | None, *, higher_is_better: bool = True) -> Rating:
    if value is None or target is None:
        return "none"
    if higher_is_better:
        if value >= target:
            return "green"
        return "amber" if value >= AMBER_SHARE * target else "red"
    if value <= target:
        return "green"
    return "amber" if value * AMBER_SHARE <= target else "red"


def worst(ratings: list[Rating]) -> Rating:
    return max(ratings, key=lambda r: _ORDER[r], default="none")


def period(year: int, today: date, opened: date | None) -> tuple[date, date, int]:
    """First and last day counted for ``year`` seen on ``today`` (inclusive), and how many
    completed days the hours figures cover (today is not over yet)."""
    start = date(year, 1, 1)
    if opened is not None and opened > start:
        start = opened
    end = min(today, date(year, 12, 31))
    hours_end = min(today, date(year + 1, 1, 1))
    return start, end, max(0, (hours_end - start).days)


def year_share(inp: KpiInputs) -> float:
    return share_of_year(inp.year, inp.start, inp.as_of)


def share_of_year(year: int, start: date, as_of: date) -> float:
    """The elapsed part of ``year`` counted from ``start`` through ``as_of`` (pro-rating)."""
    days = (as_of - start).days + 1
    in_year = 366 if calendar.isleap(year) else 365
    return max(0.0, min(1.0, days / in_year))


def _pct(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 1)


def _per(n: int, population: int | None) -> float | None:
    return round(n / population, 3) if population else None


def figures(inp: KpiInputs, package: StandardsPackage) -> list[Figure]:
    """Every figure of a point, in unification order."""
    targets = package.standards.kpi_targets.get(PointLevel(inp.level))
    share = year_share(inp)

    def prorated(annual: float | None) -> float | None:
        # a year before the point opened has nothing to be measured against
        return None if annual is None or share == 0 else round(annual * share, 3)

    weekly = (
        round(inp.open_minutes / 60 / (inp.hours_days / 7), 1)
        if inp.open_minutes is not None and inp.hours_days > 0
        else None
    )
    report_days = REPORT_EVERY_DAYS.get(package.management.report_schedule, 31)
    behind = None if inp.standards_running is None else inp.standards_latest - inp.standards_running
    rows: list[tuple[str, Unification, str, str, float | None, float | None, str, bool]] = [
        (
            "barcode_conformity",
            Unification.identity,
            "条码符合统一格式",
            "barcodes in the district format",
            _pct(inp.barcodes_conforming, inp.barcodes),
            100.0,
            "%",
            True,
        ),
        (
            "weekly_opening_hours",
            Unification.service,
            "周开放时长",
            "weekly opening hours achieved",
            weekly,
            targets.weekly_opening_hours if targets else None,
            "h",
            True,
        ),
        (
            "services_checklist",
            Unification.service,
            "必备服务落实率",
            "required services confirmed",
            _pct(inp.confirmed_services, inp.required_services),
            100.0,
            "%",
            True,
        ),
        (
            "staffing_minimum",
            Unification.staffing,
            "在岗人数达标率",
            "open time with minimum staff on duty",
            _pct(inp.staffed_minutes, inp.open_minutes),
            100.0,
            "%",
            True,
        ),
        (
            "standards_current",
            Unification.management,
            "执行现行标准包",
            "versions behind the district package",
            None if behind is None else float(max(behind, 0)),
            0.0,
            "",
            False,
        ),
        (
            "reporting",
            Unification.management,
            "距上次上报天数",
            "days since last report to the hub",
            # a desk clock behind the hub's must not report from the future
            None if inp.days_since_report is None else float(max(inp.days_since_report, 0)),
            float(report_days),
            "d",
            False,
        ),
        (
            "holdings_per_capita",
            Unification.standards,
            "人均藏书量",
            "holdings per capita",
            _per(inp.holdings, inp.population),
            targets.holdings_per_capita if targets else None,
            "册/人",
            True,
        ),
        (
            "new_acquisitions",
            Unification.standards,
            "年新增藏量",
            "new acquisitions this year",
            float(inp.new_acquisitions),
            prorated(targets.new_acquisitions_per_year if targets else None),
            "册",
            True,
        ),
        (
            "circulation",
            Unification.standards,
            "年流通次数",
            "circulation this year",
            float(inp.circulation),
            prorated(targets.annual_circulation if targets else None),
            "次",
            True,
        ),
        (
            "visits_per_capita",
            Unification.standards,
            "人均到馆次数",
            "visits per capita this year",
            _per(inp.visits, inp.population),
            prorated(targets.visits_per_capita if targets else None),
            "次/人",
            True,
        ),
    ]
    annual = {
        "new_acquisitions": targets.new_acquisitions_per_year if targets else None,
        "circulation": targets.annual_circulation if targets else None,
        "visits_per_capita": targets.visits_per_capita if targets else None,
    }
    out = []
    for key, uni, zh, en, value, target, unit, higher in rows:
        if key == "standards_current" and value is None:
            rating: Rating = "red"  # never seen running any version: not compliant
        elif key == "reporting" and value is None:
            rating = "red"  # never reported
        elif key == "standards_current" and value is not None:
            rating = "green" if value == 0 else "amber" if value == 1 else "red"
        else:
            rating = rate(value, target, higher_is_better=higher)
        out.append(
            Figure(
                key=key,
                unification=uni,
                name_zh=zh,
                name_en=en,
                value=value,
                target=target,
                unit=unit,
                higher_is_better=higher,
                rating=rating,
                period=PERIODS[key],
                annual_target=annual.get(key),
            )
        )
    return out


def trend_point(year: int, m: MonthCounts) -> TrendPoint:
    weekly = (
        round(m.open_minutes / 60 / (m.days_recorded / 7), 1)
        if m.open_minutes is not None and m.days_recorded
        else None
    )
    return TrendPoint(
        month=f"{year}-{m.month:02d}",
        circulation=m.circulation,
        new_acquisitions=m.new_acquisitions,
        visits=m.visits,
        open_hours_per_week=weekly,
        staffing_met_pct=_pct(m.staffed_minutes, m.open_minutes),
    )


def assess(
    *,
    code: str,
    name: str,
    inp: KpiInputs,
    package: StandardsPackage,
    months: list[MonthCounts],
) -> PointCompliance:
    """A point's figures, the rating of each unification, and its monthly trend."""
    figs = figures(inp, package)
    per_uni = {u: worst([f.rating for f in figs if f.unification == u]) for u in Unification}
    return PointCompliance(
        point_code=code,
        point_name=name,
        level=inp.level,
        population=inp.population,
        year=inp.year,
        as_of=inp.as_of,
        start=inp.start,
        standards_version=inp.standards_running,
        figures=figs,
        unifications=per_uni,
        overall=worst(list(per_uni.values())),
        trend=[trend_point(inp.year, m) for m in months],
    )


def months_until(year: int, today: date, start: date) -> list[int]:
    """The months of ``year`` from ``start``'s through the one running ``today``."""
    first = start.month if start.year == year else 1
    last = 12 if today.year > year else today.month if today.year == year else 0
    return list(range(first, last + 1))


def checklist_periods(start: date, hours_end: date) -> list[str]:
    """The months whose services checklist counts: those completed in the period (a month is
    confirmed once it is over), or the running month while none is complete yet."""
    out = []
    first = start.replace(day=1)
    while True:
        nxt = (first + timedelta(days=32)).replace(day=1)
        if nxt > hours_end:
            break
        out.append(f"{first:%Y-%m}")
        first = nxt
    return out or [f"{max(start, hours_end - timedelta(days=1)):%Y-%m}"]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First day of the month and first day of the next."""
    first = date(year, month, 1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt


__all__ = [
    "AMBER_SHARE",
    "NOT_HOLDINGS",
    "PERIODS",
    "ComplianceReport",
    "Figure",
    "KpiInputs",
    "MonthCounts",
    "PointActivities",
    "PointCompliance",
    "TrendPoint",
    "Unification",
    "assess",
    "figures",
    "rate",
]
