"""Clocks at the hub, against a real hub process: a clock far ahead is clamped before it takes
part in any merge, and a desk whose clock runs hours ahead or behind cannot leave a returned
copy on loan, whichever point's push arrives first."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from xclib_desk.clock import HLC, FixedClock, to_ms
from xclib_desk.hub.models import HubEvent, HubItem, HubLoan, HubReader
from xclib_desk.protocol.wire import MAX_CLOCK_DRIFT_MS
from xclib_desk.services import readers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]
FORGED = "9999999999999-99999-z"
HOURS = 3


class Forger:
    """Further events of a station's device, numbered far above what its desk will use, so
    the desk's own later events keep their numbers."""

    def __init__(self, st: Station) -> None:
        self.st, self.base = st, st.outbox()[-1]
        self.seq = self.base["seq"] + 10_000
        self.last = HLC.decode(self.base["hlc"])

    def tick(self, skew_h: int) -> str:
        """The desk's next clock if its wall clock runs ``skew_h`` hours off (never back)."""
        self.last = self.last.tick(to_ms(datetime.now(UTC) + timedelta(hours=skew_h)))
        return self.last.encode()

    def event(self, type_: str, payload: dict[str, Any], hlc: str) -> dict[str, Any]:
        self.seq += 1
        return dict(
            self.base, event_id=str(uuid.uuid4()), seq=self.seq, type=type_, hlc=hlc,
            wall_time=datetime.now(UTC).isoformat(), payload=payload,
        )  # fmt: skip


def _ledger(hub: HubProc, event_id: str) -> HubEvent:
    [(row,)] = hub.query(select(HubEvent).where(HubEvent.event_id == event_id))
    return row


