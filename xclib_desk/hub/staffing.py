"""The hub's staffing figures and administration: points' hours and population, duty shifts,
the services checklist, visits and loan-history retention.

Events fill ``hub_duty_shift``, ``hub_service_check`` and ``hub_visit`` (their handlers are in
``push/staffing.py``). Compliance reads per-point figures through
:func:`day_hours`, :func:`service_gaps` and :func:`visits`; the hours arithmetic is the desk's
own (``standards.hours``), so desk and hub report the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..common.times import utcnow
from ..protocol.wire import PointUpdate
from ..standards.hours import (
    DayFigures,
    Shift,
    WeekRule,
    day_figures,
    meets_minimum,
    midnight,
    parse_week,
    rule_for,
    week_json,
)
from ..standards.schema import PointLevel, StandardsPackage
from ..standards.timeline import in_force, takeovers
from .errors import HubError
from .models import HubDutyShift, HubPoint, HubServiceCheck, HubStandards, HubVisit
from .push.feed import Feed, lock_feed, point_row, write_feed
from .push.staffing import anonymise_fees, anonymise_loans
from .redaction import redact_ledger


# --- rules in force -------------------------------------------------------------------------
class Packages:
    """The hub's package versions by effective time, parsed once per use."""

    def __init__(self, s: Session) -> None:
        rows = s.execute(
            select(HubStandards.effective_from, HubStandards.version).order_by(
                HubStandards.effective_from
            )
        ).all()
        self.s = s
        self.times = takeovers((t, v, v) for t, v in rows)
        self._parsed: dict[int, StandardsPackage] = {}

    def at(self, when: datetime) -> StandardsPackage:
        """The package in force at ``when`` (``standards.timeline``: the highest version in
        effect; the first one before any took effect)."""
        version = in_force(self.times, when)
        if version not in self._parsed:
            body = self.s.get_one(HubStandards, version).body
            self._parsed[version] = StandardsPackage.model_validate_json(body)
        return self._parsed[version]


def check_hours(
    s: Session, level: str, hours: dict[str, Any] | str | None
) -> dict[str, Any] | None:
    """A point's own week, normalised to JSON, if it meets its level's package minimum."""

    if hours is None or (isinstance(hours, str) and not hours.strip()):
        return None
    try:
        week = parse_week(hours)
    except ValueError as e:
        raise HubError(422, "bad_hours", f"hours: {e}") from None
    problems = meets_minimum(Packages(s).at(utcnow()), level, week)
    if problems:
        raise HubError(422, "hours_below_minimum", "; ".join(problems))
    return week_json(week)


# --- figures for compliance ---------------------------------------------------------------
def day_hours(
    s: Session, point_code: str, start: date, end: date, now: datetime | None = None
) -> list[DayFigures]:
    """Per day: scheduled, open and understaffed minutes and the understaffed periods."""
    p = s.get(HubPoint, point_code.upper())
    if p is None:
        return []
    now = now or utcnow()
    lo, hi = midnight(start), midnight(end + timedelta(days=1))
    rows = s.scalars(
        select(HubDutyShift).where(
            HubDutyShift.point_code == p.code,
            HubDutyShift.started_at.is_not(None),
            HubDutyShift.started_at < hi,
            # an open shift counts at most until the midnight after it began
            HubDutyShift.started_at >= lo - timedelta(days=1),
            or_(HubDutyShift.ended_at.is_(None), HubDutyShift.ended_at > lo),
        )
    ).all()
    shifts = [Shift(r.staff_code, r.started_at, r.ended_at) for r in rows if r.started_at]
    packages = Packages(s)
    rules: dict[int, WeekRule] = {}

    def rule_at(day: date) -> WeekRule:
        pkg = packages.at(midnight(day))
        if pkg.version not in rules:
            rules[pkg.version] = rule_for(pkg, p.level, p.hours)
        return rules[pkg.version]

    return day_figures(shifts, rule_at, start, end, now)


def required_services(s: Session, point_code: str, period: str) -> list[str]:
    p = s.get(HubPoint, point_code.upper())
    if p is None:
        return []
    year, month = (int(x) for x in period.split("-"))
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    at = min(utcnow(), midnight(last))
    return list(Packages(s).at(at).service.required_services.get(PointLevel(p.level), []))


def service_gaps(s: Session, point_code: str, period: str) -> list[str]:
    """Required services of the point's level not confirmed as provided in ``period``."""
    code = point_code.upper()
    provided = set(
        s.scalars(
            select(HubServiceCheck.service).where(
                HubServiceCheck.point_code == code,
                HubServiceCheck.period == period,
                HubServiceCheck.provided.is_(True),
            )
        )
    )
    return [x for x in required_services(s, code, period) if x not in provided]


def visits(s: Session, point_code: str, start: date, end: date) -> dict[date, int]:
    rows = s.execute(
        select(HubVisit.day, HubVisit.count).where(
            HubVisit.point_code == point_code.upper(), HubVisit.day >= start, HubVisit.day <= end
        )
    ).all()
    return {d: c for d, c in rows}


# --- retention ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RetentionRun:
    cutoff: datetime
    days: int
    count: int
    #: ledger rows whose card number was nulled (hub/redaction.py)
    redacted: int = 0


def run_retention(s: Session, now: datetime | None = None) -> RetentionRun:
    """The district rule in force now, applied to the hub's whole loan history."""
    now = now or utcnow()
    days = Packages(s).at(now).management.loan_history_retention_days
    cutoff = now - timedelta(days=days)
    count = anonymise_loans(s, cutoff)
    anonymise_fees(s, cutoff)
    return RetentionRun(cutoff, days, count, redact_ledger(s, cutoff, now))


# --- points: population and hours -----------------------------------------------------------
def point_out(p: HubPoint) -> dict[str, Any]:
    """A point as the admin API lists it: the same shape as its feed row."""
    return point_row(p).model_dump(mode="json")


def set_point(s: Session, code: str, upd: PointUpdate) -> HubPoint:
    """Change a point's name, served population or own hours; the point learns it by feed."""

    lock_feed(s)
    p = s.get(HubPoint, code.upper())
    if p is None:
        raise HubError(404, "unknown_point", f"no point {code.upper()}")
    given = upd.model_fields_set
    if "name" in given and upd.name:
        p.name = upd.name
    if "population" in given:
        p.population = upd.population
    if "hours" in given:
        p.hours = check_hours(s, p.level, upd.hours)
    s.flush()
    write_feed(s, Feed(points={p.code}))
    return p
