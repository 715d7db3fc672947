"""The hub's change feed: the lock every hub write takes first, the keys a transaction
touched, and the feed rows built from them, through the protocol's row models only.

Positions come from the counter row, locked from the moment a writer takes its positions until
it commits, so no writer can commit a lower position after a higher one is visible: a reader's
cursor never skips an uncommitted change. Most writers take that lock first (:func:`lock_feed`)
and run alone; a push of loans and readers only (:func:`lock_keys`) runs beside others, locking
the keys it names, and takes the counter at its end, in the short section before commit
(docs/sync-protocol.md, "Concurrent pushes", has the proof). A thing already in the feed moves
to its new position (log compaction: one row per scope, kind and key).

Scopes: ``*`` for what every point sees (points, standards, the reader index), a point code
for the rest: a copy goes to its owner, the point it is at and the destination of a box
bringing it; a loan to the point that made it, the point it came back to and the copy's owner;
a title correction to every point holding a copy.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, partial
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    BigInteger,
    Integer,
    Table,
    Text,
    bindparam,
    func,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ...protocol.events import ReaderProfile
from ...protocol.feed import (
    HUB_ONLY_PROFILE_FIELDS,
    Change,
    ExceptionRow,
    FeeRow,
    ItemChange,
    ItemRow,
    LoanChange,
    LoanRow,
    PointRow,
    ReaderIndexRow,
    ReaderRow,
    ShipmentLineRow,
    ShipmentRow,
    StandardsRow,
    TitleRecord,
    TitleRow,
    TransferRow,
)
from ..activities import HubActivity, activity_row
from ..bulk import (
    ROWS_PARAM,
    in_keys,
    insert_rows,
    is_pg,
    json_recordset,
    json_rows,
    key_chunks,
    update_rows,
    where_in,
)
from ..holds import hold_rows, ready_changes
from ..models import (
    HubChange,
    HubException,
    HubFee,
    HubItem,
    HubLoan,
    HubMeta,
    HubPoint,
    HubReader,
    HubShipment,
    HubShipmentItem,
    HubStandards,
    HubTitle,
    HubTransfer,
)

#: the advisory lock of hub writers (PostgreSQL): exclusive for every writer but a concurrent
#: push, which takes it shared; so nothing runs beside a writer that locked the feed
WRITERS_LOCK = 727302
#: the advisory lock concurrent pushes take in turn to re-aim holds (:func:`lock_holds`)
HOLDS_LOCK = 727303
#: key buckets a concurrent push locks rows of: two keys sharing one wait for each other
KEY_BUCKETS = 1 << 20


def lock_feed(s: Session) -> None:
    """First statement of every hub write but a concurrent push: no push runs beside it, and
    the feed counter's row lock is taken until commit (writers run one after another)."""
    if is_pg(s):
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITERS_LOCK})
    s.execute(update(HubMeta).where(HubMeta.id == 1).values(feed_pos=HubMeta.feed_pos))


def lock_holds(s: Session) -> None:
    """Before a push re-aims holds (``push.holds.requeue_touched``): concurrent pushes of loans
    take turns from here to their commit, so two never aim holds from the same stale queue. Hold
    rows change only here, under :func:`lock_feed`, or in such a turn. SQLite: one writer."""
    if is_pg(s):
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": HOLDS_LOCK})


