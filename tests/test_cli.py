"""The headless CLI: every verb works; bad input is refused clearly and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from xclib_desk.cli import main

CARD, ITEM, ITEM2 = "XC00000001", "X000000001", "X000000002"
ID_ADULT = "11010519491231002X"
ISBN13 = "9787020002207"


def run(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, dict]:
    """Run a verb in-process with --json; return exit code and the parsed JSON document."""
    code = main(["--data-dir", str(data), "--json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def fingerprint(data: Path) -> str:
    """Content hash of every table: 'changes nothing' means this is identical afterwards."""
    con = sqlite3.connect(data / "store.sqlite3")
    h = hashlib.sha256()
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for t in sorted(tables):
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr((t, row)).encode())
    con.close()
    return h.hexdigest()


@pytest.fixture()
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "point"
    steps = [
        ["init", "--point", "XC-DSX", "--name", "德胜街道分馆", "--level", "street"],
        [
            "staff",
            "add",
            "--code",
            "admin",
            "--name",
            "管理员",
            "--role",
            "admin",
            "--password",
            "admin1234",
        ],
        [
            "--staff",
            "admin",
            "staff",
            "add",
            "--code",
            "desk1",
            "--name",
            "前台",
            "--role",
            "desk",
            "--password",
            "desk1234",
        ],
        [
            "--staff",
            "admin",
            "title",
            "add",
            "--title",
            "红楼梦",
            "--isbn",
            ISBN13,
            "--clc",
            "I242.47",
            "--author",
            "曹雪芹",
        ],
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            ITEM,
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C173",
            "--price",
            "59.70",
        ],
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            ITEM2,
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C173",
        ],
        [
            "reader",
            "add",
            "--card",
            CARD,
            "--name",
            "张三",
            "--type",
            "adult",
            "--id-number",
            ID_ADULT,
        ],
    ]
    for argv in steps:
        code, doc = run(capsys, data, *argv)
        assert code == 0 and doc["ok"], (argv, doc)
    return data


def test_round_trip_through_the_cli(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, st = run(capsys, store, "status")
    in_force = st["result"]["standards_version"]
    code, doc = run(capsys, store, "checkout", CARD, ITEM)
    assert code == 0
    assert doc["result"]["barcode"] == ITEM and doc["result"]["card_no"] == CARD
    assert doc["result"]["standards_version"] == in_force  # the rules the loan was made under
    _, loans = run(capsys, store, "loans", CARD)
    assert [loan["barcode"] for loan in loans["result"]] == [ITEM]
    assert [loan["standards_version"] for loan in loans["result"]] == [in_force]
    code, doc = run(capsys, store, "renew", ITEM)
    assert code == 0 and doc["result"]["renewals"] == 1
    code, doc = run(capsys, store, "checkin", ITEM)
    assert code == 0 and doc["result"]["route_to"] is None
    _, st = run(capsys, store, "status")
    # init: point + standards; 2 staff, 1 title, 2 items, 1 reader, checkout, renew, checkin
    assert st["result"]["events_total"] == 11
    assert st["result"]["events_pending"] == 11
    assert st["result"]["open_loans"] == 0
    code, doc = run(capsys, store, "visits", "2026-11-01", "120")
    assert code == 0 and doc["result"]["count"] == 120
    _, found = run(capsys, store, "reader", "search", "zs")
    assert [r["card_no"] for r in found["result"]] == [CARD]
    _, shown = run(capsys, store, "reader", "show", CARD.lower())
    assert shown["result"]["id_masked"] == "1101**********002X"
    assert ID_ADULT not in json.dumps(shown)  # the ID number is never shown or stored in clear


LONG = "书" * 5000
SQLISH = "X000000001'; DROP TABLE loan; --"
BAD_INPUTS: list[tuple[list[str], str]] = [
    (["checkout", "XC0000000", ITEM], "bad_card_format"),
    (["checkout", CARD, "X00000000Z"], "bad_item_format"),
    (["checkout", "XC99999999", ITEM], "unknown_reader"),
    (["checkout", CARD, "X999999999"], "unknown_item"),
    (["checkout", CARD, SQLISH], "bad_item_format"),
    (["checkout", LONG, ITEM], "bad_card_format"),
    (["checkout", CARD, ITEM, "--override", "quota_reached"], "override_reason_required"),
    (["checkin", ITEM2], "not_on_loan"),
    (["checkin", "' OR 1=1 --"], "bad_item_format"),
    (["renew", ITEM2], "not_on_loan"),
    (["loans", "XC99999999"], "unknown_reader"),
    (["reader", "show", SQLISH], "bad_card_format"),
    (["reader", "search", LONG], "bad_input"),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            "李四",
            "--type",
            "adult",
            "--id-number",
            "110105194912310021",
        ],
        "bad_id_number",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            "李四",
            "--type",
            "adult",
            "--id-number",
            "11010519491331002X",
        ],
        "bad_id_number",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            "李四",
            "--type",
            "adult",
            "--id-number",
            "1101051949",
        ],
        "bad_id_number",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            "李四",
            "--type",
            "adult",
            "--id-number",
            ID_ADULT,
        ],
        "duplicate_reader",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            LONG,
            "--type",
            "adult",
            "--id-number",
            "110105198001010016",
        ],
        "bad_input",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            "XC00000002",
            "--name",
            "李四",
            "--type",
            "vip",
            "--id-number",
            "110105198001010016",
        ],
        "unknown_reader_type",
    ),
    (
        [
            "reader",
            "add",
            "--card",
            CARD,
            "--name",
            "李四",
            "--type",
            "adult",
            "--id-number",
            "110105198001010032",
        ],
        "duplicate_card",
    ),
    (["reader", "block", CARD, "--reason", "lost card"], "permission_denied"),
    (["--staff", "admin", "reader", "block", CARD, "--reason", " "], "bad_input"),
    (["--staff", "nobody", "reader", "unblock", CARD], "unknown_staff"),
    (["reader", "edit", CARD, "--phone", "call me maybe"], "bad_input"),
    (["reader", "renew-card", "XC99999999"], "unknown_reader"),
    (["--staff", "admin", "title", "add", "--title", "x", "--isbn", "9787020002208"], "bad_isbn"),
    (["--staff", "admin", "title", "add", "--title", "x", "--clc", "L123"], "bad_clc"),
    (["--staff", "admin", "title", "add", "--title", "x", "--clc", "K8371.25"], "bad_clc"),
    (["--staff", "admin", "title", "add", "--title", "x", "--year", "MMXX"], "bad_input"),
    (["--staff", "admin", "title", "add", "--title", LONG], "bad_input"),
    (["title", "add", "--title", "无权限"], "permission_denied"),
    (
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            ITEM,
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C173",
        ],
        "duplicate_item",
    ),
    (
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            "X000000003",
            "--title",
            ISBN13,
            "--call-number",
            "I242.47",
        ],
        "bad_call_number",
    ),
    (
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            "X000000003",
            "--title",
            "nope",
            "--call-number",
            "I242.47/C173",
        ],
        "unknown_title",
    ),
    (
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            "X000000003",
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C173",
            "--material",
            "scroll",
        ],
        "unknown_material_type",
    ),
    (
        [
            "--staff",
            "admin",
            "item",
            "add",
            "--barcode",
            "X000000003",
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C173",
            "--price",
            "cheap",
        ],
        "bad_input",
    ),
    (["item", "show", "X999999999"], "unknown_item"),
    (
        [
            "--staff",
            "admin",
            "staff",
            "add",
            "--code",
            "admin",
            "--name",
            "x",
            "--role",
            "desk",
            "--password",
            "longenough",
        ],
        "duplicate_staff",
    ),
    (
        [
            "--staff",
            "admin",
            "staff",
            "add",
            "--code",
            "new",
            "--name",
            "x",
            "--role",
            "desk",
            "--password",
            "short",
        ],
        "bad_input",
    ),
    (
        [
            "--staff",
            "desk1",
            "staff",
            "add",
            "--code",
            "new2",
            "--name",
            "x",
            "--role",
            "admin",
            "--password",
            "longenough",
        ],
        "permission_denied",
    ),
    (["visits", "2026-13-01", "10"], "bad_input"),
    (["visits", "2026-11-01", "-3"], "bad_input"),
    (["visits", "2999-01-01", "3"], "bad_input"),
    (
        ["init", "--point", "XC-OTHER", "--name", "again", "--level", "community"],
        "store_already_initialised",
    ),
]


@pytest.mark.parametrize(("argv", "code"), BAD_INPUTS, ids=[c for _, c in BAD_INPUTS])
def test_bad_input_is_refused_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: str
) -> None:
    before = fingerprint(store)
    exit_code = main(["--data-dir", str(store), "--json", *argv])
    captured = capsys.readouterr()
    assert exit_code == 1
    doc = json.loads(captured.out)
    assert doc["ok"] is False and doc["error"]["code"] == code
    message = doc["error"]["message"]
    assert message and len(message) < 300  # clear and bounded, even for a 5000-char input
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # Chinese by default
    assert f"[{code}]" in captured.err
    assert fingerprint(store) == before


def test_refusal_in_english_when_asked(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(store), "--lang", "en", "checkin", ITEM2]) == 1
    err = capsys.readouterr().err
    assert "not on loan" in err and "shelf" in err
    os.environ.pop("XCLIB_LANG", None)


def test_uninitialised_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run(capsys, tmp_path / "empty", "status")
    assert code == 1 and doc["error"]["code"] == "store_not_initialised"
    assert not (tmp_path / "empty" / "store.sqlite3").exists()


def test_console_script_with_undecodable_bytes(store: Path) -> None:
    """A GBK-encoded name typed into a UTF-8 terminal, and raw 0xFF bytes as a card number."""
    before = fingerprint(store)
    exe = Path(sys.executable).with_name("xclib-desk")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "XCLIB_LANG": "zh"}
    gbk_name = "王五".encode("gb18030")
    add = subprocess.run(
        [
            exe,
            b"--data-dir",
            bytes(store),
            b"reader",
            b"add",
            b"--card",
            b"XC00000009",
            b"--name",
            gbk_name,
            b"--type",
            b"adult",
            b"--id-number",
            b"110105198001010016",
        ],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert add.returncode == 1
    assert "[bad_input]" in add.stderr.decode()
    show = subprocess.run(
        [exe, b"--data-dir", bytes(store), b"--json", b"reader", b"show", b"\xff\xfeXC"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert show.returncode == 1
    assert json.loads(show.stdout)["error"]["code"] == "bad_card_format"
    assert fingerprint(store) == before


def test_global_options_after_any_verb(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One set of global options for every verb module (core, holdings, sync)."""
    for verb in (["status"], ["search", "红楼"], ["sync-status"]):
        assert main([*verb, "--data-dir", str(store), "--json"]) == 0, verb
        assert json.loads(capsys.readouterr().out)["ok"] is True
