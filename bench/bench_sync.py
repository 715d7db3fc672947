"""Sync at district size: hub push throughput, initial pull, incremental round trip, 50 points.

Runs a real hub process (``xclib-hub serve``) on loopback, on SQLite and, when
``XCLIB_TEST_PG_URL`` is set, on PostgreSQL (a fresh schema, dropped afterwards), and measures in
the same run the floor: raw inserts of the same rows into the same database. Prints JSON.

    .venv/bin/python bench/bench_sync.py                       # full size
    .venv/bin/python bench/bench_sync.py --events 2000 --items 5000 --readers 10000 --points 10

The morning rush (``rush``): 300 desks x 200 events waiting at once, pushed by 50 HTTP clients
in batches of 50 (zstd), against the raw-insert floor of the same rows at the same concurrency.
The PouchDB peer (``../shared/peers/pouch_bench.js``, PouchDB replicating to pouchdb-server)
runs after, in the same run, with the same sizes, when Node and its modules are there
(``--pouch DIR`` holding ``node_modules``; else it is skipped with a note); ``ratios_<backend>``
puts the figures side by side. Use ``--cases`` to run some measures only.

``--topology nginx`` runs the ``--workers`` hub processes as production deploys them
(docs/operations.md): each its own ``xclib-hub serve``, behind nginx with ``least_conn``. The
default, ``serve --workers N``, shares one socket among uvicorn's workers, and a desk's
keep-alive connection stays on the worker that accepted it however long that worker's queue:
the rush's p95 then measures that imbalance as much as the hub.

Before measuring, the hub is given ``--yesterday`` events of another point and ``ANALYZE`` (a
hub in service, whose tables have statistics; see :func:`yesterday`); ``--yesterday 0``
measures a fresh schema.

Targets (issue 14, PostgreSQL with 4 hub processes): one stream >= 10,000 events/s (<= 5x the
floor); the rush >= 5,000 events/s with p95 request under 1 s and >= 1.5x pouchdb-server's
``concurrent_direct50``; initial pull <= 8x its floor; incremental round trip under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import zstandard
from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from xclib_desk.common.times import utcnow
from xclib_desk.desk import Desk
from xclib_desk.hub import admin
from xclib_desk.hub.db import make_engine, migrate
from xclib_desk.hub.models import HubChange, HubItem, HubMeta, HubReader, HubTitle
from xclib_desk.hub.push import push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.hub.push.feed import lock_feed, reader_index_row
from xclib_desk.protocol.wire import EnrolRequest, PointIn, PushRequest
from xclib_desk.services import circulation, holdings, readers
from xclib_desk.services.context import Actor
from xclib_desk.sync.engine import SyncEngine
from xclib_desk.sync.tokens import FileTokenStore

ROOT = Path(__file__).resolve().parent.parent
LIB = Actor("lib", "librarian", "李馆员")


# --- hub process --------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def hub_process(db: str, workers: int = 1) -> Iterator[str]:
    """``xclib-hub serve --workers N``: uvicorn's workers on one shared socket."""
    port = free_port()
    cmd = [sys.executable, "-m", "xclib_desk.hub.cli", "serve", "--db", db, "--port", str(port)]
    cmd += ["--workers", str(workers)]
    # BENCH_HUB_LOG=FILE keeps the hub's log (an error answered 5xx names its cause there)
    log = os.environ.get("BENCH_HUB_LOG")
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        # four workers start slowly on a busy machine
        answering(proc, url, 600, "the hub did not start (BENCH_HUB_LOG=FILE keeps its log)")
        yield url
    finally:
        proc.terminate()
        proc.wait(20)


#: nginx in front of one-process hubs, as packaging/hub/nginx-xclib-hub.conf deploys them (least
#: connections, keep-alive to the hubs), without TLS: each request goes to the least busy hub
NGINX_CONF = """worker_processes 1; pid {d}/nginx.pid; error_log {d}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off; client_max_body_size 20m;
  # bodies and answers in memory: the temp files would be in the bench's private directory,
  # which nginx's workers (another user when started as root) cannot write
  client_body_buffer_size 20m; proxy_max_temp_file_size 0;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  upstream xclib_hub {{ least_conn; {servers} keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://xclib_hub; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_read_timeout 600s; proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
}}
"""


