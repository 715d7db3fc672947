"""Retention reaches the logs: after a retention run, the card number of an old returned loan is
gone from the desk's outbox, audit log and store file (free pages and WAL included) and from every
hub table, while recent and undelivered events keep theirs; a re-sync after redaction (a restore
from a backup taken before the first sync) applies nothing twice; statistics do not change.

Readers themselves are not loan history: a card number still lives in the reader's own rows
(``reader``, the district index, ``reader.*`` events), so the scans below allow exactly those.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from xclib_desk import backup as bk
from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING
from xclib_desk.hub import stats as hub_stats
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubBase, HubEvent, HubFee, HubLoan
from xclib_desk.services import fees, retention, stats
from xclib_desk.services.context import Actor
from xclib_desk.store import STORE_FILE

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
NOW = datetime.now(UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def hub_session(hub: HubProc) -> Session:
    if "engine" not in hub.extra:
        hub.extra["engine"] = make_engine(hub.db)
    return Session(hub.extra["engine"])


def desk_rows_with(st: Station, needle: str) -> list[tuple[str, str]]:
    """(table, what) of every desk row with ``needle`` in any column, read as text."""
    con = sqlite3.connect(st.dir / STORE_FILE)
    try:
        found = []
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{t}")')]
            label = {"outbox_event": "type", "audit_log": "action"}.get(t)
            for c in cols:
                q = f'SELECT {label or "NULL"} FROM "{t}" WHERE CAST("{c}" AS TEXT) LIKE ?'
                found += [(t, str(r[0])) for r in con.execute(q, (f"%{needle}%",))]
        return found
    finally:
        con.close()


def hub_rows_with(hub: HubProc, needle: str) -> list[tuple[str, str]]:
    """(table, kind/type) of every hub row with ``needle`` in any column, read as text."""
    found = []
    with hub_session(hub) as s:
        for t in HubBase.metadata.sorted_tables:
            label = {"hub_event": "type", "hub_change": "kind"}.get(t.name)
            for c in t.columns:
                col = t.c[label] if label else cast(c, Text)
                q = select(col).where(cast(c, Text).contains(needle))
                found += [(t.name, str(r[0])) for r in s.execute(q)]
    return found


def reader_only(rows: list[tuple[str, str]]) -> bool:
    """Only the reader's own records (profile, district index, reader events)."""
    return all(
        t in ("reader", "hub_reader")
        or (t in ("outbox_event", "audit_log", "hub_event") and what.startswith("reader."))
        or (t == "hub_change" and what in ("reader", "reader_index"))
        for t, what in rows
    )


def loan_json_with_card(st: Station, loan_uid: str, card: str) -> int:
    """Raw bytes of the store file and its WAL: JSON of this loan carrying this card."""
    pat = re.compile(rb'"loan_uid": "' + loan_uid.encode() + rb'"[^}]*' + card.encode())
    n = 0
    for suffix in ("", "-wal"):
        f = st.dir / (STORE_FILE + suffix)
        if f.exists():
            data = f.read_bytes()
            n += len(pat.findall(data)) + data.count(f"{card} due".encode())
    return n


def figures(st: Station, hub: HubProc) -> Any:
    years = sorted({ago(d).year for d in (800, 770, 5)})
    desk = [st.desk.read(stats.circulation_by_month, LIB, y) for y in years]
    with hub_session(hub) as s:
        counts = [hub_stats.year_counts(s, y) for y in years]
        hub_figs = [(c.checkouts, c.returns, c.by_reader_type) for c in counts]
        loans = s.scalar(select(func.count()).select_from(HubLoan))
        ledger = s.scalar(select(func.count()).select_from(HubEvent))
    return desk, hub_figs, loans, ledger


