"""The benchmark still runs end to end (tiny size); its timings are never asserted here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_circulation.py"


def test_bench_runs_and_reports_every_measure(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_circulation", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    size = ["--readers", "300", "--items", "900", "--loans", "150", "--ops", "12", "--warmup", "2"]
    args = bench.parse([*size, "--work-dir", str(tmp_path)])
    result = bench.run(args)
    assert result["store"]["open_loans"] == 150
    for side in ("service", "baseline_sqlite3"):
        for op in ("check_out", "check_in", "look_up"):
            assert result[side][op]["n"] == 12
            assert result[side][op]["median_ms"] > 0
    assert set(result["ratio_service_to_baseline"]["check_out"]) == {"median", "p95", "cpu_median"}
    assert list(tmp_path.iterdir()) == []  # the stores are cleaned up
