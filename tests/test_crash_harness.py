"""kill -9 at random moments (a desk in its check-outs, a desk syncing, the hub taking a push)
loses and doubles nothing: the crash harness (tests/crash_harness.py), about 20 kills."""

from __future__ import annotations

import json
import os

import pytest
from crash_harness import PHASES, run

#: kills in all; ``XCLIB_CRASH_RUNS`` raises it for a longer soak (``python tests/crash_harness.py
#: --runs N`` does the same from a shell)
RUNS = int(os.environ.get("XCLIB_CRASH_RUNS", "21"))


def test_kill_9_loses_and_doubles_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    summary = run(RUNS, pg_url=os.environ.get("XCLIB_TEST_PG_URL"))
    with capsys.disabled():
        print("\ncrash harness:", json.dumps(summary, ensure_ascii=False))
    assert summary["failures"] == []
    assert summary["runs"] == RUNS
    assert set(summary["kills"]) == set(PHASES) and sum(summary["kills"].values()) == RUNS
    assert summary["acknowledged_operations"] > 0 and summary["events"] > 0
