"""The activity and volunteer verbs with ``--json``: the output contract, and a door scan file
whose bad lines are reported one by one while the good ones are kept."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import Kit

from xclib_desk.cli import main
from xclib_desk.common.times import BEIJING, utcnow


def run(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, dict]:
    code = main(["--data-dir", str(data), "--json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_plan_door_close_and_volunteers(
    kit: Kit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = kit.desk.data_dir
    cards = [kit.reader(), kit.reader()]
    soon = (utcnow() + timedelta(minutes=2)).astimezone(BEIJING)  # minutes cut off: still ahead
    code, doc = run(capsys, data, "activity", "plan", "--series", "sxxc", "--title", "亲子共读",
                    "--start", f"{soon:%Y-%m-%d %H:%M}", "--minutes", "60", "--group",
                    "children", "--capacity", "20")  # fmt: skip
    assert code == 0, doc
    uid = doc["result"]["uid"]
    code, doc = run(capsys, data, "activity", "register", uid, "--card", cards[0])
    assert code == 0 and doc["result"]["registered"] == 1
    code, doc = run(capsys, data, "activity", "register", uid, "--card", cards[0])
    assert code == 1 and doc["error"]["code"] == "activity_card_twice"
    code, doc = run(capsys, data, "activity", "plan", "--series", "sxxc", "--title", "x",
                    "--start", "2020-01-01 10:00", "--group", "children")  # fmt: skip
    assert code == 1 and doc["error"]["code"] == "activity_in_past"
    code, doc = run(capsys, data, "activity", "plan", "--series", "sxxc", "--title", "x",
                    "--start", "tomorrow", "--group", "children")  # fmt: skip
    assert code == 1 and doc["error"]["code"] == "bad_input"
    # a scanner's file: a good card, the same card again, an unknown one, the second card
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(f"{cards[0]}\n{cards[0]}\nXC99999999\n{cards[1]}\n")
    )
    code, doc = run(capsys, data, "activity", "admit", uid)
    assert code == 0, doc
    got = [x.get("error", {}).get("code") for x in doc["result"]]
    assert got == [None, "activity_card_twice", "unknown_reader", None]
    code, doc = run(capsys, data, "activity", "walk-in", uid, "senior", "--count", "2")
    assert doc["result"]["participants"] == 4
    code, doc = run(capsys, data, "activity", "sheet", uid)
    assert code == 0 and len(doc["result"]["lines"]) == 2
    code, doc = run(capsys, data, "activity", "list", "--mine")
    assert [x["uid"] for x in doc["result"]] == [uid]
    code, doc = run(capsys, data, "volunteer", "add", "--card", cards[1], "--team", "书香志愿队")
    assert code == 0, (doc, capsys.readouterr())
    assert run(capsys, data, "volunteer", "sign-in", cards[1])[0] == 0
    assert run(capsys, data, "volunteer", "sign-out", cards[1])[0] == 0
    code, doc = run(capsys, data, "volunteer", "sign-out", cards[1])
    assert code == 1 and doc["error"]["code"] == "volunteer_not_signed_in"
    code, doc = run(capsys, data, "volunteer", "statement", cards[1])
    assert code == 0 and len(doc["result"]["shifts"]) == 1
    code, doc = run(capsys, data, "activity", "figures")
    assert code == 0 and {f["key"] for f in doc["result"]} >= {"activities_held"}
