"""Feed rows this desk refused: recorded in the store, shown on the sync page, tried again
after an upgrade.

A row is refused when it fails the protocol's types (``protocol.feed.read_changes``) or when
applying it raises (``apply.apply_changes``); either way the rest of its page applies and the
cursor moves on. One record is kept per (kind, key) — the latest — and a later good row of the
same kind and key removes it: that row is the hub's newer state of the same thing. At most
:data:`MAX_KEPT` are kept, so a hostile hub cannot fill the disk through this table.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import __version__
from ..models import RefusedFeedRow
from ..protocol.feed import Change, RefusedRow
from ..protocol.wire import PROTOCOL_VERSION
from ..services.context import Ctx

log = logging.getLogger(__name__)

#: this program's build: a refused row recorded by another build is tried again
BUILD = f"{__version__}/p{PROTOCOL_VERSION}"[:48]
#: sync_state key: the build that last tried the recorded rows again
CHECKED_KEY = "refusals_checked_build"
MAX_KEPT = 1000
#: why a row was refused
INVALID, APPLY_FAILED = "invalid", "apply_failed"


@dataclass(frozen=True)
class RefusedView:
    """A refused feed row as the sync page and the CLI show it."""

    kind: str
    key: str
    pos: int | None
    reason: str
    detail: str
    first_seen: datetime
    last_seen: datetime
    raw: str


def record(s: Session, ctx: Ctx, rows: Sequence[RefusedRow], reason: str) -> None:
    """Record (or refresh) each refused row, keeping when it was first seen."""
    if not rows:
        return
    now = ctx.now()
    kept = int(s.scalar(select(func.count()).select_from(RefusedFeedRow)) or 0)
    for r in rows:
        kind, key = r.kind[:48], r.key[:64]
        log.warning("feed row refused (%s): %s %s at %s", reason, kind, key, r.pos)
        row = s.scalars(
            select(RefusedFeedRow).where(RefusedFeedRow.kind == kind, RefusedFeedRow.key == key)
        ).first()
        if row is None:
            if kept >= MAX_KEPT:
                continue
            kept += 1
            row = RefusedFeedRow(kind=kind, key=key, first_seen=now)
            s.add(row)
        row.pos, row.reason, row.detail = r.pos, reason, r.error[:300]
        row.raw, row.last_seen, row.build = r.raw, now, BUILD
    s.flush()


def clear(s: Session, changes: Iterable[Change]) -> None:
    """Forget refused rows that a good row of the same kind and key has now replaced."""
    if not s.scalar(select(func.count()).select_from(RefusedFeedRow)):
        return  # the usual case: nothing refused, nothing to look up
    q = select(RefusedFeedRow.id, RefusedFeedRow.kind, RefusedFeedRow.key)
    known = {(kind, key): i for i, kind, key in s.execute(q)}
    gone = [known[(c.kind, c.key)] for c in changes if (c.kind, c.key) in known]
    if gone:
        s.execute(delete(RefusedFeedRow).where(RefusedFeedRow.id.in_(gone)))


def stale(s: Session) -> list[RefusedFeedRow]:
    """Recorded rows an earlier build refused (to try again with this one)."""
    return list(
        s.scalars(
            select(RefusedFeedRow).where(RefusedFeedRow.build != BUILD).order_by(RefusedFeedRow.id)
        )
    )


def refused_rows(s: Session, _ctx: Ctx, limit: int = 500) -> list[RefusedView]:
    """The refused rows, newest first (the sync page's list, ``xclib-desk sync-status``)."""
    rows = s.scalars(select(RefusedFeedRow).order_by(RefusedFeedRow.last_seen.desc()).limit(limit))
    return [
        RefusedView(r.kind, r.key, r.pos, r.reason, r.detail, r.first_seen, r.last_seen, r.raw)
        for r in rows
    ]


def refused_count(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(RefusedFeedRow)) or 0)
