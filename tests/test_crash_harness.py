"""kill -9 at random moments (a desk in its check-outs, a desk syncing, the hub taking a push)
loses and doubles nothing: the crash harness (tests/crash_harness.py), about 20 kills."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import uuid
from pathlib import Path

import pytest
from crash_harness import PHASES, Harness, run
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubEvent

#: kills in all; ``XCLIB_CRASH_RUNS`` raises it for a longer soak (``python tests/crash_harness.py
#: --runs N`` does the same from a shell)
RUNS = int(os.environ.get("XCLIB_CRASH_RUNS", "20"))


def test_kill_9_loses_and_doubles_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    summary = run(RUNS, pg_url=os.environ.get("XCLIB_TEST_PG_URL"))
    with capsys.disabled():
        print("\ncrash harness:", json.dumps(summary, ensure_ascii=False))
    assert summary["failures"] == []
    assert summary["runs"] == RUNS
    assert set(summary["kills"]) == set(PHASES) and sum(summary["kills"].values()) == RUNS
    assert summary["acknowledged_operations"] > 0 and summary["events"] > 0


def test_the_checks_see_a_lost_operation_a_gap_and_a_missing_ledger_row(tmp_path: Path) -> None:
    """The harness's checks are not vacuous: each planted fault is reported."""
    h = Harness(tmp_path, None, random.Random(7))
    try:
        h.setup(readers=4, items=8)
        h.operate(12)
        h.timed_sync()
        h.verify()
        assert h.summary.failures == []
        with h.journal.open("a", encoding="utf-8") as log:  # an acknowledged loan not kept
            log.write(f"checkout {h.items[0]} {uuid.uuid4()}\n")
        with sqlite3.connect(h.dir / "store.sqlite3") as con:  # a sequence number skipped
            con.execute("UPDATE store_meta SET next_seq = next_seq + 1")
        engine = make_engine(h.hub.db)  # the hub forgets one of the desk's events
        with Session(engine) as s, s.begin():
            s.execute(delete(HubEvent).where(HubEvent.event_id == select(
                func.min(HubEvent.event_id)).where(HubEvent.device_id == h.device
            ).scalar_subquery()))  # fmt: skip
        engine.dispose()
        h.verify()
        found = " | ".join(h.summary.failures)
        for fault in ("check-outs lost", "gap-free", "exactly once"):
            assert fault in found, found
    finally:
        h.close()
