"""Backups, restore and upgrades: the store survives crashes, bad files and bad releases."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from xclib_desk import backup as bk
from xclib_desk import store_schema
from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.services import circulation, holdings, readers, status
from xclib_desk.services.context import Actor

LIB = Actor("lib", "librarian")
T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
IDS = ["11010519491231002X", "110105198001010016", "110105198001010032"]


def make_point(tmp: Path, code: str = "XC-DSX", items: int = 30) -> Desk:
    desk = Desk.initialise(
        tmp, point_code=code, point_name="测试服务点", level="street", clock=FixedClock(T0)
    )
    t = desk.write(holdings.add_title, LIB, title="平凡的世界", clc="I247.57")
    for n in range(1, items + 1):
        desk.write(
            holdings.add_item, LIB, barcode=f"X{n:09d}", title_ref=t.uid, call_number="I247.57/L712"
        )
    for n, id_number in enumerate(IDS, 1):
        desk.write(
            readers.register,
            LIB,
            card_no=f"XC{n:08d}",
            name=f"读者{n}",
            reader_type="senior",
            id_number=id_number,
        )
    return desk


def consistent(path: Path) -> dict[str, int]:
    """The invariants a legal record must satisfy, checked on a raw copy with sqlite3."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seqs = [r[0] for r in con.execute("SELECT seq FROM outbox_event ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))
        assert con.execute("SELECT next_seq FROM store_meta").fetchone()[0] == len(seqs) + 1
        loans = con.execute("SELECT count(*) FROM loan").fetchone()[0]
        outs = con.execute(
            "SELECT count(*) FROM outbox_event WHERE type='loan.checked_out'"
        ).fetchone()[0]
        assert loans == outs
        mismatched = con.execute(
            "SELECT count(*) FROM item i WHERE (i.status='on_loan') != EXISTS "
            "(SELECT 1 FROM loan l WHERE l.item_id=i.id AND l.returned_at IS NULL)"
        ).fetchone()[0]
        assert mismatched == 0
        unaudited = con.execute(
            "SELECT count(*) FROM outbox_event e WHERE NOT EXISTS "
            "(SELECT 1 FROM audit_log a WHERE a.event_seq = e.seq)"
        ).fetchone()[0]
        assert unaudited == 0
        return {"events": len(seqs), "loans": loans}
    finally:
        con.close()


def test_backup_during_a_stream_of_checkouts_is_consistent(tmp_path: Path) -> None:
    desk = make_point(tmp_path / "p", items=60)
    stop = threading.Event()
    lent: list[str] = []

    def lend() -> None:
        for n in range(1, 61):
            if stop.is_set():
                break
            card = f"XC{(n % 3) + 1:08d}"
            desk.write(circulation.check_out, LIB, card, f"X{n:09d}")
            lent.append(card)

    worker = threading.Thread(target=lend)
    worker.start()
    copies = []
    while worker.is_alive() and len(copies) < 40:
        copies.append(
            bk.backup(
                tmp_path / "p",
                tmp_path / "b",
                label=f"n{len(copies)}",
                now=T0 + timedelta(seconds=len(copies)),
            )
        )
    worker.join()
    copies.append(bk.backup(tmp_path / "p", tmp_path / "b", label="last"))
    seen = [consistent(c.path) for c in copies]
    assert seen[-1]["loans"] == len(lent) == 60
    assert [s["loans"] for s in seen] == sorted(s["loans"] for s in seen)  # snapshots in order
    desk.close()


def test_daily_backup_rotates(tmp_path: Path) -> None:
    make_point(tmp_path / "p", items=1).close()
    for day in range(5):
        info = bk.auto_backup(tmp_path / "p", keep=3, now=T0 + timedelta(days=day))
        assert info is not None
        assert bk.auto_backup(tmp_path / "p", keep=3, now=T0 + timedelta(days=day, hours=1)) is None
    kept = sorted(p.name for p in (tmp_path / "p" / "backups").glob("*-daily.sqlite3"))
    assert len(kept) == 3 and "20261128" in kept[-1] and "20261126" in kept[0]


