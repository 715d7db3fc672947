"""The one table from event type to the hub's handler: read it to know what a push does.

``None`` marks a type the hub keeps in its ledger only, on purpose (each says why). The keys
are exactly the protocol's event types (``tests/test_push_registry.py``); a type with no entry
is answered ``rejected(unknown_type)``.
"""

from __future__ import annotations

from . import (
    activities,
    catalogue,
    exceptions,
    fees,
    holds,
    loans,
    readers,
    returns,
    shipments,
    staffing,
)
from .context import Handler

HANDLERS: dict[str, Handler | None] = {
    # the hub's admin registers points (``xclib-hub point add``); a desk's own set-up is a
    # fact for the ledger only
    "point.initialised": None,
    # staff accounts live at their point; the hub sees staff codes on every event instead
    "staff.added": None,
    # which package a point runs is read from its events' ``standards_version``
    "standards.activated": None,
    "reader.registered": readers.registered,
    "reader.updated": readers.updated,
    "reader.blocked": readers.blocked,
    "reader.unblocked": readers.unblocked,
    "reader.card_renewed": readers.card_renewed,
    "title.added": catalogue.title_added,
    "item.added": catalogue.item_added,
    "title.updated": catalogue.title_updated,
    "item.status_changed": catalogue.item_status_changed,
    "inventory.finished": catalogue.inventory_finished,
    "transfer.created": shipments.transfer_created,
    "loan.checked_out": loans.checked_out,
    "loan.checked_in": loans.checked_in,
    "loan.renewed": loans.renewed,
    "visits.recorded": staffing.visits_recorded,
    "exception.resolved": exceptions.resolved,
    "duty.started": staffing.duty_started,
    "duty.ended": staffing.duty_ended,
    "services.confirmed": staffing.services_confirmed,
    "retention.applied": staffing.retention_applied,
    "shipment.dispatched": shipments.dispatched,
    "shipment.received": shipments.received,
    "activity.planned": activities.planned,
    "activity.rescheduled": activities.rescheduled,
    "activity.cancelled": activities.cancelled,
    "activity.closed": activities.closed,
    "volunteer.shift": activities.volunteer_shift,
    "fee.paid": fees.paid,
    "fee.waived": fees.waived,
    "loan.returned_unknown": returns.unknown_copy_returned,
    "loan.closed_lost": returns.closed_lost,
    "hold.placed": holds.placed,
    "hold.cancelled": holds.cancelled,
    "hold.suspended": holds.suspended,
    "hold.pickup_changed": holds.pickup_changed,
    "hold.captured": holds.captured,
    "hold.shelved": holds.shelved,
    "hold.filled": holds.filled,
    "hold.not_found": holds.not_found,
    "hold.expired": holds.expired,
}

#: types judged without a standards version (they arrive before or with the package itself)
NO_VERSION_CHECK = frozenset({"point.initialised", "standards.activated"})
