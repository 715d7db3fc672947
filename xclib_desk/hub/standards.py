"""Publishing standards packages at the hub: only what a district key signed, only newer.

The hub checks the same signature the desks will check, so a package that would be refused at
every point never enters the change feed. Packages are stored exactly as signed.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DeskError
from ..standards.schema import StandardsPackage, TrustedKey
from ..standards.signing import SignedPackage, verify
from .admin import HubError
from .apply import Feed, lock_feed, utcnow, write_feed
from .models import HubDistrictKey, HubStandards


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


def latest_package(s: Session) -> dict[str, Any] | None:
    row = s.scalars(select(HubStandards).order_by(HubStandards.version.desc()).limit(1)).first()
    return json.loads(row.body) if row else None


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """A readable diff for the admin: one line per changed leaf, by dotted path."""

    def flat(value: Any, prefix: str = "") -> dict[str, Any]:
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for k, v in value.items():
                out.update(flat(v, f"{prefix}.{k}" if prefix else str(k)))
            return out
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out = {}
            for i, v in enumerate(value):
                label = (
                    v.get("code")
                    or "/".join(
                        str(v[k]) for k in ("reader_type", "material_type", "level") if k in v
                    )
                    or str(i)
                )
                out.update(flat(v, f"{prefix}[{label}]"))
            return out
        return {prefix: value}

    before, after = flat(old or {}), flat(new)
    lines = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            lines.append(f"- {key}: {before[key]!r}")
        elif key not in before:
            lines.append(f"+ {key}: {after[key]!r}")
        elif before[key] != after[key]:
            lines.append(f"~ {key}: {before[key]!r} -> {after[key]!r}")
    return lines
