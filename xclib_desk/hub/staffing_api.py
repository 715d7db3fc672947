"""Admin HTTP routes of issue 5: a point's population and hours, its daily hours and staffing
figures, its services checklist gaps, and the hub's retention run (logic in hub/staffing.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Query
from fastapi.params import Depends

from ..protocol.wire import PointUpdate, ProblemOut
from . import staffing

if TYPE_CHECKING:
    from .app import Hub

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut},
    403: {"model": ProblemOut},
    404: {"model": ProblemOut},
    422: {"model": ProblemOut},
}
PERIOD = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"


def add_staffing_routes(app: FastAPI, hub: Hub, admin_deps: list[Depends]) -> None:
    @app.patch("/v1/admin/points/{code}", dependencies=admin_deps, responses=ERRORS)
    def set_point(code: str, upd: PointUpdate) -> dict[str, Any]:
        """Name, served population, own weekly hours (``""`` returns to the level's week)."""
        with hub.write() as s:
            return staffing.point_out(staffing.set_point(s, code[:32], upd))

    @app.get("/v1/admin/points/{code}/hours", dependencies=admin_deps, responses=ERRORS)
    def hours(code: str, start: date, end: date) -> list[dict[str, Any]]:
        """Per day: scheduled, open and understaffed minutes, and the understaffed periods."""
        sane = date(1900, 1, 1) <= start <= date(2199, 12, 31) >= end
        if not sane or end < start or (end - start).days > 400:
            from .admin import HubError

            raise HubError(422, "bad_range", "end before start, or more than 400 days")
        with hub.read() as s:
            return [_plain(d) for d in staffing.day_hours(s, code[:32], start, end)]

    @app.get("/v1/admin/points/{code}/services", dependencies=admin_deps, responses=ERRORS)
    def services(code: str, period: Annotated[str, Query(pattern=PERIOD)]) -> dict[str, Any]:
        with hub.read() as s:
            return {
                "point": code.upper(),
                "period": period,
                "required": staffing.required_services(s, code[:32], period),
                "gaps": staffing.service_gaps(s, code[:32], period),
            }

    @app.post("/v1/admin/retention/run", dependencies=admin_deps, responses=ERRORS)
    def retention() -> dict[str, Any]:
        with hub.write() as s:
            r = staffing.run_retention(s)
        return {"cutoff": r.cutoff.isoformat(), "days": r.days, "anonymised": r.count,
                "redacted": r.redacted}  # fmt: skip


def _plain(value: Any) -> Any:
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
