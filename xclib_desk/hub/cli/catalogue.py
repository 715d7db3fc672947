"""``xclib-hub import-marc FILE --point CODE``: MARC records into the union catalogue, the
copies owned by and shelved at the point (the hall), published to its feed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import marc
from ...common.output import say
from ..errors import HubError
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


def register(verbs: Verbs) -> None:
    p = verbs.add("import-marc", cmd_import_marc, "import a MARC file into the union catalogue")
    p.add_argument("file")
    p.add_argument("--point", required=True, help="owner and shelf of the copies (the hall)")
    p.add_argument("--format", choices=["auto", "iso2709", "marcxml"], default="auto")
    p.add_argument("--encoding", choices=["auto", "utf-8", "gb18030"], default="auto")
    p.add_argument("--holdings-field", default="905", help="tag, or TAG$barcode$class$book")
    p.add_argument("--material", default="book", help="material type of the copies")
    p.add_argument("--report", help="write the report to .xlsx or .csv")
    p.add_argument("--batch", type=int, default=500, help="records per transaction")
