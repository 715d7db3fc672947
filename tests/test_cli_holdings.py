"""The holdings verbs from the command line: search, inventory by a scanner's file, reindex."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import Kit

from xclib_desk import cli


def run(kit: Kit, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(kit.desk.data_dir), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_search_and_reindex(kit: Kit, capsys: pytest.CaptureFixture[str]) -> None:
    kit.items(2)  # 红楼梦, two copies
    kit.desk.close()
    code, out, _ = run(kit, capsys, "search", "hlm")
    assert code == 0 and "红楼梦" in out and "在架 2/2" in out
    code, out, _ = run(kit, capsys, "search", "I242", "--json")
    hits = json.loads(out)["result"]
    assert [(h["title"]["title"], h["copies"]) for h in hits] == [("红楼梦", 2)]
    code, out, _ = run(kit, capsys, "search-reindex")
    assert code == 0 and "1" in out
    code, _, err = run(kit, capsys, "search", "  ")
    assert code == 1 and "bad_input" in err


def test_inventory_from_a_scanner_file(
    kit: Kit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, second, third = kit.items(3)
    kit.desk.close()
    code, out, _ = run(
        kit, capsys, "inventory", "start", "--from", "I242", "--to", "I242", "--json"
    )
    uid = json.loads(out)["result"]["uid"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{first}\n\n{second}\nX000009999\n"))
    code, out, _ = run(kit, capsys, "inventory", "scan", uid)
    assert code == 0 and "X000009999 unexpected unknown" in out
    code, out, _ = run(kit, capsys, "inventory", "list", "--json")
    assert json.loads(out)["result"][0]["scans"] == 3
    export = tmp_path / "inv.csv"
    code, out, _ = run(kit, capsys, "inventory", "finish", uid, "--export", str(export))
    assert code == 0 and f"缺失 {third}" in out and export.exists()
    code, _, err = run(kit, capsys, "inventory", "mark-missing", uid, "--all")
    assert code == 1 and "permission_denied" in err
    code, out, _ = run(kit, capsys, "--staff", "lib", "inventory", "mark-missing", uid, "--all")
    assert code == 0 and third in out
    assert kit.item_status(third) == "lost"
    code, _, err = run(kit, capsys, "--staff", "lib", "inventory", "mark-missing", uid)
    assert code == 1 and "bad_input" in err
