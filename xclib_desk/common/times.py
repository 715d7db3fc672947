"""Time as the library counts it: stored instants are UTC, days and months are Beijing's.

China has one time zone and no daylight saving, so a fixed +08:00 offset is exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def utcnow() -> datetime:
    """The current instant, timezone-aware (UTC): what every stored timestamp is."""
    return datetime.now(UTC)


def as_utc(v: datetime) -> datetime:
    """A stored time read back without its zone (SQLite) is UTC; an aware one stays as it is."""
    return v if v.tzinfo else v.replace(tzinfo=UTC)