def key_bucket(key: str) -> int:
    """A stable bucket for a key (the same in every hub process)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest) % KEY_BUCKETS


def lock_keys(s: Session, keys: Iterable[str]) -> None:
    """First statement of a concurrent push (PostgreSQL): the writers' lock shared, then a row
    lock on each key's bucket, in bucket order so two pushes never wait for each other in a
    circle. A bucket's row is made on first use; ``DO UPDATE ... WHERE false`` locks an existing
    row without writing it. Elsewhere (SQLite has one writer anyway): :func:`lock_feed`."""
    if not is_pg(s):
        lock_feed(s)
        return
    buckets = sorted({key_bucket(k) for k in keys})
    s.execute(_KEYS_LOCKED, {"k": WRITERS_LOCK, "b": buckets})


#: one statement, one round trip: the writers' lock is taken (a CTE with a volatile function
#: is read once, whole, and the sort takes every row of the join before the INSERT sees one)
#: before the buckets' rows are locked, in bucket order
_KEYS_LOCKED = text(
    "WITH writers AS (SELECT pg_advisory_xact_lock_shared(:k) AS taken) "
    "INSERT INTO hub_key_lock (k) SELECT b FROM writers, unnest(CAST(:b AS integer[])) AS b "
    "ORDER BY b ON CONFLICT (k) DO UPDATE SET k = EXCLUDED.k WHERE false"
)


@dataclass
class Feed:
    """Keys changed during one transaction, written to the feed just before commit."""

    items: set[str] = field(default_factory=set)
    readers: set[str] = field(default_factory=set)
    loans: set[str] = field(default_factory=set)
    transfers: set[str] = field(default_factory=set)
    exceptions: set[str] = field(default_factory=set)
    points: set[str] = field(default_factory=set)
    standards: set[int] = field(default_factory=set)
    shipments: set[str] = field(default_factory=set)
    #: extra points an item row must reach this time (the sender of a received box)
    item_scopes: dict[str, set[str]] = field(default_factory=dict)
    #: titles whose correction must reach every point holding a copy
    titles: set[str] = field(default_factory=set)
    #: holds (hub/holds.py builds their rows and scopes)
    holds: set[str] = field(default_factory=set)
    #: activities of the district calendar (every point's feed)
    activities: set[str] = field(default_factory=set)
    #: fees: the reader's home point shows and collects what its reader owes anywhere
    fees: set[str] = field(default_factory=set)

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


# --- one builder per row kind ------------------------------------------------------------------
def point_row(p: HubPoint) -> PointRow:
    return PointRow(
        code=p.code,
        name=p.name,
        level=p.level,
        parent_code=p.parent_code,
        population=p.population,
        hours=p.hours,
    )


def title_record(t: HubTitle) -> TitleRecord:
    return TitleRecord.model_validate({**t.data, "uid": t.uid})


def title_row(t: HubTitle) -> TitleRow:
    return TitleRow.model_validate({**t.data, "uid": t.uid, "field_hlc": dict(t.field_hlc or {})})


class ItemFields(Protocol):
    """What a copy's feed row is built from: a stored copy, a push's record, or its columns."""

    barcode: str
    title_uid: str | None
    call_number: str
    material_type: str
    owner: str | None
    location: str | None
    status: str
    price_cents: int | None


class LoanFields(Protocol):
    """What a loan's feed row is built from: a stored loan, a push's record, or its columns."""

    uid: str
    item: str
    card_no: str | None
    reader_type: str
    material_type: str
    point: str
    staff_code: str
    checked_out_at: datetime | None
    due_date: date | None
    renewals: int
    standards_version: int
    returned_at: datetime | None
    returned_point: str | None
    fee_cents: int
    closed_by: str | None


def item_row(
    s: Session, it: ItemFields, titles: dict[str, TitleRecord | None] | None = None
) -> ItemRow:
    """A copy with its title's record (``titles`` caches the records across one write)."""
    titles = {} if titles is None else titles
    if it.title_uid and it.title_uid not in titles:
        title = s.get(HubTitle, it.title_uid)
        titles[it.title_uid] = title_record(title) if title else None
    return ItemRow(
        barcode=it.barcode,
        title=titles.get(it.title_uid) if it.title_uid else None,
        title_uid=it.title_uid,
        call_number=it.call_number,
        material_type=it.material_type,
        owner=it.owner,
        location=it.location,
        status=it.status,
        price_cents=it.price_cents,
    )


class ReaderFields(Protocol):
    """What a reader's feed rows are built from: a stored reader, or its columns as read."""

    card_no: str
    home_point: str | None
    reader_type: str
    status: str
    block_reason: str | None
    expires_on: date | None
    profile: dict[str, Any]
    open_loans: int
    holds_ready: list[str]


