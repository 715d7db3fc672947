"""``xclib-hub import-marc FILE --point CODE``: MARC records into the union catalogue, the
copies owned by and shelved at the point (the hall), published to its feed; and
``xclib-hub export-marc FILE``: the union catalogue, a point's holdings or a shipment as MARC."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import marc, marc_export
from ...common.output import say
from ...errors import render
from ..errors import HubError
from ..marc_export import export_file
from ..marc_import import import_file
from .common import Verbs, emit, hub


def cmd_import_marc(args: argparse.Namespace) -> int:
    try:
        spec = marc.HoldingsSpec.parse(args.holdings_field)
    except ValueError:
        raise HubError(400, "bad_input", "--holdings-field: 905 or 905$b$d$e") from None
    if args.report and Path(args.report).suffix.lower() not in (".csv", ".xlsx"):
        raise HubError(400, "bad_input", "--report: .xlsx or .csv")

    def progress(done: int, total: int) -> None:
        if not args.json:
            text = say(f"已处理 {done}/{total} 条记录", f"{done}/{total} records")
            print(text, file=sys.stderr)

    report = import_file(
        hub(args),
        Path(args.file),
        args.point,
        fmt=args.format,
        encoding=args.encoding,
        holdings=spec,
        material_type=args.material,
        batch_size=args.batch,
        progress=progress,
    )
    if args.report:
        report.export(Path(args.report))
    return emit(args, report.to_dict(), report.text())


def cmd_export_marc(args: argparse.Namespace) -> int:
    path = Path(args.file)
    result = export_file(
        hub(args),
        path,
        point=args.point,
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
    text = render("marc_export_summary", data)
    text += "".join(f"\n  {uid}: {why.text()}" for uid, why in result.skipped)
    return emit(args, data, text)


def register(verbs: Verbs) -> None:
    p = verbs.add("import-marc", cmd_import_marc, "import a MARC file into the union catalogue")
    p.add_argument("file")
    p.add_argument("--point", required=True, help="owner and shelf of the copies (the hall)")
    p.add_argument("--format", choices=marc.FORMATS, default="auto")
    p.add_argument("--encoding", choices=marc.ENCODINGS, default="auto")
    p.add_argument("--holdings-field", default="905", help="tag, or TAG$barcode$class$book")
    p.add_argument("--material", default="book", help="material type of the copies")
    p.add_argument("--report", help="write the report to .xlsx or .csv")
    p.add_argument("--batch", type=int, default=500, help="records per transaction")

    p = verbs.add(
        "export-marc", cmd_export_marc, "export the union catalogue, a point or a shipment as MARC"
    )
    p.add_argument("file", help="the file to write")
    p.add_argument("--point", help="only the holdings this point owns")
    p.add_argument("--shipment", help="only the copies of this shipment (its uid)")
    p.add_argument("--format", choices=marc_export.EXPORT_FORMATS, default="iso2709")
    p.add_argument("--flavour", choices=marc_export.FLAVOURS, default="cnmarc")
    p.add_argument("--encoding", choices=marc_export.EXPORT_ENCODINGS, default="utf-8")
