"""``GET /v1/device``: what the hub holds of the calling device.

A desk asks at the start of every sync (one indexed ``max``), so that a restored backup, whose
sequence counter is behind numbers already delivered, renumbers its undelivered events above
the hub's highest before it pushes them (see docs/sync-protocol.md, "Sequence numbers").
"""

from __future__ import annotations

from fastapi import APIRouter

from ...protocol.wire import DeviceState
from ..push.batch import highest_seq
from .deps import DeviceDep, HubDep
from .problems import AUTH, problems

router = APIRouter(prefix="/v1")


@router.get("/device", response_model=DeviceState, responses=problems(*AUTH))
def device_state(dev: DeviceDep, hub: HubDep) -> DeviceState:
    """The device's id, its point and the highest sequence number the ledger holds for it."""
    with hub.read() as s:
        return DeviceState(
            device_id=dev.device_id,
            point_code=dev.point_code,
            highest_seq=highest_seq(s, dev.device_id),
        )
