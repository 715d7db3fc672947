"""Demo data: realistic, valid under the desk's own rules, every state present, seed-stable; and
the demo network, where every row reaches a desk by its own services or the hub's feed."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import FRONT, START
from sqlalchemy import func, select
from stdnum import isbn as stdisbn

from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING
from xclib_desk.demo import names
from xclib_desk.demo.catalogue import isbn13
from xclib_desk.demo.network import BRANCH, DEMO_POINTS, DEMO_STAFF, HALL
from xclib_desk.demo.seed import NetworkSummary, seed
from xclib_desk.demo.simulation import LOAN_STATES, DemoSummary, generate
from xclib_desk.desk import Desk
from xclib_desk.hub.models import HubItem
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
from xclib_desk.services import readers, search, shipments, staff
from xclib_desk.standards.clc import validate_clc

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]  # the hub process and enrolled stations
SIZE = {"readers": 40, "titles": 30, "items": 80, "loans": 60}
#: the placeholder title ("（书目待同步）") a desk's sync gives a copy whose title is unknown
STUB_TITLE_UID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(scope="module")
def demo_store(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Desk, DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "desk"
    desk = Desk.initialise(
        path, point_code="XJK", point_name="新街口街道分馆", level="street", clock=FixedClock(START)
    )
    summary = generate(desk, seed=5, **SIZE)
    yield desk, summary
    desk.close()


def event_counts(desk: Desk) -> Counter[str]:
    with desk.session(write=False) as s:
        return Counter(
            dict(s.execute(select(OutboxEvent.type, func.count()).group_by(OutboxEvent.type)).all())
        )


def test_every_kind_of_row_is_present(demo_store: tuple[Desk, DemoSummary]) -> None:
    desk, summary = demo_store
    assert set(summary.readers) == {"adult", "senior", "child"}
    assert summary.blocked and summary.expired
    assert all(summary.loans[state] > 0 for state in LOAN_STATES), summary.loans
    assert summary.titles == SIZE["titles"]
    with desk.session(write=False) as s:
        materials = set(s.scalars(select(Item.material_type)))
        points = set(s.scalars(select(Point.code)))
        fees = list(s.scalars(select(Loan.fee_cents).where(Loan.fee_cents > 0)))
    assert materials == {"book", "child_book", "periodical", "av", "reference"}
    assert {"XCZG", "DSJD", "YTSQ"} <= points
    assert fees and all(0 < f <= 3000 for f in fees)


def test_every_desk_operation_has_its_event(demo_store: tuple[Desk, DemoSummary]) -> None:
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
    assert events["item.added"] == summary.items  # every copy here is one this point added
    assert events["loan.checked_out"] == n_loans
    assert events["loan.checked_in"] == n_returned
    assert events["loan.renewed"] == n_renewals
    assert events["reader.blocked"] == len(summary.blocked)
    assert events["staff.added"] == 3


def test_data_passes_the_desks_own_checks(demo_store: tuple[Desk, DemoSummary]) -> None:
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


def test_expired_and_blocked_readers_are_refused(demo_store: tuple[Desk, DemoSummary]) -> None:
    desk, summary = demo_store
    expired = desk.read(readers.show, FRONT, summary.expired[0])
    assert expired.expires_on < START.astimezone(BEIJING).date()
    assert desk.read(readers.show, FRONT, summary.blocked[0]).status == "blocked"


def test_demo_staff_sign_in_with_known_passwords(demo_store: tuple[Desk, DemoSummary]) -> None:
    desk, _ = demo_store
    for code, _name, role, password in DEMO_STAFF:
        assert desk.write(staff.authenticate, FRONT, code, password).role == role


def test_classics_and_routing_can_be_shown(demo_store: tuple[Desk, DemoSummary]) -> None:
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


def test_a_box_has_left(demo_store: tuple[Desk, DemoSummary]) -> None:
    desk, summary = demo_store
    [out] = desk.read(shipments.list_shipments, FRONT, "out")
    assert (out.uid, out.to_point, out.status, out.items) == (
        summary.shipment_out, "DSJD", "dispatched", 3,
    )  # fmt: skip
    assert event_counts(desk)["shipment.dispatched"] == 1


def test_clock_is_given_back(demo_store: tuple[Desk, DemoSummary]) -> None:
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
        generate(desk, readers=8, titles=6, items=10, loans=0, seed=seed)
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
        birth = names.birth_for(rng, rtype, START.date())
        number = names.resident_id(rng, birth, used)
        assert ric.is_valid(number) and ric.get_birth_date(number) == birth
        lo, hi = names.AGE_RANGES[rtype]
        assert lo <= (START.date() - birth).days // 365.25 <= hi
    isbns = {isbn13(rng, "02", set()) for _ in range(50)}
    assert all(stdisbn.is_valid(n) for n in isbns)


def test_odd_sizes_are_handled(desk: Desk) -> None:
    with pytest.raises(ValueError):
        generate(desk, readers=-1)
    summary = generate(desk, readers=2, titles=0, items=5, loans=3, seed=1)
    assert (summary.titles, summary.items, sum(summary.loans.values())) == (0, 0, 0)
    assert sum(summary.readers.values()) == 2


# --- the demo network, through a real hub -----------------------------------------------------


@pytest.fixture(scope="module")
def network(
    hub: HubProc, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Desk, NetworkSummary]]:
    """The demo as ``xclib-desk demo`` seeds it (smaller), against the test hub process."""
    for code, name, level, parent in (*DEMO_POINTS, BRANCH):
        extra = ["--parent", parent] if parent else []
        hub.cli("point", "add", "--code", code, "--name", name, "--level", level, *extra)
    root = tmp_path_factory.mktemp("demo-network")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XCLIB_DESK_NO_KEYRING", "1")  # device tokens in 0600 files, not the keyring
        summary = seed(root, lambda: (hub.url, hub.enrol_code), now=START, seed=5, **SIZE)
        desk = Desk.open(root / "desk", FixedClock(START))
        yield desk, summary
        desk.close()


def owner_and_title(desk: Desk, barcodes: list[str]) -> dict[str, tuple[str, str, str]]:
    """barcode -> (owner code, title uid, status) as the desk holds it."""
    with desk.session(write=False) as s:
        rows = s.execute(
            select(Item.barcode, Point.code, Title.uid, Item.status)
            .join(Point, Point.id == Item.owner_point_id)
            .join(Title, Title.id == Item.title_id)
            .where(Item.barcode.in_(barcodes))
        ).all()
    return {bc: (owner, title, status) for bc, owner, title, status in rows}


def test_no_copy_loses_its_owner_or_title_after_the_demos_sync(
    network: tuple[Desk, NetworkSummary], hub: HubProc
) -> None:
    """The demo once ended with ~36 copies of other points shown as "（书目待同步）" and owned
    by the branch: it wrote them into the branch's store with no event, so the hub knew them
    only from their loans and fed them back with no owner and no title. Now every copy comes
    from its owner's events, and after the sync no copy points at the placeholder title."""
    desk, summary = network
    with desk.session(write=False) as s:
        stubbed = s.scalars(
            select(Item.barcode).join(Title).where(Title.uid == STUB_TITLE_UID)
        ).all()
        mine = set(
            s.scalars(select(Item.barcode).join(Point, Point.id == Item.owner_point_id)
                      .where(Point.code == BRANCH[0]))
        )  # fmt: skip
    assert stubbed == []
    assert len(mine) == summary.branch.items  # the branch owns what it catalogued, no more
    hall_copies = owner_and_title(desk, summary.hall.copies + summary.hall.box_items)
    assert summary.returned_home and summary.hall.box_items
    assert set(summary.returned_home + summary.hall.box_items) == set(hall_copies)
    assert {owner for owner, _, _ in hall_copies.values()} == {HALL}
    assert [bc for (bc,) in hub.query(select(HubItem.barcode).where(HubItem.owner.is_(None)))] == []


