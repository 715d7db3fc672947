"""Random packing, dispatch and receipt between two real desks keep the shipment promises
(hypothesis, stateful).

Two store files: the sender 新街口 (XJK) and the receiver 德胜 (DSJD). A dispatched box for DSJD
reaches the receiver the way the hub's change feed brings it (the copies' rows, then the box
row, applied by the desk's own ``sync.apply.apply_changes``); the hub itself is covered by
test_shipments_sync.py. Lending and returns go on at both desks in between. After every step: a
copy is in at most one open box; a copy lent after packing keeps its box from leaving; a
finished receipt puts every listed copy in exactly one of received or missing; received copies
are here and ours, extras here and still their owner's; every refusal changes no table at either
desk; the outboxes hold exactly the events of the steps that change shared state (dispatch,
finish, loans and returns), each with one audit entry.
"""

from __future__ import annotations

import atexit
import hashlib
import random
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from conftest import FRONT, LIBRARIAN, START
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import func, select

from xclib_desk.clock import FixedClock
from xclib_desk.demo.names import birth_for, person_name, resident_id
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import (
    AuditEntry,
    Item,
    Loan,
    OutboxEvent,
    Point,
    Shipment,
    ShipmentLine,
    Title,
    Transfer,
)
from xclib_desk.protocol.feed import CHANGE, Change
from xclib_desk.services import circulation, holdings, readers, shipments, staff
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.sync.apply import apply_changes

SENDER, RECEIVER, THIRD = "XJK", "DSJD", "YTSQ"
OWN = tuple(f"X00000000{i}" for i in range(1, 7))  # the sender's copies
GUESTS = ("X000000007", "X000000008")  # DSJD's copies, shelved at the sender
STRANGER = "X000000009"  # YTSQ's copy, shelved at the sender
POOL = (*OWN, *GUESTS, STRANGER)
UNKNOWN = "X000000099"  # known to neither desk
SCANNED = (*POOL, *POOL, UNKNOWN, "bad code")  # mostly real copies
CARD_A, CARD_B = "XC00000001", "XC00000002"
NOTES = ("封面破损，水渍", "", "   ")


@cache
def templates() -> tuple[Path, Path]:
    """Both stores with the pool, built once per run and copied for every example."""
    root = Path(tempfile.mkdtemp(prefix="xclib-ship-"))
    atexit.register(shutil.rmtree, root, True)
    desks = {}
    for code, name in ((SENDER, "新街口街道分馆"), (RECEIVER, "德胜街道分馆")):
        desk = Desk.initialise(
            root / code, point_code=code, point_name=name, level="street", clock=FixedClock(START)
        )
        with desk.session(write=True) as s:
            for other in {SENDER, RECEIVER, THIRD} - {code}:
                s.add(Point(code=other, name=other, level="street", parent_code="XCZG"))
        for actor, password in ((LIBRARIAN, "lib12345"), (FRONT, "desk1234")):
            desk.write(
                staff.add_staff,
                SYSTEM,
                code=actor.staff_code,
                name=actor.name,
                role=actor.role,
                password=password,
            )
        desks[code] = desk
    a, b = desks[SENDER], desks[RECEIVER]
    uid = a.write(holdings.add_title, SYSTEM, title="城南旧事", clc="I246.57").uid
    for bc in POOL:
        a.write(holdings.add_item, SYSTEM, barcode=bc, title_ref=uid, call_number="I246.57/L664")
    with a.session(write=True) as s:
        pid = dict(s.execute(select(Point.code, Point.id)).all())
        for it in s.scalars(select(Item).where(Item.barcode.in_([*GUESTS, STRANGER]))):
            it.owner_point_id = pid[THIRD if it.barcode == STRANGER else RECEIVER]
    b.write(apply_changes, SYSTEM, feed_items(a, list(POOL)))  # the receiver's first sync
    rng, ids = random.Random(3), set[str]()
    for desk, card in ((a, CARD_A), (b, CARD_B)):
        birth = birth_for(rng, "adult", START.date())
        desk.write(
            readers.register,
            FRONT,
            card_no=card,
            name=person_name(rng),
            reader_type="adult",
            id_number=resident_id(rng, birth, ids),
        )
        desk.close()
    return root / SENDER, root / RECEIVER


