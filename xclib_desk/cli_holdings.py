"""CLI verbs for holdings work: MARC import, search, inventory (盘点) and statistics.

Registered on ``xclib-desk``'s sub-commands by :func:`register`; handlers follow cli.py's
contract (``fn(args, desk) -> int``, output through ``_emit``, refusals as ``DeskError``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from . import desk_marc, marc
from .desk import Desk
from .errors import DeskError
from .services import inventory, search, stats


def _cli() -> Any:
    from . import cli  # imported late: cli.py imports this module while building its parser

    return cli


def cmd_import_marc(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    try:
        spec = marc.HoldingsSpec.parse(args.holdings_field)
    except ValueError:
        raise DeskError(
            "bad_input", detail="--holdings-field 形如 905 或 905$b$d$e / e.g. 905 or 905$b$d$e"
        ) from None
    if args.report and Path(args.report).suffix.lower() not in (".csv", ".xlsx"):
        raise DeskError("bad_input", detail="--report 应为 .xlsx 或 .csv / .xlsx or .csv")

    def progress(done: int, total: int) -> None:
        if not args.json:
            print(f"已处理 {done}/{total} 条记录 / records", file=sys.stderr)

    cancel = threading.Event()
    try:
        report = desk_marc.import_file(
            desk,
            cli._actor(args, desk),
            Path(args.file),
            fmt=args.format,
            encoding=args.encoding,
            holdings=spec,
            material_type=args.material,
            progress=progress,
            cancel=cancel,
        )
    except KeyboardInterrupt:  # finished batches are committed; say so
        print("已中断：已完成的批次已保存 / interrupted", file=sys.stderr)
        return 130
    if args.report:
        report.export(Path(args.report))
    return int(cli._emit(args, report.to_dict(), report.text()))


def cmd_search(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    if args.online:
        return _search_online(args, desk)
    hits = desk.read(search.search_holdings, cli._actor(args, desk), args.query, args.limit)
    lines = [
        f"{h.title.title}  {h.title.author}  {h.title.publisher}  {h.title.clc}  "
        f"ISBN {h.title.isbn or '-'}  在架 {h.available}/{h.copies}"
        for h in hits
    ]
    return int(cli._emit(args, hits, "\n".join(lines) or "（无 / none）"))


def _search_online(args: argparse.Namespace, desk: Desk) -> int:
    """The union catalogue at the hub: every point's copies, marked as online results."""
    from .sync.search import union_search

    hits = union_search(desk, args.query, args.limit)
    lines = []
    for h in hits:
        lines.append(
            f"[在线 online] {h.title}  {h.author}  {h.publisher}  {h.clc}  "
            f"ISBN {h.isbn or '-'}  全区在架 {h.available}/{len(h.copies)}"
        )
        lines += [
            f"    {c.point_code} {c.point_name}  {c.call_number}  {c.barcode}  {c.status}"
            for c in h.copies
        ]
    return int(_cli()._emit(args, hits, "\n".join(lines) or "（无 / none）"))