def test_hall_copies_returned_here_are_routed_home(network: tuple[Desk, NetworkSummary]) -> None:
    desk, summary = network
    assert summary.hall.lent and len(summary.returned_home) == len(summary.hall.lent) // 3
    with desk.session(write=False) as s:
        routed = s.execute(
            select(Item.barcode, Point.code, Item.status)
            .join(Transfer, Transfer.item_id == Item.id)
            .join(Point, Point.id == Transfer.to_point_id)
        ).all()  # fmt: skip
    assert sorted(routed) == sorted((bc, HALL, "in_transit") for bc in summary.returned_home)


def test_the_halls_box_waits_and_can_be_received(network: tuple[Desk, NetworkSummary]) -> None:
    """The box came by the hub's feed (the hall's pushed dispatch), with its titles."""
    desk, summary = network
    [inbox] = desk.read(shipments.incoming, FRONT)
    assert (inbox.uid, inbox.from_point, inbox.to_point) == (summary.hall.box, HALL, BRANCH[0])
    box = desk.read(shipments.get_shipment, FRONT, inbox.uid)
    assert box.items == 4 and all(x.outcome == "packed" for x in box.lines)
    assert all(x.title and x.title != "（书目待同步）" for x in box.lines)  # titles came along
    for x in box.lines:
        assert desk.write(shipments.scan, FRONT, inbox.uid, x.barcode).outcome == "received"
    done = desk.write(shipments.finish_receipt, FRONT, inbox.uid)
    assert (done.received, done.missing, done.extra) == (4, 0, 0)
    received = owner_and_title(desk, summary.hall.box_items)
    assert {(owner, status) for owner, _, status in received.values()} == {
        (BRANCH[0], "available")
    }  # here, and this point's holdings now


