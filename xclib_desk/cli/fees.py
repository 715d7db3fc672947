"""Fees and the reader's account: ``fee list|pay|waive|cash`` and ``account CARD``."""

from __future__ import annotations

import argparse
from datetime import date

from ..common.output import say
from ..desk import Desk
from ..services import account, fees
from .common import Verbs, actor, emit, none_text, parse_day


def _yuan(cents: int) -> str:
    return f"{cents / 100:.2f}"


def _fee_line(f: fees.FeeView) -> str:
    status = {
        "open": say("未缴", "unpaid"),
        "paid": say("已缴", "paid"),
        "waived": say("已减免", "waived"),
    }.get(f.status, f.status)
    why = f" ({f.waive_reason})" if f.waive_reason else ""
    return f"{f.uid} {f.barcode} 《{f.title}》 {_yuan(f.amount_cents)} {status}{why}"


def cmd_list(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(fees.reader_fees, actor(args, desk), args.card, args.open)
    return emit(args, rows, "\n".join(_fee_line(f) for f in rows) or none_text())


def cmd_pay(args: argparse.Namespace, desk: Desk) -> int:
    uids = list(args.fees) or None
    p = desk.write(fees.collect, actor(args, desk), args.card, uids)
    text = say(
        f"已收读者 {p.card_no} 现金 {_yuan(p.amount_cents)} 元（{len(p.fees)} 笔），收据 {p.uid}",
        f"{_yuan(p.amount_cents)} yuan cash from {p.card_no} (fees: {len(p.fees)}), "
        f"receipt {p.uid}",
    )
    return emit(args, p, text)


def cmd_waive(args: argparse.Namespace, desk: Desk) -> int:
    f = desk.write(fees.waive, actor(args, desk), args.card, args.fee, args.reason)
    return emit(args, f, say("已减免：", "waived: ") + _fee_line(f))


def cmd_cash(args: argparse.Namespace, desk: Desk) -> int:
    day = None if args.day is None else parse_day(args.day, date.today())
    t = desk.read(fees.cash_total, actor(args, desk), args.who, day)
    text = say(
        f"{t.staff_code} {t.day}：现金 {_yuan(t.amount_cents)} 元，{t.payments} 笔收款，"
        f"{t.fees} 项费用",
        f"{t.staff_code} {t.day}: {_yuan(t.amount_cents)} yuan cash, payments: {t.payments}, "
        f"fees: {t.fees}",
    )
    return emit(args, t, text)


def cmd_account(args: argparse.Namespace, desk: Desk) -> int:
    a = desk.read(account.account, actor(args, desk), args.card)
    r = a.reader
    lines = [
        f"{r.card_no} {r.name} {r.reader_type} {r.status} "
        + say(f"有效期至 {r.expires_on}", f"valid to {r.expires_on}"),
        say(
            f"在借 {len(a.loans)} 册，逾期 {a.overdue} 册",
            f"{len(a.loans)} on loan, {a.overdue} overdue",
        ),
    ]
    if a.charges_fees:
        lines.append(say(f"欠费 {_yuan(a.owed_cents)} 元", f"owes {_yuan(a.owed_cents)} yuan"))
    for ln in a.loans:
        late = say(f" 逾期 {ln.overdue_days} 天", f" {ln.overdue_days} days late")
        lines.append(
            f"  {ln.barcode} 《{ln.title}》 {ln.due_date}" + (late if ln.overdue_days else "")
        )
    for h in a.holds_waiting:  # holds: on a shelf this desk knows, or named by the index
        lines.append(say(f"预约书待取：《{h.title}》→ {h.pickup_point}", f"hold ready: {h.title}"))
    if a.holds_ready_at:
        where = "、".join(f"{x.name}（{x.code}）" for x in a.holds_ready_at)
        lines.append(say(f"预约图书已到：可在 {where} 取书", f"a held copy waits at {where}"))
    lines.append(
        say(
            f"借阅历史（保留 {a.retention_days} 天）{len(a.history)} 条",
            f"loan history (kept {a.retention_days} days): {len(a.history)}",
        )
    )
    lines += [f"  {h.returned_at:%Y-%m-%d} {h.barcode} 《{h.title}》" for h in a.history]
    return emit(args, a, "\n".join(lines))


def register(verbs: Verbs) -> None:
    fg = verbs.group("fee", "a reader's fees: list, pay in cash, waive; a staff member's cash")
    sp = fg.add("list", cmd_list, "a reader's fees, newest first")
    sp.add_argument("card")
    sp.add_argument("--open", action="store_true", help="unpaid fees only")
    sp = fg.add("pay", cmd_pay, "collect cash for the given fees (all unpaid when none given)")
    sp.add_argument("card")
    sp.add_argument("fees", nargs="*")
    sp = fg.add("waive", cmd_waive, "waive one fee with a reason (roles from the package)")
    sp.add_argument("card")
    sp.add_argument("fee")
    sp.add_argument("--reason", required=True)
    sp = fg.add("cash", cmd_cash, "a staff member's cash taken here on one day")
    sp.add_argument("--who", help="staff code (default: the acting staff member)")
    sp.add_argument("--day", help="YYYY-MM-DD (default: today, Beijing)")
    sp = verbs.add("account", cmd_account, "a reader's account: loans, overdue, fees, history")
    sp.add_argument("card")
