"""Holds (预约) at one desk: the package's rules refuse bad requests with nothing queued, a
copy returned here is captured for the first hold in queue order, the hold shelf lends to its
reader only (a librarian may override with a reason), an uncollected copy goes to the next
hold; and the same through the command line with --json."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from test_cli import fingerprint

from xclib_desk import cli
from xclib_desk.desk import Desk
from xclib_desk.errors import BlockedError, DeskError
from xclib_desk.models import Hold, OutboxEvent
from xclib_desk.protocol.feed import CHANGE
from xclib_desk.services import circulation, holds
from xclib_desk.services.circulation import Override
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.apply import apply_changes


def outbox(kit: Kit) -> list[str]:
    with kit.desk.session(write=False) as s:
        return [e.type for e in s.query(OutboxEvent).order_by(OutboxEvent.seq)]


def run(kit: Kit, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = cli.main(["--data-dir", str(kit.desk.data_dir), "--json", *argv])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def test_the_package_rules_refuse_with_nothing_queued(kit: Kit) -> None:
    tuid = kit.title()
    kit.item(title_uid=tuid)
    card = kit.reader("child")  # three holds at once for children (default package)
    others = [kit.title(title=f"书{i}") for i in range(3)]
    for t in others:
        kit.item(title_uid=t)
        kit.desk.write(holds.place, FRONT, card, t)
    ref, adult = kit.item("reference"), kit.reader()
    before = outbox(kit)
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.place, FRONT, card, tuid)
    assert e.value.code == "hold_limit_reached"
    assert "3" in e.value.message("zh") and "limit" in e.value.message("en")
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.place, FRONT, card, others[0])
    assert e.value.code == "hold_duplicate"
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.place, FRONT, adult, barcode=ref)
    assert e.value.code == "not_holdable"
    assert outbox(kit) == before


def test_queue_order_special_groups_first_then_first_come(kit: Kit) -> None:
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    first, senior = kit.reader(), kit.reader("senior")
    borrower = kit.reader()
    kit.desk.write(circulation.check_out, FRONT, borrower, bc)
    h1 = kit.desk.write(holds.place, FRONT, first, tuid)
    h2 = kit.desk.write(holds.place, FRONT, senior, tuid)
    assert (h1.priority, h2.priority) == (0, 1)
    res = kit.desk.write(circulation.check_in, FRONT, bc)
    assert res.hold is not None and res.hold.hold.uid == h2.uid and res.hold.on_shelf
    assert outbox(kit)[-2:] == ["loan.checked_in", "hold.captured"]
    # on the shelf: lent to its reader only; a librarian may override, the hold then waits
    with pytest.raises(BlockedError) as e:
        kit.desk.write(circulation.check_out, FRONT, first, bc)
    assert e.value.code == "item_on_hold" and "librarian" in e.value.overridable_by
    kit.desk.write(
        circulation.check_out, LIBRARIAN, first, bc,
        Override("读者急用", frozenset({"item_on_hold"})),
    )  # fmt: skip
    assert kit.desk.read(holds.get_hold, FRONT, h2.uid).status == "waiting"


def test_an_uncollected_copy_goes_to_the_next_hold(kit: Kit) -> None:
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    a, b, borrower = kit.reader(), kit.reader(), kit.reader()
    kit.desk.write(circulation.check_out, FRONT, borrower, bc)
    ha = kit.desk.write(holds.place, FRONT, a, tuid)
    kit.clock.advance(minutes=1)
    hb = kit.desk.write(holds.place, FRONT, b, tuid)
    kit.desk.write(circulation.check_in, FRONT, bc)
    assert [x.uid for x in kit.desk.read(holds.ready_for, FRONT, a)] == [ha.uid]
    assert kit.desk.read(holds.expiring, FRONT) == []
    kit.clock.advance(days=8)
    [due] = kit.desk.read(holds.expiring, FRONT)
    slip = kit.desk.write(holds.expire, FRONT, due.uid)
    assert slip is not None and slip.hold.uid == hb.uid and slip.on_shelf
    assert kit.desk.read(holds.get_hold, FRONT, ha.uid).status == "expired"
    kit.desk.write(circulation.check_out, FRONT, b, bc)
    assert kit.desk.read(holds.get_hold, FRONT, hb.uid).status == "filled"
    assert outbox(kit)[-2:] == ["loan.checked_out", "hold.filled"]


def test_change_suspend_cancel(kit: Kit) -> None:
    tuid = kit.title()
    kit.item(title_uid=tuid)
    card = kit.reader()
    h = kit.desk.write(holds.place, FRONT, card, tuid)
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.suspend, FRONT, h.uid, kit.clock.now().date() - timedelta(days=1))
    assert e.value.code == "suspend_in_past"
    until = kit.clock.now().date() + timedelta(days=20)
    assert kit.desk.write(holds.suspend, FRONT, h.uid, until).suspended_until == until
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.change_pickup, FRONT, h.uid, "NOWHERE")
    assert e.value.code == "unknown_point"
    v = kit.desk.write(holds.cancel, FRONT, h.uid)
    assert v.status == "cancelled"
    with pytest.raises(DeskError) as e:
        kit.desk.write(holds.cancel, FRONT, h.uid)
    assert e.value.code == "hold_not_active"
    assert "已取消" in e.value.message("zh") and "cancelled" in e.value.message("en")


def test_the_hold_verbs_from_the_command_line(
    kit: Kit, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    card, borrower = kit.reader(), kit.reader()
    kit.desk.write(circulation.check_out, FRONT, borrower, bc)
    kit.desk.close()
    code, doc, _ = run(kit, capsys, "hold", "place", card, tuid)
    assert code == 0 and doc["result"]["status"] == "waiting" and doc["result"]["provisional"]
    uid = doc["result"]["uid"]
    before = fingerprint(kit.desk.data_dir)
    code, doc, _ = run(kit, capsys, "hold", "place", card, tuid)
    assert code == 1 and doc["error"]["code"] == "hold_duplicate"
    code, doc, _ = run(kit, capsys, "hold", "place", "XC99999999", tuid)
    assert code == 1 and doc["error"]["code"] == "unknown_reader"
    assert fingerprint(kit.desk.data_dir) == before
    code, doc, _ = run(kit, capsys, "checkin", bc)
    assert code == 0
    code, doc, _ = run(kit, capsys, "hold", "shelf")
    assert code == 0 and [x["hold"]["uid"] for x in doc["result"]] == [uid]
    code, doc, _ = run(kit, capsys, "hold", "reader", card, "--active")
    assert code == 0 and doc["result"][0]["status"] == "on_shelf"
    for verb in (["pull"], ["incoming"], ["list"], ["show", uid[:8]], ["expire-due"]):
        code, doc, _ = run(kit, capsys, "hold", *verb)
        assert code == 0, verb
    out = tmp_path / "holds.csv"
    code, doc, _ = run(kit, capsys, "hold", "export", str(out))
    assert code == 0 and doc["result"]["file"] == str(out)
    text = out.read_text("utf-8-sig")
    assert "取书单 pull list" in text and "待通知读者 to call" in text and card in text
    code, doc, _ = run(kit, capsys, "hold", "export", str(tmp_path / "holds.txt"))
    assert code == 1 and doc["error"]["code"] == "bad_input"


def test_hub_rows_confirm_a_provisional_hold(kit: Kit) -> None:
    tuid = kit.title()
    kit.item(title_uid=tuid)
    h = kit.desk.write(holds.place, FRONT, kit.reader(), tuid)
    row = {
        "uid": h.uid, "card_no": h.card_no, "reader_type": "adult", "title_uid": tuid,
        "placed_point": h.placed_point, "pickup_point": h.pickup_point, "status": "waiting",
        "priority": 0, "placed_at": h.placed_at.isoformat(), "lapse_on": str(h.lapse_on),
        "target_item": "X000000001", "target_point": h.placed_point,
    }  # fmt: skip
    change = CHANGE.validate_python({"pos": 1, "kind": "hold", "key": h.uid, "data": row})
    # not applied while our own hold.placed is undelivered
    kit.desk.write(apply_changes, SYSTEM, [change])
    with kit.desk.session(write=False) as s:
        assert s.query(Hold).one().provisional


def test_the_desk_releases_expired_shelf_copies_at_opening_by_itself(kit: Kit) -> None:
    """No one pressed 过期处理: reopening the desk (or a sync) expires what is past its date,
    so the hold shelf list and the reader's banner are true offline."""
    tuid = kit.title()
    bc = kit.item(title_uid=tuid)
    a, b, borrower = kit.reader(), kit.reader(), kit.reader()
    kit.desk.write(circulation.check_out, FRONT, borrower, bc)
    ha = kit.desk.write(holds.place, FRONT, a, tuid)
    kit.clock.advance(minutes=1)
    hb = kit.desk.write(holds.place, FRONT, b, tuid)
    kit.desk.write(circulation.check_in, FRONT, bc)
    data_dir = kit.desk.data_dir
    kit.desk.close()
    kit.desk = Desk.open(data_dir, kit.clock)  # not due yet: nothing happens
    assert kit.desk.read(holds.get_hold, FRONT, ha.uid).status == "on_shelf"
    kit.clock.advance(days=8)
    kit.desk.close()
    kit.desk = Desk.open(data_dir, kit.clock)
    assert kit.desk.read(holds.get_hold, FRONT, ha.uid).status == "expired"
    [call] = kit.desk.read(holds.hold_shelf, FRONT)
    assert call.hold.uid == hb.uid  # the copy went to the next hold, on this shelf
    assert kit.desk.read(holds.ready_for, FRONT, a) == []
    assert outbox(kit)[-1] == "hold.expired"
    assert kit.desk.release_expired_holds() == 0  # a second pass finds nothing
