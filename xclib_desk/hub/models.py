"""The hub's own tables (SQLAlchemy 2.0 typed): ledger, authoritative state, change feed, auth.

Rows reference each other by global keys (barcode, card number, loan uid, point code), never by
surrogate ids, because events arrive in any order from any point: a return may land before its
check-out, an item's loan before the item. Nothing here may refuse a fact for a missing parent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from ..models.base import NAMING, UTCDateTime
from ..protocol.feed import EXCEPTION_KINDS


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


class HubMeta(HubBase):
    """One row. ``feed_pos`` is the change-feed counter; its row lock orders writers (see docs)."""

    __tablename__ = "hub_meta"
    id: Mapped[int] = mapped_column(primary_key=True)
    feed_pos: Mapped[int] = mapped_column(BigInteger, default=0)


class HubKeyLock(HubBase):
    """A row per key bucket a concurrent push locks (hub/push/feed.py ``lock_keys``): row locks
    live in the rows, so a push may hold hundreds without filling PostgreSQL's lock table."""

    __tablename__ = "hub_key_lock"
    k: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class HubPoint(HubBase):
    __tablename__ = "hub_point"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    # --- served population and the point's own week (null: its level's week) ---
    population: Mapped[int | None]
    hours: Mapped[dict[str, Any] | None]


# --- staffing, services checklist, visits (hub/staffing.py, hub/push/staffing.py) ----------
class HubDutyShift(HubBase):
    """A point's duty shift, from duty.started / duty.ended (either may arrive first)."""

    __tablename__ = "hub_duty_shift"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    point_code: Mapped[str] = mapped_column(String(32))
    staff_code: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (Index("ix_hub_duty_shift_point_start", "point_code", "started_at"),)


class HubServiceCheck(HubBase):
    """A point's monthly answer per required service; the latest answer (by HLC) wins."""

    __tablename__ = "hub_service_check"
    point_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    service: Mapped[str] = mapped_column(String(64), primary_key=True)
    provided: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    staff_code: Mapped[str] = mapped_column(String(32), default="")
    hlc: Mapped[str] = mapped_column(String(64))


class HubVisit(HubBase):
    """Visits (到馆人次) per point per day; a correction replaces the count (latest HLC wins)."""

    __tablename__ = "hub_visit"
    point_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    count: Mapped[int]
    hlc: Mapped[str] = mapped_column(String(64))


class HubAdmin(HubBase):
    __tablename__ = "hub_admin"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class HubEnrolCode(HubBase):
    __tablename__ = "hub_enrol_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    point_code: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class HubEnrolFailure(HubBase):
    """A refused enrolment attempt (unknown, used, expired or another point's code): the
    rate limit and lock-out count these per client address, per point and district-wide
    (hub/admin.py ``ENROL_LIMITS``). Rows older than the longest window are pruned."""

    __tablename__ = "hub_enrol_failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    #: the point the attempt named (not necessarily a point that exists)
    point_code: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(index=True)

    __table_args__ = (
        Index("ix_hub_enrol_failure_client_at", "client", "at"),
        Index("ix_hub_enrol_failure_point_at", "point_code", "at"),
    )


class HubDevice(HubBase):
    __tablename__ = "hub_device"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    point_code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    #: the last push or pull with its token, to the minute (written at most once a minute)
    last_seen_at: Mapped[datetime | None]
    #: an admin allowed this device id to enrol again (``xclib-hub device rebind``): the next
    #: enrolment with a code of its point replaces its token and clears a revocation
    rebind_allowed_at: Mapped[datetime | None]


UNREDACTED_LOAN_EVENTS = "redacted_at IS NULL AND type IN ('loan.checked_out', 'loan.checked_in')"
UNREDACTED_REJECTED = "redacted_at IS NULL AND status = 'rejected'"
IDENTIFIED_RETURNED_LOANS = "card_no IS NOT NULL AND returned_at IS NOT NULL"