def feed_items(src: Desk, barcodes: list[str], pos: int = 0) -> list[Change]:
    """The copies as the hub's feed carries them (hub.push.feed.item_row), titles included."""
    with src.session(write=False) as s:
        code = dict(s.execute(select(Point.id, Point.code)).all())
        rows = s.execute(
            select(Item, Title)
            .join(Title, Title.id == Item.title_id)
            .where(Item.barcode.in_(barcodes))
        ).all()
        return [
            CHANGE.validate_python(
                {
                    "pos": pos + n,
                    "kind": "item",
                    "key": it.barcode,
                    "data": {
                        "barcode": it.barcode,
                        "title": {"uid": t.uid, "title": t.title, "clc": t.clc, "isbn": t.isbn},
                        "title_uid": t.uid,
                        "call_number": it.call_number,
                        "material_type": it.material_type,
                        "owner": code[it.owner_point_id],
                        "location": code[it.location_point_id],
                        "status": it.status,
                        "price_cents": it.price_cents,
                    },
                }
            )
            for n, (it, t) in enumerate(rows)
        ]


def feed_box(src: Desk, uid: str) -> list[Change]:
    """A dispatched box as the hub feeds it to its destination (hub.push.feed.shipment_row),
    after the rows of its copies."""
    view = src.read(shipments.get_shipment, LIBRARIAN, uid)
    changes = feed_items(src, [x.barcode for x in view.lines])
    assert view.dispatched_at is not None
    data = {
        "uid": view.uid,
        "from_point": view.from_point,
        "to_point": view.to_point,
        "status": "dispatched",
        "staff_code": view.staff_code,
        "note": view.note,
        "dispatched_at": view.dispatched_at.isoformat(),
        "received_at": None,
        "items": [
            {"barcode": x.barcode, "outcome": "packed", "damaged": False, "note": None,
             "transfer_uid": x.transfer_uid}
            for x in sorted(view.lines, key=lambda x: x.barcode)
        ],
    }  # fmt: skip
    box = {"pos": len(changes), "kind": "shipment", "key": uid, "data": data}
    return [*changes, CHANGE.validate_python(box)]


def fingerprint(desk: Desk) -> str:
    """Content hash of every table: a refusal leaves this identical."""
    h = hashlib.sha256()
    with desk.session(write=False) as s:
        con = s.connection()
        names = con.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        for (t,) in sorted(names.all()):
            for row in con.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY 1'):
                h.update(repr((t, tuple(row))).encode())
    return h.hexdigest()


def where(desk: Desk, bc: str) -> tuple[str, str, str] | None:
    """(owner, location, status) of a copy as this desk sees it."""
    with desk.session(write=False) as s:
        code = dict(s.execute(select(Point.id, Point.code)).all())
        row = s.execute(
            select(Item.owner_point_id, Item.location_point_id, Item.status).where(
                Item.barcode == bc
            )
        ).first()
        return None if row is None else (code[row[0]], code[row[1]], row[2])


class ShipmentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="xclib-ship-case-"))
        self.clock = FixedClock(START)
        self.desks: dict[str, Desk] = {}
        for path in templates():
            shutil.copytree(path, self.dir / path.name)
            self.desks[path.name] = Desk.open(self.dir / path.name, self.clock)
        self.a, self.b = self.desks[SENDER], self.desks[RECEIVER]
        self.events = {code: self.outbox(d) for code, d in self.desks.items()}
        self.lent: dict[str, set[str]] = {SENDER: set(), RECEIVER: set()}  # model: on loan
        self.boxes: list[str] = []  # every box the sender opened
        self.sent: dict[str, list[str]] = {}  # dispatched boxes for the receiver -> copies
        self.delivered: list[str] = []
        self.finished: set[str] = set()

    def teardown(self) -> None:
        for d in self.desks.values():
            d.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @staticmethod
    def outbox(desk: Desk) -> int:
        with desk.session(write=False) as s:
            return int(s.scalar(select(func.count()).select_from(OutboxEvent)) or 0)

    # --- one operation, its footprint checked ---
    def attempt(
        self, at: str, fn: Callable[..., Any], actor: Actor, *args: Any, events: int = 0
    ) -> Any:
        before = {code: fingerprint(d) for code, d in self.desks.items()}
        try:
            result = self.desks[at].write(fn, actor, *args)
        except DeskError as err:
            after = {code: fingerprint(d) for code, d in self.desks.items()}
            assert after == before, f"refused {fn.__name__} ({err.code}) changed a store"
            assert err.message("zh") != err.message("en")
            event(f"{fn.__name__} refused: {err.code}")
            return err
        event(f"{fn.__name__} accepted")
        desk = self.desks[at]
        with desk.session(write=False) as s:
            new = s.scalars(select(OutboxEvent).where(OutboxEvent.seq > self.events[at])).all()
            assert len(new) == events, (fn.__name__, [e.type for e in new])
            for e in new:
                audits = s.scalars(select(AuditEntry).where(AuditEntry.event_seq == e.seq))
                assert len(audits.all()) == 1
        self.events[at] += events
        other = RECEIVER if at == SENDER else SENDER
        assert self.outbox(self.desks[other]) == self.events[other], "an event at the other desk"
        return result

    def box(self, k: int) -> str:
        return self.boxes[k % len(self.boxes)] if self.boxes else "0" * 36

    def packed(self, uid: str) -> list[str]:
        with self.a.session(write=False) as s:
            return list(
                s.scalars(
                    select(ShipmentLine.barcode)
                    .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
                    .where(Shipment.uid == uid)
                )
            )

    # --- the sending point ---
    @initialize(n=st.integers(1, 4), on_its_way=st.booleans())
    def first_box(self, n: int, on_its_way: bool) -> None:
        """A box for the receiver with a few copies in it (half the time already at the
        receiver), so short runs reach the receipt."""
        self.new_box(RECEIVER)
        self.pack_list(0, list(OWN[:n]))
        if on_its_way:
            self.dispatch(0)
            self.deliver()

    @precondition(lambda self: len(self.boxes) < 4)
    @rule(to=st.sampled_from([RECEIVER, RECEIVER, THIRD]))
    def new_box(self, to: str) -> None:
        view = self.attempt(SENDER, shipments.new_shipment, LIBRARIAN, to, "配送")
        assert not isinstance(view, DeskError)
        self.boxes.append(view.uid)

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3), bc=st.sampled_from(SCANNED))
    def pack(self, k: int, bc: str) -> None:
        uid = self.box(k)
        inside = self.packed(uid)
        done = self.attempt(SENDER, shipments.add_item, LIBRARIAN, uid, bc)
        if bc in self.lent[SENDER] and bc not in inside:  # packed before it was lent: harmless
            assert isinstance(done, DeskError), "a copy on loan was packed"

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3), codes=st.lists(st.sampled_from(SCANNED), max_size=4))
    def pack_list(self, k: int, codes: list[str]) -> None:
        uid = self.box(k)
        inside = self.packed(uid)
        res = self.attempt(SENDER, shipments.add_list, LIBRARIAN, uid, codes)
        if not isinstance(res, DeskError):
            assert not (set(res.added) - set(inside)) & self.lent[SENDER], "a copy on loan packed"
            assert len(res.added) + len(res.refused) == len([c for c in codes if c.strip()])

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3))
    def pack_waiting(self, k: int) -> None:
        self.attempt(SENDER, shipments.add_waiting, LIBRARIAN, self.box(k))

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3), bc=st.sampled_from(POOL))
    def remove(self, k: int, bc: str) -> None:
        self.attempt(SENDER, shipments.remove_item, LIBRARIAN, self.box(k), bc)

    @precondition(lambda self: len(self.boxes) > 1)
    @rule(k=st.integers(0, 3))
    def cancel(self, k: int) -> None:
        """Any box but the first (cancelling that one would end most runs early)."""
        self.attempt(SENDER, shipments.cancel, LIBRARIAN, self.boxes[1 + k % (len(self.boxes) - 1)])

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3))
    def dispatch(self, k: int) -> None:
        uid = self.box(k)
        inside = self.packed(uid)
        view = self.attempt(SENDER, shipments.dispatch, LIBRARIAN, uid, events=1)
        if isinstance(view, DeskError):
            if set(inside) & self.lent[SENDER]:
                assert view.code == "item_not_shippable", view.code
            return
        assert not set(inside) & self.lent[SENDER], "a box left with a copy on loan"
        assert sorted(x.barcode for x in view.lines) == sorted(inside)
        for bc in inside:  # in transit, still located here until the destination scans it
            assert (where(self.a, bc) or ())[1:] == (SENDER, "in_transit")
        if view.to_point == RECEIVER:
            self.sent[uid] = inside

    @rule(bc=st.sampled_from(POOL))
    def lend_at_sender(self, bc: str) -> None:
        done = self.attempt(SENDER, circulation.check_out, FRONT, CARD_A, bc, events=1)
        if not isinstance(done, DeskError):
            self.lent[SENDER].add(bc)

    @rule(bc=st.sampled_from(POOL))
    def return_at_sender(self, bc: str) -> None:
        done = self.attempt(SENDER, circulation.check_in, FRONT, bc, events=1)
        assert isinstance(done, DeskError) == (bc not in self.lent[SENDER])
        self.lent[SENDER].discard(bc)

    # --- the feed ---
    @precondition(lambda self: set(self.sent) - set(self.delivered))
    @rule()
    def deliver(self) -> None:
        uid = next(u for u in self.sent if u not in self.delivered)
        self.b.write(apply_changes, SYSTEM, feed_box(self.a, uid))
        self.delivered.append(uid)
        assert self.outbox(self.b) == self.events[RECEIVER], "pulled rows are not our events"

    # --- the receiving point ---
    def incoming(self, k: int) -> str:
        return self.delivered[k % len(self.delivered)] if self.delivered else self.box(k)

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3), bc=st.sampled_from(SCANNED))
    def scan(self, k: int, bc: str) -> None:
        uid = self.incoming(k)
        before, was_lent = where(self.b, bc), bc in self.lent[RECEIVER]
        listed = bc in self.sent.get(uid, ())
        first = fingerprint(self.b)
        res = self.attempt(RECEIVER, shipments.scan, LIBRARIAN, uid, bc)
        if isinstance(res, DeskError):
            assert uid not in self.delivered or uid in self.finished or bc == "bad code"
            return
        assert res.outcome == ("received" if listed else "extra")
        if res.repeated:
            assert fingerprint(self.b) == first, "a repeated scan changed something"
            return
        after = where(self.b, bc)
        if after is None:
            assert bc == UNKNOWN
        elif was_lent:  # the desk still has it lent: the scan does not move it
            assert after == before
        else:
            assert before is not None
            owner = RECEIVER if listed else before[0]
            assert after == (owner, RECEIVER, "available"), (bc, before, after)

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3), bc=st.sampled_from(POOL), note=st.sampled_from(NOTES))
    def mark_damaged(self, k: int, bc: str, note: str) -> None:
        uid = self.incoming(k)
        before = where(self.b, bc)
        line = self.attempt(RECEIVER, shipments.mark_damaged, LIBRARIAN, uid, bc, note)
        if not note.strip():
            assert isinstance(line, DeskError)
        if isinstance(line, DeskError):
            return
        assert line.damaged and line.note == note.strip()
        assert line.outcome == ("received" if bc in self.sent.get(uid, ()) else "extra")
        if bc not in self.lent[RECEIVER] and before is not None:
            owner = RECEIVER if line.outcome == "received" else before[0]
            assert where(self.b, bc) == (owner, RECEIVER, "damaged")

    @precondition(lambda self: self.boxes)
    @rule(k=st.integers(0, 3))
    def finish(self, k: int) -> None:
        uid = self.incoming(k)
        view = self.attempt(RECEIVER, shipments.finish_receipt, LIBRARIAN, uid, events=1)
        if isinstance(view, DeskError):
            assert uid not in self.delivered or uid in self.finished
            return
        self.finished.add(uid)
        listed = self.sent[uid]
        received = {x.barcode for x in view.lines if x.outcome == "received"}
        missing = {x.barcode for x in view.lines if x.outcome == "missing"}
        extra = {x.barcode for x in view.lines if x.outcome == "extra"}
        assert not received & missing and received | missing == set(listed)
        assert not extra & set(listed)
        assert (view.items, view.received, view.missing) == (len(listed), len(received),
                                                             len(missing))  # fmt: skip
        with self.b.session(write=False) as s:
            [(kind, payload)] = s.execute(
                select(OutboxEvent.type, OutboxEvent.payload).where(
                    OutboxEvent.seq == self.events[RECEIVER]
                )
            ).all()
        assert kind == "shipment.received"
        assert (set(payload["received"]), set(payload["missing"]), set(payload["extra"])) \
            == (received, missing, extra)  # fmt: skip
        for bc in missing:
            state = where(self.b, bc)
            assert state is not None and state[2] in ("missing", "available", "damaged", "on_loan")

    @rule(bc=st.sampled_from(POOL))
    def lend_at_receiver(self, bc: str) -> None:
        done = self.attempt(RECEIVER, circulation.check_out, FRONT, CARD_B, bc, events=1)
        if not isinstance(done, DeskError):
            self.lent[RECEIVER].add(bc)

    @rule(bc=st.sampled_from(POOL))
    def return_at_receiver(self, bc: str) -> None:
        done = self.attempt(RECEIVER, circulation.check_in, FRONT, bc, events=1)
        assert isinstance(done, DeskError) == (bc not in self.lent[RECEIVER])
        self.lent[RECEIVER].discard(bc)

    # --- invariants ---
    @invariant()
    def a_copy_is_in_at_most_one_open_box(self) -> None:
        for desk in self.desks.values():
            with desk.session(write=False) as s:
                rows = s.execute(
                    select(ShipmentLine.barcode, func.count())
                    .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
                    .where(Shipment.status.in_(shipments.OPEN), ShipmentLine.outcome == "packed")
                    .group_by(ShipmentLine.barcode)
                    .having(func.count() > 1)
                ).all()
            assert not rows, rows

    @invariant()
    def loans_and_copies_agree(self) -> None:
        for code, desk in self.desks.items():
            with desk.session(write=False) as s:
                open_loans = set(
                    s.scalars(
                        select(Item.barcode)
                        .join(Loan, Loan.item_id == Item.id)
                        .where(Loan.returned_at.is_(None))
                    )
                )
                on_loan = set(s.scalars(select(Item.barcode).where(Item.status == "on_loan")))
            assert open_loans == on_loan == self.lent[code]

    @invariant()
    def what_left_the_sender_is_in_transit(self) -> None:
        """The sender keeps a dispatched copy in transit, still here, its transfer shipped
        (until the hub tells it the outcome)."""
        with self.a.session(write=False) as s:
            rows = s.execute(
                select(ShipmentLine.barcode, ShipmentLine.transfer_uid)
                .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
                .where(Shipment.status == "dispatched")
            ).all()
            shipped = dict(s.execute(select(Transfer.uid, Transfer.status)).all())
        for bc, transfer in rows:
            assert where(self.a, bc) is not None
            assert where(self.a, bc)[1:] == (SENDER, "in_transit")  # type: ignore[index]
            if transfer:
                assert shipped[transfer] == "shipped"

    @invariant()
    def finished_boxes_account_for_every_copy(self) -> None:
        with self.b.session(write=False) as s:
            rows = s.execute(
                select(Shipment.uid, Shipment.status, ShipmentLine.outcome).join(
                    ShipmentLine, ShipmentLine.shipment_id == Shipment.id
                )
            ).all()
        for uid, status, outcome in rows:
            if uid in self.finished:
                assert status == "received" and outcome in ("received", "missing", "extra")
            else:
                assert status == "dispatched"

    @invariant()
    def outboxes_hold_the_shared_steps(self) -> None:
        for code, desk in self.desks.items():
            with desk.session(write=False) as s:
                seqs = list(s.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.seq)))
                types = s.execute(
                    select(OutboxEvent.type, func.count()).group_by(OutboxEvent.type)
                ).all()
            assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == self.events[code]
            counts = dict(types)
            if code == SENDER:
                assert counts.get("shipment.dispatched", 0) == len(
                    [u for u in self.boxes if self.status(u) == "dispatched"]
                )
            else:
                assert counts.get("shipment.received", 0) == len(self.finished)

    def status(self, uid: str) -> str:
        with self.a.session(write=False) as s:
            return s.scalars(select(Shipment.status).where(Shipment.uid == uid)).one()


ShipmentMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestShipmentMachine = ShipmentMachine.TestCase
