"""Event types and their payload schemas: the facts a desk records and the hub applies.

Client and hub validate payloads with the same models (see ``protocol.wire`` for the envelope).
Payloads reference rows by global keys (card numbers, barcodes, UUIDs), never local ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Override(_Payload):
    codes: list[str]
    reason: str


class PointInitialised(_Payload):
    code: str
    name: str
    level: str
    parent_code: str | None = None


class StaffAdded(_Payload):
    code: str
    name: str
    role: str


class ReaderRegistered(_Payload):
    card_no: str
    name: str
    reader_type: str
    id_hash: str
    id_masked: str
    birth_date: date | None
    phone: str | None = None
    address: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    expires_on: date
    home_point: str


class ReaderUpdated(_Payload):
    card_no: str
    fields: dict[str, Any]


class ReaderBlocked(_Payload):
    card_no: str
    reason: str


class ReaderUnblocked(_Payload):
    card_no: str


class CardRenewed(_Payload):
    card_no: str
    expires_on: date


class TitleAdded(_Payload):
    uid: str
    isbn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    language: str


class ItemAdded(_Payload):
    barcode: str
    title_uid: str
    call_number: str
    material_type: str
    owner: str
    location: str
    price_cents: int | None


class TitleUpdated(_Payload):
    """A catalogue correction (e.g. a MARC re-import): only the changed fields, new values."""

    uid: str
    fields: dict[str, Any]


class ItemStatusChanged(_Payload):
    """A copy declared lost (inventory), or found again; ``reason`` says why."""

    barcode: str
    status: str
    previous: str
    reason: str


class TransferCreated(_Payload):
    """A copy sent on its way to another point outside a check-in (e.g. found in inventory)."""

    uid: str
    item: str
    from_point: str
    to_point: str
    reason: str


class InventoryFinished(_Payload):
    """A shelf or whole-collection inventory closed, with its counts (for district reports)."""

    uid: str
    call_from: str | None
    call_to: str | None
    expected: int
    found: int
    missing: int
    misplaced: int
    unexpected: int


class CheckedOut(_Payload):
    loan_uid: str
    item: str
    card_no: str
    due_date: date
    checked_out_at: datetime
    override: Override | None = None


class CheckedIn(_Payload):
    loan_uid: str
    item: str
    card_no: str | None
    returned_at: datetime
    days_late: int
    fee_cents: int
    transfer_uid: str | None = None
    route_to: str | None = None


class Renewed(_Payload):
    loan_uid: str
    item: str
    due_date: date
    renewals: int
    override: Override | None = None


class VisitsRecorded(_Payload):
    day: date
    count: int


class StandardsActivated(_Payload):
    version: int
    source: str


class ExceptionResolved(_Payload):
    """Staff's decision on an exception the hub raised; syncs like any other fact."""

    uid: str
    resolution: Literal["accept", "correct", "escalate"]
    note: str = ""


# --- staffing, services, retention (issue 5) -----------------------------------------------
class DutyStarted(_Payload):
    """A staff member signed on duty at the point."""

    uid: str
    staff_code: str
    started_at: datetime


class DutyEnded(_Payload):
    """A shift closed: by its staff member, by a librarian for someone who forgot
    (``closed_by_other``), or by the desk at midnight for a shift left open (``auto``)."""

    uid: str
    staff_code: str
    ended_at: datetime
    reason: Literal["signed_off", "closed_by_other", "auto"] = "signed_off"


class ServiceConfirmed(_Payload):
    """The librarian's monthly answer for one required service: provided or not, and why."""

    period: str  # YYYY-MM
    service: str
    provided: bool
    note: str = ""


class RetentionApplied(_Payload):
    """Loans returned before ``cutoff`` lost their reader link (package retention rule)."""

    cutoff: datetime
    days: int
    count: int


# --- end issue 5 ---------------------------------------------------------------------------


# --- shipments (配送, issue 6; services/shipments.py) ---------------------------------------
class ShipmentDispatched(_Payload):
    """A box left ``from_point`` for ``to_point``: its copies are in transit. ``transfers``
    are the return-home transfers the box carries (fulfilled when it is received)."""

    uid: str
    from_point: str
    to_point: str
    items: list[str]
    transfers: list[str] = []
    note: str = ""


class DamagedCopy(_Payload):
    barcode: str
    note: str


class ShipmentReceived(_Payload):
    """The destination finished receiving: every dispatched copy is in ``received`` or
    ``missing``; ``extra`` were in the box without being listed; ``damaged`` are received or
    extra copies the librarian found damaged."""

    uid: str
    from_point: str
    to_point: str
    received: list[str]
    missing: list[str]
    extra: list[str]
    damaged: list[DamagedCopy]


# --- end shipments ---------------------------------------------------------------------------


PAYLOADS: dict[str, type[_Payload]] = {
    "point.initialised": PointInitialised,
    "staff.added": StaffAdded,
    "reader.registered": ReaderRegistered,
    "reader.updated": ReaderUpdated,
    "reader.blocked": ReaderBlocked,
    "reader.unblocked": ReaderUnblocked,
    "reader.card_renewed": CardRenewed,
    "title.added": TitleAdded,
    "item.added": ItemAdded,
    "title.updated": TitleUpdated,
    "item.status_changed": ItemStatusChanged,
    "transfer.created": TransferCreated,
    "inventory.finished": InventoryFinished,
    "loan.checked_out": CheckedOut,
    "loan.checked_in": CheckedIn,
    "loan.renewed": Renewed,
    "visits.recorded": VisitsRecorded,
    "standards.activated": StandardsActivated,
    "exception.resolved": ExceptionResolved,
    "duty.started": DutyStarted,
    "duty.ended": DutyEnded,
    "services.confirmed": ServiceConfirmed,
    "retention.applied": RetentionApplied,
    "shipment.dispatched": ShipmentDispatched,
    "shipment.received": ShipmentReceived,
}
