"""``xclib-desk compliance``: this point's figures against the district's KPI targets.

Registered on ``xclib-desk``'s sub-commands by :func:`register`; the figures come from
:func:`xclib_desk.services.compliance.point_compliance` (definitions in ``standards.kpi``).
"""

from __future__ import annotations

import argparse
from typing import Any

from .desk import Desk
from .services import compliance
from .standards import kpi

MARK = {"green": "●绿", "amber": "●黄", "red": "●红", "none": "○—"}


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


def text(pc: kpi.PointCompliance) -> str:
    head = f"{pc.point_code} {pc.point_name}  {pc.year} 年（截至 {pc.as_of}）"
    lines = [f"{head}  总评 {MARK[pc.overall]}"]
    for u in kpi.Unification:
        lines.append(f"{kpi.UNIFICATION_NAMES[u]} {MARK[pc.unifications[u]]}")
        for f in pc.figures:
            if f.unification == u:
                lines.append(
                    f"  {f.name_zh}: {_num(f.value)} {f.unit}  目标 {_num(f.target)}  "
                    f"{MARK[f.rating]}"
                )
    return "\n".join(lines)


def cmd_compliance(args: argparse.Namespace, desk: Desk | None) -> int:
    from . import cli

    assert desk is not None
    pc = desk.read(compliance.point_compliance, cli._actor(args, desk), args.year)
    return int(cli._emit(args, pc, text(pc)))


def register(sub: Any) -> None:
    from . import cli

    sp = sub.add_parser(
        "compliance",
        help="this point's figures against the district's targets (green/amber/red)",
        parents=[cli.common_options()],
    )
    sp.add_argument("--year", help="year (default: this year)")
    sp.set_defaults(handler=cmd_compliance)
