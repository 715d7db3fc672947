"""Who may talk to the hub: ``admin-token`` (for the HTTP admin API), ``enrol-code`` (a
one-time code a desk enrols with), ``revoke`` (a device's token), and a point's devices:
``device list --point P`` (to revoke the right one) and ``device rebind --device D`` (let a
known device enrol again)."""

from __future__ import annotations

import argparse

from ...common.output import json_ready, say
from ...common.times import BEIJING
from ...protocol.wire import DeviceOut
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


def _when(d: DeviceOut, field: str) -> str:
    v = getattr(d, field)
    return v.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if v else "-"


def cmd_device_list(args: argparse.Namespace) -> int:
    with hub(args).read() as s:
        rows = admin.devices(s, args.point)
    lines = [
        say(
            f"{d.device_id}  {d.name or '-'}  登记 {_when(d, 'enrolled_at')}  "
            f"最近同步 {_when(d, 'last_seen_at')}"
            + (f"  已吊销 {_when(d, 'revoked_at')}" if d.revoked_at else "")
            + ("  允许重新登记" if d.rebind_allowed else ""),
            f"{d.device_id}  {d.name or '-'}  enrolled {_when(d, 'enrolled_at')}  "
            f"last seen {_when(d, 'last_seen_at')}"
            + (f"  revoked {_when(d, 'revoked_at')}" if d.revoked_at else "")
            + ("  rebind allowed" if d.rebind_allowed else ""),
        )
        for d in rows
    ]
    data = [json_ready(d.model_dump()) for d in rows]
    return emit(args, data, "\n".join(lines) or say("（无设备）", "(no devices)"))


def cmd_device_rebind(args: argparse.Namespace) -> int:
    with hub(args).write() as s:
        out = admin.device_out(admin.rebind(s, args.device))
    text = say(
        f"设备 {out.device_id} 可用 {out.point_code} 的登记码重新登记一次",
        f"device {out.device_id} may enrol once more with a code of {out.point_code}",
    )
    return emit(args, json_ready(out.model_dump()), text)


def register(verbs: Verbs) -> None:
    verbs.add("admin-token", cmd_admin_token, "print a new admin token")
    p = verbs.add("enrol-code", cmd_enrol_code, "issue a one-time enrolment code for a point")
    p.add_argument("--point", required=True)
    p.add_argument("--hours", type=float, default=72)
    p = verbs.add("revoke", cmd_revoke, "revoke a device's token")
    p.add_argument("--device", required=True)
    device = verbs.group("device", "a point's devices")
    p = device.add("list", cmd_device_list, "a point's devices: enrolled, last seen, revoked")
    p.add_argument("--point", required=True)
    p = device.add(
        "rebind", cmd_device_rebind, "let a known (revoked or lost) device enrol once more"
    )
    p.add_argument("--device", required=True)
