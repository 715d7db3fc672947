"""Staff accounts and sign-in (argon2)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DeskError, Text, one_of
from ..input_checks import clean_text
from ..models import AuditEntry, Staff
from ..protocol.events import StaffAdded
from ..standards.schema import Role
from .context import Actor, Ctx, record, require_role

_hasher = PasswordHasher()
MIN_PASSWORD = 8


@dataclass(frozen=True)
class StaffView:
    code: str
    name: str
    role: str
    active: bool


def add_staff(s: Session, ctx: Ctx, *, code: str, name: str, role: str, password: str) -> StaffView:
    require_role(ctx, "admin", action="add staff")
    clean_code = clean_text(code, field="staff_code", max_len=32)
    clean_name = clean_text(name, field="name", max_len=100)
    assert clean_code and clean_name
    if not clean_code.isalnum():
        raise DeskError(
            "bad_input",
            detail=Text(
                "工号只能包含字母和数字", "the staff code may contain letters and digits only"
            ),
            field="staff_code",
        )
    if role not in {r.value for r in Role}:
        allowed = (r.value for r in Role)
        raise DeskError("bad_input", detail=one_of("role", allowed), field="role")
    if len(password) < MIN_PASSWORD:
        detail = Text(
            f"密码至少 {MIN_PASSWORD} 位", f"the password needs at least {MIN_PASSWORD} characters"
        )
        raise DeskError("bad_input", detail=detail)
    if s.scalar(select(Staff.id).where(Staff.code == clean_code)):
        raise DeskError("duplicate_staff", code=clean_code)
    staff = Staff(
        code=clean_code,
        name=clean_name,
        role=role,
        password_hash=_hasher.hash(password),
        point_id=ctx.point.id,
        active=True,
        created_at=ctx.now(),
    )
    s.add(staff)
    record(
        s,
        ctx,
        "staff.added",
        StaffAdded(code=clean_code, name=clean_name, role=role),
        target=clean_code,
    )
    return StaffView(staff.code, staff.name, staff.role, staff.active)


def authenticate(s: Session, ctx: Ctx, code: str, password: str) -> Actor:
    """Check a password; failures are audited but change nothing else (not a sync event)."""
    staff = s.scalars(select(Staff).where(Staff.code == code.strip())).one_or_none()
    ok = False
    if staff is not None and staff.active:
        try:
            ok = _hasher.verify(staff.password_hash, password)
        except (VerifyMismatchError, InvalidHashError):
            ok = False
    s.add(
        AuditEntry(
            at=ctx.now(),
            staff_code=code.strip()[:32],
            action="staff.signin" if ok else "staff.signin_failed",
            target=code[:64],
        )
    )
    if not ok or staff is None:
        raise DeskError("bad_credentials")
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    return Actor(staff.code, staff.role, staff.name)


def find_actor(s: Session, ctx: Ctx, code: str) -> Actor:
    staff = s.scalars(select(Staff).where(Staff.code == code, Staff.active)).one_or_none()
    if staff is None:
        raise DeskError("unknown_staff", code=code[:32])
    return Actor(staff.code, staff.role, staff.name)


def list_staff(s: Session, ctx: Ctx) -> list[StaffView]:
    rows = s.scalars(select(Staff).order_by(Staff.code)).all()
    return [StaffView(r.code, r.name, r.role, r.active) for r in rows]
