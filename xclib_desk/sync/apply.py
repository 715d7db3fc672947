"""Applying a pulled page of the hub's change feed to the desk store, with the new cursor.

Runs inside one desk write transaction (``desk.write(apply_page, SYSTEM, page)``): the rows of
the page and the cursor commit together, so an interrupted first sync resumes at the last page.
Pulled changes are the hub's facts, not this desk's: they write no outbox event.

Rows arrive as the protocol's typed models (``protocol.feed``); one that did not validate was
refused before it got here, and one whose applier raises is rolled back alone (its kind's rows
are replayed one by one, each in a savepoint). Both are recorded (``sync/refusals.py``), the
rest of the page applies and the cursor moves on; rows an older build refused are tried again
first. Only a store that cannot be written (``OperationalError``: disk full, locked) fails the
page, which then applies whole at the next run. :data:`PULL` is the one table from feed-row
kind to the code that applies it, in the order kinds are applied.

A row about something this desk changed and has not yet delivered is skipped: the hub has not
seen our change, and it will send that thing again once it has applied (or rejected) it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert, Table, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..clock import HLC, to_ms
from ..models import (
    Fee,
    Item,
    Loan,
    OutboxEvent,
    Point,
    Reader,
    StandardsVersion,
    StoreMeta,
    SyncException,
    SyncState,
    Title,
    Transfer,
)
from ..models.records import undelivered
from ..protocol.events import TITLE_FIELDS
from ..protocol.feed import (
    RAW_LIMIT,
    ActivityChange,
    Change,
    ExceptionChange,
    FeeChange,
    HoldChange,
    ItemChange,
    ItemRow,
    LoanChange,
    PointChange,
    ReaderChange,
    ReaderIndexChange,
    RefusedRow,
    ShipmentChange,
    StandardsChange,
    TitleChange,
    TransferChange,
    read_changes,
)
from ..protocol.wire import PullPage
from ..services import activities as activities_service
from ..services import holds as holds_service
from ..services import search_index
from ..services import shipments as shipments_service
from ..services import standards as standards_service
from ..services.context import Ctx
from ..services.readers import pinyin_key
from . import refusals

CURSOR_KEY = "cursor"
STUB_TITLE = "00000000-0000-0000-0000-000000000000"
#: the expiry of a reader the hub sent none for (known by card only): expired, so no loan
NO_EXPIRY = date(1970, 1, 1)


@dataclass(frozen=True)
class PageApplied:
    rows: int
    skipped: int
    cursor: str
    standards_changed: bool
    #: rows refused because they did not validate against the protocol (never applied)
    invalid: int = 0
    #: rows refused because applying them failed (rolled back alone)
    failed: int = 0
    #: rows an earlier build refused that applied now
    recovered: int = 0


def get_state(s: Session, key: str) -> str | None:
    row = s.get(SyncState, key)
    return row.value if row else None


def set_state(s: Session, key: str, value: str | None) -> None:
    row = s.get(SyncState, key)
    if value is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(SyncState(key=key, value=value))
    else:
        row.value = value


def pending_keys(s: Session) -> set[str]:
    """Barcodes, loan uids, cards and exception uids named by undelivered events."""
    keys: set[str] = set()
    for payload in s.scalars(undelivered(OutboxEvent.payload)):
        for k in ("item", "barcode", "loan_uid", "card_no", "uid"):
            v = payload.get(k)
            if isinstance(v, str):
                keys.add(v)
        # shipments name their copies in lists (strings, or {"barcode": ...} for damaged ones);
        # other events use some of these names for counts (inventory.finished: missing=2)
        for k in ("items", "received", "missing", "extra", "damaged"):
            vs = payload.get(k)
            for v in vs if isinstance(vs, list) else ():
                if isinstance(v, str):
                    keys.add(v)
                elif isinstance(v, dict) and isinstance(v.get("barcode"), str):
                    keys.add(v["barcode"])
    keys |= shipments_service.receiving_barcodes(s)
    return keys


class PullContext:
    """What the kinds' appliers share during one page: the session, this point, the points
    known by code, and the keys this desk has not delivered yet."""

    def __init__(self, s: Session, ctx: Ctx) -> None:
        self.s, self.ctx = s, ctx
        self.me = ctx.point.code
        self.now = ctx.now()
        self.points = {p.code: p for p in s.scalars(select(Point))}
        self.pending = pending_keys(s)
        self.standards_changed = False

    def reload_points(self) -> None:
        """After a savepoint rolled back: points added inside it are gone again."""
        self.points = {p.code: p for p in self.s.scalars(select(Point))}

    def point(self, code: str | None) -> Point | None:
        if code is None:
            return None
        p = self.points.get(code)
        if p is None:  # known by code only until its own row arrives
            p = Point(code=code, name=code, level="community")
            self.s.add(p)
            self.s.flush()
            self.points[code] = p
        return p

    def point_ids(self, codes: Iterable[str | None]) -> dict[str, int]:
        """code -> id of these points (made if unknown) and of every point known here."""
        for code in codes:
            self.point(code)
        return {code: p.id for code, p in self.points.items()}

    def stub_title(self) -> Title:
        t = self.s.scalars(select(Title).where(Title.uid == STUB_TITLE)).first()
        if t is None:
            t = Title(uid=STUB_TITLE, title="（书目待同步）", created_at=self.now)
            self.s.add(t)
            self.s.flush()
        return t

    def item(self, barcode: str, material_type: str = "book") -> Item:
        it = self.s.scalars(select(Item).where(Item.barcode == barcode)).first()
        if it is None:
            owner = self.point(self.me)
            assert owner is not None
            it = Item(
                barcode=barcode,
                title_id=self.stub_title().id,
                call_number="",
                material_type=material_type,
                owner_point_id=owner.id,
                location_point_id=owner.id,
                status="available",
                created_at=self.now,
            )
            self.s.add(it)
            self.s.flush()
        return it

    def reader(self, card: str, reader_type: str = "adult") -> Reader:
        r = self.s.scalars(select(Reader).where(Reader.card_no == card)).first()
        if r is None:
            r = Reader(
                card_no=card,
                name="",
                reader_type=reader_type,
                status="active",
                expires_on=NO_EXPIRY,
                index_only=True,
                hub_open_loans=0,
                created_at=self.now,
                updated_at=self.now,
            )
            self.s.add(r)
            self.s.flush()
        return r


# --- one applier per kind: each takes the page's rows of its kind, returns how many it skipped
def _points(a: PullContext, changes: list[PointChange]) -> int:
    for c in changes:
        d = c.data
        p = a.point(d.code)
        assert p is not None
        p.name, p.level, p.parent_code = d.name, d.level, d.parent_code
        # served population and the point's own week (None: its level's week)
        p.served_population, p.schedule = d.population, d.hours
        if p.code == a.me:  # this desk's hours and level: its rules in force change
            a.s.info["standards_changed"] = True
    return 0


def _standards(a: PullContext, changes: list[StandardsChange]) -> int:
    """Packages from the hub go through the same signature check as any other install;
    a refused one is noted for staff and the desk keeps its rules (the page still applies)."""
    for c in changes:
        if a.s.get(StandardsVersion, c.data.version) is not None:
            continue
        refusal = standards_service.accept_from_hub(a.s, a.ctx, c.data.model_dump(mode="json"))
        if refusal is None:
            a.standards_changed = True
    return 0


def _items(a: PullContext, changes: list[ItemChange]) -> int:
    """Copies as set operations (a first sync is mostly copies). A row never takes a copy's
    owner or title away: a row without them keeps the copy's own."""
    rows = _last([c.data for c in changes if c.key not in a.pending], "barcode")
    if not rows:
        return len(changes)
    s = a.s
    titles = {r.title.uid: r.title for r in rows if r.title is not None}
    have = _ids(s, Title.uid, Title.id, sorted(titles))
    new_titles = [
        {**t.model_dump(include=set(TITLE_FIELDS)), "uid": uid, "created_at": a.now}
        for uid, t in titles.items()
        if uid not in have
    ]
    if new_titles:
        s.execute(insert(Title), new_titles)
    wanted = {r.title_uid for r in rows if r.title_uid}
    have = _ids(s, Title.uid, Title.id, sorted(wanted))
    ids = a.point_ids({code for r in rows for code in (r.owner, r.location)})
    existing = _ids(s, Item.barcode, Item.id, [r.barcode for r in rows])
    fresh = [r for r in rows if r.barcode not in existing]
    if fresh:  # a new copy must have a title (the stub until its row comes) and an owner
        title_ids = [have.get(r.title_uid or "") for r in fresh]
        if None in title_ids:
            stub = a.stub_title().id
            title_ids = [stub if t is None else t for t in title_ids]
        owners = [ids[r.owner] if r.owner else ids[a.me] for r in fresh]
        columns = {
            "barcode": [r.barcode for r in fresh],
            "title_id": title_ids,
            "call_number": [r.call_number for r in fresh],
            "material_type": [r.material_type for r in fresh],
            "owner_point_id": owners,
            "location_point_id": [
                ids[r.location] if r.location else o for r, o in zip(fresh, owners, strict=True)
            ],
            "status": [r.status for r in fresh],
            "price_cents": [r.price_cents for r in fresh],
        }
        _executemany(s, insert(_ITEMS), columns, {"created_at": a.now})

    def changed(r: ItemRow) -> dict[str, Any]:
        v: dict[str, Any] = {
            "id": existing[r.barcode],
            "call_number": r.call_number,
            "material_type": r.material_type,
            "status": r.status,
            "price_cents": r.price_cents,
        }
        if (title := have.get(r.title_uid or "")) is not None:
            v["title_id"] = title
        if r.owner:
            v["owner_point_id"] = ids[r.owner]
        if r.location:
            v["location_point_id"] = ids[r.location]
        return v

    upd = [changed(r) for r in rows if r.barcode in existing]
    for group in _same_keys(upd):  # an executemany updates the same columns in every row
        s.execute(update(Item), group)
    return len(changes) - sum(1 for c in changes if c.key not in a.pending)


