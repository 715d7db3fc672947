"""Copy states (复本状态): lost on loan (the reader pays or replaces it), claimed returned,
damaged, withdrawn, found again.

A copy on loan that will not come back closes its loan here (``loan.closed_lost``): the loan
leaves the reader's open loans (no more overdue block), the copy is ``lost`` (not lendable,
shown so in the catalogue), and a paid loss raises a fee of kind ``lost`` (uid = the loan's,
the copy's price unless staff give the amount; ``services/fees.py`` collects it). A copy on
the shelf is marked damaged, withdrawn (librarian/admin) or found again with
``item.status_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..errors import DeskError, one_of
from ..input_checks import clean_text
from ..models import Fee, Item, Reader
from ..protocol.events import ItemStatusChanged, LoanClosedLost
from .circulation import _open_loan
from .context import Ctx, record, require_role
from .fees import OPEN, charges_fees
from .holdings import get_item

OUTCOMES = ("lost_paid", "lost_replaced", "claimed_returned")
SHELF_STATES = ("damaged", "withdrawn", "available")


@dataclass(frozen=True)
class ClosedLoan:
    barcode: str
    card_no: str | None
    outcome: str
    fee_cents: int
    fee_uid: str | None


def close_lost(
    s: Session, ctx: Ctx, barcode: str, outcome: str, amount_cents: int | None = None
) -> ClosedLoan:
    """End the open loan of a copy that will not come back, as ``outcome``."""
    if outcome not in OUTCOMES:
        raise DeskError("bad_input", detail=one_of("outcome", OUTCOMES), field="outcome")
    item = get_item(s, ctx, barcode)
    loan = _open_loan(s, item.id)
    if loan is None:
        raise DeskError("not_on_loan", barcode=item.barcode)
    reader = s.get(Reader, loan.reader_id) if loan.reader_id else None
    fee = 0
    if outcome == "lost_paid" and charges_fees(ctx):
        fee = amount_cents if amount_cents is not None else (item.price_cents or 0)
        if fee <= 0:
            raise DeskError("lost_price_unknown", barcode=item.barcode)
    now = ctx.now()
    loan.returned_at, loan.returned_point_id = now, ctx.point.id
    loan.fee_cents, loan.closed_as = fee, outcome
    previous, item.status = item.status, "lost"
    if fee and reader is not None:
        s.add(
            Fee(
                uid=loan.uid,
                reader_id=reader.id,
                kind="lost",
                loan_uid=loan.uid,
                barcode=item.barcode,
                amount_cents=fee,
                raised_at=now,
                point_id=ctx.point.id,
                status=OPEN,
            )
        )
    card = reader.card_no if reader else None
    record(
        s,
        ctx,
        "loan.closed_lost",
        LoanClosedLost(
            loan_uid=loan.uid,
            item=item.barcode,
            card_no=card,
            outcome=outcome,
            fee_cents=fee,
            closed_at=now,
        ),
        target=item.barcode,
        detail=f"{outcome} (was {previous}) fee {fee}",
    )
    return ClosedLoan(item.barcode, card, outcome, fee, loan.uid if fee else None)


def set_shelf_state(s: Session, ctx: Ctx, barcode: str, status: str, reason: str) -> str:
    """Damaged, withdrawn (librarian/admin) or found again, for a copy not on loan."""
    if status not in SHELF_STATES:
        raise DeskError("bad_input", detail=one_of("status", SHELF_STATES), field="status")
    if status == "withdrawn":
        require_role(ctx, "librarian", "admin", action="withdraw copy")
    why = clean_text(reason, field="reason", max_len=300, required=False)
    if not why:
        raise DeskError("override_reason_required")
    item: Item = get_item(s, ctx, barcode)
    if item.status == "on_loan" or _open_loan(s, item.id) is not None:
        raise DeskError("item_on_loan_state", barcode=item.barcode)
    previous, item.status = item.status, status
    if status == "available":
        item.location_point_id = ctx.point.id  # found again: on this point's shelf
    record(
        s,
        ctx,
        "item.status_changed",
        ItemStatusChanged(barcode=item.barcode, status=status, previous=previous, reason=why),
        target=item.barcode,
        detail=f"{previous} -> {status}: {why}",
    )
    return status
