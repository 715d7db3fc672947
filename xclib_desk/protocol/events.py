"""Event types and their payload schemas: the facts a desk records and the hub applies.

Client and hub validate payloads with the same models (see ``protocol.wire`` for the envelope).
Payloads reference rows by global keys (card numbers, barcodes, UUIDs), never local ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from .types import (
    Barcode,
    CallNumber,
    CardNo,
    Cents,
    ClcCode,
    Count,
    DutyEndReason,
    IdDigest,
    Isbn,
    ItemBarcode,
    Language,
    Name,
    Note,
    ParentCode,
    Period,
    Phone,
    PointCode,
    PointLevel,
    PointName,
    PolicyCode,
    ReasonCode,
    Resolution,
    SettableItemStatus,
    ShortText,
    StaffCode,
    TitleText,
    TransferReason,
    Uid,
)


class _Payload(BaseModel):
    #: built on first use (``defer_build``): a CLI verb that sends no event of a kind never
    #: pays for building its validator at start-up
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PartialModel(_Payload):
    """Only the fields given: every field is optional, and the JSON form holds exactly the
    fields that were set (``model_fields_set``), so "not sent" stays apart from "set to null"
    and a receiver changes only what was sent."""

    @model_serializer(mode="wrap")
    def _only_set(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k in self.model_fields_set}

    def given(self) -> dict[str, Any]:
        """The fields sent, in their JSON form (dates as ISO strings)."""
        return self.model_dump(mode="json")


class Override(_Payload):
    codes: list[ReasonCode] = Field(max_length=16)
    reason: Note


class PointInitialised(_Payload):
    code: PointCode
    name: PointName
    level: PointLevel
    parent_code: ParentCode | None = None


class StaffAdded(_Payload):
    code: StaffCode
    name: Name
    role: PolicyCode


class ReaderRegistered(_Payload):
    card_no: CardNo
    name: Name
    reader_type: PolicyCode
    id_hash: IdDigest
    id_masked: IdDigest
    birth_date: date | None
    phone: Phone | None = None
    address: ShortText | None = None
    guardian_name: Name | None = None
    guardian_phone: Phone | None = None
    expires_on: date
    home_point: PointCode


class ReaderProfile(PartialModel):
    """A reader's profile as the home point keeps it (the feed's reader row carries it)."""

    name: Name | None = None
    id_masked: IdDigest | None = None
    id_hash: IdDigest | None = None
    birth_date: date | None = None
    phone: Phone | None = None
    address: ShortText | None = None
    guardian_name: Name | None = None
    guardian_phone: Phone | None = None
    #: staff's note on the reader, and the message to give the reader at card scan (None: none)
    staff_note: ShortText | None = None
    reader_message: ShortText | None = None


class ReaderFields(ReaderProfile):
    """The fields a ``reader.updated`` may change: the profile and the reader type (the hub
    merges each by clock)."""

    reader_type: PolicyCode | None = None


class ReaderUpdated(_Payload):
    card_no: CardNo
    fields: ReaderFields


class ReaderBlocked(_Payload):
    card_no: CardNo
    reason: ShortText


class ReaderUnblocked(_Payload):
    card_no: CardNo


class CardRenewed(_Payload):
    card_no: CardNo
    expires_on: date


class TitleAdded(_Payload):
    uid: Uid
    isbn: Isbn | None
    title: TitleText
    author: ShortText
    publisher: ShortText
    year: int | None = Field(ge=0, le=9999)
    clc: ClcCode
    language: Language


class ItemAdded(_Payload):
    barcode: ItemBarcode
    title_uid: Uid
    call_number: CallNumber
    material_type: PolicyCode
    owner: PointCode
    location: PointCode
    price_cents: Cents | None


class TitleFields(PartialModel):
    """The catalogue fields a ``title.updated`` may change: ``TitleAdded``'s, except the uid."""

    isbn: Isbn | None = None
    title: TitleText | None = None
    author: ShortText | None = None
    publisher: ShortText | None = None
    year: int | None = Field(default=None, ge=0, le=9999)
    clc: ClcCode | None = None
    language: Language | None = None


#: the catalogue fields of a title record, written once: events, feed rows, hub and desk
TITLE_FIELDS: tuple[str, ...] = tuple(f for f in TitleAdded.model_fields if f != "uid")
assert set(TITLE_FIELDS) == set(TitleFields.model_fields), "TitleFields must follow TitleAdded"


class TitleUpdated(_Payload):
    """A catalogue correction (e.g. a MARC re-import): only the changed fields, new values."""

    uid: Uid
    fields: TitleFields


