"""One hostile point among honest ones: the honest points end exactly where they would without it.

Three honest points do a random day's work (readers registered, edited, blocked and renewed at
home; copies added, lent to readers of any point, returned anywhere, renewed, damaged, sent
home; titles corrected), each pushing its queue through the hub's push in batches. A fourth
point, with its own valid device, pushes random forgeries in between: other points' readers,
loans, copies, titles, shifts and boxes named in every event type that names them, claims on
their card numbers and barcodes, far-future clocks (``9999999999999-99999-z``), and malformed
payloads (NUL, zero-width and overlong codes, dates that are no dates, objects for text,
unknown types). The same honest work is pushed to a second hub without the hostile point; the
honest points' readers, copies, loans, titles and transfers must be identical in both.

Left out on purpose: the hostile point lending or taking back honest copies. Check-outs and
returns are accepted from anywhere (the copy in the staff's hand is the truth; 通借通还), so
they are conflicts the hub flags (``double_loan``), not forgeries it can refuse.

The hub is driven in process (``hub.push.push_events`` inside ``Hub.write``, as the HTTP layer
calls it) on a real SQLite file, and on PostgreSQL when ``XCLIB_TEST_PG_URL`` is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from xclib_desk.hub.db import Hub, open_hub
from xclib_desk.hub.models import HubItem, HubLoan, HubPoint, HubReader, HubTitle, HubTransfer
from xclib_desk.hub.push import push_events
from xclib_desk.hub.push.context import DeviceRef
from xclib_desk.protocol.wire import PushRequest

PG_URL = os.environ.get("XCLIB_TEST_PG_URL")
HONEST = ("HP0", "HP1", "HP2")
HOSTILE = "HX9"
T0 = int(datetime(2026, 11, 24, 2, tzinfo=UTC).timestamp() * 1000)
WALL = datetime(2026, 11, 24, 2, tzinfo=UTC)
FAR_FUTURE = "9999999999999-99999-z"

OPS = st.sampled_from(
    [
        "checkout",
        "checkout",
        "checkout",
        "checkin",
        "checkin",
        "renew",
        "edit",
        "block",
        "unblock",
        "card",
        "damage",
        "repair",
        "send_home",
        "title",
        "flush",
        "flush",
    ]
)
FORGES = st.sampled_from(
    [
        "reader.updated",
        "reader.blocked",
        "reader.unblocked",
        "reader.card_renewed",
        "reader.registered",
        "item.added",
        "title.added",
        "title.updated",
        "item.status_changed",
        "transfer.created",
        "shipment.dispatched",
        "loan.renewed",
        "duty.ended",
        "exception.resolved",
        "malformed",
        "malformed",
        "wrong_point",
    ]
)


@dataclass
class Model:
    """What the honest points have done so far (to make plausible next events)."""

    tag: str
    readers: dict[str, str] = field(default_factory=dict)  # card -> home point
    blocked: set[str] = field(default_factory=set)
    items: dict[str, str] = field(default_factory=dict)  # barcode -> owner
    at: dict[str, str] = field(default_factory=dict)  # barcode -> point whose shelf has it
    damaged: set[str] = field(default_factory=set)
    moving: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # point -> its title uid
    loans: dict[str, tuple[str, str, str, int]] = field(default_factory=dict)  # open: uid ->
    # (barcode, card, lending point, renewals)
    lent: list[str] = field(default_factory=list)  # every loan uid, returned or not
    shifts: dict[str, str] = field(default_factory=dict)  # uid -> point
    pushed: set[str] = field(default_factory=set)  # keys the hub has been told of
    clock: int = 0

    def hlc(self, point: str) -> str:
        self.clock += 1
        return f"{T0 + self.clock * 1000:013d}-00000-{point}"


class Device:
    def __init__(self, point: str, tag: str) -> None:
        self.ref = DeviceRef(f"{point}-{tag}", point)
        self.seq = 0
        self.queue: list[dict[str, Any]] = []

    def event(self, type_: str, payload: dict[str, Any], hlc: str) -> dict[str, Any]:
        self.seq += 1
        return {
            "event_id": str(uuid.uuid4()),
            "device_id": self.ref.device_id,
            "seq": self.seq,
            "type": type_,
            "hlc": hlc,
            "wall_time": WALL.isoformat(),
            "staff_code": "lib",
            "point_code": self.ref.point_code,
            "standards_version": 1,
            "payload": payload,
        }


def honest_work(
    tag: str, steps: list[tuple[int, str, int]]
) -> tuple[Model, list[tuple[DeviceRef, list[dict[str, Any]]]]]:
    """The honest points' batches in the order they push them (each point's queue goes out on
    ``flush`` steps and now and then), and the model of everything they did."""
    m = Model(tag)
    devs = {p: Device(p, tag) for p in HONEST}
    pushes: list[tuple[DeviceRef, list[dict[str, Any]]]] = []

    def emit(p: str, type_: str, payload: dict[str, Any]) -> None:
        devs[p].queue.append(devs[p].event(type_, payload, m.hlc(p)))

    def flush(p: str) -> None:
        if devs[p].queue:
            pushes.append((devs[p].ref, devs[p].queue))
            devs[p].queue = []

    for n, p in enumerate(HONEST):  # each point: a title, three copies, three readers, a shift
        title = str(uuid.uuid4())
        m.titles[p] = title
        emit(
            p,
            "title.added",
            {
                "uid": title,
                "isbn": None,
                "title": f"书{n}",
                "author": "某",
                "publisher": "某社",
                "year": 2020,
                "clc": "I247",
                "language": "chi",
            },
        )
        for i in range(3):
            bc = f"B{tag}{n}{i}"
            m.items[bc], m.at[bc] = p, p
            emit(
                p,
                "item.added",
                {
                    "barcode": bc,
                    "title_uid": title,
                    "call_number": f"I247/{i}",
                    "material_type": "book",
                    "owner": p,
                    "location": p,
                    "price_cents": 100,
                },
            )
            card = f"C{tag}{n}{i}"
            m.readers[card] = p
            emit(
                p,
                "reader.registered",
                {
                    "card_no": card,
                    "name": "王小明",
                    "reader_type": "adult",
                    "id_hash": "h",
                    "id_masked": "1101**********0000",
                    "birth_date": "1990-01-01",
                    "expires_on": "2030-01-01",
                    "home_point": p,
                },
            )
        shift = str(uuid.uuid4())
        m.shifts[shift] = p
        emit(p, "duty.started", {"uid": shift, "staff_code": "lib", "started_at": WALL.isoformat()})
        flush(p)
    for i, op, k in steps:
        p = HONEST[i]
        cards = sorted(c for c in m.readers if c not in m.blocked)
        on_loan = {v[0] for v in m.loans.values()}
        shelf = sorted(
            b
            for b, at in m.at.items()
            if at == p and b not in on_loan and b not in m.damaged and b not in m.moving
        )
        mine = sorted(c for c, home in m.readers.items() if home == p)
        if op == "checkout" and shelf and cards:
            bc, card, uid = shelf[k % len(shelf)], cards[k % len(cards)], str(uuid.uuid4())
            m.loans[uid] = (bc, card, p, 0)
            m.lent.append(uid)
            emit(
                p,
                "loan.checked_out",
                {
                    "loan_uid": uid,
                    "item": bc,
                    "card_no": card,
                    "due_date": "2027-01-05",
                    "checked_out_at": WALL.isoformat(),
                },
            )
        elif op == "checkin" and m.loans:
            uid = sorted(m.loans)[k % len(m.loans)]
            bc, card, _, _ = m.loans.pop(uid)
            m.at[bc] = p  # returned here, wherever it was lent (通借通还)
            emit(
                p,
                "loan.checked_in",
                {
                    "loan_uid": uid,
                    "item": bc,
                    "card_no": card,
                    "returned_at": WALL.isoformat(),
                    "days_late": 0,
                    "fee_cents": 0,
                },
            )
        elif op == "renew":
            own = sorted(u for u, v in m.loans.items() if v[2] == p)
            if own:
                uid = own[k % len(own)]
                bc, card, lender, r = m.loans[uid]
                m.loans[uid] = (bc, card, lender, r + 1)
                emit(
                    p,
                    "loan.renewed",
                    {
                        "loan_uid": uid,
                        "item": bc,
                        "renewals": r + 1,
                        "due_date": str(date(2027, 2, 1) + timedelta(r)),
                    },
                )
        elif op == "edit" and mine:
            emit(
                p,
                "reader.updated",
                {
                    "card_no": mine[k % len(mine)],
                    "fields": {"name": f"读者{k % 97}", "phone": f"1380000{k % 9999:04d}"},
                },
            )
        elif op in ("block", "unblock") and mine:
            card = mine[k % len(mine)]
            if op == "block":
                m.blocked.add(card)
                emit(p, "reader.blocked", {"card_no": card, "reason": "逾期"})
            else:
                m.blocked.discard(card)
                emit(p, "reader.unblocked", {"card_no": card})
        elif op == "card" and mine:
            emit(
                p,
                "reader.card_renewed",
                {
                    "card_no": mine[k % len(mine)],
                    "expires_on": str(date(2031, 1, 1) + timedelta(k % 300)),
                },
            )
        elif op == "damage" and shelf:
            bc = shelf[k % len(shelf)]
            m.damaged.add(bc)
            emit(
                p,
                "item.status_changed",
                {"barcode": bc, "status": "damaged", "previous": "available", "reason": "水渍"},
            )
        elif op == "repair":
            here = sorted(b for b in m.damaged if m.at[b] == p)
            if here:
                bc = here[k % len(here)]
                m.damaged.discard(bc)
                emit(
                    p,
                    "item.status_changed",
                    {"barcode": bc, "status": "available", "previous": "damaged", "reason": "修好"},
                )
        elif op == "send_home":
            away = [b for b in shelf if m.items[b] != p]
            if away:
                bc = away[k % len(away)]
                m.moving.add(bc)
                emit(
                    p,
                    "transfer.created",
                    {
                        "uid": str(uuid.uuid4()),
                        "item": bc,
                        "from_point": p,
                        "to_point": m.items[bc],
                        "reason": "return_home",
                    },
                )
        elif op == "title":
            emit(p, "title.updated", {"uid": m.titles[p], "fields": {"author": f"作者{k % 13}"}})
        if op == "flush" or k % 4 == 0:
            flush(p)
    for p in HONEST:
        flush(p)
    return m, pushes


def forgery(seen: Model, m: Model, x: Device, kind: str, k: int, far: bool) -> dict[str, Any]:
    """One event from the hostile point about the honest points' things (or a malformed one).
    It names any honest reader, copy or loan (``m``: the hub must refuse those it does not know
    yet too), but claims only keys and uids the hub already has (``seen``): taking a card
    number, barcode or uid before its point registers it is first come, first served."""
    hlc = FAR_FUTURE if far else seen.hlc(HOSTILE)
    cards, bcs = sorted(m.readers), sorted(m.items)
    card, bc = cards[k % len(cards)], bcs[k % len(bcs)]
    known_cards = sorted(c for c in seen.readers if c in seen.pushed)
    known_bcs = sorted(b for b in seen.items if b in seen.pushed)
    loans = sorted(m.lent)
    titles = sorted(seen.titles.values())
    shifts = sorted(seen.shifts)
    if (
        (kind == "reader.registered" and not known_cards)
        or (kind == "item.added" and not known_bcs)
        or (kind in ("title.added", "title.updated", "item.added") and not titles)
        or (kind == "duty.ended" and not shifts)
    ):
        kind = "malformed"
    title = titles[k % len(titles)] if titles else str(uuid.uuid4())
    now = WALL.isoformat()
    payload: dict[str, Any]
    if kind == "reader.updated":
        payload = {
            "card_no": card,
            "fields": {"name": "冒名", "address": "伪造", "reader_type": "vip"},
        }
    elif kind == "reader.blocked":
        payload = {"card_no": card, "reason": "冒名停用"}
    elif kind == "reader.unblocked":
        payload = {"card_no": card}
    elif kind == "reader.card_renewed":
        payload = {"card_no": card, "expires_on": "2000-01-01"}
    elif kind == "reader.registered":  # a claim on a card the hub already has
        payload = {
            "card_no": known_cards[k % len(known_cards)],
            "name": "冒名",
            "reader_type": "adult",
            "id_hash": "x",
            "id_masked": "x",
            "birth_date": None,
            "expires_on": "2099-01-01",
            "home_point": HOSTILE,
        }
    elif kind == "item.added":  # a claim on a copy the hub already has
        payload = {
            "barcode": known_bcs[k % len(known_bcs)],
            "title_uid": title,
            "call_number": "X",
            "material_type": "book",
            "owner": HOSTILE,
            "location": HOSTILE,
            "price_cents": 1,
        }
    elif kind == "title.added":
        payload = {
            "uid": title,
            "isbn": None,
            "title": "冒名",
            "author": "x",
            "publisher": "x",
            "year": 1900,
            "clc": "Z",
            "language": "x",
        }
    elif kind == "title.updated":
        payload = {"uid": title, "fields": {"title": "冒名", "author": "冒名"}}
    elif kind == "item.status_changed":
        payload = {
            "barcode": bc,
            "status": ["lost", "withdrawn", "available"][k % 3],
            "previous": "available",
            "reason": "冒名",
        }
    elif kind == "transfer.created":
        payload = {
            "uid": str(uuid.uuid4()),
            "item": bc,
            "from_point": HOSTILE,
            "to_point": HOSTILE,
            "reason": "return_home",
        }
    elif kind == "shipment.dispatched":
        payload = {
            "uid": str(uuid.uuid4()),
            "from_point": HOSTILE,
            "to_point": HONEST[k % 3],
            "items": bcs[: 1 + k % 3],
        }
    elif kind == "loan.renewed":
        uid = loans[k % len(loans)] if loans else str(uuid.uuid4())
        payload = {"loan_uid": uid, "item": bc, "due_date": "2036-01-01", "renewals": 1}
    elif kind == "duty.ended":
        payload = {"uid": shifts[k % len(shifts)], "staff_code": "x", "ended_at": now}
    elif kind == "exception.resolved":
        payload = {"uid": str(uuid.uuid4()), "resolution": "accept"}
    elif kind == "wrong_point":  # the payload names an honest point as the actor
        p = m.items.get(bc, HONEST[0])
        return x.event(
            "transfer.created",
            {
                "uid": str(uuid.uuid4()),
                "item": bc,
                "from_point": p,
                "to_point": HOSTILE,
                "reason": "return_home",
            },
            hlc,
        )
    else:  # malformed: what the typed protocol refuses, aimed at honest keys
        bad: list[tuple[str, dict[str, Any]]] = [
            ("reader.updated", {"card_no": card, "fields": {"birth_date": "not-a-date"}}),
            ("reader.updated", {"card_no": card + "\x00", "fields": {"name": "x"}}),
            ("reader.blocked", {"card_no": card + "\u200b", "reason": "x"}),
            ("reader.card_renewed", {"card_no": "\u202e" + card, "expires_on": "2000-01-01"}),
            ("title.updated", {"uid": title, "fields": {"author": {"x": 1}}}),
            (
                "item.status_changed",
                {
                    "barcode": bc + "X" * 100_000,
                    "status": "lost",
                    "previous": "available",
                    "reason": "x",
                },
            ),
            (
                "loan.renewed",
                {"loan_uid": str(uuid.uuid4()), "item": bc, "due_date": "soon", "renewals": -1},
            ),
            ("reader.updated", {"card_no": card, "fields": {"name": "x" * 5000}}),
            ("no.such_type", {"card_no": card}),
            ("reader.updated", {"card_no": card, "fields": {"status": "blocked"}}),
        ]
        type_, payload = bad[k % len(bad)]
        return x.event(type_, payload, hlc)
    return x.event(kind, payload, hlc)


def honest_state(hub: Hub, m: Model) -> dict[str, Any]:
    """Everything the hub holds about the honest points' readers, copies, loans and titles."""
    honest = {
        "readers": (HubReader, HubReader.card_no, list(m.readers)),
        "items": (HubItem, HubItem.barcode, list(m.items)),
        "loans": (HubLoan, HubLoan.item, list(m.items)),
        "titles": (HubTitle, HubTitle.uid, list(m.titles.values())),
        "transfers": (HubTransfer, HubTransfer.item, list(m.items)),
    }
    out: dict[str, Any] = {}
    with hub.read() as s:
        for name, (table, key, keys) in honest.items():
            rows = [
                {c.key: getattr(r, c.key) for c in table.__table__.columns}
                for r in s.scalars(select(table).where(key.in_(keys)))
            ]
            out[name] = sorted(rows, key=repr)
    return out


