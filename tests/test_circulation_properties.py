"""Random sequences of desk operations keep the store's promises (hypothesis, stateful).

A small pool of readers and copies in a real store file, under a package with small quotas so
that limits are reached often. After every step: a copy has at most one open loan and its
status agrees; quotas hold for loans without a recorded override; every accepted operation
wrote exactly one outbox event and one audit entry linked to it, every refused one nothing;
the outbox sequence is 1..N without gaps.
"""

from __future__ import annotations

import atexit
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, START
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from xclib_desk.clock import FixedClock
from xclib_desk.demo.names import birth_for, person_name, resident_id
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import AuditEntry, Item, Loan, OutboxEvent, Point, Reader
from xclib_desk.services import circulation, holdings, readers
from xclib_desk.services.circulation import Override
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import StandardsPackage
from xclib_desk.store import STORE_FILE

READERS = (
    ("XC00000001", "adult"),
    ("XC00000002", "adult"),
    ("XC00000003", "senior"),
    ("XC00000004", "child"),
)
ITEMS = (
    ("X000000001", "book"),
    ("X000000002", "book"),
    ("X000000003", "book"),
    ("X000000004", "book"),
    ("X000000005", "av"),
    ("X000000006", "av"),
    ("X000000007", "child_book"),
    ("X000000008", "child_book"),
    ("X000000009", "reference"),
    ("X000000010", "book"),  # owned by another point: returned here, it travels home
)
ACTORS = (FRONT, LIBRARIAN, ADMIN)
BLOCKS = (
    "quota_reached",
    "overdue_items",
    "card_expired",
    "renewal_limit",
    "renew_overdue",
    "reader_blocked",
)


def small_quota_package() -> StandardsPackage:
    """The default package with quotas of 1-3, so a handful of copies reaches every limit."""
    body = load_bundled().model_dump(mode="json")
    totals = {"adult": 2, "senior": 3, "child": 2}
    for q in body["service"]["reader_quotas"]:
        q["total_quota"] = totals[q["reader_type"]]
    for r in body["service"]["loan_rules"]:
        if r["material_type"] == "av":
            r["quota"] = 1 if r["reader_type"] == "child" else 2
        elif r["quota"]:
            r["quota"] = min(r["quota"], totals[r["reader_type"]])
    return StandardsPackage.model_validate(body)


@cache
def template() -> Path:
    """One store with the pool, built once per test run and copied for every example."""
    path = Path(tempfile.mkdtemp(prefix="xclib-prop-")) / "desk"
    atexit.register(shutil.rmtree, path.parent, True)
    clock = FixedClock(START)
    desk = Desk.initialise(
        path,
        point_code="XJK",
        point_name="新街口街道分馆",
        level="street",
        package=small_quota_package(),
        clock=clock,
    )
    with desk.session(write=True) as s:
        s.add(Point(code="DSJD", name="德胜街道分馆", level="street"))
    rng, ids = random.Random(1), set[str]()
    today = START.date()
    for card, rtype in READERS:
        birth = birth_for(rng, rtype, today)
        guardian = {"guardian_name": "张大山", "guardian_phone": "13800001111"}
        desk.write(
            readers.register,
            FRONT,
            card_no=card,
            name=person_name(rng),
            reader_type=rtype,
            id_number=resident_id(rng, birth, ids),
            **(guardian if rtype == "child" else {}),
        )
    uid = desk.write(holdings.add_title, SYSTEM, title="红楼梦", clc="I242.47").uid
    for barcode, material in ITEMS:
        desk.write(
            holdings.add_item,
            SYSTEM,
            barcode=barcode,
            title_ref=uid,
            call_number="I242.47/C521",
            material_type=material,
        )
    with desk.session(write=True) as s:
        item = s.scalars(select(Item).where(Item.barcode == ITEMS[-1][0])).one()
        item.owner_point_id = s.scalars(select(Point.id).where(Point.code == "DSJD")).one()
    desk.close()
    return path


def snapshot(desk: Desk) -> tuple[Any, ...]:
    """Everything a desk operation may change, to prove a refusal changed nothing."""
    with desk.session(write=False) as s:
        return (
            s.execute(select(Loan.id, Loan.returned_at, Loan.due_date, Loan.renewals)).all(),
            s.execute(select(Item.barcode, Item.status, Item.location_point_id)).all(),
            s.execute(select(Reader.card_no, Reader.status, Reader.expires_on)).all(),
            s.execute(select(OutboxEvent.seq)).all(),
            s.execute(select(AuditEntry.id)).all(),
        )


class DeskMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="xclib-case-"))
        shutil.copytree(template(), self.dir / "desk")
        self.clock = FixedClock(START)
        self.desk = Desk.open(self.dir / "desk", self.clock)
        self.on_loan: dict[str, str] = {}  # model: barcode -> card
        with self.desk.session(write=False) as s:
            self.events = len(s.execute(select(OutboxEvent.seq)).all())

    def teardown(self) -> None:
        self.desk.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- running one operation, checking its footprint ---
    def attempt(self, fn: Callable[..., Any], actor: Actor, *args: Any) -> Any:
        before = snapshot(self.desk)
        try:
            result = self.desk.write(fn, actor, *args)
        except DeskError as err:
            assert snapshot(self.desk) == before, "a refused operation changed the store"
            event(f"{fn.__name__} refused: {err.code}")
            return None
        event(f"{fn.__name__} accepted")
        with self.desk.session(write=False) as s:
            events = s.scalars(select(OutboxEvent).where(OutboxEvent.seq > self.events)).all()
            assert len(events) == 1, "an accepted operation must write exactly one event"
            audits = s.scalars(select(AuditEntry).where(AuditEntry.event_seq == events[0].seq))
            assert len(audits.all()) == 1, "and exactly one audit entry linked to it"
            assert events[0].staff_code == actor.staff_code
        self.events += 1
        return result

    # --- rules ---
    @rule(
        reader=st.sampled_from(READERS),
        item=st.sampled_from(ITEMS),
        actor=st.sampled_from(ACTORS),
    )
    def check_out(self, reader: tuple[str, str], item: tuple[str, str], actor: Actor) -> None:
        done = self.attempt(circulation.check_out, actor, reader[0], item[0])
        if item[0] in self.on_loan:
            assert done is None, "a copy on loan was lent again"
        if done is not None:
            self.on_loan[item[0]] = reader[0]

    @rule(reader=st.sampled_from(READERS), item=st.sampled_from(ITEMS))
    def check_out_at_the_desk(self, reader: tuple[str, str], item: tuple[str, str]) -> None:
        """The commonest scan, as its own rule so sequences reach the limits more often."""
        self.check_out(reader, item, FRONT)

    @rule(
        reader=st.sampled_from(READERS),
        item=st.sampled_from(ITEMS),
        actor=st.sampled_from(ACTORS),
        codes=st.sets(st.sampled_from(BLOCKS), min_size=1),
        reason=st.sampled_from(["读者急需，馆员同意", "", "  "]),
    )
    def check_out_override(
        self,
        reader: tuple[str, str],
        item: tuple[str, str],
        actor: Actor,
        codes: set[str],
        reason: str,
    ) -> None:
        why = Override(reason, frozenset(codes))
        done = self.attempt(circulation.check_out, actor, reader[0], item[0], why)
        if item[0] in self.on_loan or not reason.strip():
            assert done is None
        if done is not None:
            self.on_loan[item[0]] = reader[0]

    @rule(item=st.sampled_from(ITEMS))
    def check_in(self, item: tuple[str, str]) -> None:
        done = self.attempt(circulation.check_in, FRONT, item[0])
        assert (done is not None) == (item[0] in self.on_loan), "a return is always accepted"
        self.on_loan.pop(item[0], None)

    @rule(
        item=st.sampled_from(ITEMS),
        actor=st.sampled_from(ACTORS),
        codes=st.sets(st.sampled_from(BLOCKS), max_size=3),
    )
    def renew(self, item: tuple[str, str], actor: Actor, codes: set[str]) -> None:
        args: tuple[Any, ...] = (item[0],)
        if codes:
            args += (Override("电话续借", frozenset(codes)),)
        done = self.attempt(circulation.renew, actor, *args)
        if item[0] not in self.on_loan:
            assert done is None

    @rule(reader=st.sampled_from(READERS))
    def block(self, reader: tuple[str, str]) -> None:
        self.attempt(readers.block, LIBRARIAN, reader[0], "逾期未还")

    @rule(reader=st.sampled_from(READERS))
    def unblock(self, reader: tuple[str, str]) -> None:
        self.attempt(readers.unblock, LIBRARIAN, reader[0])

    @rule(days=st.integers(0, 60), hours=st.integers(0, 23))
    def advance_clock(self, days: int, hours: int) -> None:
        self.clock.advance(days=days, hours=hours)

    @precondition(lambda self: self.clock.now() > START + timedelta(days=365 * 4))
    @rule(reader=st.sampled_from(READERS))
    def renew_card(self, reader: tuple[str, str]) -> None:
        self.attempt(readers.renew_card, FRONT, reader[0])

    # --- invariants ---
    @invariant()
    def loans_and_copies_agree(self) -> None:
        with self.desk.session(write=False) as s:
            open_loans = s.execute(
                select(Item.barcode, Reader.card_no)
                .join(Loan, Loan.item_id == Item.id)
                .join(Reader, Reader.id == Loan.reader_id)
                .where(Loan.returned_at.is_(None))
            ).all()
            statuses = dict(s.execute(select(Item.barcode, Item.status)).all())
        barcodes = [b for b, _ in open_loans]
        assert len(barcodes) == len(set(barcodes)), "a copy has two open loans"
        assert dict(open_loans) == self.on_loan
        for barcode, status in statuses.items():
            if barcode in self.on_loan:
                assert status == "on_loan"
            else:
                assert status in ("available", "in_transit"), (barcode, status)

    @invariant()
    def quotas_hold_without_override(self) -> None:
        policy = self.desk.policy
        with self.desk.session(write=False) as s:
            rows = s.execute(
                select(Reader.card_no, Loan.reader_type, Loan.material_type, Loan.override_codes)
                .join(Reader, Reader.id == Loan.reader_id)
                .where(Loan.returned_at.is_(None))
            ).all()
        plain: dict[str, int] = {}
        plain_by_type: dict[tuple[str, str], int] = {}
        for card, rtype, material, codes in rows:
            assert policy.loan_rule(rtype, material).quota > 0, "material not allowed was lent"
            if not codes:
                plain[card] = plain.get(card, 0) + 1
                key = (card, material)
                plain_by_type[key] = plain_by_type.get(key, 0) + 1
        rtypes = dict(READERS)
        for card, n in plain.items():
            assert n <= policy.total_quota(rtypes[card]), (card, n)
        for (card, material), n in plain_by_type.items():
            if policy.has_specific_rule(rtypes[card], material):
                assert n <= policy.loan_rule(rtypes[card], material).quota, (card, material, n)

    @invariant()
    def renewals_hold_without_override(self) -> None:
        """A loan renewed past its limit has a renewal event naming the override and reason."""
        policy = self.desk.policy
        with self.desk.session(write=False) as s:
            loans = s.execute(
                select(Loan.uid, Loan.reader_type, Loan.material_type, Loan.renewals)
            ).all()
            renewed = s.scalars(select(OutboxEvent).where(OutboxEvent.type == "loan.renewed"))
            overridden = {
                e.payload["loan_uid"]
                for e in renewed
                if e.payload["override"]
                and "renewal_limit" in e.payload["override"]["codes"]
                and e.payload["override"]["reason"].strip()
            }
        for uid, rtype, material, renewals in loans:
            if renewals > policy.loan_rule(rtype, material).renewals:
                event("a loan renewed past its limit")
                assert uid in overridden, (uid, renewals)

    @invariant()
    def outbox_is_gap_free_and_audited(self) -> None:
        with self.desk.session(write=False) as s:
            seqs = list(s.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.seq)))
            linked = list(
                s.scalars(select(AuditEntry.event_seq).where(AuditEntry.event_seq.isnot(None)))
            )
        assert seqs == list(range(1, len(seqs) + 1))
        assert sorted(x for x in linked if x is not None) == seqs
        assert len(seqs) == self.events


DeskMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestDeskMachine = DeskMachine.TestCase


def test_outbox_events_cannot_be_changed_or_deleted(tmp_path: Path) -> None:
    """The SQLite trigger keeps events immutable even for a program that bypasses the desk."""
    path = tmp_path / "desk"
    shutil.copytree(template(), path)
    con = sqlite3.connect(path / STORE_FILE)
    try:
        count = con.execute("SELECT count(*) FROM outbox_event").fetchone()[0]
        assert count > 0
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            con.execute("UPDATE outbox_event SET type = 'x' WHERE seq = 1")
        with pytest.raises(sqlite3.DatabaseError, match="immutable"):
            con.execute("DELETE FROM outbox_event WHERE seq = 1")
        con.rollback()
        assert con.execute("SELECT count(*) FROM outbox_event").fetchone()[0] == count
    finally:
        con.close()
