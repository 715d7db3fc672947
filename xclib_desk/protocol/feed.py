"""The pull direction: one model per kind of row in a point's change feed.

The hub builds every feed row through these models (``hub/push/feed.py``) and the desk reads
them only as these models (``sync/apply.py``), so a field renamed on one side breaks the other's
tests, not a point's replica. A row is the latest state of one thing the point may see; the feed
keeps one row per (scope, kind, key).

A row that does not validate at the desk is refused alone (:func:`read_changes` returns it as
a :class:`RefusedRow`); the rest of the page still applies and the cursor moves on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from .events import TITLE_FIELDS, ReaderProfile
from .types import (
    Barcode,
    CallNumber,
    CardNo,
    Cents,
    ClcCode,
    Count,
    ExceptionStatus,
    Hlc,
    HoldStatus,
    Isbn,
    ItemBarcode,
    ItemStatus,
    Language,
    LoanClosedBy,
    Note,
    ParentCode,
    PointCode,
    PointLevel,
    PointName,
    PolicyCode,
    ReaderStatus,
    ReasonCode,
    ShipmentOutcome,
    ShipmentStatus,
    ShortText,
    StaffCode,
    TitleText,
    TransferStatus,
    Uid,
)


class _Row(BaseModel):
    #: built on first use (``defer_build``): only a pull reads feed rows
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PointRow(_Row):
    """A point of the district (scope ``*``): its name, level, population and own week."""

    code: PointCode
    name: PointName
    level: PointLevel
    parent_code: ParentCode | None = None
    #: served population, for per-capita figures
    population: int | None = Field(default=None, ge=0, le=10_000_000)
    #: the point's own opening week (``standards.hours`` JSON); None: its level's week applies
    hours: dict[str, Any] | None = None


class TitleRecord(_Row):
    """A title's catalogue record, as the hub holds it (a stub may lack most fields)."""

    uid: Uid
    isbn: Isbn | None = None
    title: TitleText = ""
    author: ShortText = ""
    publisher: ShortText = ""
    year: int | None = Field(default=None, ge=0, le=9999)
    clc: ClcCode = ""
    language: Language = "chi"


assert tuple(f for f in TitleRecord.model_fields if f != "uid") == TITLE_FIELDS


class TitleRow(TitleRecord):
    """A catalogue correction for a point holding a copy, with the per-field clocks so the
    desk keeps a field it changed more recently."""

    field_hlc: dict[str, Hlc] = Field(default_factory=dict)


class ItemRow(_Row):
    """A copy the point owns, has on its shelf, or has in a box on its way to it."""

    barcode: Barcode
    #: the title's record, so a point receiving a copy of a new title can shelve it
    title: TitleRecord | None
    title_uid: Uid | None
    call_number: CallNumber
    material_type: PolicyCode
    owner: PointCode | None
    location: PointCode | None
    status: ItemStatus
    price_cents: Cents | None


#: at most this many pickup points in a reader's index row (far above any hold limit)
HOLDS_READY_MAX = 32


class ReaderIndexRow(_Row):
    """The compact district-wide row (scope ``*``): no name, no ID number, no address."""

    card_no: CardNo
    reader_type: PolicyCode
    status: ReaderStatus
    expires_on: date | None
    open_loans: Count
    home_point: PointCode | None
    #: pickup points where a copy waits on the hold shelf for this reader (protocol 3): any
    #: point tells the reader at card scan, without the hold itself (no title) reaching it.
    #: Left out of the row when empty, and for a desk of protocol < 3 (``hub/api/sync.py``)
    holds_ready: list[PointCode] = Field(
        default_factory=list, max_length=HOLDS_READY_MAX, exclude_if=lambda v: not v
    )


PROFILE_FIELDS: tuple[str, ...] = tuple(ReaderProfile.model_fields)
#: profile fields the hub keeps and no point receives: the ID number's keyed hash is only
#: for the registering desk's duplicate check, which uses its own registrations' hashes
HUB_ONLY_PROFILE_FIELDS = frozenset({"id_hash"})


class ReaderRow(ReaderIndexRow):
    """A reader in full, for the home point only; its profile without ``id_hash``."""

    block_reason: ShortText | None
    profile: ReaderProfile

    @field_validator("profile")
    @classmethod
    def _points_need_no_id_hash(cls, p: ReaderProfile) -> ReaderProfile:
        if not HUB_ONLY_PROFILE_FIELDS & p.model_fields_set:
            return p
        given = p.model_dump(include=p.model_fields_set - HUB_ONLY_PROFILE_FIELDS)
        return ReaderProfile.model_validate(given)


