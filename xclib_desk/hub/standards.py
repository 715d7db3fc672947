"""Publishing standards packages at the hub: only what a district key signed, only newer.

The hub checks the same signature the desks will check, so a package that would be refused at
every point never enters the change feed. Packages are stored exactly as signed.

A newer version may take effect before an older one that is still pending (an urgent correction
published after an announced change): it is accepted, and the older one is then *superseded*:
it never comes into force anywhere, because the package in force is always the highest version
whose time has come (``standards.timeline``). :func:`superseded` names such versions, so the
publisher can be told to publish the older one's changes again as a newer version.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.times import utcnow
from ..errors import DeskError
from ..protocol.wire import PointStandardsOut, StandardsOverview, StandardsVersionOut
from ..standards.schema import StandardsPackage, TrustedKey
from ..standards.signing import SignedPackage, verify
from ..standards.timeline import in_force, takeovers
from ..standards.timeline import superseded as timeline_superseded
from .errors import HubError
from .models import HubDistrictKey, HubEvent, HubPoint, HubStandards
from .push.feed import Feed, lock_feed, write_feed


def district_keys(s: Session) -> list[TrustedKey]:
    rows = s.scalars(select(HubDistrictKey).order_by(HubDistrictKey.added_at)).all()
    return [TrustedKey(key_id=r.key_id, public_key=r.public_key) for r in rows]


def add_district_key(s: Session, key: TrustedKey) -> None:
    if s.get(HubDistrictKey, key.key_id) is None:
        s.add(HubDistrictKey(key_id=key.key_id, public_key=key.public_key, added_at=utcnow()))


def publish(s: Session, signed: SignedPackage) -> StandardsPackage:
    try:
        package = verify(signed, district_keys(s))
    except DeskError as e:
        raise HubError(422, e.code, e.message("en")) from None
    lock_feed(s)  # one publisher at a time; versions stay strictly increasing
    latest = s.scalar(select(func.max(HubStandards.version))) or 0
    if package.version <= latest:
        raise HubError(
            409, "standards_older", f"version {package.version} is not newer than {latest}"
        )
    s.add(
        HubStandards(
            version=package.version,
            effective_from=package.effective_from,
            body=json.dumps(signed.package, ensure_ascii=False),
            signature=f"{signed.key_id}:{signed.signature}",
        )
    )
    if package.trusted_keys:  # key rotation: the hub follows the package, as the desks will
        for row in s.scalars(select(HubDistrictKey)).all():
            s.delete(row)
        s.flush()
        for key in package.trusted_keys:
            add_district_key(s, key)
    s.flush()
    write_feed(s, Feed(standards={package.version}))
    return package


def superseded(s: Session) -> list[int]:
    """Published versions that will never be in force: a higher version takes effect at or
    before them (publishing v3 effective now after v2 effective later leaves v2 unused)."""
    rows = s.execute(select(HubStandards.effective_from, HubStandards.version)).all()
    return timeline_superseded((t, v) for t, v in rows)


def latest_package(s: Session) -> dict[str, Any] | None:
    row = s.scalars(select(HubStandards).order_by(HubStandards.version.desc()).limit(1)).first()
    return json.loads(row.body) if row else None


def overview(s: Session) -> StandardsOverview:
    """What the Standards page needs: the newest package, every version, each point's version.

    A point's version is the newest ``standards_version`` on the events it sent (a desk stamps
    every event with the package in force), so it shows what the point actually runs.
    """
    rows = s.scalars(select(HubStandards).order_by(HubStandards.version)).all()
    line = takeovers((r.effective_from, r.version, r.version) for r in rows)
    active = in_force(line, utcnow()) if line else 0
    versions = []
    for r in rows:
        body = json.loads(r.body)
        versions.append(
            StandardsVersionOut(
                version=r.version,
                title=str(body.get("title", "")),
                effective_from=r.effective_from,
                signed_by=r.signature.split(":", 1)[0] if r.signature else None,
            )
        )
    seen = {
        code: (version, last)
        for code, version, last in s.execute(
            select(
                HubEvent.point_code,
                func.max(HubEvent.standards_version),
                func.max(HubEvent.wall_time),
            ).group_by(HubEvent.point_code)
        )
    }
    points = [
        PointStandardsOut(
            code=p.code,
            name=p.name,
            level=p.level,
            standards_version=seen.get(p.code, (None, None))[0],
            last_event_at=seen.get(p.code, (None, None))[1],
        )
        for p in s.scalars(select(HubPoint).order_by(HubPoint.code))
    ]
    return StandardsOverview(
        latest=json.loads(rows[-1].body) if rows else {},
        active_version=active,
        versions=versions,
        points=points,
    )
