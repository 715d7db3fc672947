"""Applying a pulled page of the hub's change feed to the desk store, with the new cursor.

Runs inside one desk write transaction (``desk.write(apply_page, SYSTEM, page)``): the rows of
the page and the cursor commit together, so an interrupted first sync resumes at the last page.
Pulled changes are the hub's facts, not this desk's: they write no outbox event.

A row about something this desk changed and has not yet delivered is skipped: the hub has not
seen our change, and it will send that thing again once it has applied (or rejected) it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..models import (
    Item,
    Loan,
    OutboxDelivery,
    OutboxEvent,
    Point,
    Reader,
    StandardsVersion,
    SyncException,
    SyncState,
    Title,
    Transfer,
)
from ..protocol.wire import Change, PullPage
from ..services import shipments as shipments_service
from ..services import standards as standards_service
from ..services.context import Ctx

CURSOR_KEY = "cursor"
#: catalogue fields a hub correction may set (the hub's ``apply.TITLE_FIELDS``)
TITLE_FIELDS = frozenset({"isbn", "title", "author", "publisher", "year", "clc", "language"})
STUB_TITLE = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class PageApplied:
    rows: int
    skipped: int
    cursor: str
    standards_changed: bool


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
    rows = s.scalars(
        select(OutboxEvent.payload)
        .outerjoin(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
        .where(OutboxDelivery.seq.is_(None))
    )
    for payload in rows:
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


def _d(v: Any) -> date | None:
    return date.fromisoformat(v) if isinstance(v, str) else None


def _dt(v: Any) -> datetime | None:
    return datetime.fromisoformat(v) if isinstance(v, str) else None


class _Applier:
    def __init__(self, s: Session, ctx: Ctx) -> None:
        self.s, self.ctx = s, ctx
        self.me = ctx.point.code
        self.now = ctx.now()
        self.points = {p.code: p for p in s.scalars(select(Point))}
        self.pending = pending_keys(s)
        self.standards_changed = False

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
                expires_on=date(1970, 1, 1),
                index_only=True,
                hub_open_loans=0,
                created_at=self.now,
                updated_at=self.now,
            )
            self.s.add(r)
            self.s.flush()
        return r

    # --- kinds ----------------------------------------------------------------------------
    def on_point(self, d: dict[str, Any]) -> None:
        p = self.point(d["code"])
        assert p is not None
        p.name, p.level, p.parent_code = d["name"], d["level"], d.get("parent_code")
        # issue 5: served population and the point's own week (None: its level's week)
        p.served_population, p.schedule = d.get("population"), d.get("hours")
        if p.code == self.me:  # this desk's hours and level: its rules in force change
            self.s.info["standards_changed"] = True

    def on_standards(self, d: dict[str, Any]) -> None:
        """Packages from the hub go through the same signature check as any other install;
        a refused one is noted for staff and the desk keeps its rules (the page still applies)."""
        if self.s.get(StandardsVersion, d["version"]) is not None:
            return
        refusal = standards_service.accept_from_hub(self.s, self.ctx, d)
        if refusal is None:
            self.standards_changed = True

    def on_reader(self, d: dict[str, Any]) -> None:
        r = self.reader(d["card_no"], d["reader_type"])
        r.index_only = False
        r.reader_type, r.status, r.block_reason = (
            d["reader_type"],
            d["status"],
            d.get("block_reason"),
        )
        r.expires_on = _d(d.get("expires_on")) or r.expires_on
        r.hub_open_loans = int(d.get("open_loans") or 0)
        prof = d.get("profile") or {}
        for f in ("name", "id_masked", "phone", "address", "guardian_name", "guardian_phone"):
            if f in prof:
                setattr(r, f, prof[f] if f != "name" else (prof[f] or r.name))
        if "birth_date" in prof:
            r.birth_date = _d(prof["birth_date"])
        if prof.get("name"):
            from ..services.readers import pinyin_key

            r.name_pinyin = pinyin_key(prof["name"])
        home = self.point(d.get("home_point"))
        r.home_point_id = home.id if home else r.home_point_id
        r.updated_at = self.now

    def on_loan(self, d: dict[str, Any]) -> bool:
        if d["item"] in self.pending or d["uid"] in self.pending:
            return False
        it = self.item(d["item"], d.get("material_type") or "book")
        loan = self.s.scalars(select(Loan).where(Loan.uid == d["uid"])).first()
        returned = _dt(d.get("returned_at"))
        if returned is None:
            other = self.s.scalars(
                select(Loan).where(
                    Loan.item_id == it.id, Loan.returned_at.is_(None), Loan.uid != d["uid"]
                )
            ).first()
            if other is not None:
                # the hub closed that loan (the copy went out again elsewhere); its own row
                # follows, this keeps "one open loan per copy" true in between
                other.returned_at = _dt(d.get("checked_out_at")) or self.now
                self.s.flush()
        reader = (
            self.reader(d["card_no"], d.get("reader_type") or "adult") if d.get("card_no") else None
        )
        checked_out = _dt(d.get("checked_out_at"))
        if loan is None:
            if checked_out is None:
                return True  # a return known before its check-out: wait for the full loan
            lp = self.point(d["point"])
            assert lp is not None
            loan = Loan(
                uid=d["uid"],
                item_id=it.id,
                reader_id=reader.id if reader else None,
                reader_type=d.get("reader_type") or "adult",
                material_type=d.get("material_type") or it.material_type,
                point_id=lp.id,
                staff_code=d.get("staff_code") or "",
                checked_out_at=checked_out,
                due_date=_d(d.get("due_date")) or checked_out.date(),
                renewals=int(d.get("renewals") or 0),
                standards_version=int(d.get("standards_version") or 0),
                fee_cents=int(d.get("fee_cents") or 0),
            )
            self.s.add(loan)
        loan.due_date = _d(d.get("due_date")) or loan.due_date
        loan.renewals = int(d.get("renewals") or 0)
        loan.returned_at = returned
        rp = self.point(d.get("returned_point"))
        loan.returned_point_id = rp.id if rp else None
        loan.fee_cents = int(d.get("fee_cents") or 0)
        self.s.flush()
        return True

    def on_transfer(self, d: dict[str, Any]) -> None:
        it = self.item(d["item"])
        t = self.s.scalars(select(Transfer).where(Transfer.uid == d["uid"])).first()
        src, dst = self.point(d["from_point"]), self.point(d["to_point"])
        assert src is not None and dst is not None
        if t is None:
            t = Transfer(
                uid=d["uid"],
                item_id=it.id,
                from_point_id=src.id,
                to_point_id=dst.id,
                reason=d["reason"],
                created_at=_dt(d.get("created_at")) or self.now,
            )
            self.s.add(t)
        t.status = d["status"]

    def on_exception(self, d: dict[str, Any]) -> None:
        x = self.s.scalars(select(SyncException).where(SyncException.uid == d["uid"])).first()
        ctx = dict(d.get("context") or {})
        ctx["points"] = d.get("points", [])
        if x is None:
            x = SyncException(
                uid=d["uid"],
                kind=d["kind"],
                status=d["status"],
                context=ctx,
                created_at=_dt(d.get("created_at")) or self.now,
            )
            self.s.add(x)
        elif x.status == "resolved" and d["status"] != "resolved":
            return  # our resolution is on its way to the hub
        x.status, x.context = d["status"], ctx
        if d["status"] == "resolved":
            x.resolution = x.resolution or d.get("resolution")
            x.resolution_note = x.resolution_note or d.get("resolution_note")
            x.resolved_at = x.resolved_at or self.now

    def on_title(self, d: dict[str, Any]) -> None:
        """A catalogue correction: each field the hub changed more recently (per-field clock)
        than this desk's own edit of it replaces ours; the search index follows at commit."""
        t = self.s.scalars(select(Title).where(Title.uid == d["uid"])).first()
        clocks: dict[str, str] = dict(d.get("field_hlc") or {})
        if t is None:  # the copy's own row has not come yet: keep the record for it
            self.s.add(
                Title(
                    uid=d["uid"],
                    created_at=self.now,
                    field_hlc=clocks,
                    **{f: d.get(f) for f in ("isbn", "year")},
                    **{f: d.get(f) or "" for f in ("title", "author", "publisher", "clc")},
                    language=d.get("language") or "chi",
                )
            )
            self.s.flush()
            return
        mine = dict(t.field_hlc or {})
        for f, hlc in clocks.items():
            if f in TITLE_FIELDS and f in d and hlc > mine.get(f, ""):
                value = d[f] if f in ("isbn", "year") else d[f] or ""
                if getattr(t, f) != value:
                    setattr(t, f, value)
                mine[f] = hlc
        if mine != (t.field_hlc or {}):
            t.field_hlc = mine

    def on_shipment(self, d: dict[str, Any]) -> None:
        shipments_service.apply_hub_row(self.s, self.point, d, self.now)

    def apply(self, c: Change) -> bool:
        d = c.data
        if c.kind == "shipment" and c.key in self.pending:
            return False  # our dispatch or receipt of it is on its way to the hub
        if c.kind == "reader" and c.key in self.pending:
            return False
        if c.kind == "loan":
            return self.on_loan(d)
        if c.kind == "exception" and c.key in self.pending:
            return False
        getattr(self, "on_" + c.kind)(d)
        return True


