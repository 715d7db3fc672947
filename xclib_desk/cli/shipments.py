"""Shipments between points (配送): ``shipment new|add|add-list|remove|dispatch|cancel|list|
show|waiting|receive|damaged|finish``.

Scans are one transaction each, so a scanner file interrupted half-way keeps every scan before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common.output import Exit, say
from ..desk import Desk
from ..errors import SHIPMENT_STATUS, DeskError, Phrase, Text
from ..services import shipments
from .common import Verbs, actor, emit, none_text


def _codes(args: argparse.Namespace) -> list[str]:
    """Barcodes given as arguments, or one per line on stdin (a scanner's file)."""
    return list(args.barcodes) or [line.strip() for line in sys.stdin if line.strip()]


def _box_text(v: shipments.ShipmentView) -> str:
    status = say(*SHIPMENT_STATUS.get(v.status, (v.status, v.status)))
    text = say(
        f"配送单 {v.uid}（{status}）{v.from_point} {v.from_name} → {v.to_point} {v.to_name}\n"
        f"清单 {v.items} 册，收到 {v.received}，缺失 {v.missing}，多出 {v.extra}，破损 {v.damaged}",
        f"box {v.uid} ({status}) {v.from_point} {v.from_name} → {v.to_point} {v.to_name}\n"
        f"{v.items} copies listed, {v.received} received, {v.missing} missing, {v.extra} extra, "
        f"{v.damaged} damaged",
    )
    for x in v.lines:
        flag = say(f" 破损：{x.note}", f" damaged: {x.note}") if x.damaged else ""
        text += f"\n  {x.barcode} {x.outcome} {x.call_number} 《{x.title}》{flag}"
    return text


def cmd_new(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(shipments.new_shipment, actor(args, desk), args.to, args.note)
    text = say(
        f"已新建配送单 {v.uid}（发往 {v.to_point} {v.to_name}）",
        f"box {v.uid} opened (to {v.to_point} {v.to_name})",
    )
    return emit(args, v, text)


def cmd_add(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    if args.waiting:
        done = desk.write(shipments.add_waiting, who, args.uid)
        text = say(f"已装入待送回图书 {len(done)} 册：", f"{len(done)} waiting copies packed: ")
        return emit(args, done, text + " ".join(done))
    lines = [desk.write(shipments.add_item, who, args.uid, c) for c in _codes(args)]
    packed = say("已装箱", "packed")
    text = "\n".join(f"{packed} {x.barcode} 《{x.title}》" for x in lines)
    return emit(args, lines, text or none_text())


def cmd_add_list(args: argparse.Namespace, desk: Desk) -> int:
    """Pack from a file of barcodes: what can go is packed, each refused line is reported."""
    try:
        raw = Path(args.file).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise DeskError("bad_input", detail=Phrase("no_such_file", path=args.file)) from None
    except UnicodeDecodeError:
        detail = Text(f"{args.file} 不是 UTF-8 文本", f"{args.file} is not UTF-8 text")
        raise DeskError("bad_input", detail=detail) from None
    codes = [line.split(",")[0].strip() for line in raw if line.strip()]
    res = desk.write(shipments.add_list, actor(args, desk), args.uid, codes)
    text = say(
        f"已装箱 {len(res.added)} 册，未装 {len(res.refused)} 册",
        f"{len(res.added)} copies packed, {len(res.refused)} refused",
    )
    for bc, _code, message in res.refused:
        text += say(f"\n  {bc}：{message}", f"\n  {bc}: {message}")
    emit(args, res, text)
    return Exit.REFUSED if res.refused and args.strict else Exit.OK


def cmd_remove(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    for code in args.barcodes:
        desk.write(shipments.remove_item, who, args.uid, code)
    text = say("已取出：", "taken out: ") + " ".join(args.barcodes)
    return emit(args, list(args.barcodes), text)


def cmd_dispatch(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(shipments.dispatch, actor(args, desk), args.uid)
    return emit(args, v, _box_text(v))


def cmd_cancel(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(shipments.cancel, actor(args, desk), args.uid)
    return emit(args, v, say(f"已取消配送单 {v.uid}", f"box {v.uid} cancelled"))


def cmd_list(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(shipments.list_shipments, actor(args, desk), args.direction, args.status)
    text = "\n".join(
        f"{v.uid} {v.direction} {v.status} {v.from_point} → {v.to_point} "
        + say(
            f"{v.items} 册（收 {v.received} 缺 {v.missing} 多 {v.extra} 损 {v.damaged}）",
            f"{v.items} copies ({v.received} received, {v.missing} missing, {v.extra} extra, "
            f"{v.damaged} damaged)",
        )
        for v in rows
    )
    return emit(args, rows, text or none_text())


def cmd_show(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.read(shipments.get_shipment, actor(args, desk), args.uid)
    return emit(args, v, _box_text(v))


def cmd_waiting(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(shipments.waiting_transfers, actor(args, desk))
    packed = say("已装箱", "packed in")
    text = "\n".join(
        f"{w.barcode} → {w.to_point} {w.reason} 《{w.title}》"
        + (f" {packed} {w.shipment}" if w.shipment else "")
        for w in rows
    )
    return emit(args, rows, text or none_text())


def cmd_receive(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    results = []
    for code in _codes(args):  # one transaction per scan: a crash keeps every scan before it
        results.append(desk.write(shipments.scan, who, args.uid, code))
    again, left = say("（重复）", " (again)"), say("待收", "left")
    text = "\n".join(
        f"{r.barcode} {r.outcome}{again if r.repeated else ''} 《{r.title}》 {left} {r.left}"
        for r in results
    )
    return emit(args, results, text or none_text())


def cmd_damaged(args: argparse.Namespace, desk: Desk) -> int:
    x = desk.write(shipments.mark_damaged, actor(args, desk), args.uid, args.barcode, args.note)
    return emit(args, x, say(f"已登记破损 {x.barcode}：{x.note}", f"{x.barcode} damaged: {x.note}"))


def cmd_finish(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(shipments.finish_receipt, actor(args, desk), args.uid)
    return emit(args, v, _box_text(v))


def register(verbs: Verbs) -> None:
    sh = verbs.group("shipment", "shipments between points (配送)")
    sp = sh.add("new", cmd_new, "open a box for a destination point")
    sp.add_argument("--to", required=True, help="destination point code")
    sp.add_argument("--note")
    sp = sh.add("add", cmd_add, "pack scanned copies (arguments, or stdin one per line)")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    sp.add_argument(
        "--waiting", action="store_true", help="pack every copy waiting here for the destination"
    )
    sp = sh.add("add-list", cmd_add_list, "pack from a file of barcodes (one per line)")
    sp.add_argument("uid")
    sp.add_argument("file")
    sp.add_argument("--strict", action="store_true", help="exit 1 if any line was refused")
    sp = sh.add("remove", cmd_remove, "take copies out of a box not dispatched yet")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="+")
    for name, handler, helptext in (
        ("dispatch", cmd_dispatch, "send a box (its copies are in transit)"),
        ("cancel", cmd_cancel, "give up a box not dispatched yet"),
        ("show", cmd_show, "a box and its copies"),
        ("finish", cmd_finish, "finish receiving: unscanned copies are missing"),
    ):
        sh.add(name, handler, helptext).add_argument("uid")
    sp = sh.add("list", cmd_list, "this point's boxes, newest first")
    sp.add_argument("--direction", choices=["out", "in"])
    sp.add_argument("--status", choices=list(shipments.STATUSES))
    sh.add("waiting", cmd_waiting, "copies waiting here to travel to another point")
    sp = sh.add("receive", cmd_receive, "scan copies out of an incoming box (args or stdin)")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    sp = sh.add("damaged", cmd_damaged, "a copy arrived damaged (with a note)")
    sp.add_argument("uid")
    sp.add_argument("barcode")
    sp.add_argument("--note", required=True)
