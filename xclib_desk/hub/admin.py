"""Administrative operations on the hub database, shared by the HTTP admin API and `xclib-hub`.

Secrets (admin tokens, enrolment codes, device tokens) are stored only as SHA-256 hashes: they
are long random strings, so a plain hash is enough and a stolen database yields no credential.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from ..common.times import as_utc, utcnow
from ..protocol.wire import DeviceOut, EnrolCodeOut, EnrolRequest, EnrolResponse, PointIn
from ..standards.policy import load_bundled
from . import staffing
from .errors import HubError
from .models import (
    HubAdmin,
    HubDevice,
    HubEnrolCode,
    HubEnrolFailure,
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


#: Crockford base32: no I, L, O, U, so what is read aloud or typed is what was meant
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 20 characters of 5 bits: 100 bits, typed as four groups of five (``7K3QD-...``)
CODE_CHARS = 20
CODE_GROUP = 5
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def normal_code(typed: str) -> str:
    """An enrolment code as stored (hashed): upper case, no separators, and the letters
    people confuse with digits read as those digits (Crockford)."""
    return typed.strip().upper().translate(_TYPO)


def new_enrol_code(s: Session, point_code: str, hours: float = 72) -> EnrolCodeOut:
    code = point_code.upper()
    if s.get(HubPoint, code) is None:
        raise HubError(404, "unknown_point", f"no point {code}; add it first")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_CHARS))
    shown = "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_CHARS, CODE_GROUP))
    expires_at = utcnow() + timedelta(hours=hours)
    s.add(HubEnrolCode(code_hash=digest(raw), point_code=code, expires_at=expires_at))
    return EnrolCodeOut(code=shown, point_code=code, expires_at=expires_at)


@dataclass(frozen=True)
class EnrolLimit:
    """At most ``failures`` refused attempts within ``window``, counted by ``per``; past it
    every attempt so counted is refused (429), a right code too, until the oldest failure
    leaves the window."""

    per: str  # "client" (address) | "point" (the point the attempt named) | "district"
    failures: int
    window: timedelta


ENROL_LIMITS = (
    EnrolLimit("client", 5, timedelta(minutes=15)),
    EnrolLimit("point", 10, timedelta(hours=1)),
    EnrolLimit("district", 100, timedelta(hours=1)),
)
_KEPT = max(limit.window for limit in ENROL_LIMITS)


_WHOM = {"client": " from this address", "point": " for this point", "district": ""}


class EnrolLocked(HubError):
    """Too many refused enrolments: wait ``retry_after`` seconds."""

    def __init__(self, per: str, retry_after: int) -> None:
        super().__init__(
            429,
            "enrol_locked",
            f"too many failed enrolment attempts{_WHOM[per]}; try again in {retry_after} s",
        )
        self.retry_after = retry_after


def _check_enrol_limits(s: Session, client: str, point: str, now: datetime) -> None:
    for limit in ENROL_LIMITS:
        since = now - limit.window
        q = select(HubEnrolFailure.at).where(HubEnrolFailure.at > since)
        if limit.per == "client":
            q = q.where(HubEnrolFailure.client == client)
        elif limit.per == "point":
            q = q.where(HubEnrolFailure.point_code == point)
        recent = list(s.scalars(q.order_by(HubEnrolFailure.at.desc()).limit(limit.failures)))
        if len(recent) >= limit.failures:
            wait = max(1, math.ceil((as_utc(recent[-1]) + limit.window - now).total_seconds()))
            raise EnrolLocked(limit.per, wait)


def record_enrol_failure(s: Session, client: str, point: str, now: datetime | None = None) -> None:
    """Count a refused attempt (its own transaction: the refusal rolls back the attempt's);
    failures older than every window are pruned on the way."""
    now = now or utcnow()
    s.execute(delete(HubEnrolFailure).where(HubEnrolFailure.at < now - _KEPT))
    s.add(HubEnrolFailure(client=client[:64], point_code=point.upper()[:32], at=now))


def enrol(s: Session, req: EnrolRequest, client: str = "local") -> EnrolResponse:
    """A one-time code of the point the desk names -> a device token bound to that point.

    An unknown, used or expired code and another point's code get the same refusal
    (``bad_enrol_code``, 403): nothing says which point a code belongs to, and the code stays
    usable for its own point. The caller records each such refusal
    (:func:`record_enrol_failure`) for :data:`ENROL_LIMITS`. A device id the hub already
    knows, revoked or not, enrols again only after an admin's ``device rebind``."""
    now = utcnow()
    point_code = req.point_code.upper()
    _check_enrol_limits(s, client, point_code, now)
    row = s.get(HubEnrolCode, digest(normal_code(req.code)), with_for_update=True)
    if (
        row is None
        or row.used_at is not None
        or as_utc(row.expires_at) < now
        or row.point_code != point_code
    ):
        raise HubError(403, "bad_enrol_code", "enrolment code unknown, used or expired")
    point = s.get_one(HubPoint, row.point_code)
    dev = s.get(HubDevice, req.device_id)
    if dev is not None and dev.rebind_allowed_at is None:
        raise HubError(
            409,
            "device_exists",
            f"device {req.device_id} is already known to the hub (enrolled or revoked); "
            "an admin must allow it to enrol again (xclib-hub device rebind)",
        )
    if dev is not None and dev.point_code != point.code:
        raise HubError(409, "device_bound", f"device {req.device_id} belongs to another point")
    row.used_at = now
    token = "dev_" + secrets.token_urlsafe(32)
    if dev is None:
        dev = HubDevice(device_id=req.device_id, point_code=point.code, enrolled_at=now)
        s.add(dev)
    dev.name, dev.token_hash, dev.revoked_at, dev.enrolled_at = (
        req.device_name,
        digest(token),
        None,
        now,
    )
    dev.rebind_allowed_at = None
    return EnrolResponse(
        token=token,
        point_code=point.code,
        point_name=point.name,
        level=point.level,
        device_id=req.device_id,
        district_keys=district_keys(s),
    )


@dataclass(frozen=True)
class TokenHolder:
    """The enrolled, unrevoked device a token belongs to, as a request needs it."""

    device_id: str
    point_code: str
    last_seen_at: datetime | None


def device_for(s: Session, token: str) -> TokenHolder | None:
    """Who holds ``token``, if anyone may use it (columns only: every push and pull asks)."""
    row = s.execute(
        select(HubDevice.device_id, HubDevice.point_code, HubDevice.last_seen_at).where(
            HubDevice.token_hash == digest(token), HubDevice.revoked_at.is_(None)
        )
    ).first()
    return None if row is None else TokenHolder(*row)


def revoke(s: Session, device_id: str) -> bool:
    """The device's token stops working; a pending re-bind is withdrawn with it."""
    dev = s.get(HubDevice, device_id)
    if dev is None:
        return False
    dev.revoked_at, dev.rebind_allowed_at = utcnow(), None
    return True


def rebind(s: Session, device_id: str) -> HubDevice:
    """Allow a known device id (revoked, or with a lost token) to enrol once more with a code
    of its own point: the enrolment replaces its token and clears its revocation."""
    dev = s.get(HubDevice, device_id)
    if dev is None:
        raise HubError(404, "unknown_device", f"no device {device_id}")
    dev.rebind_allowed_at = utcnow()
    return dev


#: ``last_seen_at`` is written at most this often per device
SEEN_EVERY = timedelta(minutes=1)


def seen(s: Session, device_id: str, now: datetime) -> None:
    """Stamp the device's last push or pull (a no-op within :data:`SEEN_EVERY` of the last)."""
    s.execute(
        update(HubDevice)
        .where(
            HubDevice.device_id == device_id,
            or_(HubDevice.last_seen_at.is_(None), HubDevice.last_seen_at < now - SEEN_EVERY),
        )
        .values(last_seen_at=now)
    )


def device_out(d: HubDevice) -> DeviceOut:
    return DeviceOut(
        device_id=d.device_id,
        name=d.name,
        point_code=d.point_code,
        enrolled_at=d.enrolled_at,
        last_seen_at=d.last_seen_at,
        revoked_at=d.revoked_at,
        rebind_allowed=d.rebind_allowed_at is not None,
    )


def devices(s: Session, point_code: str) -> list[DeviceOut]:
    """A point's devices, newest enrolment first, revoked ones included."""
    code = point_code.upper()
    if s.get(HubPoint, code) is None:
        raise HubError(404, "unknown_point", f"no point {code}")
    q = select(HubDevice).where(HubDevice.point_code == code)
    return [device_out(d) for d in s.scalars(q.order_by(HubDevice.enrolled_at.desc()))]
