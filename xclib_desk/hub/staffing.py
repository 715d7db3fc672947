"""The hub's side of issue 5: points' hours and population, duty shifts, the services checklist,
visits and loan-history retention.

Events fill ``hub_duty_shift``, ``hub_service_check`` and ``hub_visit`` (see the ``_on_*``
handlers in ``apply.py``, which delegate here). Compliance (H3) reads per-point figures through
:func:`day_hours`, :func:`service_gaps` and :func:`visits`; the hours arithmetic is the desk's
own (``standards.hours``), so desk and hub report the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..common.times import utcnow
from ..protocol.events import (
    DutyEnded,
    DutyStarted,
    RetentionApplied,
    ServiceConfirmed,
    VisitsRecorded,
)
from ..protocol.wire import EventEnvelope, PointUpdate
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
from .models import (
    HubChange,
    HubDutyShift,
    HubLoan,
    HubPoint,
    HubServiceCheck,
    HubStandards,
    HubVisit,
)
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
        self.times = [(t, v) for t, v in rows]
        self._parsed: dict[int, StandardsPackage] = {}

    def at(self, when: datetime) -> StandardsPackage:
        """The package in force at ``when`` (the earliest one before any took effect)."""
        version = self.times[0][1]
        for t, v in self.times:
            if t <= when:
                version = v
        if version not in self._parsed:
            body = self.s.get_one(HubStandards, version).body
            self._parsed[version] = StandardsPackage.model_validate_json(body)
        return self._parsed[version]


def check_hours(
    s: Session, level: str, hours: dict[str, Any] | str | None
) -> dict[str, Any] | None:
    """A point's own week, normalised to JSON, if it meets its level's package minimum."""
    from .admin import HubError

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


# --- events ---------------------------------------------------------------------------------
def _own_shift(s: Session, e: EventEnvelope, uid: str) -> HubDutyShift | None:
    """The shift ``uid`` if it is the pushing point's: a point never writes another's duty."""
    from .apply import Rejected

    row = s.get(HubDutyShift, uid)
    if row is not None and row.point_code != e.point_code:
        raise Rejected("wrong_point")
    return row


def on_duty_started(s: Session, e: EventEnvelope, p: DutyStarted) -> list[str]:
    row = _own_shift(s, e, p.uid)
    if row is None:
        row = HubDutyShift(uid=p.uid, point_code=e.point_code, staff_code=p.staff_code)
        s.add(row)
    row.started_at = p.started_at
    return []


def on_duty_ended(s: Session, e: EventEnvelope, p: DutyEnded) -> list[str]:
    row = _own_shift(s, e, p.uid)
    if row is None:  # the end arrived first: its start will fill in the row
        row = HubDutyShift(uid=p.uid, point_code=e.point_code, staff_code=p.staff_code)
        s.add(row)
    row.ended_at, row.end_reason = p.ended_at, p.reason
    return []


def on_services_confirmed(s: Session, e: EventEnvelope, p: ServiceConfirmed) -> list[str]:
    row = s.get(HubServiceCheck, (e.point_code, p.period, p.service))
    if row is None:
        s.add(
            HubServiceCheck(
                point_code=e.point_code,
                period=p.period,
                service=p.service,
                provided=p.provided,
                note=p.note,
                staff_code=e.staff_code,
                hlc=e.hlc,
            )
        )
        s.flush()
    elif row.hlc < e.hlc:  # a later answer for the same month replaces the earlier one
        row.provided, row.note, row.staff_code, row.hlc = p.provided, p.note, e.staff_code, e.hlc
    return []


def on_visits_recorded(s: Session, e: EventEnvelope, p: VisitsRecorded) -> list[str]:
    row = s.get(HubVisit, (e.point_code, p.day))
    if row is None:
        s.add(HubVisit(point_code=e.point_code, day=p.day, count=p.count, hlc=e.hlc))
        s.flush()
    elif row.hlc < e.hlc:
        row.count, row.hlc = p.count, e.hlc
    return []


def on_retention_applied(s: Session, e: EventEnvelope, p: RetentionApplied) -> list[str]:
    """The point anonymised its history: the hub's copy of that point's loans follows, and
    the ledger's copies of that point's loan events lose their card numbers. The cutoff is
    the point's clock minus its days; a desk clock running ahead must not reach loans that are
    recent by the hub's clock, so the hub takes the earlier of the two."""
    now = utcnow()
    cutoff = min(p.cutoff, now - timedelta(days=max(p.days, 0)))
    anonymise_loans(s, cutoff, point=e.point_code)
    redact_ledger(s, cutoff, now, point=e.point_code)
    return []


# --- figures for compliance (H3) ------------------------------------------------------------
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


def anonymise_loans(s: Session, cutoff: datetime, point: str | None = None) -> int:
    """Returned loans before ``cutoff`` lose their card number, here and in the feed rows that
    carry them (scrubbed in place: the points already anonymised their own copies)."""
    q = select(HubLoan.uid).where(
        HubLoan.returned_at.is_not(None),
        HubLoan.returned_at < cutoff,
        HubLoan.card_no.is_not(None),
    )
    if point is not None:
        q = q.where(HubLoan.point == point)
    uids = list(s.scalars(q))
    for i in range(0, len(uids), 500):
        chunk = uids[i : i + 500]
        s.execute(update(HubLoan).where(HubLoan.uid.in_(chunk)).values(card_no=None))
        for row in s.scalars(
            select(HubChange).where(HubChange.kind == "loan", HubChange.key.in_(chunk))
        ):
            row.data = {**row.data, "card_no": None}
    return len(uids)


def run_retention(s: Session, now: datetime | None = None) -> RetentionRun:
    """The district rule in force now, applied to the hub's whole loan history."""
    now = now or utcnow()
    days = Packages(s).at(now).management.loan_history_retention_days
    cutoff = now - timedelta(days=days)
    count = anonymise_loans(s, cutoff)
    return RetentionRun(cutoff, days, count, redact_ledger(s, cutoff, now))


class StaffingEvents:
    """The handlers of issue 5's events, mixed into ``apply.Applier`` (found by name)."""

    s: Session

    def _on_duty_started(self, e: EventEnvelope, p: DutyStarted) -> list[str]:
        return on_duty_started(self.s, e, p)

    def _on_duty_ended(self, e: EventEnvelope, p: DutyEnded) -> list[str]:
        return on_duty_ended(self.s, e, p)

    def _on_services_confirmed(self, e: EventEnvelope, p: ServiceConfirmed) -> list[str]:
        return on_services_confirmed(self.s, e, p)

    def _on_visits_recorded(self, e: EventEnvelope, p: VisitsRecorded) -> list[str]:
        return on_visits_recorded(self.s, e, p)

    def _on_retention_applied(self, e: EventEnvelope, p: RetentionApplied) -> list[str]:
        return on_retention_applied(self.s, e, p)


# --- points: population and hours -----------------------------------------------------------
def point_out(p: HubPoint) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "level": p.level,
        "parent_code": p.parent_code,
        "population": p.population,
        "hours": p.hours,
    }


def set_point(s: Session, code: str, upd: PointUpdate) -> HubPoint:
    """Change a point's name, served population or own hours; the point learns it by feed."""
    from .admin import HubError
    from .apply import Feed, lock_feed, write_feed

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
