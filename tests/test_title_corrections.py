"""Catalogue corrections reach every point that holds a copy, through a real hub process.

A title corrected at point A (a MARC re-import at A's desk) reaches point B, which holds a copy
of the same title, and B's local search finds it under its new name; a correction made by a MARC
re-import at the hub reaches the points too; a field B changed more recently than the hub's
correction is kept (per-field clocks), the others follow.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from holdings_fixtures import cnmarc, iso2709
from sqlalchemy import select
from stdnum import ean
from sync_fixtures import LIB, HubProc, Station, hub, serial, station  # noqa: F401  (fixtures)

from xclib_desk import desk_marc
from xclib_desk.hub.models import HubChange
from xclib_desk.models import Title
from xclib_desk.services import holdings, search

_rng = random.Random()


def new_isbn() -> str:
    body = f"9787{_rng.randrange(10**8):08d}"
    return body + ean.calc_check_digit(body)


def barcode() -> str:
    return f"X{serial() % 10**9:09d}"


def title_row(st: Station, uid: str) -> dict[str, Any]:
    with st.desk.session(write=False) as s:
        t = s.scalars(select(Title).where(Title.uid == uid)).one()
        return {"title": t.title, "author": t.author, "publisher": t.publisher, "clc": t.clc}


def found(st: Station, q: str) -> set[str]:
    return {h.title.uid for h in st.desk.read(search.search_holdings, LIB, q)}


def two_points_one_title(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> tuple[Any, Any, str, str]:
    """A catalogues a title with one copy; B's copy of it is catalogued at the hub (matched by
    ISBN), so both points hold the same title record."""
    a, b = station(level="street"), station()
    isbn = new_isbn()
    uid = a.desk.write(
        holdings.add_title, LIB, title="红楼梦（校注本）", isbn=isbn, clc="I242.47",
        author="曹雪芹", publisher="人民文学出版社",
    ).uid  # fmt: skip
    a.desk.write(holdings.add_item, LIB, barcode=barcode(), title_ref=uid,
                 call_number="I242.47/C173")  # fmt: skip
    a.sync()
    f = tmp_path / "b.mrc"
    f.write_bytes(iso2709(cnmarc("红楼梦（校注本）", isbn=isbn, author="曹雪芹", clc="I242.47",
                                 copies=[(barcode(), "C173")])))  # fmt: skip
    hub.cli("import-marc", str(f), "--point", b.code)
    b.sync()
    assert title_row(b, uid)["title"] == "红楼梦（校注本）"
    return a, b, uid, isbn


def test_correction_at_one_point_reaches_the_point_holding_a_copy(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    a, b, uid, isbn = two_points_one_title(hub, station, tmp_path)
    assert uid not in found(b, "石头记")
    # A corrects the title by re-importing the record: one title.updated event
    f = tmp_path / "a.mrc"
    f.write_bytes(iso2709(cnmarc("石头记", isbn=isbn, author="曹雪芹", clc="I242.47")))
    assert desk_marc.import_file(a.desk, LIB, f).summary["updated"] == 1
    a.sync()
    b.sync()
    assert title_row(b, uid)["title"] == "石头记"
    # B's own search index followed the sync, in Chinese and in pinyin initials
    assert uid in found(b, "石头记") and uid in found(b, "stj")
    assert uid not in found(b, "校注本")
    # one compacted row per point holding a copy, at the hub
    scopes = hub.query(
        select(HubChange.scope).where(HubChange.kind == "title", HubChange.key == uid)
    )
    assert sorted(r[0] for r in scopes) == sorted([a.code, b.code])
    # a second pull changes nothing more (the row is applied once, the cursor moved past it)
    assert b.sync().pulled == 0


def test_hub_reimport_correction_reaches_the_points_and_newer_local_edits_stay(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    a, b, uid, isbn = two_points_one_title(hub, station, tmp_path)
    # the hall re-imports the record with a corrected title and class number
    fh = tmp_path / "hall.mrc"
    fh.write_bytes(iso2709(cnmarc("红楼梦", isbn=isbn, author="曹雪芹", clc="I242.4")))
    hub.cli("import-marc", str(fh), "--point", a.code)
    a.sync()
    assert title_row(a, uid) == {"title": "红楼梦", "author": "曹雪芹",
                                 "publisher": "人民文学出版社", "clc": "I242.4"}  # fmt: skip
    assert uid in found(a, "hlm") and uid not in found(a, "校注本")
    # B, offline, corrects the title itself after the hall did (a later clock)
    fb = tmp_path / "b2.mrc"
    fb.write_bytes(iso2709(cnmarc("红楼梦（B馆校）", isbn=isbn, author="曹雪芹", clc="I242.47")))
    assert desk_marc.import_file(b.desk, LIB, fb).summary["updated"] == 1
    # B pulls before its edit reaches the hub (an engine that pushes nothing, as when the push
    # failed): the class number follows the hall, the title B changed later stays B's
    b.new_engine(batch_size=0).run_once()
    assert title_row(b, uid) == {"title": "红楼梦（B馆校）", "author": "曹雪芹",
                                 "publisher": "人民文学出版社", "clc": "I242.4"}  # fmt: skip
    # once B's edit is at the hub it wins there too (newer clock) and reaches A
    b.sync()
    a.sync()
    assert title_row(a, uid)["title"] == title_row(b, uid)["title"] == "红楼梦（B馆校）"
    assert uid in found(a, "B馆校")