def test_retention_redacts_old_loan_events_everywhere(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    clock = FixedClock(ago(800))
    point = station(clock=clock)
    old_card, recent_card, late_card = point.reader(), point.reader(), point.reader()
    b_old, b_recent, b_late = point.item(), point.item(), point.item()
    old_loan = point.checkout(old_card, b_old)
    clock.at = ago(780)
    point.checkin(b_old)
    clock.at = ago(5)
    recent_loan = point.checkout(recent_card, b_recent)
    point.checkin(b_recent)
    clock.at = NOW
    before_sync = bk.backup(point.dir, point.dir.parent / f"{point.code}-backups")
    point.sync()
    # an old loan recorded at the desk but not yet delivered (the point was offline)
    clock.at = ago(790)
    late_loan = point.checkout(late_card, b_late)
    clock.at = ago(770)
    point.checkin(b_late)
    clock.at = NOW
    assert loan_json_with_card(point, old_loan, old_card) >= 2  # the probe sees what it seeks
    figs = figures(point, hub)

    r = point.desk.write(retention.run, LIB)
    assert (r.anonymised, r.redacted) == (2, 2)  # old + late loans; old's two events only
    assert reader_only(desk_rows_with(point, old_card))
    assert loan_json_with_card(point, old_loan, old_card) == 0  # not in free pages or WAL
    # undelivered: kept whole, it must still reach the hub
    late_rows = desk_rows_with(point, late_card)
    assert ("outbox_event", "loan.checked_out") in late_rows
    assert ("outbox_event", "loan.checked_in") in late_rows
    # recent loans keep theirs
    assert ("outbox_event", "loan.checked_out") in desk_rows_with(point, recent_card)

    point.sync()  # the late events and retention.applied reach the hub
    r2 = point.desk.write(retention.run, LIB)
    assert (r2.anonymised, r2.redacted) == (0, 2)  # now delivered, the late events follow
    point.sync()
    assert point.desk.write(retention.run, LIB).redacted == 0  # nothing left: no event
    for card, uid in ((old_card, old_loan), (late_card, late_loan)):
        assert reader_only(desk_rows_with(point, card)), card
        assert loan_json_with_card(point, uid, card) == 0
        assert reader_only(hub_rows_with(hub, card)), hub_rows_with(hub, card)
    assert ("hub_event", "loan.checked_out") in hub_rows_with(hub, recent_card)
    with hub_session(hub) as s:
        assert s.get_one(HubLoan, recent_loan).card_no == recent_card
        redacted = s.scalar(
            select(func.count()).where(
                HubEvent.point_code == point.code, HubEvent.redacted_at.is_not(None)
            )
        )
    assert redacted == 4
    after = figures(point, hub)
    assert after[0] == figs[0]  # the desk's statistics unchanged
    # the hub's: every loan of the test counted once, anonymised or not
    months = [ago(d).astimezone(BEIJING) for d in (800, 790, 5)]
    assert sum((c for c, _, _ in after[1]), Counter()) == Counter(
        (point.code, m.month) for m in months
    )
    assert sum((t for _, _, t in after[1]), Counter()) == {"adult": 3}
    assert after[2] == 3

    # re-sync after redaction: the PC is restored from a backup taken before the first sync,
    # whose events (card numbers and all) are sent again; the hub answers duplicate to each
    point.desk.close()
    bk.restore(point.dir, before_sync.path)
    point.reopen()
    assert point.sync().pushed == before_sync.pending_events > 0
    again = figures(point, hub)
    assert again[3] == after[3]  # every re-sent event was a duplicate: no new ledger row
    assert again[:3] == after[:3]  # nothing applied twice, here or at the hub
    for card in (old_card, late_card):
        assert reader_only(hub_rows_with(hub, card))  # the ledger stayed redacted
    # the restored store holds the card numbers again, as the backup did; retention takes them
    r3 = point.desk.write(retention.run, LIB)
    assert r3.redacted == 2
    assert reader_only(desk_rows_with(point, old_card))
    assert loan_json_with_card(point, old_loan, old_card) == 0


def test_retention_takes_the_card_off_old_settled_fees_and_keeps_open_ones(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    """A fee paid long ago is history: its card number goes at the desk (the fee's reader
    link, the fee.paid event and its audit entry) and at the hub (the fee, its feed rows, the
    ledger). A fee still owed is a debt and keeps its reader."""
    clock = FixedClock(ago(800))
    point = station(clock=clock)
    paid_card, owing_card = point.reader(), point.reader()
    paid_item, owing_item = point.item(), point.item()
    point.checkout(paid_card, paid_item)
    point.checkout(owing_card, owing_item)
    clock.at = ago(750)  # 8 days late for the 42-day loan
    assert point.checkin(paid_item).fee_cents > 0
    assert point.checkin(owing_item).fee_cents > 0
    clock.at = ago(749)
    paid = point.desk.write(fees.collect, LIB, paid_card)
    clock.at = NOW
    point.sync()
    r = point.desk.write(retention.run, LIB)
    assert r.fees == 1  # the paid one; the owed one is a debt
    assert [f.uid for f in point.desk.read(fees.reader_fees, LIB, owing_card, True)]
    point.sync()  # retention.applied: the hub follows
    assert reader_only(desk_rows_with(point, paid_card)), desk_rows_with(point, paid_card)
    assert reader_only(hub_rows_with(hub, paid_card)), hub_rows_with(hub, paid_card)
    with hub_session(hub) as s:
        owed = s.scalars(select(HubFee).where(HubFee.status == "open")).one()
        assert owed.card_no == owing_card
        settled = s.scalars(select(HubFee).where(HubFee.payment_uid == paid.uid)).one()
        assert (settled.card_no, settled.amount_cents) == (None, paid.amount_cents)


def test_only_a_redaction_may_change_an_outbox_event(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    point = station()
    card, bc = point.reader(), point.item()
    point.checkout(card, bc)
    con = sqlite3.connect(point.dir / STORE_FILE, isolation_level=None)  # no lingering lock
    try:
        seq = con.execute("SELECT seq FROM outbox_event WHERE type='loan.checked_out'").fetchone()
        redact = (
            "UPDATE outbox_event SET payload = json_set(payload, '$.card_no', NULL) WHERE seq=?"
        )
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            con.execute(redact, seq)  # not delivered yet
        point.sync()
        for sql in (
            "UPDATE outbox_event SET payload = json_set(payload, '$.card_no', 'XC1') WHERE seq=?",
            "UPDATE outbox_event SET payload = json_set(payload, '$.item', 'X0') WHERE seq=?",
            "UPDATE outbox_event SET seq = seq + 1000 WHERE seq=?",
            "DELETE FROM outbox_event WHERE seq=?",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="immutable"):
                con.execute(sql, seq)
        other = con.execute(
            "SELECT seq FROM outbox_event WHERE type='reader.registered'"
        ).fetchone()
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            con.execute(redact, other)
        con.execute(redact, seq)  # delivered, the card number only: allowed
        assert con.execute("SELECT json_extract(payload, '$.card_no') FROM outbox_event "
                           "WHERE seq=?", seq).fetchone() == (None,)  # fmt: skip
    finally:
        con.close()
