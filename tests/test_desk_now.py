"""A desk run at a set time (``--now``, ``XCLIB_DESK_NOW``): support staff replay "what happens on
that day" through the real CLI; the order of events never goes backwards for it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_cli import CARD, ITEM, ITEM2, fingerprint, run, store

from xclib_desk.clock import HLC, MAX_COUNTER, NOW_ENV, FixedClock, ShiftedClock, parse_at, to_ms
from xclib_desk.common.times import BEIJING

__all__ = ["store"]  # the fixture, shared with test_cli


def test_a_checkout_at_a_set_time_is_made_then(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, doc = run(capsys, store, "--now", "2026-12-06 09:00", "checkout", CARD, ITEM)
    assert code == 0, doc
    made = datetime.fromisoformat(doc["result"]["checked_out_at"])
    start = datetime(2026, 12, 6, 9, 0, tzinfo=BEIJING)
    assert start <= made < start + timedelta(minutes=1)  # it advances from the set time
    _, loans = run(capsys, store, "--now", "2026-12-06 09:05", "loans", CARD)
    assert [x["overdue_days"] for x in loans["result"]] == [0]
    # the same loan seen from ten weeks later is overdue, with no change to the store
    before = fingerprint(store)
    _, later = run(capsys, store, "--now", "2027-02-14 10:00", "loans", CARD)
    assert later["result"][0]["overdue_days"] > 0
    assert fingerprint(store) == before


def test_the_environment_variable_and_a_zone(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NOW_ENV, "2026-12-06T01:00:00+00:00")  # 09:00 in Beijing
    code, doc = run(capsys, store, "checkout", CARD, ITEM)
    assert code == 0, doc
    made = datetime.fromisoformat(doc["result"]["checked_out_at"])
    assert timedelta(0) <= made - datetime(2026, 12, 6, 1, tzinfo=UTC) < timedelta(minutes=1)
    # the option wins over the environment
    code, doc = run(capsys, store, "--now", "2027-03-01 12:00", "checkin", ITEM)
    assert code == 0, doc
    con = sqlite3.connect(store / "store.sqlite3")
    (wall,) = con.execute("SELECT wall_time FROM outbox_event ORDER BY seq DESC LIMIT 1").fetchone()
    con.close()
    assert wall.startswith("2027-03-01 04:00")


@pytest.mark.parametrize("bad", ["tomorrow", "2026-13-01 09:00", "1900-01-01", ""])
def test_a_bad_time_is_refused_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    before = fingerprint(store)
    code, doc = run(capsys, store, "--now", bad, "checkout", CARD, ITEM)
    if bad == "":  # an empty value is no set time: the wall clock
        assert code == 0 and doc["ok"]
        return
    assert code == 1 and doc["error"]["code"] == "bad_input"
    assert "时间" in doc["error"]["message"]  # says what is wrong, in the user's language
    assert fingerprint(store) == before


def test_events_made_in_the_past_still_sort_after_earlier_ones(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Support runs a desk a year ahead, then back at a past date: the device's event order
    (HLC) only moves forward, so the hub and every point see the events in the order made."""
    steps = [
        ("2027-12-01 10:00", "checkout", CARD, ITEM),
        ("2026-12-06 09:00", "checkin", ITEM),
        ("2026-12-06 09:01", "checkout", CARD, ITEM2),
        ("2026-12-06 09:02", "checkin", ITEM2),
    ]
    for at, *argv in steps:
        code, doc = run(capsys, store, "--now", at, *argv)
        assert code == 0, doc
    con = sqlite3.connect(store / "store.sqlite3")
    rows = con.execute("SELECT seq, hlc, wall_time FROM outbox_event ORDER BY seq").fetchall()
    con.close()
    hlcs = [HLC.decode(h) for _, h, _ in rows]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[-1][2].startswith("2026-12-06 01:02")  # the wall time is the set one


def test_parse_and_advance() -> None:
    assert parse_at("2026-12-06 09:00") == datetime(2026, 12, 6, 1, tzinfo=UTC)
    assert parse_at("2026-12-06") == datetime(2026, 12, 5, 16, tzinfo=UTC)
    assert parse_at("2026-12-06T01:00Z") == datetime(2026, 12, 6, 1, tzinfo=UTC)
    base = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock = ShiftedClock(datetime(2030, 5, 1, tzinfo=UTC), base)
    assert clock.now() == datetime(2030, 5, 1, tzinfo=UTC)
    base.advance(minutes=5)
    assert clock.now() == datetime(2030, 5, 1, 0, 5, tzinfo=UTC)


def test_the_event_clock_keeps_its_text_order_past_its_counter() -> None:
    """A store used at the real time after a run a day ahead makes every event in the same
    clock millisecond; past 99,999 of them the counter carries instead of growing a digit, so
    the stored text still sorts in the order the events were made."""
    ahead = HLC(to_ms(datetime(2027, 1, 2, tzinfo=UTC)), MAX_COUNTER - 2, "abcd1234")
    wall = to_ms(datetime(2027, 1, 1, tzinfo=UTC))
    made = [ahead]
    for _ in range(5):
        made.append(made[-1].tick(wall))
    made.append(made[-1].receive(HLC(wall, MAX_COUNTER, "hub"), wall))
    texts = [h.encode() for h in made]
    assert texts == sorted(texts) and len(set(texts)) == len(texts)
    assert made == sorted(made)
    assert all(len(t) == len(texts[0]) for t in texts)