class ItemStatusChanged(_Payload):
    """A copy declared lost (inventory), or found again; ``reason`` says why."""

    barcode: ItemBarcode
    status: SettableItemStatus
    previous: PolicyCode
    reason: ShortText


class TransferCreated(_Payload):
    """A copy sent on its way to another point outside a check-in (e.g. found in inventory)."""

    uid: Uid
    item: ItemBarcode
    from_point: PointCode
    to_point: PointCode
    reason: TransferReason


class InventoryFinished(_Payload):
    """A shelf or whole-collection inventory closed, with its counts (for district reports)."""

    uid: Uid
    call_from: CallNumber | None
    call_to: CallNumber | None
    expected: Count
    found: Count
    missing: Count
    misplaced: Count
    unexpected: Count


class CheckedOut(_Payload):
    loan_uid: Uid
    item: ItemBarcode
    card_no: CardNo
    due_date: date
    checked_out_at: datetime
    override: Override | None = None


class CheckedIn(_Payload):
    loan_uid: Uid
    item: ItemBarcode
    card_no: CardNo | None
    returned_at: datetime
    days_late: int = Field(ge=0, le=100_000)
    fee_cents: Cents
    transfer_uid: Uid | None = None
    route_to: PointCode | None = None


class Renewed(_Payload):
    loan_uid: Uid
    item: ItemBarcode
    due_date: date
    renewals: Count
    override: Override | None = None


class VisitsRecorded(_Payload):
    day: date
    count: Count


class StandardsActivated(_Payload):
    version: int = Field(ge=0, le=2**31)
    source: ReasonCode


class ExceptionResolved(_Payload):
    """Staff's decision on an exception the hub raised; syncs like any other fact."""

    uid: Uid
    resolution: Resolution
    note: Note = ""


# --- staffing, services, retention ---------------------------------------------------------
class DutyStarted(_Payload):
    """A staff member signed on duty at the point."""

    uid: Uid
    staff_code: StaffCode
    started_at: datetime


class DutyEnded(_Payload):
    """A shift closed: by its staff member, by a librarian for someone who forgot
    (``closed_by_other``), or by the desk at midnight for a shift left open (``auto``)."""

    uid: Uid
    staff_code: StaffCode
    ended_at: datetime
    reason: DutyEndReason = "signed_off"


class ServiceConfirmed(_Payload):
    """The librarian's monthly answer for one required service: provided or not, and why."""

    period: Period
    service: PolicyCode
    provided: bool
    note: Note = ""


class RetentionApplied(_Payload):
    """Loans returned before ``cutoff`` lost their reader link (package retention rule)."""

    cutoff: datetime
    days: int = Field(ge=0, le=100_000)
    count: Count


# --- shipments (配送; services/shipments.py) -------------------------------------------------
class ShipmentDispatched(_Payload):
    """A box left ``from_point`` for ``to_point``: its copies are in transit. ``transfers``
    are the return-home transfers the box carries (fulfilled when it is received)."""

    uid: Uid
    from_point: PointCode
    to_point: PointCode
    items: list[ItemBarcode] = Field(max_length=5000)
    transfers: list[Uid] = Field(default=[], max_length=5000)
    note: Note = ""


class DamagedCopy(_Payload):
    barcode: Barcode
    note: Note


class ShipmentReceived(_Payload):
    """The destination finished receiving: every dispatched copy is in ``received`` or
    ``missing``; ``extra`` were in the box without being listed; ``damaged`` are received or
    extra copies the librarian found damaged."""

    uid: Uid
    from_point: PointCode
    to_point: PointCode
    received: list[Barcode] = Field(max_length=5000)
    missing: list[Barcode] = Field(max_length=5000)
    extra: list[Barcode] = Field(max_length=5000)
    damaged: list[DamagedCopy] = Field(max_length=5000)


# --- reading promotion (阅读推广): activities and volunteers ---
class ActivityPlanned(_Payload):
    """An activity planned at the sending point (it joins the district calendar)."""

    uid: Uid
    series: PolicyCode
    title: ShortText
    starts_at: datetime
    ends_at: datetime
    room: Name = ""
    target_group: PolicyCode
    capacity: Count | None = None
    partner: PointName = ""


class ActivityRescheduled(_Payload):
    uid: Uid
    starts_at: datetime
    ends_at: datetime
    room: Name = ""


class ActivityCancelled(_Payload):
    uid: Uid
    reason: ShortText = ""


class ActivityClosed(_Payload):
    """The activity was held: its counts, once (names and cards stay at the point)."""

    uid: Uid
    registered: Count
    attended_cards: Count
    walk_ins: dict[PolicyCode, Count] = Field(default={}, max_length=16)
    participants: Count
    report: Note = ""