def replay(
    hub: Hub,
    tag: str,
    pushes: list[tuple[DeviceRef, list[dict[str, Any]]]],
    hostile: list[tuple[int, str, int, bool]],
    m: Model,
) -> None:
    """Push the honest batches in order; before honest push ``i``, the forgeries placed there
    (made from what the honest points have pushed so far)."""
    x = Device(HOSTILE, tag)
    at: dict[int, list[tuple[str, int, bool]]] = {}
    for pos, kind, k, far in hostile:
        at.setdefault(pos % (len(pushes) + 1), []).append((kind, k, far))
    seen = Model(tag)  # only what the hub has been told: uids are not guessable before that
    for i in range(len(pushes) + 1):
        if at.get(i):
            evs = [forgery(seen, m, x, kind, k, far) for kind, k, far in at[i]]
            with hub.write() as s:
                res = push_events(
                    s, x.ref, PushRequest(device_id=x.ref.device_id, events=evs), datetime.now(UTC)
                )
            honest_titles = set(m.titles.values())
            applied = [
                (e["type"], r.status, r.code)
                for e, r in zip(evs, res, strict=True)
                if r.status != "rejected"
                # a new title record is anyone's to add (an existing one is left as it is),
                # and a title no honest point has told the hub of is not theirs yet
                and e["type"] != "title.added"
                and not (e["type"] == "title.updated" and e["payload"]["uid"] not in honest_titles)
            ]
            assert not applied, applied  # every other forgery is refused, each alone
        if i == len(pushes):
            break
        dev, evs = pushes[i]
        with hub.write() as s:
            res = push_events(
                s, dev, PushRequest(device_id=dev.device_id, events=evs), datetime.now(UTC)
            )
        for e in evs:  # what the hostile point may now know of (the feed would tell it)
            p = e["payload"]
            for key in ("card_no", "barcode", "item"):
                if key in p:
                    seen.pushed.add(p[key])
            if e["type"] == "reader.registered":
                seen.readers[p["card_no"]] = p["home_point"]
            elif e["type"] == "item.added":
                seen.items[p["barcode"]] = p["owner"]
            elif e["type"] == "loan.checked_out":
                seen.loans[p["loan_uid"]] = (p["item"], p["card_no"], dev.point_code, 0)
            elif e["type"] == "loan.checked_in":
                seen.loans.pop(p["loan_uid"], None)
            elif e["type"] == "title.added":
                seen.titles[dev.point_code] = p["uid"]
            elif e["type"] == "duty.started":
                seen.shifts[p["uid"]] = dev.point_code


