"""Door scanning speed: one card scanned at an activity's door, through ``Desk.write``.

Builds a store with ``bulkload.bulk_load`` (20,000 readers by default), plans one activity with
no capacity, then times ``activities.admit`` for ``--ops`` distinct cards, then the same cards
again (each refused as a second scan, counted once), then the close. Prints JSON.

    .venv/bin/python bench/bench_activities.py [--readers 20000] [--ops 500]

Target: a door scan within 2x a one-row write transaction on the same store (the commit is
the cost; a queue at the door moves at the scanner's speed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bulkload import bulk_load
from sqlalchemy import text
from sqlalchemy.orm import Session

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.services import activities
from xclib_desk.services.context import Actor, Ctx

LIB = Actor("lib", "librarian", "李馆员")
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # a Tuesday morning in Beijing


def _ms(samples: list[float]) -> dict[str, float]:
    s = sorted(x * 1000 for x in samples)
    return {
        "median_ms": round(s[len(s) // 2], 3),
        "p95_ms": round(s[min(len(s) - 1, round(0.95 * (len(s) - 1)))], 3),
    }


def _one_row(s: Session, ctx: Ctx, k: int) -> None:
    """A one-row insert: the commit (fsync) every write pays, and nothing else."""
    s.execute(text("INSERT INTO sync_state(key, value) VALUES (:k, 'x')"), {"k": f"bench{k}"})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--readers", type=int, default=20_000)
    ap.add_argument("--ops", type=int, default=500)
    args = ap.parse_args()
    clock = FixedClock(NOW)
    with tempfile.TemporaryDirectory() as tmp:
        desk = Desk.initialise(
            Path(tmp), point_code="BENCH", point_name="测速", level="street", clock=clock
        )
        loaded = bulk_load(desk, readers=args.readers, items=10, open_loans=0)
        first = int(loaded.card_numbers[0][2:])
        cards = [f"XC{first + k:08d}" for k in range(min(args.ops, args.readers))]
        uid = desk.write(
            activities.plan, LIB, series="sxxc", title="测速", starts_at=NOW + timedelta(minutes=5),
            ends_at=NOW + timedelta(hours=2), target_group="public",
        ).uid  # fmt: skip
        admit, again = [], []
        for card in cards:
            t = time.perf_counter()
            desk.write(activities.admit, LIB, uid, card)
            admit.append(time.perf_counter() - t)
        for card in cards:
            t = time.perf_counter()
            with contextlib.suppress(DeskError):
                desk.write(activities.admit, LIB, uid, card)
            again.append(time.perf_counter() - t)
        empty = []  # the baseline: a one-row write transaction on the same store (its commit)
        for k in range(len(cards)):
            t = time.perf_counter()
            desk.write(_one_row, LIB, k)
            empty.append(time.perf_counter() - t)
        clock.advance(minutes=10)
        t = time.perf_counter()
        closed = desk.write(activities.close, LIB, uid, "")
        close_ms = (time.perf_counter() - t) * 1000
        desk.close()
    print(
        json.dumps(
            {
                "readers": args.readers,
                "scans": len(cards),
                "admit": _ms(admit),
                "second_scan_refused": _ms(again),
                "one_row_write_baseline": _ms(empty),
                "close_ms": round(close_ms, 3),
                "participants": closed.participants,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
