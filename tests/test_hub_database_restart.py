"""The hub's PostgreSQL restarts (or kills its connections) under a running hub: desks lose
nothing and see a plain answer. The pool pings a connection only after it sat idle
(``hub/db.py``), so a restart costs a desk at most one "retry later" (503, the API's one
shape, never a 500), a push whose connection died under it is run again, and every event is
applied exactly once."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select, text
from sync_fixtures import PG_URL, hub_in_process, pg_drop, pg_schema_url

import xclib_desk.hub.api.sync as sync_api
from xclib_desk.hub.db import PING_IDLE_AFTER
from xclib_desk.hub.models import HubEvent

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (XCLIB_TEST_PG_URL)")
HEADERS = {"X-Xclib-Protocol": "1"}


@pytest.fixture()
def pg_app(tmp_path: Path) -> Iterator[tuple[FastAPI, str, set[int]]]:
    """A hub app on a fresh schema, a device's token, and the server processes behind the
    hub's pooled connections (collected as they are handed out)."""
    assert PG_URL
    url, schema = pg_schema_url(PG_URL)
    app, token = hub_in_process(tmp_path, url)
    backends: set[int] = set()

    def handed_out(dbapi_conn: Any, *_: Any) -> None:
        backends.add(dbapi_conn.info.backend_pid)

    event.listen(app.state.hub.engine, "checkout", handed_out)
    yield app, token, backends
    app.state.hub.engine.dispose()
    pg_drop(PG_URL, schema)


def kill(backends: set[int]) -> None:
    """What a restart does to the hub's connections: the server ends them."""
    assert PG_URL
    with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://")) as c:
        for pid in backends:
            c.execute("SELECT pg_terminate_backend(%s)", (pid,))
    backends.clear()


def items(n: int, start: int) -> list[dict[str, Any]]:
    """``n`` copies added at the point BR01 by the device dev-br, numbered from ``start``."""
    return [
        {
            "event_id": str(uuid.uuid4()), "device_id": "dev-br", "seq": seq, "type": "item.added",
            "hlc": f"{int(time.time() * 1000):013d}-{seq:05d}-devbr000",
            "wall_time": datetime.now(UTC).isoformat(), "staff_code": "lib", "point_code": "BR01",
            "standards_version": 1,
            "payload": {
                "barcode": f"RS{seq:08d}", "title_uid": "00000000-0000-4000-8000-000000000001",
                "call_number": "I/L", "material_type": "book", "owner": "BR01",
                "location": "BR01", "price_cents": None,
            },
        }
        for seq in range(start, start + n)
    ]  # fmt: skip


def push(client: TestClient, token: str, events: list[dict[str, Any]]) -> Any:
    return client.post(
        "/v1/push",
        json={"device_id": "dev-br", "events": events},
        headers={**HEADERS, "Authorization": f"Bearer {token}"},
    )


def ledger_count(app: FastAPI) -> int:
    with app.state.hub.read() as s:
        return s.scalar(select(func.count()).select_from(HubEvent)) or 0


def test_after_a_restart_an_idle_hub_answers_the_next_push(
    pg_app: tuple[FastAPI, str, set[int]],
) -> None:
    """The restart happened while the hub sat idle: its connections are pinged before use,
    the dead ones replaced, and the desk's next push is applied as if nothing happened."""
    app, token, backends = pg_app
    client = TestClient(app)
    assert push(client, token, items(3, 1)).status_code == 200
    kill(backends)
    time.sleep(PING_IDLE_AFTER + 0.2)
    r = push(client, token, items(3, 4))
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 3
    assert ledger_count(app) == 6


def test_during_a_restart_a_desk_is_told_to_retry_and_its_retry_is_applied_once(
    pg_app: tuple[FastAPI, str, set[int]],
) -> None:
    """The connections die between two pushes of a busy hub: the next request finds its
    connection dead (503 ``hub_busy`` with Retry-After, the API's shape, not a server error),
    the pool replaces the old connections, and the desk's retry of the same events is applied
    once."""
    app, token, backends = pg_app
    client = TestClient(app)
    assert push(client, token, items(2, 1)).status_code == 200
    kill(backends)
    batch = items(2, 3)
    r = push(client, token, batch)
    if r.status_code != 200:  # (the token check found its connection dead)
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "hub_busy"
        assert r.headers["retry-after"]
        r = push(client, token, batch)
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied"
    assert push(client, token, batch).status_code == 200  # told twice: applied once
    assert ledger_count(app) == 4


def test_a_push_whose_connection_dies_under_it_is_run_again(
    pg_app: tuple[FastAPI, str, set[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the push's connection in the middle of its transaction: the push is
    run again on a new connection and answered 200, its events applied once."""
    app, token, _ = pg_app
    real, calls = sync_api.push_events, []

    def dies_once(s: Any, *args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            s.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return real(s, *args)

    monkeypatch.setattr(sync_api, "push_events", dies_once)
    r = push(TestClient(app), token, items(3, 1))
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["applied"] * 3
    assert len(calls) == 2
    assert ledger_count(app) == 3