def reader_index_row(r: ReaderFields) -> ReaderIndexRow:
    """The compact district-wide row: no name, no ID number, no address, no phone."""
    return ReaderIndexRow(**_index_fields(r))


def reader_row(r: ReaderFields) -> ReaderRow:
    """The home point's row: the profile without what only the hub keeps (``id_hash``)."""
    shown = {k: v for k, v in r.profile.items() if k not in HUB_ONLY_PROFILE_FIELDS}
    return ReaderRow(  # built once, not through a ReaderIndexRow validated on the way
        **_index_fields(r),
        block_reason=r.block_reason,
        profile=ReaderProfile.model_validate(shown),
    )


def _index_fields(r: ReaderFields) -> dict[str, Any]:
    return {
        "card_no": r.card_no,
        "reader_type": r.reader_type,
        "status": r.status,
        "expires_on": r.expires_on,
        "open_loans": r.open_loans,
        "home_point": r.home_point,
        "holds_ready": list(r.holds_ready or []),
    }


def loan_row(ln: LoanFields) -> LoanRow:
    return LoanRow(
        uid=ln.uid,
        item=ln.item,
        card_no=ln.card_no,
        reader_type=ln.reader_type,
        material_type=ln.material_type,
        point=ln.point,
        staff_code=ln.staff_code,
        checked_out_at=ln.checked_out_at,
        due_date=ln.due_date,
        renewals=ln.renewals,
        standards_version=ln.standards_version,
        returned_at=ln.returned_at,
        returned_point=ln.returned_point,
        fee_cents=ln.fee_cents,
        closed_by=ln.closed_by,
    )


def transfer_row(t: HubTransfer) -> TransferRow:
    return TransferRow(
        uid=t.uid,
        item=t.item,
        from_point=t.from_point,
        to_point=t.to_point,
        reason=t.reason,
        status=t.status,
        created_at=t.created_at,
    )


def exception_row(x: HubException) -> ExceptionRow:
    return ExceptionRow(
        uid=x.uid,
        kind=x.kind,
        points=x.points,
        status=x.status,
        context=x.context,
        created_at=x.created_at,
        resolution=x.resolution,
        resolution_note=x.resolution_note,
    )


def standards_row(st: HubStandards) -> StandardsRow:
    return StandardsRow(
        version=st.version,
        effective_from=st.effective_from,
        body=st.body,
        signature=st.signature,
    )


def shipment_row(s: Session, sh: HubShipment) -> ShipmentRow:
    lines = s.scalars(
        select(HubShipmentItem)
        .where(HubShipmentItem.shipment_uid == sh.uid)
        .order_by(HubShipmentItem.barcode)
    )
    return ShipmentRow(
        uid=sh.uid,
        from_point=sh.from_point,
        to_point=sh.to_point,
        status=sh.status,
        staff_code=sh.staff_code,
        note=sh.note,
        dispatched_at=sh.dispatched_at,
        received_at=sh.received_at,
        items=[
            ShipmentLineRow(
                barcode=x.barcode,
                outcome=x.outcome,
                damaged=x.damaged,
                note=x.note,
                transfer_uid=x.transfer_uid,
            )
            for x in lines
        ],
    )


def title_records(s: Session, uids: Iterable[str | None]) -> dict[str, TitleRecord | None]:
    """uid -> the title's record (None if the hub has no such title), in one statement for all
    the copies' titles: a push lending fifty different books read their titles one by one."""
    out: dict[str, TitleRecord | None] = dict.fromkeys(u for u in uids if u)
    stmt = _titles_by_uid(is_pg(s))
    for (chunk,) in key_chunks(s, out):
        for uid, data in s.execute(stmt, {"keys": chunk}):
            out[uid] = TitleRecord.model_validate({**data, "uid": uid})
    return out


def home_points(s: Session, cards: Iterable[str]) -> dict[str, str | None]:
    """card -> the reader's home point, in one statement for all (a push of late returns
    looked up each fee's reader on its own)."""
    stmt = _homes(is_pg(s))
    return {
        card: home
        for (chunk,) in key_chunks(s, cards)
        for card, home in s.execute(stmt, {"keys": chunk})
    }


