"""The desk's sequence after a restore, on real store files (no hub): the stores set aside
lift the restored counter, an unreadable one never fails the restore, and the renumbering the
sync engine does after a restore is the only change the outbox lets through.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Kit
from sqlalchemy import select, text

from xclib_desk import backup
from xclib_desk.desk import Desk
from xclib_desk.models import AuditEntry, OutboxDelivery, OutboxEvent, StoreMeta
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.sequence import RAISED, raise_above


def next_seq(desk: Desk) -> int:
    with desk.session(write=False) as s:
        return s.scalars(select(StoreMeta)).one().next_seq


def outbox(desk: Desk) -> list[tuple[int, str]]:
    with desk.session(write=False) as s:
        q = select(OutboxEvent.seq, OutboxEvent.event_id).order_by(OutboxEvent.seq)
        return [(seq, eid) for seq, eid in s.execute(q)]


def deliver_all(desk: Desk) -> None:
    with desk.session(write=True) as s:
        for seq in s.scalars(select(OutboxEvent.seq)):
            if s.get(OutboxDelivery, seq) is None:
                s.add(OutboxDelivery(seq=seq, status="applied", delivered_at=datetime.now(UTC)))
        s.commit()


def test_restore_counts_past_every_store_set_aside_and_skips_an_unreadable_one(
    kit: Kit, tmp_path: Path
) -> None:
    desk = kit.desk
    kit.reader()
    saved = backup.backup(desk.data_dir, tmp_path / "saved").path
    for _ in range(5):
        kit.reader()
    high = next_seq(desk)
    desk.close()
    backup.set_aside(desk.data_dir, "corrupt")  # a store wrongly judged corrupt, kept aside
    junk = desk.data_dir / backup.ASIDE_DIR / "20260101T000000Z-corrupt" / backup.STORE_FILE
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"not a database at all" * 100)  # and one that is no store any more
    assert backup.set_aside_floor(desk.data_dir) == high

    report = backup.restore(desk.data_dir, saved)
    assert report.next_seq == high and not report.seq_jumped
    restored = Desk.open(desk.data_dir, desk.clock)
    try:
        assert next_seq(restored) == high
        kit.desk = restored  # the same helpers (cards and ID numbers run on) on the new store
        kit.reader()
        assert max(seq for seq, _ in outbox(restored)) == high  # a number never used before
    finally:
        restored.close()


def test_raise_above_moves_undelivered_events_and_keeps_their_ids_and_order(kit: Kit) -> None:
    desk = kit.desk
    kit.reader()
    deliver_all(desk)
    kit.reader(), kit.reader()
    before = outbox(desk)
    delivered = {seq for seq, _ in before[:-2]}
    hub_highest = before[-1][0] + 10  # the hub holds numbers this store never reached

    raised = desk.write(raise_above, SYSTEM, hub_highest)
    assert raised is not None and raised.renumbered == 2
    after = outbox(desk)
    assert [e for s, e in after if s in delivered] == [e for s, e in before[:-2]]
    moved = [(s, e) for s, e in after if s not in delivered]
    assert [e for _, e in moved] == [e for _, e in before[-2:]]  # same events, same order
    assert [s for s, _ in moved] == [hub_highest + 1, hub_highest + 2]
    assert next_seq(desk) == hub_highest + 3
    with desk.session(write=False) as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == RAISED)).one()
        assert json.loads(audit.detail)["renumbered"] == 2
        linked = s.scalars(select(AuditEntry.event_seq).where(AuditEntry.event_seq > hub_highest))
        assert sorted(linked) == [hub_highest + 1, hub_highest + 2]  # audit follows its event
    assert desk.write(raise_above, SYSTEM, hub_highest) is None  # nothing due the second time


def test_an_answer_lost_on_the_way_back_keeps_its_numbers(kit: Kit) -> None:
    """No restore: an undelivered event at the hub's highest is one the hub has (answer lost);
    it keeps its number, the sequence stays gap-free."""
    kit.reader()
    before = outbox(kit.desk)
    assert kit.desk.write(raise_above, SYSTEM, before[-1][0]) is None
    assert outbox(kit.desk) == before


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE outbox_event SET seq = seq + 1000 WHERE seq = (SELECT min(seq) FROM outbox_event)",
        "UPDATE outbox_event SET seq = seq - 1 WHERE seq = (SELECT max(seq) FROM outbox_event)",
        "UPDATE outbox_event SET seq = seq + 1000, type = 'x' WHERE seq = "
        "(SELECT max(seq) FROM outbox_event)",
        "DELETE FROM outbox_event WHERE seq = (SELECT max(seq) FROM outbox_event)",
    ],
    ids=["delivered-moved", "moved-down", "moved-and-changed", "deleted"],
)
def test_the_outbox_stays_immutable_but_for_moving_an_undelivered_event_up(
    kit: Kit, change: str
) -> None:
    kit.reader()
    deliver_all(kit.desk)  # the first events are delivered
    kit.reader()
    with kit.desk.session(write=True) as s, pytest.raises(Exception, match="immutable"):
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        s.execute(text(change))
    con = sqlite3.connect(kit.desk.data_dir / backup.STORE_FILE)
    try:
        top = con.execute("SELECT max(seq) FROM outbox_event").fetchone()[0]
        assert top == outbox(kit.desk)[-1][0]
    finally:
        con.close()


def test_the_next_action_after_renumbering_takes_the_next_number(kit: Kit) -> None:
    kit.reader()
    raised = kit.desk.write(raise_above, SYSTEM, 500)
    assert raised is not None
    kit.reader()
    assert outbox(kit.desk)[-1][0] == raised.next_seq
