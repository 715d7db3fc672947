"""Administrative operations on the hub database, shared by the HTTP admin API and `xclib-hub`.

Secrets (admin tokens, enrolment codes, device tokens) are stored only as SHA-256 hashes: they
are long random strings, so a plain hash is enough and a stolen database yields no credential.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.times import utcnow
from ..protocol.wire import EnrolCodeOut, EnrolRequest, EnrolResponse, PointIn
from ..standards.policy import load_bundled
from . import staffing
from .errors import HubError
from .models import (
    HubAdmin,
    HubDevice,
    HubEnrolCode,
    HubPoint,
    HubStandards,
)
from .push.feed import Feed, lock_feed, write_feed
from .standards import district_keys


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def seed(s: Session) -> None:
    """On first start: the bundled standards package, so events can be judged from day one."""
    if s.scalar(select(HubStandards.version).limit(1)) is not None:
        return
    lock_feed(s)
    pkg = load_bundled()
    s.add(
        HubStandards(
            version=pkg.version,
            effective_from=pkg.effective_from,
            body=pkg.model_dump_json(),
            signature=None,
        )
    )
    s.flush()
    write_feed(s, Feed(standards={pkg.version}))


def new_admin_token(s: Session) -> str:
    token = "adm_" + secrets.token_urlsafe(32)
    s.add(HubAdmin(token_hash=digest(token), created_at=utcnow()))
    return token


def is_admin(s: Session, token: str) -> bool:
    return s.scalar(select(HubAdmin.id).where(HubAdmin.token_hash == digest(token))) is not None


def add_point(s: Session, p: PointIn) -> HubPoint:
    lock_feed(s)
    code = p.code.upper()
    if s.get(HubPoint, code) is not None:
        raise HubError(409, "point_exists", f"point {code} already exists")
    point = HubPoint(
        code=code, name=p.name, level=p.level, parent_code=p.parent_code, created_at=utcnow()
    )
    # served population and own hours (which must meet the level's minimum)
    point.population, point.hours = p.population, staffing.check_hours(s, p.level, p.hours)
    s.add(point)
    s.flush()
    write_feed(s, Feed(points={code}))
    return point


def new_enrol_code(s: Session, point_code: str, hours: float = 72) -> EnrolCodeOut:
    code = point_code.upper()
    if s.get(HubPoint, code) is None:
        raise HubError(404, "unknown_point", f"no point {code}; add it first")
    secret = secrets.token_hex(5).upper()  # 10 characters: easy to type, one use, expires
    expires_at = utcnow() + timedelta(hours=hours)
    s.add(HubEnrolCode(code_hash=digest(secret), point_code=code, expires_at=expires_at))
    return EnrolCodeOut(code=secret, point_code=code, expires_at=expires_at)


def enrol(s: Session, req: EnrolRequest) -> EnrolResponse:
    row = s.get(HubEnrolCode, digest(req.code.strip().upper()), with_for_update=True)
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at < now:
        raise HubError(403, "bad_enrol_code", "enrolment code unknown, used or expired")
    if row.point_code != req.point_code.upper():
        raise HubError(
            403, "wrong_point", f"this code enrols point {row.point_code}, not {req.point_code}"
        )
    point = s.get_one(HubPoint, row.point_code)
    row.used_at = now
    token = "dev_" + secrets.token_urlsafe(32)
    dev = s.get(HubDevice, req.device_id)
    if dev is not None and dev.point_code != point.code:
        raise HubError(409, "device_bound", f"device is enrolled for point {dev.point_code}")
    if dev is None:
        dev = HubDevice(device_id=req.device_id, point_code=point.code, enrolled_at=now)
        s.add(dev)
    dev.name, dev.token_hash, dev.revoked_at, dev.enrolled_at = (
        req.device_name,
        digest(token),
        None,
        now,
    )
    return EnrolResponse(
        token=token,
        point_code=point.code,
        point_name=point.name,
        level=point.level,
        device_id=req.device_id,
        district_keys=district_keys(s),
    )


def device_for(s: Session, token: str) -> HubDevice | None:
    dev = s.scalars(select(HubDevice).where(HubDevice.token_hash == digest(token))).first()
    if dev is None or dev.revoked_at is not None:
        return None
    return dev


def revoke(s: Session, device_id: str) -> bool:
    dev = s.get(HubDevice, device_id)
    if dev is None:
        return False
    dev.revoked_at = utcnow()
    return True