@cache
def _homes(pg: bool) -> Any:
    return select(HubReader.card_no, HubReader.home_point).where(
        in_keys(HubReader.card_no, "keys", pg)
    )


@cache
def _titles_by_uid(pg: bool) -> Any:
    return select(HubTitle.uid, HubTitle.data).where(in_keys(HubTitle.uid, "keys", pg))


# --- scopes ------------------------------------------------------------------------------------
def destinations(s: Session, barcodes: list[str]) -> dict[str, set[str]]:
    """barcode -> points a box on its way is bringing the copy to (extra feed scopes)."""
    out: dict[str, set[str]] = {}
    stmt = _bound_for(is_pg(s))
    for (chunk,) in key_chunks(s, barcodes):
        for bc, to in s.execute(stmt, {"keys": chunk}):
            out.setdefault(bc, set()).add(to)
    return out


@cache
def _bound_for(pg: bool) -> Any:
    return (
        select(HubShipmentItem.barcode, HubShipment.to_point)
        .join(HubShipment, HubShipment.uid == HubShipmentItem.shipment_uid)
        .where(in_keys(HubShipmentItem.barcode, "keys", pg), HubShipment.status == "dispatched")
    )


Row = tuple[str, str, str, BaseModel]
log = logging.getLogger(__name__)


def _title_holders(s: Session, uids: list[str]) -> dict[str, set[str]]:
    """title uid -> every point that owns a copy, has one on its shelf, or has one in a box on
    its way (a copy's own row carries the title only when the copy is new there)."""
    holders: dict[str, set[str]] = {}
    for clause in where_in(s, HubItem.title_uid, uids):
        barcodes: dict[str, str] = {}
        for bc, tuid, owner, location in s.execute(
            select(HubItem.barcode, HubItem.title_uid, HubItem.owner, HubItem.location).where(
                clause
            )
        ):
            if tuid is not None:
                holders.setdefault(tuid, set()).update(p for p in (owner, location) if p)
                barcodes[bc] = tuid
        for bc, points in destinations(s, sorted(barcodes)).items():
            holders.setdefault(barcodes[bc], set()).update(points)
    return holders


def fee_row(f: HubFee) -> FeeRow:
    return FeeRow(
        uid=f.uid,
        card_no=f.card_no,
        kind=f.kind,
        item=f.item,
        amount_cents=f.amount_cents,
        raised_point=f.raised_point,
        raised_at=f.raised_at,
        status=f.status,
        settled_point=f.settled_point,
        settled_at=f.settled_at,
        settled_by=f.settled_by,
        payment_uid=f.payment_uid,
        reason=f.reason,
    )


@cache
def _readers_locked(pg: bool) -> Any:
    return (
        select(HubReader.card_no)
        .where(in_keys(HubReader.card_no, "keys", pg))
        .order_by(HubReader.card_no)
        .with_for_update(key_share=True)
    )


@cache
def _readers_counted(pg: bool) -> Any:
    counted = (
        select(func.count())
        .where(HubLoan.card_no == HubReader.card_no, HubLoan.returned_at.is_(None))
        .scalar_subquery()
    )
    return (
        select(
            HubReader.card_no,
            HubReader.home_point,
            HubReader.reader_type,
            HubReader.status,
            HubReader.block_reason,
            HubReader.expires_on,
            HubReader.profile,
            HubReader.holds_ready,
            counted.label("open_loans"),
            HubReader.open_loans.label("stored"),
        )
        .where(in_keys(HubReader.card_no, "keys", pg))
        .order_by(HubReader.card_no)
    )


