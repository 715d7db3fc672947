"""Wire schemas of the hub's report endpoints (``/v1/admin/compliance``, ``/v1/admin/stats``).

Shared by the hub and the desk's admin pages like ``wire.py``; kept apart because they carry
reports, not sync traffic. The compliance report's shape is the figures' own definition
(:class:`~xclib_desk.standards.kpi.ComplianceReport`), so there is one model for it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ..standards.kpi import ComplianceReport


class StatsTableOut(BaseModel):
    """One statistics table (``services.stats.Table``): the last row is the total."""

    model_config = ConfigDict(extra="forbid")
    name: str
    header: list[str]
    rows: list[list[Any]]


class DistrictStatsOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int
    tables: list[StatsTableOut]


__all__ = ["ComplianceReport", "DistrictStatsOut", "StatsTableOut"]