class HubEvent(HubBase):
    """The ledger: every event ever received, once, with the answer the hub gave."""

    __tablename__ = "hub_event"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    point_code: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(48))
    hlc: Mapped[str] = mapped_column(String(64))
    wall_time: Mapped[datetime]
    staff_code: Mapped[str] = mapped_column(String(32))
    standards_version: Mapped[int]
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(64))
    flags: Mapped[list[str]]
    #: when retention nulled the payload's card number (hub/redaction.py); ids and seq stay
    redacted_at: Mapped[datetime | None]
    #: the clock the event carried when it was too far ahead of the hub; ``hlc`` is then the
    #: hub's clamp, the clock every merge used (push/batch.py)
    sent_hlc: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("device_id", "seq", name="uq_hub_event_device_seq"),
        # retention runs inside a point's push: its loan events still carrying a card number
        Index(
            "ix_hub_event_unredacted_loans",
            "point_code",
            "wall_time",
            postgresql_where=text(UNREDACTED_LOAN_EVENTS),
            sqlite_where=text(UNREDACTED_LOAN_EVENTS),
        ),
        # compliance: each point's opening (its first point.initialised)
        Index("ix_hub_event_point_type", "point_code", "type"),
        # retention: rejected events still carrying their whole payload
        Index(
            "ix_hub_event_unredacted_rejected",
            "point_code",
            "received_at",
            postgresql_where=text(UNREDACTED_REJECTED),
            sqlite_where=text(UNREDACTED_REJECTED),
        ),
    )


class HubReusedSeq(HubBase):
    """An event sent under a sequence number its device had already used for another event
    (a desk restored from an old backup): recorded with the event holding that number, and
    not applied. Kept apart from the ledger so the event's own id stays free there: the desk
    sends it again renumbered and it is applied then. No payload: the desk still has it."""

    __tablename__ = "hub_reused_seq"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    point_code: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(48))
    hlc: Mapped[str] = mapped_column(String(64))
    wall_time: Mapped[datetime]
    staff_code: Mapped[str] = mapped_column(String(32))
    #: the ledger's event that holds the number
    holder_event_id: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime]


class HubTitle(HubBase):
    __tablename__ = "hub_title"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    data: Mapped[dict[str, Any]]
    # --- union catalogue (hub/catalogue.py) ---
    #: normalised ISBN-13, for the MARC import's dedupe across the district
    isbn: Mapped[str | None] = mapped_column(String(13), index=True)
    #: the desk's index tokens of this title and its copies as one text, matched with LIKE
    #: (plus a pg_trgm GIN index on PostgreSQL, made by migration h0005 when available)
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: per-field HLC of catalogue corrections (title.updated): a late older edit loses
    field_hlc: Mapped[dict[str, Any] | None]


class HubItem(HubBase):
    __tablename__ = "hub_item"
    barcode: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: indexed: a title correction asks whether its sender holds a copy (push/authority.py)
    title_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    call_number: Mapped[str] = mapped_column(String(100), default="")
    material_type: Mapped[str] = mapped_column(String(32), default="book")
    owner: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="available")
    price_cents: Mapped[int | None]
    #: HLC of the fact that placed the copy where it rests (off loan): older facts arriving
    #: late do not move it (push/copystate.py)
    state_hlc: Mapped[str] = mapped_column(String(64), default="")
    #: while a loan is open (status ``on_loan``): where the copy rests once no loan holds it
    #: (``status``, ``location``, ``hlc``), which later facts and the loan's return outrank or
    #: not by clock (push/copystate.py)
    covered_state: Mapped[dict[str, Any] | None]
    #: acquisition time (item.added's wall time, or the hub MARC import): new acquisitions
    added_at: Mapped[datetime | None]


class HubReader(HubBase):
    __tablename__ = "hub_reader"
    card_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    home_point: Mapped[str | None] = mapped_column(String(32))
    reader_type: Mapped[str] = mapped_column(String(32), default="adult")
    status: Mapped[str] = mapped_column(String(16), default="active")
    block_reason: Mapped[str | None] = mapped_column(String(300))
    expires_on: Mapped[date | None]
    #: the full profile (name, phone, masked ID, ...): sent only to the home point
    profile: Mapped[dict[str, Any]]
    #: per-field HLC of the last write, so profile edits merge per field by clock
    field_hlc: Mapped[dict[str, Any]]
    open_loans: Mapped[int] = mapped_column(default=0)
    #: pickup points where a copy waits on the hold shelf for this reader, as the index rows
    #: last told every point (``hub/holds.ready_changes`` keeps it and re-emits on a change)
    holds_ready: Mapped[list[str]] = mapped_column(default=list, server_default="[]")


