"""What every service call needs besides the Session: who, where, when, and under which rules."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from pydantic import BaseModel
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from ..clock import HLC, Clock, to_ms
from ..common.figures import parse_year
from ..common.times import BEIJING
from ..errors import DeskError, bad_year
from ..models import AuditEntry, OutboxEvent, StoreMeta
from ..protocol.events import PAYLOADS
from ..standards.policy import Policy


@dataclass(frozen=True)
class Actor:
    staff_code: str
    role: str  # desk | librarian | admin
    name: str = ""


SYSTEM = Actor("system", "admin", "系统")


@dataclass(frozen=True)
class PointRef:
    id: int
    code: str
    name: str
    level: str


@dataclass
class Ctx:
    actor: Actor
    point: PointRef
    device_id: str
    clock: Clock
    policy_at: Callable[[datetime], Policy]
    id_key: bytes  # key for the resident-ID keyed hash
    #: whether the point is scheduled open at an instant (its own hours or its level's)
    open_at: Callable[[datetime], bool] | None = None
    _now: datetime | None = field(default=None, repr=False)
    _policy: Policy | None = field(default=None, repr=False)

    def now(self) -> datetime:
        """One instant per operation, so the loan, event and audit all agree on the time."""
        if self._now is None:
            self._now = self.clock.now()
        return self._now

    def today(self) -> date:
        return self.now().astimezone(BEIJING).date()

    @property
    def policy(self) -> Policy:
        """The package in force at :meth:`now`: one operation, one instant, one package (looked
        up once; a scan asks for it a dozen times)."""
        if self._policy is None:
            self._policy = self.policy_at(self.now())
        return self._policy

    def hash_id(self, id_number: str) -> str:
        return hmac.new(self.id_key, id_number.encode(), hashlib.sha256).hexdigest()


def new_uid() -> str:
    return str(uuid.uuid4())


def require_role(ctx: Ctx, *roles: str, action: str) -> None:
    if ctx.actor.role not in roles:
        raise DeskError("permission_denied", role=ctx.actor.role, action=action)


#: ``Session.info`` key: set by whatever installs a standards package, so the Desk reloads its
#: rules after the commit
STANDARDS_CHANGED = "standards_changed"
_META = select(StoreMeta)
_META_KEY = "store_meta"  # Session.info: the one StoreMeta row, loaded by the first record()
OUTSIDE_HOURS = "outside_hours"
#: events about running the point itself, not serving readers: never marked outside hours
#: (staff sign on before opening; the desk's own jobs run whenever the machine is on)
UNMARKED = frozenset(
    {"point.initialised", "standards.activated", "duty.started", "duty.ended", "retention.applied"}
)


def marks_for(ctx: Ctx, type_: str) -> list[str]:
    """Operations outside the point's scheduled hours are allowed, and marked as such."""
    if ctx.open_at is None or type_ in UNMARKED or ctx.actor.staff_code == SYSTEM.staff_code:
        return []
    return [] if ctx.open_at(ctx.now()) else [OUTSIDE_HOURS]


def _check_payload(type_: str, payload: BaseModel) -> None:
    if type(payload) is not PAYLOADS[type_]:
        raise TypeError(f"payload for {type_} must be {PAYLOADS[type_].__name__}")


