"""The headless sync engine: push the outbox, pull the point's change feed, report status.

Public API (the UI and the CLI code against this):

- ``SyncEngine(desk)`` — one per open desk; thread-safe to call ``status()`` while a run is on.
- ``engine.enrol(hub_url, code, ca_cert=None)`` — exchange a one-time code for a device token.
- ``engine.run_once(progress=cb, cancel=threading.Event()) -> SyncResult`` — one push+pull round.
- ``engine.status() -> SyncStatus`` — online, pending, oldest pending age, last success/error,
  clock offset, protocol ok.
- ``engine.start_background(interval_s)`` / ``engine.stop_background()`` — timer with backoff.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..desk import Desk


@dataclass(frozen=True)
class SyncProgress:
    """One step of a run: ``phase`` is handshake | push | pull; ``done``/``total`` may be None."""

    phase: str
    done: int
    total: int | None
    message: str = ""


ProgressFn = Callable[[SyncProgress], None]


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    hub_url: str | None
    online: bool
    pending: int
    oldest_pending_age_s: float | None
    last_success: datetime | None
    last_error: str | None
    clock_offset_ms: float | None
    clock_drift_warning: bool
    protocol_ok: bool
    open_exceptions: int


@dataclass
class SyncResult:
    ok: bool
    pushed: int = 0
    results: dict[str, int] = field(default_factory=dict)  # status -> count
    pulled: int = 0
    cursor: str | None = None
    cancelled: bool = False
    error: str | None = None


class SyncEngine:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def enrol(self, hub_url: str, code: str, ca_cert: str | None = None) -> str:
        raise NotImplementedError

    def run_once(
        self, progress: ProgressFn | None = None, cancel: threading.Event | None = None
    ) -> SyncResult:
        raise NotImplementedError

    def status(self) -> SyncStatus:
        raise NotImplementedError
