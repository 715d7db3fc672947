"""Clocks: the wall clock (mockable in tests) and the hybrid logical clock that orders events.

HLC timestamps are encoded as fixed-width strings so that SQL ``ORDER BY`` and Python sorting
agree: ``PPPPPPPPPPPPP-CCCCC-node`` (physical ms, logical counter, node id).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


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
        return HLC(self.physical, self.counter + 1, self.node)

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
        return HLC(top, counter, self.node)


def monotonic_ms() -> float:
    return time.monotonic() * 1000
