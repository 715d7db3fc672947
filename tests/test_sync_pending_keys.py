"""The copies an undelivered event names are kept from the hub's rows, whatever else the
outbox holds: an inventory's counts (``missing`` is a number there, not a list of copies) must
not stop the pull that runs while it waits to be pushed."""

from __future__ import annotations

from conftest import FRONT, LIBRARIAN, Kit

from xclib_desk.services import holdings, inventory, shipments
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.apply import apply_changes, pending_keys


def test_an_unsent_inventory_with_missing_copies_does_not_stop_the_pull(kit: Kit) -> None:
    uid = kit.title(title="城南旧事", clc="I246.57")
    codes = ["X000000301", "X000000302", "X000000303"]
    for bc in codes:
        kit.desk.write(
            holdings.add_item, LIBRARIAN, barcode=bc, title_ref=uid, call_number="I246.57/L1"
        )
    inv = kit.desk.write(inventory.start, FRONT)
    kit.desk.write(inventory.scan, FRONT, inv.uid, codes[0])
    rep = kit.desk.write(inventory.finish, FRONT, inv.uid)
    assert len(rep.missing) == 2  # the event carries missing=2
    box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD")
    kit.desk.write(shipments.add_item, LIBRARIAN, box.uid, codes[0])
    kit.desk.write(shipments.dispatch, LIBRARIAN, box.uid)
    keys = kit.desk.read(lambda s, _c: pending_keys(s), SYSTEM)
    assert codes[0] in keys and box.uid in keys  # the box's copy and the box stay protected
    assert kit.desk.write(apply_changes, SYSTEM, []) == (0, False)  # a pull page applies
