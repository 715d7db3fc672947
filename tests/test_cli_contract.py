"""The output contract both command lines keep (``xclib_desk.common.output``, docs/cli.md):
the same ``--json`` envelope and refusal shape for ``xclib-desk`` and ``xclib-hub``, exit 3 and
a plain message for an unexpected failure, English with ``--lang en``, and every verb of both
programs documented."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest

from xclib_desk import cli as desk_cli
from xclib_desk.hub import admin
from xclib_desk.hub import cli as hub_cli
from xclib_desk.services import status

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
CJK = re.compile(r"[\u4e00-\u9fff]")
VERB_ROW = re.compile(r"\| `([a-z][a-z0-9-]*(?: [a-z][a-z-]*)*)(?=[ `])")


def verbs(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every verb a parser registers, nouns included: ``reader add``, ``report stats``."""
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += verbs(sub, (*prefix, name)) or [" ".join((*prefix, name))]
    return found


def documented(section: str) -> set[str]:
    """The verbs a section of docs/cli.md documents: each row of a ``| verb | what |`` table
    starts with the verb in a code span (`` `reader add --card C ...` ``)."""
    found: set[str] = set()
    in_verbs = False
    for line in section.splitlines():
        if not line.startswith("|"):
            in_verbs = False
        elif line.startswith("| verb |"):
            in_verbs = True
        elif in_verbs and (m := VERB_ROW.match(line)):
            found.add(m.group(1))
    return found


def sections() -> tuple[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    desk, hub = text.split("\n# `xclib-hub`", 1)
    return desk, hub


@pytest.mark.parametrize("program", ["xclib-desk", "xclib-hub"])
def test_every_verb_is_in_docs_cli_md(program: str) -> None:
    desk, hub = sections()
    parser = desk_cli.build_parser() if program == "xclib-desk" else hub_cli.build_parser()
    registered = set(verbs(parser))
    assert len(registered) > 15
    section = desk if program == "xclib-desk" else hub
    missing = sorted(v for v in registered if v not in documented(section))
    assert not missing, f"{program} verbs missing from docs/cli.md: {missing}"
    stale = sorted(documented(section) - registered)
    assert not stale, f"docs/cli.md documents {program} verbs that do not exist: {stale}"


def test_unexpected_failure_exits_3_with_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(tmp_path / "point")
    init = ["--data-dir", data, "init", "--point", "XC-T1", "--name", "测试", "--level", "street"]
    assert desk_cli.main(init) == 0
    capsys.readouterr()

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(status, "status", broken)
    assert desk_cli.main(["--data-dir", data, "status", "--json", "--lang", "en"]) == 3
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert doc["ok"] is False and doc["error"]["code"] == "internal_error"
    assert "RuntimeError: disk on fire" in doc["error"]["message"]
    assert err.startswith("[internal_error] Unexpected failure") and "Traceback" not in err
    assert "second line" not in err

    monkeypatch.setattr(admin, "new_admin_token", broken)
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert hub_cli.main(["admin-token", "--db", db]) == 3
    out, err = capsys.readouterr()
    assert not out and err.startswith("[internal_error] ") and "Traceback" not in err


def test_hub_refusal_has_the_desks_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refused ``standards-publish --json``: the envelope on stdout, ``[code] message`` on
    stderr, exit 1: as ``xclib-desk`` prints a refusal."""
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    bad = tmp_path / "forged.json"
    bad.write_text("{not json", encoding="utf-8")
    rc = hub_cli.main(["standards-publish", "--db", db, str(bad), "--json", "--lang", "en"])
    out, err = capsys.readouterr()
    assert rc == 1
    doc = json.loads(out)
    assert doc["ok"] is False and set(doc["error"]) == {"code", "message", "params"}
    assert err.strip() == f"[{doc['error']['code']}] {doc['error']['message']}"
    assert not CJK.search(err)

    rc = hub_cli.main(["admin-token", "--db", db, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0 and doc["ok"] is True and doc["result"]["admin_token"]

    desk_rc = desk_cli.main(["--data-dir", str(tmp_path / "none"), "--json", "status"])
    desk_doc = json.loads(capsys.readouterr().out)
    assert desk_rc == 1 and set(desk_doc["error"]) == set(json.loads(out)["error"])


def test_lang_en_gives_english_for_the_desks_own_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "point"), "--lang", "en"]
    init = [*data, "init", "--point", "XC-T2", "--name", "德胜", "--level", "street"]
    assert desk_cli.main(init) == 0
    assert capsys.readouterr().out.strip() == "point XC-T2 initialised"
    for argv in (["visits", "2026-11-01", "12"], ["exceptions"], ["duty", "status"]):
        assert desk_cli.main([*data, *argv]) == 0, argv
        out = capsys.readouterr().out
        assert out.strip() and not CJK.search(out), (argv, out)
    assert desk_cli.main([*data, "item", "add", "--barcode", "X1", "--title", "x",
                          "--call-number", "I/1", "--price", "cheap"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("[") and not CJK.search(err), err


def test_front_end_packages_import_no_private_names_and_not_each_other() -> None:
    """The verb modules use their package's public helpers (no ``_actor``/``_emit`` imported
    back from a parent); the hub's HTTP side and its CLI stand beside each other."""
    import ast

    root = Path(__file__).resolve().parents[1] / "xclib_desk"
    packages = {
        "cli": root / "cli",
        "hub.api": root / "hub" / "api",
        "hub.cli": root / "hub" / "cli",
    }
    for name, folder in packages.items():
        for path in folder.glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    private = [
                        a.name for a in node.names if a.name.startswith("_") and a.name[1] != "_"
                    ]
                    assert not private, f"{path.name} imports private {private}"
                    module = "." * node.level + (node.module or "")
                    other = "cli" if name == "hub.api" else "api" if name == "hub.cli" else None
                    if other and node.level == 2:
                        assert not module.startswith(f"..{other}"), f"{name}/{path.name}: {module}"
