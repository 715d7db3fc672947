"""``xclib-hub report compliance|stats``: the district reports as xlsx, csv or json.

Everything is checked (format, year, output file) before anything is written; a refusal exits 1
with a message and no file. Without ``--out``, json goes to stdout (the report itself, or inside
the result envelope with ``--json``) and xlsx/csv to ``compliance-YEAR.xlsx`` (or
``stats-YEAR.csv``) in the current directory. The json is the data (table and column codes);
the xlsx and csv are labelled in both languages (``exports.write_report``), as district reports
travel.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ...common.figures import LABELS
from ...exports import write_report
from ..compliance import compliance_report, report_labels, report_tables
from ..errors import HubError
from ..reports import stats_out, year_arg
from ..stats import district_statistics
from .common import Verbs, emit, hub

FORMATS = ("xlsx", "csv", "json")


def _target(args: argparse.Namespace, year: int) -> Path | None:
    if args.out:
        out = Path(args.out)
    elif args.format == "json":
        return None
    else:
        out = Path(f"{args.report_verb}-{year}.{args.format}")
    if out.suffix.lower() != f".{args.format}":
        raise HubError(400, "bad_input", f"--out {out.name}: a .{args.format} file expected")
    if not out.parent.is_dir():
        raise HubError(400, "bad_input", f"no such directory: {out.parent}")
    return out


def cmd_report(args: argparse.Namespace) -> int:
    kind = args.report_verb
    year = year_arg(args.year)
    out = _target(args, year)
    with hub(args).read() as s:
        if kind == "compliance":
            report = compliance_report(s, year)
            tables = report_tables(report)
            labels = report_labels(report)
            data: Any = report.model_dump(mode="json")
        else:
            tables = district_statistics(s, year)
            labels = LABELS
            data = stats_out(year, tables).model_dump(mode="json")
    if out is None:  # the report itself is the output
        return emit(args, data, json.dumps(data, ensure_ascii=False, indent=2))
    if args.format == "json":
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        write_report(out, tables, labels)
    return emit(args, {"out": str(out)}, f"{kind} {year} -> {out}")


def register(verbs: Verbs) -> None:
    report = verbs.group("report", "district reports: compliance, statistics")
    for kind, helptext in (
        ("compliance", "every point's figures against the targets, green/amber/red, by month"),
        ("stats", "circulation by month, point, reader type, CLC class; acquisitions; visits"),
    ):
        p = report.add(kind, cmd_report, helptext)
        p.add_argument("--format", choices=FORMATS, default="xlsx")
        p.add_argument("--year", help="year (default: this year)")
        p.add_argument("--out", help="file to write (default: KIND-YEAR.FORMAT; json: stdout)")
