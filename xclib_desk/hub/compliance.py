"""The district compliance report: every point's figures from the hub's tables.

Counting only; figures, targets and ratings are :mod:`xclib_desk.standards.kpi`, the same code
a point's own dashboard uses. From the hub's tables:

- holdings: ``hub_item`` located at the point, not lost, withdrawn or in transit;
- circulation, new acquisitions, visits: :func:`.stats.year_counts` (the district statistics);
- opening hours and staffing: ``staffing.day_hours`` (duty shifts, the desk's arithmetic);
- services checklist: ``staffing.service_gaps`` per month;
- barcodes: the point's copies (``owner``) and cards (``home_point``) against the formats of the
  package in force;
- standards: the newest ``standards_version`` on the point's events (what it actually runs)
  against the package in force; reporting: days since the hub last received an event from it;
- the year starts on 1 January, or on the day of the point's ``point.initialised`` event if later.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.figures import LABELS, Table, parse_year
from ..common.times import BEIJING, utcnow
from ..errors import Phrase, bad_year
from ..standards import kpi
from ..standards.schema import StandardsPackage
from . import activities, staffing
from .errors import HubError
from .models import HubEvent, HubItem, HubPoint, HubReader
from .stats import YearCounts, year_counts


def _check_year(year: int | str | None, today: date) -> int:
    try:
        y = parse_year(year if year is not None else today.year)
    except ValueError:
        raise HubError(422, "bad_input", bad_year(year or "").text()) from None
    if y > today.year:
        raise HubError(422, "bad_input", Phrase("year_not_begun", year=y).text())
    return y


def _per_point(s: Session, column: object, *where: object) -> dict[str, int]:
    return {
        str(p): int(n)
        for p, n in s.execute(
            select(column, func.count()).where(*where).group_by(column)  # type: ignore[call-overload]
        )
    }


def compliance_report(
    s: Session, year: int | str | None = None, now: datetime | None = None
) -> kpi.ComplianceReport:
    """Every registered point's figures for ``year`` (default: this year) as of ``now``."""
    now = now or utcnow()
    today = now.astimezone(BEIJING).date()
    y = _check_year(year, today)
    package = staffing.Packages(s).at(now)
    counts = year_counts(s, y)
    holdings = _per_point(
        s, HubItem.location, HubItem.status.not_in(kpi.NOT_HOLDINGS), HubItem.location.is_not(None)
    )
    opened = {
        str(p): at
        for p, at in s.execute(
            select(HubEvent.point_code, func.min(HubEvent.wall_time))
            .where(HubEvent.type == "point.initialised")
            .group_by(HubEvent.point_code)
        )
    }
    seen = {
        str(p): (v, at)
        for p, v, at in s.execute(
            select(
                HubEvent.point_code,
                func.max(HubEvent.standards_version),
                func.max(HubEvent.received_at),
            ).group_by(HubEvent.point_code)
        )
    }
    points = []
    for p in s.scalars(select(HubPoint).order_by(HubPoint.code)):
        first = opened.get(p.code)
        points.append(
            _point(
                s,
                p,
                y,
                today,
                now,
                package,
                counts,
                holdings.get(p.code, 0),
                first.astimezone(BEIJING).date() if first else None,
                seen.get(p.code),
            )
        )
    return kpi.ComplianceReport(
        year=y,
        as_of=min(today, date(y, 12, 31)),
        latest_standards_version=package.version,
        points=points,
        activities=activities.district_figures(s, y, today, package),
    )


def _point(
    s: Session,
    p: HubPoint,
    y: int,
    today: date,
    now: datetime,
    package: StandardsPackage,
    c: YearCounts,
    holdings: int,
    opened: date | None,
    seen: tuple[int | None, datetime | None] | None,
) -> kpi.PointCompliance:
    start, end, hours_days = kpi.period(y, today, opened)
    days = (
        staffing.day_hours(s, p.code, start, start + timedelta(days=hours_days - 1), now)
        if hours_days > 0
        else []
    )
    open_min, staffed = kpi.hours_totals(days)
    periods = kpi.checklist_periods(start, start + timedelta(days=hours_days))
    required = confirmed = 0
    for period in periods:
        need = staffing.required_services(s, p.code, period)
        gaps = staffing.service_gaps(s, p.code, period)
        required += len(need)
        confirmed += len(need) - len(gaps)
    ident = package.identity
    item_re, card_re = (
        re.compile(ident.item_barcode_pattern),
        re.compile(ident.card_barcode_pattern),
    )
    items = s.scalars(select(HubItem.barcode).where(HubItem.owner == p.code)).all()
    cards = s.scalars(select(HubReader.card_no).where(HubReader.home_point == p.code)).all()
    running, last = seen if seen else (None, None)
    # the year's counts are the trend's months summed, so the figure and its chart agree
    counted = kpi.months_until(y, today, start)
    inputs = kpi.KpiInputs(
        level=p.level,
        population=p.population,
        year=y,
        as_of=end,
        start=start,
        holdings=holdings,
        new_acquisitions=sum(c.acquisitions[(p.code, m)] for m in counted),
        circulation=sum(c.checkouts[(p.code, m)] for m in counted),
        visits=sum(c.visits[(p.code, m)] for m in counted),
        hours_days=hours_days,
        open_minutes=open_min,
        staffed_minutes=staffed,
        required_services=required,
        confirmed_services=confirmed,
        barcodes=len(items) + len(cards),
        barcodes_conforming=sum(1 for b in items if item_re.fullmatch(b))
        + sum(1 for k in cards if card_re.fullmatch(k)),
        standards_running=running,
        standards_latest=package.version,
        days_since_report=(today - last.astimezone(BEIJING).date()).days if last else None,
    )
    per_month = kpi.month_hours(days)
    months = [
        kpi.MonthCounts(
            month=m,
            circulation=c.checkouts[(p.code, m)],
            new_acquisitions=c.acquisitions[(p.code, m)],
            visits=c.visits[(p.code, m)],
            open_minutes=per_month[m][0] if m in per_month else None,
            staffed_minutes=per_month[m][1] if m in per_month else None,
            days_recorded=per_month.get(m, (0, 0, 0))[2],
        )
        for m in counted
    ]
    return kpi.assess(code=p.code, name=p.name, inp=inputs, package=package, months=months)


