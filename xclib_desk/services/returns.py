"""Returns at the desk, including a copy this point has never seen (通借通还 offline).

``check_in_any`` is what the return scanner calls: a copy the store knows is checked in as
always (``circulation.check_in``); a barcode of the district's form that the store has no row
for is accepted as a return of an unknown copy when the package allows return anywhere: staff
put it aside for routing, and the hub closes its loan and routes it home at the next sync
(``hub/push/returns.py``), or raises an exception if nobody in the district knows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..errors import DeskError
from ..protocol.events import UnknownCopyReturned
from .circulation import CheckinResult, check_in
from .context import Ctx, new_uid, record


@dataclass(frozen=True)
class UnknownReturn:
    """A copy taken back without a record here: set aside until the sync says where it goes."""

    uid: str
    barcode: str
    returned_at: datetime


def accept_unknown(s: Session, ctx: Ctx, barcode: str) -> UnknownReturn:
    code = ctx.policy.item(barcode)
    if not ctx.policy.package.service.return_anywhere:
        raise DeskError("unknown_item", barcode=code)
    uid, now = new_uid(), ctx.now()
    record(
        s,
        ctx,
        "loan.returned_unknown",
        UnknownCopyReturned(uid=uid, item=code, returned_at=now),
        target=code,
        detail="unknown copy returned: set aside for routing",
    )
    return UnknownReturn(uid=uid, barcode=code, returned_at=now)


def check_in_any(s: Session, ctx: Ctx, barcode: str) -> CheckinResult | UnknownReturn:
    """A return of any copy: known ones as ``check_in``; unknown ones accepted for routing."""
    try:
        return check_in(s, ctx, barcode)
    except DeskError as e:  # raised by the look-up, before anything was written
        if e.code != "unknown_item":
            raise
    return accept_unknown(s, ctx, barcode)
