"""The shipment verbs from the command line: pack, dispatch, receive, damaged, finish (--json);
bad input exits 1 with a clear Chinese (or English) message and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from test_cli import fingerprint

from xclib_desk import cli
from xclib_desk.protocol.feed import CHANGE
from xclib_desk.services import circulation, shipments
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.apply import apply_changes


def run(kit: Kit, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """A verb in process with --json: exit code, the parsed document, stderr."""
    code = cli.main(["--data-dir", str(kit.desk.data_dir), "--json", *argv])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def incoming_box(
    kit: Kit, barcodes: list[str], uid: str = "5a1e0000-0000-4000-8000-00000000d5d0"
) -> str:
    """A box from DSJD to this point as the hub's change feed brings it."""
    row = {
        "uid": uid, "from_point": "DSJD", "to_point": "XJK", "status": "dispatched",
        "staff_code": "lib", "note": "新书配送", "dispatched_at": "2026-11-23T09:00:00+08:00",
        "received_at": None,
        "items": [
            {"barcode": bc, "outcome": "packed", "damaged": False, "note": None,
             "transfer_uid": None}
            for bc in barcodes
        ],
    }  # fmt: skip
    change = CHANGE.validate_python({"pos": 0, "kind": "shipment", "key": uid, "data": row})
    kit.desk.write(apply_changes, SYSTEM, [change])
    return uid


