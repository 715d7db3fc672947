"""The district reports (admin): ``GET /v1/admin/compliance`` and ``GET /v1/admin/stats``.

Both take ``?year=`` (default: this Beijing year); a year that is not a number, implausible or
not yet begun is a 422 with a message. Computed on request from the hub's tables.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...protocol.reports import DistrictStatsOut
from ...standards.kpi import ComplianceReport
from ..compliance import compliance_report
from ..reports import stats_out, year_arg
from ..stats import district_statistics
from .deps import ADMIN, HubDep
from .problems import problems

router = APIRouter(prefix="/v1/admin", dependencies=ADMIN)


@router.get(
    "/compliance",
    response_model=ComplianceReport,
    responses=problems(401, 403, 422),
)
def compliance(
    hub: HubDep,
    year: Annotated[str | None, Query(max_length=8)] = None,
) -> ComplianceReport:
    """Every point's figures against the KPI targets, each unification rated, by month."""
    y = year_arg(year, "en")  # the API's problems are in English
    with hub.read() as s:
        return compliance_report(s, y)


@router.get(
    "/stats",
    response_model=DistrictStatsOut,
    responses=problems(401, 403, 422),
)
def stats(hub: HubDep, year: Annotated[str | None, Query(max_length=8)] = None) -> DistrictStatsOut:
    """District statistics: circulation by month, point, reader type and CLC class;
    acquisitions; visits."""
    y = year_arg(year, "en")  # the API's problems are in English
    with hub.read() as s:
        return stats_out(y, district_statistics(s, y))
