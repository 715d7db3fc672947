"""The benchmark still runs end to end (tiny size), and its bulk fixture makes a store the desk
works on; timings are never asserted here."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from conftest import FRONT, START
from sqlalchemy import func, select

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.models import Item, Loan, OutboxEvent, Reader
from xclib_desk.services import circulation, readers, search

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_circulation.py"
sys.path.insert(0, str(BENCH.parent))  # the benchmarks import their bulk fixture by file name
from bulkload import bulk_load  # noqa: E402


def event_counts(desk: Desk) -> Counter[str]:
    with desk.session(write=False) as s:
        return Counter(
            dict(s.execute(select(OutboxEvent.type, func.count()).group_by(OutboxEvent.type)).all())
        )


def test_bench_runs_and_reports_every_measure(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_circulation", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    size = ["--readers", "300", "--items", "900", "--loans", "150", "--history", "300"]
    size += ["--ops", "12", "--warmup", "2"]
    args = bench.parse([*size, "--work-dir", str(tmp_path)])
    result = bench.run(args)
    assert result["store"]["open_loans"] == 150
    assert result["store"]["returned_loans"] == 300
    for side in ("service", "baseline_sqlite3"):
        for op in ("check_out", "check_in", "look_up"):
            assert result[side][op]["n"] == 12
            assert result[side][op]["median_ms"] > 0
    assert set(result["ratio_service_to_baseline"]["check_out"]) == {
        "median",
        "p95",
        "cpu_median",
        "cpu_p95",
    }
    assert list(tmp_path.iterdir()) == []  # the stores are cleaned up


def test_bulk_load_is_consistent_and_usable(tmp_path: Path) -> None:
    clock = FixedClock(START)
    desk = Desk.initialise(
        tmp_path / "bulk",
        point_code="XJK",
        point_name="新街口街道分馆",
        level="street",
        clock=clock,
    )
    events_before = sum(event_counts(desk).values())
    result = bulk_load(desk, readers=400, items=1200, open_loans=300, seed=2)
    try:
        assert (result.readers, result.items, result.open_loans) == (400, 1200, 300)
        assert (
            sum(event_counts(desk).values()) == events_before
        )  # bulk rows are synced, not made here
        policy = desk.policy
        with desk.session(write=False) as s:
            on_loan = set(s.scalars(select(Item.id).where(Item.status == "on_loan")))
            loans = s.execute(
                select(Loan.item_id, Loan.reader_id, Loan.reader_type, Loan.material_type).where(
                    Loan.returned_at.is_(None)
                )
            ).all()
            hashes = s.scalar(select(func.count(func.distinct(Reader.id_hash))))
        assert on_loan == {row.item_id for row in loans} and len(loans) == 300
        per_reader = Counter(row.reader_id for row in loans)
        types = {row.reader_id: row.reader_type for row in loans}
        assert all(n <= policy.total_quota(types[r]) for r, n in per_reader.items())
        assert all(policy.loan_rule(r.reader_type, r.material_type).quota > 0 for r in loans)
        assert hashes == 400
        # the search index is caught up, as after an initial sync
        assert [t.title for t in desk.read(search.search_titles, FRONT, "红楼梦")][:1] == ["红楼梦"]
        with desk.session(write=False) as s:
            assert (
                s.connection().exec_driver_sql("SELECT count(*) FROM search_pending").scalar() == 0
            )
        # the desk works on bulk data
        first_card = result.card_numbers[0]
        shown = desk.read(readers.show, FRONT, first_card)
        assert shown.card_no == first_card and shown.id_masked and "*" in shown.id_masked
        with desk.session(write=False) as s:
            free = s.scalars(
                select(Item.barcode).where(
                    Item.status == "available", Item.material_type == "child_book"
                )
            ).first()
            active = s.scalars(
                select(Reader.card_no).where(
                    Reader.status == "active",
                    Reader.reader_type == "adult",
                    Reader.expires_on > START.date() + timedelta(days=1),
                    ~Reader.id.in_(select(Loan.reader_id).where(Loan.due_date < START.date())),
                )
            ).first()
        assert free and active
        loan = desk.write(circulation.check_out, FRONT, active, free)
        assert loan.barcode == free
        assert desk.write(circulation.check_in, FRONT, free).fee_cents == 0
    finally:
        desk.close()
