"""Staff accounts: ``staff add`` (argon2 hash; the first account needs no admin) and
``staff list``."""

from __future__ import annotations

import argparse
import sys

from ..desk import Desk
from ..errors import DeskError, Text
from ..services import staff
from ..services.context import SYSTEM
from .common import Verbs, actor, emit


def cmd_staff_add(args: argparse.Namespace, desk: Desk) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else args.password
    if not password:
        detail = Text("需要 --password 或 --password-stdin", "give --password or --password-stdin")
        raise DeskError("bad_input", detail=detail)
    bootstrap = not desk.read(staff.list_staff)
    who = SYSTEM if bootstrap and not args.staff else actor(args, desk)
    v = desk.write(
        staff.add_staff, who, code=args.code, name=args.name, role=args.role, password=password
    )
    return emit(args, v)


def cmd_staff_list(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(staff.list_staff))


def register(verbs: Verbs) -> None:
    st = verbs.group("staff", "staff accounts")
    sp = st.add("add", cmd_staff_add, "add a staff member")
    sp.add_argument("--code", required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--role", required=True, choices=["desk", "librarian", "admin"])
    sp.add_argument("--password")
    sp.add_argument("--password-stdin", action="store_true")
    st.add("list", cmd_staff_list, "list staff")