class VolunteerShiftDone(_Payload):
    """A volunteer signed out: the hours of one shift, by the volunteer's roster uid and team
    (name and phone stay at the point)."""

    uid: Uid
    volunteer: Uid
    team: Name = ""
    started_at: datetime
    ended_at: datetime
    minutes: Count


# --- fees (services/fees.py): an overdue fee is raised by ``loan.checked_in`` (uid = loan uid) --
class FeePaid(_Payload):
    """The reader paid ``fees`` in cash at the sender's desk: one payment, one receipt."""

    uid: Uid
    card_no: CardNo
    fees: list[Uid] = Field(min_length=1, max_length=500)
    amount_cents: Cents
    paid_at: datetime


class FeeWaived(_Payload):
    """Staff let the reader off one fee, with the reason (roles: ``overridable.fee_waiver``)."""

    uid: Uid
    card_no: CardNo
    amount_cents: Cents
    reason: Note
    waived_at: datetime


class UnknownCopyReturned(_Payload):
    """A copy this point has never seen came back over the desk (通借通还, offline): the hub
    closes its open loan and routes it home, or raises an exception if nobody knows it."""

    uid: Uid
    item: ItemBarcode
    returned_at: datetime


class LoanClosedLost(_Payload):
    """A loan closed without the copy coming back: the reader lost it and pays (``fee_cents``,
    a fee with the loan's uid) or brings a replacement, or says it was returned (no fee; the
    copy is searched for). The copy is ``lost`` from then on."""

    loan_uid: Uid
    item: ItemBarcode
    card_no: CardNo | None
    outcome: Literal["lost_paid", "lost_replaced", "claimed_returned"]
    fee_cents: Cents
    closed_at: datetime


# --- holds and requests (预约; services/holds.py, hub/holds.py, docs/holds.md) ----------------
class HoldPlaced(_Payload):
    """A reader asked for a title (any copy; ``isbn`` restricts it to that edition) or for one
    copy (``item``), to collect at ``pickup_point``. Placed offline, it is provisional until
    the hub confirms or refuses it."""

    uid: Uid
    card_no: CardNo
    title_uid: Uid
    isbn: Isbn | None = None
    item: ItemBarcode | None = None
    pickup_point: PointCode
    placed_at: datetime
    lapse_on: date


class HoldCancelled(_Payload):
    uid: Uid
    reason: ReasonCode = "reader"


class HoldSuspended(_Payload):
    """Not to be served before ``until`` (null: served again from now)."""

    uid: Uid
    until: date | None = None


class HoldPickupChanged(_Payload):
    uid: Uid
    pickup_point: PointCode


class HoldCaptured(_Payload):
    """A copy in the staff's hand was set aside for the hold (from the pull list, or returned
    at the point): it goes to the pickup point, or on this point's hold shelf if it is that
    point (``shelf_expires_on``). ``transfer_uid`` names the return transfer it now follows."""

    uid: Uid
    item: ItemBarcode
    transfer_uid: Uid | None = None
    shelf_expires_on: date | None = None


class HoldShelved(_Payload):
    """The copy arrived at the pickup point and waits on its hold shelf until the date."""

    uid: Uid
    item: ItemBarcode
    shelf_expires_on: date


class HoldFilled(_Payload):
    """The copy was lent to the reader who held it (the check-out's own event comes first)."""

    uid: Uid
    item: ItemBarcode
    loan_uid: Uid


class HoldNotFound(_Payload):
    """The copy on the point's pull list is not on its shelf: the hub looks for another."""

    uid: Uid
    item: ItemBarcode


class HoldExpired(_Payload):
    """Not collected in time: the hold ends; the copy goes to the next hold this point knows
    (``next_uid``), or home (``transfer_uid``/``route_to``), or back on this shelf."""

    uid: Uid
    item: ItemBarcode
    next_uid: Uid | None = None
    transfer_uid: Uid | None = None
    route_to: PointCode | None = None


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
    "activity.planned": ActivityPlanned,
    "activity.rescheduled": ActivityRescheduled,
    "activity.cancelled": ActivityCancelled,
    "activity.closed": ActivityClosed,
    "volunteer.shift": VolunteerShiftDone,
    "fee.paid": FeePaid,
    "fee.waived": FeeWaived,
    "loan.returned_unknown": UnknownCopyReturned,
    "loan.closed_lost": LoanClosedLost,
    "hold.placed": HoldPlaced,
    "hold.cancelled": HoldCancelled,
    "hold.suspended": HoldSuspended,
    "hold.pickup_changed": HoldPickupChanged,
    "hold.captured": HoldCaptured,
    "hold.shelved": HoldShelved,
    "hold.filled": HoldFilled,
    "hold.not_found": HoldNotFound,
    "hold.expired": HoldExpired,
}