@pytest.fixture(scope="module", params=["sqlite", "pg"] if PG_URL else ["sqlite"])
def two_hubs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Hub, Hub]]:
    from sync_fixtures import pg_drop, pg_schema_url

    tmp: Path = tmp_path_factory.mktemp("hostile")
    schemas: list[str] = []
    hubs = []
    for name in ("with", "without"):
        if request.param == "pg":
            assert PG_URL
            url, schema = pg_schema_url(PG_URL)
            schemas.append(schema)
        else:
            url = f"sqlite:///{tmp / name}.sqlite3"
        hub = open_hub(url)
        with hub.write() as s:
            for p in (*HONEST, HOSTILE):
                s.add(HubPoint(code=p, name=p, level="community", created_at=WALL))
        hubs.append(hub)
    yield hubs[0], hubs[1]
    for hub in hubs:
        hub.engine.dispose()
    for schema in schemas:
        assert PG_URL
        pg_drop(PG_URL, schema)


STEP = st.tuples(st.integers(0, len(HONEST) - 1), OPS, st.integers(0, 10**6))
FORGE = st.tuples(st.integers(0, 10**3), FORGES, st.integers(0, 10**6), st.booleans())


def test_a_hostile_point_changes_nothing_of_the_honest_points(two_hubs: tuple[Hub, Hub]) -> None:
    attacked, clean = two_hubs

    @settings(
        max_examples=int(os.environ.get("XCLIB_HOSTILE_EXAMPLES", "8")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        steps=st.lists(STEP, min_size=10, max_size=40),
        hostile=st.lists(FORGE, min_size=5, max_size=30),
    )
    def run(steps: list[tuple[int, str, int]], hostile: list[tuple[int, str, int, bool]]) -> None:
        tag = uuid.uuid4().hex[:6]
        m, pushes = honest_work(tag, steps)
        replay(attacked, tag, pushes, hostile, m)
        replay(clean, tag, pushes, [], m)
        got, want = honest_state(attacked, m), honest_state(clean, m)
        assert got["readers"] and got["items"]
        for name in want:
            assert len(got[name]) == len(want[name]), name
            for a, b in zip(got[name], want[name], strict=True):
                assert a == b, (name, {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)})

    run()
