"""Staffing and opening figures of a point, and retention (admin, under ``/v1/admin``): a
point's daily hours and understaffed periods, its services checklist gaps, and the hub's
retention run (logic in hub/staffing.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...common.output import json_ready
from .. import staffing
from ..errors import HubError
from .deps import ADMIN, HubDep
from .problems import problems

PERIOD = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"
ERRORS = problems(401, 403, 404, 422)

router = APIRouter(prefix="/v1/admin", dependencies=ADMIN)


@router.get("/points/{code}/hours", responses=ERRORS)
def hours(code: str, start: date, end: date, hub: HubDep) -> list[dict[str, Any]]:
    """Per day: scheduled, open and understaffed minutes, and the understaffed periods."""
    sane = date(1900, 1, 1) <= start <= date(2199, 12, 31) >= end
    if not sane or end < start or (end - start).days > 400:
        raise HubError(422, "bad_range", "end before start, or more than 400 days")
    with hub.read() as s:
        return [json_ready(d) for d in staffing.day_hours(s, code[:32], start, end)]


@router.get("/points/{code}/services", responses=ERRORS)
def services(
    code: str, period: Annotated[str, Query(pattern=PERIOD)], hub: HubDep
) -> dict[str, Any]:
    with hub.read() as s:
        return {
            "point": code.upper(),
            "period": period,
            "required": staffing.required_services(s, code[:32], period),
            "gaps": staffing.service_gaps(s, code[:32], period),
        }


@router.post("/retention/run", responses=ERRORS)
def retention(hub: HubDep) -> dict[str, Any]:
    with hub.write() as s:
        r = staffing.run_retention(s)
    return {"cutoff": r.cutoff.isoformat(), "days": r.days, "anonymised": r.count,
            "redacted": r.redacted}  # fmt: skip
