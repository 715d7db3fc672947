"""The catalogue at this point: titles and copies, MARC import, and the holdings search (local,
or ``--online`` over the district's union catalogue at the hub)."""

from __future__ import annotations

import argparse
import sys
import threading
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from .. import desk_marc, marc, marc_export
from ..common.lazy import lazy
from ..common.output import Exit, say
from ..desk import Desk
from ..errors import DeskError, Text, render
from ..services import holdings, search
from .common import Verbs, actor, emit, none_text

if TYPE_CHECKING:
    from ..sync import search as union
else:  # the hub search (requests, wire models) loads when --online runs (common/lazy.py)
    union = lazy("xclib_desk.sync.search")


def cmd_title_add(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        holdings.add_title,
        actor(args, desk),
        title=args.title,
        isbn=args.isbn,
        author=args.author,
        publisher=args.publisher,
        year=args.year,
        clc=args.clc,
        language=args.language,
    )
    return emit(args, v)


def cmd_title_search(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(search.search_titles, actor(args, desk), args.query))


def cmd_item_add(args: argparse.Namespace, desk: Desk) -> int:
    price = None if args.price is None else _cents(args.price)
    v = desk.write(
        holdings.add_item,
        actor(args, desk),
        barcode=args.barcode,
        title_ref=args.title,
        call_number=args.call_number,
        material_type=args.material,
        price_cents=price,
    )
    return emit(args, v)


def _cents(raw: str) -> int:
    """A price in CNY as cents; "1e308", "inf" and "nan" are refused like any non-price."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        detail = Text("价格应为数字（元）", "the price must be a number (CNY)")
        raise DeskError("bad_input", detail=detail)
    if not 0 <= value <= 100_000:  # the service's own bound, before the number can overflow
        raise DeskError("bad_input", detail=Text("价格不合理", "implausible price"))
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def cmd_item_show(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(holdings.show_item, actor(args, desk), args.barcode))


def cmd_import_marc(args: argparse.Namespace, desk: Desk) -> int:
    try:
        spec = marc.HoldingsSpec.parse(args.holdings_field)
    except ValueError:
        detail = Text(
            "--holdings-field 形如 905 或 905$b$d$e", "--holdings-field: 905 or 905$b$d$e"
        )
        raise DeskError("bad_input", detail=detail) from None
    if args.report and Path(args.report).suffix.lower() not in (".csv", ".xlsx"):
        detail = Text("--report 应为 .xlsx 或 .csv", "--report: .xlsx or .csv")
        raise DeskError("bad_input", detail=detail)

    def progress(done: int, total: int) -> None:
        if not args.json:
            print(say(f"已处理 {done}/{total} 条记录", f"{done}/{total} records"), file=sys.stderr)

    cancel = threading.Event()
    try:
        report = desk_marc.import_file(
            desk,
            actor(args, desk),
            Path(args.file),
            fmt=args.format,
            encoding=args.encoding,
            holdings=spec,
            material_type=args.material,
            progress=progress,
            cancel=cancel,
        )
    except KeyboardInterrupt:  # finished batches are committed; say so
        print(
            say("已中断：已完成的批次已保存", "interrupted: finished batches are kept"),
            file=sys.stderr,
        )
        return Exit.INTERRUPTED
    if args.report:
        report.export(Path(args.report))
    return emit(args, report.to_dict(), report.text())


def cmd_export_marc(args: argparse.Namespace, desk: Desk) -> int:
    path = Path(args.file)
    result = desk_marc.export_file(
        desk,
        actor(args, desk),
        path,
        scope="shipment" if args.shipment else "holdings",
        shipment=args.shipment,
        fmt=args.format,
        flavour=args.flavour,
        encoding=args.encoding,
    )
    data = {
        "path": str(path),
        "records": result.records,
        "items": result.items,
        "skipped": [{"uid": uid, **why.to_dict()} for uid, why in result.skipped],
    }
    text = render("marc_export_summary", {**data, "path": str(path)})
    text += "".join(f"\n  {uid}: {why.text()}" for uid, why in result.skipped)
    return emit(args, data, text)


def cmd_search(args: argparse.Namespace, desk: Desk) -> int:
    if args.online:
        return _search_online(args, desk)
    hits = desk.read(search.search_holdings, actor(args, desk), args.query, args.limit)
    on_shelf = say("在架", "on shelf")
    lines = [
        f"{h.title.title}  {h.title.author}  {h.title.publisher}  {h.title.clc}  "
        f"ISBN {h.title.isbn or '-'}  {on_shelf} {h.available}/{h.copies}"
        for h in hits
    ]
    return emit(args, hits, "\n".join(lines) or none_text())


def _search_online(args: argparse.Namespace, desk: Desk) -> int:
    """The union catalogue at the hub: every point's copies, marked as online results."""
    hits = union.union_search(desk, args.query, args.limit)
    on_shelf = say("全区在架", "on shelf in the district")
    marker = say("[在线 online]", "[online]")
    lines = []
    for h in hits:
        lines.append(
            f"{marker} {h.title}  {h.author}  {h.publisher}  {h.clc}  "
            f"ISBN {h.isbn or '-'}  {on_shelf} {h.available}/{len(h.copies)}"
        )
        lines += [
            f"    {c.point_code} {c.point_name}  {c.call_number}  {c.barcode}  {c.status}"
            for c in h.copies
        ]
    return emit(args, hits, "\n".join(lines) or none_text())


