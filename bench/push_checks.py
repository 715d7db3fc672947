"""Push throughput with the hub's checks (clock clamp, reused numbers, storable ledger), against a
baseline measured in the same run. Prints JSON.

Each run is a child process that imports ``xclib_desk`` from the checkout it is given, makes a
fresh hub database (SQLite file, migrated), enrols a device and pushes a realistic mix (titles,
copies, readers, then loans and returns; ``bench_sync.events``) through ``push_events`` in
batches, one transaction per batch as the HTTP layer does. Only the pushes are timed. Runs of
the two checkouts alternate, so machine noise falls on both; the figure is the median.

    .venv/bin/python bench/push_checks.py --base /tmp/base-bench     # a checkout of main
    .venv/bin/python bench/push_checks.py --base /tmp/base-bench --events 4000 --runs 5

Make the base with ``git worktree add /tmp/base-bench <commit>``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_sync import device, prepare
from bench_sync import events as make_events
from sqlalchemy.orm import Session

# the checkout on PYTHONPATH: each run's child process is given the one it measures
import xclib_desk
from xclib_desk.common.times import utcnow
from xclib_desk.hub.push import push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.protocol.wire import PushRequest

ROOT = Path(__file__).resolve().parent.parent


def child(events: int, batch: int) -> dict[str, Any]:
    """One run with whatever ``xclib_desk`` is importable: events per second."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = prepare(f"sqlite:///{Path(tmp) / 'hub.sqlite3'}")
        dev, _token = device(engine, "B0001")
        evs = make_events(dev, "B0001", events, "b")
        ref = DeviceRef(dev, "B0001")
        reqs = [
            PushRequest.model_validate({"device_id": dev, "events": evs[i : i + batch]})
            for i in range(0, len(evs), batch)
        ]
        wall = cpu = 0.0
        for req in reqs:
            with Session(engine) as s, s.begin():
                t, c = time.perf_counter(), time.process_time()
                results = push_events(s, ref, req, utcnow())
                wall += time.perf_counter() - t
                cpu += time.process_time() - c
            assert all(r.status in ("applied", "applied_with_flag") for r in results)
        engine.dispose()
    return {
        "events_per_s": len(evs) / wall,
        "events_per_cpu_s": len(evs) / cpu,
        "code": str(Path(xclib_desk.__file__).parent),
    }


def run_child(code: Path, events: int, batch: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=f"{code}{os.pathsep}{ROOT / 'bench'}")
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--events", str(events),
         "--batch", str(batch)],
        env=env, cwd=code, capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, help="a checkout to compare with (e.g. main's)")
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.events, a.batch)))
        return
    sides = {"checks": ROOT} | ({"base": a.base.resolve()} if a.base else {})
    # wall-clock rate, and the rate per CPU second of the pushing process (SQLite runs in it):
    # on a shared machine the second is the steadier comparison
    metrics = ("events_per_s", "events_per_cpu_s")
    rates: dict[str, dict[str, list[float]]] = {m: {k: [] for k in sides} for m in metrics}
    used: dict[str, str] = {}
    for _ in range(a.runs):
        for name, code in sides.items():
            r = run_child(code, a.events, a.batch)
            for m in metrics:
                rates[m][name].append(r[m])
            used[name] = r["code"]
    report: dict[str, Any] = {"events": a.events, "batch": a.batch, "runs": a.runs, "code": used}
    for m in metrics:
        report[m] = {k: round(statistics.median(v)) for k, v in rates[m].items()}
        report[m + "_runs"] = {k: [round(x) for x in v] for k, v in rates[m].items()}
        if "base" in sides:
            med = {k: statistics.median(v) for k, v in rates[m].items()}
            report[m + "_ratio_checks_to_base"] = round(med["checks"] / med["base"], 3)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
