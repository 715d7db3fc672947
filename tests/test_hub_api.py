"""The hub's HTTP surface: enrolment, auth, admin, handshake, compression, TLS, processes."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
import zstandard
from sqlalchemy import func, select

from xclib_desk.hub.models import HubChange, HubEvent, HubLoan
from xclib_desk.protocol.events import PAYLOADS
from xclib_desk.protocol.feed import ROWS

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]


def _enrol(hub: HubProc, code: str, point: str, device: str = "dev-1") -> requests.Response:
    return requests.post(
        hub.url + "/v1/enrol",
        json={"code": code, "device_id": device, "point_code": point},
        timeout=10,
    )


def test_the_hub_serves_the_protocol_it_speaks(hub: HubProc) -> None:
    """Any desk or tool can read the contract from a running hub: every event type and every
    feed-row kind, as JSON Schema generated from the protocol package."""
    doc = requests.get(hub.url + "/v1/protocol/schema", timeout=10).json()
    assert set(doc["events"]) == set(PAYLOADS)
    assert set(doc["feed"]) == set(ROWS)
    loan = doc["$defs"][doc["events"]["loan.checked_out"]["$ref"].rsplit("/", 1)[-1]]
    assert {"loan_uid", "item", "card_no", "due_date"} <= set(loan["properties"])


def test_enrolment_code_works_once_and_only_for_its_point(hub: HubProc) -> None:
    from sync_fixtures import point_code

    p, q = point_code(), point_code()
    hub.add_point(p)
    hub.add_point(q)
    code = hub.enrol_code(p)
    wrong = _enrol(hub, code, q, device=f"d-{q}")
    # another point's code: the answer of an unknown code, naming no point; the code stays usable
    assert wrong.status_code == 403 and wrong.json()["code"] == "bad_enrol_code"
    assert p not in wrong.text
    first = _enrol(hub, code, p, device=f"d-{p}")
    assert first.status_code == 200 and first.json()["point_code"] == p
    assert first.json()["token"].startswith("dev_")
    again = _enrol(hub, code, p, device=f"d2-{p}")
    assert again.status_code == 403 and again.json()["code"] == "bad_enrol_code"
    expired = hub.cli("enrol-code", "--point", p, "--hours", "0")
    assert _enrol(hub, expired, p, device=f"d3-{p}").status_code == 403


def test_device_endpoints_need_token_and_protocol(hub: HubProc, station: MakeStation) -> None:
    a = station()
    token = a.engine.tokens.get()
    url = hub.url + "/v1/pull"
    assert requests.get(url, headers={"X-Xclib-Protocol": "1"}, timeout=10).status_code == 401
    bad = {"X-Xclib-Protocol": "1", "Authorization": "Bearer dev_nope"}
    assert requests.get(url, headers=bad, timeout=10).status_code == 401
    old = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert old.status_code == 426 and old.json()["code"] == "protocol_unsupported"
    ok = {"X-Xclib-Protocol": "1", "Authorization": f"Bearer {token}"}
    assert requests.get(url, headers=ok, timeout=10).status_code == 200


def test_admin_endpoints_need_the_admin_token(hub: HubProc, station: MakeStation) -> None:
    from sync_fixtures import point_code

    a = station()
    body = {"code": point_code(), "name": "月坛社区", "level": "community"}
    url = hub.url + "/v1/admin/points"
    assert requests.post(url, json=body, timeout=10).status_code == 401
    dev = {"Authorization": f"Bearer {a.engine.tokens.get()}"}
    assert requests.post(url, json=body, headers=dev, timeout=10).status_code == 403
    adm = {"Authorization": f"Bearer {hub.admin_token()}"}
    assert requests.post(url, json=body, headers=adm, timeout=10).status_code == 201
    assert requests.post(url, json=body, headers=adm, timeout=10).status_code == 409
    code = requests.post(f"{url}/{body['code']}/enrol-codes", headers=adm, timeout=10)
    assert code.status_code == 200 and code.json()["point_code"] == body["code"]
    xs = requests.get(hub.url + "/v1/admin/exceptions", headers=adm, timeout=10)
    assert xs.status_code == 200 and isinstance(xs.json(), list)


@pytest.mark.parametrize("encoding", ["zstd", "gzip"])
def test_compressed_push_and_broken_compression(
    hub: HubProc, station: MakeStation, encoding: str
) -> None:
    a = station()
    a.checkout(a.reader(), a.item())
    body = json.dumps({"device_id": a.desk.device_id, "events": a.outbox()}).encode()
    packed = (
        zstandard.ZstdCompressor().compress(body) if encoding == "zstd" else gzip.compress(body)
    )
    headers = {
        "Authorization": f"Bearer {a.engine.tokens.get()}",
        "X-Xclib-Protocol": "1",
        "Content-Type": "application/json",
        "Content-Encoding": encoding,
    }
    r = requests.post(hub.url + "/v1/push", data=packed, headers=headers, timeout=30)
    assert r.status_code == 200
    assert {x["status"] for x in r.json()["results"]} == {"applied"}
    broken = requests.post(hub.url + "/v1/push", data=b"\x00garbage", headers=headers, timeout=30)
    assert broken.status_code == 400 and broken.json()["code"] == "bad_compression"


def _self_signed(tmp: Path) -> tuple[str, str]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "xclib-hub test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "hub.pem", tmp / "hub.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def test_tls_with_a_self_signed_certificate(hub: HubProc, tmp_path: Path) -> None:
    from sync_fixtures import HubProc as Proc
    from sync_fixtures import Station, free_port, point_code

    cert, key = _self_signed(tmp_path)
    tls = Proc(db=hub.db, port=free_port(), scheme="https", ssl=(cert, key), verify=cert)
    tls.log = tmp_path / "tls.log"
    tls.start()
    try:
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(tls.url + "/v1/hello", timeout=10)  # not trusted by default
        st = Station(tls, tmp_path, point_code())
        st.checkout(st.reader(), st.item())
        res = st.sync()
        assert res.results == {"applied": res.pushed} and st.engine.status().pending == 0
        st.close()
    finally:
        tls.stop()


def test_two_hub_processes_share_one_postgresql(
    hub: HubProc, station: MakeStation, tmp_path: Path
) -> None:
    """Behind a load balancer any request may land on any process: push through one,
    pull through the other, and push concurrently through both."""
    if hub.extra.get("backend") != "pg":
        pytest.skip("several hub processes need PostgreSQL (XCLIB_TEST_PG_URL)")
    from sync_fixtures import HubProc as Proc
    from sync_fixtures import free_port

    second = Proc(db=hub.db, port=free_port(), log=tmp_path / "second.log")
    second.start(workers=2)
    try:
        points = [station() for _ in range(6)]
        items: dict[str, list[str]] = {}
        for st in points:
            card = st.reader()
            items[st.code] = [st.item() for _ in range(5)]
            for bc in items[st.code]:
                st.checkout(card, bc)
        for st in points[1::2]:  # half the desks talk to the second process
            st.engine.set_hub_url(second.url)
        errors: list[str] = []

        def run(st: Station) -> None:
            res = st.engine.run_once()
            if not res.ok:
                errors.append(res.error or "?")

        threads = [threading.Thread(target=run, args=(st,)) for st in points]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        for st in points:
            st.sync()
            assert set(st.open_loans()) == set(items[st.code])
        n_loans = hub.query(select(func.count()).select_from(HubLoan))[0][0]
        assert n_loans >= 30
        positions = [r[0] for r in hub.query(select(HubChange.pos))]
        assert len(positions) == len(set(positions))
        dup = hub.query(
            select(HubEvent.device_id, HubEvent.seq, func.count())
            .group_by(HubEvent.device_id, HubEvent.seq)
            .having(func.count() > 1)
        )
        assert dup == []
    finally:
        second.stop()


def test_cursor_never_skips_a_change_under_concurrent_pushes(
    hub: HubProc, station: MakeStation
) -> None:
    """A desk pulling over and over while other points push ends up exactly where a desk that
    pulls once at the end does: no change committed behind its cursor is ever missed."""
    watcher, late = station(), station()
    pushers = [station() for _ in range(4)]
    stop, watching = threading.Event(), threading.Event()

    def watch() -> None:
        while not stop.is_set():
            watcher.engine.run_once()
            watching.set()

    def push(st: Station) -> None:
        for _ in range(4):  # several commits per point, interleaved with the watcher's pulls
            for _ in range(3):
                st.reader()
            st.engine.run_once()

    w = threading.Thread(target=watch)
    w.start()
    assert watching.wait(30)
    threads = [threading.Thread(target=push, args=(st,)) for st in pushers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    w.join()
    watcher.sync()
    late.sync()
    from xclib_desk.models import Reader

    def index(st: Station) -> set[tuple[str, str]]:
        with st.desk.session(write=False) as s:
            return {(r.card_no, r.status) for r in s.scalars(select(Reader))}

    assert len(index(late)) >= 4 * 12
    assert index(watcher) == index(late)


def test_an_event_that_breaks_the_hub_is_rejected_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug or a database error on one event rolls back that event only (hub_error); the
    rest of the batch is applied and the failure is surfaced as an exception."""
    from fastapi.testclient import TestClient
    from sync_fixtures import hub_in_process

    from xclib_desk.hub.push.context import BatchContext
    from xclib_desk.hub.push.registry import HANDLERS

    app, token = hub_in_process(tmp_path)

    def boom(ctx: BatchContext, e: Any, p: Any) -> list[str]:
        raise RuntimeError("bug")

    monkeypatch.setitem(HANDLERS, "visits.recorded", boom)
    now = datetime.now(UTC).isoformat()

    def ev(seq: int, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "event_id": f"00000000-0000-4000-8000-{seq:012d}",
            "device_id": "dev-br",
            "seq": seq,
            "type": type_,
            "hlc": f"{1764000000000 + seq:013d}-00000-devbr",
            "wall_time": now,
            "staff_code": "lib",
            "point_code": "BR01",
            "standards_version": 1,
            "payload": payload,
        }

    batch = [
        ev(
            1,
            "title.added",
            {
                "uid": "00000000-0000-4000-8000-000000000001",
                "isbn": None,
                "title": "呐喊",
                "author": "鲁迅",
                "publisher": "",
                "year": None,
                "clc": "I210.4",
                "language": "chi",
            },
        ),
        ev(2, "visits.recorded", {"day": "2026-11-25", "count": 3}),
        ev(
            3,
            "item.added",
            {
                "barcode": "X000000001",
                "title_uid": "00000000-0000-4000-8000-000000000001",
                "call_number": "I/L",
                "material_type": "book",
                "owner": "BR01",
                "location": "BR01",
                "price_cents": None,
            },
        ),
    ]
    client = TestClient(app)
    r = client.post(
        "/v1/push",
        json={"device_id": "dev-br", "events": batch},
        headers={"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"},
    )
    assert r.status_code == 200
    assert [(x["status"], x["code"]) for x in r.json()["results"]] == [
        ("applied", None),
        ("rejected", "hub_error"),
        ("applied", None),
    ]
    pulled = client.get(
        "/v1/pull", headers={"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"}
    ).json()
    kinds = {c["kind"] for c in pulled["changes"]}
    assert {"item", "exception"} <= kinds


