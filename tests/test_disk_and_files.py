"""The desk on a real machine: a full disk is not a damaged store, files stay private, and the
hub is reached over https.

The full disk is real: a 4 MB tmpfs mounted for the test (root only; skipped elsewhere) and
filled to the last byte, so SQLite meets ENOSPC exactly where it would on a point's old PC.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from disk_fixtures import fill, free, small_disk  # noqa: F401 - fixtures

from xclib_desk.cli import main
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.sync.address import check_hub_url, in_clear

CARD, ITEM, ITEM2 = "XC00000001", "X000000001", "X000000002"
ISBN13 = "9787020002207"
POSIX = os.name == "posix"
ID = ("--id-number", "11010519491231002X")


def run(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), "--lang", "zh", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def build_store(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    staff = ["staff", "add", "--name", "管理员", "--code", "admin", "--role", "admin"]
    item = ["--staff", "admin", "item", "add", "--title", ISBN13, "--call-number", "I242.47/C173"]
    for argv in (
        ["init", "--point", "XC-DSX", "--name", "德胜街道分馆", "--level", "street"],
        [*staff, "--password", "admin1234"],
        ["--staff", "admin", "title", "add", "--title", "红楼梦", "--isbn", ISBN13],
        [*item, "--barcode", ITEM],
        [*item, "--barcode", ITEM2],
        ["reader", "add", "--card", CARD, "--name", "张三", "--type", "adult", *ID],
        ["checkout", CARD, ITEM],
    ):
        code, _, err = run(capsys, data, *argv)
        assert code == 0, (argv, err)


def loans_of(capsys: pytest.CaptureFixture[str], data: Path) -> list[str]:
    code = main(["--data-dir", str(data), "--json", "loans", CARD])
    out = capsys.readouterr().out
    assert code == 0, out
    return [row["barcode"] for row in json.loads(out)["result"]]


def assert_disk_full(code: int, out: str, err: str) -> None:
    assert code == 1
    assert "[disk_full]" in err and "磁盘已满" in err and "数据完好" in err
    assert "Traceback" not in out + err and "损坏" not in err


def test_checkout_on_a_full_disk_is_refused_and_the_store_stays(
    small_disk: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = small_disk / "point"
    build_store(data, capsys)
    fill(small_disk)

    assert_disk_full(*run(capsys, data, "checkout", CARD, ITEM2))
    assert not (data / "set-aside").exists()  # nothing taken for corruption
    assert (data / "store.sqlite3").stat().st_size > 0

    free(small_disk)
    code, out, _ = run(capsys, data, "status")
    assert code == 0 and "XC-DSX" in out
    assert loans_of(capsys, data) == [ITEM]  # the point's loans are all there
    assert run(capsys, data, "checkout", CARD, ITEM2)[0] == 0
    assert sorted(loans_of(capsys, data)) == [ITEM, ITEM2]


def test_with_the_wal_open_check_out_and_check_in_say_disk_full(
    small_disk: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = small_disk / "point"
    build_store(data, capsys)
    # another process's connection (the app) keeps the store's -wal and -shm in place
    holder = sqlite3.connect(data / "store.sqlite3")
    holder.execute("SELECT count(*) FROM loan").fetchall()
    try:
        assert (data / "store.sqlite3-wal").exists()
        fill(small_disk)
        assert_disk_full(*run(capsys, data, "checkout", CARD, ITEM2))
        assert_disk_full(*run(capsys, data, "checkin", ITEM))
        code, _, err = run(capsys, data, "backup")
        assert_disk_full(code, "", err)
        assert list((data / "backups").glob("*.part")) == []  # no partial backup left
        free(small_disk)
        assert loans_of(capsys, data) == [ITEM]  # nothing half done
        assert run(capsys, data, "checkin", ITEM)[0] == 0
        assert loans_of(capsys, data) == []
    finally:
        holder.close()


def test_a_backup_to_a_full_disk_leaves_no_partial_file(
    small_disk: Path,  # noqa: F811 - the fixture
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "point"  # the store on a roomy disk, the backup onto the full one
    build_store(data, capsys)
    target = small_disk / "usb"
    target.mkdir()
    fill(small_disk)
    code, out, err = run(capsys, data, "backup", "--to", str(target))
    assert_disk_full(code, out, err)
    assert list(target.iterdir()) == []
    free(small_disk)
    assert run(capsys, data, "backup", "--to", str(target))[0] == 0
    assert [p.suffix for p in target.iterdir()] == [".sqlite3"]


def test_opening_on_a_full_disk_sets_nothing_aside(
    small_disk: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The reported case: no -wal yet, so merely opening the store needs a little space."""
    data = small_disk / "point"
    build_store(data, capsys)
    for suffix in ("-wal", "-shm"):
        assert not (data / f"store.sqlite3{suffix}").exists()
    fill(small_disk)
    with pytest.raises(DeskError) as refused:
        Desk.open(data)
    assert refused.value.code == "disk_full"
    assert sorted(p.name for p in data.iterdir() if p.is_dir()) == []
    free(small_disk)
    Desk.open(data).close()


