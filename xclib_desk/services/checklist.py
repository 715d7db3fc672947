"""Required services (统一服务): the package's list for the point's level, confirmed monthly.

The local librarian answers each required service once per month: provided, or not provided
with a note saying why. Gaps are the required services not confirmed as provided. Answers sync
as ``services.confirmed``; the hub keeps the latest answer per point, month and service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError, Phrase, Text
from ..input_checks import clean_text
from ..models import ServiceCheck
from ..protocol.events import ServiceConfirmed
from ..standards.hours import midnight
from ..standards.schema import PointLevel
from .context import Ctx, record, require_role

#: names of the services the bundled package uses; a package may name others (shown as codes)
SERVICE_NAMES: dict[str, tuple[str, str]] = {
    "borrow_return": ("借阅与通还", "Borrowing and returns"),
    "reader_registration": ("读者办证", "Reader registration"),
    "reference": ("参考咨询", "Reference enquiries"),
    "children_reading": ("少儿阅读", "Children's reading"),
    "digital_resources": ("数字资源", "Digital resources"),
    "lectures": ("讲座展览", "Lectures and exhibitions"),
    "accessibility": ("无障碍服务", "Accessibility services"),
    "reading_promotion": ("阅读推广", "Reading promotion"),
}


@dataclass(frozen=True)
class CheckItem:
    service: str
    name_zh: str
    name_en: str
    provided: bool | None  # None: not answered yet this month
    note: str
    staff_code: str | None
    confirmed_at: datetime | None


@dataclass(frozen=True)
class Checklist:
    period: str
    level: str
    items: list[CheckItem]
    gaps: list[str]


def parse_period(ctx: Ctx, period: str | None) -> str:
    """``YYYY-MM``; default this month; never a future month."""
    if period is None or not period.strip():
        return ctx.today().strftime("%Y-%m")
    value = period.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if not m or not 1 <= int(m[2]) <= 12:
        raise DeskError("bad_input", detail=Text("月份格式 YYYY-MM", "the month as YYYY-MM"))
    value = f"{int(m[1]):04d}-{int(m[2]):02d}"
    if value > ctx.today().strftime("%Y-%m"):
        raise DeskError("bad_input", detail=Phrase("month_in_future"))
    return value


def required(ctx: Ctx, period: str) -> list[str]:
    """The services required of this point's level under the package in force at the end of
    the month (or now, for the current month)."""
    year, month = (int(x) for x in period.split("-"))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    policy = ctx.policy_at(min(ctx.now(), midnight(last)))
    return list(policy.package.service.required_services.get(PointLevel(ctx.point.level), []))


def checklist(s: Session, ctx: Ctx, period: str | None = None) -> Checklist:
    p = parse_period(ctx, period)
    rows = {r.service: r for r in s.scalars(select(ServiceCheck).where(ServiceCheck.period == p))}
    items = []
    for code in required(ctx, p):
        zh, en = SERVICE_NAMES.get(code, (code, code))
        r = rows.get(code)
        items.append(
            CheckItem(
                code,
                zh,
                en,
                r.provided if r else None,
                r.note if r else "",
                r.staff_code if r else None,
                r.confirmed_at if r else None,
            )
        )
    return Checklist(p, ctx.point.level, items, [i.service for i in items if not i.provided])


def gaps(s: Session, ctx: Ctx, period: str | None = None) -> list[str]:
    return checklist(s, ctx, period).gaps


def confirm(
    s: Session,
    ctx: Ctx,
    service: str,
    provided: bool,
    note: str | None = None,
    period: str | None = None,
) -> CheckItem:
    """Record this month's answer for one service; the same answer again changes nothing."""
    require_role(ctx, "librarian", "admin", action="confirm required services")
    p = parse_period(ctx, period)
    allowed = required(ctx, p)
    code = (service or "").strip()
    if code not in allowed:
        raise DeskError("unknown_service", service=code, allowed=", ".join(allowed))
    text = clean_text(note, field="note", max_len=500, required=not provided) or ""
    row = s.scalars(
        select(ServiceCheck).where(ServiceCheck.period == p, ServiceCheck.service == code)
    ).one_or_none()
    if row is None:
        row = ServiceCheck(period=p, service=code)
        s.add(row)
    elif row.provided == provided and row.note == text:
        return _item(row)
    row.provided, row.note = provided, text
    row.staff_code, row.confirmed_at = ctx.actor.staff_code, ctx.now()
    record(
        s,
        ctx,
        "services.confirmed",
        ServiceConfirmed(period=p, service=code, provided=provided, note=text),
        target=f"{p}:{code}",
        detail=("provided" if provided else "not provided: " + text)[:500],
    )
    return _item(row)


def _item(r: ServiceCheck) -> CheckItem:
    zh, en = SERVICE_NAMES.get(r.service, (r.service, r.service))
    return CheckItem(r.service, zh, en, r.provided, r.note, r.staff_code, r.confirmed_at)