class HubLoan(HubBase):
    __tablename__ = "hub_loan"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: found by copy through ``ix_hub_loan_open`` (its first column)
    item: Mapped[str] = mapped_column(String(32))
    card_no: Mapped[str | None] = mapped_column(String(32), index=True)
    reader_type: Mapped[str] = mapped_column(String(32), default="adult")
    material_type: Mapped[str] = mapped_column(String(32), default="book")
    point: Mapped[str] = mapped_column(String(32))
    staff_code: Mapped[str] = mapped_column(String(32), default="")
    checked_out_at: Mapped[datetime | None]
    checkout_hlc: Mapped[str] = mapped_column(String(64), default="")
    due_date: Mapped[date | None]
    renewals: Mapped[int] = mapped_column(default=0)
    standards_version: Mapped[int] = mapped_column(default=0)
    returned_at: Mapped[datetime | None]
    returned_point: Mapped[str | None] = mapped_column(String(32))
    fee_cents: Mapped[int] = mapped_column(default=0)
    #: why the hub closed it without a return: superseded (the copy was lent again elsewhere)
    closed_by: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_hub_loan_open", "item", "returned_at"),
        # retention: a point's returned loans that still name their reader
        Index(
            "ix_hub_loan_point_identified",
            "point",
            "returned_at",
            postgresql_where=text(IDENTIFIED_RETURNED_LOANS),
            sqlite_where=text(IDENTIFIED_RETURNED_LOANS),
        ),
    )


class HubTransfer(HubBase):
    __tablename__ = "hub_transfer"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    item: Mapped[str] = mapped_column(String(32))
    from_point: Mapped[str] = mapped_column(String(32))
    to_point: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime]


class HubException(HubBase):
    """A disagreement surfaced to staff: exactly one row per conflict, seen by each point named."""

    __tablename__ = "hub_exception"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: dedupe key: the same conflict found twice (replay, reorder) is still one exception
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    points: Mapped[list[str]]
    status: Mapped[str] = mapped_column(String(16), default="open")
    context: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    resolution: Mapped[str | None] = mapped_column(String(32))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    #: when retention scrubbed its context of personal data (hub/redaction.py)
    redacted_at: Mapped[datetime | None]

    @validates("kind")
    def _known_kind(self, _key: str, kind: str) -> str:
        """A kind no front end can explain is the hub's bug: caught where it is made."""
        if kind not in EXCEPTION_KINDS:
            raise ValueError(f"exception kind {kind!r} is not in protocol.feed.EXCEPTION_KINDS")
        return kind


class HubInventory(HubBase):
    """A finished inventory (盘点) of one point, with its counts, for district reports."""

    __tablename__ = "hub_inventory"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    point_code: Mapped[str] = mapped_column(String(32), index=True)
    call_from: Mapped[str | None] = mapped_column(String(100))
    call_to: Mapped[str | None] = mapped_column(String(100))
    expected: Mapped[int]
    found: Mapped[int]
    missing: Mapped[int]
    misplaced: Mapped[int]
    unexpected: Mapped[int]
    finished_at: Mapped[datetime]
    staff_code: Mapped[str] = mapped_column(String(32), default="")


class HubDistrictKey(HubBase):
    """A district signing key the hub accepts packages from and hands to desks at enrolment."""

    __tablename__ = "hub_district_key"
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime]


class HubStandards(HubBase):
    __tablename__ = "hub_standards"
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    effective_from: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str | None] = mapped_column(String(200))


class HubChange(HubBase):
    """The change feed, log-compacted: one row per (scope, kind, key) at the position of its
    latest change. ``scope`` is a point code or ``*`` for district-wide rows."""

    __tablename__ = "hub_change"
    pos: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    scope: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]

    __table_args__ = (
        UniqueConstraint("scope", "kind", "key", name="uq_hub_change_scope_kind_key"),
        Index("ix_hub_change_scope_pos", "scope", "pos"),
    )