def readers_counted(s: Session, cards: list[str]) -> list[ReaderFields]:
    """These readers as stored, each with its open loans counted now and the count kept.

    A reader's open loans may change in a concurrent push (a double loan closes another
    reader's loan), so the rows are locked first, in card order, and counted by the next
    statement, which sees every push that committed before the lock was granted: the count of
    the last writer to commit is the one that stays. Read as columns rather than reloaded
    as objects, and the changed counts written in one statement (``bulk.update_rows``) rather
    than flushed object by object or sent as an executemany."""
    lock, count = _readers_locked(is_pg(s)), _readers_counted(is_pg(s))
    chunks = key_chunks(s, cards)
    for (chunk,) in chunks:
        s.execute(lock, {"keys": chunk}).all()
    out: list[ReaderFields] = []
    changed: list[dict[str, Any]] = []
    for (chunk,) in chunks:
        for row in s.execute(count, {"keys": chunk}):
            out.append(row)
            if row.open_loans != row.stored:
                changed.append({"card_no": row.card_no, "open_loans": row.open_loans})
    # one statement, not one per reader (the ORM's update by key runs an executemany)
    update_rows(s, HubReader.__table__, "card_no", changed)
    for new in changed:  # and the readers this session holds learn their count
        held = s.identity_map.get(identity_key(HubReader, new["card_no"]))
        if held is not None:
            set_committed_value(held, "open_loans", new["open_loans"])
    return out


def _held_or_read(
    s: Session, model: type[Any], key: Any, keys: Iterable[str], held: Mapping[str, Any]
) -> dict[str, Any]:
    """key -> the row (its columns, by name) of each of these keys the hub has: the one held,
    else read, in one statement for all, not a lookup per key."""
    table = model.__table__
    out: dict[str, Any] = {k: held[k] for k in keys if held.get(k) is not None}
    for clause in where_in(s, key, [k for k in keys if k not in out]):
        for row in s.execute(select(table).where(clause)):
            out[getattr(row, key.key)] = row
    return out