@contextmanager
def hubs_behind_nginx(db: str, hubs: int, tmp: Path) -> Iterator[str]:
    """The production topology (docs/operations.md): ``hubs`` one-process hubs, each its own
    ``xclib-hub serve``, behind nginx. uvicorn's workers share one socket and a desk's
    keep-alive connection stays with the worker that accepted it, busy or not; nginx sends each
    request to the hub with the fewest in flight."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("--topology nginx needs nginx (apt-get install nginx-light)")
    with ExitStack() as stack:
        urls = [stack.enter_context(hub_process(db, 1)) for _ in range(hubs)]
        d = Path(tempfile.mkdtemp(prefix="nginx-", dir=tmp))
        port = free_port()
        servers = " ".join(f"server {u.removeprefix('http://')};" for u in urls)
        (d / "nginx.conf").write_text(NGINX_CONF.format(d=d, servers=servers, port=port))
        proc = subprocess.Popen(
            [nginx, "-c", str(d / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        stack.callback(proc.wait, 20)
        stack.callback(proc.terminate)
        url = f"http://127.0.0.1:{port}"
        answering(proc, url, 30, f"nginx did not start (see {d}/error.log)")
        yield url


def answering(proc: subprocess.Popen[bytes], url: str, seconds: float, failed: str) -> None:
    """Wait until the server at ``url`` answers the handshake; ``failed`` if it exits first or
    does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(failed)
        try:
            if requests.get(url + "/v1/hello", timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)


@contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'hub-{uuid.uuid4().hex[:6]}.sqlite3'}"
        return
    import psycopg

    base = os.environ["XCLIB_TEST_PG_URL"]
    schema = "xb_" + uuid.uuid4().hex[:10]
    dsn = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def prepare(db: str) -> Engine:
    engine = make_engine(db)
    migrate(engine)
    with Session(engine) as s, s.begin():
        admin.seed(s)
    return engine


def yesterday(engine: Engine, n: int) -> float:
    """A hub in service, not a fresh schema: ``n`` events of another point already applied (in
    process), then ``ANALYZE``, as autovacuum would have done. Returns the seconds it took.

    On tables that grow from empty within seconds, PostgreSQL caches generic plans made for
    empty tables: seq scans, which then scan the growing ledger at every push (on the fresh
    schema the ledger's answers took 3.0 of 5.3 s of the server's time for 10k events in
    batches of 50, forcing custom plans halved its CPU). A hub in service has statistics, and
    a new one gets them from autovacuum within a minute; the bench measures the former."""
    if n <= 0:
        return 0.0
    t = time.perf_counter()
    dev, _ = device(engine, "BYDAY")
    evs = events(dev, "BYDAY", n, "Y")
    ref = DeviceRef(dev, "BYDAY")
    for i in range(0, n, 500):
        req = PushRequest.model_validate({"device_id": dev, "events": evs[i : i + 500]})
        with Session(engine) as s, s.begin():
            push_events(s, ref, req, utcnow())
    with engine.begin() as c:
        c.execute(text("ANALYZE"))
    return round(time.perf_counter() - t, 1)


def device(engine: Engine, point: str) -> tuple[str, str]:
    """A point and an enrolled device on it: (device id, token)."""
    dev = str(uuid.uuid4())
    with Session(engine) as s, s.begin():
        if s.get(admin.HubPoint, point) is None:
            admin.add_point(s, PointIn(code=point, name=f"基准点{point}", level="community"))
        code = admin.new_enrol_code(s, point).code
    with Session(engine) as s, s.begin():
        token = admin.enrol(s, EnrolRequest(code=code, device_id=dev, point_code=point)).token
    return dev, token


