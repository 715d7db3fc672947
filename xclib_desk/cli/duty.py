"""Staff on duty (在岗): sign on and off, who is on duty now against the level's minimum, and
per day the hours open, scheduled and understaffed."""

from __future__ import annotations

import argparse
from datetime import datetime

from ..common.output import say
from ..common.times import BEIJING
from ..desk import Desk
from ..errors import DeskError, Text
from ..services import duty
from .common import Verbs, actor, emit, none_text, parse_day


def hm(t: datetime | None) -> str:
    """A time of day as the desk shows it: Beijing ``MM-DD HH:MM``."""
    return t.astimezone(BEIJING).strftime("%m-%d %H:%M") if t else "—"


def cmd_duty_on(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(duty.sign_on, actor(args, desk), args.who)
    who = f"{v.staff_name}（{v.staff_code}）"
    return emit(
        args, v, say(f"{who}{hm(v.started_at)} 签到上岗", f"{who} on duty from {hm(v.started_at)}")
    )


def cmd_duty_off(args: argparse.Namespace, desk: Desk) -> int:
    at = None
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            detail = Text(f"时间格式：{args.at}", f"not a time: {args.at}")
            raise DeskError("bad_input", detail=detail) from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=BEIJING)  # a time typed at the desk is Beijing time
    v = desk.write(duty.sign_off, actor(args, desk), args.who, at)
    who = f"{v.staff_name}（{v.staff_code}）"
    return emit(args, v, say(f"{who}{hm(v.ended_at)} 签退", f"{who} off duty at {hm(v.ended_at)}"))


def cmd_duty_status(args: argparse.Namespace, desk: Desk) -> int:
    st = desk.read(duty.duty_status, actor(args, desk))
    names = "、".join(f"{x.staff_name}（{x.staff_code}）" for x in st.on_duty)
    text = say(
        f"在岗 {st.count}/{st.minimum}（{'开放时间内' if st.scheduled_open else '非开放时间'}）："
        f"{names or '无'}{'；人员不足' if st.understaffed else ''}",
        f"on duty {st.count}/{st.minimum} "
        f"({'opening hours' if st.scheduled_open else 'outside opening hours'}): "
        f"{names or 'nobody'}{'; understaffed' if st.understaffed else ''}",
    )
    return emit(args, st, text)


def cmd_duty_hours(args: argparse.Namespace, desk: Desk) -> int:
    today = desk.read(lambda _s, c: c.today())
    start = parse_day(args.start, today.replace(day=1))
    end = parse_day(args.end, today)
    days = desk.read(duty.day_hours, actor(args, desk), start, end)
    lines = []
    for d in days:
        sched, opened = d.scheduled_minutes / 60, d.open_minutes / 60
        outside = d.open_outside_minutes / 60
        lines.append(
            say(
                f"{d.day}  计划 {sched:.1f} h  开放 {opened:.1f} h（计划外 {outside:.1f} h）"
                f"  人员不足 {d.understaffed_minutes} 分",
                f"{d.day}  scheduled {sched:.1f} h  open {opened:.1f} h ({outside:.1f} h "
                f"unscheduled)  understaffed {d.understaffed_minutes} min",
            )
        )
        on_duty = say("在岗", "on duty")
        for p in d.periods:
            lines.append(f"    {hm(p.start)}–{hm(p.end)} {on_duty} {p.on_duty}/{p.min_staff}")
    return emit(args, days, "\n".join(lines) or none_text())


def cmd_duty_shifts(args: argparse.Namespace, desk: Desk) -> int:
    today = desk.read(lambda _s, c: c.today())
    start, end = parse_day(args.start, today), parse_day(args.end, today)
    rows = desk.read(duty.shifts, actor(args, desk), start, end)
    text = "\n".join(
        f"{r.staff_name}（{r.staff_code}） {hm(r.started_at)} – {hm(r.ended_at)}"
        f"{'  ' + r.end_reason if r.end_reason else ''}"
        for r in rows
    )
    return emit(args, rows, text or none_text())


def register(verbs: Verbs) -> None:
    d = verbs.group("duty", "staff duty (在岗)")
    sp = d.add("on", cmd_duty_on, "sign on duty (--staff signs in as themselves)")
    sp.add_argument("--who", help="a colleague's staff code (librarian/admin)")
    sp = d.add("off", cmd_duty_off, "sign off duty")
    sp.add_argument("--who", help="close a colleague's shift (librarian/admin)")
    sp.add_argument("--at", help="when they actually left, e.g. 2026-11-24T17:40")
    d.add("status", cmd_duty_status, "on duty now against the level's minimum")
    for name, handler, helptext in (
        ("hours", cmd_duty_hours, "per day: scheduled, open and understaffed time"),
        ("shifts", cmd_duty_shifts, "shifts in a date range"),
    ):
        sp = d.add(name, handler, helptext)
        sp.add_argument("--from", dest="start", help="first day (default: month start / today)")
        sp.add_argument("--to", dest="end", help="last day (default: today)")