#: the columns an index row sets on a reader row the desk already has (its name, profile and
#: ``index_only`` stay: a full row of ours is never made an index row again)
_INDEX_COLUMNS = (
    "reader_type", "status", "expires_on", "hub_open_loans", "holds_ready", "home_point_id",
    "updated_at",
)  # fmt: skip
_READERS = Reader.metadata.tables[Reader.__tablename__]
_ITEMS = Item.metadata.tables[Item.__tablename__]


def _reader_index(a: PullContext, changes: list[ReaderIndexChange]) -> int:
    """Other points' readers: only what any desk needs to lend to them (own readers: the
    full row applies). One upsert for the page's rows (a first sync is mostly these)."""
    kept = [c.data for c in changes if c.key not in a.pending]
    rows = _last([d for d in kept if d.home_point != a.me], "card_no")
    if rows:
        ids = a.point_ids({r.home_point for r in rows})
        stmt = sqlite_insert(_READERS)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_READERS.c.card_no],
            set_={col: stmt.excluded[col] for col in _INDEX_COLUMNS},
        )
        columns = {
            "card_no": [r.card_no for r in rows],
            "reader_type": [r.reader_type for r in rows],
            "status": [r.status for r in rows],
            "expires_on": [r.expires_on or NO_EXPIRY for r in rows],
            "hub_open_loans": [r.open_loans for r in rows],
            "holds_ready": [r.holds_ready for r in rows],  # protocol 3 (docs/holds.md)
            "home_point_id": [ids[r.home_point] if r.home_point else None for r in rows],
        }
        same = {"name": "", "name_pinyin": "", "index_only": True}
        _executemany(a.s, stmt, columns, {**same, "created_at": a.now, "updated_at": a.now})
    return len(changes) - len(kept)


