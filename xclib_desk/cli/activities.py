"""Reading promotion (阅读推广): ``activity plan|list|show|reschedule|cancel|register|admit|
walk-in|close|sheet|figures`` and ``volunteer add|list|sign-in|sign-out|hours|statement``.

Door scans (``activity admit``, cards as arguments or one per line on stdin) are one transaction
each: a refused card (unknown, scanned twice, the activity full) is reported and the rest go on.
Times are Beijing time, ``YYYY-MM-DD HH:MM``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import Any

from ..common.output import Exit, say
from ..common.times import BEIJING
from ..desk import Desk
from ..errors import ACTIVITY_STATUS, DeskError, Text
from ..services import activities, volunteers
from .common import Verbs, actor, emit, none_text, parse_day


def _when(raw: str) -> datetime:
    try:
        at = datetime.fromisoformat(raw.strip().replace("T", " "))
    except ValueError:
        detail = Text(f"时间格式 YYYY-MM-DD HH:MM：{raw}", f"the time as YYYY-MM-DD HH:MM: {raw}")
        raise DeskError("bad_input", detail=detail) from None
    return at if at.tzinfo else at.replace(tzinfo=BEIJING)


def _local(at: datetime) -> str:
    return f"{at.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def _text(v: activities.ActivityView) -> str:
    status = say(*ACTIVITY_STATUS.get(v.status, (v.status, v.status)))
    cap = f"/{v.capacity}" if v.capacity else ""
    return say(
        f"{v.uid[:8]} {_local(v.starts_at)} {v.point}《{v.title}》{v.series} {v.target_group} "
        f"{v.room} {status} 报名 {v.registered} 到场 {v.participants}{cap}",
        f"{v.uid[:8]} {_local(v.starts_at)} {v.point} '{v.title}' {v.series} {v.target_group} "
        f"{v.room} {status} registered {v.registered} came {v.participants}{cap}",
    )


def cmd_plan(args: argparse.Namespace, desk: Desk) -> int:
    start = _when(args.start)
    end = _when(args.end) if args.end else start + timedelta(minutes=args.minutes)
    v = desk.write(
        activities.plan, actor(args, desk), series=args.series, title=args.title,
        starts_at=start, ends_at=end, target_group=args.group, room=args.room,
        capacity=args.capacity, partner=args.partner,
    )  # fmt: skip
    return emit(args, v, say("已计划：", "planned: ") + _text(v))


def cmd_list(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    today = desk.ctx(who).today()
    start = parse_day(args.since, today)
    end = parse_day(args.until, start) if args.until else None
    rows = desk.read(activities.list_activities, who, start, end, mine=args.mine)
    return emit(args, rows, "\n".join(_text(v) for v in rows) or none_text())


def cmd_show(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.read(activities.get_activity, actor(args, desk), args.uid)
    return emit(args, v, _text(v))


def cmd_reschedule(args: argparse.Namespace, desk: Desk) -> int:
    start = _when(args.start)
    end = _when(args.end) if args.end else start + timedelta(minutes=args.minutes)
    v = desk.write(activities.reschedule, actor(args, desk), args.uid, start, end, args.room)
    return emit(args, v, say("已改期：", "rescheduled: ") + _text(v))


def cmd_cancel(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(activities.cancel, actor(args, desk), args.uid, args.reason)
    return emit(args, v, say("已取消：", "cancelled: ") + _text(v))


def cmd_register(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    if args.card:
        v = desk.write(activities.register_card, who, args.uid, args.card)
    elif args.name:
        v = desk.write(activities.register_person, who, args.uid, args.name, args.phone)
    else:
        v = desk.write(activities.register_count, who, args.uid, args.count or 1)
    return emit(args, v, say("已报名：", "registered: ") + _text(v))


def cmd_admit(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    cards = list(args.cards) or [line.strip() for line in sys.stdin if line.strip()]
    out: list[dict[str, Any]] = []
    lines = []
    for card in cards:  # one transaction per scan; a refusal stops nothing
        try:
            r = desk.write(activities.admit, who, args.uid, card)
        except DeskError as e:
            out.append({"card": card, "error": e.to_dict()})
            lines.append(f"✗ {card} {e.message()}")
            continue
        out.append({"card": r.card_no, "name": r.name, "participants": r.participants})
        lines.append(say(f"✓ {r.card_no} {r.name} 到场 {r.participants}", f"✓ {r.card_no} "
                         f"{r.name} present {r.participants}"))  # fmt: skip
    emit(args, out, "\n".join(lines) or none_text())
    return Exit.REFUSED if any("error" in x for x in out) and args.strict else Exit.OK


def cmd_walk_in(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(activities.walk_in, actor(args, desk), args.uid, args.band, args.count)
    return emit(args, v, _text(v))


def cmd_close(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(activities.close, actor(args, desk), args.uid, args.report)
    return emit(args, v, say("已结束：", "closed: ") + _text(v))


def cmd_sheet(args: argparse.Namespace, desk: Desk) -> int:
    v, lines = desk.read(activities.sign_in_sheet, actor(args, desk), args.uid)
    head = say("签到表 ", "sign-in sheet ") + _text(v)
    body = [
        f"{n:>3}. {x.card_no or '—'} {x.name or '—'} {x.phone or ''} ×{x.people} "
        + (_local(x.admitted_at) if x.admitted_at else "________")
        for n, x in enumerate(lines, 1)
    ]
    return emit(args, {"activity": v, "lines": lines}, "\n".join([head, *body]))


def cmd_figures(args: argparse.Namespace, desk: Desk) -> int:
    figs = desk.read(activities.figures, actor(args, desk), args.year)
    text = "\n".join(
        f"{say(f.name_zh, f.name_en)}: {f.value if f.value is not None else '—'} {f.unit}"
        + (f" / {f.target}" if f.target is not None else "")
        + f" [{f.rating}]"
        for f in figs
    )
    return emit(args, figs, text)


# --- volunteers ----------------------------------------------------------------------------------
def _vol(v: volunteers.VolunteerView) -> str:
    text = f"{v.ref} {v.name} {v.team} {v.card_no or ''} {v.phone or ''}"
    if v.signed_in_at is not None:
        at = _local(v.signed_in_at)
        text += say(f" 已签到 {at}", f" signed in {at}")
    return text


def cmd_vol_add(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        volunteers.enrol, actor(args, desk), name=args.name, phone=args.phone, team=args.team,
        card=args.card,
    )  # fmt: skip
    return emit(args, v, say("已登记志愿者：", "volunteer added: ") + _vol(v))


def cmd_vol_list(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(volunteers.roster, actor(args, desk), all_=args.all)
    return emit(args, rows, "\n".join(_vol(v) for v in rows) or none_text())


def cmd_sign_in(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(volunteers.sign_in, actor(args, desk), args.scan)
    return emit(args, v, say("签到：", "signed in: ") + _vol(v))


def cmd_sign_out(args: argparse.Namespace, desk: Desk) -> int:
    x = desk.write(volunteers.sign_out, actor(args, desk), args.scan)
    return emit(args, x, say(f"签退：{x.name} {x.minutes} 分钟", f"signed out: {x.name} "
                             f"{x.minutes} min"))  # fmt: skip


def cmd_hours(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    today = desk.ctx(who).today()
    start = parse_day(args.since, today.replace(month=1, day=1))
    h = desk.read(volunteers.hours, who, start, parse_day(args.until, today))
    lines = [f"{name} {team} {m / 60:.1f} h" for _, name, team, m in h.volunteers]
    lines += [
        say(f"【{t or '未分队'}】", f"[{t or 'no team'}]") + f" {m / 60:.1f} h" for t, m in h.teams
    ]
    lines.append(say("合计", "total") + f" {h.total_minutes / 60:.1f} h")
    return emit(args, h, "\n".join(lines))


def cmd_statement(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    today = desk.ctx(who).today()
    start = parse_day(args.since, today.replace(month=1, day=1))
    st = desk.read(volunteers.statement, who, args.scan, start, parse_day(args.until, today))
    v = st.volunteer
    lines = [
        say("志愿服务时长证明", "Volunteer hours statement"),
        say(
            f"兹证明 {v.name}（{v.team or '志愿者'}）于 {st.start} 至 {st.end} 在 {st.point_name}"
            f"参加志愿服务 {len(st.shifts)} 次，累计 {st.total_minutes / 60:.1f} 小时。",
            f"{v.name} ({v.team or 'volunteer'}) served {len(st.shifts)} times at "
            f"{st.point_name} from {st.start} to {st.end}: {st.total_minutes / 60:.1f} hours.",
        ),
        *(
            f"  {_local(x.started_at)} – {_local(x.ended_at) if x.ended_at else ''} {x.minutes} min"
            for x in st.shifts
        ),
    ]
    return emit(args, st, "\n".join(lines))


def register(verbs: Verbs) -> None:
    ac = verbs.group("activity", "reading promotion activities (阅读推广)")
    sp = ac.add("plan", cmd_plan, "plan an activity in a series of the district's catalogue")
    sp.add_argument("--series", required=True)
    sp.add_argument("--title", required=True)
    sp.add_argument("--start", required=True, help="YYYY-MM-DD HH:MM (Beijing)")
    sp.add_argument("--end", help="YYYY-MM-DD HH:MM (default: start + --minutes)")
    sp.add_argument("--minutes", type=int, default=90)
    sp.add_argument("--group", required=True, help="target group code")
    sp.add_argument("--room")
    sp.add_argument("--capacity", type=int)
    sp.add_argument("--partner", help="partner organisation (图书馆+)")
    sp = ac.add("list", cmd_list, "the district calendar from a day on (this point's: --mine)")
    sp.add_argument("--since", help="YYYY-MM-DD (default: today)")
    sp.add_argument("--until", help="YYYY-MM-DD")
    sp.add_argument("--mine", action="store_true")
    ac.add("show", cmd_show, "one activity with its counts").add_argument("uid")
    sp = ac.add("reschedule", cmd_reschedule, "move a planned activity")
    sp.add_argument("uid")
    sp.add_argument("--start", required=True)
    sp.add_argument("--end")
    sp.add_argument("--minutes", type=int, default=90)
    sp.add_argument("--room")
    sp = ac.add("cancel", cmd_cancel, "cancel a planned activity")
    sp.add_argument("uid")
    sp.add_argument("--reason")
    sp = ac.add("register", cmd_register, "sign up a card, a person by name, or a count")
    sp.add_argument("uid")
    sp.add_argument("--card")
    sp.add_argument("--name")
    sp.add_argument("--phone")
    sp.add_argument("--count", type=int)
    sp = ac.add("admit", cmd_admit, "cards scanned at the door (arguments or stdin)")
    sp.add_argument("uid")
    sp.add_argument("cards", nargs="*")
    sp.add_argument("--strict", action="store_true", help="exit 1 if any card was refused")
    sp = ac.add("walk-in", cmd_walk_in, "people without a card at the door, by age band")
    sp.add_argument("uid")
    sp.add_argument("band")
    sp.add_argument("--count", type=int, default=1)
    sp = ac.add("close", cmd_close, "the activity was held: fix its counts, with a short report")
    sp.add_argument("uid")
    sp.add_argument("--report")
    ac.add("sheet", cmd_sheet, "the printable sign-in sheet").add_argument("uid")
    sp = ac.add("figures", cmd_figures, "this point's activity figures against its target")
    sp.add_argument("--year", type=int)
    vo = verbs.group("volunteer", "volunteers: roster, sign-in/out, hours")
    sp = vo.add("add", cmd_vol_add, "add a volunteer (a reader by --card, or --name/--phone)")
    sp.add_argument("--card")
    sp.add_argument("--name")
    sp.add_argument("--phone")
    sp.add_argument("--team")
    vo.add("list", cmd_vol_list, "the roster").add_argument("--all", action="store_true")
    vo.add("sign-in", cmd_sign_in, "sign in by card or badge number").add_argument("scan")
    vo.add("sign-out", cmd_sign_out, "sign out by card or badge number").add_argument("scan")
    for name, handler, helptext in (
        ("hours", cmd_hours, "hours per volunteer and team, and the point's total"),
        ("statement", cmd_statement, "one volunteer's printable hours statement"),
    ):
        sp = vo.add(name, handler, helptext)
        if name == "statement":
            sp.add_argument("scan")
        sp.add_argument("--since", help="YYYY-MM-DD (default: 1 January)")
        sp.add_argument("--until", help="YYYY-MM-DD (default: today)")
