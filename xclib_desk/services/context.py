"""What every service call needs besides the Session: who, where, when, and under which rules."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import HLC, Clock, to_ms
from ..common.times import BEIJING
from ..errors import DeskError
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

    def now(self) -> datetime:
        """One instant per operation, so the loan, event and audit all agree on the time."""
        if self._now is None:
            self._now = self.clock.now()
        return self._now

    def today(self) -> date:
        return self.now().astimezone(BEIJING).date()

    @property
    def policy(self) -> Policy:
        return self.policy_at(self.now())

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
    if type(payload) is not PAYLOADS[type_]:
        raise TypeError(f"payload for {type_} must be {PAYLOADS[type_].__name__}")
    meta = s.info.get(_META_KEY)
    if meta is None or meta not in s:  # once per session: a bulk writer records thousands
        with s.no_autoflush:  # the caller's rows go out with ours, in one flush at commit
            meta = s.info[_META_KEY] = s.scalars(_META).one()
    now = ctx.now()
    hlc = HLC.decode(meta.hlc).tick(to_ms(now))
    seq = meta.next_seq
    meta.next_seq = seq + 1
    meta.hlc = hlc.encode()
    marks = marks_for(ctx, type_)
    if marks:
        detail = (detail + " " if detail else "") + "[" + ",".join(marks) + "]"
    event = OutboxEvent(
        seq=seq,
        event_id=new_uid(),
        device_id=ctx.device_id,
        type=type_,
        hlc=hlc.encode(),
        wall_time=now,
        staff_code=ctx.actor.staff_code,
        point_code=ctx.point.code,
        standards_version=ctx.policy.version,
        payload=payload.model_dump(mode="json"),
        marks=marks,
    )
    s.add(event)
    s.add(
        AuditEntry(
            at=now,
            staff_code=ctx.actor.staff_code,
            action=type_,
            target=target,
            detail=detail,
            event=event,
        )
    )
    return event
