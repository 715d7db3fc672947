"""Holds (预约) at district size: the hub re-aiming every waiting hold, and placing a hold at the
desk. Prints JSON.

Hub: a hub database (SQLite file, or ``--hub-db URL``: PostgreSQL) with 300,000 copies of
100,000 titles at 60 points (a third of them on loan) and 10,000 waiting holds over 5,000
titles, half of them aimed already; then ``hub.holds.retarget`` over the whole district, timed
(each round first drops a quarter of the targets as stale, so every round re-aims for real).
Desk: a store built with ``bulkload.bulk_load`` (``--readers/--items``), then
``services.holds.place`` through ``Desk.write`` for different readers and titles, timed.

    .venv/bin/python bench/bench_holds.py                       # full size
    .venv/bin/python bench/bench_holds.py --items 30000 --holds 1000 --readers 5000 --ops 50

Targets (issue 15): retarget 10,000 holds over 300,000 copies under 1 s; placing p95 < 10 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bulkload import bulk_load
from sqlalchemy import insert, select, update

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.hub.db import open_hub
from xclib_desk.hub.holds import current_rules, retarget
from xclib_desk.hub.models import HubHold, HubItem, HubTitle
from xclib_desk.models import Reader, Title
from xclib_desk.services import holds
from xclib_desk.services.context import Actor

FRONT = Actor("desk", "desk", "张前台")
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def _p95(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def build_hub(url: str, items: int, n_holds: int, points: int, seed: int) -> None:
    rng = random.Random(seed)
    hub = open_hub(url)
    codes = [f"P{i:03d}" for i in range(points)]
    n_titles = max(1, items // 3)
    titles = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(n_titles)]
    with hub.write() as s:
        for i in range(0, n_titles, 5000):
            s.execute(
                insert(HubTitle),
                [{"uid": t, "data": {"title": f"书{j}"}, "isbn": None, "search_text": ""}
                 for j, t in enumerate(titles[i : i + 5000], start=i)],
            )  # fmt: skip
        rows = []
        for n in range(items):
            loc = rng.choice(codes)
            rows.append(
                {"barcode": f"B{n:09d}", "title_uid": titles[n % n_titles], "call_number": "",
                 "material_type": "book", "owner": loc, "location": loc,
                 "status": "on_loan" if rng.random() < 0.33 else "available", "state_hlc": ""}
            )  # fmt: skip
            if len(rows) == 5000:
                s.execute(insert(HubItem), rows)
                rows = []
        if rows:
            s.execute(insert(HubItem), rows)
        held = rng.sample(titles, min(len(titles), max(1, n_holds // 2)))
        rows = []
        for n in range(n_holds):
            rows.append(
                {"uid": str(uuid.UUID(int=rng.getrandbits(128))), "card_no": f"C{n:08d}",
                 "reader_type": "senior" if n % 10 == 0 else "adult",
                 "title_uid": held[n % len(held)], "placed_point": rng.choice(codes),
                 "pickup_point": rng.choice(codes), "status": "waiting",
                 "priority": 1 if n % 10 == 0 else 0,
                 "placed_at": NOW - timedelta(minutes=n_holds - n),
                 "lapse_on": date(2027, 3, 1), "tried": []}
            )  # fmt: skip
        s.execute(insert(HubHold), rows)
    with hub.write() as s:  # a first pass: half the queue is aimed already, as in service
        retarget(s, NOW, current_rules(s))
    hub.engine.dispose()


def time_retarget(url: str, rounds: int) -> dict[str, Any]:
    hub = open_hub(url)
    samples, cpu, changed = [], [], []
    for r in range(rounds):
        with hub.write() as s:
            uids = list(s.scalars(select(HubHold.uid).where(HubHold.target_item.is_not(None))))[
                r::4
            ]
            s.execute(
                update(HubHold)
                .where(HubHold.uid.in_(uids[:30000]))
                .values(targeted_at=NOW - timedelta(days=30))
            )
        with hub.write() as s:
            rules = current_rules(s)
            t0, c0 = time.perf_counter(), time.process_time()
            n = retarget(s, NOW + timedelta(minutes=r), rules)
            s.flush()
            samples.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            changed.append(len(n))
    hub.engine.dispose()
    return {
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "changed_per_round": changed,
        "rounds": rounds,
    }


def time_place(work: Path, readers: int, items: int, ops: int, seed: int) -> dict[str, Any]:
    clock = FixedClock(NOW)
    desk = Desk.initialise(work / "desk", point_code="XJK", point_name="西长安街", level="street",
                           clock=clock)  # fmt: skip
    bulk_load(desk, readers=readers, items=items, open_loans=min(readers, items) // 10, seed=seed)
    rng = random.Random(seed)
    with desk.session(write=False) as s:
        cards = list(s.scalars(select(Reader.card_no).where(Reader.reader_type == "adult")))
        titles = list(s.scalars(select(Title.uid).limit(50_000)))
    samples: list[float] = []
    cpu: list[float] = []
    refused = 0
    for _ in range(ops):
        card, title = rng.choice(cards), rng.choice(titles)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            desk.write(holds.place, FRONT, card, title)
        except DeskError:  # a title of a non-holdable type, a reader at the limit
            refused += 1
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        clock.advance(seconds=1)
    desk.close()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(_p95(samples), 3),
        "cpu_p95_ms": round(_p95(cpu), 3),
        "n": len(samples),
        "refused": refused,
    }


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--items", type=int, default=300_000, help="copies at the hub and the desk")
    p.add_argument("--holds", type=int, default=10_000)
    p.add_argument("--points", type=int, default=60)
    p.add_argument("--readers", type=int, default=100_000)
    p.add_argument("--desk-items", type=int, default=None, help="copies at the desk (--items)")
    p.add_argument("--skip-desk", action="store_true")
    p.add_argument("--ops", type=int, default=300, help="holds placed at the desk")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--hub-db", help="a hub database URL (default: a SQLite file)")
    p.add_argument("--work-dir")
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args(argv)


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="bench_holds_"))
    url = args.hub_db or f"sqlite:///{work / 'hub.sqlite3'}"
    build_hub(url, args.items, args.holds, args.points, args.seed)
    return {
        "hub": {"copies": args.items, "holds": args.holds, "points": args.points,
                "db": url.split(":", 1)[0],
                "retarget": time_retarget(url, args.rounds)},
        "desk": None if args.skip_desk else {
            "readers": args.readers, "items": args.desk_items or args.items,
            "place": time_place(work, args.readers, args.desk_items or args.items, args.ops,
                                args.seed)},
        "targets": {"retarget_s": 1.0, "place_p95_ms": 10.0},
    }  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(run(parse(sys.argv[1:])), ensure_ascii=False, indent=2))
