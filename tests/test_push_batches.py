"""Awkward push batches (the fast path of hub/push/batch.py): every event answered, in request
order, the ledger holding each event once, and the feed one row per thing at its latest state."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk.hub.models import HubChange, HubEvent

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]


def test_a_batch_mixing_new_replayed_repeated_and_bad_events_answers_each_one(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.checkout(card, bc)
    a.checkin(bc)
    a.checkout(card, bc)
    evs = a.outbox()  # title?, item, reader, check-out, check-in, check-out
    first = a.push_results(evs[:-2])
    assert [r["status"] for r in first] == ["applied"] * (len(evs) - 2)
    pos_before = {
        (c.scope, c.kind): c.pos
        for (c,) in hub.query(select(HubChange).where(HubChange.key.in_([bc, card])))
    }
    last_seq = evs[-1]["seq"]
    reused = {**evs[-1], "event_id": str(uuid.uuid4()), "seq": evs[0]["seq"]}
    unknown = {**evs[-1], "event_id": str(uuid.uuid4()), "seq": last_seq + 1, "type": "x.y"}
    batch = [evs[-3], evs[-2], reused, evs[-2], unknown, evs[-1]]
    answers = a.push_results(batch)

    assert [r["event_id"] for r in answers] == [e["event_id"] for e in batch]
    assert [(r["status"], r["code"]) for r in answers] == [
        ("duplicate", None),  # pushed before: the first answer again
        ("applied", None),
        ("rejected", "seq_reused"),
        ("applied", None),  # the same event twice in one batch: applied once, answered twice
        ("rejected", "unknown_type"),
        ("applied", None),
    ]
    assert answers[0]["original_status"] == "applied"
    # the ledger: every event once with the answer given, the rejected one too; not the one
    # whose seq belongs to another event (the ledger is unique by device and seq)
    ledger = {e.event_id: e for (e,) in hub.query(select(HubEvent))}
    assert {e["event_id"] for e in evs} | {unknown["event_id"]} <= set(ledger)
    assert reused["event_id"] not in ledger
    assert (ledger[unknown["event_id"]].status, ledger[unknown["event_id"]].code) == (
        "rejected",
        "unknown_type",
    )
    assert ledger[evs[-2]["event_id"]].status == "applied"
    # the feed: one row per thing and scope, moved past its old position, at the latest state
    rows = hub.query(select(HubChange).where(HubChange.key.in_([bc, card])))
    keys = [(c.scope, c.kind, c.key) for (c,) in rows]
    assert len(keys) == len(set(keys))
    for (c,) in rows:
        assert c.pos > pos_before.get((c.scope, c.kind), 0)
    [(item,)] = [r for r in rows if r[0].kind == "item"]
    assert item.data["status"] == "on_loan"
    [(index,)] = [r for r in rows if r[0].kind == "reader_index"]
    assert index.data["open_loans"] == 1
    # and the desk, pulling, ends where the hub is
    assert a.sync().ok
    row = a.item_row(bc)
    assert row is not None and row.status == "on_loan"
