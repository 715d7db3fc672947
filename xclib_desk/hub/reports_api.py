"""The admin report endpoints: ``GET /v1/admin/compliance`` and ``GET /v1/admin/stats``.

Both take ``?year=`` (default: this Beijing year); a year that is not a number, implausible or
not yet begun is a 422 with a message. Computed on request from the hub's tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Query

from ..protocol.wire import ProblemOut
from ..standards.kpi import ComplianceReport
from ..sync.reports import DistrictStatsOut

if TYPE_CHECKING:
    from .app import Hub

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut},
    403: {"model": ProblemOut},
    422: {"model": ProblemOut},
}


def add_report_routes(app: FastAPI, hub: Hub, deps: list[Any]) -> None:
    from .compliance import compliance_report
    from .report_cli import _year_arg, stats_out
    from .stats import district_statistics

    @app.get(
        "/v1/admin/compliance",
        dependencies=deps,
        response_model=ComplianceReport,
        responses=_ERRORS,
    )
    def compliance(
        year: Annotated[str | None, Query(max_length=8)] = None,
    ) -> ComplianceReport:
        """Every point's figures against the KPI targets, each unification rated, by month."""
        y = _year_arg(year)
        with hub.read() as s:
            return compliance_report(s, y)

    @app.get(
        "/v1/admin/stats",
        dependencies=deps,
        response_model=DistrictStatsOut,
        responses=_ERRORS,
    )
    def stats(year: Annotated[str | None, Query(max_length=8)] = None) -> DistrictStatsOut:
        """District statistics: circulation by month, point, reader type and CLC class;
        acquisitions; visits."""
        y = _year_arg(year)
        with hub.read() as s:
            return stats_out(y, district_statistics(s, y))
