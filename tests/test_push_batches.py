"""Awkward push batches (the fast path of hub/push/batch.py): every event answered, in request
order, the ledger holding each event once, and the feed one row per thing at its latest state."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from xclib_desk.hub.db import Hub
from xclib_desk.hub.models import HubChange, HubEvent, HubReader
from xclib_desk.hub.push import push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.protocol.wire import EventEnvelope, PushRequest

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]


def test_a_batch_mixing_new_replayed_repeated_and_bad_events_answers_each_one(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    bc, card = a.item(), a.reader()
    a.checkout(card, bc)
    a.checkin(bc)
    a.checkout(card, bc)
    evs = a.outbox()  # title?, item, reader, check-out, check-in, check-out
    first = a.push_results(evs[:-2])
    assert [r["status"] for r in first] == ["applied"] * (len(evs) - 2)
    pos_before = {
        (c.scope, c.kind): c.pos
        for (c,) in hub.query(select(HubChange).where(HubChange.key.in_([bc, card])))
    }
    last_seq = evs[-1]["seq"]
    reused = {**evs[-1], "event_id": str(uuid.uuid4()), "seq": evs[0]["seq"]}
    unknown = {**evs[-1], "event_id": str(uuid.uuid4()), "seq": last_seq + 1, "type": "x.y"}
    batch = [evs[-3], evs[-2], reused, evs[-2], unknown, evs[-1]]
    answers = a.push_results(batch)

    assert [r["event_id"] for r in answers] == [e["event_id"] for e in batch]
    assert [(r["status"], r["code"]) for r in answers] == [
        ("duplicate", None),  # pushed before: the first answer again
        ("applied", None),
        ("rejected", "seq_reused"),
        ("applied", None),  # the same event twice in one batch: applied once, answered twice
        ("rejected", "unknown_type"),
        ("applied", None),
    ]
    assert answers[0]["original_status"] == "applied"
    # the ledger: every event once with the answer given, the rejected one too; not the one
    # whose seq belongs to another event (the ledger is unique by device and seq)
    ledger = {e.event_id: e for (e,) in hub.query(select(HubEvent))}
    assert {e["event_id"] for e in evs} | {unknown["event_id"]} <= set(ledger)
    assert reused["event_id"] not in ledger
    assert (ledger[unknown["event_id"]].status, ledger[unknown["event_id"]].code) == (
        "rejected",
        "unknown_type",
    )
    assert ledger[evs[-2]["event_id"]].status == "applied"
    # the feed: one row per thing and scope, moved past its old position, at the latest state
    rows = hub.query(select(HubChange).where(HubChange.key.in_([bc, card])))
    keys = [(c.scope, c.kind, c.key) for (c,) in rows]
    assert len(keys) == len(set(keys))
    for (c,) in rows:
        assert c.pos > pos_before.get((c.scope, c.kind), 0)
    [(item,)] = [r for r in rows if r[0].kind == "item"]
    assert item.data["status"] == "on_loan"
    [(index,)] = [r for r in rows if r[0].kind == "reader_index"]
    assert index.data["open_loans"] == 1
    # and the desk, pulling, ends where the hub is
    assert a.sync().ok
    row = a.item_row(bc)
    assert row is not None and row.status == "on_loan"


def _branch_event(now: datetime, seq: int, type_: str, payload: dict[str, Any]) -> EventEnvelope:
    """An event of device ``dev-br`` at point BR01 (``hub_in_process``), clocked just before
    ``now``."""
    return EventEnvelope.model_validate(
        {
            "event_id": str(uuid.uuid4()),
            "device_id": "dev-br",
            "seq": seq,
            "type": type_,
            "hlc": f"{int(now.timestamp() * 1000) - 1000 + seq:013d}-00000-devbr",
            "wall_time": now.isoformat(),
            "staff_code": "lib",
            "point_code": "BR01",
            "standards_version": 1,
            "payload": payload,
        }
    )


def test_a_readers_open_loans_are_counted_once_stored_and_the_session_agrees(
    tmp_path: Path,
) -> None:
    """The feed counts each touched reader's open loans under its row lock and writes the
    changed counts in one statement, past the ORM: the stored count, the index row every point
    receives and the push's own session copy of the reader must all say the same."""
    from sync_fixtures import hub_in_process

    app, _token = hub_in_process(tmp_path)
    now = datetime.now(UTC)
    card, loans = "XC00000007", [str(uuid.uuid4()) for _ in range(2)]

    def ev(seq: int, type_: str, payload: dict[str, Any]) -> EventEnvelope:
        return _branch_event(now, seq, type_, payload)

    def lend(seq: int, loan: str, barcode: str) -> EventEnvelope:
        return ev(seq, "loan.checked_out", {
            "loan_uid": loan, "item": barcode, "card_no": card,
            "due_date": (now.date() + timedelta(days=30)).isoformat(),
            "checked_out_at": now.isoformat(),
        })  # fmt: skip

    def index_row_count(s: Session) -> int:
        data = s.scalars(
            select(HubChange.data).where(HubChange.kind == "reader_index", HubChange.key == card)
        ).one()
        return int(data["open_loans"])

    hub = app.state.hub
    dev = DeviceRef("dev-br", "BR01")
    with hub.write() as s:
        req = PushRequest(
            device_id="dev-br", events=[lend(1, loans[0], "X1"), lend(2, loans[1], "X2")]
        )
        assert [r.status for r in push_events(s, dev, req, now)] == ["applied", "applied"]
        assert s.get_one(HubReader, card).open_loans == 2  # the session's copy
        assert index_row_count(s) == 2
    returned = {"loan_uid": loans[0], "item": "X1", "card_no": card,
                "returned_at": now.isoformat(), "days_late": 0, "fee_cents": 0}  # fmt: skip
    with hub.write() as s:
        req = PushRequest(device_id="dev-br", events=[ev(3, "loan.checked_in", returned)])
        assert [r.status for r in push_events(s, dev, req, now)] == ["applied"]
        assert s.get_one(HubReader, card).open_loans == 1
    with hub.read() as s:
        assert s.get_one(HubReader, card).open_loans == 1  # as stored
        assert index_row_count(s) == 1


