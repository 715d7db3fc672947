"""The desk as staff feel it: scanner Enter -> check-out shown in the loan list; cold start.

1. Builds a district-size store (``bulkload.bulk_load``: 100,000 readers, 300,000 items, 50,000 open
   loans by default), opens the real main window offscreen, and for each sampled reader scans the
   card, then items: the clock starts at the scanner's Enter (a real key event into the scan
   field) and stops when the new row is in the loan list (the worker thread committed, the signal
   reached the GUI thread, the table was updated).
2. Cold start: ``python -c`` that runs the real ``xclib_desk.ui.app.run`` on the same store,
   timed from process launch until the sign-in window is on screen; median of several runs.

    .venv/bin/python bench/bench_ui.py                               # full size
    .venv/bin/python bench/bench_ui.py --readers 5000 --items 15000 --loans 2500 --scans 60
    BENCH_READERS=... BENCH_ITEMS=... BENCH_LOANS=... (same as the flags)

Targets (the desk window's responsiveness): scan-to-list p95 under 50 ms; cold start to sign-in
under 2 s. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="xclib-bench-config-"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bulkload import bulk_load  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from xclib_desk.clock import FixedClock  # noqa: E402
from xclib_desk.common.times import BEIJING  # noqa: E402
from xclib_desk.demo.network import ensure_staff  # noqa: E402
from xclib_desk.desk import Desk  # noqa: E402
from xclib_desk.services.context import Actor  # noqa: E402
from xclib_desk.store import STORE_FILE  # noqa: E402
from xclib_desk.ui.app import install_translator  # noqa: E402
from xclib_desk.ui.context import UiContext  # noqa: E402
from xclib_desk.ui.main_window import MainWindow  # noqa: E402
from xclib_desk.ui.theme import apply_base  # noqa: E402

FRONT = Actor("desk", "desk", "张前台")
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # a Tuesday morning in Beijing


def stats(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ms[-1], 2),
        "n": len(ms),
    }


def pick(db: Path, readers: int, per_reader: int, seed: int) -> list[tuple[str, list[str]]]:
    """Readers who may borrow (adult, active, valid, nothing overdue, few loans) and free books."""
    con = sqlite3.connect(db)
    today = NOW.astimezone(BEIJING).date().isoformat()
    cards = [
        r[0]
        for r in con.execute(
            "SELECT card_no FROM reader WHERE status = 'active' AND reader_type = 'adult'"
            " AND expires_on > ? AND id NOT IN (SELECT reader_id FROM loan"
            " WHERE returned_at IS NULL AND (due_date < ? OR reader_id IS NULL)"
            " GROUP BY reader_id HAVING count(*) > 0)",
            (today, today),
        )
    ]
    (point_id,) = con.execute("SELECT point_id FROM store_meta").fetchone()
    books = [
        r[0]
        for r in con.execute(
            "SELECT barcode FROM item WHERE status = 'available' AND material_type = 'book'"
            " AND owner_point_id = ?",
            (point_id,),
        )
    ]
    con.close()
    rng = random.Random(seed)
    rng.shuffle(cards)
    rng.shuffle(books)
    if len(cards) < readers or len(books) < readers * per_reader:
        sys.exit("store too small for the requested scans")
    return [(cards[i], books[i * per_reader : (i + 1) * per_reader]) for i in range(readers)]


def wait(app: QApplication, cond: Any, timeout_s: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not cond():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not show the result")


def scan_latency(store: Path, sessions: list[tuple[str, list[str]]], warmup: int) -> list[float]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_base(app)
    install_translator(app, "zh")
    desk = Desk.open(store, FixedClock(NOW))
    ctx = UiContext(desk, FRONT, "zh")
    win = MainWindow(ctx)
    win.timer.stop()  # the status refresh would add noise; it runs on the background pool anyway
    win.resize(1366, 768)
    win.show()
    page = win.circulation
    field = page.scan
    samples: list[float] = []
    n = 0
    for card, books in sessions:
        QTest.keyClicks(field, card)
        QTest.keyClick(field, Qt.Key.Key_Return)
        wait(app, lambda c=card: page.reader is not None and page.reader.card_no == c)
        for barcode in books:
            rows = page.loans_table.rowCount()
            QTest.keyClicks(field, barcode)
            t0 = time.perf_counter()
            QTest.keyClick(field, Qt.Key.Key_Return)  # the scanner's Enter
            wait(
                app, lambda r=rows: page.loans_table.rowCount() > r or page.message.kind == "error"
            )
            dt = time.perf_counter() - t0
            if page.message.kind == "error":
                raise RuntimeError(f"check-out refused: {page.message.text()}")
            if n >= warmup:
                samples.append(dt)
            n += 1
    ctx.ops.shutdown()
    win.close()
    desk.close()
    return samples


CHILD = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from xclib_desk.ui.app import ensure_app, run
from xclib_desk.ui.signin import SignInDialog
app = ensure_app()
def poll():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, SignInDialog) and w.isVisible():
            app.processEvents()
            print("SIGNIN", flush=True)
            import os; os._exit(0)
    QTimer.singleShot(5, poll)
QTimer.singleShot(0, poll)
run(__import__("pathlib").Path(sys.argv[1]), "zh")
"""


def cold_start(store: Path, runs: int) -> list[float]:
    times = []
    env = dict(os.environ)
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        dt = time.perf_counter() - t0
        proc.wait(30)
        if b"SIGNIN" not in line:
            raise RuntimeError("the sign-in window did not appear")
        times.append(dt)
    return times


def main() -> int:
    env = os.environ.get
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readers", type=int, default=int(env("BENCH_READERS", 100_000)))
    ap.add_argument("--items", type=int, default=int(env("BENCH_ITEMS", 300_000)))
    ap.add_argument("--loans", type=int, default=int(env("BENCH_LOANS", 50_000)))
    ap.add_argument("--scans", type=int, default=200, help="timed check-outs")
    ap.add_argument("--per-reader", type=int, default=5, help="items scanned per card")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xclib-bench-ui-") as tmp:
        store = Path(tmp) / "desk"
        t0 = time.perf_counter()
        desk = Desk.initialise(
            store,
            point_code="XJK",
            point_name="新街口街道分馆",
            level="street",
            clock=FixedClock(NOW),
        )
        ensure_staff(desk)
        loaded = bulk_load(
            desk, readers=args.readers, items=args.items, open_loans=args.loans, seed=args.seed
        )
        desk.close()
        build_s = time.perf_counter() - t0
        total = args.scans + args.warmup
        sessions = pick(
            store / STORE_FILE, -(-total // args.per_reader), args.per_reader, args.seed
        )
        samples = scan_latency(store, sessions, args.warmup)
        cold = cold_start(store, args.cold_runs)
    out = {
        "store": {
            "readers": loaded.readers,
            "items": loaded.items,
            "open_loans": loaded.open_loans,
            "build_s": round(build_s, 1),
        },
        "scan_enter_to_loan_list": stats(samples) | {"target_p95_ms": 50},
        "cold_start_to_signin_s": {
            "median_s": round(statistics.median(cold), 3),
            "runs_s": [round(x, 3) for x in cold],
            "target_s": 2.0,
        },
        "platform": os.environ.get("QT_QPA_PLATFORM"),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
