"""The desk's vital signs: counts, the sync backlog and the rules in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Item, Loan, OutboxEvent, Reader, Title
from ..models.records import undelivered
from .context import Ctx


@dataclass(frozen=True)
class StatusView:
    point: str
    point_name: str
    level: str
    device_id: str
    readers: int
    titles: int
    items: int
    open_loans: int
    overdue_loans: int
    events_total: int
    events_pending: int
    oldest_pending_at: datetime | None
    standards_version: int


def status(s: Session, ctx: Ctx) -> StatusView:
    pending = undelivered(OutboxEvent.wall_time).subquery()

    def count(stmt: object) -> int:
        return int(s.scalar(stmt) or 0)  # type: ignore[call-overload]

    return StatusView(
        point=ctx.point.code,
        point_name=ctx.point.name,
        level=ctx.point.level,
        device_id=ctx.device_id,
        readers=count(select(func.count()).select_from(Reader).where(Reader.index_only.is_(False))),
        titles=count(select(func.count()).select_from(Title)),
        items=count(select(func.count()).select_from(Item)),
        open_loans=count(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))),
        overdue_loans=count(
            select(func.count())
            .select_from(Loan)
            .where(Loan.returned_at.is_(None), Loan.due_date < ctx.today())
        ),
        events_total=count(select(func.count()).select_from(OutboxEvent)),
        events_pending=count(select(func.count()).select_from(pending)),
        oldest_pending_at=s.scalar(select(func.min(pending.c.wall_time))),
        standards_version=ctx.policy.version,
    )
