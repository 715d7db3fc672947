"""Who may emit what: one point's token cannot change another point's readers, loans, copies,
boxes, shifts or exceptions. Each row of the authority table (hub/push/authority.py, mirrored in
docs/sync-protocol.md) is tried against a real hub process: point A pushes, with its own valid
token, the event a stolen or faulty desk would send about point B's things, next to one honest
event of its own. The forgery is answered ``rejected`` with the table's code, the hub's state is
what B made it, an exception the hall sees records the refusal, and A's honest event is applied.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from xclib_desk.hub.models import (
    HubDutyShift,
    HubEvent,
    HubException,
    HubFee,
    HubHold,
    HubInventory,
    HubItem,
    HubLoan,
    HubPoint,
    HubReader,
    HubServiceCheck,
    HubShipment,
    HubTitle,
    HubTransfer,
    HubVisit,
)
from xclib_desk.hub.push.authority import AUTHORITY
from xclib_desk.hub.push.registry import HANDLERS
from xclib_desk.services import holds, readers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
ROOT = Path(__file__).resolve().parent.parent
LIB = Actor("lib", "librarian", "李馆员")
FAR_FUTURE = "9999999999999-99999-z"
# hand-made events share the desk's sequence space; after one, the desk's next sync lifts its
# own numbers just above the hub's highest (sync/sequence.py), so leave room between them
_seq = itertools.count(10**12, 1000)


def _hlc(offset_ms: int = 0) -> str:
    ms = int(datetime.now(UTC).timestamp() * 1000) + offset_ms
    return f"{ms:013d}-00000-forge"


def raw(st: Station, type_: str, payload: dict[str, Any], hlc: str | None = None) -> dict[str, Any]:
    """An event as ``st``'s desk would send it, with whatever payload a faulty client puts in."""
    return {
        "event_id": str(uuid.uuid4()),
        "device_id": st.desk.device_id,
        "seq": next(_seq),
        "type": type_,
        "hlc": hlc or _hlc(),
        "wall_time": datetime.now(UTC).isoformat(),
        "staff_code": "lib",
        "point_code": st.code,
        "standards_version": st.outbox()[-1]["standards_version"],
        "payload": payload,
    }


def send(st: Station, type_: str, payload: dict[str, Any], hlc: str | None = None) -> str:
    """Push one event from ``st`` beside an honest visit count of its own; returns the event's
    answer (``status`` or ``rejected:code``) after checking the visit count went in."""
    ev = raw(st, type_, payload, hlc)
    honest = raw(st, "visits.recorded", {"day": "2026-01-01", "count": next(_seq) % 1000})
    got, ok = st.push_results([ev, honest])
    assert ok["status"] == "applied", ok  # one refused event never blocks the rest
    if got["status"] == "rejected":
        # the hall sees the refusal, naming the sender
        [(x,)] = st.hub.query(
            select(HubException).where(HubException.key == f"rejected:{ev['event_id']}")
        )
        assert x.context["code"] == got["code"] and x.points == [st.code]
        return f"rejected:{got['code']}"
    return str(got["status"])


def one(hub: HubProc, stmt: Any) -> Any:
    [(row,)] = hub.query(stmt)
    return row


@dataclass
class World:
    """Three points on one hub: A (the faulty/hostile desk), B (its victim), H (the hall)."""

    hub: HubProc
    a: Station
    b: Station
    h: Station