def test_an_event_failing_after_the_batch_wrote_its_rows_leaves_the_rest_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A push writes its copies, readers and loans before any statement it runs
    (hub/push/records.py). When a later event fails (a bug, a database error) after such a
    write, the batch is rolled back and replayed: the rows written before the failure are gone,
    and the replay must make them again, not trip over the records it held for them (kept alive
    here by a reference, as a traceback or a log record may keep them)."""
    from sync_fixtures import hub_in_process

    from xclib_desk.hub.models import HubItem, HubLoan
    from xclib_desk.hub.push.context import BatchContext
    from xclib_desk.hub.push.registry import HANDLERS

    app, _token = hub_in_process(tmp_path)
    held: list[Any] = []  # as a traceback or a log record may, past the failure
    seen: list[tuple[str | None, list[Any]]] = []  # the copy as a query saw it, what was unwritten

    def fails_after_a_flush(ctx: BatchContext, e: Any, p: Any) -> list[str]:
        # what came before is written, as before any statement: a query sees the push's copy
        lent_copy = ctx.s.scalar(select(HubItem.status).where(HubItem.barcode == "XNEW1"))
        seen.append((lent_copy, list(ctx.records.changed)))
        held.extend(ctx.items.values())
        raise RuntimeError("bug")

    monkeypatch.setitem(HANDLERS, "visits.recorded", fails_after_a_flush)
    now = datetime.now(UTC)
    card, loan = "XC00000008", str(uuid.uuid4())

    def ev(seq: int, type_: str, payload: dict[str, Any]) -> EventEnvelope:
        return _branch_event(now, seq, type_, payload)

    lent = {"loan_uid": loan, "item": "XNEW1", "card_no": card,
            "due_date": (now.date() + timedelta(days=30)).isoformat(),
            "checked_out_at": now.isoformat()}  # fmt: skip
    batch = [
        ev(1, "loan.checked_out", lent),  # a copy and a reader the hub has never seen
        ev(2, "visits.recorded", {"day": now.date().isoformat(), "count": 3}),
    ]
    with app.state.hub.write() as s:
        answers = push_events(
            s, DeviceRef("dev-br", "BR01"), PushRequest(device_id="dev-br", events=batch), now
        )
        assert [(r.status, r.code) for r in answers] == [
            ("applied", None),
            ("rejected", "hub_error"),
        ]
        assert seen == [("on_loan", []), ("on_loan", [])]  # the batch, then its replay
    with app.state.hub.read() as s:
        it = s.get_one(HubItem, "XNEW1")
        assert (it.status, it.location, it.material_type) == ("on_loan", "BR01", "book")
        assert s.get_one(HubLoan, loan).card_no == card
        assert s.get_one(HubReader, card).open_loans == 1


@pytest.mark.parametrize("turns", [1, 3])
def test_a_hub_process_applies_at_most_its_turns_of_pushes_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, turns: int
) -> None:
    """In the morning rush more pushes in flight than the cores can run only make each slower:
    the pushes past a process's turns wait on its event loop, and every one is answered."""
    import asyncio

    import httpx
    from sync_fixtures import hub_in_process

    from xclib_desk.hub.api import sync as sync_api
    from xclib_desk.hub.push import PUSHES_AT_ONCE_ENV

    app, token = hub_in_process(tmp_path)
    monkeypatch.setenv(PUSHES_AT_ONCE_ENV, str(turns))
    monkeypatch.setattr(sync_api, "_turns", [])  # made again, with these turns
    inside, most = 0, 0
    lock = threading.Lock()
    real = sync_api._push

    def slow(*args: Any) -> Any:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)
        with lock:
            inside -= 1
        return real(*args)

    monkeypatch.setattr(sync_api, "_push", slow)
    now = datetime.now(UTC)
    bodies = [
        PushRequest(
            device_id="dev-br",
            events=[_branch_event(now, seq, "visits.recorded", {"day": "2026-12-01", "count": 1})],
        ).model_dump_json()
        for seq in range(1, 7)
    ]

    async def all_at_once() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            answers = await asyncio.gather(
                *(
                    client.post(
                        "/v1/push",
                        content=body,
                        headers={
                            "Authorization": f"Bearer {token}",
                            "X-Xclib-Protocol": "1",
                            "Content-Type": "application/json",
                        },
                    )
                    for body in bodies
                )
            )
        return [a.status_code for a in answers]

    assert asyncio.run(all_at_once()) == [200] * 6
    assert most == turns


