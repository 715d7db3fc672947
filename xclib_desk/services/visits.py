"""Daily visit counts (到馆人次): entered at the desk or imported from a gate counter."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError
from ..events import VisitsRecorded
from ..models import VisitCount
from .context import Ctx, record


def record_visits(s: Session, ctx: Ctx, day: date | str, count: int | str) -> int:
    """Set the day's count (a correction replaces, never adds); returns the stored count."""
    try:
        d = day if isinstance(day, date) else date.fromisoformat(str(day).strip())
        n = int(str(count).strip())
    except ValueError:
        raise DeskError(
            "bad_input", detail="日期 YYYY-MM-DD，人次为整数 / date and count"
        ) from None
    if n < 0 or n > 1_000_000:
        raise DeskError("bad_input", detail="人次不合理 / implausible count")
    if d > ctx.today():
        raise DeskError("bad_input", detail="不能登记未来日期 / date in the future")
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
