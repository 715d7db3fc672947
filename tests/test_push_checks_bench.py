"""The push-checks benchmark still runs end to end (tiny size) and reports its measures; timings
are never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_push_checks_bench_reports_both_rates() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "push_checks.py"), "--events", "60",
         "--batch", "25", "--runs", "1"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    report = json.loads(out.stdout)
    assert report["code"]["checks"] == str(ROOT / "xclib_desk")
    assert report["events_per_s"]["checks"] > 0 and report["events_per_cpu_s"]["checks"] > 0