def write_feed(
    s: Session,
    feed: Feed,
    items_held: Mapping[str, ItemFields | None] | None = None,
    loans_held: Mapping[str, LoanFields | None] | None = None,
) -> int:
    """Turn the touched keys into feed rows at fresh positions; returns how many were written.
    A push passes the copies and loans it holds as they are written (``push/records.py``): only
    the others are read."""
    rows: list[Row] = []

    def add(
        scopes: Iterable[str | None], kind: str, key: str, build: Callable[[], BaseModel]
    ) -> None:
        """One row for each scope. A row the hub's own data cannot fill validly (say, a text
        stored before the protocol's types were this strict) is left out and logged: no point
        could read it, and it must not fail the write that touched it."""
        try:
            row = build()
        except ValidationError as e:
            # the key of a reader row is a card number and pydantic's errors quote the input:
            # the log names the kind and the failing field only (no personal data in logs)
            where = [(x["type"], ".".join(map(str, x["loc"]))) for x in e.errors()[:1]]
            log.error("feed row of kind %s left out: %s", kind, where)
            return
        rows.extend((scope, kind, key, row) for scope in sorted({x for x in scopes if x}))

    s.flush()  # (the rows are read as columns: what the session holds is written first)
    loans = _held_or_read(s, HubLoan, HubLoan.uid, feed.loans, loans_held or {})
    wanted = feed.items | {ln.item for ln in loans.values()}
    items = _held_or_read(s, HubItem, HubItem.barcode, wanted, items_held or {})
    titles = title_records(s, {it.title_uid for bc in feed.items if (it := items.get(bc))})
    # a copy in a box on its way also goes to the box's destination (to receive it offline)
    bound_for = destinations(s, sorted(feed.items)) if feed.items else {}
    for bc in sorted(feed.items):
        it = items.get(bc)
        if it is not None:
            extra = bound_for.get(bc, set()) | feed.item_scopes.get(bc, set())
            add({it.owner, it.location, *extra}, "item", bc, partial(item_row, s, it, titles))
    if feed.holds:  # a copy put on, or taken off, a hold shelf: the reader's index row too
        feed.readers |= ready_changes(s, feed.holds)
    for r in readers_counted(s, sorted(feed.readers)):
        add({"*"}, "reader_index", r.card_no, partial(reader_index_row, r))
        add({r.home_point}, "reader", r.card_no, partial(reader_row, r))
    for uid in sorted(feed.loans):
        ln = loans.get(uid)
        if ln is not None:
            loan_it = items.get(ln.item)
            owner = loan_it.owner if loan_it else None
            add({ln.point, ln.returned_point, owner}, "loan", uid, partial(loan_row, ln))
    for uid in sorted(feed.transfers):
        t = s.get(HubTransfer, uid)
        if t is not None:
            add({t.from_point, t.to_point}, "transfer", uid, partial(transfer_row, t))
    for uid in sorted(feed.shipments):
        sh = s.get(HubShipment, uid)
        if sh is not None:
            add({sh.from_point, sh.to_point}, "shipment", uid, partial(shipment_row, s, sh))
    for uid in sorted(feed.exceptions):
        x = s.get(HubException, uid)
        if x is not None:
            add(x.points, "exception", uid, partial(exception_row, x))
    for code in sorted(feed.points):
        p = s.get(HubPoint, code)
        if p is not None:
            add({"*"}, "point", code, partial(point_row, p))
    if feed.titles:  # catalogue corrections, one row per point holding a copy
        for uid, holders in _title_holders(s, sorted(feed.titles)).items():
            title = s.get(HubTitle, uid)
            if title is not None:
                add(holders, "title", uid, partial(title_row, title))
    if feed.holds:  # the placing, pickup, targeted, capturing and home points (hub/holds.py)
        for uid, scopes, build in hold_rows(s, sorted(feed.holds)):
            add(scopes, "hold", uid, build)
    fees = [fee for uid in sorted(feed.fees) if (fee := s.get(HubFee, uid)) is not None]
    homes = home_points(s, {fee.card_no for fee in fees if fee.card_no})
    for fee in fees:
        home = homes.get(fee.card_no) if fee.card_no else None
        scopes = {p for p in (home, fee.raised_point, fee.settled_point) if p}
        add(scopes, "fee", fee.uid, partial(fee_row, fee))
    for uid in sorted(feed.activities):
        a = s.get(HubActivity, uid)
        if a is not None:
            add({"*"}, "activity", uid, partial(activity_row, a))
    for version in sorted(feed.standards):
        st = s.get(HubStandards, version)
        if st is not None:
            add({"*"}, "standards", str(version), partial(standards_row, st))
    if not rows:
        return 0
    dumped: dict[int, Any] = {}  # a row sent to several scopes is dumped once
    values = []
    for n, (scope, kind, key, data) in enumerate(rows):
        if id(data) not in dumped:
            dumped[id(data)] = data.model_dump(mode="json")
        values.append({"n": n, "scope": scope, "kind": kind, "key": key, "data": dumped[id(data)]})
    _at_fresh_positions(s, values)
    return len(rows)


def _at_fresh_positions(s: Session, values: list[dict[str, Any]]) -> None:
    """Give the rows (``n`` = 0, 1, ...) the next positions of the counter and upsert them: a
    thing already in the feed moves to its new position (log compaction).

    The counter's row stays locked from here to commit, which orders the writers' positions
    (docs/sync-protocol.md): all else is done before, and on PostgreSQL this is one statement,
    the rows already one JSON document, so the section concurrent pushes take in turn holds
    no Python work but the commit's."""
    count = len(values)
    if is_pg(s):
        s.execute(_positions_taken(), {ROWS_PARAM: json_rows(values), COUNT_PARAM: count})
        return
    top_pos = s.execute(
        update(HubMeta)
        .where(HubMeta.id == 1)
        .values(feed_pos=HubMeta.feed_pos + count)
        .returning(HubMeta.feed_pos)
    ).scalar_one()
    first = top_pos - count + 1
    rows = [{"pos": first + v["n"], **{c: v[c] for c in _FEED_COLS}} for v in values]
    insert_rows(s, HubChange.__table__, rows, conflict=("scope", "kind", "key"))


#: the feed row's columns but its position
_FEED_COLS = ("scope", "kind", "key", "data")
#: the bound parameter of :func:`_positions_taken` holding the number of rows
COUNT_PARAM = "row_count"


