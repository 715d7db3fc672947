"""The hub's push: a device's batch of events applied to the hub's authoritative state.

``batch`` answers each event (ledger, duplicates, fast path and replay), ``registry`` maps
each event type to its handler in one module per domain (``loans``, ``readers``,
``catalogue``, ``shipments``, ``staffing``, ``exceptions``), and ``feed`` turns what changed
into feed rows. :func:`push_events` is the one entry point the HTTP layer calls.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ...protocol.wire import EventResult, PushRequest
from .batch import concurrent_keys, run_batch
from .context import BatchContext, DeviceRef
from .feed import Feed, lock_feed, lock_keys, write_feed
from .holds import requeue_touched

#: where ``xclib-hub serve`` tells its workers how many pushes each applies at once
PUSHES_AT_ONCE_ENV = "XCLIB_HUB_PUSHES_AT_ONCE"


def pushes_at_once(workers: int, cores: int) -> int:
    """About two pushes in flight per core across the server's processes. A push is mostly
    the process's own CPU: more at once than that only have their threads take the
    interpreter's lock from each other and PostgreSQL's backends the cores (the morning rush of
    300 desks on 2 cores and 4 processes, bench/bench_sync.py: 3,800-4,200 events/s with one
    at a time in each process, 3,300 with two, 3,000 with forty)."""
    return max(1, round(2 * cores / max(1, workers)))


def push_events(
    s: Session, device: DeviceRef, req: PushRequest, now: datetime
) -> list[EventResult]:
    """Apply ``req``'s events in the caller's transaction: lock first (the keys a batch of
    loans and readers names, so such pushes run side by side; otherwise the whole feed), answer
    every event, then write the feed rows of what changed (taking their positions last)."""
    keys = concurrent_keys(device.device_id, req.events)
    if keys is None:
        lock_feed(s)
    else:
        lock_keys(s, keys)
    ctx = BatchContext(s, device, now, Feed())
    # copies, readers and loans as plain rows, written before any statement (push/records.py)
    with ctx.records.attached():
        results = run_batch(ctx, req.events, req.clock_offset_ms)
        s.flush()
        requeue_touched(ctx)  # copies that moved may serve, or fail, a waiting hold
        write_feed(s, ctx.feed, ctx.items, ctx.loans)
    return results
