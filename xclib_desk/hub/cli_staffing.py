"""`xclib-hub` verbs of issue 5, registered by hub/cli.py's parser:

xclib-hub point set --db URL --code C [--name N] [--population P] [--hours SPEC|""]
xclib-hub point hours --db URL --code C --from D --to D      daily open/understaffed minutes
xclib-hub point services --db URL --code C --period YYYY-MM  required services and gaps
xclib-hub retention run --db URL                             anonymise old loan history
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..protocol.wire import PointUpdate
from . import staffing


def _cli() -> Any:
    from . import cli  # late: cli.py imports this module while building its parser

    return cli


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {raw}") from None


def cmd_point_set(args: argparse.Namespace) -> int:
    cli = _cli()
    fields = {k: getattr(args, k) for k in ("name", "population", "hours")}
    try:
        upd = PointUpdate(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as e:
        print(f"error: bad_input: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}", file=sys.stderr)
        return 2
    with cli._hub(args.db).write() as s:
        data = staffing.point_out(staffing.set_point(s, args.code, upd))
    cli._out(args, data, f"point {data['code']} updated")
    return 0


def cmd_point_hours(args: argparse.Namespace) -> int:
    cli = _cli()
    with cli._hub(args.db).read() as s:
        days = staffing.day_hours(s, args.code, args.start, args.end)
    rows = [
        {
            "day": d.day.isoformat(),
            "scheduled_minutes": d.scheduled_minutes,
            "open_minutes": d.open_minutes,
            "open_outside_minutes": d.open_outside_minutes,
            "understaffed_minutes": d.understaffed_minutes,
            "min_staff": d.min_staff,
            "periods": [
                {"start": p.start.isoformat(), "end": p.end.isoformat(), "on_duty": p.on_duty}
                for p in d.periods
            ],
        }
        for d in days
    ]
    text = "\n".join(
        f"{r['day']}  计划 {r['scheduled_minutes']} 分  开放 {r['open_minutes']} 分  "
        f"人员不足 {r['understaffed_minutes']} 分"
        for r in rows
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print(text or "(none)")
    return 0


def cmd_point_services(args: argparse.Namespace) -> int:
    cli = _cli()
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", args.period):
        print(f"error: bad_input: --period YYYY-MM, got {args.period}", file=sys.stderr)
        return 2
    with cli._hub(args.db).read() as s:
        data = {
            "point": args.code.upper(),
            "period": args.period,
            "required": staffing.required_services(s, args.code, args.period),
            "gaps": staffing.service_gaps(s, args.code, args.period),
        }
    cli._out(args, data, "gaps: " + (", ".join(data["gaps"]) or "(none)"))
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    cli = _cli()
    with cli._hub(args.db).write() as s:
        r = staffing.run_retention(s)
    data = {"cutoff": r.cutoff.isoformat(), "days": r.days, "anonymised": r.count,
            "redacted": r.redacted}  # fmt: skip
    cli._out(
        args,
        data,
        f"anonymised {r.count} loans and redacted {r.redacted} ledger events "
        f"of loans returned before {r.cutoff:%Y-%m-%d}",
    )
    return 0


def register(sub: Any, psub: Any) -> None:
    """Add the verbs to xclib-hub's sub-parsers (``sub``) and ``point``'s (``psub``)."""

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=os.environ.get("XCLIB_HUB_DB", _cli().DEFAULT_DB))
        p.add_argument("--json", action="store_true")

    p = psub.add_parser("set", help="change a point's name, population or own hours")
    common(p)
    p.add_argument("--code", required=True)
    p.add_argument("--name")
    p.add_argument("--population", type=int)
    p.add_argument("--hours", help="'2-6 09:00-17:30; 7 10:00-16:00'; '' = the level's week")
    p.set_defaults(handler=cmd_point_set)
    p = psub.add_parser("hours", help="per day: scheduled, open and understaffed minutes")
    common(p)
    p.add_argument("--code", required=True)
    p.add_argument("--from", dest="start", type=_day, required=True)
    p.add_argument("--to", dest="end", type=_day, required=True)
    p.set_defaults(handler=cmd_point_hours)
    p = psub.add_parser("services", help="required services and gaps for a month")
    common(p)
    p.add_argument("--code", required=True)
    p.add_argument("--period", required=True, help="YYYY-MM")
    p.set_defaults(handler=cmd_point_services)
    retention = sub.add_parser("retention", help="loan-history retention")
    rsub = retention.add_subparsers(dest="retention_verb", required=True)
    p = rsub.add_parser("run", help="anonymise returned loans older than the package allows")
    common(p)
    p.set_defaults(handler=cmd_retention_run)