def _titles(a: PullContext, changes: list[TitleChange]) -> int:
    """Catalogue corrections: each field the hub changed more recently (per-field clock) than
    this desk's own edit of it replaces ours; the search index follows at commit."""
    for c in changes:
        d = c.data
        t = a.s.scalars(select(Title).where(Title.uid == d.uid)).first()
        if t is None:  # the copy's own row has not come yet: keep the record for it
            a.s.add(
                Title(
                    uid=d.uid,
                    created_at=a.now,
                    field_hlc=dict(d.field_hlc),
                    **d.model_dump(include=set(TITLE_FIELDS)),
                )
            )
            a.s.flush()
            continue
        mine = dict(t.field_hlc or {})
        for f, hlc in d.field_hlc.items():
            if f in TITLE_FIELDS and hlc > mine.get(f, ""):
                value = getattr(d, f)
                if getattr(t, f) != value:
                    setattr(t, f, value)
                mine[f] = hlc
        if mine != (t.field_hlc or {}):
            t.field_hlc = mine
    return 0


def _readers(a: PullContext, changes: list[ReaderChange]) -> int:
    skipped = 0
    for c in changes:
        if c.key in a.pending:
            skipped += 1
            continue
        d = c.data
        r = a.reader(d.card_no, d.reader_type)
        r.index_only = False
        r.reader_type, r.status, r.block_reason = d.reader_type, d.status, d.block_reason
        r.expires_on = d.expires_on or r.expires_on
        r.hub_open_loans = d.open_loans
        r.holds_ready = d.holds_ready  # protocol 3 (docs/holds.md)
        prof = d.profile
        for f in (
            "id_masked",
            "phone",
            "address",
            "guardian_name",
            "guardian_phone",
            "staff_note",
            "reader_message",
        ):
            if f in prof.model_fields_set:
                setattr(r, f, getattr(prof, f))
        if "birth_date" in prof.model_fields_set:
            r.birth_date = prof.birth_date
        if prof.name:
            r.name = prof.name
            r.name_pinyin = pinyin_key(prof.name)
        home = a.point(d.home_point)
        r.home_point_id = home.id if home else r.home_point_id
        r.updated_at = a.now
    return skipped


