"""Copy states: ``copy lost BARCODE --outcome lost_paid|lost_replaced|claimed_returned`` and
``copy state BARCODE damaged|withdrawn|available --reason R``."""

from __future__ import annotations

import argparse

from ..common.output import say
from ..desk import Desk
from ..services import copystates
from .common import Verbs, actor, emit


def cmd_lost(args: argparse.Namespace, desk: Desk) -> int:
    c = desk.write(
        copystates.close_lost, actor(args, desk), args.barcode, args.outcome, args.amount_cents
    )
    text = say(
        f"{c.barcode} 的借阅已结束（{c.outcome}），应收 {c.fee_cents / 100:.2f} 元",
        f"loan of {c.barcode} closed ({c.outcome}), {c.fee_cents / 100:.2f} yuan owed",
    )
    return emit(args, c, text)


def cmd_state(args: argparse.Namespace, desk: Desk) -> int:
    status = desk.write(
        copystates.set_shelf_state, actor(args, desk), args.barcode, args.status, args.reason
    )
    return emit(args, {"barcode": args.barcode, "status": status}, f"{args.barcode} {status}")


def register(verbs: Verbs) -> None:
    cg = verbs.group("copy", "copy states: lost on loan, claimed returned, damaged, withdrawn")
    sp = cg.add("lost", cmd_lost, "close a loan whose copy will not come back")
    sp.add_argument("barcode")
    sp.add_argument("--outcome", required=True, choices=list(copystates.OUTCOMES))
    sp.add_argument("--amount-cents", type=int, help="charge this instead of the copy's price")
    sp = cg.add("state", cmd_state, "mark a copy on the shelf damaged, withdrawn or found")
    sp.add_argument("barcode")
    sp.add_argument("status", choices=list(copystates.SHELF_STATES))
    sp.add_argument("--reason", required=True)
