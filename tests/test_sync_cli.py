"""`xclib-desk enrol / sync / sync-status / exceptions / resolve` against a real hub process."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from xclib_desk.cli import main
from xclib_desk.sync.tokens import TOKEN_FILE, FileTokenStore, default_store, keyring_usable

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


class MemoryKeyring(KeyringBackend):
    """The OS keyring (the edge of the world): in memory, counting what it is asked."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.asked = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.asked += 1
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def test_a_token_in_its_file_is_found_there_after_a_keyring_appears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enrolled where no keyring worked, the desk keeps its token in its file; a keyring set
    up later is not asked (the desk would think itself not enrolled). A desk enrolled where
    the keyring works keeps the token there, and writes no file."""
    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")
    default_store(tmp_path, "dev-1").set("token-in-file")
    monkeypatch.delenv("XCLIB_DESK_NO_KEYRING")
    ring, before = MemoryKeyring(), keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        assert keyring_usable()
        assert default_store(tmp_path, "dev-1").get() == "token-in-file"
        assert ring.asked == 0
        other = tmp_path / "other"
        other.mkdir()
        default_store(other, "dev-2").set("token-in-ring")
        assert not (other / TOKEN_FILE).exists()
        assert default_store(other, "dev-2").get() == "token-in-ring"
        default_store(tmp_path, "dev-1").clear()  # re-enrolment starts from nothing
        assert default_store(tmp_path, "dev-1").get() is None
    finally:
        keyring.set_keyring(before)


def test_offline_sync_is_a_plain_refusal_in_the_users_language(
    hub: HubProc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hub unreachable: ``hub_unreachable``, exit 1, a plain message (no connection error
    dump), in English with --lang en; enrol answers in one language."""
    from sync_fixtures import free_port, point_code

    from xclib_desk.desk import Desk
    from xclib_desk.sync.engine import SyncEngine

    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")
    code = point_code()
    hub.add_point(code)
    d = str(tmp_path / "desk")
    init = ["--data-dir", d, "--lang", "en", "init", "--point", code, "--name", "测试点"]
    rc, out, _ = run(capsys, *init, "--level", "community")
    assert rc == 0 and out.strip() == f"point {code} initialised"
    enrol = ["--data-dir", d, "--lang", "en", "enrol", "--hub", hub.url]
    rc, out, _ = run(capsys, *enrol, "--code", hub.enrol_code(code))
    assert rc == 0 and out.startswith("enrolled with the hub:") and "已" not in out
    dead = f"http://127.0.0.1:{free_port()}"
    desk = Desk.open(Path(d))
    try:
        SyncEngine(desk).set_hub_url(dead)
    finally:
        desk.close()

    rc, out, err = run(capsys, "--data-dir", d, "sync", "--json")
    assert rc == 1 and out["ok"] is False
    assert out["error"]["code"] == "hub_unreachable"
    message = out["error"]["message"]
    assert dead in message and "无法连接" in message
    assert "Connection" not in message and "Errno" not in message and "Traceback" not in err
    assert err.strip().startswith("[hub_unreachable] ")

    rc, out, err = run(capsys, "--data-dir", d, "--lang", "en", "sync")
    last = err.strip().splitlines()[-1]  # after the progress lines
    assert rc == 1 and last.startswith("[hub_unreachable] Cannot reach the hub at " + dead)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in err) and "Retry" not in err
    rc, out, err = run(capsys, "--data-dir", d, "fetch-item", "X000000001", "--json")
    assert rc == 1 and out["error"]["code"] == "hub_unreachable"
