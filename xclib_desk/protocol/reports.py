"""Wire bodies of the hub's report endpoints (``/v1/admin/stats``), read by the desk's admin pages.

Kept apart from the sync traffic. The compliance report's body is the figures' own definition,
:class:`xclib_desk.standards.kpi.ComplianceReport`, so it has no second model here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class StatsTableOut(BaseModel):
    """One statistics table (``common.figures.Table``): the last row is the total."""

    model_config = ConfigDict(extra="forbid")
    name: str
    header: list[str]
    rows: list[list[Any]]


class DistrictStatsOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int
    tables: list[StatsTableOut]
