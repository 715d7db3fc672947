"""Applying a pulled page of the hub's change feed to the desk store, with the new cursor.

Runs inside one desk write transaction (``desk.write(apply_page, SYSTEM, page)``): the rows of
the page and the cursor commit together, so an interrupted first sync resumes at the last page.
Pulled changes are the hub's facts, not this desk's: they write no outbox event.

A row about something this desk changed and has not yet delivered is skipped: the hub has not
seen our change, and it will send that thing again once it has applied (or rejected) it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
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
from ..services.context import Ctx
from .wire import Change, PullPage

CURSOR_KEY = "cursor"
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

    def on_standards(self, d: dict[str, Any]) -> None:
        if self.s.get(StandardsVersion, d["version"]) is None:
            self.s.add(
                StandardsVersion(
                    version=d["version"],
                    effective_from=_dt(d["effective_from"]),
                    body=d["body"],
                    signature=d.get("signature"),
                    source="hub",
                    installed_at=self.now,
                )
            )
            self.standards_changed = True

    def on_item(self, d: dict[str, Any]) -> None:
        it = self.item(d["barcode"], d.get("material_type") or "book")
        t = d.get("title")
        if isinstance(t, dict):
            title = self.s.scalars(select(Title).where(Title.uid == t["uid"])).first()
            if title is None:
                title = Title(
                    uid=t["uid"],
                    isbn=t.get("isbn"),
                    title=t.get("title") or "",
                    author=t.get("author") or "",
                    publisher=t.get("publisher") or "",
                    year=t.get("year"),
                    clc=t.get("clc") or "",
                    language=t.get("language") or "chi",
                    created_at=self.now,
                )
                self.s.add(title)
                self.s.flush()
            it.title_id = title.id
        owner = self.point(d.get("owner"))
        loc = self.point(d.get("location"))
        if owner is not None:
            it.owner_point_id = owner.id
        if loc is not None:
            it.location_point_id = loc.id
        it.call_number = d.get("call_number") or it.call_number
        it.material_type = d.get("material_type") or it.material_type
        it.status, it.price_cents = d["status"], d.get("price_cents")

    def on_reader_index(self, d: dict[str, Any]) -> None:
        if d.get("home_point") == self.me:
            return  # our own reader: the full row is the one to apply
        r = self.reader(d["card_no"], d["reader_type"])
        r.reader_type, r.status = d["reader_type"], d["status"]
        r.expires_on = _d(d.get("expires_on")) or r.expires_on
        r.hub_open_loans = int(d.get("open_loans") or 0)
        home = self.point(d.get("home_point"))
        r.home_point_id = home.id if home else r.home_point_id
        r.updated_at = self.now

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

    def apply(self, c: Change) -> bool:
        d = c.data
        if c.kind in ("item", "reader", "reader_index") and c.key in self.pending:
            return False
        if c.kind == "loan":
            return self.on_loan(d)
        if c.kind == "exception" and c.key in self.pending:
            return False
        getattr(self, "on_" + c.kind)(d)
        return True


def apply_page(s: Session, ctx: Ctx, page: PullPage) -> PageApplied:
    a = _Applier(s, ctx)
    skipped = 0
    # points and standards first: rows later in the page may name them
    order = {"point": 0, "standards": 1}
    for c in sorted(page.changes, key=lambda c: (order.get(c.kind, 2), c.pos)):
        if not a.apply(c):
            skipped += 1
        s.flush()
    set_state(s, CURSOR_KEY, page.cursor)
    return PageApplied(len(page.changes), skipped, page.cursor, a.standards_changed)


def dumps(value: Any) -> str:
    return json.dumps(value, default=str)
