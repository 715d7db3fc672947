"""How long a command-line verb takes from the shell: a fresh process against the resident desk.

Every ``xclib-desk`` verb used to start a new Python process that loads SQLAlchemy, pydantic and
our tables before doing anything; the resident desk (``xclib_desk/resident.py``, docs/cli.md)
runs a verb in a fork of a process that loaded them once. This times whole commands from outside,
as a shell runs them: ``status``, a ``checkout`` followed by a ``checkin`` of the same copy, a
``search`` (pinyin), and with ``--sync`` a ``sync`` against a demo hub on loopback (nothing to
send). Each round runs every verb once fresh (``XCLIB_DESK_RESIDENT=0``) and once resident,
alternated, so a busy machine slows both sides alike. Prints JSON: medians, ratios, and whether
each resident median is under the issue's 0.4 s.

    .venv/bin/python bench/bench_cli.py                  # 15 rounds on a small demo store
    .venv/bin/python bench/bench_cli.py --rounds 30 --sync
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xclib_desk.demo.launch import local_hub, prepare
from xclib_desk.resident import FLAG, SWITCH

EXE = Path(sys.executable).with_name("xclib-desk")
TARGET_S = 0.4


def demo_store(root: Path) -> Path:
    """A small offline demo store (readers, copies, months of loans)."""
    data = root / "desk"
    sizes = ["--readers", "60", "--titles", "80", "--items", "160", "--loans", "40"]
    subprocess.run(
        [sys.executable, "-m", "xclib_desk.demo", str(data), *sizes],
        check=True,
        capture_output=True,
        env={**os.environ, SWITCH: "0"},
    )
    return data


def lendable(data: Path) -> tuple[str, str]:
    """A reader who may borrow (no open loan, no open fee) and a copy on the shelf."""
    con = sqlite3.connect(data / "store.sqlite3")
    try:
        card = con.execute(
            "SELECT card_no FROM reader r WHERE status = 'active' AND index_only = 0"
            " AND expires_on > date('now', '+1 year')"
            " AND NOT EXISTS (SELECT 1 FROM loan WHERE reader_id = r.id AND returned_at IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM fee WHERE reader_id = r.id AND status = 'open')"
            " ORDER BY expires_on DESC LIMIT 1"
        ).fetchone()[0]
        item = con.execute("SELECT barcode FROM item WHERE status = 'available' LIMIT 1").fetchone()
        return str(card), str(item[0])
    finally:
        con.close()


def timed(argvs: list[list[str]], env: dict[str, str]) -> float:
    """Wall seconds of the commands run one after another, each checked to succeed."""
    t = time.perf_counter()
    for argv in argvs:
        out = subprocess.run([str(EXE), *argv], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {out.stderr.strip()}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--sync", action="store_true", help="also time sync (seeds a demo hub, ~2 min)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "run").mkdir()
        env = {k: v for k, v in os.environ.items() if k != SWITCH}
        env["TMPDIR"] = str(root / "run")  # this run's own resident desk
        hub = None
        if args.sync:
            hub = local_hub(root)
            data = prepare(root, hub, say=lambda _m: None)
        else:
            data = demo_store(root)
        card, item = lendable(data)
        d = ["--data-dir", str(data)]
        verbs: dict[str, list[list[str]]] = {
            "status": [[*d, "status"]],
            "checkout+checkin": [[*d, "checkout", card, item], [*d, "checkin", item]],
            "search": [[*d, "search", "xiyou"]],
        }
        if args.sync:
            verbs["sync"] = [[*d, "sync"]]
        fresh_env = {**env, SWITCH: "0"}
        try:
            timed(verbs["status"], env)  # the first verb runs fresh and leaves the resident desk
            until_resident(lambda: resident_status(env))
            times: dict[str, dict[str, list[float]]] = {
                v: {"fresh": [], "resident": []} for v in verbs
            }
            for _ in range(args.rounds):
                for verb, argvs in verbs.items():
                    times[verb]["fresh"].append(timed(argvs, fresh_env))
                    times[verb]["resident"].append(timed(argvs, env))
            served = resident_status(env).get("served")
        finally:
            subprocess.run([str(EXE), FLAG, "stop"], env=env, capture_output=True)
            if hub is not None and hub.proc is not None:
                hub.proc.terminate()
                hub.proc.wait()
    result: dict[str, object] = {"rounds": args.rounds, "served_by_resident": served}
    for verb, pair in times.items():
        commands = len(verbs[verb])
        fresh = statistics.median(pair["fresh"])
        res = statistics.median(pair["resident"])
        result[verb] = {
            "fresh_median_s": round(fresh, 3),
            "resident_median_s": round(res, 3),
            "resident_per_verb_s": round(res / commands, 3),
            "resident_min_max_s": [
                round(min(pair["resident"]), 3),
                round(max(pair["resident"]), 3),
            ],
            "ratio": round(res / fresh, 2),
            "under_target": res / commands < TARGET_S,
        }
    result["load_average"] = os.getloadavg()
    print(json.dumps(result, indent=2))


def resident_status(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run([str(EXE), FLAG, "status"], env=env, capture_output=True, text=True)
    answer: dict[str, object] = json.loads(out.stdout)
    return answer


def until_resident(ask: Callable[[], dict[str, object]]) -> None:
    deadline = time.monotonic() + 60
    while "pid" not in ask():
        if time.monotonic() > deadline:
            raise SystemExit("no resident desk came up")
        time.sleep(0.1)


if __name__ == "__main__":
    main()
