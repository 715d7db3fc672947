"""Fixtures for hub and sync tests: a real hub process on loopback, real desk stores.

The hub runs as ``python -m xclib_desk.hub.cli serve`` in a subprocess on a free port, over
SQLite, and over PostgreSQL too when ``XCLIB_TEST_PG_URL`` is set (each session gets a fresh
schema that is dropped afterwards). Admin steps (points, enrolment codes) use the hub CLI against
the same database, as an administrator on the hub machine would.
"""

from __future__ import annotations

import itertools
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from sqlalchemy import select
from stdnum.cn import ric

from xclib_desk.clock import Clock, FixedClock
from xclib_desk.desk import Desk
from xclib_desk.hub import admin
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.api.app import create_app
from xclib_desk.models import Item, Loan, OutboxEvent, Reader, SyncException
from xclib_desk.protocol.wire import EnrolRequest, PointIn
from xclib_desk.services import circulation, holdings, readers, shipments
from xclib_desk.services.context import Actor
from xclib_desk.sync.engine import SyncEngine, SyncResult, envelope
from xclib_desk.sync.tokens import FileTokenStore

PG_URL = os.environ.get("XCLIB_TEST_PG_URL")
LIB = Actor("lib", "librarian", "李馆员")
ROOT = Path(__file__).resolve().parent.parent

_serial = itertools.count(random.Random().randrange(10_000, 90_000) * 1000)


def serial() -> int:
    return next(_serial)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_schema_url(base: str) -> tuple[str, str]:
    """A fresh schema in the test database, and a URL whose connections use it."""
    import psycopg

    schema = "xt_" + uuid.uuid4().hex[:10]
    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def hub_in_process(tmp_path: Path, url: str | None = None) -> tuple[FastAPI, str]:
    """A hub app on a SQLite file (or at ``url``) in this process (for FastAPI's TestClient)
    with the point ``BR01`` and the device ``dev-br`` enrolled there: the app and the
    device's token."""
    app = create_app(url or f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    with app.state.hub.write() as s:
        admin.add_point(s, PointIn(code="BR01", name="测试点", level="community"))
        code = admin.new_enrol_code(s, "BR01").code
    with app.state.hub.write() as s:
        token = admin.enrol(s, EnrolRequest(code=code, device_id="dev-br", point_code="BR01")).token
    return app, token


def pg_drop(base: str, schema: str) -> None:
    import psycopg

    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@dataclass
class HubProc:
    """A hub server process and admin access to its database."""

    db: str
    port: int
    scheme: str = "http"
    ssl: tuple[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    verify: bool | str = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, workers: int = 1) -> None:
        cmd = [sys.executable, "-m", "xclib_desk.hub.cli", "serve", "--db", self.db]
        cmd += ["--port", str(self.port), "--workers", str(workers)]
        # the holds sweep on a timer is off in tests unless asked (docs/holds.md)
        cmd += ["--holds-sweep-every", str(self.extra.get("holds_sweep_every", 0))]
        if self.ssl:
            cmd += ["--ssl-certfile", self.ssl[0], "--ssl-keyfile", self.ssl[1]]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.log and self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/v1/hello", timeout=1, verify=self.verify).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def cli(self, *args: str) -> str:
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            rc = hub_cli.main([*args[:2], "--db", self.db, *args[2:]] if args[0] == "point"
                              else [args[0], "--db", self.db, *args[1:]])  # fmt: skip
        assert rc == 0, buf.getvalue()
        return buf.getvalue().strip()

    def add_point(self, code: str, name: str | None = None, level: str = "community") -> None:
        self.cli(
            "point", "add", "--code", code, "--name", name or f"服务点{code}", "--level", level
        )

    def enrol_code(self, point: str) -> str:
        return self.cli("enrol-code", "--point", point)

    def query(self, stmt: Any) -> list[Any]:
        """Read the hub's database directly (what the hub believes)."""
        from sqlalchemy.orm import Session

        from xclib_desk.hub.db import make_engine

        if "engine" not in self.extra:
            self.extra["engine"] = make_engine(self.db)
        with Session(self.extra["engine"]) as s:
            return list(s.execute(stmt).all())

    def inject_feed_row(self, scope: str, kind: str, key: str, data: Any) -> int:
        """Write a feed row straight into the hub's database at a fresh position, as an old or
        hostile hub would (no validation); returns its position."""
        from sqlalchemy import delete, update
        from sqlalchemy.orm import Session

        from xclib_desk.hub.db import make_engine
        from xclib_desk.hub.models import HubChange, HubMeta

        if "engine" not in self.extra:
            self.extra["engine"] = make_engine(self.db)
        with Session(self.extra["engine"]) as s, s.begin():
            pos = s.execute(
                update(HubMeta)
                .where(HubMeta.id == 1)
                .values(feed_pos=HubMeta.feed_pos + 1)
                .returning(HubMeta.feed_pos)
            ).scalar_one()
            same = (HubChange.scope == scope, HubChange.kind == kind, HubChange.key == key)
            s.execute(delete(HubChange).where(*same))  # log compaction: it moves to ``pos``
            s.add(HubChange(pos=pos, scope=scope, kind=kind, key=key, data=data))
        return int(pos)

    def feed_row(self, scope: str, kind: str, key: str) -> dict[str, Any]:
        """The data of one row of a point's feed, as the hub stored it."""
        from xclib_desk.hub.models import HubChange

        rows = self.query(
            select(HubChange.data).where(
                HubChange.scope == scope, HubChange.kind == kind, HubChange.key == key
            )
        )
        assert rows, (scope, kind, key)
        return dict(rows[0][0])

    def admin_token(self) -> str:
        return self.cli("admin-token")

    def exceptions(self) -> list[dict[str, Any]]:
        import json

        rows: list[dict[str, Any]] = json.loads(self.cli("exceptions", "--json"))["result"]
        return rows


def hub_backends() -> list[str]:
    return ["sqlite", "pg"] if PG_URL else ["sqlite"]


@pytest.fixture(scope="module", params=hub_backends())
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HubProc]:
    tmp = tmp_path_factory.mktemp("hub")
    schema = None
    if request.param == "pg":
        assert PG_URL
        db, schema = pg_schema_url(PG_URL)
    else:
        db = f"sqlite:///{tmp / 'hub.sqlite3'}"
    h = HubProc(db=db, port=free_port(), log=tmp / "hub.log")
    h.extra["backend"] = request.param
    h.start()
    yield h
    h.stop()
    if schema and PG_URL:
        pg_drop(PG_URL, schema)


