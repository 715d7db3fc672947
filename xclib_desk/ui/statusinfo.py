"""The facts the status bar shows, gathered on a worker thread into one plain snapshot.

With an enrolled sync engine the sync facts come from ``SyncEngine.status()``; without one (a
store initialised offline and never enrolled) from ``services.status``: the desk is then offline
by definition and everything it did is waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..desk import Desk
from ..services import duty, syncview


@dataclass(frozen=True)
class Snapshot:
    online: bool
    enrolled: bool
    pending: int
    oldest_pending_at: datetime | None
    last_sync_at: datetime | None
    last_error: str | None
    #: why the last sync failed, as the engine's stable code (the bar words it briefly)
    last_error_code: str | None
    clock_offset_s: float | None
    clock_warning: bool
    standards_version: int
    failed: int
    open_exceptions: int
    on_duty: int
    min_on_duty: int
    # staffing (统一人员配备): who is on duty now, against the level's minimum
    on_duty_names: tuple[str, ...] = ()
    me_on_duty: bool = False  # the signed-in staff member
    scheduled_open: bool = True  # now is inside the point's scheduled hours
    understaffed: bool = False


def engine_status(engine: Any | None) -> Any | None:
    """``SyncStatus`` or None when there is no engine, it is not enrolled, or it cannot say."""
    if engine is None:
        return None
    try:
        st = engine.status()
    except Exception:
        return None
    return st if getattr(st, "enrolled", False) else None


def gather(desk: Desk, engine: Any | None, staff_code: str) -> Snapshot:
    sv = desk.read(syncview.counts)  # not services.status: its table-wide counts cost ~30 ms
    version = desk.policy.version
    ds = desk.read(duty.duty_status)
    staffing = {
        "on_duty": ds.count,
        "min_on_duty": ds.minimum,
        "on_duty_names": tuple(x.staff_name or x.staff_code for x in ds.on_duty),
        "me_on_duty": any(x.staff_code == staff_code for x in ds.on_duty),
        "scheduled_open": ds.scheduled_open,
        "understaffed": ds.understaffed,
    }
    sync = engine_status(engine)
    now = desk.clock.now()
    if sync is not None:
        age = sync.oldest_pending_age_s
        offset_ms = sync.clock_offset_ms
        return Snapshot(
            online=bool(sync.online),
            enrolled=True,
            pending=int(sync.pending),
            oldest_pending_at=now - timedelta(seconds=age) if age is not None else None,
            last_sync_at=sync.last_success,
            last_error=sync.last_error,
            last_error_code=sync.last_error_code,
            clock_offset_s=offset_ms / 1000 if offset_ms is not None else None,
            clock_warning=bool(sync.clock_drift_warning),
            standards_version=version,
            failed=sv["failed"],
            open_exceptions=int(sync.open_exceptions),
            **staffing,
        )
    return Snapshot(
        online=False,
        enrolled=False,
        pending=sv["pending"],
        oldest_pending_at=desk.read(syncview.oldest_pending) if sv["pending"] else None,
        last_sync_at=None,
        last_error=None,
        last_error_code=None,
        clock_offset_s=None,
        clock_warning=False,
        standards_version=version,
        failed=sv["failed"],
        open_exceptions=sv["open_exceptions"],
        **staffing,
    )
