"""`xclib-desk enrol / sync / sync-status / exceptions / resolve` against a real hub process."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from xclib_desk.cli import main
from xclib_desk.sync.tokens import FileTokenStore

if TYPE_CHECKING:
    from sync_fixtures import HubProc

pytest_plugins = ["sync_fixtures"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, out, err


def test_enrol_and_sync_from_the_command_line(
    hub: HubProc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sync_fixtures import point_code

    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")
    code = point_code()
    hub.add_point(code)
    d = str(tmp_path / "desk")
    assert (
        run(
            capsys,
            "--data-dir",
            d,
            "init",
            "--point",
            code,
            "--name",
            "测试点",
            "--level",
            "community",
        )[0]
        == 0
    )
    rc, _, err = run(capsys, "--data-dir", d, "sync", "--json")
    assert rc == 1 and "not_enrolled" in err
    rc, out, err = run(capsys, "--data-dir", d, "enrol", "--hub", hub.url, "--code", "WRONG123")
    assert rc == 1 and "bad_enrol_code" in err
    rc, out, _ = run(
        capsys, "--data-dir", d, "enrol", "--hub", hub.url, "--code", hub.enrol_code(code), "--json"
    )
    assert rc == 0 and out["result"]["point"] == code
    token = tmp_path / "desk" / "device.token"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600  # only the desk's user can read it
    rc, out, _ = run(capsys, "--data-dir", d, "sync", "--json")
    assert rc == 0 and out["ok"] and out["result"]["run"]["pushed"] >= 2
    assert out["result"]["status"]["pending"] == 0
    rc, out, _ = run(capsys, "--data-dir", d, "sync-status", "--json")
    assert rc == 0 and out["result"]["enrolled"] and out["result"]["protocol_ok"]
    rc, out, _ = run(capsys, "--data-dir", d, "exceptions", "--json")
    assert rc == 0 and out["result"] == []
    rc, _, err = run(capsys, "--data-dir", d, "resolve", "no-such-uid", "--resolution", "accept")
    assert rc == 1 and "bad_input" in err


def test_file_token_store_is_private(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    assert store.get() is None
    store.set("dev_secret")
    assert store.get() == "dev_secret"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.set("dev_other")  # replaced atomically, still private
    assert store.get() == "dev_other" and stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.clear()
    assert store.get() is None