@pytest.fixture(scope="module")
def world(hub: HubProc, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from sync_fixtures import Station, point_code

    root = tmp_path_factory.mktemp("authority")
    a, b = Station(hub, root, point_code()), Station(hub, root, point_code())
    h = Station(hub, root, point_code(), level="district")
    for st in (a, b, h):
        st.item()
        st.sync()
    yield World(hub, a, b, h)
    for st in (a, b, h):
        st.close()


def b_reader(w: World) -> str:
    card = w.b.reader()
    w.b.sync()
    return card


def b_copy(w: World) -> str:
    bc = w.b.item()
    w.b.sync()
    return bc


def b_loan(w: World) -> tuple[str, str, str]:
    card, bc = w.b.reader(), w.b.item()
    uid = w.b.checkout(card, bc)
    w.b.sync()
    return card, bc, uid


def hub_reader(w: World, card: str) -> HubReader:
    r: HubReader = one(w.hub, select(HubReader).where(HubReader.card_no == card))
    return r


def hub_item(w: World, bc: str) -> HubItem:
    it: HubItem = one(w.hub, select(HubItem).where(HubItem.barcode == bc))
    return it


# --- one case per row of the authority table -----------------------------------------------
def case_ledger_only(w: World, type_: str) -> None:
    payloads: dict[str, dict[str, Any]] = {
        "point.initialised": {"code": w.b.code, "name": "冒名服务点", "level": "district"},
        "staff.added": {"code": "boss", "name": "冒名", "role": "admin"},
        "standards.activated": {"version": 99, "source": "forged"},
    }
    assert send(w.a, type_, payloads[type_]) == "applied"  # kept in the ledger, changes nothing
    p = one(w.hub, select(HubPoint).where(HubPoint.code == w.b.code))
    assert p.name == f"服务点{w.b.code}" and p.level == "community"


def case_reader_registered(w: World, _t: str) -> None:
    card = b_reader(w)
    before = hub_reader(w, card)
    taken = {"card_no": card, "name": "冒名", "reader_type": "adult", "id_hash": "x",
             "id_masked": "1101**********0000", "birth_date": None, "expires_on": "2099-01-01",
             "home_point": w.a.code}  # fmt: skip
    assert send(w.a, "reader.registered", taken) == "rejected:duplicate_card"
    fresh = {**taken, "card_no": f"F{next(_seq)}", "home_point": w.b.code}
    assert send(w.a, "reader.registered", fresh) == "rejected:wrong_point"
    after = hub_reader(w, card)
    assert (after.home_point, after.profile, after.expires_on) == (
        w.b.code,
        before.profile,
        before.expires_on,
    )
    assert not w.hub.query(select(HubReader).where(HubReader.card_no == fresh["card_no"]))


def case_reader_updated(w: World, _t: str) -> None:
    card = b_reader(w)
    forged = {"card_no": card, "fields": {"name": "冒名", "phone": "13800000000"}}
    assert send(w.a, "reader.updated", forged, FAR_FUTURE) == "rejected:not_home_point"
    r = hub_reader(w, card)
    assert r.profile["name"] == "王小明" and r.profile["phone"] != "13800000000"
    assert FAR_FUTURE not in r.field_hlc.values()


def case_reader_blocked(w: World, _t: str) -> None:
    card = b_reader(w)
    forged = {"card_no": card, "reason": "冒名停用"}
    assert send(w.a, "reader.blocked", forged) == "rejected:not_home_point"
    assert hub_reader(w, card).status == "active"


def case_reader_unblocked(w: World, _t: str) -> None:
    card = b_reader(w)
    w.b.desk.write(readers.block, LIB, card, "逾期未还")
    w.b.sync()
    assert send(w.a, "reader.unblocked", {"card_no": card}) == "rejected:not_home_point"
    assert hub_reader(w, card).status == "blocked"


def case_reader_card_renewed(w: World, _t: str) -> None:
    card = b_reader(w)
    before = hub_reader(w, card).expires_on
    forged = {"card_no": card, "expires_on": "2000-01-01"}
    assert send(w.a, "reader.card_renewed", forged) == "rejected:not_home_point"
    # nor for a card the hub has never seen registered (no home to speak for it yet)
    assert send(w.a, "reader.card_renewed", {**forged, "card_no": f"N{next(_seq)}"}) == (
        "rejected:not_home_point"
    )
    assert hub_reader(w, card).expires_on == before


def case_title_added(w: World, _t: str) -> None:
    bc = b_copy(w)
    uid = hub_item(w, bc).title_uid
    before = one(w.hub, select(HubTitle).where(HubTitle.uid == uid)).data
    mine = {"uid": str(uuid.uuid4()), "isbn": None, "title": "新书", "author": "某",
            "publisher": "某社", "year": 2020, "clc": "I247", "language": "chi"}  # fmt: skip
    assert send(w.a, "title.added", mine) == "applied"  # any point catalogues new titles
    assert send(w.a, "title.added", {**mine, "uid": uid, "title": "冒名"}) == "applied"
    assert one(w.hub, select(HubTitle).where(HubTitle.uid == uid)).data == before


def case_item_added(w: World, _t: str) -> None:
    bc = b_copy(w)
    title = hub_item(w, bc).title_uid
    copy = {"barcode": bc, "title_uid": title, "call_number": "X/1", "material_type": "book",
            "owner": w.a.code, "location": w.a.code, "price_cents": 1}  # fmt: skip
    assert send(w.a, "item.added", copy) == "rejected:duplicate_item"
    fresh = {**copy, "barcode": f"Z{next(_seq)}", "owner": w.b.code, "location": w.b.code}
    assert send(w.a, "item.added", fresh) == "rejected:wrong_point"
    it = hub_item(w, bc)
    assert (it.owner, it.location, it.call_number) == (w.b.code, w.b.code, "I246.57/L544")


def case_title_updated(w: World, _t: str) -> None:
    bc = b_copy(w)
    uid = hub_item(w, bc).title_uid
    forged = {"uid": uid, "fields": {"title": "冒名"}}
    assert send(w.a, "title.updated", forged) == "rejected:not_holding_point"
    assert one(w.hub, select(HubTitle).where(HubTitle.uid == uid)).data["title"] == "城南旧事"
    # the hall catalogues for the district: its correction applies
    fixed = {"uid": uid, "fields": {"author": "林海音 著"}}
    assert send(w.h, "title.updated", fixed) == "applied"
    assert one(w.hub, select(HubTitle).where(HubTitle.uid == uid)).data["author"] == "林海音 著"


def case_item_status_changed(w: World, _t: str) -> None:
    bc = b_copy(w)
    forged = {"barcode": bc, "status": "withdrawn", "previous": "available", "reason": "x"}
    assert send(w.a, "item.status_changed", forged) == "rejected:not_holding_point"
    assert hub_item(w, bc).status == "available"


def case_transfer_created(w: World, _t: str) -> None:
    bc = b_copy(w)
    mine = {"uid": str(uuid.uuid4()), "item": bc, "from_point": w.a.code,
            "to_point": w.a.code, "reason": "return_home"}  # fmt: skip
    assert send(w.a, "transfer.created", mine) == "rejected:not_holding_point"
    theirs = {**mine, "uid": str(uuid.uuid4()), "from_point": w.b.code}
    assert send(w.a, "transfer.created", theirs) == "rejected:wrong_point"
    it = hub_item(w, bc)
    assert (it.status, it.location) == ("available", w.b.code)
    assert not w.hub.query(select(HubTransfer).where(HubTransfer.item == bc))
    # a copy of B's found on A's shelf may always be sent home to B (the copy in the hand)
    home = {**mine, "uid": str(uuid.uuid4()), "to_point": w.b.code}
    assert send(w.a, "transfer.created", home) == "applied"
    t = one(w.hub, select(HubTransfer).where(HubTransfer.item == bc))
    assert (t.from_point, t.to_point) == (w.a.code, w.b.code)


def case_dispatched(w: World, _t: str) -> None:
    bc, own = b_copy(w), w.a.item()
    w.a.sync()
    box = {"uid": str(uuid.uuid4()), "from_point": w.a.code, "to_point": w.h.code,
           "items": [own, bc]}  # fmt: skip
    assert send(w.a, "shipment.dispatched", box) == "rejected:not_holding_point"
    theirs = {**box, "uid": str(uuid.uuid4()), "from_point": w.b.code, "items": [bc]}
    assert send(w.a, "shipment.dispatched", theirs) == "rejected:wrong_point"
    assert (hub_item(w, bc).status, hub_item(w, bc).location) == ("available", w.b.code)
    assert hub_item(w, own).status == "available"  # the whole box is refused, not half of it
    assert not w.hub.query(select(HubShipment).where(HubShipment.uid.in_([box["uid"]])))


def case_received(w: World, _t: str) -> None:
    from sync_fixtures import ship

    bc = b_copy(w)
    box = ship(w.b, w.h, [bc])
    w.b.sync()
    got = {"uid": box, "from_point": w.b.code, "to_point": w.h.code, "received": [bc],
           "missing": [], "extra": [], "damaged": []}  # fmt: skip
    assert send(w.a, "shipment.received", got) == "rejected:wrong_point"
    assert send(w.a, "shipment.received", {**got, "to_point": w.a.code}) == (
        "rejected:unknown_shipment"
    )
    assert one(w.hub, select(HubShipment).where(HubShipment.uid == box)).status == "dispatched"
    assert hub_item(w, bc).owner == w.b.code


def case_checked_out(w: World, _t: str) -> None:
    card, own = b_reader(w), w.a.item()
    w.a.sync()
    loan = {"loan_uid": str(uuid.uuid4()), "item": own, "card_no": card,
            "due_date": "2027-01-01", "checked_out_at": datetime.now(UTC).isoformat()}  # fmt: skip
    assert send(w.a, "loan.checked_out", loan) == "applied"  # B's reader borrows at A
    assert one(w.hub, select(HubLoan).where(HubLoan.uid == loan["loan_uid"])).point == w.a.code


def case_checked_in(w: World, _t: str) -> None:
    card, bc, uid = b_loan(w)
    now = datetime.now(UTC).isoformat()
    back = {"loan_uid": uid, "item": bc, "card_no": card, "returned_at": now, "days_late": 0,
            "fee_cents": 0}  # fmt: skip
    assert send(w.a, "loan.checked_in", back) == "applied"  # return anywhere (通借通还)
    ln = one(w.hub, select(HubLoan).where(HubLoan.uid == uid))
    assert ln.returned_at is not None and ln.returned_point == w.a.code


def case_renewed(w: World, _t: str) -> None:
    _card, bc, uid = b_loan(w)
    due = one(w.hub, select(HubLoan).where(HubLoan.uid == uid)).due_date
    forged = {"loan_uid": uid, "item": bc, "due_date": "2036-01-01", "renewals": 1}
    assert send(w.a, "loan.renewed", forged) == "rejected:not_lending_point"
    assert one(w.hub, select(HubLoan).where(HubLoan.uid == uid)).due_date == due
    # the reader's home point may renew a loan made elsewhere
    home_card = w.h.reader()
    w.h.sync()
    w.b.sync()
    bc2 = w.b.item()
    uid2 = w.b.checkout(home_card, bc2)
    w.b.sync()
    ok = {"loan_uid": uid2, "item": bc2, "due_date": "2027-06-01", "renewals": 1}
    assert send(w.h, "loan.renewed", ok) in ("applied", "applied_with_flag")
    assert str(one(w.hub, select(HubLoan).where(HubLoan.uid == uid2)).due_date) == "2027-06-01"


def case_own_rows(w: World, type_: str) -> None:
    """Filed under the sender's own code whatever the payload says; B's rows stay B's."""
    if type_ == "visits.recorded":
        assert send(w.a, type_, {"day": "2026-02-02", "count": 7}) == "applied"
        rows = w.hub.query(select(HubVisit.point_code).where(HubVisit.day == date(2026, 2, 2)))
        assert rows == [(w.a.code,)]
    elif type_ == "services.confirmed":
        payload = {"period": "2026-02", "service": "forged_service", "provided": True}
        assert send(w.a, type_, payload) == "applied"
        rows = w.hub.query(
            select(HubServiceCheck.point_code).where(HubServiceCheck.service == "forged_service")
        )
        assert rows == [(w.a.code,)]
    elif type_ == "inventory.finished":
        uid = str(uuid.uuid4())
        payload = {"uid": uid, "call_from": None, "call_to": None, "expected": 1, "found": 0,
                   "missing": 1, "misplaced": 0, "unexpected": 0}  # fmt: skip
        assert send(w.a, type_, payload) == "applied"
        assert one(w.hub, select(HubInventory).where(HubInventory.uid == uid)).point_code == (
            w.a.code
        )
    else:  # retention.applied: only the sender's own loans lose their reader
        card, bc, uid = b_loan(w)
        w.b.checkin(bc)
        w.b.sync()
        future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        assert send(w.a, type_, {"cutoff": future, "days": 0, "count": 1}) == "applied"
        assert one(w.hub, select(HubLoan).where(HubLoan.uid == uid)).card_no == card


def case_exception_resolved(w: World, _t: str) -> None:
    bad = raw(w.b, "reader.blocked", {"card_no": "no such\u0000card", "reason": "x"})
    [got] = w.b.push_results([bad])
    assert got["status"] == "rejected"
    x = one(w.hub, select(HubException).where(HubException.key == f"rejected:{bad['event_id']}"))
    forged = {"uid": x.uid, "resolution": "accept", "note": "冒名处理"}
    assert send(w.a, "exception.resolved", forged) == "rejected:unknown_exception"
    assert one(w.hub, select(HubException).where(HubException.uid == x.uid)).status == "open"


def case_duty(w: World, type_: str) -> None:
    uid = str(uuid.uuid4())
    start = {"uid": uid, "staff_code": "lib", "started_at": datetime.now(UTC).isoformat()}
    assert send(w.b, "duty.started", start) == "applied"
    if type_ == "duty.started":
        assert send(w.a, type_, {**start, "staff_code": "boss"}) == "rejected:wrong_point"
    else:
        end = {"uid": uid, "staff_code": "lib", "ended_at": datetime.now(UTC).isoformat()}
        assert send(w.a, type_, end) == "rejected:wrong_point"
    shift = one(w.hub, select(HubDutyShift).where(HubDutyShift.uid == uid))
    assert (shift.point_code, shift.staff_code, shift.ended_at) == (w.b.code, "lib", None)


def case_activity(w: World, type_: str) -> None:
    """B's activity: A can neither take its uid nor reschedule, cancel or close it; A's own
    shift hours are filed under A."""
    from xclib_desk.hub.activities import HubActivity, HubVolunteerShift

    uid = str(uuid.uuid4())
    start = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    planned = {"uid": uid, "series": "sxxc", "title": "B 的活动", "starts_at": start,
               "ends_at": start, "target_group": "public"}  # fmt: skip
    assert send(w.b, "activity.planned", planned) == "applied"
    forged: dict[str, dict[str, Any]] = {
        "activity.planned": {**planned, "title": "冒名"},
        "activity.rescheduled": {"uid": uid, "starts_at": start, "ends_at": start, "room": "x"},
        "activity.cancelled": {"uid": uid, "reason": "冒名"},
        "activity.closed": {"uid": uid, "registered": 0, "attended_cards": 0, "walk_ins": {},
                            "participants": 0},
    }  # fmt: skip
    if type_ == "volunteer.shift":
        shift = {"uid": str(uuid.uuid4()), "volunteer": str(uuid.uuid4()), "team": "",
                 "started_at": start, "ended_at": start, "minutes": 0}  # fmt: skip
        assert send(w.a, type_, shift) == "applied"
        row = one(w.hub, select(HubVolunteerShift).where(HubVolunteerShift.uid == shift["uid"]))
        assert row.point == w.a.code
        return
    if type_ == "activity.planned":  # the hub checks the district's catalogue itself
        odd = {**planned, "uid": str(uuid.uuid4())}
        assert send(w.b, type_, {**odd, "series": "made_up"}) == "rejected:unknown_series"
        assert send(w.b, type_, {**odd, "target_group": "x"}) == "rejected:unknown_target_group"
    want = "rejected:wrong_point" if type_ == "activity.planned" else "rejected:unknown_activity"
    assert send(w.a, type_, forged[type_]) == want
    a = one(w.hub, select(HubActivity).where(HubActivity.uid == uid))
    assert (a.point, a.title, a.status) == (w.b.code, "B 的活动", "planned")


def case_fee(w: World, type_: str) -> None:
    """B's late return raised a fee of B's reader: A may neither pay nor waive it, nor a fee the
    hub has never seen."""
    card, bc, uid = b_loan(w)
    now = datetime.now(UTC).isoformat()
    back = {"loan_uid": uid, "item": bc, "card_no": card, "returned_at": now, "days_late": 3,
            "fee_cents": 60}  # fmt: skip
    assert send(w.b, "loan.checked_in", back) == "applied"
    if type_ == "fee.paid":
        forged = {"uid": str(uuid.uuid4()), "card_no": card, "fees": [uid], "amount_cents": 60,
                  "paid_at": now}  # fmt: skip
        unknown = {**forged, "fees": [str(uuid.uuid4())]}
    else:
        forged = {"uid": uid, "card_no": card, "amount_cents": 60, "reason": "x", "waived_at": now}
        unknown = {**forged, "uid": str(uuid.uuid4())}
    assert send(w.a, type_, forged) == "rejected:not_fee_point"
    assert send(w.a, type_, unknown) == "rejected:unknown_fee"
    assert one(w.hub, select(HubFee).where(HubFee.uid == uid)).status == "open"
    assert send(w.b, type_, forged) == "applied"


def case_unknown_return(w: World, _t: str) -> None:
    """Return anywhere: A takes back B's lent copy it has never seen; the hub closes the loan
    and routes the copy home from A."""
    _card, bc, uid = b_loan(w)
    back = {"uid": str(uuid.uuid4()), "item": bc, "returned_at": datetime.now(UTC).isoformat()}
    assert send(w.a, "loan.returned_unknown", back) == "applied"
    ln = one(w.hub, select(HubLoan).where(HubLoan.uid == uid))
    assert ln.returned_point == w.a.code
    t = one(w.hub, select(HubTransfer).where(HubTransfer.uid == back["uid"]))
    assert (t.from_point, t.to_point) == (w.a.code, w.b.code)


def case_closed_lost(w: World, _t: str) -> None:
    """Only the lending point (or the reader's home) may say B's loan ended in a loss."""
    card, bc, uid = b_loan(w)
    lost = {"loan_uid": uid, "item": bc, "card_no": card, "outcome": "lost_paid",
            "fee_cents": 5000, "closed_at": datetime.now(UTC).isoformat()}  # fmt: skip
    assert send(w.a, "loan.closed_lost", lost) == "rejected:not_lending_point"
    assert one(w.hub, select(HubLoan).where(HubLoan.uid == uid)).returned_at is None
    assert send(w.b, "loan.closed_lost", lost) == "applied"
    assert hub_item(w, bc).status == "lost"


# --- holds (hub/push/holds.py) -------------------------------------------------------------------
def b_hold(w: World) -> tuple[str, str]:
    """A hold placed at B by B's reader on a copy of B, for pickup at B: (hold uid, copy)."""
    card, bc = w.b.reader(), w.b.item()
    uid = w.b.desk.write(holds.place, LIB, card, barcode=bc).uid
    w.b.sync()
    return uid, bc


def case_hold_placed(w: World, type_: str) -> None:
    card, bc = b_reader(w), b_copy(w)
    tuid = hub_item(w, bc).title_uid
    placed = {"uid": str(uuid.uuid4()), "card_no": card, "title_uid": tuid,
              "pickup_point": w.a.code, "placed_at": datetime.now(UTC).isoformat(),
              "lapse_on": "2099-01-01"}  # fmt: skip
    assert send(w.a, type_, placed) == "applied"  # any point, any reader, any pickup point


def case_hold_party(w: World, type_: str) -> None:
    uid, _ = b_hold(w)
    payloads: dict[str, dict[str, Any]] = {
        "hold.cancelled": {"uid": uid, "reason": "forged"},
        "hold.suspended": {"uid": uid, "until": "2099-01-01"},
        "hold.pickup_changed": {"uid": uid, "pickup_point": w.a.code},
    }
    assert send(w.a, type_, payloads[type_]) == "rejected:not_hold_point"
    h = one(w.hub, select(HubHold).where(HubHold.uid == uid))
    assert (h.status, h.pickup_point, h.suspended_until) == ("waiting", w.b.code, None)


def case_hold_copy(w: World, type_: str) -> None:
    uid, bc = b_hold(w)
    assert send(w.a, type_, {"uid": uid, "item": bc}) == "rejected:not_holding_point"
    h = one(w.hub, select(HubHold).where(HubHold.uid == uid))
    assert (h.status, h.captured_item, h.tried) == ("waiting", None, [])


def case_hold_pickup(w: World, type_: str) -> None:
    uid, bc = b_hold(w)
    payloads: dict[str, dict[str, Any]] = {
        "hold.shelved": {"uid": uid, "item": bc, "shelf_expires_on": "2099-01-01"},
        "hold.filled": {"uid": uid, "item": bc, "loan_uid": str(uuid.uuid4())},
        "hold.expired": {"uid": uid, "item": bc},
    }
    assert send(w.a, type_, payloads[type_]) == "rejected:not_pickup_point"
    assert one(w.hub, select(HubHold).where(HubHold.uid == uid)).status == "waiting"


CASES: dict[str, Callable[[World, str], None]] = {
    "point.initialised": case_ledger_only,
    "staff.added": case_ledger_only,
    "standards.activated": case_ledger_only,
    "reader.registered": case_reader_registered,
    "reader.updated": case_reader_updated,
    "reader.blocked": case_reader_blocked,
    "reader.unblocked": case_reader_unblocked,
    "reader.card_renewed": case_reader_card_renewed,
    "title.added": case_title_added,
    "item.added": case_item_added,
    "title.updated": case_title_updated,
    "item.status_changed": case_item_status_changed,
    "inventory.finished": case_own_rows,
    "transfer.created": case_transfer_created,
    "loan.checked_out": case_checked_out,
    "loan.checked_in": case_checked_in,
    "loan.renewed": case_renewed,
    "visits.recorded": case_own_rows,
    "exception.resolved": case_exception_resolved,
    "duty.started": case_duty,
    "duty.ended": case_duty,
    "services.confirmed": case_own_rows,
    "retention.applied": case_own_rows,
    "shipment.dispatched": case_dispatched,
    "shipment.received": case_received,
    "activity.planned": case_activity,
    "activity.rescheduled": case_activity,
    "activity.cancelled": case_activity,
    "activity.closed": case_activity,
    "volunteer.shift": case_activity,
    "fee.paid": case_fee,
    "fee.waived": case_fee,
    "loan.returned_unknown": case_unknown_return,
    "loan.closed_lost": case_closed_lost,
    "hold.placed": case_hold_placed,
    "hold.cancelled": case_hold_party,
    "hold.suspended": case_hold_party,
    "hold.pickup_changed": case_hold_party,
    "hold.captured": case_hold_copy,
    "hold.shelved": case_hold_pickup,
    "hold.filled": case_hold_pickup,
    "hold.not_found": case_hold_copy,
    "hold.expired": case_hold_pickup,
}


def test_every_event_type_has_one_authority_row_and_one_test() -> None:
    assert list(AUTHORITY) == list(HANDLERS)
    assert set(CASES) == set(AUTHORITY)


def test_the_protocol_document_states_the_same_authority_table() -> None:
    text = (ROOT / "docs" / "sync-protocol.md").read_text(encoding="utf-8")
    table = text.split("| event type | who may emit it | refusal codes |\n", 1)[1].split("\n\n")[0]
    rows = re.findall(r"^\| `([a-z_.]+)` \| ([^|]+) \| ([^|]+) \|$", table, re.M)
    doc = {t: (who.strip(), tuple(re.findall(r"`([a-z_]+)`", codes))) for t, who, codes in rows}
    code = {t: (a.who, a.codes) for t, a in AUTHORITY.items()}
    assert doc == code


@pytest.mark.parametrize("type_", list(AUTHORITY))
def test_a_point_may_emit_only_what_the_authority_table_allows(world: World, type_: str) -> None:
    CASES[type_](world, type_)


def test_the_home_points_later_edit_wins_over_a_refused_forgery(world: World) -> None:
    w = world
    card = b_reader(w)
    forged = [
        raw(w.a, "reader.updated", {"card_no": card, "fields": {"name": "冒名", "address": "伪"}},
            FAR_FUTURE),
        raw(w.a, "reader.blocked", {"card_no": card, "reason": "冒名停用"}, FAR_FUTURE),
    ]  # fmt: skip
    answers = w.a.push_results(forged)
    assert [(x["status"], x["code"]) for x in answers] == [("rejected", "not_home_point")] * 2
    w.b.desk.write(readers.edit, LIB, card, name="王小红", address="西城区新街口")
    res = w.b.sync()
    assert res.results == {"applied": res.pushed}
    r = hub_reader(w, card)
    assert (r.profile["name"], r.profile["address"]) == ("王小红", "西城区新街口")
    assert r.status == "active"
    # and the point that owns the reader ends with the same view after pulling
    w.b.sync()
    row = w.b.reader_row(card)
    assert row is not None and row.name == "王小红"
    # the ledger keeps the forgeries, refused
    kept = w.hub.query(
        select(HubEvent.status, HubEvent.code).where(
            HubEvent.event_id.in_([e["event_id"] for e in forged])
        )
    )
    assert kept == [("rejected", "not_home_point")] * 2
