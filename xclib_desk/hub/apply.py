"""Applying pushed events to the hub's authoritative state, under the library's conflict rules.

One push is one database transaction that starts by locking the feed counter row (so pushes
from many processes are serialised and feed positions are handed out in commit order). A bad
event is rejected alone and never blocks the rest (see ``Applier``). Every event ends in the
ledger with the answer given, which makes a re-sent batch harmless.

Conflict rules (design.md): the copy in the staff's hand is the truth; a return is always
accepted; a check-out of a copy the hub believes is on loan closes the older loan and flags
both; a loan to a reader blocked at the hub meanwhile is kept and flagged; a renewal of a
returned loan is rejected; a bad clock is flagged, never a reason to drop a fact.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..protocol.events import (
    PAYLOADS,
    CardRenewed,
    CheckedIn,
    CheckedOut,
    ExceptionResolved,
    InventoryFinished,
    ItemAdded,
    ItemStatusChanged,
    ReaderBlocked,
    ReaderRegistered,
    ReaderUnblocked,
    ReaderUpdated,
    Renewed,
    ShipmentDispatched,
    ShipmentReceived,
    TitleAdded,
    TitleUpdated,
    TransferCreated,
)
from ..protocol.wire import MAX_CLOCK_DRIFT_MS, EventEnvelope, EventResult, ResultStatus
from ..standards.policy import Policy
from ..standards.schema import StandardsPackage
from . import catalogue
from .bulk import insert_rows, where_in
from .models import (
    HubChange,
    HubEvent,
    HubException,
    HubInventory,
    HubItem,
    HubLoan,
    HubMeta,
    HubPoint,
    HubReader,
    HubShipment,
    HubStandards,
    HubTitle,
    HubTransfer,
)
from .staffing import StaffingEvents

log = logging.getLogger(__name__)
#: marks a desk may put on an event that the ledger keeps in ``flags`` (see wire.EventEnvelope)
KEPT_MARKS = frozenset({"outside_hours"})
PROFILE_FIELDS = (
    "name",
    "id_masked",
    "id_hash",
    "birth_date",
    "phone",
    "address",
    "guardian_name",
    "guardian_phone",
)


@dataclass(frozen=True)
class DeviceRef:
    """The authenticated caller of a push: plain values, no session attached."""

    device_id: str
    point_code: str


class Rejected(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def lock_feed(s: Session) -> None:
    """First statement of every hub write: take the feed counter's row lock until commit."""
    s.execute(update(HubMeta).where(HubMeta.id == 1).values(feed_pos=HubMeta.feed_pos))


@dataclass
class Feed:
    """Changes collected during one transaction, written to the feed just before commit."""

    items: set[str] = field(default_factory=set)
    readers: set[str] = field(default_factory=set)
    loans: set[str] = field(default_factory=set)
    transfers: set[str] = field(default_factory=set)
    exceptions: set[str] = field(default_factory=set)
    points: set[str] = field(default_factory=set)
    standards: set[int] = field(default_factory=set)
    #: shipments (hub/shipments.py), and extra points an item row must reach this time
    shipments: set[str] = field(default_factory=set)
    item_scopes: dict[str, set[str]] = field(default_factory=dict)
    #: titles whose correction must reach every point holding a copy (hub/titles.py)
    titles: set[str] = field(default_factory=set)

    def touch_payload(self, payload: dict[str, Any]) -> None:
        """After a rejection: re-send the hub's view of what the event named, so the desk
        that made it learns the truth instead of keeping its own."""
        for k in ("item", "barcode"):
            if isinstance(payload.get(k), str):
                self.items.add(payload[k])
        if isinstance(payload.get("loan_uid"), str):
            self.loans.add(payload["loan_uid"])
        if isinstance(payload.get("card_no"), str):
            self.readers.add(payload["card_no"])


def _iso(v: date | datetime | None) -> str | None:
    return None if v is None else v.isoformat()


def item_data(s: Session, it: HubItem, titles: dict[str, Any] | None = None) -> dict[str, Any]:
    titles = {} if titles is None else titles
    if it.title_uid and it.title_uid not in titles:
        title = s.get(HubTitle, it.title_uid)
        titles[it.title_uid] = title.data if title else None
    return {
        "barcode": it.barcode,
        "title": titles.get(it.title_uid) if it.title_uid else None,
        "title_uid": it.title_uid,
        "call_number": it.call_number,
        "material_type": it.material_type,
        "owner": it.owner,
        "location": it.location,
        "status": it.status,
        "price_cents": it.price_cents,
    }