def test_a_compression_bomb_is_refused(hub: HubProc, station: MakeStation) -> None:
    a = station()
    bomb = zstandard.ZstdCompressor(level=19).compress(b"[" + b" " * (70 * 1024 * 1024) + b"]")
    assert len(bomb) < 100_000
    r = requests.post(
        hub.url + "/v1/push",
        data=bomb,
        headers={
            "Authorization": f"Bearer {a.engine.tokens.get()}",
            "X-Xclib-Protocol": "1",
            "Content-Encoding": "zstd",
        },
        timeout=60,
    )
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_after_one_event_breaks_the_rest_of_the_batch_still_sees_open_loans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replaying event by event after a failure must not forget the batch's open loans: a
    check-out of a copy the hub thinks is out still closes the old loan and is flagged."""
    from fastapi.testclient import TestClient
    from sync_fixtures import hub_in_process

    from xclib_desk.hub.push.context import BatchContext
    from xclib_desk.hub.push.registry import HANDLERS

    app, token = hub_in_process(tmp_path)

    def boom(ctx: BatchContext, e: Any, p: Any) -> list[str]:
        raise RuntimeError("bug")

    monkeypatch.setitem(HANDLERS, "visits.recorded", boom)
    now = datetime.now(UTC)

    def ev(seq: int, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "event_id": f"00000000-0000-4000-8000-{seq:012d}",
            "device_id": "dev-br",
            "seq": seq,
            "type": type_,
            "hlc": f"{1764000000000 + seq:013d}-00000-devbr",
            "wall_time": now.isoformat(),
            "staff_code": "lib",
            "point_code": "BR01",
            "standards_version": 1,
            "payload": payload,
        }

    def checkout(seq: int, loan: str, card: str) -> dict[str, Any]:
        return ev(
            seq,
            "loan.checked_out",
            {
                "loan_uid": loan,
                "item": "X000000001",
                "card_no": card,
                "due_date": "2027-01-06",
                "checked_out_at": now.isoformat(),
            },
        )

    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"}

    def push(events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
        r = client.post("/v1/push", json={"device_id": "dev-br", "events": events}, headers=headers)
        assert r.status_code == 200
        return [(x["status"], x["code"]) for x in r.json()["results"]]

    loan_a, loan_b = "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"
    assert push([checkout(1, loan_a, "XC00000001")]) == [("applied", None)]
    results = push(
        [
            ev(2, "visits.recorded", {"day": "2026-11-25", "count": 3}),
            checkout(3, loan_b, "XC00000002"),
        ]
    )
    assert results[0] == ("rejected", "hub_error")
    assert results[1][0] == "applied_with_flag"
    with app.state.hub.read() as s:
        open_loans = s.scalars(
            select(HubLoan.uid).where(HubLoan.item == "X000000001", HubLoan.returned_at.is_(None))
        ).all()
    assert list(open_loans) == [loan_b]


def test_a_push_looks_its_token_up_once_and_a_revoked_token_is_refused(tmp_path: Path) -> None:
    """The token check before the body is read finds the device; the route uses what it
    found instead of asking the database again (every push of the morning rush pays for each
    lookup). A pull, which has no body, is checked by its route alone. Revoking the token
    stops the next request."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sync_fixtures import hub_in_process

    from xclib_desk.hub import admin

    app, token = hub_in_process(tmp_path)
    lookups: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "token_hash" in statement and statement.lstrip().upper().startswith("SELECT"):
            lookups.append(statement)

    event.listen(app.state.hub.engine, "before_cursor_execute", count)
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"}
    now = datetime.now(UTC)
    visit = {
        "event_id": "00000000-0000-4000-8000-000000000001",
        "device_id": "dev-br",
        "seq": 1,
        "type": "visits.recorded",
        "hlc": f"{int(now.timestamp() * 1000):013d}-00000-devbr",
        "wall_time": now.isoformat(),
        "staff_code": "lib",
        "point_code": "BR01",
        "standards_version": 1,
        "payload": {"day": now.date().isoformat(), "count": 3},
    }
    r = client.post("/v1/push", json={"device_id": "dev-br", "events": [visit]}, headers=headers)
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    assert len(lookups) == 1
    assert client.get("/v1/pull", headers=headers).status_code == 200
    assert len(lookups) == 2
    with app.state.hub.write() as s:
        assert admin.revoke(s, "dev-br")
    r = client.post("/v1/push", json={"device_id": "dev-br", "events": [visit]}, headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "bad_token"


def test_a_hub_worker_loads_pinyin_before_its_first_request(tmp_path: Path) -> None:
    """A new title's union-catalogue text needs pinyin, whose dictionary takes ~0.4 s to load:
    each worker loads it at start, not inside the first push that brings a title."""
    probe = (
        "from xclib_desk.common import pinyin\n"
        "from xclib_desk.hub.api.app import app_from_env\n"
        "assert not pinyin.loaded()\n"
        "app_from_env()\n"
        "print(pinyin.loaded())\n"
    )
    env = {**os.environ, "XCLIB_HUB_DB": f"sqlite:///{tmp_path / 'hub.sqlite3'}"}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"
