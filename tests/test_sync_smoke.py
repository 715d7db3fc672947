"""The shortest path: a desk enrols, lends, syncs, and the hub agrees."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk.hub.models import HubLoan

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]


def test_push_pull_roundtrip(hub: HubProc, station: Callable[..., Station]) -> None:
    a = station()
    bc = a.item()
    card = a.reader()
    uid = a.checkout(card, bc)
    res = a.sync()
    assert res.pushed > 0 and res.results == {"applied": res.pushed}
    assert a.engine.status().pending == 0
    assert a.open_loans() == {bc: uid}
    [(loan,)] = hub.query(select(HubLoan).where(HubLoan.item == bc))
    assert (loan.uid, loan.card_no, loan.returned_at) == (uid, card, None)
