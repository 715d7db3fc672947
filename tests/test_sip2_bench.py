"""The SIP2 benchmark still runs end to end (tiny size); timings are never asserted here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_sip2.py"


def test_bench_sip2_runs_and_reports(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_sip2", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(bench.parse(["--ops", "3", "--kiosks", "2", "--work-dir", str(tmp_path)]))
    assert result["one_kiosk"]["check_out"]["n"] == 3
    assert result["2_kiosks_at_once"]["check_out"]["n"] == 6
    assert result["desk_write_only"]["check_in"]["n"] == 3
    assert list(tmp_path.iterdir()) == []