def cmd_reindex(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    n = desk.write(search.rebuild_index, _cli()._actor(args, desk))
    return int(_cli()._emit(args, {"indexed": n}, f"已重建检索索引：{n} 种书目"))


# --- inventory -------------------------------------------------------------------------------
def _report_text(rep: inventory.InventoryReport) -> str:
    v = rep.session
    text = (
        f"盘点 {v.uid}（{v.status}）范围 {v.call_from or '*'} – {v.call_to or '*'}\n"
        f"应在架 {rep.expected}，找到 {len(rep.found)}，缺失 {len(rep.missing)}，"
        f"错架 {len(rep.misplaced)}，异常 {len(rep.unexpected)}"
    )
    for name, lines in (("缺失", rep.missing), ("错架", rep.misplaced), ("异常", rep.unexpected)):
        for x in lines:
            text += f"\n  {name} {x.barcode} {x.call_number} 《{x.title}》 {x.reason} {x.owner}"
    return text


def cmd_inv_start(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    v = desk.write(inventory.start, cli._actor(args, desk), args.call_from, args.call_to)
    return int(cli._emit(args, v, f"已开始盘点 {v.uid}"))


def cmd_inv_list(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    return int(_cli()._emit(args, desk.read(inventory.open_sessions)))


def cmd_inv_scan(args: argparse.Namespace, desk: Desk | None) -> int:
    """Scan barcodes given as arguments, or one per line on stdin (a scanner's file)."""
    assert desk is not None
    cli = _cli()
    actor = cli._actor(args, desk)
    codes = args.barcodes or [line.strip() for line in sys.stdin if line.strip()]
    results = []
    for code in codes:  # one transaction per scan: a crash keeps every scan before it
        results.append(desk.write(inventory.scan, actor, args.uid, code))
    text = "\n".join(f"{r.barcode} {r.verdict} {r.reason} 《{r.title}》" for r in results)
    return int(cli._emit(args, results, text))


def cmd_inv_finish(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    rep = desk.write(inventory.finish, cli._actor(args, desk), args.uid)
    if args.export:
        inventory.export_report(rep, Path(args.export))
    return int(cli._emit(args, rep, _report_text(rep)))


def cmd_inv_report(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    rep = desk.read(inventory.report, cli._actor(args, desk), args.uid)
    if args.export:
        inventory.export_report(rep, Path(args.export))
    return int(cli._emit(args, rep, _report_text(rep)))


def cmd_inv_missing(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    codes = None if args.all else args.barcodes
    if codes is not None and not codes:
        raise DeskError("bad_input", detail="给出条码或 --all / barcodes or --all")
    done = desk.write(inventory.mark_missing, cli._actor(args, desk), args.uid, codes)
    return int(cli._emit(args, done, f"已标记丢失 {len(done)} 册：" + " ".join(done)))


def cmd_inv_transfer(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    codes = None if args.all else args.barcodes
    if codes is not None and not codes:
        raise DeskError("bad_input", detail="给出条码或 --all / barcodes or --all")
    done = desk.write(inventory.transfer_home, cli._actor(args, desk), args.uid, codes)
    return int(cli._emit(args, done, f"已建立调拨 {len(done)} 册：" + " ".join(done)))


# --- statistics ------------------------------------------------------------------------------
def cmd_stats(args: argparse.Namespace, desk: Desk | None) -> int:
    assert desk is not None
    cli = _cli()
    actor = cli._actor(args, desk)
    year = args.year if args.year is not None else desk.read(lambda _s, c: c.today().year, actor)
    tables = desk.read(stats.point_statistics, actor, year)
    if args.export:
        stats.export(tables, Path(args.export))
    text = "\n\n".join(
        t.name + "\n" + "\n".join("\t".join(str(c) for c in row) for row in [t.header, *t.rows])
        for t in tables
    )
    return int(cli._emit(args, tables, text))


def register(sub: Any) -> None:
    """Add the holdings verbs to ``xclib-desk``'s sub-command parser."""
    common = _cli().common_options()

    def verb(name: str, handler: Any, helptext: str, parent: Any = sub) -> Any:
        sp = parent.add_parser(name, help=helptext, parents=[common])
        sp.set_defaults(handler=handler)
        return sp

    sp = verb("import-marc", cmd_import_marc, "import a MARC file (ISO 2709 or MARCXML)")
    sp.add_argument("file")
    sp.add_argument("--format", choices=marc.FORMATS, default="auto")
    sp.add_argument("--encoding", choices=marc.ENCODINGS, default="auto")
    sp.add_argument(
        "--holdings-field", default="905", help="holdings tag, or TAG$barcode$class$book"
    )
    sp.add_argument("--material", default="book", help="material type of imported copies")
    sp.add_argument("--report", help="write the report to .xlsx or .csv")

    sp = verb("search", cmd_search, "search holdings: Chinese, pinyin, ISBN, CLC, barcode")
    sp.add_argument("query")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument(
        "--online", action="store_true", help="search the whole district at the hub (union)"
    )
    verb("search-reindex", cmd_reindex, "rebuild the holdings search index")

    inv = sub.add_parser("inventory", help="inventory (盘点)").add_subparsers(
        dest="sub", required=True
    )
    sp = verb("start", cmd_inv_start, "start an inventory of a shelf range or of all", inv)
    sp.add_argument("--from", dest="call_from", help="first call number (or class) of the shelf")
    sp.add_argument("--to", dest="call_to", help="last call number (or class) of the shelf")
    verb("list", cmd_inv_list, "open inventories", inv)
    sp = verb("scan", cmd_inv_scan, "scan barcodes (arguments, or stdin one per line)", inv)
    sp.add_argument("uid")
    sp.add_argument("barcodes", nargs="*")
    for name, handler, helptext in (
        ("finish", cmd_inv_finish, "finish an inventory and show its report"),
        ("report", cmd_inv_report, "show an inventory's report"),
    ):
        sp = verb(name, handler, helptext, inv)
        sp.add_argument("uid")
        sp.add_argument("--export", help="write the report to .xlsx or .csv")
    for name, handler, helptext in (
        ("mark-missing", cmd_inv_missing, "declare missing copies lost"),
        ("transfer-home", cmd_inv_transfer, "send other points' copies home"),
    ):
        sp = verb(name, handler, helptext, inv)
        sp.add_argument("uid")
        sp.add_argument("barcodes", nargs="*")
        sp.add_argument("--all", action="store_true", help="every copy on the list")

    sp = verb("stats", cmd_stats, "statistics of this point for a year")
    sp.add_argument("--year", type=int)
    sp.add_argument("--export", help="write the tables to .xlsx or .csv")
