"""Clocks: the wall clock (mockable in tests), a desk run at a set time, and the hybrid
logical clock that orders events.

HLC timestamps are encoded as fixed-width strings so that SQL ``ORDER BY`` and Python sorting
agree: ``PPPPPPPPPPPPP-CCCCC-node`` (physical ms, logical counter, node id). The counter never
outgrows its five digits: past 99,999 events within one millisecond of clock time (a store run
ahead of the wall clock, then used at the real time) the physical part moves on by 1 ms instead.

A desk run at a set time (``xclib-desk --now``, ``XCLIB_DESK_NOW``) only moves the wall clock:
the device's HLC is stored with the store and only ever moves forward (:meth:`HLC.tick`), so
events made "in the past" after events made "in the future" still sort after them.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from .common.times import BEIJING
from .errors import DeskError, Text

#: the environment variable that starts a desk (CLI or app) at a set time, like ``--now``
NOW_ENV = "XCLIB_DESK_NOW"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A settable clock for tests and demos (the edge of the world)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: float) -> None:
        self.at = self.at + timedelta(**kwargs)


class ShiftedClock:
    """The wall clock moved to start at ``start`` and advance from there, second for second.

    Support and tests run a desk "as of" a moment with it: a verb of the CLI runs at that
    moment (plus the time it takes), the app's status bar and timers keep moving from it.
    """

    def __init__(self, start: datetime, base: Clock | None = None) -> None:
        self.base = base or SystemClock()
        self.offset = start - self.base.now()

    def now(self) -> datetime:
        return self.base.now() + self.offset


def parse_at(text: str) -> datetime:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` in Beijing time, or ISO 8601 with a zone
    (``2026-12-06T01:00Z``, ``...+00:00``); an aware instant."""
    raw = text.strip()
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        detail = Text(
            f"时间格式 YYYY-MM-DD HH:MM（北京时间）或带时区的 ISO 8601：{raw[:40]}",
            f"the time as YYYY-MM-DD HH:MM (Beijing) or ISO 8601 with a zone: {raw[:40]}",
        )
        raise DeskError("bad_input", detail=detail) from None
    if not 2000 <= at.year <= 2200:
        detail = Text(f"时间超出范围：{raw[:40]}", f"time out of range: {raw[:40]}")
        raise DeskError("bad_input", detail=detail)
    return at if at.tzinfo is not None else at.replace(tzinfo=BEIJING)


def desk_clock(at: str | None = None) -> Clock:
    """The clock a desk front end runs on: ``at`` (the ``--now`` option), else
    ``XCLIB_DESK_NOW``, else the system clock."""
    text = at if at is not None else os.environ.get(NOW_ENV, "")
    if not text.strip():
        return SystemClock()
    return ShiftedClock(parse_at(text))


def to_ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


@dataclass(frozen=True, order=True)
class HLC:
    physical: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.physical:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        p, c, node = text.split("-", 2)
        return cls(int(p), int(c), node)

    def tick(self, wall_ms: int) -> HLC:
        """Next local timestamp: never goes backwards even if the wall clock does."""
        if wall_ms > self.physical:
            return HLC(wall_ms, 0, self.node)
        return _bounded(self.physical, self.counter + 1, self.node)

    def receive(self, remote: HLC, wall_ms: int) -> HLC:
        """Merge a timestamp seen elsewhere (hub replies) so later local events sort after it."""
        top = max(self.physical, remote.physical, wall_ms)
        if top == self.physical == remote.physical:
            counter = max(self.counter, remote.counter) + 1
        elif top == self.physical:
            counter = self.counter + 1
        elif top == remote.physical:
            counter = remote.counter + 1
        else:
            counter = 0
        return _bounded(top, counter, self.node)


#: the largest counter the encoding's five digits hold
MAX_COUNTER = 99_999


def _bounded(physical: int, counter: int, node: str) -> HLC:
    """Keep the encoding fixed-width (so text order is time order): a counter past its digits
    carries into the physical part, which still orders after everything before."""
    if counter > MAX_COUNTER:
        return HLC(physical + 1, 0, node)
    return HLC(physical, counter, node)


def monotonic_ms() -> float:
    return time.monotonic() * 1000