def _loans(a: PullContext, changes: list[LoanChange]) -> int:
    skipped = 0
    for c in changes:
        d = c.data
        if d.item in a.pending or d.uid in a.pending:
            skipped += 1
            continue
        it = a.item(d.item, d.material_type or "book")
        loan = a.s.scalars(select(Loan).where(Loan.uid == d.uid)).first()
        if d.returned_at is None:
            other = a.s.scalars(
                select(Loan).where(
                    Loan.item_id == it.id, Loan.returned_at.is_(None), Loan.uid != d.uid
                )
            ).first()
            if other is not None:
                # the hub closed that loan (the copy went out again elsewhere); its own row
                # follows, this keeps "one open loan per copy" true in between
                other.returned_at = d.checked_out_at or a.now
                a.s.flush()
        reader = a.reader(d.card_no, d.reader_type or "adult") if d.card_no else None
        if loan is None:
            if d.checked_out_at is None:
                continue  # a return known before its check-out: wait for the full loan
            lp = a.point(d.point)
            assert lp is not None
            loan = Loan(
                uid=d.uid,
                item_id=it.id,
                reader_id=reader.id if reader else None,
                reader_type=d.reader_type or "adult",
                material_type=d.material_type or it.material_type,
                point_id=lp.id,
                staff_code=d.staff_code or "",
                checked_out_at=d.checked_out_at,
                due_date=d.due_date or d.checked_out_at.date(),
                renewals=d.renewals,
                standards_version=d.standards_version or 0,
                fee_cents=d.fee_cents,
            )
            a.s.add(loan)
        loan.due_date = d.due_date or loan.due_date
        loan.renewals = d.renewals
        loan.returned_at = d.returned_at
        rp = a.point(d.returned_point)
        loan.returned_point_id = rp.id if rp else None
        loan.fee_cents = d.fee_cents
        a.s.flush()
    return skipped


def _transfers(a: PullContext, changes: list[TransferChange]) -> int:
    for c in changes:
        d = c.data
        it = a.item(d.item)
        t = a.s.scalars(select(Transfer).where(Transfer.uid == d.uid)).first()
        src, dst = a.point(d.from_point), a.point(d.to_point)
        assert src is not None and dst is not None
        if t is None:
            t = Transfer(
                uid=d.uid,
                item_id=it.id,
                from_point_id=src.id,
                to_point_id=dst.id,
                reason=d.reason,
                created_at=d.created_at or a.now,
            )
            a.s.add(t)
        t.status = d.status
    return 0


def _shipments(a: PullContext, changes: list[ShipmentChange]) -> int:
    skipped = 0
    for c in changes:
        if c.key in a.pending:
            skipped += 1  # our dispatch or receipt of it is on its way to the hub
            continue
        shipments_service.apply_hub_row(a.s, a.point, c.data, a.now)
    return skipped


def _exceptions(a: PullContext, changes: list[ExceptionChange]) -> int:
    skipped = 0
    for c in changes:
        if c.key in a.pending:
            skipped += 1  # our resolution is on its way to the hub
            continue
        d = c.data
        x = a.s.scalars(select(SyncException).where(SyncException.uid == d.uid)).first()
        context = dict(d.context)
        context["points"] = list(d.points)
        if x is None:
            x = SyncException(
                uid=d.uid,
                kind=d.kind,
                status=d.status,
                context=context,
                created_at=d.created_at or a.now,
            )
            a.s.add(x)
        elif x.status == "resolved" and d.status != "resolved":
            continue  # our resolution is on its way to the hub
        x.status, x.context = d.status, context
        if d.status == "resolved":
            x.resolution = x.resolution or d.resolution
            x.resolution_note = x.resolution_note or d.resolution_note
            x.resolved_at = x.resolved_at or a.now
    return 0


