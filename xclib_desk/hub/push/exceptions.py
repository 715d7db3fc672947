"""Exceptions at the hub: a point's decision on a conflict the hub raised."""

from __future__ import annotations

from ...protocol.events import ExceptionResolved
from ...protocol.wire import EventEnvelope
from ..models import HubException
from .context import BatchContext, Rejected


def resolved(ctx: BatchContext, e: EventEnvelope, p: ExceptionResolved) -> list[str]:
    """Only a point the exception names may resolve it; the first resolution stands."""
    x = ctx.s.get(HubException, p.uid)
    if x is None:  # authority refused an exception not naming the sender
        raise Rejected("unknown_exception")
    if x.status != "resolved":
        x.status, x.resolution, x.resolution_note = "resolved", p.resolution, p.note
        context = dict(x.context)
        context["resolved_by"] = {"point": e.point_code, "staff": e.staff_code, "at": e.hlc}
        x.context = context
    ctx.feed.exceptions.add(x.uid)
    return []