def apply_page(s: Session, ctx: Ctx, page: PullPage) -> PageApplied:
    skipped, standards_changed = apply_changes(s, ctx, page.changes)
    # packages refused earlier are tried again on every pull (the feed will not resend them)
    standards_changed = bool(standards_service.retry_refused(s, ctx)) or standards_changed
    set_state(s, CURSOR_KEY, page.cursor)
    return PageApplied(len(page.changes), skipped, page.cursor, standards_changed)


def apply_changes(s: Session, ctx: Ctx, changes: list[Change]) -> tuple[int, bool]:
    """Apply hub rows; returns (rows skipped, standards changed)."""
    a = _Applier(s, ctx)
    skipped = 0
    # points and standards first: rows later in the page may name them; then the bulk kinds
    # (a first sync is mostly copies and the district reader index) as set operations
    order = {"point": 0, "standards": 1}
    rest: list[Change] = []
    items: list[dict[str, Any]] = []
    index: list[dict[str, Any]] = []
    for c in sorted(changes, key=lambda c: (order.get(c.kind, 2), c.pos)):
        if c.kind in ("item", "reader_index") and c.key in a.pending:
            skipped += 1
        elif c.kind == "item":
            items.append(c.data)
        elif c.kind == "reader_index":
            if c.data.get("home_point") != a.me:  # own readers: the full row applies
                index.append(c.data)
        elif c.kind in order:
            a.apply(c)
        else:
            rest.append(c)
    s.flush()
    _bulk_items(s, a, items)
    _bulk_index(s, a, index)
    for c in rest:
        if not a.apply(c):
            skipped += 1
    s.flush()
    return skipped, a.standards_changed


