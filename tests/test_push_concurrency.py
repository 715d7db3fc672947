"""Concurrent pushes on PostgreSQL (docs/sync-protocol.md, "Concurrent pushes"): pushes of
loans run side by side instead of one after another, yet no pull ever passes a change that
commits later, and pushes fighting over the same copies lose no update.

Real connections to a real PostgreSQL schema, many threads (desks adding copies of one shared
title and lending them), each push slowed at random in the
two places that matter: after its changes (keys locked, beside the other pushes) and after
taking its feed positions (before commit, the section the cursor promise rests on). Pullers
read the feed with small pages meanwhile, exactly as ``GET /v1/pull`` does.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sync_fixtures import PG_URL, pg_drop, pg_schema_url

import xclib_desk.hub.push as push_pkg
from xclib_desk.hub import admin, bulk
from xclib_desk.hub.db import Hub, open_hub
from xclib_desk.hub.models import (
    HubChange,
    HubEvent,
    HubItem,
    HubLoan,
    HubReader,
    HubStandards,
    HubTitle,
)
from xclib_desk.hub.push import push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.hub.push.feed import Feed, feed_page
from xclib_desk.protocol.wire import PointIn, PushRequest

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (XCLIB_TEST_PG_URL)")
POINTS = ["CCA", "CCB", "CCC"]


@pytest.fixture()
def pg_hub() -> Iterator[Hub]:
    assert PG_URL
    url, schema = pg_schema_url(PG_URL)
    hub = open_hub(url)
    with hub.write() as s:
        for code in POINTS:
            admin.add_point(s, PointIn(code=code, name=f"并发{code}", level="community"))
    yield hub
    hub.engine.dispose()
    pg_drop(PG_URL, schema)


class Desk:
    """A device at a point, numbering its events as a desk does."""

    def __init__(self, point: str, version: int) -> None:
        self.ref = DeviceRef(str(uuid.uuid4()), point)
        self.seq = 0
        self.version = version
        self.lock = threading.Lock()

    def event(self, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.seq += 1
            seq = self.seq
        ms = int(time.time() * 1000)
        return {
            "event_id": str(uuid.uuid4()),
            "device_id": self.ref.device_id,
            "seq": seq,
            "type": type_,
            "hlc": f"{ms:013d}-{seq % 100_000:05d}-{self.ref.device_id[:8]}",
            "wall_time": datetime.now(UTC).isoformat(),
            "staff_code": "lib",
            "point_code": self.ref.point_code,
            "standards_version": self.version,
            "payload": payload,
        }

    def title(self, uid: str) -> dict[str, Any]:
        return self.event(
            "title.added",
            {
                "uid": uid,
                "isbn": None,
                "title": "城南旧事",
                "author": "林海音",
                "publisher": "人民文学出版社",
                "year": 2010,
                "clc": "I246.57",
                "language": "chi",
            },
        )

    def item(self, bc: str, title_uid: str) -> dict[str, Any]:
        point = self.ref.point_code
        return self.event(
            "item.added",
            {
                "barcode": bc,
                "title_uid": title_uid,
                "call_number": "I246.57/L544",
                "material_type": "book",
                "owner": point,
                "location": point,
                "price_cents": 2500,
            },
        )

    def checkout(self, bc: str, card: str) -> dict[str, Any]:
        return self.event(
            "loan.checked_out",
            {
                "loan_uid": str(uuid.uuid4()),
                "item": bc,
                "card_no": card,
                "due_date": (date.today() + timedelta(days=30)).isoformat(),
                "checked_out_at": datetime.now(UTC).isoformat(),
            },
        )

    def checkin(self, loan: dict[str, Any]) -> dict[str, Any]:
        p = loan["payload"]
        return self.event(
            "loan.checked_in",
            {
                "loan_uid": p["loan_uid"],
                "item": p["item"],
                "card_no": p["card_no"],
                "returned_at": datetime.now(UTC).isoformat(),
                "days_late": 0,
                "fee_cents": 0,
            },
        )

    def push(self, hub: Hub, events: list[dict[str, Any]]) -> list[str]:
        req = PushRequest.model_validate({"device_id": self.ref.device_id, "events": events})
        with hub.write() as s:
            results = push_events(s, self.ref, req, datetime.now(UTC))
        return [r.status for r in results]


def standards_version(hub: Hub) -> int:
    with hub.read() as s:
        return int(s.scalar(select(func.max(HubStandards.version))) or 1)


class Slow:
    """Wraps the push's feed write: random sleeps before it (changes made, keys locked) and
    after it (positions taken, not yet committed); counts pushes in flight side by side."""

    def __init__(self, seed: int, real: Callable[..., int]) -> None:
        self.rng = random.Random(seed)
        self.real = real
        self.lock = threading.Lock()
        self.inside = 0
        self.most_inside = 0

    def __call__(self, s: Any, feed: Feed, *held: Any) -> int:
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            before, after = self.rng.choice([0, 0, 0.002, 0.02]), self.rng.choice([0, 0, 0.01])
        try:
            time.sleep(before)
        finally:
            with self.lock:
                self.inside -= 1
        n = self.real(s, feed, *held)
        time.sleep(after)
        return n


def pull_all(hub: Hub, point: str, stop: threading.Event, seen: set[tuple[int, str, str]]) -> None:
    """Follow the point's feed by cursor in small pages until told to stop, then to its end."""
    cursor, rng = 0, random.Random(point)
    while True:
        done = stop.is_set()  # read before the page: the last pass starts after every commit
        while True:
            with hub.read() as s:
                page = feed_page(s, point, cursor, rng.randint(1, 9))
            if not page:
                break
            assert page[0][0] > cursor
            seen.update((pos, kind, key) for pos, kind, key, _ in page)
            cursor = page[-1][0]
        if done:
            return
        time.sleep(rng.choice([0, 0.001, 0.005]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_pull_skips_a_change_while_slow_and_fast_pushes_interleave(
    pg_hub: Hub, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    slow = Slow(seed, push_pkg.write_feed)
    monkeypatch.setattr(push_pkg, "write_feed", slow)
    version = standards_version(pg_hub)
    rng = random.Random(seed)
    desks = [Desk(POINTS[i % len(POINTS)], version) for i in range(6)]
    stop = threading.Event()
    seen: dict[str, set[tuple[int, str, str]]] = {p: set() for p in POINTS}
    errors: list[BaseException] = []

    def guarded(fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except BaseException as e:  # re-raised in the test's thread below
                errors.append(e)

        return run

    title = str(uuid.uuid4())  # every desk adds copies of it: its search text is shared

    def pusher(d: Desk, n: int) -> Callable[[], None]:
        def run() -> None:
            for k in range(n):
                tag = f"{d.ref.device_id[:6]}{k:03d}"
                evs = [d.title(title)] if k == 0 else []
                # a push adding copies of the shared title waits for the others doing so
                adding = k == 0 or rng.random() < 0.3
                for j in range(rng.randint(1, 6)):
                    if adding:
                        evs.append(d.item(f"B{tag}{j}", title))
                    evs.append(d.checkout(f"B{tag}{j}", f"C{tag}{j}"))
                assert set(d.push(pg_hub, evs)) == {"applied"}

        return run

    def admin_writer() -> None:
        # a writer of another kind (it locks the whole feed) now and then, between the pushes
        for k in range(4):
            with pg_hub.write() as s:
                admin.add_point(s, PointIn(code=f"CX{seed}{k}", name="临时点", level="community"))
            time.sleep(0.01)

    pullers = [
        threading.Thread(target=guarded(lambda p=p: pull_all(pg_hub, p, stop, seen[p])))
        for p in POINTS
    ]
    writers = [threading.Thread(target=guarded(pusher(d, 10))) for d in desks]
    writers.append(threading.Thread(target=guarded(admin_writer)))
    for t in pullers + writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    for t in pullers:
        t.join()
    if errors:
        raise errors[0]

    with pg_hub.read() as s:
        rows = s.execute(select(HubChange.scope, HubChange.pos, HubChange.kind, HubChange.key))
        feed = [tuple(r) for r in rows]
    for point in POINTS:
        # every key is written once, so a skipped row is never hidden by a later move
        mine = {(pos, kind, key) for scope, pos, kind, key in feed if scope in ("*", point)}
        assert mine - seen[point] == set(), f"{point}'s puller skipped changes"
        assert any(kind == "loan" for _, kind, _ in mine)
    assert slow.most_inside >= 2, "pushes of loans still ran one after another"
    with pg_hub.read() as s:
        record = s.get(HubTitle, title)
        owned = s.scalars(select(HubItem.barcode).where(HubItem.title_uid == title)).all()
    assert record is not None and owned
    # no copy lost from the union text (which keeps barcodes lower-cased)
    assert all(bc.lower() in record.search_text for bc in owned)


def test_pushes_fighting_over_the_same_copies_lose_no_update(
    pg_hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(push_pkg, "write_feed", Slow(7, push_pkg.write_feed))
    version = standards_version(pg_hub)
    desks = [Desk(POINTS[i % len(POINTS)], version) for i in range(5)]
    copies = ["HOT001", "HOT002", "HOT003"]
    sent: list[str] = []
    errors: list[BaseException] = []

    def run(d: Desk, seed: int) -> None:
        rng = random.Random(seed)
        try:
            for k in range(12):
                card = f"R{seed}{k % 3}"
                out = d.checkout(rng.choice(copies), card)
                batch = [out, d.checkin(out)] if rng.random() < 0.4 else [out]
                sent.extend(e["event_id"] for e in batch)
                d.push(pg_hub, batch)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(d, i)) for i, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]

    with pg_hub.read() as s:
        ledger = s.scalars(select(HubEvent.event_id)).all()
        assert sorted(ledger) == sorted(sent)  # every event once
        for bc in copies:
            it = s.get(HubItem, bc)
            assert it is not None
            open_loans = s.scalars(
                select(HubLoan).where(HubLoan.item == bc, HubLoan.returned_at.is_(None))
            ).all()
            assert len(open_loans) <= 1  # a double loan closed the older one
            assert (it.status == "on_loan") == bool(open_loans)
            if open_loans:
                assert it.location == open_loans[0].point
        for r in s.scalars(select(HubReader)):
            actual = s.scalar(
                select(func.count())
                .select_from(HubLoan)
                .where(HubLoan.card_no == r.card_no, HubLoan.returned_at.is_(None))
            )
            assert r.open_loans == actual, r.card_no


def test_a_push_runs_nothing_between_taking_its_positions_and_committing(pg_hub: Hub) -> None:
    """Concurrent pushes take the feed counter in turn and hold it until they commit, so every
    statement inside that section makes every other push wait (in the 300-desk rush, nine lock
    waits in ten were on the counter while it covered dumping and upserting the rows). The
    statement that moves the counter must upsert the rows itself and be the push's last."""
    version = standards_version(pg_hub)
    desk = Desk("CCA", version)
    title = str(uuid.uuid4())
    setup = [desk.title(title), desk.item("SEC001", title)]
    assert desk.push(pg_hub, setup) == ["applied", "applied"]
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        statements.append(" ".join(sql.split()))

    event.listen(pg_hub.engine, "before_cursor_execute", seen)
    try:
        out = desk.checkout("SEC001", "RSEC01")
        assert desk.push(pg_hub, [out, desk.checkin(out)]) == ["applied", "applied"]
    finally:
        event.remove(pg_hub.engine, "before_cursor_execute", seen)
    counter = [i for i, sql in enumerate(statements) if "hub_meta" in sql]
    assert len(counter) == 1, statements
    section = statements[counter[0] :]
    assert len(section) == 1, section  # then only the commit
    assert "INSERT INTO hub_change" in section[0]
    with pg_hub.read() as s:  # and that statement did write the push's rows
        keys = {(k, key) for k, key in s.execute(select(HubChange.kind, HubChange.key))}
    assert ("loan", out["payload"]["loan_uid"]) in keys


def test_a_push_finds_the_rows_it_updates_by_key_whatever_the_tables_size(pg_hub: Hub) -> None:
    """A push writes its changed copies, readers and loans with one ``UPDATE ... FROM
    json_to_recordset(...)`` per table. The planner takes that function for a hundred rows of
    unknown keys: joined on the key alone, every push scanned the whole table (a district's
    300,000 copies, at every push of the morning rush). Bound again as an array, the keys are
    found by the primary key's index."""
    with pg_hub.write() as s:
        s.execute(
            text(
                "INSERT INTO hub_item (barcode, call_number, material_type, status, state_hlc) "
                "SELECT 'BIG' || g, '', 'book', 'available', '' FROM generate_series(1, 20000) g"
            )
        )
        s.execute(text("ANALYZE hub_item"))
    rows = [{"barcode": "BIG7", "status": "on_loan"}, {"barcode": "BIG8", "status": "on_loan"}]
    with pg_hub.write() as s:
        stmt = bulk._update_from_json(HubItem.__table__, "barcode", ("status",))
        compiled = stmt.compile(dialect=s.get_bind().dialect)
        params = compiled.construct_params(
            {bulk.ROWS_PARAM: bulk.json_rows(rows), bulk.KEYS_PARAM: ["BIG7", "BIG8"]}
        )
        plan = s.connection().exec_driver_sql(f"EXPLAIN {compiled}", params).scalars().all()
        bulk.update_rows(s, HubItem.__table__, "barcode", rows)
    assert not [line for line in plan if "Seq Scan" in line], plan
    with pg_hub.read() as s:
        lent = s.scalars(select(HubItem.barcode).where(HubItem.status == "on_loan")).all()
    assert sorted(lent) == ["BIG7", "BIG8"]
