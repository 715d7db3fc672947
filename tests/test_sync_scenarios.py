"""The library's sync scenarios, end to end: real desks, a real hub process over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests
from sqlalchemy import select

from xclib_desk.clock import FixedClock
from xclib_desk.hub.models import HubEvent, HubException, HubLoan, HubTransfer
from xclib_desk.models import OutboxDelivery, OutboxEvent, Transfer
from xclib_desk.services import readers, syncview
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def hub_loans(hub: HubProc, item: str) -> list[HubLoan]:
    return [r[0] for r in hub.query(select(HubLoan).where(HubLoan.item == item))]


def shared_copy(hub: HubProc, a: Station, b: Station) -> str:
    """A copy A has sent to B in a shipment (配送): B's now, and both desks know it."""
    from sync_fixtures import deliver

    bc = a.item()
    a.sync()
    b.sync()
    deliver(a, b, [bc])
    return bc


def test_two_points_offline_lend_the_same_copy(hub: HubProc, station: MakeStation) -> None:
    a, b = station(), station()
    bc = shared_copy(hub, a, b)
    ra, rb = a.reader(), b.reader()
    # both offline: each desk believes the copy is on its shelf and lends it
    loan_a = a.checkout(ra, bc)
    loan_b = b.checkout(rb, bc)  # later in time: the copy is now with B's reader
    ra_res, rb_res = a.sync(), b.sync()
    assert ra_res.results == {"applied": ra_res.pushed}
    assert rb_res.results.get("applied_with_flag") == 1
    a.sync()
    b.sync()
    # the hub: the older loan closed (superseded), the newer one open; nothing lost
    loans = {ln.uid: ln for ln in hub_loans(hub, bc)}
    assert set(loans) == {loan_a, loan_b}
    assert loans[loan_a].returned_at is not None and loans[loan_a].closed_by == "superseded"
    assert loans[loan_b].returned_at is None
    # the owner and the hub agree on who has the copy; A learns its loan was closed
    assert b.open_loans().get(bc) == loan_b
    assert bc not in a.open_loans()
    # one conflict, surfaced once, to both points, with both loans in its context
    xs = [x for x in hub.exceptions() if x["kind"] == "double_loan"]
    assert len(xs) == 1 and sorted(xs[0]["points"]) == sorted([a.code, b.code])
    for st in (a, b):
        mine = [x for x in st.exceptions() if x.kind == "double_loan"]
        assert len(mine) == 1
        ctx = mine[0].context
        assert ctx["closed_loan"]["uid"] == loan_a and ctx["open_loan"]["uid"] == loan_b
        assert ctx["closed_loan"]["card_no"] == ra and ctx["open_loan"]["card_no"] == rb


def test_reader_blocked_at_hall_borrows_at_unsynced_point(
    hub: HubProc, station: MakeStation
) -> None:
    hall, p = station("district"), station()
    card = hall.reader()
    hall.sync()
    p.sync()  # p now knows the card through the district index
    idx = p.reader_row(card)
    assert idx is not None and idx.index_only and idx.name == "" and idx.id_masked is None
    bc = p.item()
    hall.desk.write(readers.block, LIB, card, "逾期未还")
    hall.sync()
    loan = p.checkout(card, bc)  # p is offline: its index still says active
    res = p.sync()
    assert res.results.get("applied_with_flag") == 1
    # the loan is kept (the book is in the reader's bag) and flagged
    [hl] = hub_loans(hub, bc)
    assert hl.uid == loan and hl.returned_at is None
    assert p.open_loans() == {bc: loan}
    p.sync()
    kinds = [x.kind for x in p.exceptions()]
    assert kinds.count("reader_blocked_at_hub") == 1
    row = p.reader_row(card)
    assert row is not None and row.status == "blocked"  # the index caught up


