"""CLI verbs for shipments (配送): ``xclib-desk shipment new|add|add-list|remove|dispatch|cancel|
list|show|waiting|receive|damaged|finish``.

Registered on ``xclib-desk``'s sub-commands by :func:`register`; handlers follow cli.py's
contract (``fn(args, desk) -> int``, output through ``_emit``, refusals as ``DeskError``).
Scans are one transaction each, so a scanner file interrupted half-way keeps every scan before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .desk import Desk
from .errors import SHIPMENT_STATUS, DeskError
from .services import shipments


def _cli() -> Any:
    from . import cli  # imported late: cli.py imports this module while building its parser

    return cli


def _codes(args: argparse.Namespace) -> list[str]:
    """Barcodes given as arguments, or one per line on stdin (a scanner's file)."""
    return list(args.barcodes) or [line.strip() for line in sys.stdin if line.strip()]


def _box_text(v: shipments.ShipmentView) -> str:
    zh = SHIPMENT_STATUS.get(v.status, (v.status, ""))[0]
    text = (
        f"配送单 {v.uid}（{zh}）{v.from_point} {v.from_name} → {v.to_point} {v.to_name}\n"
        f"清单 {v.items} 册，收到 {v.received}，缺失 {v.missing}，多出 {v.extra}，破损 {v.damaged}"
    )
    for x in v.lines:
        flag = f" 破损：{x.note}" if x.damaged else ""
        text += f"\n  {x.barcode} {x.outcome} {x.call_number} 《{x.title}》{flag}"
    return text


def cmd_new(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(shipments.new_shipment, cli._actor(args, desk), args.to, args.note)
    return int(cli._emit(args, v, f"已新建配送单 {v.uid}（发往 {v.to_point} {v.to_name}）"))


def cmd_add(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    actor = cli._actor(args, desk)
    if args.waiting:
        done = desk.write(shipments.add_waiting, actor, args.uid)
        return int(cli._emit(args, done, f"已装入待送回图书 {len(done)} 册：" + " ".join(done)))
    codes = _codes(args)
    lines = [desk.write(shipments.add_item, actor, args.uid, c) for c in codes]
    text = "\n".join(f"已装箱 {x.barcode} 《{x.title}》" for x in lines)
    return int(cli._emit(args, lines, text or "（无 / none）"))


def cmd_add_list(args: argparse.Namespace, desk: Desk | None) -> int:
    """Pack from a file of barcodes: what can go is packed, each refused line is reported."""
    assert desk is not None
    cli = _cli()
    try:
        raw = Path(args.file).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DeskError("bad_input", detail=f"{args.file}: {e}") from None
    codes = [line.split(",")[0].strip() for line in raw if line.strip()]
    res = desk.write(shipments.add_list, cli._actor(args, desk), args.uid, codes)
    text = f"已装箱 {len(res.added)} 册，未装 {len(res.refused)} 册"
    for bc, _code, message in res.refused:
        text += f"\n  {bc}：{message}"
    cli._emit(args, res, text)
    return 1 if res.refused and args.strict else 0


def cmd_remove(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    actor = cli._actor(args, desk)
    for code in args.barcodes:
        desk.write(shipments.remove_item, actor, args.uid, code)
    return int(cli._emit(args, list(args.barcodes), "已取出：" + " ".join(args.barcodes)))


def cmd_dispatch(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(shipments.dispatch, cli._actor(args, desk), args.uid)
    return int(cli._emit(args, v, _box_text(v)))


def cmd_cancel(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(shipments.cancel, cli._actor(args, desk), args.uid)
    return int(cli._emit(args, v, f"已取消配送单 {v.uid}"))


def cmd_list(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    rows = desk.read(shipments.list_shipments, cli._actor(args, desk), args.direction, args.status)
    text = "\n".join(
        f"{v.uid} {v.direction} {v.status} {v.from_point} → {v.to_point} "
        f"{v.items} 册（收 {v.received} 缺 {v.missing} 多 {v.extra} 损 {v.damaged}）"
        for v in rows
    )
    return int(cli._emit(args, rows, text or "（无 / none）"))


def cmd_show(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.read(shipments.get_shipment, cli._actor(args, desk), args.uid)
    return int(cli._emit(args, v, _box_text(v)))


def cmd_waiting(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    rows = desk.read(shipments.waiting_transfers, cli._actor(args, desk))
    text = "\n".join(
        f"{w.barcode} → {w.to_point} {w.reason} 《{w.title}》"
        + (f" 已装箱 {w.shipment}" if w.shipment else "")
        for w in rows
    )
    return int(cli._emit(args, rows, text or "（无 / none）"))


def cmd_receive(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    actor = cli._actor(args, desk)
    results = []
    for code in _codes(args):  # one transaction per scan: a crash keeps every scan before it
        results.append(desk.write(shipments.scan, actor, args.uid, code))
    text = "\n".join(
        f"{r.barcode} {r.outcome}{'（重复）' if r.repeated else ''} 《{r.title}》 待收 {r.left}"
        for r in results
    )
    return int(cli._emit(args, results, text or "（无 / none）"))


def cmd_damaged(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    x = desk.write(
        shipments.mark_damaged, cli._actor(args, desk), args.uid, args.barcode, args.note
    )
    return int(cli._emit(args, x, f"已登记破损 {x.barcode}：{x.note}"))


def cmd_finish(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(shipments.finish_receipt, cli._actor(args, desk), args.uid)
    return int(cli._emit(args, v, _box_text(v)))


def register(sub: Any) -> None:
    """Add ``shipment ...`` to ``xclib-desk``'s sub-command parser."""
    common = _cli().common_options()
    sh = sub.add_parser("shipment", help="shipments between points (配送)").add_subparsers(
        dest="sub", required=True
    )

    def verb(name: str, handler: Any, helptext: str) -> Any:
        sp = sh.add_parser(name, help=helptext, parents=[common])
        sp.set_defaults(handler=handler)
        return sp

    sp = verb("new", cmd_new, "open a box for a destination point")
    sp.add_argument("--to", required=True, help="destination point code")
    sp.add_argument("--note")
    sp = verb("add", cmd_add, "pack scanned copies (arguments, or stdin one per line)")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    sp.add_argument(
        "--waiting", action="store_true", help="pack every copy waiting here for the destination"
    )
    sp = verb("add-list", cmd_add_list, "pack from a file of barcodes (one per line)")
    sp.add_argument("uid")
    sp.add_argument("file")
    sp.add_argument("--strict", action="store_true", help="exit 1 if any line was refused")
    sp = verb("remove", cmd_remove, "take copies out of a box not dispatched yet")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="+")
    for name, handler, helptext in (
        ("dispatch", cmd_dispatch, "send a box (its copies are in transit)"),
        ("cancel", cmd_cancel, "give up a box not dispatched yet"),
        ("show", cmd_show, "a box and its copies"),
        ("finish", cmd_finish, "finish receiving: unscanned copies are missing"),
    ):
        sp = verb(name, handler, helptext)
        sp.add_argument("uid")
    sp = verb("list", cmd_list, "this point's boxes, newest first")
    sp.add_argument("--direction", choices=["out", "in"])
    sp.add_argument("--status", choices=list(shipments.STATUSES))
    verb("waiting", cmd_waiting, "copies waiting here to travel to another point")
    sp = verb("receive", cmd_receive, "scan copies out of an incoming box (args or stdin)")
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    sp = verb("damaged", cmd_damaged, "a copy arrived damaged (with a note)")
    sp.add_argument("uid")
    sp.add_argument("barcode")
    sp.add_argument("--note", required=True)