@cache
def _positions_taken() -> Any:
    """PostgreSQL, one statement: the counter moved on by the rows' count, and the rows
    (:func:`bulk.json_rows`, each with its index ``n``) upserted at the positions it gave."""
    count = bindparam(COUNT_PARAM, type_=BigInteger)
    top = (
        update(HubMeta)
        .where(HubMeta.id == 1)
        .values(feed_pos=HubMeta.feed_pos + count)
        .returning(HubMeta.feed_pos.label("top"))
        .cte("top")
    )
    table = HubChange.__table__
    assert isinstance(table, Table)  # a mapped class's
    cols = table.c
    src = json_recordset({"n": Integer(), **{c: cols[c].type for c in _FEED_COLS}})
    ins = pg_insert(table).from_select(
        ["pos", *_FEED_COLS],
        select(top.c.top - count + 1 + src.c.n, *(src.c[c] for c in _FEED_COLS)).select_from(
            top.join(src, true())  # one counter row
        ),
    )
    return ins.on_conflict_do_update(
        index_elements=["scope", "kind", "key"],
        set_={c: ins.excluded[c] for c in ("pos", "data")},
    )


def feed_page(s: Session, point: str, after: int, limit: int) -> list[tuple[int, str, str, str]]:
    """One page of the point's feed after position ``after``: (pos, kind, key, data as stored
    JSON text), in position order, streamed from a server-side cursor where the database has
    one (the rows go out as they are, with no decode and re-encode).

    The two scopes (``*`` and the point) are read as two walks of the (scope, pos) index, each
    stopping at ``limit``, merged: a page costs its own rows, not the whole feed after the
    cursor (a first sync reads the feed from 0, page after page)."""
    walks = [
        select(HubChange.pos, HubChange.kind, HubChange.key, HubChange.data)
        .where(HubChange.scope == scope, HubChange.pos > after)
        .order_by(HubChange.scope, HubChange.pos)  # (one scope) the index's order, as it is
        .limit(limit)
        .subquery()
        for scope in ("*", point)
    ]
    both = union_all(*(select(w) for w in walks)).subquery()
    rows = s.execute(
        select(both.c.pos, both.c.kind, both.c.key, sa_cast(both.c.data, Text))
        .order_by(both.c.pos)
        .limit(limit),
        execution_options={"stream_results": True, "yield_per": 1000},
    )
    return [(pos, kind, key, data) for pos, kind, key, data in rows]


#: row kinds that carry ``holds_ready`` (protocol 3), and its key as it appears in stored JSON
_READY_KINDS = frozenset({"reader_index", "reader"})
_READY_KEY = '"holds_ready"'


def for_protocol(
    rows: list[tuple[int, str, str, str]], protocol: int
) -> list[tuple[int, str, str, str]]:
    """A page as a desk of ``protocol`` can read it: before 3, reader rows lose
    ``holds_ready`` (its models forbid unknown fields). The field is stored only when not empty,
    so a substring test passes over almost every row and only a reader with a copy waiting on a
    hold shelf is decoded and encoded again."""
    if protocol >= 3:
        return rows
    out = []
    for pos, kind, key, data in rows:
        if kind in _READY_KINDS and _READY_KEY in data:
            d = json.loads(data)
            d.pop("holds_ready", None)
            data = json.dumps(d, ensure_ascii=False)
        out.append((pos, kind, key, data))
    return out


def item_changes(s: Session, barcode: str) -> list[Change]:
    """A copy and its open loans, for a point that must take back a copy it has never seen
    (return anywhere); empty if the district has no such copy."""
    it = s.get(HubItem, barcode)
    if it is None or it.owner is None:
        return []
    out: list[Change] = [ItemChange(pos=0, key=it.barcode, data=item_row(s, it))]
    for ln in s.scalars(
        select(HubLoan).where(HubLoan.item == it.barcode, HubLoan.returned_at.is_(None))
    ):
        out.append(LoanChange(pos=0, key=ln.uid, data=loan_row(ln)))
    return out
