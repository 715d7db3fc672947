"""Installing signed standards packages at a point, and the keys it trusts.

A package is refused (and the point keeps its rules) when its signature is bad, its key is not
trusted, its version is not newer than every version the point knows, or its schema cannot be
read. Installing is not activating: the package takes effect at its ``effective_from``, and
then only if no higher version is already in force (``standards.timeline``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.lazy import lazy
from ..errors import DeskError
from ..models import AuditEntry, StandardsVersion, SyncState
from ..protocol.events import StandardsActivated
from ..standards.local import LocalRules, check_not_looser
from ..standards.schema import StandardsPackage, TrustedKey
from ..standards.timeline import superseded
from .context import STANDARDS_CHANGED, Ctx, record, require_role

if TYPE_CHECKING:
    from ..standards import signing
    from ..standards.signing import SignedPackage
else:  # cryptography with it: every Desk opens through local_rules, few runs install a package
    signing = lazy("xclib_desk.standards.signing")

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
    #: never in force: a higher version takes effect at or before it (``standards.timeline``)
    superseded: bool = False


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
        retry_refused(s, ctx)  # a package refused for its unknown key may install now
    return keys


def install(s: Session, ctx: Ctx, signed: SignedPackage, source: str = "hub") -> PackageView:
    package = signing.verify(signed, trusted_keys(s))
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
    s.info[STANDARDS_CHANGED] = True  # Desk reloads its policies after commit
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
    gone = set(superseded((r.effective_from, r.version) for r in rows))
    out = []
    for r in rows:
        title = json.loads(r.body).get("title", "")
        key = r.signature.split(":", 1)[0] if r.signature else None
        out.append(
            PackageView(
                r.version,
                title,
                r.effective_from,
                r.source,
                key,
                r.version == in_force,
                r.version in gone,
            )
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
    s.info[STANDARDS_CHANGED] = True
    return rules


REFUSED = "standards_refused"


def accept_from_hub(
    s: Session, ctx: Ctx, row: dict[str, Any], *, retry: bool = False
) -> DeskError | None:
    """Install a package row of the hub's change feed; on refusal note why and return it.

    Runs inside a pull page's transaction: a refusal must not abort the page, so it is
    returned, recorded in ``sync_state`` (shown on the status page) and audited. The refused
    row is also kept (``standards_pending``) and tried again on every later pull and when a
    district key arrives: the cursor has moved past it, so the feed will not send it again.
    """
    if not retry:
        _keep_pending(s, row)
    try:
        key_id, _, signature = (row.get("signature") or "").partition(":")
        if not signature:
            raise DeskError("standards_unknown_key", key_id="(unsigned)")
        signed = signing.SignedPackage(
            package=json.loads(row["body"]), key_id=key_id, signature=signature
        )
        with s.begin_nested():  # a refusal leaves nothing of the install behind
            install(s, ctx, signed, source="hub")
    except DeskError as e:
        note = json.dumps({"version": row.get("version"), **e.to_dict()}, ensure_ascii=False)
        state = s.get(SyncState, REFUSED)
        if state is None:
            s.add(SyncState(key=REFUSED, value=note))
        else:
            state.value = note
        if not retry:
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
    _drop_pending(s, row.get("version"))
    return None


# --- refused packages are tried again -------------------------------------------------------
PENDING = "standards_pending"


def _pending(s: Session) -> dict[str, dict[str, Any]]:
    state = s.get(SyncState, PENDING)
    rows: dict[str, dict[str, Any]] = json.loads(state.value) if state else {}
    return rows


def _store_pending(s: Session, rows: dict[str, dict[str, Any]]) -> None:
    state = s.get(SyncState, PENDING)
    if not rows:
        if state is not None:
            s.delete(state)
    elif state is None:
        s.add(SyncState(key=PENDING, value=json.dumps(rows, ensure_ascii=False)))
    else:
        state.value = json.dumps(rows, ensure_ascii=False)


def _keep_pending(s: Session, row: dict[str, Any]) -> None:
    rows = _pending(s)
    rows[str(row.get("version"))] = row
    _store_pending(s, rows)


def _drop_pending(s: Session, version: Any) -> None:
    rows = _pending(s)
    if rows.pop(str(version), None) is not None:
        _store_pending(s, rows)


def retry_refused(s: Session, ctx: Ctx) -> list[int]:
    """Try the refused packages again, oldest first (after a desk upgrade that reads a newer
    schema, or once the key that signed them is trusted). A version no newer than what the
    point has can never install and is forgotten. Returns the versions installed."""
    rows = _pending(s)
    if not rows:
        return []
    installed = []
    for key in sorted(rows, key=int):
        current = s.scalar(select(func.max(StandardsVersion.version))) or 0
        if int(key) <= current:
            _drop_pending(s, key)
        elif accept_from_hub(s, ctx, rows[key], retry=True) is None:
            installed.append(int(key))
    if installed and (s.get(SyncState, REFUSED) is not None) and not _pending(s):
        s.delete(s.get_one(SyncState, REFUSED))  # nothing refused any more
    return installed
