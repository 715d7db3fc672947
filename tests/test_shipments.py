"""Packing a shipment (配送) at one desk: clear refusals that change nothing, the list flow, and
dispatch putting every copy in transit with one event."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from sqlalchemy import func, select

from xclib_desk.errors import DeskError
from xclib_desk.models import AuditEntry, Item, OutboxEvent, Point, ShipmentLine
from xclib_desk.services import circulation, holdings, shipments


def add(kit: Kit, barcode: str, owner: str | None = None) -> str:
    uid = kit.title(title=f"书{barcode[-3:]}", clc="I247.57")
    kit.desk.write(
        holdings.add_item, LIBRARIAN, barcode=barcode, title_ref=uid, call_number="I247.57/N2"
    )
    if owner:
        with kit.desk.session(write=True) as s:
            item = s.scalars(select(Item).where(Item.barcode == barcode)).one()
            item.owner_point_id = s.scalars(select(Point.id).where(Point.code == owner)).one()
    return barcode


def state(kit: Kit) -> tuple[int, int, list[tuple[str, str]]]:
    """What a refusal must leave as it was: lines, events, copies' statuses."""
    with kit.desk.session(write=False) as s:
        lines = s.scalar(select(func.count()).select_from(ShipmentLine)) or 0
        events = s.scalar(select(func.count()).select_from(OutboxEvent)) or 0
        items = [
            (b, st) for b, st in s.execute(select(Item.barcode, Item.status).order_by(Item.id))
        ]
        return lines, events, items


def test_refusals_say_why_and_change_nothing(kit: Kit) -> None:
    desk = kit.desk
    ok, lent, other = add(kit, "X000000201"), add(kit, "X000000202"), add(kit, "X000000204")
    guest = add(kit, "X000000203", owner="YTSQ")
    desk.write(circulation.check_out, FRONT, kit.reader(), lent)
    box = desk.write(shipments.new_shipment, LIBRARIAN, "DSJD", "新书配送")
    desk.write(shipments.add_item, LIBRARIAN, box.uid, ok)
    box2 = desk.write(shipments.new_shipment, LIBRARIAN, "YTSQ")
    cases = [
        (lent, box.uid, "item_not_shippable", "on loan"),
        ("X000009999", box.uid, "unknown_item", "X000009999"),
        (ok, box2.uid, "item_in_shipment", box.uid[:8]),
        (guest, box.uid, "item_not_ours", "YTSQ"),
    ]
    before = state(kit)
    for bc, uid, code, says in cases:
        with pytest.raises(DeskError) as e:
            desk.write(shipments.add_item, LIBRARIAN, uid, bc)
        assert e.value.code == code
        assert says in e.value.message("en") and e.value.message("zh") != e.value.message("en")
    with pytest.raises(DeskError) as e:
        desk.write(shipments.new_shipment, LIBRARIAN, "XJK")
    assert e.value.code == "shipment_same_point"
    with pytest.raises(DeskError) as e:
        desk.write(shipments.new_shipment, LIBRARIAN, "NOWHERE")
    assert e.value.code == "unknown_point"
    with pytest.raises(DeskError) as e:
        desk.write(shipments.dispatch, LIBRARIAN, box2.uid)
    assert e.value.code == "shipment_empty"
    with pytest.raises(DeskError) as e:  # this point is the sender: nothing to receive
        desk.write(shipments.scan, LIBRARIAN, box.uid, ok)
    assert e.value.code == "shipment_not_incoming"
    assert state(kit) == before
    # the guest copy may go home to its owner, in a box for its owner
    desk.write(shipments.add_item, LIBRARIAN, box2.uid, guest)
    # a copy lent after packing is refused at dispatch, by name, and nothing leaves
    desk.write(shipments.add_item, LIBRARIAN, box.uid, other)
    desk.write(circulation.check_out, FRONT, kit.reader(), other)
    before = state(kit)
    with pytest.raises(DeskError) as e:
        desk.write(shipments.dispatch, LIBRARIAN, box.uid)
    assert e.value.code == "item_not_shippable" and other in e.value.message()
    assert state(kit) == before
    desk.write(shipments.remove_item, LIBRARIAN, box.uid, other)
    sent = desk.write(shipments.dispatch, LIBRARIAN, box.uid)
    assert (sent.status, sent.items, [x.barcode for x in sent.lines]) == ("dispatched", 1, [ok])
    with desk.session(write=False) as s:
        assert s.scalars(select(Item.status).where(Item.barcode == ok)).one() == "in_transit"
        [ev] = s.scalars(select(OutboxEvent).where(OutboxEvent.type == "shipment.dispatched"))
        assert ev.payload["items"] == [ok] and ev.payload["to_point"] == "DSJD"
        assert s.scalar(select(func.count()).where(AuditEntry.action == "shipment.dispatched")) == 1
    with pytest.raises(DeskError) as e:  # a dispatched box is closed
        desk.write(shipments.add_item, LIBRARIAN, box.uid, other)
    assert e.value.code == "shipment_not_open"


def test_packing_from_a_list_reports_each_refused_line(kit: Kit, tmp_path: Path) -> None:
    good = [add(kit, f"X00000030{i}") for i in range(3)]
    lent = add(kit, "X000000309")
    kit.desk.write(circulation.check_out, FRONT, kit.reader(), lent)
    box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD")
    res = kit.desk.write(
        shipments.add_list, LIBRARIAN, box.uid, [*good, lent, "bad code", good[0], ""]
    )
    assert list(res.added) == [*good, good[0]]  # packing the same copy twice is harmless
    assert [(bc, code) for bc, code, _ in res.refused] == [
        (lent, "item_not_shippable"), ("bad code", "bad_item_format"),
    ]  # fmt: skip
    view = kit.desk.read(shipments.get_shipment, LIBRARIAN, box.uid)
    assert sorted(x.barcode for x in view.lines) == sorted(good)


def test_a_box_label_short_form_is_matched_literally(kit: Kit) -> None:
    """The short form on a label is a uid prefix, not a pattern: '%' or '_' matches no box."""
    box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD")
    assert kit.desk.read(shipments.get_shipment, LIBRARIAN, box.uid[:8].upper()).uid == box.uid
    for ref in ("%%%%%%", "______", box.uid[:4] + "%%"):
        with pytest.raises(DeskError) as e:
            kit.desk.read(shipments.get_shipment, LIBRARIAN, ref)
        assert e.value.code == "unknown_shipment"
