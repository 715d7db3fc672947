"""The resident desk: after the first verb, a verb runs in a fork of a process that loaded the
program once, and must answer exactly as a fresh process would: the same output, exit codes,
language, working directory and standard input; one event per operation; Ctrl-C, a killed
child or a killed resident process never running a verb twice nor showing a traceback.

Every run here is the installed ``xclib-desk`` in its own process, as a shell starts it, with
its own temporary folder (``TMPDIR``) so that its resident desk is this test's alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import Kit

from xclib_desk import resident
from xclib_desk.cli.common import common_options
from xclib_desk.desk import Desk

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(socket, "send_fds"),
    reason="the resident desk needs fork and descriptor passing (POSIX)",
)

EXE = Path(sys.executable).with_name("xclib-desk")
NOW = "2026-11-24 10:00"


class Shell:
    """Runs ``xclib-desk`` as a user's shell would, the resident desk switched on."""

    def __init__(self, data: Path, tmp: Path) -> None:
        self.data = data
        self.env = {k: v for k, v in os.environ.items() if k != resident.SWITCH}
        self.env.update(TMPDIR=str(tmp), XCLIB_LANG="zh", XCLIB_DESK_NOW=NOW)

    def start(self, *argv: str, **kw: Any) -> subprocess.Popen[str]:
        env = {**self.env, **kw.pop("env", {})}
        return subprocess.Popen(
            [str(EXE), "--data-dir", str(self.data), *argv],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **kw,
        )

    def run(self, *argv: str, stdin: str = "", **kw: Any) -> subprocess.CompletedProcess[str]:
        env = {**self.env, **kw.pop("env", {})}
        if "stdout" not in kw:
            kw["capture_output"] = True
        return subprocess.run(
            [str(EXE), "--data-dir", str(self.data), *argv],
            env=env,
            input=stdin,
            text=True,
            timeout=120,
            **kw,
        )

    def inventory(self) -> str:
        """A new inventory's uid, started by the administrator."""
        out = self.run("--json", "--staff", "admin", "inventory", "start")
        return str(json.loads(out.stdout)["result"]["uid"])

    def resident(self, control: str = "status") -> dict[str, Any]:
        out = subprocess.run(
            [str(EXE), resident.FLAG, control],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        answer: dict[str, Any] = json.loads(out.stdout)
        return answer

    def wait_resident(self) -> dict[str, Any]:
        """The resident desk once it serves (it loads the program in the background)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            answer = self.resident()
            if "pid" in answer:
                return answer
            time.sleep(0.1)
        raise AssertionError("no resident desk came up")

    def child_reading(self, parent: int, stdin: IO[str]) -> int:
        """The resident desk's child running the verb whose standard input is our ``stdin``,
        once it has read all we wrote there. Only then has it surely taken the verb (a child
        reads nothing before the caller's go), and it is not an earlier verb's child the
        resident desk has yet to reap: on a loaded machine either was taken for it, and a
        signal then reached a child that was not running the verb."""
        pipe = os.fstat(stdin.fileno()).st_ino
        children = Path(f"/proc/{parent}/task/{parent}/children")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for pid in children.read_text().split():
                with contextlib.suppress(OSError):  # (gone meanwhile)
                    if os.stat(f"/proc/{pid}/fd/0").st_ino == pipe and not unread(stdin):
                        return int(pid)
            time.sleep(0.05)
        raise AssertionError("no child took the verb")


def unread(stream: IO[str]) -> int:
    """Bytes written to a pipe and not yet read from its other end."""
    count = fcntl.ioctl(stream.fileno(), termios.FIONREAD, b"\0\0\0\0")
    return int(struct.unpack("i", count)[0])


@pytest.fixture()
def shell(kit: Kit, desk: Desk, tmp_path: Path) -> Iterator[Shell]:
    kit.reader(card_no="XC00000001")
    kit.items(3)
    desk.close()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    sh = Shell(desk.data_dir, tmp)
    yield sh
    answer = sh.resident()
    if "pid" in answer:
        os.kill(answer["pid"], signal.SIGKILL)


def rows(data: Path, table: str = "outbox_event") -> int:
    con = sqlite3.connect(data / "store.sqlite3")
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def fresh(sh: Shell, *argv: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The same verb in a fresh process, the resident desk switched off."""
    env = {resident.SWITCH: "0", **kw.pop("env", {})}
    return sh.run(*argv, env=env, **kw)


def test_a_verb_after_the_first_runs_resident_and_answers_as_a_fresh_process(
    shell: Shell, tmp_path: Path
) -> None:
    first = shell.run("--json", "status")
    assert first.returncode == 0
    served = shell.wait_resident()["served"]

    # the same answer, in a fork of the resident desk
    again = shell.run("--json", "status")
    assert (again.returncode, again.stdout) == (0, first.stdout)
    assert shell.resident()["served"] == served + 1

    # a refusal: exit 1, the same words on stderr, nothing changed
    before = rows(shell.data)
    refused = shell.run("checkout", "XC09999999", "X000000001")
    assert refused.returncode == 1
    assert refused.stderr == fresh(shell, "checkout", "XC09999999", "X000000001").stderr
    assert refused.stderr.startswith("[unknown_reader]") and "Traceback" not in refused.stderr
    assert rows(shell.data) == before

    # the caller's environment: its language, its clock
    english = shell.run("checkout", "XC09999999", "X000000001", env={"XCLIB_LANG": "en"})
    assert (
        english.stderr
        == fresh(shell, "checkout", "XC09999999", "X000000001", env={"XCLIB_LANG": "en"}).stderr
    )
    assert "reader" in english.stderr.lower() and english.stderr != refused.stderr

    # a usage error: exit 2 and argparse's words
    usage = shell.run("checkout", "XC00000001")
    assert usage.returncode == 2 and usage.stderr == fresh(shell, "checkout", "XC00000001").stderr

    # the caller's working directory: a relative path is the caller's
    here = tmp_path / "here"
    here.mkdir()
    kept = shell.run("backup", "--to", "copies", cwd=here)
    assert kept.returncode == 0, kept.stderr
    assert list((here / "copies").iterdir())
    assert shell.resident()["served"] == served + 5


def test_each_operation_is_one_event_whoever_runs_it(shell: Shell) -> None:
    shell.run("status")
    served = shell.wait_resident()["served"]
    before = rows(shell.data)
    out = shell.run("checkout", "XC00000001", "X000000001")
    assert out.returncode == 0, out.stderr
    assert "X000000001" in out.stdout
    assert shell.run("checkin", "X000000001").returncode == 0
    again = shell.run("checkin", "X000000001")
    assert again.returncode == 1  # not on loan any more: refused, not applied twice
    assert rows(shell.data) == before + 2
    assert shell.resident()["served"] == served + 3  # all three ran in the resident desk


def test_standard_input_is_the_callers(shell: Shell) -> None:
    shell.run("status")
    shell.wait_resident()
    uid = shell.inventory()
    served = shell.resident()["served"]
    scanned = shell.run("--staff", "admin", "inventory", "scan", uid, stdin="X000000001\n")
    assert scanned.returncode == 0, scanned.stderr
    assert "X000000001" in scanned.stdout
    assert rows(shell.data, "inventory_scan") == 1
    assert shell.resident()["served"] == served + 1  # read by the resident desk's child


def blocked_scan(shell: Shell, **kw: Any) -> tuple[subprocess.Popen[str], int]:
    """An inventory scan waiting for barcodes on its standard input, and its child's pid."""
    shell.run("status")
    parent = shell.wait_resident()["pid"]
    uid = shell.inventory()
    scan = shell.start("--staff", "admin", "inventory", "scan", uid, stdin=subprocess.PIPE, **kw)
    assert scan.stdin is not None
    scan.stdin.write("X000000001\n")
    scan.stdin.flush()
    return scan, shell.child_reading(parent, scan.stdin)


def test_ctrl_c_reaches_the_verb_and_keeps_nothing_half_done(shell: Shell) -> None:
    scan, _child = blocked_scan(shell)
    # another verb meanwhile is not held up by the one waiting for its input
    assert shell.run("status").returncode == 0
    time.sleep(0.3)  # let the child reach its read; a Ctrl-C before that ends it the same
    scan.send_signal(signal.SIGINT)
    # its input stays open until it ends: communicate() would close it at once, and on a loaded
    # machine the end of input could reach the verb before the Ctrl-C, which then finds the scan
    # made (a user's Ctrl-C does not close the scanner's input with it)
    scan.wait(timeout=60)
    _out, err = scan.communicate(timeout=60)
    assert scan.returncode == 130
    assert "Traceback" not in err
    assert rows(shell.data, "inventory_scan") == 0  # no scan kept


def test_a_child_killed_during_its_verb_is_reported_plainly_and_not_run_again(
    shell: Shell,
) -> None:
    scan, child = blocked_scan(shell)
    os.kill(child, signal.SIGKILL)
    _out, err = scan.communicate(timeout=60)
    assert scan.returncode == 3
    assert err.startswith("[resident_lost]") and "Traceback" not in err
    assert rows(shell.data, "inventory_scan") == 0  # the scan was not run again in the caller


def test_a_caller_killed_takes_its_verb_with_it(shell: Shell) -> None:
    scan, child = blocked_scan(shell)
    kill_caller(scan, child)
    assert rows(shell.data, "inventory_scan") == 0


def test_a_caller_killed_while_stopped_takes_its_stopped_verb_with_it(shell: Shell) -> None:
    """Ctrl-Z stops the caller and its child; ``kill -9`` of the caller then must not leave the
    child stopped for ever, holding the store."""
    # a job of its own, as a shell starts one: were the test run's own process group orphaned
    # (its launcher gone, as for a suite left running in the background), the kernel would
    # discard the Ctrl-Z, as it would for a fresh process
    scan, child = blocked_scan(shell, process_group=0)
    time.sleep(0.3)
    scan.send_signal(signal.SIGTSTP)
    assert until(lambda: _state(child) == "T")  # Ctrl-Z stopped the verb too
    kill_caller(scan, child)
    assert rows(shell.data, "inventory_scan") == 0


def kill_caller(scan: subprocess.Popen[str], child: int) -> None:
    """SIGKILL the caller, which cannot pass that on: its child must be gone soon after."""
    scan.kill()
    scan.wait(timeout=60)
    assert until(lambda: not Path(f"/proc/{child}").exists())


def until(done: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)
    return done()


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def test_a_signal_while_waiting_for_the_resident_desk_ends_the_caller(shell: Shell) -> None:
    """Terminated while it waits for an answer, the caller ends as a fresh one would: it does
    not go on to run the verb itself once it stops waiting."""
    shell.run("status")
    parent = shell.wait_resident()["pid"]
    os.kill(parent, signal.SIGSTOP)  # it answers nobody now
    try:
        waiting = shell.start("checkout", "XC00000001", "X000000001")
        time.sleep(0.5)
        waiting.send_signal(signal.SIGTERM)
        waiting.wait(timeout=60)
    finally:
        os.kill(parent, signal.SIGCONT)
    # its streams, handed over in the request, close once the resident desk drops it
    out, _err = waiting.communicate(timeout=60)
    assert waiting.returncode == -signal.SIGTERM
    assert "X000000001" not in out
    assert rows(shell.data, "loan") == 0


def test_a_signal_the_caller_ignores_stays_ignored(shell: Shell) -> None:
    """``nohup xclib-desk ...``: a hang-up leaves the verb running, as it would fresh."""
    scan, _child = blocked_scan(
        shell, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN)
    )
    time.sleep(0.3)
    scan.send_signal(signal.SIGHUP)
    _out, err = scan.communicate(timeout=60)  # the barcode given, its input closed
    assert scan.returncode == 0, err
    assert rows(shell.data, "inventory_scan") == 1


def test_output_that_cannot_be_written_fails_as_it_does_fresh(shell: Shell) -> None:
    shell.run("status")
    shell.wait_resident()
    with open("/dev/full", "w") as full:
        there = shell.run("status", stdout=full, stderr=subprocess.PIPE)
        here = fresh(shell, "status", stdout=full, stderr=subprocess.PIPE)
    assert (there.returncode, there.stderr) == (here.returncode, here.stderr)
    assert there.returncode == 1 and there.stderr.startswith("[disk_full]")


def test_a_reader_of_the_output_gone_ends_the_verb_quietly(shell: Shell) -> None:
    """``xclib-desk status | head -0``: no traceback, fresh or resident, the same exit."""
    shell.run("status")
    shell.wait_resident()
    codes = []
    for env in ({}, {resident.SWITCH: "0"}):
        read, write = os.pipe()
        os.close(read)  # the reader has gone before the verb writes
        try:
            out = shell.run("--json", "status", stdout=write, stderr=subprocess.PIPE, env=env)
        finally:
            os.close(write)
        assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr
        codes.append(out.returncode)
    assert codes == [1, 1]


def test_the_first_verbs_folder_is_not_on_the_resident_desks_path(
    shell: Shell, tmp_path: Path
) -> None:
    """A module planted where the first verb ran (``/tmp``, a download folder) is never
    imported by a later verb's child."""
    planted = tmp_path / "downloads"
    planted.mkdir()
    mark = tmp_path / "planted-ran"
    (planted / "openpyxl.py").write_text(f"open({str(mark)!r}, 'w').close()\nraise ImportError\n")
    shell.run("status", cwd=planted)
    shell.wait_resident()
    out = shell.run(
        "--staff",
        "admin",
        "inventory",
        "report",
        shell.inventory(),
        "--export",
        "r.xlsx",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "r.xlsx").exists() and not mark.exists()


def test_a_killed_resident_desk_is_replaced_and_the_verb_runs_anyway(shell: Shell) -> None:
    shell.run("status")
    old = shell.wait_resident()["pid"]
    os.kill(old, signal.SIGKILL)
    time.sleep(0.2)
    out = shell.run("--json", "status")  # its socket is left behind, nobody answers
    assert out.returncode == 0 and json.loads(out.stdout)["ok"]
    new = shell.wait_resident()
    assert new["pid"] != old and new["served"] == 0


def test_a_resident_desk_sees_a_loaded_file_changed_or_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "loaded_here.py"
    module.write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("loaded_here")
    try:
        loaded = resident._loaded_files()
        assert not resident._changed(loaded)
        mtime = module.stat().st_mtime_ns
        os.utime(module, ns=(0, mtime + 1_000_000_000))
        assert resident._changed(loaded)
        # replaced by another file with the same time (a reproducible install): seen too
        loaded = resident._loaded_files()
        new = tmp_path / "new.py"
        new.write_text("VALUE = 2\n")
        os.utime(new, ns=(0, module.stat().st_mtime_ns))
        os.replace(new, module)
        assert resident._changed(loaded)
    finally:
        sys.modules.pop("loaded_here", None)


def test_a_socket_folder_others_may_open_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = tmp_path / f"xclib-desk-{os.getuid()}"
    assert resident.socket_path() is not None
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    assert resident.socket_path() is None
    assert resident.run_there(["status"]) is None  # the verb runs in the caller


def test_the_caller_loads_neither_the_store_nor_the_protocol(shell: Shell) -> None:
    shell.run("status")
    shell.wait_resident()
    probe = (
        "import sys\n"
        "from xclib_desk import launch\n"
        "code = launch.desk(sys.argv[1:])\n"
        "heavy = [m for m in ('sqlalchemy', 'pydantic', 'xclib_desk.cli', 'xclib_desk.desk')"
        " if m in sys.modules]\n"
        "print('LOADED', heavy)\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(shell.data), "status"],
        env=shell.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "point:" in out.stdout  # the verb's answer, from the resident desk
    assert "LOADED []" in out.stdout


def test_the_window_and_no_verb_stay_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(resident.SWITCH, raising=False)
    takes_value = {
        name
        for action in common_options()._actions
        if action.nargs != 0
        for name in action.option_strings
    }
    assert takes_value == resident.VALUE_OPTIONS
    assert resident.named_verb(["--data-dir", "status", "--json", "loans", "XC1"]) == "loans"
    assert resident.named_verb(["--data-dir=d", "--lang", "en", "checkin", "X1"]) == "checkin"
    assert resident.named_verb(["--data", "gui", "status"]) == "status"  # argparse's abbreviation
    assert resident.wanted(["--data-dir", "d", "--json", "status"])
    in_caller = (
        ["--data-dir", "d"],
        ["--data", "/d", "gui"],
        ["gui"],
        ["--now", "2026-12-06", "demo"],
        ["sip2", "serve", "--with-app"],  # a server, and its window
        [],
    )
    for argv in in_caller:
        assert not resident.wanted(argv)
    monkeypatch.setenv(resident.SWITCH, "off")
    assert not resident.wanted(["status"])