def cmd_reindex(args: argparse.Namespace, desk: Desk) -> int:
    n = desk.write(search.rebuild_index, actor(args, desk))
    return emit(
        args,
        {"indexed": n},
        say(f"已重建检索索引：{n} 种书目", f"search index rebuilt: {n} titles"),
    )


def register(verbs: Verbs) -> None:
    tt = verbs.group("title", "bibliographic records")
    sp = tt.add("add", cmd_title_add, "add a title")
    sp.add_argument("--title", required=True)
    for opt in ("--isbn", "--author", "--publisher", "--year", "--clc"):
        sp.add_argument(opt)
    sp.add_argument("--language", default="chi")
    tt.add("search", cmd_title_search, "find titles").add_argument("query")

    it = verbs.group("item", "copies")
    sp = it.add("add", cmd_item_add, "add a copy")
    sp.add_argument("--barcode", required=True)
    sp.add_argument("--title", required=True, help="title uid or ISBN")
    sp.add_argument("--call-number", required=True)
    sp.add_argument("--material", default="book")
    sp.add_argument("--price", help="price in CNY")
    it.add("show", cmd_item_show, "show a copy").add_argument("barcode")

    sp = verbs.add("import-marc", cmd_import_marc, "import a MARC file (ISO 2709 or MARCXML)")
    sp.add_argument("file")
    sp.add_argument("--format", choices=marc.FORMATS, default="auto")
    sp.add_argument("--encoding", choices=marc.ENCODINGS, default="auto")
    sp.add_argument(
        "--holdings-field", default="905", help="holdings tag, or TAG$barcode$class$book"
    )
    sp.add_argument("--material", default="book", help="material type of imported copies")
    sp.add_argument("--report", help="write the report to .xlsx or .csv")

    sp = verbs.add(
        "export-marc", cmd_export_marc, "export this point's holdings (or a shipment) as MARC"
    )
    sp.add_argument("file", help="the file to write")
    sp.add_argument("--shipment", help="only this shipment's copies (uid or its short form)")
    sp.add_argument("--format", choices=marc_export.EXPORT_FORMATS, default="iso2709")
    sp.add_argument("--flavour", choices=marc_export.FLAVOURS, default="cnmarc")
    sp.add_argument("--encoding", choices=marc_export.EXPORT_ENCODINGS, default="utf-8")

    sp = verbs.add("search", cmd_search, "search holdings: Chinese, pinyin, ISBN, CLC, barcode")
    sp.add_argument("query")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument(
        "--online", action="store_true", help="search the whole district at the hub (union)"
    )
    verbs.add("search-reindex", cmd_reindex, "rebuild the holdings search index")
