"""Privacy at the hub: points receive only the reader fields they need (no ``id_hash``), the
retention run scrubs old exception contexts, their feed rows and old rejected payloads, and the
hub's logs name event ids and error types, never the personal data in an exception's text.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from alembic import command
from sqlalchemy import select, text, update

from xclib_desk.errors import DeskError
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.db import alembic_config, make_engine
from xclib_desk.hub.models import HubChange, HubEvent, HubException, HubReader
from xclib_desk.hub.redaction import scrub_context
from xclib_desk.services import readers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]
LIB = Actor("lib", "librarian", "李馆员")
NAME = "欧阳修远"


def run_cli(hub: HubProc, *args: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = hub_cli.main([*args, "--db", hub.db])
    assert rc == 0, buf.getvalue()
    return buf.getvalue()


def hub_write(hub: HubProc, stmt: Any) -> None:
    from sqlalchemy.orm import Session

    if "engine" not in hub.extra:
        hub.extra["engine"] = make_engine(hub.db)
    with Session(hub.extra["engine"]) as s, s.begin():
        s.execute(stmt)


def register(st: Station, card: str, id_number: str) -> None:
    st.desk.write(
        readers.register, LIB, card_no=card, name=NAME, reader_type="adult", id_number=id_number
    )


def an_id(seed: int) -> str:
    from sync_fixtures import resident_id

    return resident_id(random.Random(seed), date(1980, 1, 1) + timedelta(days=seed % 9000))


def test_points_receive_no_id_hash_and_the_duplicate_id_check_still_works(
    hub: HubProc, station: MakeStation
) -> None:
    from sync_fixtures import serial

    a = station()
    card, id_number = f"XC{serial() % 10**8:08d}", an_id(serial())
    register(a, card, id_number)
    a.sync()
    ((profile,),) = hub.query(select(HubReader.profile).where(HubReader.card_no == card))
    assert profile["id_hash"]  # the hub keeps it
    rows = hub.query(
        select(HubChange.data).where(HubChange.kind == "reader", HubChange.key == card)
    )
    assert rows and all("id_hash" not in d["profile"] for (d,) in rows)
    assert rows[0][0]["profile"]["name"] == NAME  # the home point still gets the profile
    headers = {"Authorization": f"Bearer {a.engine.tokens.get()}", "X-Xclib-Protocol": "1"}
    page = requests.get(hub.url + "/v1/pull?cursor=0&limit=5000", headers=headers, timeout=30)
    assert page.status_code == 200 and "id_hash" not in page.text
    # the desk's own check at registration does not need the feed: same ID, another card
    with pytest.raises(DeskError) as e:
        register(a, f"XC{serial() % 10**8:08d}", id_number)
    assert e.value.code == "duplicate_reader"


def test_the_migration_takes_id_hash_out_of_stored_reader_rows(tmp_path: Path) -> None:
    db = tmp_path / "hub.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    command.upgrade(alembic_config(engine), "h0007")
    row = {"card_no": "XC1", "profile": {"name": NAME, "id_hash": "ab" * 32, "phone": None}}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO hub_change (pos, scope, kind, key, data)"
                " VALUES (1, 'P1', 'reader', 'XC1', :d)"
            ),
            {"d": json.dumps(row)},
        )  # fmt: skip
    command.upgrade(alembic_config(engine), "head")
    engine.dispose()
    (stored,) = sqlite3.connect(db).execute("SELECT data FROM hub_change").fetchone()
    assert json.loads(stored)["profile"] == {"name": NAME, "phone": None}


def test_retention_scrubs_old_exceptions_their_feed_rows_and_rejected_payloads(
    hub: HubProc, station: MakeStation
) -> None:
    """The same card registered at two points: the second registration is rejected, its whole
    payload (name, ID hash) in the exception and the ledger. Once older than the retention
    window, only ids and codes remain there and in the feed row."""
    from sync_fixtures import serial

    a, b = station(), station()
    card = f"XC{serial() % 10**8:08d}"
    register(a, card, an_id(serial()))
    a.sync()
    register(b, card, an_id(serial()))
    b.sync()
    ((uid, context),) = [
        (u, c)
        for u, c in hub.query(select(HubException.uid, HubException.context))
        if c.get("payload", {}).get("card_no") == card
    ]
    assert context["code"] == "duplicate_card" and context["payload"]["name"] == NAME
    event_id = context["event_id"]
    long_ago = datetime.now(UTC) - timedelta(days=3000)
    hub_write(hub, update(HubException).where(HubException.uid == uid).values(created_at=long_ago))
    hub_write(
        hub, update(HubEvent).where(HubEvent.event_id == event_id).values(received_at=long_ago)
    )

    out = json.loads(run_cli(hub, "retention", "run", "--json"))["result"]
    assert out["redacted"] >= 2

    ((scrubbed, redacted_at),) = hub.query(
        select(HubException.context, HubException.redacted_at).where(HubException.uid == uid)
    )
    assert redacted_at is not None and scrubbed["redacted"] is True
    assert scrubbed["event_id"] == event_id and scrubbed["code"] == "duplicate_card"
    assert card not in json.dumps(scrubbed) and NAME not in json.dumps(scrubbed, ensure_ascii=False)
    feed = hub.query(
        select(HubChange.data).where(HubChange.kind == "exception", HubChange.key == uid)
    )
    assert feed and all(d["context"] == scrubbed for (d,) in feed)
    ((payload, status),) = hub.query(
        select(HubEvent.payload, HubEvent.status).where(HubEvent.event_id == event_id)
    )
    assert status == "rejected" and payload == {}
    # the accepted registration is the reader's record, not history: it stays
    assert (
        hub.query(select(HubReader.profile).where(HubReader.card_no == card))[0][0]["name"] == NAME
    )
    # a re-sent copy of the rejected event is still answered from the ledger
    b.sync()


def test_a_scrubbed_sentence_loses_the_card_numbers_it_named() -> None:
    context = {
        "item": "X000000001",
        "closed_loan": {"uid": "u1", "card_no": "XC00000001", "point": "P1"},
        "open_loan": {"uid": "u2", "card_no": "XC00000002", "point": "P2"},
        "hub_action": "closed loan u1 (reader XC00000001, P1); loan u2 (reader XC00000002, P2) "
        "stays open",
        "reader": "XC00000003",
        "block_reason": f"{NAME} 欠款",
    }
    out = scrub_context(context)
    flat = json.dumps(out, ensure_ascii=False)
    assert "XC0000000" not in flat and NAME not in flat
    assert out["item"] == "X000000001" and out["closed_loan"] == {"uid": "u1", "point": "P1"}
    assert out["hub_action"].startswith("closed loan u1 (reader …, P1)")


def test_the_hub_logs_no_personal_data_from_a_failing_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database error inside a handler carries the statement's parameters in its text (the
    reader's name here); the hub's log names the event and the error type only."""
    from fastapi.testclient import TestClient
    from sync_fixtures import hub_in_process

    from xclib_desk.hub.push.registry import HANDLERS

    app, token = hub_in_process(tmp_path)
    leaked: list[str] = []

    def broken(ctx: Any, e: Any, p: Any) -> list[str]:
        try:  # a bug that reaches the database with the reader's name as a parameter
            ctx.s.execute(text("SELECT * FROM no_such_table WHERE name = :n"), {"n": p.name})
        except Exception as exc:
            leaked.append(str(exc))
            raise
        return []

    monkeypatch.setitem(HANDLERS, "reader.registered", broken)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logging.getLogger().addHandler(handler)
    try:
        event = {
            "event_id": "00000000-0000-4000-8000-000000000001",
            "device_id": "dev-br",
            "seq": 1,
            "type": "reader.registered",
            "hlc": "1764000000000-00000-devbr",
            "wall_time": datetime.now(UTC).isoformat(),
            "staff_code": "lib",
            "point_code": "BR01",
            "standards_version": 1,
            "payload": {
                "card_no": "XC12345678", "name": NAME, "reader_type": "adult",
                "id_hash": "ab" * 32, "id_masked": "1101**********1234", "birth_date": None,
                "expires_on": "2030-01-01", "home_point": "BR01",
            },
        }  # fmt: skip
        headers = {"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "2"}
        r = TestClient(app).post(
            "/v1/push", json={"device_id": "dev-br", "events": [event]}, headers=headers
        )
    finally:
        logging.getLogger().removeHandler(handler)
    assert r.status_code == 200 and r.json()["results"][0]["code"] == "hub_error"
    assert leaked and NAME in leaked[0]  # the raw error would have named the reader
    log = out.getvalue()
    assert event["event_id"] in log and "OperationalError" in log
    assert NAME not in log and "XC12345678" not in log and "[parameters" not in log
