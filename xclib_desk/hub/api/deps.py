"""What every route depends on: the hub's database, and the token checks (a device token bound
to one point, speaking a protocol this hub accepts; or an admin token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ...common.times import as_utc, utcnow
from ...protocol.wire import PROTOCOL_HEADER, PROTOCOL_VERSION
from .. import admin
from ..db import Hub
from ..push.context import DeviceRef
from .limits import TOKEN_HOLDER
from .problems import problem

#: 1: events without ``marks``; 2: reader index rows without ``holds_ready`` (desks not yet
#: upgraded keep syncing; the pull leaves out what they cannot read)
ACCEPTED_PROTOCOLS = [1, 2, PROTOCOL_VERSION]
bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


def device(
    hub: HubDep,
    request: Request,
    cred: Credentials,
    protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> DeviceRef:
    if protocol is None or not protocol.isdigit() or int(protocol) not in ACCEPTED_PROTOCOLS:
        raise problem(
            426,
            "protocol_unsupported",
            f"this hub accepts protocol {ACCEPTED_PROTOCOLS}, desk speaks {protocol}; "
            "upgrade the desk (its events stay queued)",
        )
    if cred is None:
        raise problem(401, "no_token", "device token required")
    checked = getattr(request.state, TOKEN_HOLDER, None)  # by Limits, for a body's route
    if checked is not None and checked[0] == cred.credentials:
        dev: admin.TokenHolder | None = checked[1]
    else:
        with hub.read() as s:
            dev = admin.device_for(s, cred.credentials)
    if dev is None:
        raise problem(401, "bad_token", "device token unknown or revoked")
    ref, last = DeviceRef(dev.device_id, dev.point_code), dev.last_seen_at
    now = utcnow()
    if last is None or as_utc(last) < now - admin.SEEN_EVERY:  # a write at most once a minute
        with hub.write() as s:
            admin.seen(s, ref.device_id, now)
    return ref


DeviceDep = Annotated[DeviceRef, Depends(device)]


def require_admin(hub: HubDep, cred: Credentials) -> None:
    if cred is None:
        raise problem(401, "no_token", "admin token required")
    with hub.read() as s:
        if not admin.is_admin(s, cred.credentials):
            raise problem(403, "not_admin", "admin token required")


#: the dependencies of every admin route
ADMIN = [Depends(require_admin)]