def test_pack_dispatch_and_receive(
    kit: Kit, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b, c = kit.items(3)
    guest = kit.item(owner="DSJD")  # DSJD's copy, returned here: it waits to go home
    kit.desk.write(circulation.check_out, FRONT, kit.reader(), guest)
    kit.desk.write(circulation.check_in, FRONT, guest)
    coming = [kit.item(owner="DSJD", status="in_transit") for _ in range(3)]
    incoming_box(kit, coming)
    kit.desk.close()

    code, doc, _ = run(kit, capsys, "shipment", "new", "--to", "dsjd", "--note", "月度配送")
    box = doc["result"]
    assert code == 0 and (box["to_point"], box["status"], box["items"]) == ("DSJD", "open", 0)
    uid = box["uid"]
    code, doc, _ = run(kit, capsys, "shipment", "add", uid, a, b)
    assert code == 0 and [x["barcode"] for x in doc["result"]] == [a, b]
    code, doc, _ = run(kit, capsys, "shipment", "waiting")
    assert [(w["barcode"], w["to_point"], w["shipment"]) for w in doc["result"]] == [
        (guest, "DSJD", None)
    ]
    code, doc, _ = run(kit, capsys, "shipment", "add", uid, "--waiting")
    assert code == 0 and doc["result"] == [guest]
    listing = tmp_path / "list.csv"
    listing.write_text(f"{c},第三册\nX000009999\n\n{a}\n", encoding="utf-8")
    code, doc, _ = run(kit, capsys, "shipment", "add-list", uid, str(listing))
    res = doc["result"]
    assert code == 0 and res["added"] == [c, a]  # a again: already in, harmless
    assert [(r[0], r[1]) for r in res["refused"]] == [("X000009999", "unknown_item")]
    code, _, _ = run(kit, capsys, "shipment", "add-list", uid, str(listing), "--strict")
    assert code == 1  # the refused line fails a strict run
    code, doc, _ = run(kit, capsys, "shipment", "remove", uid, c)
    assert code == 0 and doc["result"] == [c]
    code, doc, _ = run(kit, capsys, "shipment", "dispatch", uid)
    sent = doc["result"]
    assert code == 0 and (sent["status"], sent["items"]) == ("dispatched", 3)
    assert sorted(x["barcode"] for x in sent["lines"]) == sorted([a, b, guest])
    assert [kit.item_status(x) for x in (a, b, guest, c)] == ["in_transit"] * 3 + ["available"]
    assert kit.last_event().type == "shipment.dispatched"
    code, doc, _ = run(kit, capsys, "shipment", "list", "--direction", "out")
    assert [(v["uid"], v["status"]) for v in doc["result"]] == [(uid, "dispatched")]

    # the box from DSJD: scan two out of it (one twice), one stray copy, one damaged, finish
    code, doc, _ = run(
        kit, capsys, "shipment", "list", "--direction", "in", "--status", "dispatched"
    )
    [inbox] = doc["result"]
    assert (inbox["from_point"], inbox["items"], inbox["direction"]) == ("DSJD", 3, "in")
    code, doc, _ = run(kit, capsys, "shipment", "receive", inbox["uid"], coming[0], c, coming[0])
    assert code == 0
    assert [(r["barcode"], r["outcome"], r["repeated"], r["left"]) for r in doc["result"]] == [
        (coming[0], "received", False, 2), (c, "extra", False, 2),
        (coming[0], "received", True, 2),
    ]  # fmt: skip
    code, doc, _ = run(
        kit, capsys, "shipment", "damaged", inbox["uid"], coming[1], "--note", "封面水渍"
    )
    assert code == 0 and doc["result"]["damaged"] and doc["result"]["note"] == "封面水渍"
    code, doc, _ = run(kit, capsys, "shipment", "finish", inbox["uid"])
    done = doc["result"]
    assert code == 0 and done["status"] == "received"
    assert (done["received"], done["missing"], done["extra"], done["damaged"]) == (2, 1, 1, 1)
    assert [kit.item_status(x) for x in coming] == ["available", "damaged", "missing"]
    ev = kit.last_event()
    assert ev.type == "shipment.received" and ev.payload["missing"] == [coming[2]]
    code, doc, _ = run(kit, capsys, "shipment", "show", inbox["uid"][:8])  # the label's short form
    assert code == 0 and doc["result"]["uid"] == inbox["uid"] and len(doc["result"]["lines"]) == 4


@pytest.fixture()
def boxes(kit: Kit) -> dict[str, str]:
    """An open box with one copy in it, an empty one, one on its way here; a copy on loan."""
    packed, free, lent, coming = kit.items(4)
    kit.desk.write(circulation.check_out, FRONT, kit.reader(), lent)
    box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD")
    kit.desk.write(shipments.add_item, LIBRARIAN, box.uid, packed)
    empty = kit.desk.write(shipments.new_shipment, LIBRARIAN, "YTSQ")
    inbox = incoming_box(kit, [coming])
    kit.desk.close()
    return {"open": box.uid, "empty": empty.uid, "in": inbox, "packed": packed, "free": free,
            "lent": lent}  # fmt: skip


BAD = [
    (["new", "--to", "NOWHERE"], "unknown_point", "NOWHERE"),
    (["new", "--to", "XJK"], "shipment_same_point", "itself"),
    (["new", "--to", "DSJD", "--note", "长" * 400], "bad_input", "note"),
    (["add", "{open}", "X000009999"], "unknown_item", "X000009999"),
    (["add", "{open}", "{lent}"], "item_not_shippable", "on loan"),
    (["add", "{empty}", "{packed}"], "item_in_shipment", "{open8}"),
    (["add", "{open}", "bad code"], "bad_item_format", "bad code"),
    (["add", "{in}", "{free}"], "shipment_not_open", "{in8}"),
    (["add-list", "{open}", "/no/such/file.txt"], "bad_input", "file.txt"),
    (["remove", "{open}", "{free}"], "not_in_shipment", "{free}"),
    (["dispatch", "{empty}"], "shipment_empty", "empty"),
    (["show", "nosuchbox"], "unknown_shipment", "nosuchbox"),
    (["receive", "{open}", "{packed}"], "shipment_not_incoming", "{open8}"),
    (["damaged", "{in}", "{free}", "--note", "   "], "note_required", "note"),
    (["finish", "{open}"], "shipment_not_incoming", "{open8}"),
    (["list", "--direction", "out", "--status", "dispatched"], None, None),  # fine, just empty
]


@pytest.mark.parametrize(("argv", "code", "says"), BAD, ids=[f"{a[0]}-{c}" for a, c, _ in BAD])
def test_bad_input_is_refused_and_changes_nothing(
    kit: Kit,
    boxes: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    code: str | None,
    says: str | None,
) -> None:
    names = boxes | {"open8": boxes["open"][:8], "in8": boxes["in"][:8]}
    args = [a.format(**names) for a in argv]
    monkeypatch.setenv("XCLIB_LANG", "zh")
    before = fingerprint(kit.desk.data_dir)
    exit_code, doc, err = run(kit, capsys, "shipment", *args)
    assert fingerprint(kit.desk.data_dir) == before
    if code is None:
        assert exit_code == 0 and doc["result"] == []
        return
    assert exit_code == 1 and doc["ok"] is False and doc["error"]["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in doc["error"]["message"])  # Chinese by default
    assert f"[{code}]" in err and len(doc["error"]["message"]) < 300
    # the same refusal in English names what is wrong
    exit_code = cli.main(["--data-dir", str(kit.desk.data_dir), "--lang", "en", "shipment", *args])
    err = capsys.readouterr().err
    assert exit_code == 1 and f"[{code}]" in err
    assert str(says).format(**names).lower() in err.lower(), err
    assert fingerprint(kit.desk.data_dir) == before
