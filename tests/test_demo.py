"""Demo data: realistic, valid under the desk's own rules, every state present, seed-stable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FRONT, START
from sqlalchemy import func, select
from stdnum import isbn as stdisbn

from xclib_desk import demo
from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING
from xclib_desk.desk import Desk
from xclib_desk.models import (
    Item,
    Loan,
    OutboxEvent,
    Point,
    Reader,
    Shipment,
    ShipmentLine,
    Title,
    Transfer,
)
from xclib_desk.services import circulation, readers, search, shipments, staff
from xclib_desk.standards.clc import validate_clc

SIZE = {"readers": 40, "titles": 30, "items": 80, "loans": 60}


@pytest.fixture(scope="module")
def demo_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Desk, demo.DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "desk"
    desk = Desk.initialise(
        path, point_code="XJK", point_name="新街口街道分馆", level="street", clock=FixedClock(START)
    )
    summary = demo.generate(desk, seed=5, **SIZE)
    yield desk, summary
    desk.close()


def event_counts(desk: Desk) -> Counter[str]:
    with desk.session(write=False) as s:
        return Counter(
            dict(s.execute(select(OutboxEvent.type, func.count()).group_by(OutboxEvent.type)).all())
        )


def test_every_kind_of_row_is_present(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, summary = demo_store
    assert set(summary.readers) == {"adult", "senior", "child"}
    assert summary.blocked and summary.expired
    assert all(summary.loans[state] > 0 for state in demo.LOAN_STATES), summary.loans
    assert summary.items_elsewhere > 0 and summary.titles == SIZE["titles"]
    with desk.session(write=False) as s:
        materials = set(s.scalars(select(Item.material_type)))
        points = set(s.scalars(select(Point.code)))
        fees = list(s.scalars(select(Loan.fee_cents).where(Loan.fee_cents > 0)))
    assert materials == {"book", "child_book", "periodical", "av", "reference"}
    assert {"XCZG", "DSJD", "YTSQ"} <= points
    assert fees and all(0 < f <= 3000 for f in fees)


def test_every_desk_operation_has_its_event(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, summary = demo_store
    events = event_counts(desk)
    with desk.session(write=False) as s:
        n_readers = s.scalar(select(func.count()).select_from(Reader))
        n_loans = s.scalar(select(func.count()).select_from(Loan))
        n_returned = s.scalar(
            select(func.count()).select_from(Loan).where(Loan.returned_at.isnot(None))
        )
        n_renewals = s.scalar(select(func.sum(Loan.renewals)))
    assert events["reader.registered"] == n_readers == sum(summary.readers.values())
    assert events["title.added"] == summary.titles
    assert events["item.added"] == summary.items  # copies of other points came by sync
    assert events["loan.checked_out"] == n_loans
    assert events["loan.checked_in"] == n_returned
    assert events["loan.renewed"] == n_renewals
    assert events["reader.blocked"] == len(summary.blocked)
    assert events["staff.added"] == 3


def test_data_passes_the_desks_own_checks(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = demo_store
    with desk.session(write=False) as s:
        titles = s.execute(select(Title.isbn, Title.clc)).all()
        items = s.execute(select(Item.call_number, Title.clc).join(Title)).all()
        children = s.execute(
            select(Reader.guardian_name, Reader.guardian_phone).where(Reader.reader_type == "child")
        ).all()
    assert all(isbn and stdisbn.is_valid(isbn) and isbn.startswith("9787") for isbn, _ in titles)
    assert all(validate_clc(clc) == clc for _, clc in titles)
    assert all(call.split("/")[0] == clc for call, clc in items)
    assert children and all(g and p for g, p in children)


def test_expired_and_blocked_readers_are_refused(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, summary = demo_store
    expired = desk.read(readers.show, FRONT, summary.expired[0])
    assert expired.expires_on < START.astimezone(BEIJING).date()
    assert desk.read(readers.show, FRONT, summary.blocked[0]).status == "blocked"


def test_demo_staff_sign_in_with_known_passwords(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = demo_store
    for code, _name, role, password in demo.DEMO_STAFF:
        assert desk.write(staff.authenticate, FRONT, code, password).role == role


def test_classics_and_routing_can_be_shown(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = demo_store
    assert [t.title for t in desk.read(search.search_titles, FRONT, "红楼梦")] == ["红楼梦"]
    with desk.session(write=False) as s:
        in_transit = s.scalar(
            select(func.count()).select_from(Item).where(Item.status == "in_transit")
        )
        transfers = s.scalar(select(func.count()).select_from(Transfer))
        boxed = s.scalar(  # copies of the two demo shipments on their way
            select(func.count())
            .select_from(ShipmentLine)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(Shipment.status == "dispatched")
        )
    assert in_transit == transfers + boxed


def test_a_box_waits_to_be_received_and_one_has_left(
    demo_store: tuple[Desk, demo.DemoSummary],
) -> None:
    desk, summary = demo_store
    [inbox] = desk.read(shipments.incoming, FRONT)
    assert (inbox.uid, inbox.from_point, inbox.to_point) == (summary.shipment_in, "XCZG", "XJK")
    box = desk.read(shipments.get_shipment, FRONT, inbox.uid)
    assert box.items == 4 and all(x.outcome == "packed" for x in box.lines)
    assert all(x.title and x.title != "（书目待同步）" for x in box.lines)  # titles came along
    [out] = desk.read(shipments.list_shipments, FRONT, "out")
    assert (out.uid, out.to_point, out.status, out.items) == (
        summary.shipment_out, "DSJD", "dispatched", 3,
    )  # fmt: skip
    assert event_counts(desk)["shipment.dispatched"] == 1  # the hall's dispatch is not ours


def test_the_incoming_box_can_be_received(tmp_path: Path) -> None:
    """Offline, as in ``python -m xclib_desk.demo``: scan the box empty and finish."""
    desk = Desk.initialise(
        tmp_path / "d",
        point_code="XJK",
        point_name="新街口",
        level="street",
        clock=FixedClock(START),
    )
    summary = demo.generate(desk, readers=4, titles=4, items=6, loans=0, seed=2)
    assert summary.shipment_in is not None
    codes = [x.barcode for x in desk.read(shipments.get_shipment, FRONT, summary.shipment_in).lines]
    for bc in codes:
        assert desk.write(shipments.scan, FRONT, summary.shipment_in, bc).outcome == "received"
    done = desk.write(shipments.finish_receipt, FRONT, summary.shipment_in)
    assert (done.received, done.missing, done.extra) == (4, 0, 0)
    with desk.session(write=False) as s:
        rows = s.execute(
            select(Item.status, Point.code).join(Point, Point.id == Item.owner_point_id)
            .where(Item.barcode.in_(codes))
        ).all()  # fmt: skip
    assert rows == [("available", "XJK")] * 4  # here, and this point's holdings now
    desk.close()


def test_clock_is_given_back(demo_store: tuple[Desk, demo.DemoSummary]) -> None:
    desk, _ = demo_store
    assert isinstance(desk.clock, FixedClock) and desk.clock.now() == START


def test_same_seed_same_content(tmp_path: Path) -> None:
    def content(seed: int, name: str) -> tuple[list[str], list[str | None], list[str]]:
        desk = Desk.initialise(
            tmp_path / name,
            point_code="XJK",
            point_name="新街口",
            level="street",
            clock=FixedClock(START),
        )
        demo.generate(desk, readers=8, titles=6, items=10, loans=0, seed=seed)
        with desk.session(write=False) as s:
            out = (
                list(s.scalars(select(Reader.name).order_by(Reader.card_no))),
                list(s.scalars(select(Title.isbn).order_by(Title.isbn))),
                list(s.scalars(select(Item.call_number).order_by(Item.barcode))),
            )
        desk.close()
        return out

    assert content(3, "a") == content(3, "b")
    assert content(3, "a2") != content(4, "c")


def test_generators_make_valid_numbers() -> None:
    import random

    from stdnum.cn import ric

    rng, used = random.Random(1), set[str]()
    for rtype in ("adult", "senior", "child"):
        birth = demo.birth_for(rng, rtype, START.date())
        number = demo.resident_id(rng, birth, used)
        assert ric.is_valid(number) and ric.get_birth_date(number) == birth
        lo, hi = demo.AGE_RANGES[rtype]
        assert lo <= (START.date() - birth).days // 365.25 <= hi
    isbns = {demo.isbn13(rng, "02", set()) for _ in range(50)}
    assert all(stdisbn.is_valid(n) for n in isbns)


# --- the bulk path ----------------------------------------------------------------------------


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
    result = demo.bulk_load(desk, readers=400, items=1200, open_loans=300, seed=2)
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


def test_odd_sizes_are_handled(desk: Desk) -> None:
    with pytest.raises(ValueError):
        demo.generate(desk, readers=-1)
    summary = demo.generate(desk, readers=2, titles=0, items=5, loans=3, seed=1)
    assert (summary.titles, summary.items, sum(summary.loans.values())) == (0, 0, 0)
    assert sum(summary.readers.values()) == 2
