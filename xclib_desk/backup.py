"""Backups that never lose a loan: online copies, daily rotation, verified restore.

A backup is a standalone SQLite file made with SQLite's online backup API in one step, i.e. from
one read snapshot: consistent while the desk keeps lending. Restore refuses anything that is not
a healthy store of this point, sets the current store aside (never deletes it), and moves the
device's event sequence past every number the replaced store, or any store set aside earlier,
may already have sent, so the hub's (device, seq) ledger never sees one number for two different
events (the hub's highest number, asked at each sync, covers a store lost for good). Events that
were in the backup and already reached the hub come back from it as ``duplicate``; events only
the backup had are still queued and get sent. The resident-ID hash key (``secret.key``) is not in
any backup: keep a copy of it with the point's papers, or the same ID numbers will hash
differently.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import DeskError, failure
from .store_schema import known_revision

STORE_FILE = "store.sqlite3"
BACKUP_DIR = "backups"
ASIDE_DIR = "set-aside"
DAILY_KEEP = 14
# When the replaced store cannot be read, new events start this far past the backup's sequence.
SEQ_JUMP = 1_000_000
#: the audit action of a restore (the sync engine checks the sequence against the hub after one)
RESTORED = "store.restored"
#: readers' personal data: only the desk's OS user may read the folder and its files (on
#: Windows the data folder sits in the user's own profile, which is private already)
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    point_code: str
    device_id: str
    revision: str
    taken_at: datetime
    events: int
    pending_events: int
    next_seq: int


@dataclass(frozen=True)
class RestoreReport:
    restored: BackupInfo
    set_aside: Path | None
    next_seq: int
    seq_jumped: bool


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


#: what the desk keeps in its data directory: only these are made private (a data directory
#: given on the command line might be a folder with other things in it)
OWN_FILES = ("store.sqlite3*", "secret.key", "*.token", "*.tmp")
OWN_DIRS = (BACKUP_DIR, ASIDE_DIR, "logs")


def make_private(data_dir: Path) -> None:
    """Data folder 0700, the desk's files in it 0600: a store created before this rule, or
    copied in with looser modes, is tightened when it is opened."""
    if os.name == "nt" or not data_dir.is_dir():
        return
    found: list[tuple[Path, int]] = [(data_dir, PRIVATE_DIR)]
    found += [(p, PRIVATE_FILE) for pattern in OWN_FILES for p in data_dir.glob(pattern)]
    for name in OWN_DIRS:
        top = data_dir / name
        if top.is_dir() and not top.is_symlink():
            found.append((top, PRIVATE_DIR))
            found += [(p, PRIVATE_DIR if p.is_dir() else PRIVATE_FILE) for p in top.rglob("*")]
    for path, mode in found:
        if not path.is_symlink() and path.stat().st_mode & 0o777 != mode:
            _chmod(path, mode)


def _chmod(path: Path, mode: int) -> None:
    """Tighten a mode where we may; a store we may use but not chmod (another account's
    folder, a read-only mount) still opens: privacy there is its owner's setting."""
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def private_dir(path: Path) -> None:
    """A folder of the data directory (backups, set-aside stores), readable by us only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if os.name != "nt":
        _chmod(path, PRIVATE_DIR)


def private_file(path: Path) -> None:
    """An empty new file readable by us only; SQLite keeps the mode (its -wal, -shm and
    -journal files copy the store's), so nothing it writes is ever world-readable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.close(fd)


def copy_store(src: Path, dest: Path) -> None:
    """Online backup into ``dest`` atomically (temp file, fsync, rename), readable by us only.

    On any failure (a full disk, a folder we may not write) the partial ``.part`` file is
    removed and the refusal says why in words; ``dest`` is untouched."""
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        private_file(tmp)
        source = _connect_ro(src)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)  # pages=-1: a single step, one consistent snapshot
                target.execute("PRAGMA journal_mode=DELETE")  # self-contained, no -wal needed
                target.commit()
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException as e:
        for part in (tmp, tmp.with_name(tmp.name + "-journal")):
            part.unlink(missing_ok=True)
        if isinstance(e, OSError) and e.filename == str(tmp):  # name the folder, not our file
            e = OSError(e.errno, e.strerror, str(dest.parent))
        refusal = failure(e, dest)
        if refusal is not None and refusal is not e:
            raise refusal from None
        raise