def _rows(
    ctx: Ctx, type_: str, payload: BaseModel, seq: int, hlc: str, target: str, detail: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The outbox event's and the audit entry's columns: one definition for both writers."""
    now = ctx.now()
    marks = marks_for(ctx, type_)
    if marks:
        detail = (detail + " " if detail else "") + "[" + ",".join(marks) + "]"
    event = {
        "seq": seq,
        "event_id": new_uid(),
        "device_id": ctx.device_id,
        "type": type_,
        "hlc": hlc,
        "wall_time": now,
        "staff_code": ctx.actor.staff_code,
        "point_code": ctx.point.code,
        "standards_version": ctx.policy.version,
        "payload": payload.model_dump(mode="json"),
        "marks": marks,
    }
    audit = {
        "at": now,
        "staff_code": ctx.actor.staff_code,
        "action": type_,
        "target": target,
        "detail": detail,
    }
    return event, audit


def record(
    s: Session,
    ctx: Ctx,
    type_: str,
    payload: BaseModel,
    *,
    target: str,
    detail: str = "",
) -> OutboxEvent:
    """Write the one immutable outbox event and the one audit entry of a state change.

    Called inside the caller's transaction, after the domain rows, so all three commit or none.
    The per-device sequence and the hybrid clock live in ``store_meta`` and advance here, under
    the write lock, which keeps the sequence gap-free.
    """
    _check_payload(type_, payload)
    meta = s.info.get(_META_KEY)
    if meta is None or meta not in s:  # once per session: a bulk writer records thousands
        with s.no_autoflush:  # the caller's rows go out with ours, in one flush at commit
            meta = s.info[_META_KEY] = s.scalars(_META).one()
    hlc = HLC.decode(meta.hlc).tick(to_ms(ctx.now())).encode()
    seq = meta.next_seq
    meta.next_seq = seq + 1
    meta.hlc = hlc
    event_row, audit_row = _rows(ctx, type_, payload, seq, hlc, target, detail)
    event = OutboxEvent(**event_row)
    s.add(event)
    s.add(AuditEntry(**audit_row, event=event))
    return event


_META_T, _EVENT_T, _AUDIT_T = (
    cast(Table, m.__table__) for m in (StoreMeta, OutboxEvent, AuditEntry)
)
_META_ROW = select(_META_T.c.id, _META_T.c.next_seq, _META_T.c.hlc)
_META_BUMP = (
    update(_META_T)
    .where(_META_T.c.id == bindparam("m_id"))
    .values(next_seq=bindparam("m_seq"), hlc=bindparam("m_hlc"))
)
_EVENT_INSERT = insert(_EVENT_T)
_AUDIT_INSERT = insert(_AUDIT_T)


def record_core(
    s: Session,
    ctx: Ctx,
    type_: str,
    payload: BaseModel,
    *,
    target: str,
    detail: str = "",
) -> int:
    """:func:`record` in SQLAlchemy Core, for the scan path (check-out): the same event and
    audit rows, the same sequence and clock, in the same transaction, without the ORM's unit
    of work (:func:`record_many` with one entry). Returns the event's sequence number."""
    return record_many(s, ctx, [(type_, payload, target, detail)])[0][0]


#: one event of a bulk write: (type, payload, audit target, audit detail)
Entry = tuple[str, BaseModel, str, str]


def record_many(s: Session, ctx: Ctx, entries: list[Entry]) -> list[tuple[int, str]]:
    """:func:`record` for a bulk writer (the MARC import): the same event and audit row per
    entry, in order, but one sequence/clock reservation and two executemany statements for
    the lot instead of two ORM objects each. Returns each entry's (sequence, HLC).

    Same transaction as the caller's rows, so all commit or none. A session that already holds
    the ORM's ``store_meta`` row advances that object (flushed with the caller's rows), so the
    ORM and Core writers never count from different copies of the row."""
    if not entries:
        return []
    for type_, payload, _, _ in entries:
        _check_payload(type_, payload)
    conn = s.connection()
    held = s.info.get(_META_KEY)
    meta: StoreMeta | None = held if held is not None and held in s else None
    if meta is not None:
        seq, old = meta.next_seq, meta.hlc
    else:
        meta_id, seq, old = conn.execute(_META_ROW).one()
    clock, ms = HLC.decode(old), to_ms(ctx.now())
    out: list[tuple[int, str]] = []
    events: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    for type_, payload, target, detail in entries:
        clock = clock.tick(ms)
        hlc = clock.encode()
        event_row, audit_row = _rows(ctx, type_, payload, seq, hlc, target, detail)
        events.append(event_row)
        audits.append({**audit_row, "event_seq": seq})
        out.append((seq, hlc))
        seq += 1
    if meta is not None:
        meta.next_seq, meta.hlc = seq, out[-1][1]
    else:
        conn.execute(_META_BUMP, {"m_id": meta_id, "m_seq": seq, "m_hlc": out[-1][1]})
    conn.execute(_EVENT_INSERT, events)
    conn.execute(_AUDIT_INSERT, audits)
    return out


def report_year(year: int | str) -> int:
    """The year a report is asked for (:func:`common.figures.parse_year`), or ``bad_input``."""
    try:
        return parse_year(year)
    except ValueError:
        raise DeskError("bad_input", detail=bad_year(year), field="year") from None
