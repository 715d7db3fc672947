"""This point's compliance figures against the district's KPI targets.

The desk only counts its own rows here; what the figures mean, their targets and their colours
come from :mod:`xclib_desk.standards.kpi`, the definition the hub's district report uses too.
What the desk counts:

- holdings: copies located at this point, whoever owns them (the hall distributes stock), not
  lost, withdrawn or in transit; new acquisitions, circulation and visits: the same counts as
  the statistics tables (:mod:`.stats`), months in Beijing time;
- opening hours and staffing: the recorded duty shifts (``standards.hours``) over completed days;
- services checklist: required services of the point's level confirmed provided, per month;
- barcodes: copies this point owns and cards registered here, against the package's formats;
- standards: the version in force here; reporting: days since the hub last took our events;
- the year starts on 1 January, or on the day this point was initialised if later.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.times import BEIJING
from ..errors import DeskError, Phrase
from ..models import Item, OutboxDelivery, OutboxEvent, Point, Reader, StandardsVersion
from ..standards import kpi
from ..standards.hours import DayFigures
from . import checklist, duty, stats
from .context import Ctx, report_year


def _hours(s: Session, ctx: Ctx, start: date, end: date) -> list[DayFigures]:
    """Per-day opening and staffing figures from this point's duty shifts (``end`` inclusive)."""
    return duty.day_hours(s, ctx, start, end) if end >= start else []


def _opened(s: Session, ctx: Ctx) -> date | None:
    first = s.scalar(
        select(func.min(OutboxEvent.wall_time)).where(
            OutboxEvent.type == "point.initialised", OutboxEvent.point_code == ctx.point.code
        )
    )
    return first.astimezone(BEIJING).date() if first else None


def _barcodes(s: Session, ctx: Ctx) -> tuple[int, int]:
    ident = ctx.policy.package.identity
    items = s.scalars(select(Item.barcode).where(Item.owner_point_id == ctx.point.id)).all()
    cards = s.scalars(select(Reader.card_no).where(Reader.home_point_id == ctx.point.id)).all()
    item_re, card_re = (
        re.compile(ident.item_barcode_pattern),
        re.compile(ident.card_barcode_pattern),
    )
    ok = sum(1 for b in items if item_re.fullmatch(b)) + sum(
        1 for c in cards if card_re.fullmatch(c)
    )
    return len(items) + len(cards), ok


def _services(s: Session, ctx: Ctx, periods: list[str]) -> tuple[int, int]:
    """Required services of each month, and how many were confirmed provided."""
    required = confirmed = 0
    for period in periods:
        need = checklist.required(ctx, period)
        required += len(need)
        confirmed += len(need) - len(checklist.gaps(s, ctx, period))
    return required, confirmed


def _check_year(year: int | str, today: date) -> int:
    y = report_year(year)
    if y > today.year:
        raise DeskError("bad_input", detail=Phrase("year_not_begun", year=y))
    return y


def point_compliance(s: Session, ctx: Ctx, year: int | str | None = None) -> kpi.PointCompliance:
    """The point's figures for ``year`` (default: this year), as of today."""
    today = ctx.today()
    y = _check_year(year if year is not None else today.year, today)
    start, end, hours_days = kpi.period(y, today, _opened(s, ctx))
    days = _hours(s, ctx, start, start + timedelta(days=hours_days - 1))
    open_min, staffed = kpi.hours_totals(days)
    required, confirmed = _services(
        s, ctx, kpi.checklist_periods(start, start + timedelta(hours_days))
    )
    total, ok = _barcodes(s, ctx)
    point = s.get_one(Point, ctx.point.id)
    circ = stats.circulation_by_month(s, ctx, y).rows
    new = stats.new_acquisitions(s, ctx, y).rows
    vis = stats.visits_by_month(s, ctx, y).rows
    known = s.scalar(
        select(func.max(StandardsVersion.version)).where(
            StandardsVersion.effective_from <= ctx.now()
        )
    )
    last = s.scalar(select(func.max(OutboxDelivery.delivered_at)))
    # the year's counts are the trend's months summed, so the figure and its chart agree
    counted = kpi.months_until(y, today, start)
    inputs = kpi.KpiInputs(
        level=ctx.point.level,
        population=point.served_population,
        year=y,
        as_of=end,
        start=start,
        holdings=stats.holdings_here(s, ctx),
        new_acquisitions=sum(int(new[m - 1][1]) for m in counted),
        circulation=sum(int(circ[m - 1][1]) for m in counted),
        visits=sum(int(vis[m - 1][1]) for m in counted),
        hours_days=hours_days,
        open_minutes=open_min,
        staffed_minutes=staffed,
        required_services=required,
        confirmed_services=confirmed,
        barcodes=total,
        barcodes_conforming=ok,
        standards_running=ctx.policy.version,
        standards_latest=max(int(known or 0), ctx.policy.version),
        days_since_report=(today - last.astimezone(BEIJING).date()).days if last else None,
    )
    per_month = kpi.month_hours(days)
    months = [
        kpi.MonthCounts(
            month=m,
            circulation=int(circ[m - 1][1]),
            new_acquisitions=int(new[m - 1][1]),
            visits=int(vis[m - 1][1]),
            open_minutes=per_month[m][0] if m in per_month else None,
            staffed_minutes=per_month[m][1] if m in per_month else None,
            days_recorded=per_month.get(m, (0, 0, 0))[2],
        )
        for m in counted
    ]
    return kpi.assess(
        code=ctx.point.code, name=point.name, inp=inputs, package=ctx.policy.package, months=months
    )


__all__ = ["point_compliance"]
