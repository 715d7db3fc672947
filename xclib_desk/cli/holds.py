"""Holds (预约): ``hold place|cancel|suspend|resume|pickup|show|list|reader|pull|capture|
not-found|shelve|shelf|incoming|expire|expire-due|export``.

Scanning verbs (``capture``, ``shelve``) take barcodes as arguments or one per line on stdin,
one transaction per scan. docs/holds.md has the life cycle these verbs move a hold through.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common.output import say
from ..desk import Desk
from ..errors import HOLD_STATUS
from ..services import holds
from .common import Verbs, actor, emit, none_text, parse_day


def _codes(args: argparse.Namespace) -> list[str]:
    return list(args.barcodes) or [line.strip() for line in sys.stdin if line.strip()]


def _status(v: holds.HoldView) -> str:
    status = say(*HOLD_STATUS.get(v.status, (v.status, v.status)))
    if v.provisional:
        status += say("（待中心确认）", " (provisional: not confirmed by the hub yet)")
    if v.suspended_until:
        status += say(f"，暂停至 {v.suspended_until}", f", suspended until {v.suspended_until}")
    return status


def _hold_text(v: holds.HoldView) -> str:
    what = f"{v.item}" if v.item else f"《{v.title}》" + (f" ISBN {v.isbn}" if v.isbn else "")
    text = f"{v.uid} {v.card_no} {what} → {v.pickup_point} {_status(v)}"
    if v.target_item:
        text += say(
            f"\n  待 {v.target_point} 提取 {v.target_item}",
            f"\n  to pull at {v.target_point}: {v.target_item}",
        )
    if v.captured_item:
        text += say(
            f"\n  已留书 {v.captured_item}（{v.captured_point}）",
            f"\n  set aside: {v.captured_item} at {v.captured_point}",
        )
    if v.shelf_expires_on:
        text += say(
            f"\n  预约架保留至 {v.shelf_expires_on}",
            f"\n  on the hold shelf until {v.shelf_expires_on}",
        )
    return text


def slip_text(x: holds.HoldSlip) -> str:
    """The banner and slip of a captured copy: 放预约架 or 送往 X."""
    who = f"{x.masked_name} ****{x.card_tail}"
    if x.on_shelf:
        return say(
            f"放预约架：{x.barcode} {x.call_number} 读者 {who}，保留至 {x.shelf_expires_on}",
            f"To the hold shelf: {x.barcode} {x.call_number} for {who}, until {x.shelf_expires_on}",
        )
    return say(
        f"送往 {x.to_point} {x.to_name}：{x.barcode} {x.call_number} 预约读者 {who}",
        f"Send to {x.to_point} {x.to_name}: {x.barcode} {x.call_number}, held for {who}",
    )


def cmd_place(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        holds.place,
        actor(args, desk),
        args.card,
        args.title,
        barcode=args.item,
        pickup=args.pickup,
        district_title=args.district_title,
    )
    return emit(args, v, say("已预约：", "hold placed: ") + _hold_text(v))


def cmd_cancel(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(holds.cancel, actor(args, desk), args.uid)
    return emit(args, v, _hold_text(v))


def cmd_suspend(args: argparse.Namespace, desk: Desk) -> int:
    until = parse_day(args.until, desk.clock.now().date())
    v = desk.write(holds.suspend, actor(args, desk), args.uid, until)
    return emit(args, v, _hold_text(v))


def cmd_resume(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(holds.suspend, actor(args, desk), args.uid, None)
    return emit(args, v, _hold_text(v))


def cmd_pickup(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(holds.change_pickup, actor(args, desk), args.uid, args.point)
    return emit(args, v, _hold_text(v))


def cmd_show(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.read(holds.get_hold, actor(args, desk), args.uid)
    return emit(args, v, _hold_text(v))


def cmd_list(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(holds.list_holds, actor(args, desk), args.status)
    return emit(args, rows, "\n".join(_hold_text(v) for v in rows) or none_text())


def cmd_reader(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(holds.reader_holds, actor(args, desk), args.card, args.active)
    return emit(args, rows, "\n".join(_hold_text(v) for v in rows) or none_text())


def cmd_pull(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(holds.pull_list, actor(args, desk))
    text = "\n".join(
        f"{x.call_number} {x.barcode} 《{x.title}》 → {x.pickup_point} ({x.hold_uid[:8]})"
        for x in rows
    )
    return emit(args, rows, text or none_text())


def cmd_capture(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    slips = [desk.write(holds.capture, who, code) for code in _codes(args)]
    return emit(args, slips, "\n".join(slip_text(x) for x in slips) or none_text())


def cmd_not_found(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(holds.not_found, actor(args, desk), args.uid)
    return emit(
        args, v, say("已告知中心另寻复本：", "the hub will look for another copy: ") + v.uid
    )


def cmd_shelve(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    slips = [desk.write(holds.shelve, who, code) for code in _codes(args)]
    return emit(args, slips, "\n".join(slip_text(x) for x in slips) or none_text())


def cmd_shelf(args: argparse.Namespace, desk: Desk) -> int:
    """The hold shelf, soonest to expire first: the list of readers to call."""
    rows = desk.read(holds.hold_shelf, actor(args, desk))
    text = "\n".join(
        f"{x.hold.shelf_expires_on} {x.hold.captured_item} 《{x.hold.title}》 "
        f"{x.name or x.masked_name} {x.hold.card_no} {x.phone or ''}".rstrip()
        for x in rows
    )
    return emit(args, rows, text or none_text())


def cmd_incoming(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(holds.incoming, actor(args, desk))
    return emit(args, rows, "\n".join(_hold_text(v) for v in rows) or none_text())


def cmd_expire(args: argparse.Namespace, desk: Desk) -> int:
    slip = desk.write(holds.expire, actor(args, desk), args.uid)
    text = slip_text(slip) if slip else say("预约已过期，图书已放回", "hold expired, copy released")
    return emit(args, slip, text)


def cmd_expire_due(args: argparse.Namespace, desk: Desk) -> int:
    """Every hold on this shelf past its date, one transaction each."""
    who = actor(args, desk)
    done = []
    for v in desk.read(holds.expiring, who):
        slip = desk.write(holds.expire, who, v.uid)
        done.append({"hold": v.uid, "item": v.captured_item, "next": slip})
    text = say(f"已处理过期预约 {len(done)} 条", f"{len(done)} expired holds released")
    return emit(args, done, text)


def cmd_export(args: argparse.Namespace, desk: Desk) -> int:
    """The pull list and the readers to call, to .xlsx or .csv."""
    path = desk.read(holds.export_lists, actor(args, desk), Path(args.file))
    return emit(args, {"file": str(path)}, say(f"已导出：{path}", f"exported: {path}"))


def register(verbs: Verbs) -> None:
    h = verbs.group("hold", "holds and requests across the network (预约)")
    sp = h.add("place", cmd_place, "place a hold on a title (uid or ISBN) or on one copy")
    sp.add_argument("card")
    sp.add_argument("title", nargs="?", help="title uid, or ISBN (that edition only)")
    sp.add_argument("--item", help="a copy-level hold on this barcode")
    sp.add_argument("--pickup", help="pickup point code (default: this point)")
    sp.add_argument("--district-title", help="the title as found in the union catalogue")
    for name, handler, helptext in (
        ("cancel", cmd_cancel, "cancel a hold"),
        ("resume", cmd_resume, "serve a suspended hold again from now"),
        ("show", cmd_show, "one hold"),
        ("not-found", cmd_not_found, "the pulled copy is not on the shelf: ask for another"),
        ("expire", cmd_expire, "a copy not collected in time: next hold, or home"),
    ):
        h.add(name, handler, helptext).add_argument("uid")
    sp = h.add("suspend", cmd_suspend, "do not serve a hold before a date")
    sp.add_argument("uid")
    sp.add_argument("--until", required=True, help="YYYY-MM-DD")
    sp = h.add("pickup", cmd_pickup, "change a waiting hold's pickup point")
    sp.add_argument("uid")
    sp.add_argument("point")
    sp = h.add("list", cmd_list, "every hold this point knows")
    sp.add_argument("--status", choices=list(holds.STATUSES))
    sp = h.add("reader", cmd_reader, "a reader's holds")
    sp.add_argument("card")
    sp.add_argument("--active", action="store_true", help="only holds still in play")
    h.add("pull", cmd_pull, "this point's pull list: copies to fetch for holds")
    sp = h.add("capture", cmd_capture, "set scanned copies aside for holds (args or stdin)")
    sp.add_argument("barcodes", nargs="*")
    sp = h.add("shelve", cmd_shelve, "put arrived held copies on the hold shelf (args or stdin)")
    sp.add_argument("barcodes", nargs="*")
    h.add("shelf", cmd_shelf, "the hold shelf: readers to call, soonest to expire first")
    h.add("incoming", cmd_incoming, "held copies on their way to this point")
    h.add("expire-due", cmd_expire_due, "release every copy past its pickup date")
    sp = h.add("export", cmd_export, "the pull list and the readers to call to .xlsx or .csv")
    sp.add_argument("file")
