"""The ledger never goes silent and never fails the push, against a real hub process (SQLite and
PostgreSQL): a reused sequence number is a recorded fact and one exception the hall sees, and
text no database can hold is stored scrubbed instead of turning the push into a 500."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubEvent, HubLoan, HubReusedSeq
from xclib_desk.hub.push.batch import highest_seq

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]


def _highest(hub: HubProc, device: str) -> int:
    with Session(make_engine(hub.db)) as s:
        return highest_seq(s, device)


def test_a_reused_sequence_number_is_recorded_and_shown_once(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.sync()
    top = _highest(hub, a.desk.device_id)
    assert top == a.outbox()[-1]["seq"]
    assert _highest(hub, str(uuid.uuid4())) == 0
    # a desk restored from an old backup numbers its next check-out with a number it used
    a.checkout(card, bc)
    checkout = a.outbox()[-1]
    reused = dict(checkout, seq=top)
    holder = next(e for e in a.outbox() if e["seq"] == top)
    for _ in range(2):  # sent again: still one record, one exception
        [res] = a.raw_push([reused]).json()["results"]
        assert (res["status"], res["code"]) == ("rejected", "seq_reused")
    rows = [r for (r,) in hub.query(select(HubReusedSeq))]
    mine = [r for r in rows if r.device_id == a.desk.device_id]
    assert [(r.event_id, r.seq, r.holder_event_id, r.type) for r in mine] == [
        (checkout["event_id"], top, holder["event_id"], "loan.checked_out")
    ]
    assert hub.query(select(HubLoan).where(HubLoan.item == bc)) == []  # not applied
    shown = [x for x in hub.exceptions() if x["kind"] == "seq_reused"]
    shown = [x for x in shown if x["context"]["device_id"] == a.desk.device_id]
    assert len(shown) == 1 and shown[0]["points"] == [a.code]
    ctx = shown[0]["context"]
    assert ctx["point"] == a.code and ctx["highest_seq"] == top and "renumber" in ctx["hub_action"]
    # renumbered above the hub's highest, the same event is applied: the loan reaches the hub
    [res] = a.raw_push([dict(checkout, seq=top + 1)]).json()["results"]
    assert res["status"] == "applied"
    [(loan,)] = hub.query(select(HubLoan).where(HubLoan.item == bc))
    assert loan.uid == checkout["payload"]["loan_uid"] and loan.returned_at is None
    assert _highest(hub, a.desk.device_id) == top + 1
    # the point's own desk sees it too, through its feed
    a.sync()
    assert "seq_reused" in [x.kind for x in a.exceptions()]


def test_text_no_database_can_hold_never_fails_the_push(hub: HubProc, station: MakeStation) -> None:
    a = station()
    card = a.reader()
    a.sync()
    last = a.outbox()[-1]

    def ev(n: int, **changes: Any) -> dict[str, Any]:
        return {**last, "event_id": str(uuid.uuid4()), "seq": last["seq"] + n, **changes}

    nul = "\u0000"
    unknown = ev(1, type="x.note", payload={"text": f"a{nul}b", f"k{nul}": [nul, "ok"]})
    bad = ev(2, type="reader.updated", payload={"card_no": card, "fields": {"name": f"王{nul}"}})
    odd_id = ev(3, event_id=f"id{nul}{uuid.uuid4().hex[:20]}", type="y.z", payload={})
    odd_clock = ev(
        4,
        type="reader.updated",
        hlc=last["hlc"][:20] + nul,
        payload={"card_no": card, "fields": {"phone": "13900000002"}},
    )
    # an envelope's ids, type and clock are typed codes: such a request is refused whole, as
    # malformed (422, never a 500), before anything is read from or written to the database
    for odd in (odd_id, odd_clock):
        r = a.raw_push([unknown, odd])
        assert r.status_code == 422 and r.json()["code"] == "bad_request"
    assert _highest(hub, a.desk.device_id) == last["seq"]
    odd_id = ev(3, type="y.z", payload={"note": f"x{nul}"})
    good = ev(5, type="reader.updated", payload={"card_no": card, "fields": {"phone": "139"}})
    # values at the edges of the envelope's types
    edges = [
        ev(6, type="y.z", payload={}, standards_version=2**31),
        ev(7, type="y.z", payload={}, wall_time="0001-01-01T00:00:00+14:00"),
        ev(8, type="y.z", payload={}, wall_time="9999-12-31T23:59:59-14:00"),
    ]
    batch = [unknown, bad, odd_id, good, *edges]
    r = a.raw_push(batch)
    assert r.status_code == 200, r.text
    answers = r.json()["results"]
    assert [x["event_id"] for x in answers] == [e["event_id"] for e in batch]
    assert [(x["status"], x["code"]) for x in answers[:3]] == [
        ("rejected", "unknown_type"),
        ("rejected", "bad_payload"),
        ("rejected", "unknown_type"),
    ]
    assert answers[3]["status"] == "applied"
    ledger = {
        e.seq: e
        for (e,) in hub.query(select(HubEvent).where(HubEvent.device_id == last["device_id"]))
    }
    assert ledger[unknown["seq"]].payload == {"text": "a\ufffdb", "k\ufffd": ["\ufffd", "ok"]}
    assert ledger[odd_id["seq"]].payload == {"note": "x\ufffd"}
    assert set(ledger) >= {e["seq"] for e in batch[:4]}
    # refused (no handler), answered, and shown; on a database that cannot take a value (a
    # version past PostgreSQL's integer, a time past year 9999 in UTC) without a ledger row
    assert {x["status"] for x in answers[4:]} == {"rejected"}
    # a re-sent batch is answered from the ledger
    again = a.raw_push(batch).json()["results"]
    assert [x["status"] for x in again[:4]] == ["duplicate"] * 4
    assert {x["status"] for x in again[4:]} <= {"duplicate", "rejected"}
    assert [x["event_id"] for x in again] == [e["event_id"] for e in batch]
    # the hall sees the refusals, their payloads scrubbed
    shown = hub.exceptions()
    mine = [x for x in shown if x["context"].get("event_id") == bad["event_id"]]
    assert len(mine) == 1 and mine[0]["context"]["payload"]["fields"]["name"] == "王\ufffd"
    for e in edges:  # each once, however often it is sent
        assert len([x for x in shown if x["context"].get("event_id") == e["event_id"]]) == 1