def _activities(a: PullContext, changes: list[ActivityChange]) -> int:
    """The district calendar: other points' activities (ours are ours to say)."""
    for c in _last(changes, "key"):
        activities_service.apply_hub_row(a.s, a.ctx, c.data)
    return 0


def _holds(a: PullContext, changes: list[HoldChange]) -> int:
    skipped = 0
    for c in changes:
        if c.key in a.pending:
            skipped += 1  # our change to it is on its way to the hub
            continue
        holds_service.apply_hub_row(a.s, c.data)
    return skipped


PullApplier = Callable[[PullContext, list[Any]], int]


def _fees(a: PullContext, changes: list[FeeChange]) -> int:
    """Fees of this point's readers raised elsewhere (the home desk shows and collects them),
    and the hub's settlement of fees raised here. A settlement this desk made and has not yet
    delivered is never undone by an older row that still says open."""
    skipped = 0
    for c in changes:
        d = c.data
        if c.key in a.pending or d.card_no is None:
            skipped += 1
            continue
        raised = a.point(d.raised_point)
        fee = a.s.scalars(select(Fee).where(Fee.uid == d.uid)).first()
        if fee is None:
            if raised is None or d.raised_at is None:
                skipped += 1
                continue
            fee = Fee(
                uid=d.uid,
                reader_id=a.reader(d.card_no).id,
                kind=d.kind,
                loan_uid=d.uid if d.kind == "overdue" else None,
                barcode=d.item or "",
                amount_cents=d.amount_cents,
                raised_at=d.raised_at,
                point_id=raised.id,
                status="open",
            )
            a.s.add(fee)
        if d.status == "open" or fee.status == d.status:
            continue
        settled = a.point(d.settled_point)
        fee.status, fee.settled_at, fee.settled_by = d.status, d.settled_at, d.settled_by
        fee.settled_point_id = settled.id if settled else None
        fee.payment_uid, fee.waive_reason = d.payment_uid, d.reason
    return skipped


#: feed-row kind -> its applier, in the order kinds are applied: points and standards first
#: (rows later in the page name them), then copies and the reader index in bulk, then the rest
PULL: dict[str, PullApplier] = {
    "point": _points,
    "standards": _standards,
    "item": _items,
    "reader_index": _reader_index,
    "title": _titles,
    "reader": _readers,
    "loan": _loans,
    "transfer": _transfers,
    "shipment": _shipments,
    "exception": _exceptions,
    "activity": _activities,
    "hold": _holds,
    "fee": _fees,
}


def apply_page(
    s: Session, ctx: Ctx, page: PullPage, refused: Sequence[RefusedRow] = ()
) -> PageApplied:
    """Apply one page (``refused``: its rows that did not validate) and store its cursor;
    rows an earlier build refused are tried first (they are older than the page's)."""
    if page.more:
        # the index catches up once the pull is done (``SyncEngine``): a title's index row
        # lists all its copies, and each page of them would write it again
        s.info[search_index.DEFER] = True
    merge_hub_clock(s, ctx, page.hub_time)
    recovered = retry_refused(s, ctx)
    refusals.record(s, ctx, refused, refusals.INVALID)
    skipped, standards_changed, failed = _apply(s, ctx, page.changes)
    # packages refused earlier are tried again on every pull (the feed will not resend them)
    standards_changed = bool(standards_service.retry_refused(s, ctx)) or standards_changed
    set_state(s, CURSOR_KEY, page.cursor)
    return PageApplied(
        len(page.changes) + len(refused),
        skipped,
        page.cursor,
        standards_changed,
        len(refused),
        failed,
        recovered,
    )


def merge_hub_clock(s: Session, ctx: Ctx, hub_time: datetime) -> None:
    """The hub's clock merged into the desk's hybrid clock (push answers and pull pages both
    carry it), so events made here from now on sort after everything the hub had seen: a
    slow desk clock cannot place a new loan or edit before an older one elsewhere, even at a
    desk that only pulls."""
    meta = s.scalars(select(StoreMeta)).one()
    hub = HLC(to_ms(hub_time), 0, "hub")
    meta.hlc = HLC.decode(meta.hlc).receive(hub, to_ms(ctx.clock.now())).encode()


def apply_changes(s: Session, ctx: Ctx, changes: Iterable[Change]) -> tuple[int, bool]:
    """Apply hub rows, kind by kind in :data:`PULL`'s order (page order within a kind);
    a row whose applier raises is rolled back alone and recorded. Returns (rows skipped,
    standards changed)."""
    skipped, standards_changed, _failed = _apply(s, ctx, changes)
    return skipped, standards_changed


