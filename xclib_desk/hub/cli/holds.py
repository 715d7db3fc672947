"""``xclib-hub holds sweep|stats``: the district's hold queues (hub/holds.py, docs/holds.md)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import UTC, datetime

from ..holds import counts
from ..push.holds import sweep
from ..reports import year_arg
from ..stats import year_bounds
from .common import Verbs, emit, hub


def cmd_sweep(args: argparse.Namespace) -> int:
    """Lapse old requests and re-aim targets no point acted on (run it on a timer)."""
    with hub(args).write() as s:
        n = sweep(s, datetime.now(UTC))
    return emit(args, {"changed": n}, f"{n} holds changed")


def cmd_stats(args: argparse.Namespace) -> int:
    year = year_arg(args.year)
    start, end = year_bounds(year)
    with hub(args).read() as s:
        rows = [asdict(x) for x in counts(s, start, end)]
    text = "\n".join(
        f"{r['point']:<12} placed {r['placed']} filled {r['filled']} lapsed {r['lapsed']} "
        f"expired {r['expired']} median days to fill {r['median_days_to_fill']}"
        for r in rows
    )
    return emit(args, rows, text or "(none)")


def register(verbs: Verbs) -> None:
    h = verbs.group("holds", "the district's hold queues (预约)")
    h.add("sweep", cmd_sweep, "lapse old requests, re-aim stale or offline targets")
    p = h.add("stats", cmd_stats, "holds placed, filled, lapsed, expired per point and district")
    p.add_argument("--year")
