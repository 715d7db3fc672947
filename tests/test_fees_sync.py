"""Fees at the hub, with real desks and a real hub process (SQLite and PostgreSQL).

A late return raises the fee at the hub from ``loan.checked_in`` alone; the desk's payment and
waiver settle it there; a second settlement of the same fee (two desks offline) keeps the first
and raises one ``fee_settled_twice`` exception.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from xclib_desk.clock import FixedClock
from xclib_desk.common.figures import TOTAL, total
from xclib_desk.common.times import BEIJING
from xclib_desk.hub import stats as hub_stats
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubException, HubFee
from xclib_desk.services import fees, stats
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def hub_fee(hub: HubProc, uid: str) -> HubFee | None:
    rows = hub.query(select(HubFee).where(HubFee.uid == uid))
    return rows[0][0] if rows else None


def late_fee(st: Station, clock: FixedClock, days: int) -> tuple[str, str]:
    """A reader of ``st`` borrows a book and returns it ``days`` late (the lending in the
    past, the return now: no clock of the desk runs ahead of the hub)."""
    now = datetime.now(UTC)
    clock.at = now - timedelta(days=42 + days)
    card, bc = st.reader(), st.item()
    st.checkout(card, bc)
    clock.at = now
    res = st.checkin(bc)
    assert res.fee_cents > 0
    return card, res.loan.uid


def test_fees_raised_paid_and_waived_reach_the_hub(hub: HubProc, station: MakeStation) -> None:
    clock = FixedClock(datetime.now(UTC))
    st = station(clock=clock)
    card, fee_uid = late_fee(st, clock, 10)
    st.sync()
    fee = hub_fee(hub, fee_uid)
    assert fee is not None
    assert (fee.card_no, fee.status, fee.raised_point) == (card, "open", st.code)
    assert fee.amount_cents > 0
    paid = st.desk.write(fees.collect, LIB, card)
    card2, fee2 = late_fee(st, clock, 5)
    st.desk.write(fees.waive, LIB, card2, fee2, "系统故障期间到期")
    st.sync()
    fee = hub_fee(hub, fee_uid)
    assert fee is not None
    assert (fee.status, fee.settled_point, fee.payment_uid) == ("paid", st.code, paid.uid)
    waived = hub_fee(hub, fee2)
    assert waived is not None
    assert (waived.status, waived.reason, waived.settled_by) == (
        "waived",
        "系统故障期间到期",
        "lib",
    )


def test_a_fee_settled_twice_keeps_the_first_and_raises_one_exception(
    hub: HubProc, station: MakeStation
) -> None:
    clock = FixedClock(datetime.now(UTC))
    st = station(clock=clock)
    card, fee_uid = late_fee(st, clock, 10)
    first = st.desk.write(fees.collect, LIB, card)
    st.sync()
    # the same fee paid again at another desk of the point, offline meanwhile
    base = st.outbox()[-1]
    assert base["type"] == "fee.paid"
    again = dict(base, event_id=str(uuid.uuid4()), seq=base["seq"] + 10_000)
    again["payload"] = dict(base["payload"], uid=str(uuid.uuid4()))
    [res] = st.push_results([again])
    assert res["status"] == "applied_with_flag" and "fee_settled_twice" in res["flags"]
    fee = hub_fee(hub, fee_uid)
    assert fee is not None and fee.payment_uid == first.uid
    rows = hub.query(select(HubException).where(HubException.kind == "fee_settled_twice"))
    assert len(rows) == 1 and rows[0][0].context["fee"] == fee_uid


def test_a_fee_raised_at_another_point_reaches_the_home_desk_which_collects_it(
    hub: HubProc, station: MakeStation
) -> None:
    """通借通还: the reader of A returns late at B; A's desk shows the fee and takes the cash;
    B learns the fee it raised was paid at A."""
    clock = FixedClock(datetime.now(UTC))
    home, other = station(clock=clock), station(clock=clock)
    card = home.reader()
    home.sync()
    other.sync()  # the reader index: B may lend to A's reader
    now = datetime.now(UTC)
    clock.at = now - timedelta(days=42 + 7)
    bc = other.item()
    other.checkout(card, bc)
    clock.at = now
    res = other.checkin(bc)
    assert res.fee_cents > 0
    other.sync()
    home.sync()
    [owed] = home.desk.read(fees.reader_fees, LIB, card, True)
    assert (owed.uid, owed.amount_cents, owed.barcode) == (res.loan.uid, res.fee_cents, bc)
    paid = home.desk.write(fees.collect, LIB, card)
    assert paid.amount_cents == res.fee_cents
    home.sync()
    fee = hub_fee(hub, res.loan.uid)
    assert fee is not None and (fee.status, fee.settled_point) == ("paid", home.code)
    assert not [x for x in hub.exceptions() if x["context"].get("fee") == fee.uid]
    other.sync()
    [there] = other.desk.read(fees.reader_fees, LIB, card)
    assert (there.status, there.settled_by) == ("paid", LIB.staff_code)
    assert other.desk.read(fees.reader_fees, LIB, card, True) == []
    home.sync()  # a second round changes nothing: the fee stays paid, once
    assert [f.status for f in home.desk.read(fees.reader_fees, LIB, card)] == ["paid"]
    # the statistics: the home point collected it, counted the same at the desk and the hub
    year = datetime.now(BEIJING).year
    desk_total = total(home.desk.read(stats.fees_by_month, LIB, year))
    assert desk_total == [TOTAL, 1, res.fee_cents / 100, 0, 0]
    assert total(other.desk.read(stats.fees_by_month, LIB, year))[1] == 0
    summary = {r[0]: r[1] for r in home.desk.read(stats.summary, LIB, year).rows}
    assert (summary["fees_collected"], summary["collected_yuan"]) == (1, res.fee_cents / 100)
    with Session(make_engine(hub.db)) as s:
        by_month, by_point = hub_stats.fee_tables(s, year)
    month = f"{year}-{datetime.now(BEIJING).month:02d}"
    assert next(r for r in by_month.rows if r[0] == month)[1:3] >= [1, res.fee_cents / 100]
    [mine] = [r for r in by_point.rows if r[0] == home.code]
    assert mine == [home.code, 1, res.fee_cents / 100, 0, 0]
    assert not [r for r in by_point.rows if r[0] == other.code]
