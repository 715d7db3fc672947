"""Who may talk to the hub: ``admin-token`` (for the HTTP admin API), ``enrol-code`` (a
one-time code a desk enrols with) and ``revoke`` (a device's token)."""

from __future__ import annotations

import argparse

from .. import admin
from ..errors import HubError
from .common import Verbs, emit, hub


def cmd_admin_token(args: argparse.Namespace) -> int:
    with hub(args).write() as s:
        token = admin.new_admin_token(s)
    return emit(args, {"admin_token": token}, token)


def cmd_enrol_code(args: argparse.Namespace) -> int:
    with hub(args).write() as s:
        out = admin.new_enrol_code(s, args.point, args.hours)
    return emit(args, out, out.code)


def cmd_revoke(args: argparse.Namespace) -> int:
    with hub(args).write() as s:
        found = admin.revoke(s, args.device)
    if not found:
        raise HubError(404, "unknown_device", f"no device {args.device}")
    return emit(args, {"device_id": args.device, "status": "revoked"}, "revoked")


def register(verbs: Verbs) -> None:
    verbs.add("admin-token", cmd_admin_token, "print a new admin token")
    p = verbs.add("enrol-code", cmd_enrol_code, "issue a one-time enrolment code for a point")
    p.add_argument("--point", required=True)
    p.add_argument("--hours", type=float, default=72)
    p = verbs.add("revoke", cmd_revoke, "revoke a device's token")
    p.add_argument("--device", required=True)