def backup(
    data_dir: Path,
    to_dir: Path | None = None,
    *,
    label: str = "manual",
    now: datetime | None = None,
) -> BackupInfo:
    store = data_dir / STORE_FILE
    if not store.exists():
        raise DeskError("store_not_initialised", path=str(data_dir))
    when = now or datetime.now(UTC)
    point = inspect(store, check_integrity=False).point_code
    folder = to_dir or data_dir / BACKUP_DIR
    if to_dir is None:
        try:
            private_dir(folder)
        except OSError as e:
            raise (failure(e, folder) or e) from None
    dest = folder / f"xclib-{point}-{_stamp(when)}-{label}.sqlite3"
    copy_store(store, dest)
    return inspect(dest)


def auto_backup(
    data_dir: Path, *, keep: int = DAILY_KEEP, now: datetime | None = None
) -> BackupInfo | None:
    """Once a day: check the store's integrity, back it up, keep the newest ``keep`` dailies."""
    when = now or datetime.now(UTC)
    folder = data_dir / BACKUP_DIR
    today = _stamp(when)[:8]
    dailies = sorted(folder.glob("xclib-*-daily.sqlite3")) if folder.exists() else []
    if any(p.name.split("-")[-2].startswith(today) for p in dailies):
        return None
    check_store(data_dir / STORE_FILE)  # a backup of a corrupt store would be worthless
    info = backup(data_dir, label="daily", now=when)
    dailies = sorted(folder.glob("xclib-*-daily.sqlite3"), key=lambda p: p.name.split("-")[-2])
    for old in dailies[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return info


def latest_backup(data_dir: Path) -> Path | None:
    folder = data_dir / BACKUP_DIR
    files = (
        sorted(folder.glob("xclib-*.sqlite3"), key=lambda p: p.stat().st_mtime)
        if (folder.exists())
        else []
    )
    for path in reversed(files):
        try:
            inspect(path)
        except DeskError:
            continue
        return path
    return None


def check_store(path: Path, *, full: bool = True) -> None:
    """Raise ``store_corrupt`` unless SQLite vouches for the file.

    Only SQLite's verdict on the data counts ("file is not a database", a failed integrity
    check): a full disk or an I/O error while checking raises ``disk_full`` / ``disk_io``,
    so a healthy store is never set aside for the machine's fault.

    Only SQLite touches the file: a plain ``open()`` and ``close()`` of a store this process
    also holds open drops every POSIX lock the process has on it, so the next process to close
    the store would take itself for the last and delete the WAL the desk is still writing into.
    A file that is no SQLite database fails the check below just as clearly.
    """
    try:
        con = _connect_ro(path)
        try:
            rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
            result = [r[0] for r in rows.fetchmany(5)]
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        machine = failure(e, path)  # a full disk or an I/O error is not a damaged store
        if machine is not None:
            raise machine from None
        raise DeskError("store_corrupt", path=str(path), detail=str(e)[:200]) from None
    if result != ["ok"]:
        raise DeskError("store_corrupt", path=str(path), detail="; ".join(result)[:200])


def inspect(path: Path, *, check_integrity: bool = True) -> BackupInfo:
    """What a store or backup file holds; ``backup_invalid`` if it is no healthy xclib store."""
    if not path.is_file():
        raise DeskError("backup_invalid", path=str(path), detail="no such file")
    if check_integrity:
        try:
            check_store(path)
        except DeskError as e:
            if e.code != "store_corrupt":
                raise  # the disk failed, not the file: say that
            raise DeskError(
                "backup_invalid", path=str(path), detail=str(e.params.get("detail", ""))
            ) from None
    con = _connect_ro(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"store_meta", "alembic_version", "outbox_event", "point"} <= tables:
            raise DeskError("backup_invalid", path=str(path), detail="not an xclib-desk store")
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        row = con.execute(
            "SELECT p.code, m.device_id, m.next_seq FROM store_meta m JOIN point p "
            "ON p.id = m.point_id"
        ).fetchone()
        if row is None:
            raise DeskError("backup_invalid", path=str(path), detail="store never initialised")
        events = con.execute("SELECT count(*) FROM outbox_event").fetchone()[0]
        pending = con.execute(
            "SELECT count(*) FROM outbox_event e WHERE NOT EXISTS "
            "(SELECT 1 FROM outbox_delivery d WHERE d.seq = e.seq)"
        ).fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise DeskError("backup_invalid", path=str(path), detail=str(e)[:200]) from None
    finally:
        con.close()
    if not known_revision(revision):
        raise DeskError("store_too_new", found=revision)
    taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(path, row[0], row[1], revision, taken, events, pending, row[2])


def set_aside(data_dir: Path, why: str, now: datetime | None = None) -> Path | None:
    """Move the store (and its -wal/-shm) into ``set-aside/<stamp>-<why>/``; never delete."""
    store = data_dir / STORE_FILE
    if not store.exists():
        return None
    private_dir(data_dir / ASIDE_DIR)
    folder = data_dir / ASIDE_DIR / f"{_stamp(now or datetime.now(UTC))}-{why}"
    private_dir(folder)
    for suffix in ("", "-wal", "-shm"):
        part = data_dir / (STORE_FILE + suffix)
        if part.exists():
            shutil.move(str(part), folder / part.name)
    return folder / STORE_FILE


def set_aside_floor(data_dir: Path) -> int:
    """The lowest next sequence number above every event of the stores in ``set-aside/``
    (0 when none): a restore must count past numbers they may have delivered. Each is read
    read-only; one that cannot be read is skipped, never fails the caller."""
    best = 0
    folder = data_dir / ASIDE_DIR
    for path in sorted(folder.glob(f"*/{STORE_FILE}")) if folder.is_dir() else []:
        for mode in ("mode=ro", "immutable=1"):  # immutable: a folder we may not write in
            try:
                con = sqlite3.connect(f"file:{path}?{mode}", uri=True)
                try:
                    meta = con.execute("SELECT max(next_seq) FROM store_meta").fetchone()[0]
                    top = con.execute("SELECT max(seq) FROM outbox_event").fetchone()[0]
                finally:
                    con.close()
            except (sqlite3.Error, OSError):
                continue
            best = max(best, int(meta or 0), int(top or 0) + 1)
            break
    return best


def restore(data_dir: Path, backup_file: Path, *, now: datetime | None = None) -> RestoreReport:
    info = inspect(backup_file)
    store = data_dir / STORE_FILE
    floor: int | None = None
    if store.exists():
        try:
            current = inspect(store, check_integrity=False)
        except DeskError:
            current = None  # unreadable: we cannot know how far it counted
        if current is not None:
            if current.point_code != info.point_code or current.device_id != info.device_id:
                raise DeskError(
                    "backup_foreign",
                    path=str(backup_file),
                    point=info.point_code,
                    current=current.point_code,
                )
            floor = current.next_seq
    aside = set_aside(data_dir, "before-restore", now)
    try:
        copy_store(backup_file, store)
    except BaseException:
        _put_back(data_dir, aside)  # e.g. a full disk: the replaced store stays in place
        raise
    jumped = floor is None and aside is not None
    next_seq = max(
        info.next_seq,
        floor or 0,
        set_aside_floor(data_dir),
        info.next_seq + SEQ_JUMP if jumped else 0,
    )
    con = sqlite3.connect(store)
    try:
        con.execute("UPDATE store_meta SET next_seq = ?", (next_seq,))
        detail = json.dumps(
            {
                "backup": backup_file.name,
                "events": info.events,
                "pending": info.pending_events,
                "next_seq": next_seq,
            }
        )
        con.execute(
            "INSERT INTO audit_log (at, staff_code, action, target, detail) VALUES (?,?,?,?,?)",
            (
                (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
                "system",
                RESTORED,
                info.point_code,
                detail,
            ),
        )
        con.commit()
    finally:
        con.close()
    return RestoreReport(info, aside, next_seq, jumped)


def _put_back(data_dir: Path, aside: Path | None) -> None:
    """Undo :func:`set_aside` (a rename on the same disk: it needs no free space)."""
    (data_dir / STORE_FILE).unlink(missing_ok=True)
    if aside is not None:
        for part in aside.parent.iterdir():
            shutil.move(str(part), data_dir / part.name)
        aside.parent.rmdir()
