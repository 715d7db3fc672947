"""Who tells the reader their hold is on a shelf (预约到书): any point, at the next card scan.

Three real desks and a real hub (SQLite, and PostgreSQL when XCLIB_TEST_PG_URL is set). A reader
of A holds a title at A for pickup at B; the copy is pulled at A, boxed to B and shelved there.
C never receives the hold (its rows go to the placing, pickup and home points only), yet at C
the reader's account names B, from the district reader index; once the reader has the copy, C
says nothing any more. A desk of protocol 2 still reads the index (the hub leaves the new field
out for it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from xclib_desk import cli
from xclib_desk.clock import FixedClock
from xclib_desk.common.times import utcnow
from xclib_desk.hub.models import HubReader
from xclib_desk.models import Hold
from xclib_desk.services import account, holdings, holds, shipments
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def on_the_shelf_at_b(a: Station, b: Station, reader: str) -> tuple[str, str]:
    """A's copy held by A's reader for pickup at B: pulled, boxed, received, shelved at B."""
    bc = a.item()
    tuid = a.desk.read(holdings.show_item, LIB, bc).title.uid
    h = a.desk.write(holds.place, LIB, reader, tuid, pickup=b.code)
    a.sync()
    a.sync()  # the hub aimed the hold at A's own copy: the pull list
    a.desk.write(holds.capture, LIB, bc)
    box = a.desk.write(shipments.new_shipment, LIB, b.code).uid
    a.desk.write(shipments.add_item, LIB, box, bc)
    a.desk.write(shipments.dispatch, LIB, box)
    a.sync()
    b.sync()
    b.desk.write(shipments.scan, LIB, box, bc)
    b.desk.write(shipments.finish_receipt, LIB, box)
    b.desk.write(holds.shelve, LIB, bc)
    b.sync()
    return h.uid, bc


def knows_hold(st: Station, uid: str) -> bool:
    with st.desk.session(write=False) as s:
        return s.scalar(select(Hold.id).where(Hold.uid == uid)) is not None


def test_the_reader_is_told_at_a_point_that_does_not_know_the_hold(
    hub: HubProc, station: MakeStation, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = station(), station(), station()
    reader = a.reader()
    for st in (a, b, c):
        st.sync()
    uid, bc = on_the_shelf_at_b(a, b, reader)
    c.sync()
    assert not knows_hold(c, uid)  # the hold itself never reached C
    acc = c.desk.read(account.account, LIB, reader)
    assert acc.holds_waiting == []
    assert [(x.code, x.name) for x in acc.holds_ready_at] == [(b.code, f"服务点{b.code}")]
    # B (which knows the hold) keeps its full display, and is not named twice
    at_b = b.desk.read(account.account, LIB, reader)
    assert [v.uid for v in at_b.holds_waiting] == [uid] and at_b.holds_ready_at == []
    # the command line's account says it too, and carries it in --json
    code = cli.main(["--data-dir", str(c.desk.data_dir), "--json", "account", reader])
    out = json.loads(capsys.readouterr().out)["result"]
    assert code == 0 and out["holds_ready_at"] == [{"code": b.code, "name": f"服务点{b.code}"}]
    # the reader collects it at B: C stops saying so after its next pull
    b.checkout(reader, bc)
    b.sync()
    c.sync()
    assert c.desk.read(account.account, LIB, reader).holds_ready_at == []
    [(ready,)] = hub.query(select(HubReader.holds_ready).where(HubReader.card_no == reader))
    assert ready == []


def test_a_cancelled_hold_on_the_shelf_leaves_the_index(hub: HubProc, station: MakeStation) -> None:
    a, b, c = station(), station(), station()
    reader = a.reader()
    for st in (a, b, c):
        st.sync()
    uid, _ = on_the_shelf_at_b(a, b, reader)
    c.sync()
    assert [x.code for x in c.desk.read(account.account, LIB, reader).holds_ready_at] == [b.code]
    a.sync()
    a.desk.write(holds.cancel, LIB, uid)
    a.sync()
    c.sync()
    assert c.desk.read(account.account, LIB, reader).holds_ready_at == []


def test_a_copy_expired_off_the_shelf_leaves_the_index(hub: HubProc, station: MakeStation) -> None:
    """Not collected in time: B releases it (home to A) and C stops naming B."""
    a, c = station(), station()
    b = station(clock=FixedClock(utcnow() - timedelta(days=10)))  # shelved ten days ago
    reader = a.reader()
    for st in (a, b, c):
        st.sync()
    uid, bc = on_the_shelf_at_b(a, b, reader)
    c.sync()
    assert [x.code for x in c.desk.read(account.account, LIB, reader).holds_ready_at] == [b.code]
    b.desk.clock.advance(days=10)  # type: ignore[attr-defined]
    assert b.desk.write(holds.expire_due, LIB) == [uid]
    assert b.item_row(bc).status == "in_transit"  # type: ignore[union-attr]  # home to A
    b.sync()
    c.sync()
    assert c.desk.read(account.account, LIB, reader).holds_ready_at == []


def test_a_protocol_2_desk_still_pulls_the_reader_index(hub: HubProc, station: MakeStation) -> None:
    a, b, old = station(), station(), station()
    old.engine.protocol_version = 2  # a desk not yet upgraded
    reader = a.reader()
    for st in (a, b, old):
        st.sync()
    on_the_shelf_at_b(a, b, reader)
    assert hub.feed_row("*", "reader_index", reader)["holds_ready"] == [b.code]
    res = old.sync()
    assert res.refused == 0 and not old.engine.desk.read(holds.list_holds, LIB)
    row = old.reader_row(reader)
    assert row is not None and row.holds_ready == []  # it could not be told, and refused nothing
    # the home point gets the full reader row with the field (it speaks protocol 3)
    a.sync()
    assert a.reader_row(reader).holds_ready == [b.code]  # type: ignore[union-attr]
