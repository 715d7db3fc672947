"""The authority benchmark still runs end to end (tiny size) and reports both sides; timings are
never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_authority_bench_pushes_the_same_work_with_and_without_the_checks() -> None:
    out = subprocess.run(
        [sys.executable, "bench/bench_push_authority.py", "--events", "120", "--batch", "50",
         "--rounds", "1", "--backends", "sqlite"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    res = json.loads(out.stdout)["sqlite"]
    assert set(res["events_per_s"]) == {"with_checks", "without_checks"}
    assert all(v > 0 for v in res["events_per_s"].values())
    assert "cost_of_checks_pct" in res and "cpu_cost_of_checks_pct" in res