@pytest.mark.parametrize("kind", ["truncated", "not_sqlite", "other_schema", "other_point"])
def test_restore_refuses_corrupt_or_foreign_files(tmp_path: Path, kind: str) -> None:
    desk = make_point(tmp_path / "p", items=2)
    desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
    good = bk.backup(tmp_path / "p", tmp_path / "b")
    bad = tmp_path / "bad.sqlite3"
    if kind == "truncated":
        data = good.path.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif kind == "not_sqlite":
        bad.write_bytes("这不是数据库".encode() * 100)
    elif kind == "other_schema":
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE loans (id INTEGER)")
        con.commit()
        con.close()
    else:
        other = make_point(tmp_path / "o", code="XC-OTHER", items=1)
        other.close()
        bad = bk.backup(tmp_path / "o", tmp_path / "ob").path
    before = desk.read(status.status)
    store_bytes = (tmp_path / "p" / "store.sqlite3").stat().st_size
    with pytest.raises(DeskError) as err:
        bk.restore(tmp_path / "p", bad)
    assert err.value.code == ("backup_foreign" if kind == "other_point" else "backup_invalid")
    assert not (tmp_path / "p" / bk.ASIDE_DIR).exists()
    assert (tmp_path / "p" / "store.sqlite3").stat().st_size == store_bytes
    assert desk.read(status.status) == before
    desk.close()


def test_restore_older_backup_keeps_queue_and_never_reuses_a_sequence(tmp_path: Path) -> None:
    desk = make_point(tmp_path / "p", items=3)
    desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
    old = bk.backup(tmp_path / "p", tmp_path / "b")
    desk.write(circulation.check_out, LIB, "XC00000002", "X000000002")  # after the backup
    next_before = old.next_seq + 1
    desk.close()

    report = bk.restore(tmp_path / "p", old.path)
    assert report.set_aside is not None and report.set_aside.exists()
    assert report.next_seq == next_before and not report.seq_jumped
    desk = Desk.open(tmp_path / "p", FixedClock(T0))
    st = desk.read(status.status)
    assert st.events_pending == old.pending_events == old.events  # nothing lost from the queue
    assert st.open_loans == 1
    desk.write(circulation.check_out, LIB, "XC00000003", "X000000003")
    con = sqlite3.connect(tmp_path / "p" / "store.sqlite3")
    seqs = {r[0] for r in con.execute("SELECT seq FROM outbox_event")}
    con.close()
    # the lost event's number (maybe already at the hub) is never given to a different event
    assert old.next_seq not in seqs and max(seqs) == next_before
    desk.close()


def test_restore_over_an_unreadable_store_jumps_the_sequence(tmp_path: Path) -> None:
    desk = make_point(tmp_path / "p", items=1)
    old = bk.backup(tmp_path / "p", tmp_path / "b")
    desk.close()
    (tmp_path / "p" / "store.sqlite3").write_bytes(b"\0" * 4096)
    report = bk.restore(tmp_path / "p", old.path)
    assert report.seq_jumped and report.next_seq == old.next_seq + bk.SEQ_JUMP
    Desk.open(tmp_path / "p", FixedClock(T0)).close()


def test_corrupt_store_is_set_aside_and_latest_backup_offered(tmp_path: Path) -> None:
    desk = make_point(tmp_path / "p", items=1)
    good = bk.auto_backup(tmp_path / "p", now=T0)
    assert good is not None
    desk.close()
    path = tmp_path / "p" / "store.sqlite3"
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # smash two pages
    path.write_bytes(bytes(data))
    with pytest.raises(DeskError) as err:
        Desk.open(tmp_path / "p", FixedClock(T0))
    assert err.value.code == "store_corrupt_set_aside"
    assert err.value.params["backup"] == str(good.path)
    assert not path.exists() and Path(err.value.params["aside"]).exists()
    bk.restore(tmp_path / "p", good.path)
    assert Desk.open(tmp_path / "p", FixedClock(T0)).read(status.status).items == 1


