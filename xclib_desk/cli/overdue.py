"""Overdue work: ``overdue list [--csv FILE]`` (the call list) and ``overdue notices``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..common.output import say
from ..desk import Desk
from ..services import overdue
from .common import Verbs, actor, emit, none_text


def cmd_list(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(overdue.overdue_loans, actor(args, desk), args.min_days)
    if args.csv:
        overdue.write_csv(rows, Path(args.csv))
    days = say("天", "d")
    text = "\n".join(
        f"{r.card_no} {r.name} {r.phone or r.guardian_phone or '-'} {r.barcode} 《{r.title}》 "
        f"{r.due_date} +{r.days_late}{days}"
        for r in rows
    )
    return emit(args, rows, text or none_text())


def cmd_notices(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(overdue.notices, actor(args, desk), args.min_days)
    blocks = []
    for n in rows:
        head = say(
            f"{n.name}（{n.card_no}）：以下 {len(n.loans)} 册已逾期，请尽快归还。",
            f"{n.name} ({n.card_no}): items overdue: {len(n.loans)}; please return them.",
        )
        body = "\n".join(f"  {ln.barcode} 《{ln.title}》 {ln.due_date}" for ln in n.loans)
        blocks.append(head + "\n" + body)
    return emit(args, rows, "\n\n".join(blocks) or none_text())


def register(verbs: Verbs) -> None:
    og = verbs.group("overdue", "overdue loans: the call list and notices (逾期催还)")
    sp = og.add("list", cmd_list, "this point's overdue loans, longest first")
    sp.add_argument("--min-days", type=int, default=1, help="at least this many days late")
    sp.add_argument("--csv", help="also write the call list to this CSV file")
    sp = og.add("notices", cmd_notices, "one overdue notice per reader")
    sp.add_argument("--min-days", type=int, default=1)
