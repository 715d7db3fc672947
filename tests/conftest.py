"""Shared fixtures: a real branch store on disk, a fixed Beijing clock, staff of every role.

Initialising a store (migrations, argon2 hashes for three staff) costs a second, so it is done
once per session into a template directory; every test gets its own copy of the files.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING
from xclib_desk.demo.catalogue import isbn13
from xclib_desk.demo.names import resident_id
from xclib_desk.desk import Desk
from xclib_desk.models import AuditEntry, Item, Loan, OutboxEvent, Point, Reader, Transfer
from xclib_desk.resident import SWITCH
from xclib_desk.services import holdings, readers, staff
from xclib_desk.services.context import SYSTEM, Actor

# Every ``xclib-desk`` a test starts runs fresh, as the tests measure it, and leaves no
# resident desk behind; tests/test_resident.py turns it on for its own runs.
os.environ[SWITCH] = "0"

#: Tuesday 24 November 2026, 10:00 in Beijing: the street branch is open, no holiday near.
START = datetime(2026, 11, 24, 10, 0, tzinfo=BEIJING)
POINT = "XJK"
OTHER_POINTS = (("DSJD", "德胜街道分馆", "street"), ("YTSQ", "月坛社区阅读空间", "community"))

ADMIN = Actor("admin", "admin", "王管理")
LIBRARIAN = Actor("lib", "librarian", "李馆员")
FRONT = Actor("desk", "desk", "张前台")


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "desk"
    desk = Desk.initialise(
        path,
        point_code=POINT,
        point_name="新街口街道分馆",
        level="street",
        clock=FixedClock(START - timedelta(days=30)),
    )
    for actor, password in ((ADMIN, "admin1234"), (LIBRARIAN, "lib12345"), (FRONT, "desk1234")):
        desk.write(
            staff.add_staff,
            SYSTEM,
            code=actor.staff_code,
            name=actor.name,
            role=actor.role,
            password=password,
        )
    with desk.session(write=True) as s:
        for code, name, level in OTHER_POINTS:
            s.add(Point(code=code, name=name, level=level, parent_code="XCZG"))
    desk.close()
    return path


@pytest.fixture()
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture()
def desk(template_store: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Desk]:
    path = tmp_path / "desk"
    shutil.copytree(template_store, path)
    d = Desk.open(path, clock)
    yield d
    d.close()


@pytest.fixture()
def kit(desk: Desk, clock: FixedClock) -> Kit:
    return Kit(desk, clock)


def birth_for_age(today: date, age: int) -> date:
    """A birth date making someone ``age`` today, well away from the birthday."""
    return date(today.year - age - 1, today.month, 1) + timedelta(days=200)


class Kit:
    """Helpers to put titles, items and readers in a test's store through the services."""

    def __init__(self, desk: Desk, clock: FixedClock) -> None:
        self.desk = desk
        self.clock = clock
        self.rng = random.Random(7)
        self._ids: set[str] = set()
        self._isbns: set[str] = set()
        self._cards = 0
        self._items = 0

    # --- holdings ---
    def title(self, title: str = "红楼梦", clc: str = "I242.47", **kw: Any) -> str:
        kw.setdefault("isbn", isbn13(self.rng, "02", self._isbns))
        kw.setdefault("author", "曹雪芹")
        view = self.desk.write(holdings.add_title, LIBRARIAN, title=title, clc=clc, **kw)
        return view.uid

    def item(
        self,
        material: str = "book",
        *,
        title_uid: str | None = None,
        owner: str | None = None,
        status: str | None = None,
    ) -> str:
        """A copy; ``owner`` makes it another point's copy (as if received through sync)."""
        self._items += 1
        barcode = f"X{self._items:09d}"
        self.desk.write(
            holdings.add_item,
            LIBRARIAN,
            barcode=barcode,
            title_ref=title_uid or self.title(),
            call_number="I242.47/C521",
            material_type=material,
            price_cents=3900,
        )
        if owner or status:
            with self.desk.session(write=True) as s:
                item = s.scalars(select(Item).where(Item.barcode == barcode)).one()
                if owner:
                    item.owner_point_id = s.scalars(
                        select(Point.id).where(Point.code == owner)
                    ).one()
                if status:
                    item.status = status
        return barcode

    def items(self, n: int, material: str = "book") -> list[str]:
        uid = self.title()
        return [self.item(material, title_uid=uid) for _ in range(n)]

    # --- readers ---
    def id_number(self, age: int, on: date | None = None) -> str:
        today = on or self.clock.now().astimezone(BEIJING).date()
        return resident_id(self.rng, birth_for_age(today, age), self._ids)

    def reader(
        self, reader_type: str = "adult", *, name: str = "张三", age: int | None = None, **kw: Any
    ) -> str:
        self._cards += 1
        card = str(kw.pop("card_no", f"XC{self._cards:08d}"))
        default_age = {"adult": 35, "senior": 68, "child": 9}[reader_type]
        kw.setdefault("id_number", self.id_number(age if age is not None else default_age))
        if reader_type == "child" or (age is not None and age < 14):
            kw.setdefault("guardian_name", "张大山")
            kw.setdefault("guardian_phone", "13800001111")
        self.desk.write(
            readers.register, FRONT, card_no=card, name=name, reader_type=reader_type, **kw
        )
        return card

    # --- observation ---
    def counts(self) -> dict[str, int]:
        """Row counts that any state change moves; equal before and after means nothing changed."""
        with self.desk.session(write=False) as s:
            return {
                m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                for m in (Loan, OutboxEvent, AuditEntry, Transfer, Reader, Item)
            } | {
                "open_loans": int(
                    s.scalar(
                        select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))
                    )
                    or 0
                ),
                "renewals": int(s.scalar(select(func.sum(Loan.renewals))) or 0),
            }

    def item_status(self, barcode: str) -> str:
        with self.desk.session(write=False) as s:
            return s.scalars(select(Item.status).where(Item.barcode == barcode)).one()

    def last_event(self) -> OutboxEvent:
        with self.desk.session(write=False) as s:
            row = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc()).limit(1)).one()
            s.expunge(row)  # detached, still readable after the read transaction ends
            return row

    def audit_for(self, seq: int) -> AuditEntry:
        with self.desk.session(write=False) as s:
            row = s.scalars(select(AuditEntry).where(AuditEntry.event_seq == seq)).one()
            s.expunge(row)
            return row

    def loan(self, barcode: str) -> Loan:
        """The latest loan of a copy."""
        with self.desk.session(write=False) as s:
            row = s.scalars(
                select(Loan)
                .join(Item, Item.id == Loan.item_id)
                .where(Item.barcode == barcode)
                .order_by(Loan.id.desc())
                .limit(1)
            ).one()
            s.expunge(row)
            return row

    def at(self, day: date, hour: int = 10) -> None:
        """Move the desk's clock to a Beijing day and hour."""
        self.clock.at = datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)

    def today(self) -> date:
        return self.clock.now().astimezone(BEIJING).date()
