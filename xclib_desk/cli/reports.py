"""This point's reports: ``stats`` (circulation, acquisitions, visits of a year; xlsx/csv
export) and ``compliance`` (its figures against the district's KPI targets, definitions in
``standards.kpi``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..common.figures import Lang, Table, display_rows, header, title
from ..common.output import language, say
from ..desk import Desk
from ..services import compliance, stats
from ..standards import kpi
from .common import Verbs, actor, emit

MARK = {
    "green": ("●绿", "● green"),
    "amber": ("●黄", "● amber"),
    "red": ("●红", "● red"),
    "none": ("○—", "○ —"),
}


def _mark(rating: str) -> str:
    return say(*MARK[rating])


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


def compliance_text(pc: kpi.PointCompliance) -> str:
    head = say(
        f"{pc.point_code} {pc.point_name}  {pc.year} 年（截至 {pc.as_of}）  总评 ",
        f"{pc.point_code} {pc.point_name}  {pc.year} (as of {pc.as_of})  overall ",
    )
    lines = [head + _mark(pc.overall)]
    for u in kpi.Unification:
        lines.append(f"{say(kpi.UNIFICATION_NAMES[u], u.value)} {_mark(pc.unifications[u])}")
        target = say("目标", "target")
        for f in pc.figures:
            if f.unification == u:
                lines.append(
                    f"  {say(f.name_zh, f.name_en)}: {_num(f.value)} {f.unit}  "
                    f"{target} {_num(f.target)}  {_mark(f.rating)}"
                )
    return "\n".join(lines)


def cmd_compliance(args: argparse.Namespace, desk: Desk) -> int:
    pc = desk.read(compliance.point_compliance, actor(args, desk), args.year)
    return emit(args, pc, compliance_text(pc))


def cmd_stats(args: argparse.Namespace, desk: Desk) -> int:
    who = actor(args, desk)
    year = args.year if args.year is not None else desk.read(lambda _s, c: c.today().year, who)
    tables = desk.read(stats.point_statistics, who, year)
    if args.export:
        stats.export(tables, Path(args.export))
    return emit(args, tables, "\n\n".join(stats_text(t) for t in tables))


def stats_text(table: Table) -> str:
    """A table as tab-separated lines, labelled in the user's language."""
    lang: Lang = "en" if language() == "en" else "zh"
    lines = [header(table, lang), *display_rows(table, lang)]
    return title(table, lang) + "\n" + "\n".join("\t".join(str(c) for c in r) for r in lines)


def register(verbs: Verbs) -> None:
    sp = verbs.add("stats", cmd_stats, "statistics of this point for a year")
    sp.add_argument("--year", type=int)
    sp.add_argument("--export", help="write the tables to .xlsx or .csv")
    sp = verbs.add(
        "compliance",
        cmd_compliance,
        "this point's figures against the district's targets (green/amber/red)",
    )
    sp.add_argument("--year", help="year (default: this year)")
