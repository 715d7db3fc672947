"""Lending: ``checkout``, ``renew`` (with role-checked overrides), ``checkin`` and ``loans``.

``checkout`` and ``loans`` show, for each loan, the standards version it was made under
(``standards_version``): the rules that judged it, whatever is in force today.
"""

from __future__ import annotations

import argparse

from ..common.output import say
from ..desk import Desk
from ..services import circulation
from .common import Verbs, actor, emit


def _override(args: argparse.Namespace) -> circulation.Override | None:
    if not args.override:
        return None
    return circulation.Override(reason=args.reason or "", codes=frozenset(args.override))


def cmd_checkout(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(circulation.check_out, actor(args, desk), args.card, args.item, _override(args))
    text = say(
        f"借出 {v.barcode}《{v.title}》 应还日期 {v.due_date}",
        f"lent {v.barcode} 《{v.title}》, due {v.due_date}",
    )
    return emit(args, v, text)


def cmd_checkin(args: argparse.Namespace, desk: Desk) -> int:
    r = desk.write(circulation.check_in, actor(args, desk), args.item)
    text = say(
        f"归还 {r.loan.barcode}《{r.loan.title}》", f"returned {r.loan.barcode} 《{r.loan.title}》"
    )
    if r.days_late:
        fee = r.fee_cents / 100
        text += say(
            f"，逾期 {r.days_late} 天，滞纳金 {fee:.2f} 元",
            f", {r.days_late} days late, fee {fee:.2f} CNY",
        )
    if r.route_to:
        text += say(
            f"\n请送往：{r.route_to_name}（{r.route_to}）",
            f"\nsend to: {r.route_to_name} ({r.route_to})",
        )
    return emit(args, r, text)


def cmd_renew(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(circulation.renew, actor(args, desk), args.item, _override(args))
    text = say(
        f"续借 {v.barcode}《{v.title}》 新应还日期 {v.due_date}",
        f"renewed {v.barcode} 《{v.title}》, now due {v.due_date}",
    )
    return emit(args, v, text)


def cmd_loans(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(circulation.reader_loans, actor(args, desk), args.card))


def register(verbs: Verbs) -> None:
    for name, handler, helptext in (
        ("checkout", cmd_checkout, "lend ITEM to CARD"),
        ("renew", cmd_renew, "renew ITEM"),
    ):
        sp = verbs.add(name, handler, helptext)
        if name == "checkout":
            sp.add_argument("card")
        sp.add_argument("item")
        sp.add_argument(
            "--override",
            action="append",
            metavar="BLOCK",
            help="override a block (role permitting), e.g. quota_reached",
        )
        sp.add_argument("--reason", help="why the override is justified")
    verbs.add("checkin", cmd_checkin, "return ITEM").add_argument("item")
    verbs.add("loans", cmd_loans, "open loans of CARD").add_argument("card")
