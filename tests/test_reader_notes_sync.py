"""Reader notes through a real hub (SQLite, and PostgreSQL when XCLIB_TEST_PG_URL is set): the
hub merges the staff note and the reader message per field by clock, like any profile field,
and the home point's reader row brings an edit made on another of its devices back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from test_hub_clocks import Forger

from xclib_desk.hub.models import HubReader
from xclib_desk.services import account, readers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def hub_reader(hub: HubProc, card: str) -> HubReader:
    [(r,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    return r


def test_notes_merge_per_field_at_the_hub_and_come_back_to_the_home_point(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    card = a.reader()
    a.desk.write(readers.edit, LIB, card, reader_message="请归还逾期图书")
    a.sync()
    r = hub_reader(hub, card)
    assert r.profile["reader_message"] == "请归还逾期图书"
    assert "staff_note" not in r.profile  # a registration carries no notes
    # another edit of the same point (its other device, or the CLI there), of the other field
    forger = Forger(a)
    [res] = a.push_results(
        [
            forger.event(
                "reader.updated",
                {"card_no": card, "fields": {"staff_note": "家长代借"}},
                forger.tick(0),
            )
        ]
    )
    assert res["status"] == "applied"
    r = hub_reader(hub, card)
    assert (r.profile["staff_note"], r.profile["reader_message"]) == ("家长代借", "请归还逾期图书")
    a.sync()  # the reader row brings the note the desk never typed
    row = a.reader_row(card)
    assert row is not None and (row.staff_note, row.reader_message) == (
        "家长代借",
        "请归还逾期图书",
    )
    acc = a.desk.read(account.account, LIB, card)
    assert [n.code for n in acc.notes][:2] == ["reader_message", "staff_note"]
    # the desk clears the message later: the later edit wins, the note stays
    a.desk.write(readers.edit, LIB, card, reader_message="")
    a.sync()
    r = hub_reader(hub, card)
    assert (r.profile["staff_note"], r.profile["reader_message"]) == ("家长代借", None)
    row = a.reader_row(card)
    assert row is not None and (row.staff_note, row.reader_message) == ("家长代借", None)
