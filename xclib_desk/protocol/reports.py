"""Wire bodies of the hub's report endpoints (``/v1/admin/stats``), read by the desk's admin pages.

Kept apart from the sync traffic. The compliance report's body is the figures' own definition,
:class:`xclib_desk.standards.kpi.ComplianceReport`, so it has no second model here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..common.figures import Table


class StatsTableOut(BaseModel):
    """One statistics table (``common.figures.Table``) as codes: the table's code, its columns'
    codes, rows whose first cell is a key (a month, a point code, ``total``...); the last row is
    the ``total``. The desk labels them in its user's language (``common.figures.LABELS``)."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=64)
    columns: list[str]
    rows: list[list[Any]]
    #: what the table is about when not the whole report (the year of the by-point summary)
    scope: list[str] = []

    @classmethod
    def of(cls, table: Table) -> StatsTableOut:
        return cls(code=table.code, columns=table.columns, rows=table.rows, scope=table.scope)

    def table(self) -> Table:
        return Table(self.code, self.columns, self.rows, self.scope)


class DistrictStatsOut(BaseModel):
    """``GET /v1/admin/stats``: the district's statistics tables of a Beijing year."""

    model_config = ConfigDict(extra="forbid")
    year: int
    tables: list[StatsTableOut]
