"""A copy's state at the hub as a merge of the facts about it, not of their arrival order.

Desks push late and in any order, and their clocks lie, so the copy's state is not "what the
last event to arrive said". Every fact that puts a copy somewhere offers a :class:`Placement`
(its clock, a status, a location) made from the event alone (a return's clock: the later of
its own and its check-out's). The copy's *resting state* is the greatest placement offered, by
clock, with status and location breaking a tie: the greatest of a set is the same whichever
order its members come in, and offering one twice changes nothing. On top of it, the library's
rule: the copy is ``on_loan`` at the loan's point exactly while one of its loans is open, and
shows its resting state otherwise; meanwhile ``hub_item.covered_state`` keeps the resting state.
(docs/sync-protocol.md, Conflict rules.)
"""

from __future__ import annotations

from typing import NamedTuple

from .context import BatchContext
from .records import ItemRecord

ON_LOAN, AVAILABLE, IN_TRANSIT = "on_loan", "available", "in_transit"


class Placement(NamedTuple):
    """Where and how a fact leaves the copy once no loan holds it, and the fact's clock."""

    hlc: str
    status: str
    location: str | None

    def outranks(self, other: Placement) -> bool:
        """Later by clock; at one clock, a fixed order of status and location, so two hubs
        pick the same one."""
        return (self.hlc, self.status, self.location or "") > (
            other.hlc,
            other.status,
            other.location or "",
        )


def resting(it: ItemRecord) -> Placement:
    """The copy's state once no loan holds it: the greatest placement offered so far. (A copy
    on loan from before the hub kept it has none yet: any placement outranks that.)"""
    if it.status != ON_LOAN:
        return Placement(it.state_hlc, it.status, it.location)
    covered = it.covered_state
    if covered is None:
        return Placement("", AVAILABLE, None)
    return Placement(covered["hlc"], covered["status"], covered["location"])


def place(ctx: BatchContext, it: ItemRecord, offer: Placement) -> bool:
    """Offer a placement; the copy then shows what its loans and its resting state say.
    Returns whether the offer became the resting state."""
    taken = offer.outranks(resting(it))
    if taken:
        if it.status == ON_LOAN:  # a loan holds the copy: the placement waits under it
            it.covered_state = offer._asdict()
        else:
            it.status, it.location = offer.status, offer.location
        it.state_hlc = offer.hlc
    follow_loans(ctx, it)
    return taken


def follow_loans(ctx: BatchContext, it: ItemRecord) -> None:
    """On loan at the open loan's point exactly while a loan is open; else the resting state."""
    loan = ctx.open_loan(it.barcode)
    if loan is not None:
        if it.status != ON_LOAN:
            it.covered_state = resting(it)._asdict()
            it.status = ON_LOAN
        if it.location != loan.point:
            it.location = loan.point
    elif it.status == ON_LOAN:
        rest = resting(it)
        it.status, it.location, it.state_hlc = rest.status, rest.location, rest.hlc
        it.covered_state = None