def test_pushes_of_many_titles_read_and_write_them_in_as_many_statements_as_of_two(
    tmp_path: Path,
) -> None:
    """Each copy's feed row carries its title's record. A push adding (or lending copies of)
    twelve titles reads and writes the titles in as many statements as one of two: not a
    look-up and an INSERT per title (a desk's morning batch lends fifty different books)."""
    from sync_fixtures import hub_in_process

    app, _token = hub_in_process(tmp_path)
    hub, now = app.state.hub, datetime.now(UTC)
    seq = iter(range(1, 1000))

    def ev(type_: str, payload: dict[str, Any]) -> EventEnvelope:
        return _branch_event(now, next(seq), type_, payload)

    def title_statements(events: list[EventEnvelope]) -> int:
        """How many statements on ``hub_title`` pushing these events ran."""
        return len([sql for sql in statements_pushing(hub, events, now) if "hub_title" in sql])

    def stock(n: int, tag: str) -> tuple[list[str], int]:
        """``n`` titles with a copy each: the copies' barcodes, and the statements on titles."""
        events = []
        for i in range(n):
            uid = str(uuid.uuid4())
            events.append(ev("title.added", {
                "uid": uid, "isbn": None, "title": f"书名{tag}{i}", "author": "作者",
                "publisher": "出版社", "year": 2010, "clc": "I246.57", "language": "chi",
            }))  # fmt: skip
            events.append(ev("item.added", {
                "barcode": f"T{tag}{i:04d}", "title_uid": uid, "call_number": "I246.57/L544",
                "material_type": "book", "owner": "BR01", "location": "BR01", "price_cents": 2500,
            }))  # fmt: skip
        return [f"T{tag}{i:04d}" for i in range(n)], title_statements(events)

    def title_reads_lending(barcodes: list[str]) -> int:
        events = [
            ev(
                "loan.checked_out",
                {
                    "loan_uid": str(uuid.uuid4()),
                    "item": bc,
                    "card_no": f"XC{i:08d}",
                    "due_date": (now.date() + timedelta(days=30)).isoformat(),
                    "checked_out_at": now.isoformat(),
                },
            )
            for i, bc in enumerate(barcodes)
        ]
        return title_statements(events)

    (few, added_few), (many, added_many) = stock(2, "A"), stock(12, "B")
    assert added_many == added_few
    assert title_reads_lending(many) == title_reads_lending(few) <= 1
    with hub.read() as s:  # and every copy's row still carries its own title
        rows = s.scalars(select(HubChange.data).where(HubChange.kind == "item")).all()
    titles = {r["barcode"]: r["title"]["title"] for r in rows if r["barcode"] in many}
    assert titles == {bc: f"书名B{i}" for i, bc in enumerate(many)}


