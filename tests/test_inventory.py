"""Inventory (盘点) of a shelf range: missing, misplaced and unexpected copies, confirmed actions,
and no scan lost when the desk stops mid-inventory."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from openpyxl import load_workbook
from sqlalchemy import select

from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import Item, OutboxEvent, Point, Transfer
from xclib_desk.services import circulation, holdings, inventory


def add(kit: Kit, barcode: str, call: str, owner: str | None = None) -> str:
    uid = kit.title(title=f"书{barcode[-3:]}", clc=call.split("/")[0])
    kit.desk.write(holdings.add_item, LIBRARIAN, barcode=barcode, title_ref=uid, call_number=call)
    if owner:
        with kit.desk.session(write=True) as s:
            item = s.scalars(select(Item).where(Item.barcode == barcode)).one()
            item.owner_point_id = s.scalars(select(Point.id).where(Point.code == owner)).one()
    return barcode


@pytest.fixture()
def shelf(kit: Kit) -> dict[str, str]:
    books = {
        "a1": add(kit, "X000000101", "I242.47/C521"),
        "a2": add(kit, "X000000102", "I246.57/Q452"),
        "a3": add(kit, "X000000103", "I247.5/Y821"),
        "a4": add(kit, "X000000104", "I247.57/L927"),
        "tp": add(kit, "X000000105", "TP311.561/M221"),  # another shelf
        "lent": add(kit, "X000000106", "I242.47/C521"),
        "guest": add(kit, "X000000107", "I246.57/Q452", owner="DSJD"),  # 德胜's copy
    }
    kit.desk.write(circulation.check_out, FRONT, kit.reader(), books["lent"])
    return books


def events(kit: Kit, type_: str) -> list[OutboxEvent]:
    with kit.desk.session(write=False) as s:
        rows = list(s.scalars(select(OutboxEvent).where(OutboxEvent.type == type_)))
        for r in rows:
            s.expunge(r)
        return rows


def test_shelf_order_of_call_numbers() -> None:
    calls = ["I247.57/L927", "I242.47/C521", "I247.5/Y821", "I247.57/L92", "I247.6/A1", "H31/2"]
    ordered = sorted(calls, key=inventory.shelf_key)
    assert ordered == [
        "H31/2",
        "I242.47/C521",
        "I247.5/Y821",
        "I247.57/L92",
        "I247.57/L927",
        "I247.6/A1",
    ]
    shelf = inventory.ShelfRange("I242", "I247")
    assert shelf.contains("I247.57/L927") and shelf.contains("I242.47/C521")
    assert not shelf.contains("I248/A1") and not shelf.contains("H31/2")


def test_inventory_of_a_shelf(kit: Kit, shelf: dict[str, str], tmp_path: Path) -> None:
    inv = kit.desk.write(inventory.start, FRONT, "I242", "I247")
    scans = {
        code: kit.desk.write(inventory.scan, FRONT, inv.uid, code)
        for code in (shelf["a1"], shelf["a3"], shelf["tp"], shelf["guest"], shelf["lent"])
    }
    assert scans[shelf["a1"]].verdict == "found"
    assert (scans[shelf["tp"]].verdict, scans[shelf["tp"]].reason) == ("misplaced", "other_shelf")
    assert scans[shelf["guest"]].reason == "other_point"
    assert (scans[shelf["lent"]].verdict, scans[shelf["lent"]].reason) == (
        "unexpected",
        "on_loan",
    )

    # the desk stops mid-inventory; nothing scanned is lost
    path, clock = kit.desk.data_dir, kit.clock
    kit.desk.close()
    kit.desk = Desk.open(path, clock)
    (resumed,) = kit.desk.read(inventory.open_sessions)
    assert resumed.uid == inv.uid and resumed.scans == 5

    unknown = kit.desk.write(inventory.scan, FRONT, inv.uid, "X000009999")
    assert (unknown.verdict, unknown.reason) == ("unexpected", "unknown")
    again = kit.desk.write(inventory.scan, FRONT, inv.uid, shelf["a1"].lower())
    assert again.repeated

    rep = kit.desk.write(inventory.finish, FRONT, inv.uid)
    assert rep.expected == 5  # a1 a2 a3 a4 and 德胜's copy shelved here; not the lent one
    assert [x.barcode for x in rep.found] == [shelf["a1"], shelf["a3"]]
    assert [x.barcode for x in rep.missing] == [shelf["a2"], shelf["a4"]]
    assert {(x.barcode, x.reason) for x in rep.misplaced} == {
        (shelf["tp"], "other_shelf"),
        (shelf["guest"], "other_point"),
    }
    assert {(x.barcode, x.reason) for x in rep.unexpected} == {
        (shelf["lent"], "on_loan"),
        ("X000009999", "unknown"),
    }
    (done,) = events(kit, "inventory.finished")
    assert (done.payload["missing"], done.payload["misplaced"]) == (2, 2)

    # no more scans once finished
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.scan, FRONT, inv.uid, shelf["a2"])
    assert e.value.code == "inventory_closed"

    # the librarian confirms: missing copies lost, 德胜's copy sent home
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.mark_missing, FRONT, inv.uid)
    assert e.value.code == "permission_denied"
    before = kit.counts()
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.mark_missing, LIBRARIAN, inv.uid, [shelf["a2"], shelf["a1"]])
    assert e.value.code == "not_in_inventory_list" and kit.counts() == before

    lost = kit.desk.write(inventory.mark_missing, LIBRARIAN, inv.uid)
    assert lost == [shelf["a2"], shelf["a4"]]
    assert kit.item_status(shelf["a2"]) == "lost" and kit.item_status(shelf["a4"]) == "lost"
    assert kit.item_status(shelf["a1"]) == "available"
    changed = events(kit, "item.status_changed")
    assert {(e.payload["barcode"], e.payload["status"]) for e in changed} == {
        (shelf["a2"], "lost"),
        (shelf["a4"], "lost"),
    }

    sent = kit.desk.write(inventory.transfer_home, LIBRARIAN, inv.uid)
    assert sent == [shelf["guest"]] and kit.item_status(shelf["guest"]) == "in_transit"
    with kit.desk.session(write=False) as s:
        t = s.scalars(select(Transfer)).one()
        assert (s.get_one(Point, t.to_point_id).code, t.reason, t.status) == (
            "DSJD",
            "return_home",
            "pending",
        )
    (moved,) = events(kit, "transfer.created")
    assert (moved.payload["item"], moved.payload["to_point"]) == (shelf["guest"], "DSJD")

    # confirming twice does nothing more
    assert kit.desk.write(inventory.mark_missing, LIBRARIAN, inv.uid) == []
    assert kit.desk.write(inventory.transfer_home, LIBRARIAN, inv.uid) == []
    assert len(events(kit, "item.status_changed")) == 2

    final = kit.desk.read(inventory.report, FRONT, inv.uid)
    assert [(b, a) for b, a, _ in final.actions] == [
        (shelf["a2"], "mark_missing"),
        (shelf["a4"], "mark_missing"),
        (shelf["guest"], "transfer_home"),
    ]
    summary, missing, *_rest = final.tables()  # data: codes, words only in the file
    assert (summary.code, missing.code) == ("inventory_summary", "inventory_missing")
    assert ["missing", 2] in summary.rows and missing.columns[0] == "barcode"
    out = inventory.export_report(final, tmp_path / "inv.xlsx")
    wb = load_workbook(out)
    assert next(wb["汇总 summary"].iter_rows(values_only=True)) == ("项目 item", "值 value")
    missing_sheet = [r for r in wb["缺失 missing"].iter_rows(values_only=True)][1:]
    assert [r[0] for r in missing_sheet] == [shelf["a2"], shelf["a4"]]


def test_whole_collection_and_refusals(kit: Kit, shelf: dict[str, str]) -> None:
    inv = kit.desk.write(inventory.start, FRONT)
    r = kit.desk.write(inventory.scan, FRONT, inv.uid, shelf["tp"])
    assert r.verdict == "found"  # no range: every shelf is this shelf
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.mark_missing, LIBRARIAN, inv.uid)
    assert e.value.code == "inventory_not_finished"
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.scan, FRONT, inv.uid, "not a barcode")
    assert e.value.code == "bad_item_format"
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.start, FRONT, "I247", "I242")
    assert e.value.code == "bad_input"
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.start, FRONT, "L12")
    assert e.value.code == "bad_clc"
    with pytest.raises(DeskError) as e:
        kit.desk.write(inventory.scan, FRONT, "no-such-inventory", shelf["tp"])
    assert e.value.code == "unknown_inventory"
    assert kit.desk.read(inventory.report, FRONT, inv.uid).session.scans == 1
