"""Installing signed standards packages at a point, and the keys it trusts.

A package is refused (and the point keeps its rules) when its signature is bad, its key is not
trusted, its version is not newer than every version the point knows, or its schema cannot be
read. Installing is not activating: the package takes effect at its ``effective_from``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import DeskError
from ..events import StandardsActivated
from ..models import AuditEntry, StandardsVersion, SyncState
from ..standards.local import LocalRules, check_not_looser
from ..standards.schema import StandardsPackage, TrustedKey
from ..standards.signing import SignedPackage, verify
from .context import Ctx, record, require_role

KEYS = "district_keys"
LOCAL = "local_rules"


@dataclass(frozen=True)
class PackageView:
    version: int
    title: str
    effective_from: datetime
    source: str
    signed_by: str | None
    in_force: bool


def trusted_keys(s: Session) -> list[TrustedKey]:
    row = s.get(SyncState, KEYS)
    return [TrustedKey.model_validate(k) for k in json.loads(row.value)] if row else []


def _store_keys(s: Session, keys: list[TrustedKey]) -> None:
    value = json.dumps([k.model_dump() for k in keys])
    row = s.get(SyncState, KEYS)
    if row is None:
        s.add(SyncState(key=KEYS, value=value))
    else:
        row.value = value


def trusted_keys_view(s: Session, ctx: Ctx) -> list[TrustedKey]:
    return trusted_keys(s)


def trust_key(s: Session, ctx: Ctx, key: TrustedKey) -> list[TrustedKey]:
    """Add the district key given at enrolment (or by an admin, offline)."""
    require_role(ctx, "admin", action="trust district key")
    keys = trusted_keys(s)
    if all(k.key_id != key.key_id for k in keys):
        keys.append(key)
        _store_keys(s, keys)
    return keys


def install(s: Session, ctx: Ctx, signed: SignedPackage, source: str = "hub") -> PackageView:
    package = verify(signed, trusted_keys(s))
    current = s.scalar(select(func.max(StandardsVersion.version))) or 0
    if package.version <= current:
        raise DeskError("standards_older", version=package.version, current=current)
    s.add(
        StandardsVersion(
            version=package.version,
            effective_from=package.effective_from,
            body=package.model_dump_json(),
            signature=f"{signed.key_id}:{signed.signature}",
            source=source,
            installed_at=ctx.now(),
        )
    )
    s.info["standards_changed"] = True  # Desk reloads its policies after commit
    if package.trusted_keys:
        _store_keys(s, list(package.trusted_keys))
    record(
        s,
        ctx,
        "standards.activated",
        StandardsActivated(version=package.version, source=source),
        target=str(package.version),
        detail=package.title,
    )
    return PackageView(
        package.version,
        package.title,
        package.effective_from,
        source,
        signed.key_id,
        package.effective_from <= ctx.now(),
    )


def versions(s: Session, ctx: Ctx) -> list[PackageView]:
    rows = s.scalars(select(StandardsVersion).order_by(StandardsVersion.version)).all()
    in_force = ctx.policy.version
    out = []
    for r in rows:
        title = json.loads(r.body).get("title", "")
        key = r.signature.split(":", 1)[0] if r.signature else None
        out.append(
            PackageView(r.version, title, r.effective_from, r.source, key, r.version == in_force)
        )
    return out


def local_rules(s: Session) -> LocalRules:
    row = s.get(SyncState, LOCAL)
    return LocalRules.model_validate_json(row.value) if row else LocalRules()


def set_local_rules(s: Session, ctx: Ctx, rules: LocalRules) -> LocalRules:
    """Adopt this point's stricter rules; refused if looser than the package in force."""
    require_role(ctx, "admin", action="set local rules")
    body = s.scalars(
        select(StandardsVersion.body).where(StandardsVersion.version == ctx.policy.version)
    ).one()
    check_not_looser(rules, StandardsPackage.model_validate_json(body))
    row = s.get(SyncState, LOCAL)
    if row is None:
        s.add(SyncState(key=LOCAL, value=rules.model_dump_json()))
    else:
        row.value = rules.model_dump_json()
    s.add(
        AuditEntry(
            at=ctx.now(),
            staff_code=ctx.actor.staff_code,
            action="standards.local",
            target=ctx.point.code,
            detail=rules.model_dump_json()[:2000],
        )
    )
    s.info["standards_changed"] = True
    return rules


REFUSED = "standards_refused"


def accept_from_hub(s: Session, ctx: Ctx, row: dict[str, Any]) -> DeskError | None:
    """Install a package row of the hub's change feed; on refusal note why and return it.

    Runs inside a pull page's transaction: a refusal must not abort the page, so it is
    returned, recorded in ``sync_state`` (shown on the status page) and audited.
    """
    try:
        key_id, _, signature = (row.get("signature") or "").partition(":")
        if not signature:
            raise DeskError("standards_unknown_key", key_id="(unsigned)")
        signed = SignedPackage(package=json.loads(row["body"]), key_id=key_id, signature=signature)
        with s.begin_nested():  # a refusal leaves nothing of the install behind
            install(s, ctx, signed, source="hub")
    except DeskError as e:
        note = json.dumps({"version": row.get("version"), **e.to_dict()}, ensure_ascii=False)
        state = s.get(SyncState, REFUSED)
        if state is None:
            s.add(SyncState(key=REFUSED, value=note))
        else:
            state.value = note
        s.add(
            AuditEntry(
                at=ctx.now(),
                staff_code=ctx.actor.staff_code,
                action="standards.refused",
                target=str(row.get("version")),
                detail=note[:2000],
            )
        )
        return e
    return None
