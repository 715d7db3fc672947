"""Inventory (盘点): scan a shelf range or the whole collection, compare, then confirm actions.

Workflow: :func:`start` (a call-number range, or none for the whole collection) -> :func:`scan`
each barcode on the shelf (every scan is its own transaction, so a crash or a power cut loses
none; :func:`open_sessions` lets the desk resume) -> :func:`finish` (records one
``inventory.finished`` event with the counts) -> :func:`report` -> the librarian confirms
:func:`mark_missing` (copy status ``lost``, ``item.status_changed``) and :func:`transfer_home`
(a transfer to the owning point, ``transfer.created``). Scans themselves are working notes of
this desk, not facts for the hub, so they carry no events.

What should be on the shelf: copies located at this point, status ``available``, with a call
number inside the range. A scanned copy is *found*; *misplaced* when it belongs to another point
or its call number is outside the range (another shelf); *unexpected* when the barcode is
unknown or the copy is on loan, lost, in transit or recorded elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.figures import Table
from ..errors import DeskError, Phrase, Text
from ..exports import write_report
from ..models import (
    InventoryAction,
    InventoryScan,
    InventorySession,
    Item,
    Point,
    Title,
)
from ..protocol.events import InventoryFinished, ItemStatusChanged
from ..standards.clc import validate_clc
from .context import Ctx, new_uid, record, require_role
from .transfers import send_home

ShelfKey = tuple[str, str, str, tuple[tuple[int, int, str], ...]]


def shelf_key(call: str) -> ShelfKey:
    """Shelf order of a call number: class letters, class digits as a decimal fraction (so
    ``I247.57`` < ``I247.6``), auxiliary notation, then the book number part by part."""
    klass, _, book = call.strip().upper().partition("/")
    m = re.match(r"([A-Z]*)([\d.]*)(.*)", klass)
    assert m is not None
    parts = tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", book)
    )
    return m.group(1), m.group(2).replace(".", ""), m.group(3), parts


class ShelfRange:
    """An inclusive call-number range; bounds are parsed once (whole collections are large)."""

    def __init__(self, low: str | None, high: str | None) -> None:
        self.low = shelf_key(low) if low else None
        self.high = shelf_key(high) if high else None
        # a class-only upper bound includes its subdivisions: "to I247" keeps I247.57/N2
        self.high_is_class = bool(self.high and not self.high[3] and not self.high[2])

    def contains(self, call: str) -> bool:
        if self.low is None and self.high is None:
            return True
        key = shelf_key(call)
        if self.low and key < self.low:
            return False
        if self.high:
            hi = self.high
            if self.high_is_class and key[0] == hi[0] and key[1].startswith(hi[1]):
                return True
            return key <= hi
        return True


class CopyLike(Protocol):
    @property
    def call_number(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def owner_point_id(self) -> int: ...
    @property
    def location_point_id(self) -> int: ...


@dataclass(frozen=True)
class _Copy:
    """The columns a report needs, read without building ORM objects (300k of them)."""

    barcode: str
    call_number: str
    status: str
    owner_point_id: int
    location_point_id: int
    title: str


_COPY_COLUMNS = (
    Item.barcode,
    Item.call_number,
    Item.status,
    Item.owner_point_id,
    Item.location_point_id,
    Title.title,
)


@dataclass(frozen=True)
class InventoryView:
    uid: str
    status: str
    call_from: str | None
    call_to: str | None
    scans: int
    started_at: Any
    finished_at: Any


@dataclass(frozen=True)
class ScanResult:
    barcode: str
    verdict: str  # found | misplaced | unexpected
    reason: str  # in_place | other_point | other_shelf | unknown | on_loan | <status> | elsewhere
    title: str
    call_number: str
    repeated: bool  # scanned before in this session


@dataclass(frozen=True)
class Line:
    barcode: str
    title: str
    call_number: str
    reason: str
    owner: str
    status: str


@dataclass(frozen=True)
class InventoryReport:
    session: InventoryView
    expected: int
    found: list[Line]
    missing: list[Line]
    misplaced: list[Line]
    unexpected: list[Line]
    actions: list[tuple[str, str, str]]  # barcode, action, staff

    def tables(self) -> list[Table]:
        """The report as tables of codes (``common.figures``), for :func:`export_report`."""
        columns = ["barcode", "title", "call_number", "reason", "owner", "status"]

        def rows(lines: list[Line]) -> list[list[Any]]:
            return [[x.barcode, x.title, x.call_number, x.reason, x.owner, x.status] for x in lines]

        v = self.session
        summary: list[list[Any]] = [
            ["inventory", v.uid],
            ["range", f"{v.call_from or '*'} – {v.call_to or '*'}"],
            ["expected", self.expected],
            ["found", len(self.found)],
            ["missing", len(self.missing)],
            ["misplaced", len(self.misplaced)],
            ["unexpected", len(self.unexpected)],
        ]
        return [
            Table("inventory_summary", ["item", "value"], summary),
            Table("inventory_missing", columns, rows(self.missing)),
            Table("inventory_misplaced", columns, rows(self.misplaced)),
            Table("inventory_unexpected", columns, rows(self.unexpected)),
            Table(
                "inventory_actions", ["barcode", "action", "staff"], [list(a) for a in self.actions]
            ),
        ]


def _session(s: Session, ctx: Ctx, uid: str) -> InventorySession:
    row = s.scalars(
        select(InventorySession).where(
            InventorySession.uid == uid.strip(), InventorySession.point_id == ctx.point.id
        )
    ).one_or_none()
    if row is None:
        raise DeskError("unknown_inventory", ref=uid[:40])
    return row


def _view(s: Session, row: InventorySession) -> InventoryView:
    n = len(s.scalars(select(InventoryScan.id).where(InventoryScan.session_id == row.id)).all())
    return InventoryView(
        row.uid, row.status, row.call_from, row.call_to, n, row.started_at, row.finished_at
    )


def _bound(raw: str | None, field: str) -> str | None:
    if raw is None or not raw.strip():
        return None
    value = raw.strip().upper()
    validate_clc(value.split("/", 1)[0])
    if len(value) > 100:
        raise DeskError("bad_input", detail=Phrase("field_too_long", field=field, max_len=100))
    return value


def start(
    s: Session, ctx: Ctx, call_from: str | None = None, call_to: str | None = None
) -> InventoryView:
    """Open an inventory of one shelf range (inclusive call numbers) or, without one, of all."""
    lo, hi = _bound(call_from, "call_from"), _bound(call_to, "call_to")
    if lo and hi and shelf_key(lo) > shelf_key(hi):
        detail = Text("起始索书号大于终止索书号", "the first call number is after the last")
        raise DeskError("bad_input", detail=detail)
    row = InventorySession(
        uid=new_uid(),
        point_id=ctx.point.id,
        staff_code=ctx.actor.staff_code,
        call_from=lo,
        call_to=hi,
        status="open",
        started_at=ctx.now(),
    )
    s.add(row)
    s.flush()
    return _view(s, row)


def open_sessions(s: Session, ctx: Ctx) -> list[InventoryView]:
    """Inventories not finished yet (to resume after a restart)."""
    rows = s.scalars(
        select(InventorySession).where(
            InventorySession.point_id == ctx.point.id, InventorySession.status == "open"
        )
    ).all()
    return [_view(s, r) for r in rows]


def _classify(ctx: Ctx, item: CopyLike | None, scope: ShelfRange) -> tuple[str, str]:
    if item is None:
        return "unexpected", "unknown"
    if item.status == "on_loan":
        return "unexpected", "on_loan"
    if item.status != "available":
        return "unexpected", item.status
    if item.owner_point_id != ctx.point.id:
        return "misplaced", "other_point"
    if item.location_point_id != ctx.point.id:
        return "unexpected", "elsewhere"
    if not scope.contains(item.call_number):
        return "misplaced", "other_shelf"
    return "found", "in_place"


def scan(s: Session, ctx: Ctx, uid: str, barcode: str) -> ScanResult:
    """Record one barcode seen on the shelf and say at once what it is."""
    row = _session(s, ctx, uid)
    if row.status != "open":
        raise DeskError("inventory_closed", ref=row.uid)
    code = ctx.policy.item(barcode)
    item = s.scalars(select(Item).where(Item.barcode == code)).one_or_none()
    seen = s.scalars(
        select(InventoryScan).where(
            InventoryScan.session_id == row.id, InventoryScan.barcode == code
        )
    ).one_or_none()
    if seen is None:
        s.add(InventoryScan(session_id=row.id, barcode=code, scanned_at=ctx.now()))
    verdict, reason = _classify(ctx, item, ShelfRange(row.call_from, row.call_to))
    return ScanResult(
        code,
        verdict,
        reason,
        item.title.title if item else "",
        item.call_number if item else "",
        seen is not None,
    )


def report(s: Session, ctx: Ctx, uid: str) -> InventoryReport:
    row = _session(s, ctx, uid)
    scope = ShelfRange(row.call_from, row.call_to)
    codes = {c: None for c in s.scalars(
        select(InventoryScan.barcode).where(InventoryScan.session_id == row.id)
        .order_by(InventoryScan.id)
    )}  # fmt: skip
    points = {p.id: p.code for p in s.scalars(select(Point))}

    def line(code: str, item: _Copy | None, reason: str) -> Line:
        if item is None:
            return Line(code, "", "", reason, "", "")
        owner = points.get(item.owner_point_id, "?")
        return Line(code, item.title, item.call_number, reason, owner, item.status)

    def copies(where: Any) -> list[_Copy]:
        q = select(*_COPY_COLUMNS).join(Title, Title.id == Item.title_id).where(where)
        return [_Copy(*r) for r in s.execute(q)]

    actions = [
        (a.barcode, a.action, a.staff_code)
        for a in s.scalars(
            select(InventoryAction)
            .where(InventoryAction.session_id == row.id)
            .order_by(InventoryAction.id)
        )
    ]
    # confirmed actions changed the copies; the report still shows what the inventory found
    acted = {b: a for b, a, _staff in actions}
    marked = [b for b, a in acted.items() if a == "mark_missing"]
    here = (Item.location_point_id == ctx.point.id) & (Item.status == "available")
    expected = [
        c
        for c in copies(here | Item.barcode.in_(marked) if marked else here)
        if scope.contains(c.call_number)
    ]
    scanned = {c.barcode: c for c in copies(Item.barcode.in_(list(codes)))} if codes else {}
    found: list[Line] = []
    misplaced: list[Line] = []
    unexpected: list[Line] = []
    for code in codes:
        item = scanned.get(code)
        if acted.get(code) == "transfer_home":
            verdict, reason = "misplaced", "other_point"
        else:
            verdict, reason = _classify(ctx, item, scope)
        {"found": found, "misplaced": misplaced, "unexpected": unexpected}[verdict].append(
            line(code, item, reason)
        )
    missing = sorted(
        (c for c in expected if c.barcode not in codes), key=lambda c: shelf_key(c.call_number)
    )
    return InventoryReport(
        _view(s, row),
        len(expected),
        found,
        [line(c.barcode, c, "not_scanned") for c in missing],
        misplaced,
        unexpected,
        actions,
    )


def finish(s: Session, ctx: Ctx, uid: str) -> InventoryReport:
    """Close the session (no more scans) and record its counts as one event."""
    row = _session(s, ctx, uid)
    if row.status != "open":
        raise DeskError("inventory_closed", ref=row.uid)
    rep = report(s, ctx, uid)
    row.status, row.finished_at = "finished", ctx.now()
    record(
        s,
        ctx,
        "inventory.finished",
        InventoryFinished(
            uid=row.uid,
            call_from=row.call_from,
            call_to=row.call_to,
            expected=rep.expected,
            found=len(rep.found),
            missing=len(rep.missing),
            misplaced=len(rep.misplaced),
            unexpected=len(rep.unexpected),
        ),
        target=row.uid,
        detail=f"missing {len(rep.missing)} misplaced {len(rep.misplaced)}",
    )
    return dataclasses.replace(rep, session=_view(s, row))


def _finished(s: Session, ctx: Ctx, uid: str) -> tuple[InventorySession, InventoryReport]:
    require_role(ctx, "librarian", "admin", action="confirm inventory actions")
    row = _session(s, ctx, uid)
    if row.status != "finished":
        raise DeskError("inventory_not_finished", ref=row.uid)
    return row, report(s, ctx, uid)


def _pick(lines: list[Line], barcodes: list[str] | None, ctx: Ctx) -> list[Line]:
    if barcodes is None:
        return lines
    wanted = {ctx.policy.item(b) for b in barcodes}
    known = {x.barcode for x in lines}
    stray = sorted(wanted - known)
    if stray:
        raise DeskError("not_in_inventory_list", barcode=stray[0])
    return [x for x in lines if x.barcode in wanted]


def mark_missing(s: Session, ctx: Ctx, uid: str, barcodes: list[str] | None = None) -> list[str]:
    """Declare missing copies (all, or the listed ones) lost; returns the barcodes changed."""
    row, rep = _finished(s, ctx, uid)
    done: list[str] = []
    for x in _pick(rep.missing, barcodes, ctx):
        item = s.scalars(select(Item).where(Item.barcode == x.barcode)).one()
        if item.status != "available":  # confirmed before, or moved since: leave it
            continue
        previous, item.status = item.status, "lost"
        s.add(InventoryAction(session_id=row.id, barcode=item.barcode, action="mark_missing",
                              staff_code=ctx.actor.staff_code, at=ctx.now()))  # fmt: skip
        record(
            s,
            ctx,
            "item.status_changed",
            ItemStatusChanged(
                barcode=item.barcode,
                status="lost",
                previous=previous,
                reason=f"inventory {row.uid}: not found on the shelf",
            ),
            target=item.barcode,
            detail=f"missing in inventory {row.uid}",
        )
        done.append(item.barcode)
    return done


def transfer_home(s: Session, ctx: Ctx, uid: str, barcodes: list[str] | None = None) -> list[str]:
    """Send copies of other points found here back to their owners (in transit from now)."""
    row, rep = _finished(s, ctx, uid)
    done: list[str] = []
    lines = [x for x in rep.misplaced if x.reason == "other_point"]
    for x in _pick(lines, barcodes, ctx):
        item = s.scalars(select(Item).where(Item.barcode == x.barcode)).one()
        if item.status != "available" or item.owner_point_id == ctx.point.id:
            continue  # already on its way (confirmed before), lent since, or home now
        send_home(s, ctx, item, f"found in inventory {row.uid}")
        s.add(InventoryAction(session_id=row.id, barcode=item.barcode, action="transfer_home",
                              staff_code=ctx.actor.staff_code, at=ctx.now()))  # fmt: skip
        done.append(item.barcode)
    return done


def export_report(rep: InventoryReport, path: Path) -> Path:
    """The report as .xlsx or .csv, labelled in both languages (``exports.write_report``)."""
    return write_report(path, rep.tables())