def _last(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One row per key (the latest in the page)."""
    return list({r[key]: r for r in rows}.values())


def _ids(s: Session, col: Any, id_col: Any, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        found.update(s.execute(select(col, id_col).where(col.in_(keys[i : i + 500]))).all())
    return found


def _bulk_items(s: Session, a: _Applier, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    rows = _last(rows, "barcode")
    titles = {t["uid"]: t for r in rows if isinstance(t := r.get("title"), dict)}
    have = _ids(s, Title.uid, Title.id, sorted(titles))
    new_titles = [
        {
            "uid": uid,
            "isbn": t.get("isbn"),
            "title": t.get("title") or "",
            "author": t.get("author") or "",
            "publisher": t.get("publisher") or "",
            "year": t.get("year"),
            "clc": t.get("clc") or "",
            "language": t.get("language") or "chi",
            "created_at": a.now,
        }
        for uid, t in titles.items()
        if uid not in have
    ]
    if new_titles:
        s.execute(insert(Title), new_titles)
        have = _ids(s, Title.uid, Title.id, sorted(titles))
    stub = a.stub_title().id if any(r.get("title_uid") not in have for r in rows) else 0
    for r in rows:
        a.point(r.get("owner"))
        a.point(r.get("location"))
    existing = _ids(s, Item.barcode, Item.id, [r["barcode"] for r in rows])
    me = a.points[a.me].id

    def values(r: dict[str, Any]) -> dict[str, Any]:
        owner = a.points[r["owner"]].id if r.get("owner") else me
        loc = a.points[r["location"]].id if r.get("location") else owner
        return {
            "title_id": have.get(r.get("title_uid") or "", stub),
            "call_number": r.get("call_number") or "",
            "material_type": r.get("material_type") or "book",
            "owner_point_id": owner,
            "location_point_id": loc,
            "status": r["status"],
            "price_cents": r.get("price_cents"),
        }

    new = [
        {"barcode": r["barcode"], "created_at": a.now, **values(r)}
        for r in rows
        if r["barcode"] not in existing
    ]
    upd = [{"id": existing[r["barcode"]], **values(r)} for r in rows if r["barcode"] in existing]
    if new:
        s.execute(insert(Item), new)
    if upd:
        s.execute(update(Item), upd)


def _bulk_index(s: Session, a: _Applier, rows: list[dict[str, Any]]) -> None:
    """Other points' readers: only what any desk needs to lend to them."""
    if not rows:
        return
    rows = _last(rows, "card_no")
    for r in rows:
        a.point(r.get("home_point"))
    existing = _ids(s, Reader.card_no, Reader.id, [r["card_no"] for r in rows])

    def values(r: dict[str, Any]) -> dict[str, Any]:
        home = a.points[r["home_point"]].id if r.get("home_point") else None
        return {
            "reader_type": r["reader_type"],
            "status": r["status"],
            "expires_on": _d(r.get("expires_on")) or date(1970, 1, 1),
            "hub_open_loans": int(r.get("open_loans") or 0),
            "home_point_id": home,
            "updated_at": a.now,
        }

    new = [
        {
            "card_no": r["card_no"],
            "name": "",
            "name_pinyin": "",
            "index_only": True,
            "created_at": a.now,
            **values(r),
        }
        for r in rows
        if r["card_no"] not in existing
    ]
    upd = [{"id": existing[r["card_no"]], **values(r)} for r in rows if r["card_no"] in existing]
    if new:
        s.execute(insert(Reader), new)
    if upd:
        s.execute(update(Reader), upd)