def test_a_feed_row_never_takes_a_copys_owner_or_title_away(
    station: Callable[..., Station],
) -> None:
    """The sync's half of the demo's old bug, end to end. A copy of another point that reached
    this store with no event (as the old demo wrote them, and as a bulk-loaded benchmark store
    holds them) is lent here; the hub knows it only from the loan, so its feed row for the copy
    has no owner and no title. Applying that row must leave the copy's owner and title alone.
    (The desk's sync used to take both: ``sync.apply._bulk_items`` made this point the owner of
    a row with no owner, and pointed a copy whose row names no known title at the placeholder
    title, so the copy's return was shelved here instead of routed home.)"""
    owner, here = station(level="district"), station(level="street")
    here.sync()  # the points, from the hub
    own = here.item()  # a title this desk knows, and one of its own copies
    bc = "X800000001"
    with here.desk.session(write=True) as s:  # the copy no event ever announced
        mine = s.scalars(select(Item).where(Item.barcode == own)).one()
        s.add(
            Item(
                barcode=bc,
                title_id=mine.title_id,
                call_number=mine.call_number,
                material_type="book",
                owner_point_id=s.scalars(select(Point.id).where(Point.code == owner.code)).one(),
                location_point_id=mine.location_point_id,
                status="available",
                price_cents=2500,
                created_at=here.desk.clock.now(),
            )
        )
    before = owner_and_title(here.desk, [bc])
    here.checkout(here.reader(), bc)
    here.sync()
    assert owner_and_title(here.desk, [bc])[bc][:2] == before[bc][:2] == (owner.code, before[bc][1])


def test_the_runtime_never_loads_the_demo_and_the_demo_never_loads_the_hub() -> None:
    """The demo sits outside the runtime path, and the desk's demo launcher runs the hub as a
    process: loading the desk's front ends leaves the demo out, loading the launcher (and so
    the demo package) leaves the hub out."""
    code = (
        "import sys\n"
        "import xclib_desk.cli, xclib_desk.desk, xclib_desk.sync.engine\n"
        "assert not [m for m in sys.modules if m.startswith('xclib_desk.demo')], 'demo loaded'\n"
        "import xclib_desk.ui.demo_launch, xclib_desk.demo.__main__\n"
        "assert not [m for m in sys.modules if m.startswith('xclib_desk.hub')], 'hub loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