def retry_refused(s: Session, ctx: Ctx) -> int:
    """Once per build: the rows an earlier build refused, read and applied again; those that
    pass now are applied and forgotten, the others stay (marked with this build)."""
    if get_state(s, refusals.CHECKED_KEY) == refusals.BUILD:
        return 0
    recovered = 0
    for row in refusals.stale(s):
        row.build = refusals.BUILD  # tried by this build, whatever comes of it
        s.flush()
        try:  # a row cut short when it was kept cannot be read again
            raw = json.loads(row.raw) if len(row.raw) < RAW_LIMIT else None
        except ValueError:
            raw = None
        good, bad = read_changes([raw]) if raw is not None else ([], [])
        if good and not _apply(s, ctx, good)[2]:
            recovered += 1  # _apply forgot the record (a good row of its kind and key)
        refusals.record(s, ctx, bad, refusals.INVALID)
    set_state(s, refusals.CHECKED_KEY, refusals.BUILD)
    return recovered


def _apply(s: Session, ctx: Ctx, changes: Iterable[Change]) -> tuple[int, bool, int]:
    """(rows skipped, standards changed, rows refused because applying them failed)."""
    a = PullContext(s, ctx)
    by_kind: dict[str, list[Change]] = {kind: [] for kind in PULL}
    for c in sorted(changes, key=lambda c: c.pos):
        by_kind[c.kind].append(c)
    skipped = 0
    failed: list[RefusedRow] = []
    for kind, apply_kind in PULL.items():
        rows = by_kind[kind]
        if not rows:
            continue
        try:  # the usual case: the kind's rows in bulk, one savepoint
            with s.begin_nested():
                skipped += apply_kind(a, rows)
                s.flush()
            continue
        except OperationalError:
            raise  # the store itself (disk full, locked): the page waits for the next run
        except Exception:
            a.reload_points()
        for c in rows:  # replay one by one: only the failing rows are refused
            try:
                with s.begin_nested():
                    skipped += apply_kind(a, [c])
                    s.flush()
            except OperationalError:
                raise
            except Exception as e:
                a.reload_points()
                failed.append(
                    RefusedRow(
                        c.pos, c.kind, c.key, type(e).__name__, c.model_dump_json()[:RAW_LIMIT]
                    )
                )
    refusals.record(s, ctx, failed, refusals.APPLY_FAILED)
    done = {(f.kind, f.key) for f in failed}
    refusals.clear(s, (c for rows in by_kind.values() for c in rows if (c.kind, c.key) not in done))
    return skipped, a.standards_changed, len(failed)


def _last(rows: list[Any], key: str) -> list[Any]:
    """One row per key (the latest in the page)."""
    return list({getattr(r, key): r for r in rows}.values())


def _ids(s: Session, col: Any, id_col: Any, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        found.update(s.execute(select(col, id_col).where(col.in_(keys[i : i + 500]))).all())
    return found


def _executemany(
    s: Session, stmt: Insert, columns: dict[str, list[Any]], same: dict[str, Any]
) -> None:
    """``stmt`` (an INSERT into a table, or an upsert) once per row, as one driver
    executemany: ``columns`` holds each column's values, row by row; ``same`` the values every
    row has. The statement is compiled once and each value takes the stored form its column's
    type gives it (the processors Core applies), a ``same`` value converted once. Core's own
    executemany pays some 15 µs of Python per row in generic parameter handling, more than
    SQLite's insert itself, and a first sync writes pages of thousands of rows."""
    conn = s.connection()
    dialect = conn.dialect
    table = stmt.table
    assert isinstance(table, Table)

    def stored(name: str, values: list[Any]) -> Iterable[Any]:
        p = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if p is None:
            return values
        if values and all(v == values[0] for v in values):  # e.g. no reader's holds ready
            return [p(values[0])] * len(values)
        return map(p, values)

    compiled = stmt.compile(dialect=dialect, column_keys=[*columns, *same])
    n = len(next(iter(columns.values())))
    series: list[Iterable[Any]] = []
    for name in compiled.positiontup or ():  # the placeholders' order: the table's columns
        if name in same:
            series.append(list(stored(name, [same[name]])) * n)
        elif name in columns:
            series.append(stored(name, columns[name]))
        else:  # a column Core would fill from its default: name it instead
            raise ValueError(f"no value for column {name}")
    conn.exec_driver_sql(compiled.string, list(zip(*series, strict=True)))


def _same_keys(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(tuple(sorted(r)), []).append(r)
    return list(groups.values())