class LoanRow(_Row):
    """A loan, for the point that made it, the point it was returned at and the copy's owner."""

    uid: Uid
    item: Barcode
    #: None once the loan history was anonymised (retention)
    card_no: CardNo | None
    reader_type: PolicyCode | None
    material_type: PolicyCode | None
    point: PointCode
    staff_code: StaffCode | None
    #: None while only the return has reached the hub
    checked_out_at: datetime | None
    due_date: date | None
    renewals: Count
    standards_version: int | None = Field(ge=0, le=2**31)
    returned_at: datetime | None
    returned_point: PointCode | None
    fee_cents: Cents
    closed_by: LoanClosedBy | None


class TransferRow(_Row):
    """A copy on its way between two points (e.g. home after a return elsewhere)."""

    uid: Uid
    item: Barcode
    from_point: PointCode
    to_point: PointCode
    reason: ReasonCode
    status: TransferStatus
    created_at: datetime | None


#: the conflicts the hub raises (``ExceptionRow.kind``), each explained to staff by every front
#: end in its own words (the UI's sync page, ``xclib-desk exceptions``). The row keeps a plain
#: code, so a desk older than a new kind still takes its rows and shows the kind as sent.
EXCEPTION_KINDS = frozenset({
    "double_loan", "reader_blocked_at_hub", "renewal_limit_exceeded",
    "clock_ahead", "clock_drift", "unknown_standards_version", "rejected", "seq_reused",
    "shipment_missing", "shipment_extra", "shipment_damaged",
    "fee_settled_twice", "unknown_copy_returned",
    "hold_duplicate", "hold_limit", "hold_copy_unavailable", "hold_double_capture",
    "hold_copy_claimed", "hold_reader_unable",
})  # fmt: skip


class ExceptionRow(_Row):
    """A conflict the hub found, for every point involved to review."""

    uid: Uid
    #: one of :data:`EXCEPTION_KINDS` (a newer hub's kind is shown as sent)
    kind: ReasonCode
    points: list[PointCode]
    status: ExceptionStatus
    #: what happened and what the hub did (``hub_action``); its keys depend on ``kind``
    context: dict[str, Any]
    created_at: datetime | None
    resolution: ReasonCode | None
    resolution_note: Note | None


class StandardsRow(_Row):
    """A published standards package (scope ``*``); the desk checks its signature."""

    version: int = Field(ge=0, le=2**31)
    effective_from: datetime
    #: the package JSON exactly as signed
    body: str = Field(max_length=4_000_000)
    #: ``key_id:signature``; None for the package the hub was seeded with
    signature: str | None = Field(max_length=300)


class ShipmentLineRow(_Row):
    barcode: Barcode
    outcome: ShipmentOutcome
    damaged: bool
    note: Note | None
    transfer_uid: Uid | None


class ShipmentRow(_Row):
    """A box addressed to the point (to receive offline), or the outcome of one it sent."""

    uid: Uid
    from_point: PointCode
    to_point: PointCode
    status: ShipmentStatus
    staff_code: StaffCode
    note: Note
    dispatched_at: datetime
    received_at: datetime | None
    items: list[ShipmentLineRow]


class ActivityRow(_Row):
    """An activity of the district calendar (scope ``*``): every point sees all points'
    activities, to promote them; counts once it was held."""

    uid: Uid
    point: PointCode
    series: PolicyCode
    title: ShortText
    starts_at: datetime
    ends_at: datetime
    room: ShortText
    target_group: PolicyCode
    capacity: Count | None
    partner: ShortText
    status: Literal["planned", "closed", "cancelled"]
    participants: Count


class HoldRow(_Row):
    """A hold as the hub knows it (scopes: the placing, pickup and targeted points, the
    reader's home point, and while it waits every point holding a copy of its title)."""

    uid: Uid
    card_no: CardNo
    reader_type: PolicyCode
    title_uid: Uid
    title: TitleText = ""
    isbn: Isbn | None = None
    item: ItemBarcode | None = None
    placed_point: PointCode
    pickup_point: PointCode
    status: HoldStatus
    reason: ReasonCode | None = None
    priority: int = Field(ge=0, le=100)
    placed_at: datetime
    lapse_on: date
    suspended_until: date | None = None
    target_item: ItemBarcode | None = None
    target_point: PointCode | None = None
    targeted_at: datetime | None = None
    captured_item: ItemBarcode | None = None
    captured_point: PointCode | None = None
    shelf_expires_on: date | None = None
    ended_at: datetime | None = None


class _Change(_Row):
    #: the row's position in the hub's feed (0 for rows fetched outside the feed)
    pos: int = Field(ge=0)
    key: str = Field(min_length=1, max_length=64)


class PointChange(_Change):
    kind: Literal["point"] = "point"
    data: PointRow


class TitleChange(_Change):
    kind: Literal["title"] = "title"
    data: TitleRow


class ItemChange(_Change):
    kind: Literal["item"] = "item"
    data: ItemRow


