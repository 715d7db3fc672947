"""Exceptions at the hub: a point's decision on a conflict the hub raised, and how a refused
event's payload is kept for the hall to see."""

from __future__ import annotations

from typing import Any

from ...protocol.events import ExceptionResolved
from ...protocol.wire import EventEnvelope
from ..models import HubException
from .context import BatchContext, Rejected, storable


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


#: how much of each text a refused payload keeps (the exception and its feed rows carry it)
KEPT_TEXT = 300


def recorded_payload(value: Any) -> Any:
    """A refused payload as the ledger and the hall's exception keep it: storable (``storable``:
    no NUL or lone surrogate), and each text, key included, cut to ``KEPT_TEXT`` characters, so
    no payload a desk can send makes the push fail or the feed carry megabytes."""
    if isinstance(value, str):
        text: str = storable(value)
        return text if len(text) <= KEPT_TEXT else text[:KEPT_TEXT] + "…"
    if isinstance(value, dict):
        return {recorded_payload(str(k)): recorded_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [recorded_payload(v) for v in value]
    return value
