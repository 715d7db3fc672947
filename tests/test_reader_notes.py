"""A reader's stored note for staff and message for the reader: set, changed and cleared at the
desk and by the CLI, shown in the account at card scan, synced as profile fields (the hub
merges each by clock; the home point's reader row brings them back)."""

from __future__ import annotations

import json

import pytest
from conftest import FRONT, LIBRARIAN, Kit

from xclib_desk.cli import main as cli_main
from xclib_desk.errors import DeskError
from xclib_desk.services import account, readers


def test_notes_are_set_shown_at_card_scan_and_cleared(kit: Kit) -> None:
    card = kit.reader("adult")
    v = kit.desk.write(
        readers.edit, LIBRARIAN, card, staff_note="押金已退", reader_message="请到前台领取证件"
    )
    assert (v.staff_note, v.reader_message) == ("押金已退", "请到前台领取证件")
    event = kit.last_event()
    assert event.type == "reader.updated"
    assert event.payload["fields"] == {
        "staff_note": "押金已退",
        "reader_message": "请到前台领取证件",
    }
    acc = kit.desk.read(account.account, FRONT, card)
    codes = [(n.code, n.params.get("text"), n.for_reader) for n in acc.notes]
    assert codes[:2] == [
        ("reader_message", "请到前台领取证件", True),  # first: read out before anything else
        ("staff_note", "押金已退", False),
    ]
    # clearing one: only that field is sent, as None
    kit.desk.write(readers.edit, LIBRARIAN, card, staff_note="", reader_message="请到前台领取证件")
    assert kit.last_event().payload["fields"] == {"staff_note": None}
    acc = kit.desk.read(account.account, FRONT, card)
    assert [n.code for n in acc.notes] == ["reader_message"]
    # unchanged: nothing queued
    before = kit.counts()
    kit.desk.write(readers.edit, LIBRARIAN, card, reader_message="请到前台领取证件")
    assert kit.counts() == before


def test_a_bad_note_is_refused_and_nothing_changes(kit: Kit) -> None:
    card = kit.reader("adult")
    before = kit.counts()
    for bad in ("x" * 301, "line\x07bell"):
        with pytest.raises(DeskError) as info:
            kit.desk.write(readers.edit, LIBRARIAN, card, reader_message=bad)
        assert info.value.code == "bad_input"
        assert info.value.params["field"] == "reader_message"
        assert "给读者的留言" in info.value.message("zh")
        assert "message for the reader" in info.value.message("en")
    assert kit.counts() == before


def test_cli_sets_and_clears_notes(kit: Kit, capsys: pytest.CaptureFixture[str]) -> None:
    card = kit.reader("adult")
    data = str(kit.desk.data_dir)
    base = ["--data-dir", data, "--now", kit.clock.now().isoformat(), "--json"]
    kit.desk.close()
    argv = [
        *base,
        "reader",
        "edit",
        card,
        "--staff-note",
        "常借绘本",
        "--reader-message",
        "证件快到期",
    ]
    assert cli_main(argv) == 0
    out = json.loads(capsys.readouterr().out)["result"]
    assert (out["staff_note"], out["reader_message"]) == ("常借绘本", "证件快到期")
    assert cli_main([*base, "reader", "edit", card, "--reader-message", ""]) == 0
    out = json.loads(capsys.readouterr().out)["result"]
    assert (out["staff_note"], out["reader_message"]) == ("常借绘本", None)
    assert cli_main([*base, "reader", "show", card]) == 0
    out = json.loads(capsys.readouterr().out)["result"]
    assert (out["staff_note"], out["reader_message"]) == ("常借绘本", None)
    assert cli_main([*base, "account", card]) == 0
    notes = json.loads(capsys.readouterr().out)["result"]["notes"]
    assert [n["code"] for n in notes][:1] == ["staff_note"]
