"""The catalogue at the hub: titles and their corrections, copies, copy status, inventories.

A title correction is merged per field by clock (a late older edit loses) and goes to every
point holding a copy; a copy's status is the later fact (by clock) about it.
"""

from __future__ import annotations

from ...common.times import as_utc
from ...protocol.events import (
    InventoryFinished,
    ItemAdded,
    ItemStatusChanged,
    TitleAdded,
    TitleUpdated,
)
from ...protocol.wire import EventEnvelope
from ..models import HubInventory, HubTitle
from .context import BatchContext, Rejected
from .copystate import AVAILABLE, Placement, place, resting


def title_added(ctx: BatchContext, e: EventEnvelope, p: TitleAdded) -> list[str]:
    """A title the hub has is kept as it is (corrections come as ``title.updated``). The
    batch's titles are looked up together before its events (``batch._prefetch``), and the
    new ones are written together at its end, not one look-up and one INSERT per title."""
    if ctx.row(HubTitle, p.uid) is None:
        ctx.add(HubTitle(uid=p.uid, data=p.model_dump(mode="json"), isbn=p.isbn))
        ctx.reindex.add(p.uid)
    return []


def item_added(ctx: BatchContext, e: EventEnvelope, p: ItemAdded) -> list[str]:
    it = ctx.item(p.barcode)  # authority: the sender's own copy
    it.title_uid, it.call_number = p.title_uid, p.call_number
    it.material_type, it.owner, it.price_cents = p.material_type, p.owner, p.price_cents
    place(ctx, it, Placement(e.hlc, AVAILABLE, p.location))  # on the shelf where it was added
    if it.added_at is None:
        it.added_at = as_utc(e.wall_time)
    ctx.feed.items.add(it.barcode)
    ctx.reindex.add(p.title_uid)
    return []


def title_updated(ctx: BatchContext, e: EventEnvelope, p: TitleUpdated) -> list[str]:
    """A catalogue correction, merged per field by clock (a late older edit loses)."""
    given = p.fields.given()
    if not given:
        raise Rejected("bad_payload")
    t = ctx.row(HubTitle, p.uid)
    if t is None:  # the correction arrived before the title: keep it, fill in later
        t = HubTitle(uid=p.uid, data={"uid": p.uid, "title": ""}, field_hlc={})
        ctx.add(t)
    data, hlcs = dict(t.data), dict(t.field_hlc or {})
    for f, v in given.items():
        if hlcs.get(f, "") < e.hlc:
            data[f], hlcs[f] = v, e.hlc
    t.data, t.field_hlc = data, hlcs
    t.isbn = data.get("isbn") or None
    ctx.s.flush()
    ctx.reindex.add(p.uid)
    ctx.feed.titles.add(p.uid)  # every point holding a copy learns the correction
    return []


def item_status_changed(ctx: BatchContext, e: EventEnvelope, p: ItemStatusChanged) -> list[str]:
    """Lost, damaged, withdrawn, or found again (from the copy's owner or the point it is
    at: ``authority``); the later fact (by clock) decides where and how the copy is."""
    it = ctx.item(p.barcode)
    # found again: on this point's shelf; else the status changes where the copy rests
    where = e.point_code if p.status == AVAILABLE else resting(it).location
    place(ctx, it, Placement(e.hlc, p.status, where))
    ctx.feed.items.add(it.barcode)
    return []


def inventory_finished(ctx: BatchContext, e: EventEnvelope, p: InventoryFinished) -> list[str]:
    if ctx.s.get(HubInventory, p.uid) is None:
        ctx.s.add(
            HubInventory(
                uid=p.uid,
                point_code=e.point_code,
                call_from=p.call_from,
                call_to=p.call_to,
                expected=p.expected,
                found=p.found,
                missing=p.missing,
                misplaced=p.misplaced,
                unexpected=p.unexpected,
                finished_at=as_utc(e.wall_time),
                staff_code=e.staff_code,
            )
        )
        ctx.s.flush()
    return []
