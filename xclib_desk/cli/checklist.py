"""The month's required-services checklist of this point's level: ``services list`` and
``services confirm``."""

from __future__ import annotations

import argparse

from ..common.output import say
from ..desk import Desk
from ..services import checklist
from .common import Verbs, actor, emit


def _provided(value: bool | None) -> str:
    if value is None:
        return say("待确认", "to confirm")
    return say("已提供", "provided") if value else say("未提供", "not provided")


def cmd_services_list(args: argparse.Namespace, desk: Desk) -> int:
    c = desk.read(checklist.checklist, actor(args, desk), args.period)
    lines = [say(f"{c.period} 必备服务（{c.level}）", f"{c.period} required services ({c.level})")]
    lines += [
        f"  {i.name_zh}（{i.service}）：{_provided(i.provided)}{'，' + i.note if i.note else ''}"
        for i in c.items
    ]
    gaps = "、".join(c.gaps)
    lines.append(say(f"缺项：{gaps or '无'}", f"gaps: {', '.join(c.gaps) or 'none'}"))
    return emit(args, c, "\n".join(lines))


def cmd_services_confirm(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        checklist.confirm,
        actor(args, desk),
        args.service,
        not args.not_provided,
        args.note,
        args.period,
    )
    return emit(args, v, f"{v.name_zh}：{_provided(v.provided)}")


def register(verbs: Verbs) -> None:
    sv = verbs.group("services", "required services checklist")
    sp = sv.add("list", cmd_services_list, "this month's checklist and gaps")
    sp.add_argument("--period", help="YYYY-MM (default: this month)")
    sp = sv.add("confirm", cmd_services_confirm, "confirm a service as provided (or not)")
    sp.add_argument("service")
    sp.add_argument("--not-provided", action="store_true", help="not provided (needs --note)")
    sp.add_argument("--note")
    sp.add_argument("--period", help="YYYY-MM (default: this month)")