def resident_id(rng: random.Random, birth: date) -> str:
    body = f"110102{birth:%Y%m%d}{rng.randrange(100, 999)}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


class Station:
    """One enrolled desk (a service point) with helpers that go through the real services."""

    def __init__(self, hub: HubProc, root: Path, code: str, level: str = "community",
                 clock: Clock | None = None, register: bool = True) -> None:  # fmt: skip
        self.hub, self.code = hub, code
        self.dir = root / code
        self.desk = Desk.initialise(
            self.dir, point_code=code, point_name=f"服务点{code}", level=level, clock=clock
        )
        self.rng = random.Random(code)
        if register:
            hub.add_point(code, level=level)
        self.engine = self.new_engine()
        self.engine.enrol(
            hub.url,
            hub.enrol_code(code),
            ca_cert=hub.verify if isinstance(hub.verify, str) else None,
        )
        self._title: str | None = None

    def new_engine(self, **kw: Any) -> SyncEngine:
        return SyncEngine(self.desk, tokens=FileTokenStore(self.dir), page_size=50, **kw)

    def reopen(self) -> None:
        """A restart of the desk program: same files, new process state."""
        clock = self.desk.clock
        self.desk.close()
        self.desk = Desk.open(self.dir, clock)
        self.engine = self.new_engine()

    def sync(self) -> SyncResult:
        res = self.engine.run_once()
        assert res.ok, res.error
        return res

    # --- desk operations ---
    def item(self) -> str:
        if self._title is None:
            self._title = self.desk.write(
                holdings.add_title, LIB, title="城南旧事", clc="I246.57", author="林海音"
            ).uid
        bc = f"X{serial() % 10**9:09d}"
        self.desk.write(
            holdings.add_item, LIB, barcode=bc, title_ref=self._title,
            call_number="I246.57/L544", material_type="book", price_cents=2500,
        )  # fmt: skip
        return bc

    def reader(self) -> str:
        card = f"XC{serial() % 10**8:08d}"
        self.desk.write(
            readers.register, LIB, card_no=card, name="王小明", reader_type="adult",
            id_number=resident_id(self.rng, date(1960, 1, 1) + timedelta(days=serial() % 15000)),
        )  # fmt: skip
        return card

    def checkout(self, card: str, bc: str) -> str:
        return self.desk.write(circulation.check_out, LIB, card, bc).uid

    def checkin(self, bc: str) -> circulation.CheckinResult:
        return self.desk.write(circulation.check_in, LIB, bc)

    # --- observation ---
    def open_loans(self) -> dict[str, str]:
        """barcode -> open loan uid, as this desk sees it."""
        with self.desk.session(write=False) as s:
            rows = s.execute(
                select(Item.barcode, Loan.uid)
                .join(Loan, Loan.item_id == Item.id)
                .where(Loan.returned_at.is_(None))
            ).all()
        return {bc: uid for bc, uid in rows}

    def exceptions(self) -> list[SyncException]:
        with self.desk.session(write=False) as s:
            rows = list(s.scalars(select(SyncException).order_by(SyncException.id)))
            s.expunge_all()  # keep the loaded values after the read transaction ends
            return rows

    def reader_row(self, card: str) -> Reader | None:
        with self.desk.session(write=False) as s:
            row = s.scalars(select(Reader).where(Reader.card_no == card)).first()
            s.expunge_all()
            return row

    def item_row(self, bc: str) -> Item | None:
        with self.desk.session(write=False) as s:
            row = s.scalars(select(Item).where(Item.barcode == bc)).first()
            s.expunge_all()
            return row

    def raw_push(self, events: list[dict[str, Any]]) -> requests.Response:
        """Events as a faulty or hostile client sends them: this desk's token, any content,
        past the engine (which would only send its own outbox)."""
        return requests.post(
            self.hub.url + "/v1/push",
            json={"device_id": self.desk.device_id, "events": events},
            headers={
                "Authorization": f"Bearer {self.engine.tokens.get()}",
                "X-Xclib-Protocol": "1",
            },
            timeout=30,
        )

    def push_results(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """:meth:`raw_push`, accepted as a batch; the hub's answer per event."""
        r = self.raw_push(events)
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def outbox(self) -> list[dict[str, Any]]:
        """Every event this desk recorded, as a push request carries them (for raw pushes)."""
        with self.desk.session(write=False) as s:
            rows = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
            return [envelope(e).model_dump(mode="json") for e in rows]

    def close(self) -> None:
        self.engine.http.close()  # no idle keep-alive holding up a hub's graceful shutdown
        self.desk.close()


def ship(src: Station, dst: Station, barcodes: list[str]) -> str:
    """Pack and dispatch a box (配送) at ``src`` for ``dst``; returns its uid."""
    box = src.desk.write(shipments.new_shipment, LIB, dst.code)
    for bc in barcodes:
        src.desk.write(shipments.add_item, LIB, box.uid, bc)
    src.desk.write(shipments.dispatch, LIB, box.uid)
    return box.uid


def receive_all(dst: Station, uid: str) -> None:
    """Scan every listed copy out of the box, then finish the receipt."""
    view = dst.desk.read(shipments.get_shipment, LIB, uid)
    for line in view.lines:
        dst.desk.write(shipments.scan, LIB, uid, line.barcode)
    dst.desk.write(shipments.finish_receipt, LIB, uid)


def deliver(src: Station, dst: Station, barcodes: list[str]) -> str:
    """A whole trip: dispatched, synced, received in full at ``dst``, synced back to ``src``.
    The copies are ``dst``'s from then on, and ``src`` still knows them."""
    uid = ship(src, dst, barcodes)
    src.sync()
    dst.sync()
    receive_all(dst, uid)
    dst.sync()
    src.sync()
    return uid


def point_code() -> str:
    return f"P{serial() % 10**7:07d}"


@pytest.fixture()
def station(hub: HubProc, tmp_path: Path) -> Iterator[Any]:
    made: list[Station] = []

    def make(level: str = "community", clock: Clock | None = None) -> Station:
        st = Station(hub, tmp_path, point_code(), level=level, clock=clock)
        made.append(st)
        return st

    yield make
    for st in made:
        st.close()


__all__ = ["PG_URL", "FixedClock", "HubProc", "Station", "hub", "station"]