def test_a_restore_that_meets_a_full_disk_puts_the_store_back(
    small_disk: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = small_disk / "point"
    build_store(data, capsys)
    assert run(capsys, data, "backup")[0] == 0
    (backup,) = (data / "backups").glob("xclib-*.sqlite3")
    assert run(capsys, data, "checkout", CARD, ITEM2)[0] == 0  # newer than the backup
    fill(small_disk)
    code, out, err = run(capsys, data, "restore", str(backup))
    assert_disk_full(code, out, err)
    free(small_disk)
    assert sorted(loans_of(capsys, data)) == [ITEM, ITEM2]  # the store as it was, in place
    assert list((data / "set-aside").iterdir()) == []


# --- failures that are not the disk's ------------------------------------------------------


def test_bad_numbers_and_unusable_paths_are_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "point"
    build_store(data, capsys)
    for price in ("1e308", "inf", "nan", "-1", "abc"):
        code, _, err = run(
            capsys,
            data,
            *("--staff", "admin", "item", "add", "--barcode", "X000000009", "--title", ISBN13),
            *("--call-number", "I242.47/C173", "--price", price),
        )
        assert code == 1 and "[bad_input]" in err and "价格" in err, (price, err)
    code, _, err = run(capsys, data, "backup", "--to", "/proc/sys")
    assert code == 1 and "[path_unusable]" in err and "Traceback" not in err
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, data, "backup", "--to", str(tmp_path / "file"))
    assert code == 1 and "不是目录" in err


