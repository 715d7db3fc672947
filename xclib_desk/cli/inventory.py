"""Inventory (盘点) of a shelf range or of the whole collection: start, scan (arguments or a
scanner's file on stdin, one transaction per scan), finish, report, and what to do with the
copies found missing or belonging elsewhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common.output import say
from ..desk import Desk
from ..errors import DeskError, Text
from ..services import inventory
from .common import Verbs, actor, emit


def _report_text(rep: inventory.InventoryReport) -> str:
    v = rep.session
    scope = f"{v.call_from or '*'} – {v.call_to or '*'}"
    text = say(
        f"盘点 {v.uid}（{v.status}）范围 {scope}\n"
        f"应在架 {rep.expected}，找到 {len(rep.found)}，缺失 {len(rep.missing)}，"
        f"错架 {len(rep.misplaced)}，异常 {len(rep.unexpected)}",
        f"inventory {v.uid} ({v.status}) range {scope}\n"
        f"expected {rep.expected}, found {len(rep.found)}, missing {len(rep.missing)}, "
        f"misplaced {len(rep.misplaced)}, unexpected {len(rep.unexpected)}",
    )
    for name, lines in (
        (say("缺失", "missing"), rep.missing),
        (say("错架", "misplaced"), rep.misplaced),
        (say("异常", "unexpected"), rep.unexpected),
    ):
        for x in lines:
            text += f"\n  {name} {x.barcode} {x.call_number} 《{x.title}》 {x.reason} {x.owner}"
    return text


def _barcodes_or_all(args: argparse.Namespace) -> list[str] | None:
    codes = None if args.all else args.barcodes
    if codes is not None and not codes:
        raise DeskError("bad_input", detail=Text("给出条码或 --all", "give barcodes or --all"))
    return codes


def cmd_inv_start(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(inventory.start, actor(args, desk), args.call_from, args.call_to)
    return emit(args, v, say(f"已开始盘点 {v.uid}", f"inventory {v.uid} started"))


def cmd_inv_list(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(inventory.open_sessions))


def cmd_inv_scan(args: argparse.Namespace, desk: Desk) -> int:
    """Scan barcodes given as arguments, or one per line on stdin (a scanner's file)."""
    who = actor(args, desk)
    codes = args.barcodes or [line.strip() for line in sys.stdin if line.strip()]
    results = []
    for code in codes:  # one transaction per scan: a crash keeps every scan before it
        results.append(desk.write(inventory.scan, who, args.uid, code))
    text = "\n".join(f"{r.barcode} {r.verdict} {r.reason} 《{r.title}》" for r in results)
    return emit(args, results, text)


def cmd_inv_finish(args: argparse.Namespace, desk: Desk) -> int:
    rep = desk.write(inventory.finish, actor(args, desk), args.uid)
    if args.export:
        inventory.export_report(rep, Path(args.export))
    return emit(args, rep, _report_text(rep))


def cmd_inv_report(args: argparse.Namespace, desk: Desk) -> int:
    rep = desk.read(inventory.report, actor(args, desk), args.uid)
    if args.export:
        inventory.export_report(rep, Path(args.export))
    return emit(args, rep, _report_text(rep))


def cmd_inv_missing(args: argparse.Namespace, desk: Desk) -> int:
    done = desk.write(inventory.mark_missing, actor(args, desk), args.uid, _barcodes_or_all(args))
    text = say(f"已标记丢失 {len(done)} 册：", f"{len(done)} copies declared lost: ")
    return emit(args, done, text + " ".join(done))


def cmd_inv_transfer(args: argparse.Namespace, desk: Desk) -> int:
    done = desk.write(inventory.transfer_home, actor(args, desk), args.uid, _barcodes_or_all(args))
    text = say(f"已建立调拨 {len(done)} 册：", f"{len(done)} copies to send home: ")
    return emit(args, done, text + " ".join(done))


def register(verbs: Verbs) -> None:
    inv = verbs.group("inventory", "inventory (盘点)")
    sp = inv.add("start", cmd_inv_start, "start an inventory of a shelf range or of all")
    sp.add_argument("--from", dest="call_from", help="first call number (or class) of the shelf")
    sp.add_argument("--to", dest="call_to", help="last call number (or class) of the shelf")
    inv.add("list", cmd_inv_list, "open inventories")
    sp = inv.add("scan", cmd_inv_scan, "scan barcodes (arguments, or stdin one per line)")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    for name, handler, helptext in (
        ("finish", cmd_inv_finish, "finish an inventory and show its report"),
        ("report", cmd_inv_report, "show an inventory's report"),
    ):
        sp = inv.add(name, handler, helptext)
        sp.add_argument("uid")
        sp.add_argument("--export", help="write the report to .xlsx or .csv")
    for name, handler, helptext in (
        ("mark-missing", cmd_inv_missing, "declare missing copies lost"),
        ("transfer-home", cmd_inv_transfer, "send other points' copies home"),
    ):
        sp = inv.add(name, handler, helptext)
        sp.add_argument("uid")
        sp.add_argument("barcodes", nargs="*")
        sp.add_argument("--all", action="store_true", help="every copy on the list")