def test_a_forged_far_future_edit_is_clamped_and_the_homes_later_edit_wins(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    card = a.reader()
    a.sync()
    forger = Forger(a)
    before = to_ms(datetime.now(UTC))
    forged = forger.event(
        "reader.updated", {"card_no": card, "fields": {"phone": "13900000666"}}, FORGED
    )
    [res] = a.push_results([forged])
    assert res["status"] == "applied_with_flag" and "clock_ahead" in res["flags"]
    after = to_ms(datetime.now(UTC))
    row = _ledger(hub, forged["event_id"])
    assert row.sent_hlc == FORGED  # kept for audit
    stamp = HLC.decode(row.hlc)  # what every merge used: the hub's time, not the forgery's
    assert before <= stamp.physical <= after
    [(reader,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    assert reader.profile["phone"] == "13900000666" and reader.field_hlc["phone"] == row.hlc
    # the home point's honest edit afterwards, made and synced by its real desk, wins
    a.desk.write(readers.edit, LIB, card, phone="13900000001")
    a.sync()
    [(reader,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    assert reader.profile["phone"] == "13900000001"
    r = a.reader_row(card)
    assert r is not None and r.phone == "13900000001"
    # the hall sees the clock: one exception for the device, naming what was sent
    mine = [x for x in hub.exceptions() if x["context"].get("device_id") == a.desk.device_id]
    assert [x["kind"] for x in mine] == ["clock_ahead"]
    assert mine[0]["context"]["event_hlc"] == FORGED


def test_clamped_clocks_keep_the_devices_own_order(hub: HubProc, station: MakeStation) -> None:
    a = station()
    card = a.reader()
    a.sync()
    forger = Forger(a)
    far = [f"{9_000_000_000_000 + i:013d}-00000-z" for i in range(3)]
    first = [
        forger.event("reader.updated", {"card_no": card, "fields": {"phone": f"1390000000{i}"}}, h)
        for i, h in enumerate(far)
    ]
    assert {r["status"] for r in a.push_results(first)} == {"applied_with_flag"}
    later = forger.event(
        "reader.updated", {"card_no": card, "fields": {"phone": "13900000009"}}, FORGED
    )
    a.push_results([later])
    stamps = [_ledger(hub, e["event_id"]).hlc for e in [*first, later]]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert all(HLC.decode(s).physical <= to_ms(datetime.now(UTC)) for s in stamps)
    [(reader,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    assert reader.profile["phone"] == "13900000009"  # the device's last edit is its latest


def _item_state(hub: HubProc, bc: str) -> tuple[str, str | None]:
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    return it.status, it.location


@pytest.mark.parametrize(
    ("lender_h", "returner_h"),
    [(HOURS, 0), (-HOURS, 0), (0, HOURS), (0, -HOURS)],
    ids=["lender-ahead", "lender-behind", "returner-ahead", "returner-behind"],
)
def test_a_skewed_desk_cannot_leave_a_returned_copy_on_loan(
    hub: HubProc, station: MakeStation, lender_h: int, returner_h: int
) -> None:
    """Check-out at A, return at C within the skew, real desks: the loan closes and the copy
    is on its way home, at the hub and at both desks."""
    c = station(clock=FixedClock(datetime.now(UTC) + timedelta(hours=returner_h)))
    c.sync()  # C's clock last merged the hub's before the loan existed
    a = station(clock=FixedClock(datetime.now(UTC) + timedelta(hours=lender_h)))
    bc, card = a.item(), a.reader()
    loan = a.checkout(card, bc)
    a.sync()
    assert _item_state(hub, bc) == ("on_loan", a.code)
    assert c.engine.fetch_item(bc)
    c.desk.clock.advance(minutes=30)  # type: ignore[attr-defined]
    assert c.checkin(bc).route_to == a.code
    c.sync()
    [(hl,)] = hub.query(select(HubLoan).where(HubLoan.item == bc))
    assert hl.uid == loan and hl.returned_at is not None and hl.returned_point == c.code
    assert _item_state(hub, bc) == ("in_transit", c.code)
    a.sync()
    assert a.open_loans() == {}
    item = a.item_row(bc)
    assert item is not None and item.status == "in_transit"


@pytest.mark.parametrize("return_first", [False, True], ids=["checkout-first", "return-first"])
@pytest.mark.parametrize(
    ("lender_h", "returner_h"),
    [(HOURS, 0), (-HOURS, 0), (0, HOURS), (0, -HOURS)],
    ids=["lender-ahead", "lender-behind", "returner-ahead", "returner-behind"],
)
def test_either_arrival_order_ends_with_the_copy_returned_then_lent_again(
    hub: HubProc, station: MakeStation, lender_h: int, returner_h: int, return_first: bool
) -> None:
    """The same story as desks would tell it (each desk's clock never goes back), with the
    pushes arriving in either order: a loan at A, its return at C, then C lends the copy again
    and takes it back. C's clock is the one from its last own event, not merged with the
    hub's since: the harder case."""
    a, c = station(), station()
    bc, card = a.item(), a.reader()
    a.sync()
    c.sync()
    fa, fc = Forger(a), Forger(c)
    loan = str(uuid.uuid4())
    checkout = fa.event(
        "loan.checked_out",
        {"loan_uid": loan, "item": bc, "card_no": card, "due_date": "2099-01-01",
         "checked_out_at": datetime.now(UTC).isoformat()},
        fa.tick(lender_h),
    )  # fmt: skip
    checkin = fc.event("loan.checked_in", _return(loan, bc, card, a.code), fc.tick(returner_h))
    pushes = [(c, checkin), (a, checkout)] if return_first else [(a, checkout), (c, checkin)]
    for st, ev in pushes:
        assert st.push_results([ev])[0]["status"] in ("applied", "applied_with_flag")
    [(hl,)] = hub.query(select(HubLoan).where(HubLoan.uid == loan))
    assert hl.returned_at is not None and hl.checked_out_at is not None
    assert _item_state(hub, bc) == ("in_transit", c.code)
    # lent again at C a minute later by C's clock, and returned there
    again = str(uuid.uuid4())
    second = fc.event(
        "loan.checked_out",
        {"loan_uid": again, "item": bc, "card_no": card, "due_date": "2099-01-01",
         "checked_out_at": datetime.now(UTC).isoformat()},
        fc.tick(returner_h),
    )  # fmt: skip
    assert c.push_results([second])[0]["status"] in ("applied", "applied_with_flag")
    assert _item_state(hub, bc) == ("on_loan", c.code)
    back = fc.event("loan.checked_in", _return(again, bc, card, a.code), fc.tick(returner_h))
    assert c.push_results([back])[0]["status"] in ("applied", "applied_with_flag")
    assert _item_state(hub, bc) == ("in_transit", c.code)
    assert all(
        ln.returned_at is not None for (ln,) in hub.query(select(HubLoan).where(HubLoan.item == bc))
    )


def _return(loan: str, bc: str, card: str, home: str) -> dict[str, Any]:
    return {
        "loan_uid": loan, "item": bc, "card_no": card,
        "returned_at": datetime.now(UTC).isoformat(), "days_late": 0, "fee_cents": 0,
        "transfer_uid": str(uuid.uuid4()), "route_to": home,
    }  # fmt: skip


def test_the_clock_tolerance_is_the_documented_one() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "sync-protocol.md").read_text()
    assert MAX_CLOCK_DRIFT_MS == 5 * 60 * 1000 and "5 minutes" in doc


def test_a_slow_desk_that_only_pulls_still_orders_its_next_event_after_the_hub(
    hub: HubProc, station: MakeStation
) -> None:
    """A desk 3 h behind with nothing to push learns the hub's time from the pull page, so the
    first edit it makes afterwards does not sort before what the district already holds."""
    slow = station(clock=FixedClock(datetime.now(UTC) - timedelta(hours=3)))
    card = slow.reader()
    slow.sync()  # the push answer merged the hub's clock of this moment
    time.sleep(0.2)
    later_ms = to_ms(datetime.now(UTC))  # the hub's clock has moved on since
    res = slow.sync()  # nothing pending: this run only pulls
    assert res.pushed == 0
    slow.desk.write(readers.edit, LIB, card, phone="13900000000")
    last = slow.outbox()[-1]
    assert last["type"] == "reader.updated"
    assert HLC.decode(last["hlc"]).physical >= later_ms