def test_an_unexpected_failure_exits_3_with_a_log_for_support(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "point"
    build_store(data, capsys)
    from xclib_desk.cli import store as store_verbs

    def broken(*_a: object) -> int:
        raise RuntimeError("a bug nobody planned for")

    monkeypatch.setattr(store_verbs, "cmd_status", broken)
    code, out, err = run(capsys, data, "status")
    assert code == 3 and "[internal_error]" in err and "Traceback" not in out + err
    log = data / "logs" / "errors.log"
    assert str(log) in err
    assert "RuntimeError: a bug nobody planned for" in log.read_text(encoding="utf-8")
    if POSIX:
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


# --- private files ---------------------------------------------------------------------------


def modes(data: Path) -> dict[str, int]:
    return {
        str(p.relative_to(data)): stat.S_IMODE(p.stat().st_mode) for p in [data, *data.rglob("*")]
    }


@pytest.mark.skipif(not POSIX, reason="Windows: the data folder is in the user's own profile")
def test_files_are_private_after_init_backup_and_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "point"
    old_umask = os.umask(0o022)  # a usual desktop session
    try:
        build_store(data, capsys)
        assert run(capsys, data, "backup")[0] == 0
        found = modes(data)
        assert found["."] == 0o700
        assert found["store.sqlite3"] == 0o600 and found["secret.key"] == 0o600
        assert found["backups"] == 0o700
        backups = [k for k in found if k.startswith("backups/")]
        assert backups and all(found[k] == 0o600 for k in backups)
        # a data folder from before this rule: world-readable everything
        for p in [data, *data.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        # and something that is not the desk's, in a --data-dir someone pointed elsewhere
        (data / "tools").mkdir(mode=0o755)
        (data / "tools" / "run.sh").write_text("#!/bin/sh\n")
        (data / "tools" / "run.sh").chmod(0o755)
        assert run(capsys, data, "status")[0] == 0
        found = modes(data)
        assert found["tools"] == 0o755 and found["tools/run.sh"] == 0o755  # left alone
        loose = {
            k: oct(v)
            for k, v in found.items()
            if not k.startswith("tools") and v != (0o700 if (data / k).is_dir() else 0o600)
        }
        assert loose == {}
    finally:
        os.umask(old_umask)


@pytest.mark.skipif(not POSIX, reason="Windows: the data folder is in the user's own profile")
def test_the_live_stores_wal_and_shm_are_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "point"
    old_umask = os.umask(0o022)
    try:
        build_store(data, capsys)
        desk = Desk.open(data)  # an open store has its -wal and -shm
        try:
            for suffix in ("", "-wal", "-shm"):
                part = data / f"store.sqlite3{suffix}"
                assert stat.S_IMODE(part.stat().st_mode) == 0o600, part
        finally:
            desk.close()
    finally:
        os.umask(old_umask)


# --- the hub's address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://hub.xclib.example",
        "https://hub.xclib.example:8443/",
        "http://127.0.0.1:8765",
        "http://127.8.9.10",
        "http://[::1]:8000",
        "http://localhost:9000/",
        "HTTPS://Hub.Example",
    ],
)
def test_https_and_loopback_hub_addresses_are_accepted(url: str) -> None:
    assert check_hub_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://hub.xclib.example", "hub_url_insecure"),
        ("http://10.0.0.5:8000", "hub_url_insecure"),
        ("http://localhost.evil.example", "hub_url_insecure"),
        ("http://[::2]:80", "hub_url_insecure"),
        ("ftp://hub.example", "hub_url_invalid"),
        ("hub.example", "hub_url_invalid"),
        ("https://", "hub_url_invalid"),
        ("https://hub.example:99999", "hub_url_invalid"),
        ("https://[::1", "hub_url_invalid"),
        ("https://user:pw@hub.example", "hub_url_invalid"),
        ("https://hub.example/?token=1", "hub_url_invalid"),
        ("https://hub example", "hub_url_invalid"),
    ],
)
def test_other_hub_addresses_are_refused(url: str, code: str) -> None:
    with pytest.raises(DeskError) as refused:
        check_hub_url(url)
    assert refused.value.code == code
    assert refused.value.message("zh") != refused.value.message("en")


def test_insecure_is_a_choice_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HTTP_PROXY", "http_proxy"):  # the request meets a closed port at once
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert check_hub_url("http://10.0.0.5:1", allow_insecure=True) == "http://10.0.0.5:1"
    assert in_clear("http://10.0.0.5:1") and not in_clear("http://127.0.0.1:1")
    data = tmp_path / "point"
    build_store(data, capsys)
    code, _, err = run(capsys, data, "enrol", "--hub", "http://10.0.0.5:8000", "--code", "abcd")
    assert code == 1 and "[hub_url_insecure]" in err and "--insecure" in err
    # with --insecure the desk goes on (to a closed port here) after saying it in words
    code, _, err = run(
        capsys, data, "enrol", "--hub", "http://192.0.2.1:9", "--code", "abcd", "--insecure"
    )
    assert "警告" in err and "明文" in err
    assert code == 1 and "Traceback" not in err


def test_errno_the_classifier_knows_reads_in_both_languages() -> None:
    from xclib_desk.errors import failure

    for number in (errno.ENOSPC, errno.EACCES, errno.ENOTDIR, errno.EROFS):
        refusal = failure(OSError(number, os.strerror(number), "/x/y"), "/x")
        assert refusal is not None
        assert refusal.message("zh") != refusal.message("en")
    assert failure(ValueError("a bug"), "/x") is None
    assert failure(ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "/x") is None