class ReaderChange(_Change):
    kind: Literal["reader"] = "reader"
    data: ReaderRow


class ReaderIndexChange(_Change):
    kind: Literal["reader_index"] = "reader_index"
    data: ReaderIndexRow


class LoanChange(_Change):
    kind: Literal["loan"] = "loan"
    data: LoanRow


class TransferChange(_Change):
    kind: Literal["transfer"] = "transfer"
    data: TransferRow


class ExceptionChange(_Change):
    kind: Literal["exception"] = "exception"
    data: ExceptionRow


class StandardsChange(_Change):
    kind: Literal["standards"] = "standards"
    data: StandardsRow


class ShipmentChange(_Change):
    kind: Literal["shipment"] = "shipment"
    data: ShipmentRow


class ActivityChange(_Change):
    kind: Literal["activity"] = "activity"
    data: ActivityRow


class HoldChange(_Change):
    kind: Literal["hold"] = "hold"
    data: HoldRow


class FeeRow(_Row):
    """A fee, for the reader's home point (to show and collect it), the point that raised it
    and the point that settled it; ``card_no`` None once retention removed it."""

    uid: Uid
    card_no: CardNo | None
    kind: PolicyCode
    item: Barcode | None
    amount_cents: Cents
    raised_point: PointCode | None
    raised_at: datetime | None
    status: Literal["open", "paid", "waived"]
    settled_point: PointCode | None
    settled_at: datetime | None
    settled_by: StaffCode | None
    payment_uid: Uid | None
    reason: Note | None


class FeeChange(_Change):
    kind: Literal["fee"] = "fee"
    data: FeeRow


#: one row of a point's change feed, told apart by ``kind``
Change = Annotated[
    PointChange
    | TitleChange
    | ItemChange
    | ReaderChange
    | ReaderIndexChange
    | LoanChange
    | TransferChange
    | ExceptionChange
    | StandardsChange
    | ShipmentChange
    | ActivityChange
    | HoldChange
    | FeeChange,
    Field(discriminator="kind"),
]

#: feed-row kind -> the model of its ``data`` (the reference and the hub's writer use it)
ROWS: dict[str, type[_Row]] = {
    "point": PointRow,
    "title": TitleRow,
    "item": ItemRow,
    "reader": ReaderRow,
    "reader_index": ReaderIndexRow,
    "loan": LoanRow,
    "transfer": TransferRow,
    "exception": ExceptionRow,
    "standards": StandardsRow,
    "shipment": ShipmentRow,
    "activity": ActivityRow,
    "hold": HoldRow,
    "fee": FeeRow,
}
FeedKind = Literal[
    "point", "title", "item", "reader", "reader_index", "loan", "transfer", "exception",
    "standards", "shipment", "activity", "hold", "fee",
]  # fmt: skip

#: validators of one feed row and of a page of them, built on first use (``defer_build``)
CHANGE: TypeAdapter[Change] = TypeAdapter(Change, config=ConfigDict(defer_build=True))
CHANGES: TypeAdapter[list[Change]] = TypeAdapter(list[Change], config=ConfigDict(defer_build=True))


#: how much of a refused row the desk keeps (characters of its JSON)
RAW_LIMIT = 64_000


@dataclass(frozen=True)
class RefusedRow:
    """A feed row the desk could not read: skipped and recorded, never applied."""

    pos: int | None
    kind: str
    key: str
    #: the first validation error, for the log and the sync page
    error: str
    #: the row as received (JSON, cut at :data:`RAW_LIMIT`), to try again after an upgrade
    raw: str = ""


def raw_text(row: Any) -> str:
    """A received row as JSON text, cut at :data:`RAW_LIMIT` (anything JSON cannot say
    becomes its ``str``)."""
    return json.dumps(row, ensure_ascii=False, default=str)[:RAW_LIMIT]


def read_changes(raw: list[Any]) -> tuple[list[Change], list[RefusedRow]]:
    """Validate each row on its own: the good ones, and a typed refusal for each bad one."""
    try:  # the usual page: every row sound, checked in one pass
        return CHANGES.validate_python(raw), []
    except ValidationError:
        pass
    good: list[Change] = []
    refused: list[RefusedRow] = []
    for x in raw:
        try:
            good.append(CHANGE.validate_python(x))
        except ValidationError as e:
            d = x if isinstance(x, dict) else {}
            pos = d.get("pos")
            errors = e.errors()
            where = ".".join(str(p) for p in errors[0]["loc"]) if errors else ""
            msg = errors[0]["msg"] if errors else "invalid"
            refused.append(
                RefusedRow(
                    pos=pos if isinstance(pos, int) else None,
                    kind=str(d.get("kind", ""))[:48],
                    key=str(d.get("key", ""))[:64],
                    error=f"{where}: {msg}"[:300],
                    raw=raw_text(x),
                )
            )
    return good, refused
