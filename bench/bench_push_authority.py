"""What the authority checks cost a push: the same batches with and without them, in one run.

The hub's push (``hub.push.push_events``, in process, as the HTTP layer calls it) applies a
point's day of work: copies and readers registered, then check-outs, renewals, reader edits and
returns, every one of which has an authority rule to pass (hub/push/authority.py). Each round
pushes the same events into a fresh database twice, once with the checks and once with the
check replaced by a no-op, alternating which goes first; the medians of the rounds are
compared, and so is the median of each round's paired ratio (the steadier figure on a shared
machine). SQLite always, PostgreSQL too when ``XCLIB_TEST_PG_URL`` is set. Prints JSON.

    .venv/bin/python bench/bench_push_authority.py                # 10,000 events, 5 rounds
    .venv/bin/python bench/bench_push_authority.py --events 2000 --rounds 3

Budget: the checks may cost at most 10 % of push throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the database helpers of bench_sync
from bench_sync import database, prepare

from xclib_desk.hub.push import authority, push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.protocol.wire import PushRequest

POINT = "BAUTH"


def events(dev: str, n: int) -> list[dict[str, Any]]:
    """A point's work: a fifth copies and readers, then loans renewed, edited, returned."""
    out: list[dict[str, Any]] = []
    t0 = int(datetime.now(UTC).timestamp() * 1000) - 86_400_000
    now = datetime.now(UTC)
    title = str(uuid.uuid4())

    def add(type_: str, payload: dict[str, Any]) -> None:
        seq = len(out) + 1
        out.append(
            {
                "event_id": str(uuid.uuid4()),
                "device_id": dev,
                "seq": seq,
                "type": type_,
                "hlc": f"{t0 + seq:013d}-00000-{dev[:8]}",
                "wall_time": (now - timedelta(hours=1)).isoformat(),
                "staff_code": "lib",
                "point_code": POINT,
                "standards_version": 1,
                "payload": payload,
            }
        )

    add("title.added", {"uid": title, "isbn": None, "title": "城南旧事", "author": "林海音",
                        "publisher": "人民文学出版社", "year": 2010, "clc": "I246.57",
                        "language": "chi"})  # fmt: skip
    k = max(1, n // 10)
    for i in range(k):
        add("item.added", {"barcode": f"A{i:07d}", "title_uid": title,
                           "call_number": "I246.57/L544", "material_type": "book",
                           "owner": POINT, "location": POINT, "price_cents": 2500})  # fmt: skip
        add("reader.registered", {"card_no": f"AC{i:07d}", "name": "王小明",
                                  "reader_type": "adult", "id_hash": uuid.uuid4().hex,
                                  "id_masked": "1101**********123X", "birth_date": "1985-03-14",
                                  "expires_on": "2031-11-25", "home_point": POINT})  # fmt: skip
    i = 0
    due = date.today() + timedelta(days=42)
    while len(out) < n:
        bc, card, loan = f"A{i % k:07d}", f"AC{i % k:07d}", str(uuid.uuid4())
        add("loan.checked_out", {"loan_uid": loan, "item": bc, "card_no": card,
                                 "due_date": due.isoformat(),
                                 "checked_out_at": now.isoformat()})  # fmt: skip
        add("loan.renewed", {"loan_uid": loan, "item": bc, "renewals": 1,
                             "due_date": (due + timedelta(days=28)).isoformat()})  # fmt: skip
        add("reader.updated", {"card_no": card, "fields": {"phone": f"1380000{i % 10000:04d}"}})
        add("loan.checked_in", {"loan_uid": loan, "item": bc, "card_no": card,
                                "returned_at": now.isoformat(), "days_late": 0,
                                "fee_cents": 0})  # fmt: skip
        i += 1
    return out[:n]


def push_all(
    db: str, evs: list[dict[str, Any]], dev: str, batch: int, checks: bool
) -> tuple[float, float]:
    """Seconds (wall, and this process's CPU: the machine may be shared) to push ``evs`` in
    batches into the fresh database ``db``."""
    engine = prepare(db)
    ref = DeviceRef(dev, POINT)
    real = authority.check
    if not checks:
        authority.check = lambda ctx, e, p: None
    try:
        t, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(evs), batch):
            req = PushRequest.model_validate({"device_id": dev, "events": evs[i : i + batch]})
            with Session(engine) as s, s.begin():
                res = push_events(s, ref, req, datetime.now(UTC))
                assert all(r.status != "rejected" for r in res), res
        return time.perf_counter() - t, time.process_time() - cpu
    finally:
        authority.check = real
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--backends", default="sqlite,pg")
    args = ap.parse_args()
    kinds = [
        k for k in args.backends.split(",") if k != "pg" or os.environ.get("XCLIB_TEST_PG_URL")
    ]
    out: dict[str, Any] = {"sizes": vars(args)}
    dev = str(uuid.uuid4())
    evs = events(dev, args.events)
    with tempfile.TemporaryDirectory(prefix="xclib-bench-") as tmpdir:
        for kind in kinds:
            took: dict[str, list[float]] = {"with_checks": [], "without_checks": []}
            cpu: dict[str, list[float]] = {"with_checks": [], "without_checks": []}
            for r in range(args.rounds):
                order = [True, False] if r % 2 == 0 else [False, True]
                for checks in order:
                    sub = Path(tmpdir) / f"{kind}-{r}-{checks}"
                    sub.mkdir()
                    with database(kind, sub) as db:
                        wall, used = push_all(db, evs, dev, args.batch, checks)
                    took["with_checks" if checks else "without_checks"].append(wall)
                    cpu["with_checks" if checks else "without_checks"].append(used)
            med = {k: statistics.median(v) for k, v in took.items()}
            med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
            out[kind] = {
                "events_per_s": {k: round(len(evs) / v) for k, v in med.items()},
                "seconds_per_round": {k: [round(x, 3) for x in v] for k, v in took.items()},
                "cpu_seconds_per_round": {k: [round(x, 3) for x in v] for k, v in cpu.items()},
                "cost_of_checks_pct": round(
                    100 * (med["with_checks"] / med["without_checks"] - 1), 1
                ),
                "cpu_cost_of_checks_pct": round(
                    100 * (med_cpu["with_checks"] / med_cpu["without_checks"] - 1), 1
                ),
                # each round's two runs are back to back: the median of their ratios cancels
                # most of a shared machine's drift between rounds
                "paired_cost_of_checks_pct": round(
                    100
                    * (
                        statistics.median(
                            w / o
                            for w, o in zip(
                                took["with_checks"], took["without_checks"], strict=True
                            )
                        )
                        - 1
                    ),
                    1,
                ),
            }
            print(json.dumps({kind: out[kind]}), file=sys.stderr)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
