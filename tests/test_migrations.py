"""A store written by an older program upgrades in place; one from a newer program is refused.

Generic over the Alembic history: for every revision, a store is built at the revision before
it, filled with a small branch's data through raw SQL (adapting to the columns that exist at
that revision), then opened with ``Desk.open``, which migrates to head. The data must survive
and the desk must keep working. New revisions are covered without touching this file.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from conftest import FRONT, START

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.services import circulation, readers
from xclib_desk.standards.policy import load_bundled
from xclib_desk.store import STORE_FILE, make_engine
from xclib_desk.store_schema import alembic_config, current_revision, head_revision

SCRIPT = ScriptDirectory.from_config(alembic_config())
REVISIONS = list(reversed(list(SCRIPT.walk_revisions())))  # base first
#: Where an upgrade can start: no store at all, then every revision (the one before each
#: later revision, and head itself).
STARTS: list[str | None] = [None, *(r.revision for r in REVISIONS)]

TS = "2026-11-01 02:00:00.000000"
PLACEHOLDER = {"INT": 0, "CHAR": "", "TEXT": "", "CLOB": "", "DATETIME": TS, "DATE": "2026-11-01"}


def build_at(path: Path, revision: str | None) -> None:
    """A store file migrated to ``revision``; None means no store yet (a new installation)."""
    path.mkdir(parents=True)
    db = path / STORE_FILE
    if revision is None:
        return
    engine = make_engine(db)
    command.upgrade(alembic_config(engine), revision)
    engine.dispose()


def insert(con: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    """Insert the columns ``table`` has at this revision; fill other required ones plainly."""
    cols = con.execute(f"PRAGMA table_info({table})").fetchall()
    values: dict[str, Any] = {}
    for _cid, name, decl, notnull, default, pk in cols:
        if name in row:
            values[name] = row[name]
        elif notnull and default is None and not pk:
            kind = next((v for k, v in PLACEHOLDER.items() if k in decl.upper()), 0)
            values[name] = json.dumps({}) if "JSON" in decl.upper() else kind
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))


def seed(db: Path) -> dict[str, Any]:
    """A small branch in raw SQL: one point, rules, a reader, two copies, one open loan."""
    pkg = load_bundled()
    device = str(uuid.uuid4())
    loan_uid = str(uuid.uuid4())
    con = sqlite3.connect(db)
    with con:
        con.execute("PRAGMA foreign_keys=ON")
        insert(con, "point", {"id": 1, "code": "XJK", "name": "新街口街道分馆", "level": "street"})
        insert(con, "point", {"id": 2, "code": "DSJD", "name": "德胜街道分馆", "level": "street"})
        insert(
            con,
            "store_meta",
            {
                "id": 1,
                "point_id": 1,
                "device_id": device,
                "created_at": TS,
                "next_seq": 3,
                "hlc": f"{1793498400000:013d}-00001-{device[:8]}",
            },
        )
        insert(
            con,
            "standards_version",
            {
                "version": pkg.version,
                "effective_from": "2025-12-31 16:00:00.000000",
                "body": pkg.model_dump_json(),
                "signature": None,
                "source": "bundled",
                "installed_at": TS,
            },
        )
        insert(
            con,
            "staff",
            {
                "id": 1,
                "code": "desk",
                "name": "张前台",
                "role": "desk",
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$x$y",
                "point_id": 1,
                "active": 1,
                "created_at": TS,
            },
        )
        insert(
            con,
            "reader",
            {
                "id": 1,
                "card_no": "XC00000001",
                "name": "张三",
                "name_pinyin": "zhangsan|zs",
                "reader_type": "adult",
                "id_hash": "ab" * 32,
                "id_masked": "1101**********1234",
                "birth_date": "1985-06-12",
                "status": "active",
                "expires_on": "2030-11-01",
                "home_point_id": 1,
                "index_only": 0,
                "hub_open_loans": 0,
                "created_at": TS,
                "updated_at": TS,
            },
        )
        insert(
            con,
            "title",
            {
                "id": 1,
                "uid": str(uuid.uuid4()),
                "isbn": "9787020002207",
                "title": "红楼梦",
                "author": "曹雪芹",
                "publisher": "人民文学出版社",
                "year": 1982,
                "clc": "I242.47",
                "language": "chi",
                "created_at": TS,
            },
        )
        for item_id, status, owner in ((1, "available", 1), (2, "on_loan", 2)):
            insert(
                con,
                "item",
                {
                    "id": item_id,
                    "barcode": f"X{item_id:09d}",
                    "title_id": 1,
                    "call_number": "I242.47/C521",
                    "material_type": "book",
                    "owner_point_id": owner,
                    "location_point_id": 1,
                    "status": status,
                    "price_cents": 3900,
                    "created_at": TS,
                },
            )
        insert(
            con,
            "loan",
            {
                "id": 1,
                "uid": loan_uid,
                "item_id": 2,
                "reader_id": 1,
                "reader_type": "adult",
                "material_type": "book",
                "point_id": 1,
                "staff_code": "desk",
                "checked_out_at": TS,
                "due_date": "2026-12-13",
                "renewals": 0,
                "standards_version": 1,
                "returned_at": None,
                "fee_cents": 0,
            },
        )
        for seq, type_ in ((1, "point.initialised"), (2, "loan.checked_out")):
            insert(
                con,
                "outbox_event",
                {
                    "seq": seq,
                    "event_id": str(uuid.uuid4()),
                    "device_id": device,
                    "type": type_,
                    "hlc": f"{1793498400000:013d}-{seq:05d}-{device[:8]}",
                    "wall_time": TS,
                    "staff_code": "desk",
                    "point_code": "XJK",
                    "standards_version": 1,
                    "payload": json.dumps({"n": seq}),
                },
            )
            insert(
                con,
                "audit_log",
                {
                    "at": TS,
                    "staff_code": "desk",
                    "action": type_,
                    "target": "X000000002",
                    "detail": "",
                    "event_seq": seq,
                },
            )
    con.close()
    return {"device": device, "loan_uid": loan_uid}


@pytest.mark.parametrize("start", STARTS, ids=lambda r: f"from-{r or 'empty'}")
def test_store_upgrades_in_place_and_keeps_working(tmp_path: Path, start: str | None) -> None:
    path = tmp_path / "desk"
    build_at(path, start)
    clock = FixedClock(START)
    if start is None:
        # no store yet: opening refuses, setting the point up builds the head schema
        with pytest.raises(DeskError) as info:
            Desk.open(path, clock)
        assert info.value.code == "store_not_initialised"
        desk = Desk.initialise(
            path, point_code="XJK", point_name="新街口街道分馆", level="street", clock=clock
        )
        assert current_revision(desk.engine) == head_revision()
        desk.close()
        return
    facts = seed(path / STORE_FILE)
    desk = Desk.open(path, clock)
    try:
        engine = desk.engine
        assert current_revision(engine) == head_revision()
        assert desk.device_id == facts["device"] and desk.point.code == "XJK"
        reader = desk.read(readers.show, FRONT, "XC00000001")
        assert (reader.name, reader.open_loans, reader.id_masked) == (
            "张三",
            1,
            "1101**********1234",
        )
        [loan] = desk.read(circulation.reader_loans, FRONT, "XC00000001")
        assert (loan.uid, loan.barcode, loan.due_date) == (
            facts["loan_uid"],
            "X000000002",
            date(2026, 12, 13),
        )
        new = desk.write(circulation.check_out, FRONT, "XC00000001", "X000000001")
        assert new.due_date == date(2027, 1, 5)
        back = desk.write(circulation.check_in, FRONT, "X000000002")
        assert back.route_to == "DSJD" and back.days_late == 0
        with desk.session(write=False) as s:
            seqs = [
                r[0]
                for r in s.connection().exec_driver_sql("SELECT seq FROM outbox_event ORDER BY seq")
            ]
        assert seqs == [1, 2, 3, 4]  # the old events kept, the sequence continues gap-free
    finally:
        desk.close()


def test_store_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "desk"
    desk = Desk.initialise(
        path, point_code="XJK", point_name="新街口街道分馆", level="street", clock=FixedClock(START)
    )
    desk.close()
    db = path / STORE_FILE
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    for _ in range(2):
        with pytest.raises(DeskError) as info:
            Desk.open(path, FixedClock(START))
        assert info.value.code == "store_too_new"
        assert "9999_from_the_future" in info.value.message("zh")
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before


def test_every_revision_is_reachable_from_base() -> None:
    """One linear history: a branch in the migrations would leave some desks behind."""
    assert SCRIPT.get_heads() == [head_revision()]
    assert REVISIONS[0].down_revision is None
    for older, newer in itertools.pairwise(REVISIONS):
        assert newer.down_revision == older.revision


def test_hub_titles_stored_before_the_union_catalogue_become_searchable(tmp_path: Path) -> None:
    """A hub upgraded across h0005 finds its older titles by pinyin initials and ISBN: the
    search text is filled once, by the migration, not at every start."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from xclib_desk.hub import catalogue
    from xclib_desk.hub.db import alembic_config, make_engine
    from xclib_desk.hub.models import HubTitle

    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    command.upgrade(alembic_config(engine), "h0004")
    data = {"title": "红楼梦", "author": "曹雪芹", "isbn": "9787020002207", "clc": "I242.47"}
    with engine.begin() as c:
        c.execute(
            text("INSERT INTO hub_title(uid, data) VALUES ('t1', :d)"),
            {"d": json.dumps(data, ensure_ascii=False)},
        )
    command.upgrade(alembic_config(engine), "head")
    with Session(engine) as s:
        assert s.get_one(HubTitle, "t1").search_text != ""
        for query in ("hlm", "7-02-000220-X"):
            assert [h.uid for h in catalogue.search(s, query, 10)] == ["t1"], query
