"""Service points at the hub:

xclib-hub point add --code C --name N --level L [--parent P] [--population N] [--hours SPEC]
xclib-hub point set --code C [--name N] [--population P] [--hours SPEC|""]
xclib-hub point hours --code C --from D --to D      daily open/understaffed minutes
xclib-hub point services --code C --period YYYY-MM  required services and gaps
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from pydantic import ValidationError

from ...common.output import json_ready, say
from ...protocol.wire import PointIn, PointUpdate
from .. import admin, staffing
from ..errors import HubError
from .common import Verbs, emit, hub


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {raw}") from None


def _bad_input(e: ValidationError) -> HubError:
    err = e.errors()[0]
    return HubError(400, "bad_input", f"{err['loc']}: {err['msg']}")


def cmd_point_add(args: argparse.Namespace) -> int:
    try:
        p = PointIn(
            code=args.code,
            name=args.name,
            level=args.level,
            parent_code=args.parent,
            population=args.population,
            hours=args.hours,
        )
    except ValidationError as e:
        raise _bad_input(e) from None
    with hub(args).write() as s:
        point = admin.add_point(s, p)
        data = {"code": point.code, "name": point.name, "level": point.level,
                "population": point.population, "hours": point.hours}  # fmt: skip
    return emit(args, data, f"point {data['code']} added")


def cmd_point_set(args: argparse.Namespace) -> int:
    fields = {k: getattr(args, k) for k in ("name", "population", "hours")}
    try:
        upd = PointUpdate(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as e:
        raise _bad_input(e) from None
    with hub(args).write() as s:
        data = staffing.point_out(staffing.set_point(s, args.code, upd))
    return emit(args, data, f"point {data['code']} updated")


def cmd_point_hours(args: argparse.Namespace) -> int:
    with hub(args).read() as s:
        days = staffing.day_hours(s, args.code, args.start, args.end)
    rows = [
        {
            "day": d.day.isoformat(),
            "scheduled_minutes": d.scheduled_minutes,
            "open_minutes": d.open_minutes,
            "open_outside_minutes": d.open_outside_minutes,
            "understaffed_minutes": d.understaffed_minutes,
            "min_staff": d.min_staff,
            "periods": [{"start": p.start, "end": p.end, "on_duty": p.on_duty} for p in d.periods],
        }
        for d in days
    ]
    text = "\n".join(
        say(
            f"{r['day']}  计划 {r['scheduled_minutes']} 分  开放 {r['open_minutes']} 分  "
            f"人员不足 {r['understaffed_minutes']} 分",
            f"{r['day']}  scheduled {r['scheduled_minutes']} min  open {r['open_minutes']} min"
            f"  understaffed {r['understaffed_minutes']} min",
        )
        for r in rows
    )
    return emit(args, json_ready(rows), text or "(none)")


def cmd_point_services(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", args.period):
        raise HubError(400, "bad_input", f"--period YYYY-MM, got {args.period}")
    with hub(args).read() as s:
        data = {
            "point": args.code.upper(),
            "period": args.period,
            "required": staffing.required_services(s, args.code, args.period),
            "gaps": staffing.service_gaps(s, args.code, args.period),
        }
    return emit(args, data, "gaps: " + (", ".join(data["gaps"]) or "(none)"))


def register(verbs: Verbs) -> None:
    point = verbs.group("point", "service points")
    p = point.add("add", cmd_point_add, "register a service point")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--level", required=True, choices=["district", "street", "community", "partner"])
    p.add_argument("--parent")
    p.add_argument("--population", type=int, help="served population (per-capita figures)")
    p.add_argument("--hours", help="own weekly hours, e.g. '2-6 09:00-17:30; 7 10:00-16:00'")
    p = point.add("set", cmd_point_set, "change a point's name, population or own hours")
    p.add_argument("--code", required=True)
    p.add_argument("--name")
    p.add_argument("--population", type=int)
    p.add_argument("--hours", help="'2-6 09:00-17:30; 7 10:00-16:00'; '' = the level's week")
    p = point.add("hours", cmd_point_hours, "per day: scheduled, open and understaffed minutes")
    p.add_argument("--code", required=True)
    p.add_argument("--from", dest="start", type=_day, required=True)
    p.add_argument("--to", dest="end", type=_day, required=True)
    p = point.add("services", cmd_point_services, "required services and gaps for a month")
    p.add_argument("--code", required=True)
    p.add_argument("--period", required=True, help="YYYY-MM")
