"""``xclib-hub report compliance|stats``: the district reports as xlsx, csv or json.

Registered on ``xclib-hub``'s sub-commands by :func:`register`. Everything is checked (format,
year, output file) before anything is written; a refusal exits 1 with a message and no file.
Without ``--out``, json goes to stdout and xlsx/csv to ``compliance-YEAR.xlsx`` (or
``stats-YEAR.csv``) in the current directory.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from ..common.figures import Table, parse_year
from ..common.times import BEIJING, utcnow
from ..exports import write_tables
from ..sync.reports import DistrictStatsOut, StatsTableOut
from .admin import HubError

FORMATS = ("xlsx", "csv", "json")


def stats_out(year: int, tables: list[Table]) -> DistrictStatsOut:
    return DistrictStatsOut(
        year=year,
        tables=[StatsTableOut(name=t.name, header=t.header, rows=t.rows) for t in tables],
    )


def _target(args: argparse.Namespace, year: int) -> Path | None:
    if args.out:
        out = Path(args.out)
    elif args.format == "json":
        return None
    else:
        out = Path(f"{args.kind}-{year}.{args.format}")
    if out.suffix.lower() != f".{args.format}":
        raise HubError(400, "bad_input", f"--out {out.name}: a .{args.format} file expected")
    if not out.parent.is_dir():
        raise HubError(400, "bad_input", f"no such directory: {out.parent}")
    return out


def cmd_report(args: argparse.Namespace) -> int:
    from .cli import _hub
    from .compliance import compliance_report, report_tables
    from .stats import district_statistics

    year = _year_arg(args.year)
    out = _target(args, year)
    with _hub(args.db).read() as s:
        if args.kind == "compliance":
            report = compliance_report(s, year)
            tables = report_tables(report)
            data: Any = report.model_dump(mode="json")
        else:
            tables = district_statistics(s, year)
            data = stats_out(year, tables).model_dump(mode="json")
    if out is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if args.format == "json":
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        write_tables(out, {t.name: (t.header, t.rows) for t in tables})
    print(json.dumps({"out": str(out)}) if args.json else f"{args.kind} {year} -> {out}")
    return 0


def _year_arg(raw: str | None) -> int:
    """The year asked for (default: this Beijing year); a clear refusal for anything else."""
    this_year = utcnow().astimezone(BEIJING).year
    try:
        year = parse_year(raw if raw is not None else this_year)
    except ValueError as e:
        raise HubError(422, "bad_input", str(e)) from None
    if year > this_year:
        raise HubError(422, "bad_input", f"{year} 年尚未开始 / year {year} has not begun")
    return year


def register(sub: Any, default_db: str) -> None:
    """Add ``report compliance|stats`` to ``xclib-hub``."""
    report = sub.add_parser("report", help="district reports: compliance, statistics")
    rsub = report.add_subparsers(dest="kind", required=True)
    for kind, helptext in (
        ("compliance", "every point's figures against the targets, green/amber/red, by month"),
        ("stats", "circulation by month, point, reader type, CLC class; acquisitions; visits"),
    ):
        p = rsub.add_parser(kind, help=helptext)
        p.add_argument("--db", default=os.environ.get("XCLIB_HUB_DB", default_db))
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument("--format", choices=FORMATS, default="xlsx")
        p.add_argument("--year", help="year (default: this year)")
        p.add_argument("--out", help="file to write (default: KIND-YEAR.FORMAT; json: stdout)")
        p.set_defaults(handler=cmd_report)