# --- tables for the xlsx / csv report --------------------------------------------------------
def report_tables(report: kpi.ComplianceReport) -> list[Table]:
    """One row per point (each figure's value, target and rating; each unification's rating),
    then the monthly trend, one row per point and month. Columns are codes: the common ones of
    ``common.figures.LABELS``, and ``unification:``, ``figure:``, ``target:``, ``rating:`` codes
    named by :func:`report_labels`."""
    first = report.points[0].figures if report.points else []
    columns = ["point", "name", "level", "population", "overall"]
    columns += [f"unification:{u.value}" for u in kpi.Unification]
    for f in first:
        columns += [f"figure:{f.key}", f"target:{f.key}", f"rating:{f.key}"]
    rows = []
    for pc in report.points:
        row: list[object] = [pc.point_code, pc.point_name, pc.level, pc.population, pc.overall]
        row += [pc.unifications[u] for u in kpi.Unification]
        for f in pc.figures:
            row += [f.value, f.target, f.rating]
        rows.append(row)
    trend_columns = [
        "point",
        "month",
        "checkouts",
        "new_acquisitions",
        "visits",
        "open_hours_per_week",
        "staffing_met_pct",
    ]
    trend = [
        [
            pc.point_code,
            t.month,
            t.circulation,
            t.new_acquisitions,
            t.visits,
            t.open_hours_per_week,
            t.staffing_met_pct,
        ]
        for pc in report.points
        for t in pc.trend
    ]
    return [
        Table("compliance", columns, rows, [str(report.year)]),
        Table("compliance_trend", trend_columns, trend),
        *activity_tables(report),
    ]


def activity_tables(report: kpi.ComplianceReport) -> list[Table]:
    """Reading promotion (``standards.activities``): one row per point, each figure's value,
    target and rating (the same ``figure:``/``target:``/``rating:`` column codes)."""
    if not report.activities:
        return []
    columns = ["point"]
    for f in report.activities[0].figures:
        columns += [f"figure:{f.key}", f"target:{f.key}", f"rating:{f.key}"]
    rows = []
    for pa in report.activities:
        row: list[object] = [pa.point_code]
        for f in pa.figures:
            row += [f.value, f.target, f.rating]
        rows.append(row)
    return [Table("activities", columns, rows, [str(report.year)])]


def report_labels(report: kpi.ComplianceReport) -> dict[str, tuple[str, str]]:
    """``common.figures.LABELS`` and the compliance columns' names, which belong to the KPI
    definitions (``standards.kpi``: each unification's and each figure's name)."""
    labels = dict(LABELS)
    for u in kpi.Unification:
        labels[f"unification:{u.value}"] = (kpi.UNIFICATION_NAMES[u], u.value)
    for f in report.points[0].figures if report.points else []:
        labels[f"figure:{f.key}"] = (f.name_zh, f.name_en)
        labels[f"target:{f.key}"] = (f"目标 {f.name_zh}", f"target {f.name_en}")
        labels[f"rating:{f.key}"] = (f"评级 {f.name_zh}", f"rating {f.name_en}")
    labels["activities"] = ("阅读推广", "reading promotion")
    for f in report.activities[0].figures if report.activities else []:
        labels[f"figure:{f.key}"] = (f.name_zh, f.name_en)
        labels[f"target:{f.key}"] = (f"目标 {f.name_zh}", f"target {f.name_en}")
        labels[f"rating:{f.key}"] = (f"评级 {f.name_zh}", f"rating {f.name_en}")
    return labels


__all__ = ["compliance_report", "report_labels", "report_tables"]
