"""Opening the hub database (SQLite or PostgreSQL), migrating it on start, and :class:`Hub`,
the transactions every front end of the hub (HTTP API, ``xclib-hub``) runs in.

The hub keeps no state in memory between requests, so any number of processes can serve one
PostgreSQL database; SQLite is for a single hub process (the demo, a small district).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

from . import admin

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # the ledger is the district's legal record
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA temp_store=MEMORY")  # savepoints (one per event) keep no temp file
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Write transactions ask for IMMEDIATE (see ``write_session``): it avoids the
    # read-then-upgrade deadlock between concurrent requests; reads stay deferred.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(u, pool_size=10, max_overflow=20)
    dialect = engine.dialect

    def ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        """Ping a connection before use only if it sat idle (``pool_pre_ping`` pings at every
        checkout: a round trip more for every push and every token check).

        A server restart takes longer than :data:`PING_IDLE_AFTER`, so a connection used more
        recently than that was alive after the restart began. One found dead here is replaced
        at once; the requests in flight during a restart fail anyway (503, the desk retries),
        and a connection found dead by a statement makes the pool replace every connection
        older than it (and the push is run again, ``api/sync.py``)."""
        if time.monotonic() - record.info.get(IDLE_SINCE, 0.0) <= PING_IDLE_AFTER:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as e:  # whatever the driver says: the pool makes a new connection
            raise DisconnectionError(str(e)) from e

    event.listen(engine, "connect", _stamp_idle)
    event.listen(engine, "checkin", _stamp_idle)
    event.listen(engine, "checkout", ping_if_idle)
    return engine


#: a pooled PostgreSQL connection idle longer than this is pinged before it is handed out
PING_IDLE_AFTER = 1.0  # seconds
IDLE_SINCE = "idle_since"


def _stamp_idle(_dbapi_conn: Any, record: Any) -> None:
    record.info[IDLE_SINCE] = time.monotonic()


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade to head. On PostgreSQL an advisory lock keeps two starting processes apart."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(727301)"))
            try:
                cfg = alembic_config()
                cfg.attributes["engine"] = engine
                command.upgrade(cfg, "head")
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(727301)"))
                conn.commit()
        return
    command.upgrade(alembic_config(engine), "head")


class Hub:
    """The database behind the hub's front ends: one engine, one transaction per operation."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer anyway; queueing writers here instead of in SQLite's busy
        # handler (which sleeps and polls) keeps latency fair when many points push at once
        self._writer = threading.Lock() if engine.dialect.name == "sqlite" else None

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer or nullcontext(), Session(self.engine, expire_on_commit=False) as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        # closing (not rolling back) ends the transaction without expiring loaded rows
        with Session(self.engine) as s:
            yield s


def open_hub(url: str) -> Hub:
    """The hub database at ``url``, migrated to the program's schema and seeded on first start
    (the bundled standards package, so events can be judged from day one)."""
    engine = make_engine(url)
    migrate(engine)
    hub = Hub(engine)
    with hub.write() as s:
        admin.seed(s)
    return hub