# --- synthetic events ---------------------------------------------------------------------
def events(dev: str, point: str, n: int, tag: str) -> list[dict[str, Any]]:
    """A realistic mix: titles, copies (four of each title on average: a point's loans are of
    many titles, not one) and readers registered, then loans and returns of them."""
    out: list[dict[str, Any]] = []
    t0 = int(datetime.now(UTC).timestamp() * 1000) - 86_400_000
    k = max(1, n // 5)
    titles = [str(uuid.uuid4()) for _ in range(max(1, k // 4))]
    now = datetime.now(UTC)

    def add(type_: str, payload: dict[str, Any]) -> None:
        seq = len(out) + 1
        out.append(
            {
                "event_id": str(uuid.uuid4()),
                "device_id": dev,
                "seq": seq,
                "type": type_,
                "hlc": f"{t0 + seq:013d}-00000-{dev[:8]}",
                "wall_time": (now - timedelta(hours=1)).isoformat(),
                "staff_code": "lib",
                "point_code": point,
                "standards_version": 1,
                "payload": payload,
            }
        )

    for j, title in enumerate(titles):
        add(
            "title.added",
            {
                "uid": title,
                "isbn": None,
                "title": f"城南旧事 第{j + 1}册",
                "author": "林海音",
                "publisher": "人民文学出版社",
                "year": 2010,
                "clc": "I246.57",
                "language": "chi",
            },
        )
    for i in range(k):
        add(
            "item.added",
            {
                "barcode": f"X{tag}{i:06d}",
                "title_uid": titles[i % len(titles)],
                "call_number": "I246.57/L544",
                "material_type": "book",
                "owner": point,
                "location": point,
                "price_cents": 2500,
            },
        )
    for i in range(k):
        add(
            "reader.registered",
            {
                "card_no": f"XC{tag}{i:05d}"[:10],
                "name": "王小明",
                "reader_type": "adult",
                "id_hash": uuid.uuid4().hex,
                "id_masked": "1101**********123X",
                "birth_date": "1985-03-14",
                "expires_on": "2031-11-25",
                "home_point": point,
            },
        )
    i = 0
    while len(out) < n:
        bc, card, loan = f"X{tag}{i % k:06d}", f"XC{tag}{i % k:05d}"[:10], str(uuid.uuid4())
        add(
            "loan.checked_out",
            {
                "loan_uid": loan,
                "item": bc,
                "card_no": card,
                "due_date": (date.today() + timedelta(days=42)).isoformat(),
                "checked_out_at": now.isoformat(),
            },
        )
        if len(out) < n:
            add(
                "loan.checked_in",
                {
                    "loan_uid": loan,
                    "item": bc,
                    "card_no": card,
                    "returned_at": now.isoformat(),
                    "days_late": 0,
                    "fee_cents": 0,
                },
            )
        i += 1
    return out[:n]


def push(
    http: requests.Session, url: str, dev: str, token: str, batch: list[dict[str, Any]]
) -> float:
    """One push as a desk sends it: on the desk's own keep-alive connection (a desk holds one
    HTTP session, ``sync/engine.py``), without its retries (a failure here is counted)."""
    body = zstandard.ZstdCompressor(level=3).compress(
        json.dumps({"device_id": dev, "events": batch}).encode()
    )
    t = time.perf_counter()
    r = http.post(
        url + "/v1/push",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "X-Xclib-Protocol": "1",
            "Content-Encoding": "zstd",
            "Content-Type": "application/json",
        },
        timeout=600,
    )
    r.raise_for_status()
    return time.perf_counter() - t


def floor_events(engine: Engine, evs: list[dict[str, Any]], batch: int) -> float:
    """The same rows, raw: one multi-row INSERT per batch into a copy of the ledger table."""
    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS bench_floor"))
        c.execute(text("CREATE TABLE bench_floor AS SELECT * FROM hub_event WHERE 1=0"))
    rows = [
        {
            **{k: e[k] for k in ("event_id", "device_id", "seq", "type", "hlc", "staff_code")},
            "point_code": e["point_code"],
            "standards_version": 1,
            "payload": json.dumps(e["payload"]),
            "wall_time": e["wall_time"][:19].replace("T", " "),
            "received_at": "2026-11-25 00:00:00",
            "status": "applied",
            "code": None,
            "flags": "[]",
        }
        for e in evs
    ]
    cols = ", ".join(rows[0])
    stmt = text(f"INSERT INTO bench_floor ({cols}) VALUES ({', '.join(':' + c for c in rows[0])})")
    t = time.perf_counter()
    for i in range(0, len(rows), batch):
        with engine.begin() as c:
            c.execute(stmt, rows[i : i + batch])
    took = time.perf_counter() - t
    with engine.begin() as c:
        c.execute(text("DROP TABLE bench_floor"))
    return took


def bench_push(engine: Engine, url: str, n: int, batch: int) -> dict[str, Any]:
    dev, token = device(engine, "BPUSH")
    evs = events(dev, "BPUSH", n, "1")
    t = time.perf_counter()
    with requests.Session() as http:
        for i in range(0, n, batch):
            push(http, url, dev, token, evs[i : i + batch])
    took = time.perf_counter() - t
    floor = floor_events(engine, evs, batch)
    return {
        "events": n,
        "batch": batch,
        "seconds": round(took, 3),
        "events_per_s": round(n / took),
        "floor_raw_insert_events_per_s": round(n / floor),
        "ratio_to_floor": round(took / floor, 1),
    }


# --- initial pull -------------------------------------------------------------------------
def load_point(engine: Engine, point: str, n_items: int, n_readers: int) -> None:
    """The hub already knows the district: the point's items and every reader, in the feed."""
    title = {
        "uid": str(uuid.uuid4()),
        "isbn": None,
        "title": "城南旧事",
        "author": "林海音",
        "publisher": "人民文学出版社",
        "year": 2010,
        "clc": "I246.57",
        "language": "chi",
    }
    with Session(engine) as s, s.begin():
        lock_feed(s)
        s.add(HubTitle(uid=title["uid"], data=title))
        s.flush()
        pos = s.get(HubMeta, 1).feed_pos  # type: ignore[union-attr]
        chunk = 5000
        for lo in range(0, n_items, chunk):
            items = [
                HubItem(
                    barcode=f"X9{i:08d}",
                    title_uid=title["uid"],
                    call_number="I246.57/L544",
                    material_type="book",
                    owner=point,
                    location=point,
                    status="available",
                    price_cents=2500,
                    state_hlc="",
                )
                for i in range(lo, min(n_items, lo + chunk))
            ]
            s.execute(insert(HubItem), [_cols(it) for it in items])
            feed = []
            for it in items:
                pos += 1
                data = {**_item_row(it), "title": title}
                feed.append(
                    {"pos": pos, "scope": point, "kind": "item", "key": it.barcode, "data": data}
                )
            s.execute(insert(HubChange), feed)
        for lo in range(0, n_readers, chunk):
            rs = [
                HubReader(
                    card_no=f"XC{i:08d}",
                    home_point="ELSEWHERE",
                    reader_type="adult",
                    status="active",
                    expires_on=date(2031, 1, 1),
                    profile={},
                    field_hlc={},
                    open_loans=0,
                    block_reason=None,
                )
                for i in range(lo, min(n_readers, lo + chunk))
            ]
            s.execute(insert(HubReader), [_cols(r) for r in rs])
            feed = []
            for r in rs:
                pos += 1
                feed.append(
                    {
                        "pos": pos,
                        "scope": "*",
                        "kind": "reader_index",
                        "key": r.card_no,
                        "data": reader_index_row(r).model_dump(mode="json"),
                    }
                )
            s.execute(insert(HubChange), feed)
        s.get(HubMeta, 1).feed_pos = pos  # type: ignore[union-attr]


def _cols(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def _item_row(it: HubItem) -> dict[str, Any]:
    return {
        "barcode": it.barcode,
        "title_uid": it.title_uid,
        "call_number": it.call_number,
        "material_type": it.material_type,
        "owner": it.owner,
        "location": it.location,
        "status": it.status,
        "price_cents": it.price_cents,
    }


def new_desk(tmp: Path, url: str, engine: Engine, point: str) -> tuple[Desk, SyncEngine]:
    d = tmp / f"desk-{point}-{uuid.uuid4().hex[:6]}"
    desk = Desk.initialise(d, point_code=point, point_name=f"基准点{point}", level="community")
    with Session(engine) as s, s.begin():
        if s.get(admin.HubPoint, point) is None:
            admin.add_point(s, PointIn(code=point, name=f"基准点{point}", level="community"))
        code = admin.new_enrol_code(s, point).code
    eng = SyncEngine(desk, tokens=FileTokenStore(d), page_size=2000)
    eng.enrol(url, code)
    return desk, eng


def floor_desk_rows(tmp: Path, n_items: int, n_readers: int) -> float:
    """Raw inserts of the same number of item and reader rows into a desk store (sqlite3)."""
    import sqlite3

    from xclib_desk.store import open_engine

    d = tmp / f"floor-desk-{uuid.uuid4().hex[:6]}"
    open_engine(d).dispose()  # the real schema, migrated
    conn = sqlite3.connect(d / "store.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=OFF")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO point (id, code, name, level) VALUES (1, 'F', 'F', 'community')")
    conn.execute(
        "INSERT INTO title (id, uid, title, author, publisher, clc, language, created_at) "
        "VALUES (1, 'u', 't', '', '', '', 'chi', ?)",
        (now,),
    )
    conn.execute("COMMIT")
    page = 2000
    for lo in range(0, n_items, page):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO item (barcode, title_id, call_number, material_type, owner_point_id, "
            "location_point_id, status, price_cents, created_at) VALUES (?,1,?,?,1,1,?,?,?)",
            [
                (f"X9{i:08d}", "I246.57/L544", "book", "available", 2500, now)
                for i in range(lo, min(n_items, lo + page))
            ],
        )
        conn.execute("COMMIT")
    for lo in range(0, n_readers, page):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO reader (card_no, name, name_pinyin, reader_type, status, expires_on, "
            "index_only, hub_open_loans, created_at, updated_at) VALUES (?,'','',?,?,?,1,0,?,?)",
            [
                (f"XC{i:08d}", "adult", "active", "2031-01-01", now, now)
                for i in range(lo, min(n_readers, lo + page))
            ],
        )
        conn.execute("COMMIT")
    took = time.perf_counter() - t
    conn.close()
    return took


def bench_pull(engine: Engine, url: str, tmp: Path, n_items: int, n_readers: int) -> dict[str, Any]:
    load_point(engine, "BPULL", n_items, n_readers)
    desk, eng = new_desk(tmp, url, engine, "BPULL")
    t = time.perf_counter()
    res = eng.run_once()
    took = time.perf_counter() - t
    assert res.ok, res.error
    desk.close()
    floor = floor_desk_rows(tmp, n_items, n_readers)
    rows = res.pulled
    return {
        "items": n_items,
        "index_readers": n_readers,
        "rows": rows,
        "seconds": round(took, 2),
        "rows_per_s": round(rows / took),
        "floor_raw_insert_seconds": round(floor, 2),
        "ratio_to_floor": round(took / floor, 1),
    }


# --- incremental round trip ---------------------------------------------------------------
def resident_id() -> str:
    from stdnum.cn import ric

    body = "11010219850314123"
    return body + str(ric.calc_check_digit(body + "0"))


def bench_incremental(engine: Engine, url: str, tmp: Path, runs: int) -> dict[str, Any]:
    desk, eng = new_desk(tmp, url, engine, "BINC")
    title = desk.write(holdings.add_title, LIB, title="呐喊", clc="I210.4", author="鲁迅").uid
    card = "XC77000001"
    desk.write(
        readers.register,
        LIB,
        card_no=card,
        name="张三",
        reader_type="adult",
        id_number=resident_id(),
    )
    barcodes = []
    for i in range(runs):
        bc = f"X77{i:07d}"
        desk.write(
            holdings.add_item,
            LIB,
            barcode=bc,
            title_ref=title,
            call_number="I210.4/L946",
            material_type="book",
        )
        barcodes.append(bc)
    assert eng.run_once().ok
    times = []
    for i in range(runs):
        bc = barcodes[i]
        desk.write(circulation.check_out, LIB, card, bc)
        t = time.perf_counter()
        res = eng.run_once()
        times.append((time.perf_counter() - t) * 1000)
        assert res.ok and res.pushed == 1, res
        desk.write(circulation.check_in, LIB, bc)
        eng.run_once()
    desk.close()
    times.sort()
    return {
        "runs": runs,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "what": "one check-out pushed and the resulting changes pulled (handshake+push+pull)",
    }


# --- many points at once ------------------------------------------------------------------
def bench_concurrent(
    engine: Engine, url: str, points: int, per_point: int, batch: int
) -> dict[str, Any]:
    devs = [device(engine, f"BC{i:03d}") for i in range(points)]
    work = [
        events(dev, f"BC{i:03d}", per_point, f"{i % 90 + 10}") for i, (dev, _) in enumerate(devs)
    ]
    latencies: list[float] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        dev, token = devs[i]
        with requests.Session() as http:
            for lo in range(0, per_point, batch):
                took = push(http, url, dev, token, work[i][lo : lo + batch])
                with lock:
                    latencies.append(took * 1000)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(points)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.perf_counter() - t
    latencies.sort()
    total = points * per_point
    return {
        "points": points,
        "events": total,
        "batch": batch,
        "events_per_s": round(total / took),
        "p95_request_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "median_request_ms": round(statistics.median(latencies), 1),
    }


def floor_concurrent(engine: Engine, evs: list[dict[str, Any]], batch: int, clients: int) -> float:
    """The rush's floor: the same ledger rows raw-inserted by ``clients`` connections at once,
    one multi-row INSERT per batch (each its own transaction, as a push is)."""
    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS bench_floor"))
        c.execute(text("CREATE TABLE bench_floor AS SELECT * FROM hub_event WHERE 1=0"))
    rows = [
        {
            **{k: e[k] for k in ("event_id", "device_id", "seq", "type", "hlc", "staff_code")},
            "point_code": e["point_code"],
            "standards_version": 1,
            "payload": json.dumps(e["payload"]),
            "wall_time": e["wall_time"][:19].replace("T", " "),
            "received_at": "2026-11-25 00:00:00",
            "status": "applied",
            "code": None,
            "flags": "[]",
        }
        for e in evs
    ]
    cols = ", ".join(rows[0])
    stmt = text(f"INSERT INTO bench_floor ({cols}) VALUES ({', '.join(':' + c for c in rows[0])})")
    chunks = [rows[i : i + batch] for i in range(0, len(rows), batch)]
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                if not chunks:
                    return
                chunk = chunks.pop()
            with engine.begin() as c:
                c.execute(stmt, chunk)

    threads = [threading.Thread(target=run) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.perf_counter() - t
    with engine.begin() as c:
        c.execute(text("DROP TABLE bench_floor"))
    return took


def bench_rush(
    engine: Engine, url: str, points: int, per_point: int, batch: int, clients: int
) -> dict[str, Any]:
    """The morning rush: ``points`` desks with ``per_point`` events each, all waiting at once,
    pushed by ``clients`` HTTP clients (a client takes the next desk and sends its batches in
    order, zstd-compressed as a desk does)."""
    devs = [device(engine, f"BR{i:03d}") for i in range(points)]
    work = [events(dev, f"BR{i:03d}", per_point, f"R{i:03d}") for i, (dev, _) in enumerate(devs)]
    queue = list(range(points))
    latencies: list[float] = []
    lock = threading.Lock()

    def run() -> None:
        while True:
            with lock:
                if not queue:
                    return
                i = queue.pop(0)
            dev, token = devs[i]
            with requests.Session() as http:  # the desk's own connection
                for lo in range(0, per_point, batch):
                    t0 = time.perf_counter()
                    try:
                        took = push(http, url, dev, token, work[i][lo : lo + batch])
                    except requests.RequestException as e:  # counted, never silently dropped
                        with lock:
                            failed.append(f"{type(e).__name__}: {str(e)[:80]}")
                            latencies.append((time.perf_counter() - t0) * 1000)
                        continue
                    with lock:
                        latencies.append(took * 1000)

    failed: list[str] = []
    threads = [threading.Thread(target=run) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.perf_counter() - t
    floor = floor_concurrent(engine, [e for w in work for e in w], batch, clients)
    latencies.sort()
    total = points * per_point
    return {
        "points": points,
        "events": total,
        "batch": batch,
        "clients": clients,
        "seconds": round(took, 2),
        # events of refused requests (5xx, refused connection) do not count
        "events_per_s": round((total - len(failed) * batch) / took),
        "failed_requests": len(failed),
        "failures": sorted(set(failed))[:5],
        "median_request_ms": round(statistics.median(latencies), 1),
        "p95_request_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_request_ms": round(latencies[-1], 1),
        "floor_raw_insert_events_per_s": round(total / floor),
        "ratio_to_floor": round(took / floor, 1),
    }


# --- the peer: PouchDB replicating to pouchdb-server (../shared/peers) ----------------------
PEER_SCRIPTS = [
    Path(p)
    for p in (
        os.environ.get("XCLIB_POUCH_SCRIPT", ""),
        ROOT.parent / "shared" / "peers" / "pouch_bench.js",  # next to the main checkout
        ROOT.parent.parent / "shared" / "peers" / "pouch_bench.js",  # from a worktree
    )
    if p
]


def pouch_peer(modules: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run the peer's script with the same sizes; a note instead when Node or its modules are
    missing (it is a benchmark, not a CI step)."""
    node = shutil.which("node")
    script = next((p for p in PEER_SCRIPTS if p.is_file()), None)
    if node is None or script is None:
        return {"skipped": "node or ../shared/peers/pouch_bench.js not found"}
    if not (modules / "node_modules" / "pouchdb-server").is_dir():
        return {"skipped": f"npm install pouchdb-node@9.0.0 pouchdb-server@4.2.0 in {modules}"}
    cmd = [node, str(script), "--events", str(args.events), "--items", str(args.items)]
    cmd += ["--readers", str(args.readers), "--runs", str(args.runs)]
    cmd += ["--points", str(args.rush_points), "--per-point", str(args.per_point)]
    env = {**os.environ, "NODE_PATH": str(modules / "node_modules")}
    run = subprocess.run(cmd, cwd=modules, env=env, capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        return {"skipped": f"peer failed: {run.stderr[-500:]}"}
    out: dict[str, Any] = json.loads(run.stdout)
    return out


def ratios(res: dict[str, Any], peer: dict[str, Any]) -> dict[str, Any]:
    """The issue's targets as ratios from this one run."""
    out: dict[str, Any] = {}
    if "push" in res:
        out["push_events_per_s"] = res["push"]["events_per_s"]
        out["push_x_floor"] = res["push"]["ratio_to_floor"]
    if "rush" in res:
        out["rush_events_per_s"] = res["rush"]["events_per_s"]
        out["rush_p95_request_ms"] = res["rush"]["p95_request_ms"]
        out["rush_max_request_ms"] = res["rush"]["max_request_ms"]
        out["rush_x_floor"] = res["rush"]["ratio_to_floor"]
        direct = peer.get("concurrent_direct50", {}).get("docs_per_s")
        if direct:
            out["rush_vs_pouchdb_server"] = round(res["rush"]["events_per_s"] / direct, 2)
            out["pouchdb_server_rush_docs_per_s"] = direct
            out["pouchdb_server_rush_p95_request_ms"] = peer["concurrent_direct50"].get(
                "p95_request_ms"
            )
    if "push" in res and peer.get("push_direct500", {}).get("docs_per_s"):
        out["push_vs_pouchdb_server"] = round(
            res["push"]["events_per_s"] / peer["push_direct500"]["docs_per_s"], 2
        )
    if "initial_pull" in res:
        out["initial_pull_seconds"] = res["initial_pull"]["seconds"]
        out["initial_pull_x_floor"] = res["initial_pull"]["ratio_to_floor"]
        pull = peer.get("pull_batch2000", {}).get("seconds")
        if pull:
            out["pouchdb_pull_seconds"] = pull
    return out


def main() -> None:
    env = os.environ.get
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=int(env("BENCH_EVENTS", "10000")))
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument(
        "--yesterday",
        type=int,
        default=20000,
        help="events applied and analysed before measuring: a hub in service (0: a fresh one)",
    )
    ap.add_argument("--items", type=int, default=int(env("BENCH_ITEMS", "50000")))
    ap.add_argument("--readers", type=int, default=int(env("BENCH_READERS", "100000")))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--points", type=int, default=50)
    ap.add_argument("--per-point", type=int, default=200)
    ap.add_argument("--workers", type=int, default=4, help="hub processes on PostgreSQL")
    ap.add_argument(
        "--topology",
        choices=["workers", "nginx"],
        default="workers",
        help="the hub processes as `serve --workers N` (one socket), or as N one-process hubs "
        "behind nginx (least_conn), as docs/operations.md deploys them",
    )
    ap.add_argument("--backends", default="sqlite,pg")
    ap.add_argument("--rush-points", type=int, default=300, help="desks in the morning rush")
    ap.add_argument("--rush-batch", type=int, default=50)
    ap.add_argument("--clients", type=int, default=50, help="HTTP clients of the rush")
    ap.add_argument(
        "--cases",
        default="push,pull,incremental,concurrent,rush",
        help="which measures to run (comma-separated)",
    )
    ap.add_argument(
        "--pouch",
        type=Path,
        default=Path(env("XCLIB_POUCH_DIR", str(ROOT.parent / "pouch"))),
        help="directory holding node_modules with pouchdb-node and pouchdb-server",
    )
    args = ap.parse_args()
    cases = set(args.cases.split(","))
    kinds = [k for k in args.backends.split(",") if k != "pg" or env("XCLIB_TEST_PG_URL")]
    out: dict[str, Any] = {
        "sizes": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "loadavg_before": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory(prefix="xclib-bench-") as tmpdir:
        tmp = Path(tmpdir)
        os.environ["XCLIB_DESK_NO_KEYRING"] = "1"
        for kind in kinds:
            res: dict[str, Any] = {}
            with database(kind, tmp) as db:
                engine = prepare(db)
                res["yesterday"] = {
                    "events": args.yesterday,
                    "seconds": yesterday(engine, args.yesterday),
                }
                workers = args.workers if kind == "pg" else 1
                res["hub_processes"] = workers
                behind_nginx = args.topology == "nginx" and workers > 1
                res["topology"] = "nginx" if behind_nginx else "workers"
                hubs = (
                    hubs_behind_nginx(db, workers, tmp)
                    if behind_nginx
                    else hub_process(db, workers)
                )
                with hubs as url:
                    if "push" in cases:
                        res["push"] = bench_push(engine, url, args.events, args.batch)
                    if "pull" in cases:
                        res["initial_pull"] = bench_pull(engine, url, tmp, args.items, args.readers)
                    if "incremental" in cases:
                        res["incremental"] = bench_incremental(engine, url, tmp, args.runs)
                    if "concurrent" in cases:
                        res["concurrent_points"] = bench_concurrent(
                            engine, url, args.points, args.per_point, max(1, args.per_point // 4)
                        )
                    if "rush" in cases:
                        res["rush"] = bench_rush(
                            engine,
                            url,
                            args.rush_points,
                            args.per_point,
                            args.rush_batch,
                            args.clients,
                        )
                engine.dispose()
            out[kind] = res
            print(json.dumps({kind: res}, ensure_ascii=False), file=sys.stderr)
    out["loadavg_after_hub"] = os.getloadavg()
    out["pouchdb_peer"] = peer = pouch_peer(args.pouch, args)
    print(json.dumps({"pouchdb_peer": peer}, ensure_ascii=False), file=sys.stderr)
    out["loadavg_after_peer"] = os.getloadavg()
    for kind in kinds:
        out[f"ratios_{kind}"] = ratios(out[kind], peer)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