def test_a_push_of_returns_elsewhere_runs_as_many_statements_for_twelve_as_for_two(
    tmp_path: Path,
) -> None:
    """Return anywhere: each copy returned at a point not its owner's starts a transfer home,
    and a late one raises a fee. Twelve such returns run as many statements as two: the
    batch's transfers and fees are looked up together and written together, not one look-up
    and one INSERT each (which also wrote the batch's copies and loans again at every event)."""
    from sync_fixtures import hub_in_process

    from xclib_desk.hub import admin
    from xclib_desk.protocol.wire import PointIn

    app, _token = hub_in_process(tmp_path)
    hub, now = app.state.hub, datetime.now(UTC)
    with hub.write() as s:
        admin.add_point(s, PointIn(code="BR02", name="借出点", level="community"))
    seq = iter(range(1, 1000))

    def returns_elsewhere(n: int, tag: str) -> int:
        events = [
            _branch_event(
                now,
                next(seq),
                "loan.checked_in",
                {
                    "loan_uid": str(uuid.uuid4()),
                    "item": f"E{tag}{i:04d}",
                    "card_no": f"XE{i:08d}",
                    "returned_at": now.isoformat(),
                    "days_late": 3 * (i % 2),
                    "fee_cents": 30 * (i % 2),
                    "transfer_uid": str(uuid.uuid4()),
                    "route_to": "BR02",
                },
            )
            for i in range(n)
        ]
        return len(statements_pushing(hub, events, now))

    assert returns_elsewhere(12, "B") == returns_elsewhere(2, "A")
    with hub.read() as s:  # every return started its transfer, every late one its fee
        rows = s.execute(select(HubChange.kind, HubChange.scope, HubChange.key)).all()
    transfers = {key for kind, scope, key in rows if kind == "transfer" and scope == "BR02"}
    fees = {key for kind, _scope, key in rows if kind == "fee"}
    assert (len(transfers), len(fees)) == (14, 7)


def statements_pushing(hub: Hub, events: list[EventEnvelope], now: datetime) -> list[str]:
    """The statements pushing these events of ``dev-br`` (all applied) ran."""
    sqls: list[str] = []

    def seen(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        sqls.append(sql)

    event.listen(hub.engine, "before_cursor_execute", seen)
    try:
        with hub.write() as s:
            req = PushRequest(device_id="dev-br", events=events)
            results = push_events(s, DeviceRef("dev-br", "BR01"), req, now)
    finally:
        event.remove(hub.engine, "before_cursor_execute", seen)
    assert {r.status for r in results} == {"applied"}
    return sqls
