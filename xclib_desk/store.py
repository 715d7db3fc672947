"""Opening a branch store: one SQLite file, migrated in place, tuned for a legal record.

Pragmas, and why:
- ``journal_mode=WAL``: readers (the window, reports) never block the scan-and-commit path.
- ``synchronous=FULL``: with WAL this fsyncs the log on every commit, so a loan the desk showed as
  done survives a power cut. NORMAL would be faster but may roll back the last commits after an
  OS crash, and a loan record is a legal record.
- ``foreign_keys=ON`` and a ``busy_timeout``: integrity, and patience when the background sync
  and the desk write at the same moment.
- ``temp_store=MEMORY``: a savepoint (a pulled kind's rows, rolled back alone if one fails)
  copies each page it changes to a sub-journal, a temporary file by default; in memory, a
  page of 2,000 pulled readers is written in a third of the time (``bench/bench_sync.py``).
Write transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock upgrading a read
lock; read-only transactions stay deferred.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from .backup import (
    BACKUP_DIR,
    check_store,
    copy_store,
    latest_backup,
    make_private,
    private_dir,
    private_file,
    set_aside,
)
from .errors import DeskError, failure
from .store_schema import current_revision, head_revision, known_revision, peek_revision, upgrade

STORE_FILE = "store.sqlite3"
#: the store file's identity when this program last closed it cleanly (see :func:`close_engine`)
CLEAN_FILE = "store.sqlite3-clean"  # private like the store (backup.OWN_FILES)


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's is unreliable)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA cache_size=-32000")  # 32 MB page cache: the hot indexes stay in memory
    cur.execute("PRAGMA temp_store=MEMORY")  # savepoints' sub-journals: no temporary file
    cur.close()


def _on_begin(conn: Any) -> None:
    """``BEGIN`` on the DBAPI connection itself: it opens every desk transaction, a scan's
    included, and needs none of the statement machinery (no parameters, no result)."""
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.connection.dbapi_connection.execute(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the store to ``target``; refuse a store written by a newer program.

    An existing store is backed up first; if the upgrade fails the backup is put back and the
    error names it, so a bad release can never leave a point with a half-migrated store.
    """
    found = current_revision(engine)
    if found is not None and not known_revision(found):
        raise DeskError("store_too_new", found=found)
    if found == head_revision() and target == "head":
        return  # the usual case: no alembic loaded (``store_schema``)
    path = Path(engine.url.database or "")
    saved: Path | None = None
    if found is not None and path.exists():
        saved = path.parent / BACKUP_DIR / f"pre-upgrade-{found}-{int(time.time())}.sqlite3"
        copy_store(path, saved)
    try:
        upgrade(engine, target)
    except Exception as e:
        if saved is None:
            raise
        engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        copy_store(saved, path)
        raise DeskError("upgrade_failed", backup=str(saved), detail=str(e)[:200]) from e


def open_engine(data_dir: Path, *, create: bool = True) -> Engine:
    """Open (or create) the store: refuse newer stores untouched, set corrupt ones aside.

    Only a store SQLite finds damaged is set aside. When the machine fails instead (a full
    disk, an I/O error, a folder we may not write) the store stays where it is, untouched, and
    the refusal says what to do (``disk_full``, ``disk_io``, ``path_unusable``)."""
    path = data_dir / STORE_FILE
    try:
        if path.exists() or create:
            private_dir(data_dir)
            make_private(data_dir)  # a store made before files were private, or copied in
        if path.exists():
            found = peek_revision(path)
            if found is not None and not known_revision(found):
                raise DeskError("store_too_new", found=found)
            if not _closed_clean(data_dir, path):
                _check_or_set_aside(data_dir, path)
        elif not create:
            raise DeskError("store_not_initialised", path=str(data_dir))
        else:
            private_file(path)  # SQLite keeps the mode for the store and its -wal and -shm
        engine = make_engine(path)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
    except DeskError:
        raise
    except Exception as e:
        refusal = failure(e, data_dir)
        if refusal is None:
            raise
        raise refusal from None
    return engine


def _check_or_set_aside(data_dir: Path, path: Path) -> None:
    try:
        check_store(path, full=False)
    except DeskError as e:
        if e.code != "store_corrupt":
            raise  # the disk, not the store: nothing is moved
        aside = set_aside(data_dir, "corrupt")
        good = latest_backup(data_dir)
        raise DeskError(
            "store_corrupt_set_aside",
            aside=str(aside),
            backup=str(good) if good else "-",
            detail=e.params.get("detail", ""),
        ) from None


def _identity(path: Path) -> str:
    """What changes whenever anyone writes the file: inode, size, modification and change
    times (the change time cannot be set back by a program)."""
    st = path.stat()
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def _closed_clean(data_dir: Path, path: Path) -> bool:
    """Whether the store is exactly as this program left it at its last clean close, with no
    write-ahead log since: then its ``quick_check`` (which reads every page, seconds on a
    district-sized store) need not run again before each verb. Any other writer, a crash (a
    WAL left behind), a restore or a damaged file changes the identity, and the check runs."""
    wal = Path(f"{path}-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False
        return (data_dir / CLEAN_FILE).read_text("ascii") == _identity(path)
    except (OSError, UnicodeDecodeError):
        return False


def close_engine(engine: Engine, data_dir: Path) -> None:
    """Close the store; if this was its last connection (SQLite then removes the WAL), note
    the file's identity so the next opening can skip the page-by-page check."""
    engine.dispose()
    path = data_dir / STORE_FILE
    note = data_dir / CLEAN_FILE
    try:
        if not path.exists() or Path(f"{path}-wal").exists():
            note.unlink(missing_ok=True)  # still open elsewhere: the next opening checks
            return
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(_identity(path))
    except OSError:
        pass  # a full disk: the next opening simply checks the store