def reader_index(r: HubReader) -> dict[str, Any]:
    """The compact district-wide row: no name, no ID number, no address, no phone."""
    return {
        "card_no": r.card_no,
        "reader_type": r.reader_type,
        "status": r.status,
        "expires_on": _iso(r.expires_on),
        "open_loans": r.open_loans,
        "home_point": r.home_point,
    }


def reader_full(r: HubReader) -> dict[str, Any]:
    return {**reader_index(r), "block_reason": r.block_reason, "profile": r.profile}


def loan_data(ln: HubLoan) -> dict[str, Any]:
    return {
        "uid": ln.uid,
        "item": ln.item,
        "card_no": ln.card_no,
        "reader_type": ln.reader_type,
        "material_type": ln.material_type,
        "point": ln.point,
        "staff_code": ln.staff_code,
        "checked_out_at": _iso(ln.checked_out_at),
        "due_date": _iso(ln.due_date),
        "renewals": ln.renewals,
        "standards_version": ln.standards_version,
        "returned_at": _iso(ln.returned_at),
        "returned_point": ln.returned_point,
        "fee_cents": ln.fee_cents,
        "closed_by": ln.closed_by,
    }


def write_feed(s: Session, feed: Feed) -> int:
    """Turn the touched keys into feed rows at fresh positions; returns how many were written.

    Positions come from the counter row this transaction locked first, so no other writer can
    commit a lower position after us: a reader's cursor never skips an uncommitted change.
    """
    from . import shipments as hub_shipments

    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    titles: dict[str, Any] = {}
    # a copy in a box on its way also goes to the box's destination (to receive it offline)
    bound_for = hub_shipments.destinations(s, sorted(feed.items)) if feed.items else {}
    for bc in sorted(feed.items):
        it = s.get(HubItem, bc)
        if it is not None:
            data = item_data(s, it, titles)
            extra = bound_for.get(bc, set()) | feed.item_scopes.get(bc, set())
            for scope in {it.owner, it.location, *extra} - {None}:
                rows.append((str(scope), "item", bc, data))
    cards = sorted(feed.readers)
    open_count: dict[str, int] = {}
    for clause in where_in(s, HubLoan.card_no, cards):
        open_count.update(
            s.execute(
                select(HubLoan.card_no, func.count())
                .where(clause, HubLoan.returned_at.is_(None))
                .group_by(HubLoan.card_no)
            ).all()  # type: ignore[arg-type]
        )
    for card in cards:
        r = s.get(HubReader, card)
        if r is None:
            continue
        r.open_loans = open_count.get(card, 0)
        rows.append(("*", "reader_index", card, reader_index(r)))
        if r.home_point:
            rows.append((r.home_point, "reader", card, reader_full(r)))
    for uid in sorted(feed.loans):
        ln = s.get(HubLoan, uid)
        if ln is None:
            continue
        it = s.get(HubItem, ln.item)
        scopes = {ln.point, ln.returned_point, it.owner if it else None} - {None}
        for scope in scopes:
            rows.append((str(scope), "loan", uid, loan_data(ln)))
    for uid in sorted(feed.transfers):
        t = s.get(HubTransfer, uid)
        if t is None:
            continue
        data = {
            "uid": t.uid,
            "item": t.item,
            "from_point": t.from_point,
            "to_point": t.to_point,
            "reason": t.reason,
            "status": t.status,
            "created_at": _iso(t.created_at),
        }
        for scope in {t.from_point, t.to_point}:
            rows.append((scope, "transfer", uid, data))
    for uid in sorted(feed.shipments):
        sh = s.get(HubShipment, uid)
        if sh is not None:
            shdata = hub_shipments.shipment_data(s, sh)
            for scope in {sh.from_point, sh.to_point}:
                rows.append((scope, "shipment", uid, shdata))
    for uid in sorted(feed.exceptions):
        x = s.get(HubException, uid)
        if x is None:
            continue
        data = {
            "uid": x.uid,
            "kind": x.kind,
            "points": x.points,
            "status": x.status,
            "context": x.context,
            "created_at": _iso(x.created_at),
            "resolution": x.resolution,
            "resolution_note": x.resolution_note,
        }
        for scope in x.points:
            rows.append((scope, "exception", uid, data))
    for code in sorted(feed.points):
        p = s.get(HubPoint, code)
        if p is not None:
            pdata = {"code": p.code, "name": p.name, "level": p.level, "parent_code": p.parent_code,
                     "population": p.population, "hours": p.hours}  # fmt: skip
            rows.append(("*", "point", code, pdata))
    if feed.titles:  # catalogue corrections, one row per point holding a copy
        from .titles import feed_rows as title_rows

        rows.extend(title_rows(s, sorted(feed.titles)))
    for version in sorted(feed.standards):
        st = s.get(HubStandards, version)
        if st is not None:
            sdata = {
                "version": st.version,
                "effective_from": _iso(st.effective_from),
                "body": st.body,
                "signature": st.signature,
            }
            rows.append(("*", "standards", str(version), sdata))
    if not rows:
        return 0
    top = s.execute(
        update(HubMeta)
        .where(HubMeta.id == 1)
        .values(feed_pos=HubMeta.feed_pos + len(rows))
        .returning(HubMeta.feed_pos)
    ).scalar_one()
    first = top - len(rows) + 1
    # one upsert: a thing already in the feed moves to its new position (log compaction)
    insert_rows(
        s,
        HubChange.__table__,
        [
            {"pos": first + n, "scope": scope, "kind": kind, "key": key, "data": data}
            for n, (scope, kind, key, data) in enumerate(rows)
        ],
        conflict=("scope", "kind", "key"),
    )
    return len(rows)


