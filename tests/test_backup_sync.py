"""Restore an older backup, then sync: no loan lost, none doubled, no sequence number reused."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk import backup as bk
from xclib_desk.hub.models import HubLoan

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]


def hub_open_loans(hub: HubProc, items: list[str]) -> dict[str, int]:
    rows = hub.query(
        select(HubLoan.item).where(HubLoan.item.in_(items), HubLoan.returned_at.is_(None))
    )
    out: dict[str, int] = {}
    for (item,) in rows:
        out[item] = out.get(item, 0) + 1
    return out


def test_restore_of_an_older_backup_then_sync(
    hub: HubProc, station: Callable[..., Station]
) -> None:
    a = station()
    card = a.reader()
    i1, i2, i3, i4 = (a.item() for _ in range(4))
    a.checkout(card, i1)
    a.sync()  # the hub has loan 1
    a.checkout(card, i2)  # loan 2 is still queued when the backup is taken
    old = bk.backup(a.dir, a.dir.parent / f"{a.code}-backups")
    assert old.pending_events == 1
    a.sync()  # ...and then reaches the hub
    a.checkout(card, i3)
    a.sync()  # loan 3 reaches the hub; the backup knows nothing of it

    a.desk.close()  # the PC is restored from the older backup
    report = bk.restore(a.dir, old.path)
    assert report.set_aside is not None and not report.seq_jumped
    a.reopen()
    assert set(a.open_loans()) == {i1, i2}  # what the backup had

    res = a.sync()
    assert res.pushed == 1  # loan 2's event, queued in the backup, is sent again...
    assert "rejected" not in res.results
    assert hub_open_loans(hub, [i2]) == {i2: 1}  # ...and recognised, not applied twice
    assert set(a.open_loans()) == {i1, i2, i3}  # loan 3 comes back from the hub

    a.checkout(card, i4)  # a new event after the restore: its number was never used before
    res = a.sync()
    assert res.results == {"applied": 1}
    assert hub_open_loans(hub, [i1, i2, i3, i4]) == {i1: 1, i2: 1, i3: 1, i4: 1}
    assert not [x for x in a.exceptions() if x.status == "open"]
