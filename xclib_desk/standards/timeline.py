"""Which standards package is in force when: the one rule the desk and the hub share.

The package in force at a moment is the **highest version whose effective time has come**.
A lower version that takes effect later never displaces a higher one already in force: once the
district has put version 3 in force, version 2 (signed earlier, effective later) never comes
into force at all; it is *superseded*. Along the timeline versions only ever rise.

Before any package's effective time, the first one the timeline reaches is used (a store
always has rules: the bundled package).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from ..common.times import as_utc

V = TypeVar("V")


def takeovers(packages: Iterable[tuple[datetime, int, V]]) -> list[tuple[datetime, V]]:
    """The moments a package comes into force, in time order, from ``(effective_from,
    version, value)``: each entry's version is higher than every one before it. A package
    that is not here never comes into force."""
    line: list[tuple[datetime, int, V]] = []
    for at, version, value in sorted(
        ((as_utc(t), v, x) for t, v, x in packages), key=lambda p: (p[0], p[1])
    ):
        if line and version <= line[-1][1]:
            continue  # a later-effective lower version: superseded, never in force
        if line and at == line[-1][0]:
            line.pop()  # two taking effect at the same moment: the higher one
        line.append((at, version, value))
    return [(at, value) for at, _, value in line]


def in_force(line: Sequence[tuple[datetime, V]], at: datetime) -> V:
    """The value in force at ``at`` on a timeline from :func:`takeovers` (not empty)."""
    i = bisect.bisect_right([t for t, _ in line], as_utc(at)) - 1
    return line[max(i, 0)][1]


def superseded(packages: Iterable[tuple[datetime, int]]) -> list[int]:
    """Versions that will never be in force: a higher version takes effect at or before them."""
    pairs = list(packages)
    live = {v for _, v in takeovers((t, v, v) for t, v in pairs)}
    return sorted(v for _, v in pairs if v not in live)