def test_failed_upgrade_puts_the_pre_upgrade_backup_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_point(tmp_path / "p", items=2)
    desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
    desk.close()
    head = store_schema.head_revision()
    broken = tmp_path / "migrations"
    shutil.copytree(store_schema.MIGRATIONS, broken)
    (broken / "versions" / "9999_broken.py").write_text(
        f"""
from alembic import op
revision = "9999"
down_revision = {head!r}
branch_labels = None
depends_on = None
def upgrade():
    op.execute("CREATE TABLE half_done (id INTEGER)")
    op.execute("DELETE FROM loan")
    raise RuntimeError("bad release")
def downgrade():
    pass
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(store_schema, "MIGRATIONS", broken)
    with pytest.raises(DeskError) as err:
        Desk.open(tmp_path / "p", FixedClock(T0))
    assert err.value.code == "upgrade_failed"
    assert Path(err.value.params["backup"]).exists()
    monkeypatch.undo()
    desk = Desk.open(tmp_path / "p", FixedClock(T0))
    assert desk.read(status.status).open_loans == 1  # the loan survived the bad release
    con = sqlite3.connect(tmp_path / "p" / "store.sqlite3")
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    assert "half_done" not in tables
    desk.close()


def test_the_daily_check_keeps_a_running_desks_locks_and_wal(tmp_path: Path) -> None:
    """The app runs with the store open while its daily check reads the store: the check must
    not drop the app's SQLite locks (a plain ``open()``/``close()`` of the file does, on POSIX),
    or the next process to close the store takes itself for the last one and deletes the WAL
    the app is still writing into. A second process (the CLI) must see every committed change
    while the app keeps running."""
    data = tmp_path / "point"
    desk = make_point(data, items=3)
    try:
        desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
        bk.check_store(data / "store.sqlite3")  # the start-up check, in the app's process
        bk.auto_backup(data, now=T0)  # and the daily backup's own check
        # another process opens the store and closes it again
        cli = [
            sys.executable,
            "-m",
            "xclib_desk.cli",
            "--data-dir",
            str(data),
            "loans",
            "XC00000001",
            "--json",
        ]
        first = subprocess.run(cli, capture_output=True, text=True, timeout=120, check=True)
        assert json.loads(first.stdout)["result"][0]["barcode"] == "X000000001"
        assert (data / "store.sqlite3-wal").exists()  # still the app's, still in use
        desk.write(circulation.check_in, LIB, "X000000001")  # the app goes on writing
        again = subprocess.run(cli, capture_output=True, text=True, timeout=120, check=True)
        assert json.loads(again.stdout)["result"] == []  # the CLI sees the return
    finally:
        desk.close()
    consistent(data / "store.sqlite3")


def test_a_second_process_lends_and_backs_up_while_the_app_runs(tmp_path: Path) -> None:
    """Supported: while the app holds the store open and keeps lending, the CLI in another
    process lends too and takes a backup. Both writers' loans are kept, the backup is a
    consistent store, and the app still sees the CLI's loan."""
    data = tmp_path / "point"
    desk = make_point(data, items=4)
    try:
        desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")  # the app lends

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "xclib_desk.cli", "--data-dir", str(data), "--json", *args],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip

        lent = cli("checkout", "XC00000002", "X000000002")
        assert lent.returncode == 0, lent.stdout + lent.stderr
        desk.write(circulation.check_out, LIB, "XC00000001", "X000000003")  # the app goes on
        backed = cli("backup", "--to", str(tmp_path / "copy"))
        assert backed.returncode == 0, backed.stdout + backed.stderr
        assert "Traceback" not in backed.stderr
        loans = desk.read(circulation.reader_loans, LIB, "XC00000002")
        assert [ln.barcode for ln in loans] == ["X000000002"]  # the app sees the CLI's loan
        assert (data / "store.sqlite3-wal").exists()
    finally:
        desk.close()
    counts = consistent(data / "store.sqlite3")
    [copy] = (tmp_path / "copy").glob("*.sqlite3")
    assert consistent(copy)["loans"] >= 2
    assert counts["loans"] == 3