def test_return_at_non_owning_point_creates_transfer_home(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc = shared_copy(hub, a, b)  # B's copy, known at A
    card = a.reader()
    a.checkout(card, bc)
    result = a.checkin(bc)
    assert result.route_to == b.code and result.transfer_uid
    a.sync()
    b.sync()
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.uid == result.transfer_uid))
    assert (t.from_point, t.to_point, t.reason) == (a.code, b.code, "return_home")
    # the owner sees the transfer addressed to it and the copy in transit
    with b.desk.session(write=False) as s:
        tr = s.scalars(select(Transfer).where(Transfer.uid == result.transfer_uid)).one()
        assert tr.status == "pending"
    item = b.item_row(bc)
    assert item is not None and item.status == "in_transit"
    assert a.open_loans() == {} and b.open_loans() == {}


def _hub_state(hub: HubProc, bc: str) -> list[tuple[Any, ...]]:
    return [
        (ln.uid, ln.card_no, ln.returned_at, ln.closed_by, ln.due_date, ln.renewals)
        for ln in sorted(hub_loans(hub, bc), key=lambda x: x.uid)
    ]


def test_replayed_batch_changes_nothing_and_answers_the_same(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.checkout(card, bc)
    a.checkin(bc)
    a.checkout(card, bc)
    events = a.outbox()
    first = a.raw_push(events)
    assert first.status_code == 200
    before = _hub_state(hub, bc)
    n_events = len(hub.query(select(HubEvent.event_id)))
    for _ in range(2):
        again = a.raw_push(events)
        assert again.status_code == 200
        for r1, r2 in zip(first.json()["results"], again.json()["results"], strict=True):
            assert r2["status"] == "duplicate"
            assert r2["original_status"] == r1["status"] and r2["code"] == r1["code"]
    assert _hub_state(hub, bc) == before
    assert len(hub.query(select(HubEvent.event_id))) == n_events


def test_reordered_batch_reaches_the_same_state(hub: HubProc, station: MakeStation) -> None:
    a, b = station(), station()
    bc_a, card_a = a.item(), a.reader()
    a.checkout(card_a, bc_a)
    a.checkin(bc_a)
    lent = a.checkout(card_a, bc_a)
    a.sync()  # in order
    bc_b, card_b = b.item(), b.reader()
    b.checkout(card_b, bc_b)
    b.checkin(bc_b)
    lent_b = b.checkout(card_b, bc_b)
    events = b.outbox()
    r = b.raw_push(list(reversed(events)))  # worst order: returns before their loans
    assert r.status_code == 200
    assert {x["status"] for x in r.json()["results"]} <= {"applied", "applied_with_flag"}
    open_a = [ln.uid for ln in hub_loans(hub, bc_a) if ln.returned_at is None]
    open_b = [ln.uid for ln in hub_loans(hub, bc_b) if ln.returned_at is None]
    assert open_a == [lent] and open_b == [lent_b]
    b.sync()
    assert b.open_loans() == {bc_b: lent_b}


class DropFirstPushAnswer(requests.Session):
    """The hub commits the push, then the line drops before the answer arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def post(self, url: Any, *args: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        r = super().post(url, *args, **kw)
        if str(url).endswith("/v1/push") and self.dropped == 0:
            self.dropped += 1
            raise requests.ConnectionError("connection reset after the hub committed")
        return r


def test_push_cut_off_after_hub_commit(hub: HubProc, station: MakeStation) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    loan = a.checkout(card, bc)
    http = DropFirstPushAnswer()
    a.engine = a.new_engine(http=http)
    res = a.engine.run_once()
    assert not res.ok and "network" in (res.error or "")
    assert a.engine.status().pending > 0  # the desk does not know the hub has them
    res = a.sync()  # re-sent: the ledger answers duplicate with the first result
    assert res.results == {"applied": res.pushed}
    assert a.engine.status().pending == 0
    with a.desk.session(write=False) as s:
        assert {d.status for d in s.scalars(select(OutboxDelivery))} == {"applied"}
    [hl] = hub_loans(hub, bc)
    assert hl.uid == loan and hl.returned_at is None  # applied once, not twice


class CutAfterPages(requests.Session):
    """Lets ``pages`` pull pages through per run, then the network goes away."""

    def __init__(self, pages: int) -> None:
        super().__init__()
        self.pages, self.seen = pages, 0

    def get(self, url: Any, *args: Any, **kw: Any) -> requests.Response:  # type: ignore[override]
        if str(url).endswith("/v1/pull"):
            if self.seen >= self.pages:
                raise requests.ConnectionError("network gone")
            self.seen += 1
        return super().get(url, *args, **kw)


def _snapshot(st: Station) -> dict[str, Any]:
    from xclib_desk.models import Item, Reader

    with st.desk.session(write=False) as s:
        return {
            "items": sorted(s.execute(select(Item.barcode, Item.status)).all()),
            "readers": sorted(
                s.execute(select(Reader.card_no, Reader.status, Reader.index_only)).all()
            ),
        }


def test_initial_sync_interrupted_at_every_page_boundary(
    hub: HubProc, station: MakeStation
) -> None:
    src = station()
    for _ in range(6):
        src.reader()
        src.item()
    src.sync()
    ref, late = station(), station()
    ref.sync()  # uninterrupted reference
    runs = 0
    while True:
        late.engine = late.new_engine(http=CutAfterPages(1))
        late.engine.page_size = 3
        res = late.engine.run_once()
        runs += 1
        if res.ok:
            break
        assert runs < 500
    assert runs > 3  # it really was cut many times
    snap_ref, snap_late = _snapshot(ref), _snapshot(late)
    mine_ref = {c for c, *_ in snap_ref["readers"]}
    assert {c for c, *_ in snap_late["readers"]} == mine_ref
    assert [r for r in snap_late["readers"] if r[0] in mine_ref] == snap_ref["readers"]


def test_token_of_one_point_cannot_push_anothers_events(hub: HubProc, station: MakeStation) -> None:
    a, b = station(), station()
    b.checkout(b.reader(), b.item())
    events = b.outbox()
    before = len(hub.query(select(HubEvent.event_id)))
    forged = [dict(e, device_id=a.desk.device_id) for e in events]
    r = requests.post(
        hub.url + "/v1/push",
        json={"device_id": a.desk.device_id, "events": forged},
        headers={"Authorization": f"Bearer {a.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    assert r.status_code == 403 and r.json()["code"] == "wrong_point"
    # B's events, B's device id, but A's token
    r = requests.post(
        hub.url + "/v1/push",
        json={"device_id": b.desk.device_id, "events": events},
        headers={"Authorization": f"Bearer {a.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    assert r.status_code == 403
    assert len(hub.query(select(HubEvent.event_id))) == before


def test_revoked_device_is_cut_off(hub: HubProc, station: MakeStation) -> None:
    a = station()
    a.sync()
    hub.cli("revoke", "--device", a.desk.device_id)
    a.checkout(a.reader(), a.item())
    res = a.engine.run_once()
    assert not res.ok and (res.error or "").startswith("auth")
    assert a.engine.status().pending > 0  # still queued, nothing lost


def test_clock_two_days_ahead_is_flagged_not_dropped(hub: HubProc, station: MakeStation) -> None:
    clock = FixedClock(datetime.now(UTC) + timedelta(days=2))
    a = station(clock=clock)
    bc, card = a.item(), a.reader()
    loan = a.checkout(card, bc)
    res = a.sync()
    assert res.results.get("applied_with_flag") == res.pushed  # every event kept, each flagged
    st = a.engine.status()
    assert st.clock_drift_warning and st.clock_offset_ms is not None
    assert st.clock_offset_ms < -1.5 * 86400 * 1000
    [hl] = hub_loans(hub, bc)
    assert hl.uid == loan
    a.sync()
    assert [x.kind for x in a.exceptions()] == ["clock_ahead"]  # once, not once per event


def test_outdated_desk_keeps_queueing_and_says_why(hub: HubProc, station: MakeStation) -> None:
    a = station()
    a.engine.protocol_version = 0  # as if this desk were built before the hub's protocol
    a.checkout(a.reader(), a.item())
    res = a.engine.run_once()
    assert not res.ok and "protocol" in (res.error or "") and "upgrade" in (res.error or "")
    st = a.engine.status()
    assert not st.protocol_ok and st.pending > 0
    a.checkout(a.reader(), a.item())  # the desk keeps working
    a.engine.protocol_version = 1  # upgraded
    a.sync()
    assert a.engine.status().pending == 0 and a.engine.status().protocol_ok


def test_renewal_of_returned_loan_is_rejected_and_surfaced(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.checkout(card, bc)
    a.checkin(bc)
    a.sync()
    events = a.outbox()
    co = next(e for e in events if e["type"] == "loan.checked_out")
    renew = dict(
        co,
        event_id="00000000-0000-4000-8000-" + co["event_id"][-12:],
        seq=events[-1]["seq"] + 1,
        type="loan.renewed",
        payload={
            "loan_uid": co["payload"]["loan_uid"],
            "item": bc,
            "due_date": "2030-01-01",
            "renewals": 1,
        },
    )
    ok = dict(
        renew,
        event_id="00000000-0000-4000-9000-" + co["event_id"][-12:],
        seq=renew["seq"] + 1,
        type="visits.recorded",
        payload={"day": "2026-11-25", "count": 3},
    )
    r = a.raw_push([renew, ok])
    res = r.json()["results"]
    assert res[0]["status"] == "rejected" and res[0]["code"] == "loan_returned"
    assert res[1]["status"] == "applied"  # one bad event never blocks the rest
    [hl] = hub_loans(hub, bc)
    assert hl.renewals == 0 and hl.returned_at is not None


def test_exception_resolution_syncs_to_every_point_involved(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    bc = shared_copy(hub, a, b)
    a.checkout(a.reader(), bc)
    b.checkout(b.reader(), bc)
    a.sync()
    b.sync()
    a.sync()
    [x] = [x for x in a.exceptions() if x.kind == "double_loan"]
    a.desk.write(syncview.resolve, LIB, x.uid, "accept", "读者已归还，核对无误")
    a.sync()
    [(hx,)] = hub.query(select(HubException).where(HubException.uid == x.uid))
    assert hx.status == "resolved" and hx.resolution == "accept"
    b.sync()
    [xb] = [x for x in b.exceptions() if x.kind == "double_loan"]
    assert xb.status == "resolved" and xb.resolution == "accept"
    assert b.engine.status().open_exceptions == 0


@pytest.mark.parametrize("compression", ["gzip", "none"])
def test_other_encodings_are_accepted(hub: HubProc, station: MakeStation, compression: str) -> None:
    a = station()
    a.engine = a.new_engine(compression=compression)
    a.checkout(a.reader(), a.item())
    res = a.sync()
    assert res.pushed > 0 and res.results == {"applied": res.pushed}


def test_background_sync_retries_on_a_timer_until_the_hub_is_back(
    hub: HubProc, station: MakeStation
) -> None:
    """No scan needed: a desk that lost the hub keeps trying with backoff and delivers once
    the hub answers again."""
    import threading

    from sync_fixtures import free_port

    a = station()
    a.checkout(a.reader(), a.item())
    a.engine.set_hub_url(f"http://127.0.0.1:{free_port()}")  # nobody listens there
    a.engine = a.new_engine(http=None)
    a.engine.http.mount("http://", requests.adapters.HTTPAdapter(max_retries=0))
    results: list[bool] = []
    failed_once = threading.Event()

    def seen(res: Any) -> None:
        results.append(res.ok)
        if not res.ok:
            failed_once.set()

    a.engine.start_background(interval_s=0.2, on_result=seen)
    try:
        assert failed_once.wait(30)
        assert a.engine.status().last_error is not None
        a.engine.set_hub_url(hub.url)  # the line comes back
        for _ in range(600):
            if True in results:
                break
            threading.Event().wait(0.1)
        assert results[0] is False and True in results
        assert a.engine.status().pending == 0
    finally:
        a.engine.stop_background()


def test_a_slow_desk_clock_is_pulled_forward_by_the_hub(hub: HubProc, station: MakeStation) -> None:
    """After a sync, new events sort after what the hub had seen, even if the desk's wall
    clock is an hour behind."""
    from xclib_desk.clock import HLC, to_ms

    clock = FixedClock(datetime.now(UTC) - timedelta(hours=1))
    a = station(clock=clock)
    a.sync()
    a.checkout(a.reader(), a.item())
    with a.desk.session(write=False) as s:
        last = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc())).first()
        assert last is not None
        stamp = HLC.decode(last.hlc)
    assert stamp.physical > to_ms(clock.now()) + 50 * 60 * 1000


def _next(st: Station, base: dict[str, Any], n: int, **changes: Any) -> dict[str, Any]:
    """A further event of this device, as its desk would have numbered it."""
    import uuid

    return dict(base, event_id=str(uuid.uuid4()), seq=base["seq"] + n, **changes)


def test_events_are_judged_under_the_standards_version_they_carry(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.checkout(card, bc)
    a.sync()
    events = a.outbox()
    co, last = next(e for e in events if e["type"] == "loan.checked_out"), events[-1]
    renew = {"loan_uid": co["payload"]["loan_uid"], "item": bc, "due_date": "2030-01-01"}
    over_limit = _next(a, last, 1, type="loan.renewed", payload=dict(renew, renewals=5))
    unknown_rules = _next(
        a, last, 2, type="loan.renewed", payload=dict(renew, renewals=6), standards_version=99
    )
    res = a.raw_push([over_limit, unknown_rules]).json()["results"]
    # version 1 allows one renewal: kept (the reader has the book) and flagged
    assert res[0]["status"] == "applied_with_flag" and res[0]["code"] == "renewal_limit_exceeded"
    assert (
        res[1]["status"] == "applied_with_flag" and "unknown_standards_version" in res[1]["flags"]
    )


def test_reader_profile_edits_merge_per_field_by_clock(hub: HubProc, station: MakeStation) -> None:
    from xclib_desk.hub.models import HubReader

    a = station()
    card = a.reader()
    a.sync()
    last = a.outbox()[-1]

    def edit(n: int, hlc_ms: int, fields: dict[str, Any]) -> dict[str, Any]:
        return _next(
            a,
            last,
            n,
            type="reader.updated",
            hlc=f"{hlc_ms:013d}-00000-{last['device_id'][:8]}",
            payload={"card_no": card, "fields": fields},
        )

    t = int(last["hlc"][:13])
    newer_phone = edit(1, t + 3000, {"phone": "13900000003"})
    older_phone_and_address = edit(2, t + 1000, {"phone": "13900000001", "address": "西城区"})
    # the newer edit arrives first (two pushes, so the hub cannot reorder them)
    for ev in (newer_phone, older_phone_and_address):
        assert a.raw_push([ev]).json()["results"][0]["status"] == "applied"
    [(row,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    assert row.profile["phone"] == "13900000003"  # the later edit of this field wins
    assert row.profile["address"] == "西城区"  # a different field of the older edit is kept


def test_return_of_a_copy_the_point_has_never_seen(hub: HubProc, station: MakeStation) -> None:
    """Return anywhere: the desk fetches the copy and its open loan from the hub, takes it
    back, and routes it home."""
    from xclib_desk.errors import DeskError

    a, c = station(), station()
    bc, card = a.item(), a.reader()
    loan = a.checkout(card, bc)
    a.sync()
    c.sync()
    with pytest.raises(DeskError):
        c.checkin(bc)  # unknown here
    assert c.engine.fetch_item(bc)
    assert not c.engine.fetch_item("X999999999")
    result = c.checkin(bc)
    assert result.route_to == a.code
    c.sync()
    a.sync()
    [hl] = hub_loans(hub, bc)
    assert hl.uid == loan and hl.returned_at is not None and hl.returned_point == c.code
    assert a.open_loans() == {}
    item = a.item_row(bc)
    assert item is not None and item.status == "in_transit"