# --- shipments and transfers (hub/push/shipments.py) ------------------------------------------
class HubShipment(HubBase):
    """A box dispatched by one point to another; received (with its outcomes) or on its way."""

    __tablename__ = "hub_shipment"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    from_point: Mapped[str] = mapped_column(String(32), index=True)
    to_point: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="dispatched")  # dispatched|received
    staff_code: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    dispatched_at: Mapped[datetime]
    received_at: Mapped[datetime | None]


class HubShipmentItem(HubBase):
    """One copy of a box: packed (on its way) | received | missing | extra; damaged + note."""

    __tablename__ = "hub_shipment_item"
    shipment_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    barcode: Mapped[str] = mapped_column(String(64), primary_key=True)
    transfer_uid: Mapped[str | None] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(16), default="packed")
    damaged: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_hub_shipment_item_barcode", "barcode"),)


# --- fees (hub/push/fees.py) ------------------------------------------------------------------
class HubFee(HubBase):
    """A reader's fee: raised by a late return (uid = the loan's), settled by a payment or a
    waiver at any point. A fee settled twice (two desks offline) keeps the first settlement and
    raises a ``fee_settled_twice`` exception, so the second point can refund."""

    __tablename__ = "hub_fee"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    card_no: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="overdue")
    item: Mapped[str | None] = mapped_column(String(64))
    amount_cents: Mapped[int] = mapped_column(default=0)
    raised_point: Mapped[str | None] = mapped_column(String(32))
    raised_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | paid | waived
    settled_point: Mapped[str | None] = mapped_column(String(32))
    settled_at: Mapped[datetime | None]
    settled_by: Mapped[str | None] = mapped_column(String(32))
    payment_uid: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_hub_fee_settled", "settled_point", "settled_at"),)


# --- holds (hub/holds.py, hub/push/holds.py) ----------------------------------------------------
class HubHold(HubBase):
    """A reader's hold as the hub keeps it: its place in the title's queue, the copy the hub
    aimed it at (a point's pull list), the copy set aside for it and where it waits."""

    __tablename__ = "hub_hold"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    card_no: Mapped[str] = mapped_column(String(32), index=True)
    reader_type: Mapped[str] = mapped_column(String(32), default="adult")
    title_uid: Mapped[str] = mapped_column(String(36))
    isbn: Mapped[str | None] = mapped_column(String(13))
    item: Mapped[str | None] = mapped_column(String(32))
    placed_point: Mapped[str] = mapped_column(String(32))
    pickup_point: Mapped[str] = mapped_column(String(32))
    #: waiting | captured | on_shelf | filled | cancelled | lapsed | expired | refused
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    reason: Mapped[str | None] = mapped_column(String(48))
    priority: Mapped[int] = mapped_column(default=0)
    placed_at: Mapped[datetime]
    lapse_on: Mapped[date]
    suspended_until: Mapped[date | None]
    target_item: Mapped[str | None] = mapped_column(String(32), index=True)
    target_point: Mapped[str | None] = mapped_column(String(32))
    targeted_at: Mapped[datetime | None]
    captured_item: Mapped[str | None] = mapped_column(String(32), index=True)
    captured_point: Mapped[str | None] = mapped_column(String(32))
    captured_at: Mapped[datetime | None]
    shelf_expires_on: Mapped[date | None]
    ended_at: Mapped[datetime | None]
    #: copies this hold's targeting gave up on (not found, not acted on): not aimed at again
    tried: Mapped[list[str]] = mapped_column(default=list)

    __table_args__ = (Index("ix_hub_hold_status_title", "status", "title_uid"),)


class HubTitleMarc(HubBase):
    """The descriptive MARC fields of a title imported at the hub (``marc.Kept`` as JSON) and
    its filing form, kept apart from ``hub_title.data`` (which is the wire's title record) so
    ``xclib-hub export-marc`` gives back what ``import-marc`` read."""

    __tablename__ = "hub_title_marc"
    uid: Mapped[str] = mapped_column(ForeignKey("hub_title.uid"), primary_key=True)
    filing_title: Mapped[str] = mapped_column(String(500), default="")
    fields: Mapped[dict[str, Any]]
