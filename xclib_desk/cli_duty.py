"""CLI verbs of issue 5: duty (sign on/off, who is on duty, hours open per day), the required
services checklist, loan-history retention and gate-counter visit imports.

Registered on ``xclib-desk``'s sub-commands by :func:`register`; handlers follow cli.py's
contract (``fn(args, desk) -> int``, output through ``_emit``, refusals as ``DeskError``).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .common.times import BEIJING
from .desk import Desk
from .errors import DeskError
from .services import checklist, duty, retention, visits


def _cli() -> Any:
    from . import cli  # imported late: cli.py imports this module while building its parser

    return cli


def _day(raw: str | None, default: date) -> date:
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise DeskError("bad_input", detail=f"日期格式 YYYY-MM-DD / date: {raw}") from None


def _hm(t: datetime | None) -> str:
    return t.astimezone(BEIJING).strftime("%m-%d %H:%M") if t else "—"


def cmd_duty_on(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(duty.sign_on, cli._actor(args, desk), args.who)
    return int(cli._emit(args, v, f"{v.staff_name}（{v.staff_code}）{_hm(v.started_at)} 签到上岗"))


def cmd_duty_off(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    at = None
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise DeskError("bad_input", detail=f"时间格式 / time: {args.at}") from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=BEIJING)  # a time typed at the desk is Beijing time
    v = desk.write(duty.sign_off, cli._actor(args, desk), args.who, at)
    return int(cli._emit(args, v, f"{v.staff_name}（{v.staff_code}）{_hm(v.ended_at)} 签退"))


def cmd_duty_status(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    st = desk.read(duty.duty_status, cli._actor(args, desk))
    names = "、".join(f"{x.staff_name}（{x.staff_code}）" for x in st.on_duty) or "无"
    state = "开放时间内" if st.scheduled_open else "非开放时间"
    warn = "；人员不足 / understaffed" if st.understaffed else ""
    text = f"在岗 {st.count}/{st.minimum}（{state}）：{names}{warn}"
    return int(cli._emit(args, st, text))


def cmd_duty_hours(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    today = desk.read(lambda _s, c: c.today())
    start = _day(args.start, today.replace(day=1))
    end = _day(args.end, today)
    days = desk.read(duty.day_hours, cli._actor(args, desk), start, end)
    lines = []
    for d in days:
        lines.append(
            f"{d.day}  计划 {d.scheduled_minutes / 60:.1f} h  开放 {d.open_minutes / 60:.1f} h"
            f"（计划外 {d.open_outside_minutes / 60:.1f} h）  人员不足 {d.understaffed_minutes} 分"
        )
        for p in d.periods:
            lines.append(f"    {_hm(p.start)}–{_hm(p.end)} 在岗 {p.on_duty}/{p.min_staff}")
    return int(cli._emit(args, days, "\n".join(lines) or "（无 / none）"))


def cmd_duty_shifts(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    today = desk.read(lambda _s, c: c.today())
    start, end = _day(args.start, today), _day(args.end, today)
    rows = desk.read(duty.shifts, cli._actor(args, desk), start, end)
    text = "\n".join(
        f"{r.staff_name}（{r.staff_code}） {_hm(r.started_at)} – {_hm(r.ended_at)}"
        f"{'  ' + r.end_reason if r.end_reason else ''}"
        for r in rows
    )
    return int(cli._emit(args, rows, text or "（无 / none）"))


def cmd_services_list(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    c = desk.read(checklist.checklist, cli._actor(args, desk), args.period)
    mark = {True: "已提供", False: "未提供", None: "待确认"}
    lines = [f"{c.period} 必备服务（{c.level}）"]
    lines += [
        f"  {i.name_zh}（{i.service}）：{mark[i.provided]}{'，' + i.note if i.note else ''}"
        for i in c.items
    ]
    lines.append("缺项：" + ("、".join(c.gaps) or "无"))
    return int(cli._emit(args, c, "\n".join(lines)))


def cmd_services_confirm(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(
        checklist.confirm,
        cli._actor(args, desk),
        args.service,
        not args.not_provided,
        args.note,
        args.period,
    )
    return int(cli._emit(args, v, f"{v.name_zh}：{'已提供' if v.provided else '未提供'}"))


def cmd_retention_run(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    r = desk.write(retention.run, cli._actor(args, desk))
    text = (
        f"已匿名化 {r.anonymised} 条借阅记录，抹去 {r.redacted} 条事件中的读者证号"
        f"（{r.cutoff:%Y-%m-%d} 之前归还，保留 {r.days} 天）"
    )
    return int(cli._emit(args, r, text))


def cmd_visits_import(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DeskError("visits_file_unreadable", path=str(path), detail=e.strerror) from None
    r = desk.write(visits.import_counter_csv, cli._actor(args, desk), data)
    lines = [
        f"{r.days} 天（{r.layout}），更新 {r.changed}，未变 {r.unchanged}，共 {r.total_visits} 人次"
    ]
    lines += [f"  第 {b.line} 行：{b.message()}  {b.text}" for b in r.bad]
    return int(cli._emit(args, r, "\n".join(lines)))


def register(sub: Any) -> None:
    """Add the duty, services, retention and visits-import verbs to ``xclib-desk``."""
    common = _cli().common_options()

    def verb(name: str, handler: Any, helptext: str, parent: Any = sub) -> Any:
        sp = parent.add_parser(name, help=helptext, parents=[common])
        sp.set_defaults(handler=handler)
        return sp

    d = sub.add_parser("duty", help="staff duty (在岗)").add_subparsers(dest="sub", required=True)
    sp = verb("on", cmd_duty_on, "sign on duty (--staff signs in as themselves)", d)
    sp.add_argument("--who", help="a colleague's staff code (librarian/admin)")
    sp = verb("off", cmd_duty_off, "sign off duty", d)
    sp.add_argument("--who", help="close a colleague's shift (librarian/admin)")
    sp.add_argument("--at", help="when they actually left, e.g. 2026-11-24T17:40")
    verb("status", cmd_duty_status, "on duty now against the level's minimum", d)
    for name, handler, helptext in (
        ("hours", cmd_duty_hours, "per day: scheduled, open and understaffed time"),
        ("shifts", cmd_duty_shifts, "shifts in a date range"),
    ):
        sp = verb(name, handler, helptext, d)
        sp.add_argument("--from", dest="start", help="first day (default: month start / today)")
        sp.add_argument("--to", dest="end", help="last day (default: today)")

    sv = sub.add_parser("services", help="required services checklist").add_subparsers(
        dest="sub", required=True
    )
    sp = verb("list", cmd_services_list, "this month's checklist and gaps", sv)
    sp.add_argument("--period", help="YYYY-MM (default: this month)")
    sp = verb("confirm", cmd_services_confirm, "confirm a service as provided (or not)", sv)
    sp.add_argument("service")
    sp.add_argument("--not-provided", action="store_true", help="not provided (needs --note)")
    sp.add_argument("--note")
    sp.add_argument("--period", help="YYYY-MM (default: this month)")

    rt = sub.add_parser("retention", help="loan-history retention").add_subparsers(
        dest="sub", required=True
    )
    verb("run", cmd_retention_run, "anonymise returned loans older than the package allows", rt)

    sp = verb("visits-import", cmd_visits_import, "import a gate counter CSV (date,count)")
    sp.add_argument("file")