class Applier(StaffingEvents):
    """Applies one device's batch inside the caller's (locked) transaction.

    Fast path: the whole batch in one savepoint, with the rows it touches loaded up front
    (three queries, not three per event). Business rejections are raised before an event
    changes anything, so they need no savepoint. Only if an event fails unexpectedly is the
    batch rolled back to that savepoint and replayed with one savepoint per event, so the
    failing event alone ends up ``rejected(hub_error)``.
    """

    def __init__(self, s: Session, device: DeviceRef, now: datetime, feed: Feed) -> None:
        self.s = s
        self.device = device
        self.point = device.point_code
        self.now = now
        self.feed = feed
        self._policies: dict[int, Policy | None] = {}
        self.items: dict[str, HubItem | None] = {}
        self.readers: dict[str, HubReader | None] = {}
        self.loans: dict[str, HubLoan | None] = {}
        self.open_by_item: dict[str, set[str]] = {}
        self._todo: list[EventEnvelope] = []  # the batch being replayed event by event
        self.ledger: list[dict[str, Any]] = []
        #: titles whose union-catalogue search text must follow (catalogue.reindex)
        self.reindex: set[str] = set()

    # --- the batch ------------------------------------------------------------------------
    def push(self, events: list[EventEnvelope], clock_offset_ms: float | None) -> list[EventResult]:
        s = self.s
        # the ledger's answers only (not the payloads): a re-sent batch is answered from these
        known: dict[str, tuple[Any, str | None, list[str]]] = {}
        for clause in where_in(s, HubEvent.event_id, (e.event_id for e in events)):
            for eid, st, code, fl in s.execute(
                select(HubEvent.event_id, HubEvent.status, HubEvent.code, HubEvent.flags).where(
                    clause
                )
            ):
                known[eid] = (st, code, fl)
        taken: set[int] = set()
        for clause in where_in(s, HubEvent.seq, (e.seq for e in events)):
            taken.update(
                s.scalars(
                    select(HubEvent.seq).where(HubEvent.device_id == self.device.device_id, clause)
                )
            )
        results: dict[str, EventResult] = {}
        todo: list[EventEnvelope] = []
        # hybrid-clock order: the device's own order, and a stable order for replays
        for e in sorted(events, key=lambda ev: (ev.hlc, ev.seq)):
            if e.event_id in results:
                continue
            old = known.get(e.event_id)
            if old is not None:
                results[e.event_id] = EventResult(
                    event_id=e.event_id,
                    seq=e.seq,
                    status="duplicate",
                    code=old[1],
                    flags=list(old[2]),
                    original_status=old[0],
                )
            elif e.seq in taken:
                results[e.event_id] = EventResult(
                    event_id=e.event_id, seq=e.seq, status="rejected", code="seq_reused"
                )
            else:
                taken.add(e.seq)
                todo.append(e)
                results[e.event_id] = EventResult(event_id=e.event_id, seq=e.seq, status="applied")
        try:
            with s.begin_nested():
                self._prefetch(todo)
                for e in todo:
                    results[e.event_id] = self._one(e, clock_offset_ms, careful=False)
        except Exception:
            log.warning("batch of %s failed; replaying event by event", self.device.device_id)
            s.expire_all()
            self.ledger.clear()
            self._todo = todo
            self._prefetch(todo)
            for e in todo:
                results[e.event_id] = self._one(e, clock_offset_ms, careful=True)
        insert_rows(s, HubEvent.__table__, self.ledger)
        if self.reindex:
            s.flush()
            catalogue.reindex(s, self.reindex)
        return [results[e.event_id] for e in events]

    def _prefetch(self, events: list[EventEnvelope]) -> None:
        """Load every item, reader and loan the batch names, and the items' open loans."""
        s = self.s
        bcs, cards, uids = set(), set(), set()
        for e in events:
            p = e.payload
            for k in ("item", "barcode"):
                if isinstance(p.get(k), str):
                    bcs.add(p[k])
            if isinstance(p.get("card_no"), str):
                cards.add(p["card_no"])
            if isinstance(p.get("loan_uid"), str):
                uids.add(p["loan_uid"])
        self.items = dict.fromkeys(bcs)
        self.readers = dict.fromkeys(cards)
        self.loans = dict.fromkeys(uids)
        self.open_by_item = {bc: set() for bc in bcs}
        for clause in where_in(s, HubItem.barcode, bcs):
            for it in s.scalars(select(HubItem).where(clause)):
                self.items[it.barcode] = it
        for clause in where_in(s, HubLoan.item, bcs):
            for ln in s.scalars(select(HubLoan).where(clause, HubLoan.returned_at.is_(None))):
                self.loans[ln.uid] = ln
                self.open_by_item[ln.item].add(ln.uid)
        for clause in where_in(s, HubReader.card_no, cards):
            for r in s.scalars(select(HubReader).where(clause)):
                self.readers[r.card_no] = r
        for clause in where_in(s, HubLoan.uid, uids):
            for ln in s.scalars(select(HubLoan).where(clause)):
                self.loans[ln.uid] = ln

    def _one(self, e: EventEnvelope, clock_offset_ms: float | None, careful: bool) -> EventResult:
        flags: list[str] = []
        status: ResultStatus = "applied"
        code: str | None = None
        try:
            if careful:
                with self.s.begin_nested():
                    flags.extend(self._apply(e))
                    flags.extend(self._clock_flags(e, clock_offset_ms))
            else:
                flags.extend(self._apply(e))
                flags.extend(self._clock_flags(e, clock_offset_ms))
        except Rejected as r:
            status, code = "rejected", r.code
        except Exception:
            if not careful:
                raise
            log.exception("event %s (%s) failed", e.event_id, e.type)
            status, code = "rejected", "hub_error"
            self.s.expire_all()
            self._prefetch(self._todo)  # the whole batch: later events need their open loans
        if status == "rejected":
            flags = []
            self.feed.touch_payload(e.payload)
            self._exception(
                f"rejected:{e.event_id}",
                "rejected",
                [e.point_code],
                {
                    "code": code,
                    "event_id": e.event_id,
                    "type": e.type,
                    "payload": e.payload,
                    "staff": e.staff_code,
                    "hub_action": "event recorded in the ledger, not applied",
                },
            )
        elif flags:
            status, code = "applied_with_flag", flags[0]
        # the desk's marks (protocol 2) are kept with the event; they are facts, not conflicts
        flags = flags + [m for m in e.marks if m in KEPT_MARKS and m not in flags]
        self.ledger.append(
            {
                "event_id": e.event_id,
                "device_id": e.device_id,
                "seq": e.seq,
                "point_code": e.point_code,
                "type": e.type,
                "hlc": e.hlc,
                "wall_time": e.wall_time,
                "staff_code": e.staff_code,
                "standards_version": e.standards_version,
                "payload": e.payload,
                "received_at": self.now,
                "status": status,
                "code": code,
                "flags": flags,
            }
        )
        return EventResult(event_id=e.event_id, seq=e.seq, status=status, code=code, flags=flags)

    # --- helpers --------------------------------------------------------------------------
    def _exception(self, key: str, kind: str, points: Iterable[str], ctx: dict[str, Any]) -> None:
        """Record a conflict once: the same key found again (replay, reorder) adds nothing."""
        existing = self.s.scalars(select(HubException).where(HubException.key == key)).first()
        if existing is not None:
            return
        uid = str(uuid.uuid4())
        self.s.add(
            HubException(
                uid=uid,
                key=key,
                kind=kind,
                points=sorted(set(points)),
                status="open",
                context=ctx,
                created_at=self.now,
            )
        )
        self.feed.exceptions.add(uid)

    def _clock_flags(self, e: EventEnvelope, offset_ms: float | None) -> list[str]:
        flags = []
        wall = e.wall_time if e.wall_time.tzinfo else e.wall_time.replace(tzinfo=UTC)
        ahead_ms = (wall - self.now).total_seconds() * 1000
        if ahead_ms > MAX_CLOCK_DRIFT_MS:
            flags.append("clock_ahead")
        elif offset_ms is not None and abs(offset_ms) > MAX_CLOCK_DRIFT_MS:
            flags.append("clock_drift")
        if flags:
            # one open exception per device and kind, however many events carry the bad time
            open_one = self.s.scalars(
                select(HubException).where(
                    HubException.kind == flags[0],
                    HubException.status == "open",
                    HubException.key.like(f"{flags[0]}:{e.device_id}:%"),
                )
            ).first()
            if open_one is None:
                self._exception(
                    f"{flags[0]}:{e.device_id}:{e.event_id}",
                    flags[0],
                    [e.point_code],
                    {
                        "device_id": e.device_id,
                        "first_event": e.event_id,
                        "event_wall_time": wall.isoformat(),
                        "hub_time": self.now.isoformat(),
                        "ahead_ms": round(ahead_ms),
                        "measured_offset_ms": offset_ms,
                        "hub_action": "events applied and flagged; check the desk clock",
                    },
                )
        return flags

    def _policy(self, version: int) -> Policy | None:
        if version not in self._policies:
            st = self.s.get(HubStandards, version)
            self._policies[version] = (
                Policy(StandardsPackage.model_validate_json(st.body)) if st else None
            )
        return self._policies[version]

    def _item(self, barcode: str) -> HubItem:
        it = self.items[barcode] if barcode in self.items else self.s.get(HubItem, barcode)
        if it is None:
            it = HubItem(barcode=barcode, status="available", state_hlc="", call_number="")
            it.material_type = "book"
            self.s.add(it)
        self.items[barcode] = it
        self.open_by_item.setdefault(barcode, set())
        return it

    def _reader(self, card: str, reader_type: str = "adult") -> HubReader:
        r = self.readers[card] if card in self.readers else self.s.get(HubReader, card)
        if r is None:
            r = HubReader(
                card_no=card,
                reader_type=reader_type,
                status="active",
                profile={},
                field_hlc={},
                open_loans=0,
            )
            self.s.add(r)
        self.readers[card] = r
        return r

    def _loan(self, uid: str) -> HubLoan | None:
        if uid not in self.loans:
            self.loans[uid] = self.s.get(HubLoan, uid)
        return self.loans[uid]

    def _new_loan(self, uid: str, item: str, point: str) -> HubLoan:
        loan = HubLoan(uid=uid, item=item, point=point, renewals=0, fee_cents=0)
        self.s.add(loan)
        self.loans[uid] = loan
        return loan

    def _set_open(self, loan: HubLoan) -> None:
        """Keep the in-memory index of open loans per copy in step with ``returned_at``."""
        ids = self.open_by_item.setdefault(loan.item, set())
        if loan.returned_at is None:
            ids.add(loan.uid)
        else:
            ids.discard(loan.uid)

    def _open_loan(self, barcode: str, other_than: str) -> HubLoan | None:
        for uid in sorted(self.open_by_item.get(barcode, set()) - {other_than}):
            ln = self._loan(uid)
            if ln is not None and ln.returned_at is None:
                return ln
        return None

    # --- the rules ------------------------------------------------------------------------
    def _apply(self, e: EventEnvelope) -> list[str]:
        model = PAYLOADS.get(e.type)
        if model is None:
            raise Rejected("unknown_type")
        try:
            p = model.model_validate(e.payload)
        except ValidationError:
            raise Rejected("bad_payload") from None
        handler: Callable[[EventEnvelope, Any], list[str]] | None = getattr(
            self, "_on_" + e.type.replace(".", "_"), None
        )
        flags: list[str] = []
        if e.type not in ("point.initialised", "standards.activated") and (
            self._policy(e.standards_version) is None
        ):
            flags.append("unknown_standards_version")
        if handler is not None:
            flags.extend(handler(e, p))
        return flags

    def _on_title_added(self, e: EventEnvelope, p: TitleAdded) -> list[str]:
        if self.s.get(HubTitle, p.uid) is None:
            self.s.add(HubTitle(uid=p.uid, data=p.model_dump(mode="json"), isbn=p.isbn))
            self.s.flush()
            self.reindex.add(p.uid)
        return []

    def _on_item_added(self, e: EventEnvelope, p: ItemAdded) -> list[str]:
        if p.owner != e.point_code:
            raise Rejected("wrong_point")
        it = self._item(p.barcode)
        if it.owner is not None and it.owner != p.owner:
            raise Rejected("duplicate_item")
        it.title_uid, it.call_number = p.title_uid, p.call_number
        it.material_type, it.owner, it.price_cents = p.material_type, p.owner, p.price_cents
        if e.hlc > it.state_hlc:
            it.location, it.state_hlc = p.location, e.hlc
        elif it.location is None:
            it.location = p.location
        if it.added_at is None:
            it.added_at = _utc(e.wall_time)
        self.feed.items.add(it.barcode)
        self.reindex.add(p.title_uid)
        return []

    def _on_reader_registered(self, e: EventEnvelope, p: ReaderRegistered) -> list[str]:
        if p.home_point != e.point_code:
            raise Rejected("wrong_point")
        r = self._reader(p.card_no, p.reader_type)
        if r.home_point is not None and r.home_point != p.home_point:
            raise Rejected("duplicate_card")
        r.home_point, r.reader_type, r.expires_on = p.home_point, p.reader_type, p.expires_on
        profile = dict(r.profile)
        hlcs = dict(r.field_hlc)
        for f in PROFILE_FIELDS:
            if hlcs.get(f, "") < e.hlc:
                profile[f] = getattr(p, f) if f != "birth_date" else _iso(p.birth_date)
                hlcs[f] = e.hlc
        r.profile, r.field_hlc = profile, hlcs
        self.feed.readers.add(r.card_no)
        return []

    def _on_reader_updated(self, e: EventEnvelope, p: ReaderUpdated) -> list[str]:
        if set(p.fields) - {*PROFILE_FIELDS, "reader_type"}:
            raise Rejected("bad_payload")  # checked before anything changes
        r = self._reader(p.card_no)
        profile, hlcs = dict(r.profile), dict(r.field_hlc)
        for f, v in p.fields.items():
            if hlcs.get(f, "") < e.hlc:  # per-field merge: the later edit of each field wins
                hlcs[f] = e.hlc
                if f == "reader_type":
                    r.reader_type = str(v)
                else:
                    profile[f] = v
        r.profile, r.field_hlc = profile, hlcs
        self.feed.readers.add(r.card_no)
        return []

    def _set_status(self, e: EventEnvelope, card: str, status: str, reason: str | None) -> None:
        r = self._reader(card)
        hlcs = dict(r.field_hlc)
        if hlcs.get("status", "") < e.hlc:
            r.status, r.block_reason = status, reason
            hlcs["status"] = e.hlc
            r.field_hlc = hlcs
        self.feed.readers.add(card)

    def _on_reader_blocked(self, e: EventEnvelope, p: ReaderBlocked) -> list[str]:
        self._set_status(e, p.card_no, "blocked", p.reason)
        return []

    def _on_reader_unblocked(self, e: EventEnvelope, p: ReaderUnblocked) -> list[str]:
        self._set_status(e, p.card_no, "active", None)
        return []

    def _on_reader_card_renewed(self, e: EventEnvelope, p: CardRenewed) -> list[str]:
        r = self._reader(p.card_no)
        hlcs = dict(r.field_hlc)
        if hlcs.get("expires_on", "") < e.hlc:
            r.expires_on, hlcs["expires_on"] = p.expires_on, e.hlc
            r.field_hlc = hlcs
        self.feed.readers.add(r.card_no)
        return []

    def _on_loan_checked_out(self, e: EventEnvelope, p: CheckedOut) -> list[str]:
        flags: list[str] = []
        it = self._item(p.item)
        reader = self._reader(p.card_no)
        loan = self._loan(p.loan_uid)
        if loan is None:
            loan = self._new_loan(p.loan_uid, p.item, e.point_code)
        elif loan.checked_out_at is not None:
            return []  # the same loan told twice (another event id): nothing new
        loan.card_no, loan.reader_type = p.card_no, reader.reader_type
        loan.material_type, loan.staff_code = it.material_type, e.staff_code
        loan.checked_out_at, loan.checkout_hlc, loan.due_date = p.checked_out_at, e.hlc, p.due_date
        loan.standards_version = e.standards_version
        self._set_open(loan)
        overridden = set(p.override.codes) if p.override else set()
        if reader.status == "blocked" and "reader_blocked" not in overridden:
            # blocked at the hub meanwhile: the book is in the reader's bag; keep, flag
            flags.append("reader_blocked_at_hub")
            self._exception(
                f"reader_blocked:{loan.uid}",
                "reader_blocked_at_hub",
                [e.point_code] + ([reader.home_point] if reader.home_point else []),
                {
                    "reader": p.card_no,
                    "block_reason": reader.block_reason,
                    "item": p.item,
                    "loan": loan_data(loan),
                    "hub_action": "loan kept; reader stays blocked",
                },
            )
        if loan.returned_at is None:
            other = self._open_loan(p.item, loan.uid)
            if other is not None:
                flags.append("double_loan")
                if other.checkout_hlc <= e.hlc:
                    older, newer = other, loan
                else:
                    older, newer = loan, other
                older.returned_at = newer.checked_out_at
                older.closed_by = "superseded"
                self._set_open(older)
                self.feed.loans.add(other.uid)
                if other.card_no:
                    self.feed.readers.add(other.card_no)
                a, b = sorted([loan.uid, other.uid])
                self._exception(
                    f"double_loan:{a}:{b}",
                    "double_loan",
                    [older.point, newer.point],
                    {
                        "item": p.item,
                        "closed_loan": loan_data(older),
                        "open_loan": loan_data(newer),
                        "hub_action": (
                            f"closed loan {older.uid} (reader {older.card_no}, "
                            f"{older.point}); loan {newer.uid} (reader {newer.card_no}, "
                            f"{newer.point}) stays open"
                        ),
                    },
                )
        open_now = self._open_loan(p.item, "")
        if open_now is not None:
            it.status, it.location = "on_loan", open_now.point
            it.state_hlc = max(it.state_hlc, e.hlc)
        self.feed.items.add(it.barcode)
        self.feed.loans.add(loan.uid)
        self.feed.readers.add(p.card_no)
        return flags

    def _on_loan_checked_in(self, e: EventEnvelope, p: CheckedIn) -> list[str]:
        s = self.s
        it = self._item(p.item)
        loan = self._loan(p.loan_uid)
        if loan is None:  # the return arrived before its check-out: keep it, fill in later
            loan = self._new_loan(p.loan_uid, p.item, e.point_code)
            loan.card_no = p.card_no
        loan.returned_at, loan.returned_point, loan.fee_cents = (
            p.returned_at,
            e.point_code,
            p.fee_cents,
        )
        self._set_open(loan)
        if self._open_loan(p.item, "") is None and e.hlc > it.state_hlc:
            it.status = "in_transit" if p.route_to else "available"
            it.location, it.state_hlc = e.point_code, e.hlc
        if p.transfer_uid and p.route_to and s.get(HubTransfer, p.transfer_uid) is None:
            s.add(
                HubTransfer(
                    uid=p.transfer_uid,
                    item=p.item,
                    from_point=e.point_code,
                    to_point=p.route_to,
                    reason="return_home",
                    status="pending",
                    created_at=p.returned_at,
                )
            )
            self.feed.transfers.add(p.transfer_uid)
        self.feed.items.add(it.barcode)
        self.feed.loans.add(loan.uid)
        if loan.card_no:
            self.feed.readers.add(loan.card_no)
        return []

    def _on_loan_renewed(self, e: EventEnvelope, p: Renewed) -> list[str]:
        loan = self._loan(p.loan_uid)
        if loan is None or (loan.checked_out_at is None and loan.returned_at is None):
            raise Rejected("unknown_loan")
        if loan.returned_at is not None:
            raise Rejected("loan_returned")
        flags = []
        policy = self._policy(e.standards_version)
        if policy is not None:
            # judged under the rules the desk said were in force, not today's
            limit = policy.loan_rule(loan.reader_type, loan.material_type).renewals
            overridden = set(p.override.codes) if p.override else set()
            if p.renewals > limit and "renewal_limit" not in overridden:
                flags.append("renewal_limit_exceeded")
                self._exception(
                    f"renewal_limit:{e.event_id}",
                    "renewal_limit_exceeded",
                    [e.point_code],
                    {"loan": loan_data(loan), "limit": limit, "hub_action": "renewal kept"},
                )
        if loan.due_date is None or p.due_date >= loan.due_date:
            loan.due_date = p.due_date
        loan.renewals = max(loan.renewals, p.renewals)
        self.feed.loans.add(loan.uid)
        return flags

    def _on_exception_resolved(self, e: EventEnvelope, p: ExceptionResolved) -> list[str]:
        x = self.s.get(HubException, p.uid)
        if x is None or e.point_code not in x.points:
            raise Rejected("unknown_exception")
        if x.status != "resolved":
            x.status, x.resolution, x.resolution_note = "resolved", p.resolution, p.note
            ctx = dict(x.context)
            ctx["resolved_by"] = {"point": e.point_code, "staff": e.staff_code, "at": e.hlc}
            x.context = ctx
        self.feed.exceptions.add(x.uid)
        return []

    # --- catalogue, copy status, transfers, inventories (issue 6) --------------------------
    def _on_title_updated(self, e: EventEnvelope, p: TitleUpdated) -> list[str]:
        """A catalogue correction, merged per field by clock (a late older edit loses)."""
        if not p.fields or set(p.fields) - TITLE_FIELDS:
            raise Rejected("bad_payload")
        t = self.s.get(HubTitle, p.uid)
        if t is None:  # the correction arrived before the title: keep it, fill in later
            t = HubTitle(uid=p.uid, data={"uid": p.uid, "title": ""}, field_hlc={})
            self.s.add(t)
        data, hlcs = dict(t.data), dict(t.field_hlc or {})
        for f, v in p.fields.items():
            if hlcs.get(f, "") < e.hlc:
                data[f], hlcs[f] = v, e.hlc
        t.data, t.field_hlc = data, hlcs
        t.isbn = data.get("isbn") or None
        self.s.flush()
        self.reindex.add(p.uid)
        self.feed.titles.add(p.uid)  # every point holding a copy learns the correction
        return []

    def _on_item_status_changed(self, e: EventEnvelope, p: ItemStatusChanged) -> list[str]:
        """Lost, damaged, withdrawn, or found again: only for a copy of this point or on its
        shelf; the later fact (by clock) decides where and how the copy is."""
        if p.status not in SETTABLE_STATUS:
            raise Rejected("bad_payload")
        it = self._item(p.barcode)
        if it.owner is not None and e.point_code not in (it.owner, it.location):
            raise Rejected("wrong_point")
        if e.hlc > it.state_hlc:
            it.status, it.state_hlc = p.status, e.hlc
            if p.status == "available":  # found again: on this point's shelf
                it.location = e.point_code
        self.feed.items.add(it.barcode)
        return []

    def _on_transfer_created(self, e: EventEnvelope, p: TransferCreated) -> list[str]:
        """A copy sent on its way from this point (the copy in the staff's hand is the truth,
        wherever the hub thought it was)."""
        if p.from_point != e.point_code:
            raise Rejected("wrong_point")
        if self.s.get(HubTransfer, p.uid) is None:
            self.s.add(
                HubTransfer(
                    uid=p.uid,
                    item=p.item,
                    from_point=p.from_point,
                    to_point=p.to_point,
                    reason=p.reason,
                    status="pending",
                    created_at=_utc(e.wall_time),
                )
            )
        it = self._item(p.item)
        if self._open_loan(p.item, "") is None and e.hlc > it.state_hlc:
            it.status, it.location, it.state_hlc = "in_transit", p.from_point, e.hlc
        self.feed.items.add(it.barcode)
        self.feed.transfers.add(p.uid)
        return []

    def _on_inventory_finished(self, e: EventEnvelope, p: InventoryFinished) -> list[str]:
        if self.s.get(HubInventory, p.uid) is None:
            self.s.add(
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
                    finished_at=_utc(e.wall_time),
                    staff_code=e.staff_code,
                )
            )
            self.s.flush()
        return []

    # --- shipments (issue 6, hub/shipments.py) ---------------------------------------------
    def _on_shipment_dispatched(self, e: EventEnvelope, p: ShipmentDispatched) -> list[str]:
        from . import shipments as hub_shipments

        return hub_shipments.on_dispatched(self, e, p)

    def _on_shipment_received(self, e: EventEnvelope, p: ShipmentReceived) -> list[str]:
        from . import shipments as hub_shipments

        return hub_shipments.on_received(self, e, p)


#: the catalogue fields a title.updated may change (TitleAdded's, except the uid)
TITLE_FIELDS = {"isbn", "title", "author", "publisher", "year", "clc", "language"}
#: statuses an item.status_changed may set (loans and transfers have their own events)
SETTABLE_STATUS = {"available", "lost", "damaged", "withdrawn"}


def _utc(v: datetime) -> datetime:
    return v if v.tzinfo else v.replace(tzinfo=UTC)
