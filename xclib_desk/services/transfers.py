"""Copies going home: the return transfer a point opens for a copy that belongs elsewhere (a
return, a hold that expired or ended on the way, a find in an inventory). One constructor, so
every way home looks the same to the hub and to the point that receives the copy."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Item, Point, Transfer
from ..protocol.events import TransferCreated
from .context import Ctx, new_uid, record


def route_home(s: Session, ctx: Ctx, item: Item) -> tuple[Transfer, Point]:
    """Open the copy's return transfer from here to its owner; it is in transit from now. The
    caller's own event names the transfer (a check-in, a hold's expiry)."""
    owner = s.get_one(Point, item.owner_point_id)
    transfer = Transfer(
        uid=new_uid(),
        item_id=item.id,
        from_point_id=ctx.point.id,
        to_point_id=owner.id,
        reason="return_home",
        status="pending",
        created_at=ctx.now(),
    )
    s.add(transfer)
    item.status, item.location_point_id = "in_transit", ctx.point.id
    return transfer, owner


def send_home(s: Session, ctx: Ctx, item: Item, why: str) -> Transfer:
    """:func:`route_home` with its own event (``transfer.created``), for a copy no other event
    of the operation carries; ``why`` goes to the audit line."""
    transfer, owner = route_home(s, ctx, item)
    record(
        s,
        ctx,
        "transfer.created",
        TransferCreated(
            uid=transfer.uid,
            item=item.barcode,
            from_point=ctx.point.code,
            to_point=owner.code,
            reason="return_home",
        ),
        target=item.barcode,
        detail=f"{why}, sent home to {owner.code}",
    )
    return transfer
