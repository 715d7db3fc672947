"""Administration of the district (admin bearer token, under ``/v1/admin``): service points,
enrolment codes, devices, exceptions, and the standards packages (the desk's Standards page;
logic in hub/admin.py, hub/staffing.py and hub/standards.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from ...protocol.wire import (
    DeviceOut,
    EnrolCodeOut,
    ExceptionOut,
    PointIn,
    PointUpdate,
    PublishedOut,
    StandardsOverview,
)
from ...standards.signing import SignedPackage
from .. import admin, staffing
from .. import standards as hub_standards
from ..models import HubException
from .deps import ADMIN, HubDep
from .problems import AUTH, problem, problems

router = APIRouter(prefix="/v1/admin", dependencies=ADMIN)


@router.post("/points", responses=problems(*AUTH), status_code=201)
def add_point(p: PointIn, hub: HubDep) -> dict[str, Any]:
    with hub.write() as s:
        return staffing.point_out(admin.add_point(s, p))


@router.patch("/points/{code}", responses=problems(401, 403, 404, 422))
def set_point(code: str, upd: PointUpdate, hub: HubDep) -> dict[str, Any]:
    """Name, served population, own weekly hours (``""`` returns to the level's week)."""
    with hub.write() as s:
        return staffing.point_out(staffing.set_point(s, code[:32], upd))


@router.post(
    "/points/{code}/enrol-codes",
    response_model=EnrolCodeOut,
    responses=problems(*AUTH, 404),
)
def enrol_code(code: str, hub: HubDep) -> EnrolCodeOut:
    with hub.write() as s:
        return admin.new_enrol_code(s, code[:32])


@router.get(
    "/points/{code}/devices", response_model=list[DeviceOut], responses=problems(*AUTH, 404)
)
def devices(code: str, hub: HubDep) -> list[DeviceOut]:
    """The point's devices (revoked ones too): enrolled when, last seen, revoked, so an
    operator can revoke the right one."""
    with hub.read() as s:
        return admin.devices(s, code[:32])


@router.post(
    "/devices/{device_id}/rebind", response_model=DeviceOut, responses=problems(*AUTH, 404)
)
def rebind(device_id: str, hub: HubDep) -> DeviceOut:
    """Allow a known device to enrol once more with a code of its point (a new token; a
    revocation is cleared only then)."""
    with hub.write() as s:
        return admin.device_out(admin.rebind(s, device_id[:36]))


@router.post("/devices/{device_id}/revoke", responses=problems(*AUTH, 404))
def revoke(device_id: str, hub: HubDep) -> dict[str, str]:
    with hub.write() as s:
        if not admin.revoke(s, device_id[:36]):
            raise problem(404, "unknown_device", "no such device")
    return {"device_id": device_id, "status": "revoked"}


@router.get("/exceptions", response_model=list[ExceptionOut], responses=problems(*AUTH))
def exceptions(
    hub: HubDep,
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> list[ExceptionOut]:
    with hub.read() as s:
        q = select(HubException).order_by(HubException.created_at)
        if status:
            q = q.where(HubException.status == status)
        return [
            ExceptionOut(
                uid=x.uid,
                kind=x.kind,
                points=x.points,
                status=x.status,
                context=x.context,
                created_at=x.created_at,
                resolution=x.resolution,
            )
            for x in s.scalars(q)
        ]


@router.get("/standards", response_model=StandardsOverview, responses=problems(*AUTH))
def standards_overview(hub: HubDep) -> StandardsOverview:
    with hub.read() as s:
        return hub_standards.overview(s)


@router.post(
    "/standards",
    response_model=PublishedOut,
    responses=problems(*AUTH, 409, 413, 422),
    status_code=201,
)
def standards_publish(signed: SignedPackage, hub: HubDep) -> PublishedOut:
    """The same checks as ``xclib-hub standards-publish``: district signature, newer."""
    with hub.write() as s:
        package = hub_standards.publish(s, signed)
        return PublishedOut(version=package.version, effective_from=package.effective_from)
