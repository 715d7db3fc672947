"""Exceptions at the desk: list them, and resolve one (the resolution syncs as an event)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError
from ..events import ExceptionResolved
from ..models import SyncException
from ..services.context import Ctx, clean_text, record

RESOLUTIONS = ("accept", "correct", "escalate")


@dataclass(frozen=True)
class ExceptionView:
    uid: str
    kind: str
    status: str
    context: dict[str, Any]
    created_at: datetime
    resolution: str | None
    resolution_note: str | None


def _view(x: SyncException) -> ExceptionView:
    return ExceptionView(
        x.uid, x.kind, x.status, x.context, x.created_at, x.resolution, x.resolution_note
    )


def list_exceptions(s: Session, ctx: Ctx, status: str | None = "open") -> list[ExceptionView]:
    q = select(SyncException).order_by(SyncException.created_at, SyncException.id)
    if status:
        q = q.where(SyncException.status == status)
    return [_view(x) for x in s.scalars(q)]


def resolve_exception(
    s: Session, ctx: Ctx, uid: str, resolution: str, note: str = ""
) -> ExceptionView:
    """Staff's decision: accept what the hub did, record a correction made, or escalate."""
    if resolution not in RESOLUTIONS:
        raise DeskError("bad_input", detail=f"resolution: {', '.join(RESOLUTIONS)}")
    why = clean_text(note, field_name="说明 note", max_len=500, required=False) or ""
    x = s.scalars(select(SyncException).where(SyncException.uid == uid)).first()
    if x is None:
        raise DeskError("bad_input", detail=f"没有该异常 / no exception {uid[:36]}")
    if x.status == "resolved":
        raise DeskError("bad_input", detail="该异常已处理 / already resolved")
    x.status, x.resolution, x.resolution_note, x.resolved_at = (
        "resolved",
        resolution,
        why,
        ctx.now(),
    )
    record(
        s,
        ctx,
        "exception.resolved",
        ExceptionResolved(uid=x.uid, resolution=resolution, note=why),
        target=x.uid,
        detail=f"{x.kind}: {resolution}",
    )
    return _view(x)
