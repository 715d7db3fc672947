"""The union catalogue at a real hub process (SQLite, and PostgreSQL when configured): any desk
searches the whole district with the desk's query language and sees every copy, where it is and
whether it can be lent; the hub applies catalogue corrections, copy status changes, transfers
and finished inventories; the hub imports MARC files for a point, whose desk then receives them.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest
from holdings_fixtures import cnmarc, iso2709, marcxml
from sqlalchemy import select
from stdnum import ean
from stdnum import isbn as stdisbn
from sync_fixtures import LIB, HubProc, Station, hub, serial, station  # noqa: F401  (fixtures)

from xclib_desk import cli, desk_marc
from xclib_desk.errors import DeskError
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.models import HubInventory, HubItem, HubTitle, HubTransfer
from xclib_desk.models import Title
from xclib_desk.services import holdings, inventory
from xclib_desk.sync.search import union_search
from xclib_desk.sync.tokens import FileTokenStore

_rng = random.Random()


def new_isbn() -> str:
    """A valid ISBN-13 no other test in this module uses (titles are matched by ISBN)."""
    body = f"9787{_rng.randrange(10**8):08d}"
    return body + ean.calc_check_digit(body)


def barcode() -> str:
    return f"X{serial() % 10**9:09d}"


def hub_items(h: HubProc, title_uid: str) -> list[tuple[str, str | None, str]]:
    """(barcode, location, status) of a title's copies, straight from the hub's rows."""
    rows = h.query(
        select(HubItem.barcode, HubItem.location, HubItem.status).where(
            HubItem.title_uid == title_uid
        )
    )
    return sorted((r[0], r[1], r[2]) for r in rows)


def search(st: Station, q: str) -> list[Any]:
    return union_search(st.desk, q, engine=st.engine)


# --- union search -------------------------------------------------------------------------------
def test_union_search_finds_copies_at_every_point_with_availability(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    a, b = station(level="street"), station()
    isbn = new_isbn()
    hlm = a.desk.write(
        holdings.add_title, LIB, title="红楼梦", isbn=isbn, clc="I242.47", author="曹雪芹"
    ).uid
    other = a.desk.write(
        holdings.add_title, LIB, title="城南旧事", isbn=new_isbn(), clc="I246.57", author="林海音"
    ).uid
    codes = [barcode() for _ in range(3)]
    for bc, title in ((codes[0], hlm), (codes[2], other)):
        a.desk.write(
            holdings.add_item, LIB, barcode=bc, title_ref=title,
            call_number="I242.47/C173" if title == hlm else "I246.57/L544",
        )  # fmt: skip
    a.sync()
    # b's copy of the same book, catalogued at the hub (matched to a's title by its ISBN)
    f = tmp_path / "b.mrc"
    f.write_bytes(iso2709(cnmarc("红楼梦", isbn=isbn, author="曹雪芹", clc="I242.47",
                                 copies=[(codes[1], "C173")])))  # fmt: skip
    hub.cli("import-marc", str(f), "--point", b.code)
    b.sync()
    card = b.reader()
    b.checkout(card, codes[1])
    b.sync()

    # what the hub's rows say, computed here independently of the search
    rows = hub_items(hub, hlm)
    expected = {bc: (loc, status == "available") for bc, loc, status in rows}
    assert expected == {codes[0]: (a.code, True), codes[1]: (b.code, False)}

    for q in ("hlm", "hongloumeng", "红楼", "楼梦", "曹雪芹", "cxq"):
        hits = search(b, q)
        assert hits and hits[0].uid == hlm, q
        top = hits[0]
        assert top.online
        got = {c.barcode: (c.point_code, c.available) for c in top.copies}
        assert got == expected
        assert top.available == sum(1 for _, ok in expected.values() if ok) == 1
        names = {c.point_code: c.point_name for c in top.copies}
        assert names[b.code] == f"服务点{b.code}"
        assert {c.call_number for c in top.copies} == {"I242.47/C173"}

    # ISBN in every form a librarian types or scans
    ten = str(stdisbn.to_isbn10(isbn))
    for q in (isbn, stdisbn.format(isbn), ten, stdisbn.format(ten), f"ISBN {stdisbn.format(isbn)}"):
        assert [h.uid for h in search(a, q)] == [hlm], q

    # CLC class prefix: I242 holds I242.47 (红楼梦), not I246.57 (城南旧事)
    prefix = {h.uid for h in search(a, "I242")}
    assert hlm in prefix and other not in prefix
    assert other in {h.uid for h in search(a, "I246")}
    # call number and barcode
    assert [h.uid for h in search(a, codes[2])] == [other]
    assert hlm in {h.uid for h in search(a, "I242.47/C173")}
    # words AND: both must match
    assert hlm in {h.uid for h in search(a, "红楼 曹")}
    assert hlm not in {h.uid for h in search(a, "红楼 林海音")}


def test_union_search_offline_and_not_enrolled_say_so(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    st = station()
    st.engine.set_hub_url("http://127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(DeskError) as e:
        search(st, "hlm")
    assert e.value.code == "hub_offline"
    assert "127.0.0.1:9" in e.value.message("zh")

    from xclib_desk.desk import Desk
    from xclib_desk.sync.engine import SyncEngine

    lone = Desk.initialise(
        tmp_path / "lone", point_code="LONE", point_name="孤岛", level="community"
    )
    try:
        eng = SyncEngine(lone, tokens=FileTokenStore(tmp_path / "lone"))
        with pytest.raises(DeskError) as e:
            union_search(lone, "hlm", engine=eng)
        assert e.value.code == "hub_not_enrolled"
    finally:
        lone.close()


def test_search_online_cli_marks_results_online(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    st = station()
    bc = st.item()  # 城南旧事, I246.57
    st.sync()
    rc = cli.main(["--data-dir", str(st.dir), "search", "--online", "cnjs", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    hits = out["result"]
    mine = [h for h in hits if any(c["barcode"] == bc for c in h["copies"])]
    assert len(mine) == 1 and mine[0]["online"] is True
    assert mine[0]["title"] == "城南旧事"
    rc = cli.main(["--data-dir", str(st.dir), "search", "--online", "cnjs"])
    assert rc == 0
    assert "[在线 online] 城南旧事" in capsys.readouterr().out


# --- the four event types the hub used to ignore ------------------------------------------------
def test_hub_applies_corrections_status_transfers_and_inventories(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    home, other = station(), station()
    # title.updated: a MARC re-import at the desk corrects the author
    isbn = new_isbn()
    rec = cnmarc("骆驼祥子", isbn=isbn, author="佚名", clc="I246.5", copies=[(barcode(), "L391")])
    f = tmp_path / "one.mrc"
    f.write_bytes(iso2709(rec))

    desk_marc.import_file(home.desk, LIB, f)
    rec2 = cnmarc("骆驼祥子", isbn=isbn, author="老舍著", clc="I246.5")
    f.write_bytes(iso2709(rec2))
    assert desk_marc.import_file(home.desk, LIB, f).summary["updated"] == 1
    home.sync()
    (data,) = [r[0] for r in hub.query(select(HubTitle.data).where(HubTitle.isbn == isbn))]
    assert data["author"] == "老舍著"
    assert [h.title for h in search(other, "老舍")] == ["骆驼祥子"]  # the index followed

    # inventory: copies expected on the shelf, one of them scanned
    lost, found = home.item(), home.item()
    home.sync()
    uid = home.desk.write(inventory.start, LIB, None, None).uid
    home.desk.write(inventory.scan, LIB, uid, found)
    rep = home.desk.write(inventory.finish, LIB, uid)
    assert {x.barcode for x in rep.missing} >= {lost}
    assert home.desk.write(inventory.mark_missing, LIB, uid, [lost]) == [lost]
    home.sync()
    inv = hub.query(select(HubInventory).where(HubInventory.uid == uid))
    assert len(inv) == 1
    row = inv[0][0]
    assert (row.point_code, row.expected, row.found, row.missing) == (
        home.code,
        rep.expected,
        len(rep.found),
        len(rep.missing),
    )
    status = dict(hub.query(select(HubItem.barcode, HubItem.status)))
    assert status[lost] == "lost" and status[found] == "available"


def test_transfer_created_at_the_desk_reaches_hub_and_destination(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
) -> None:
    owner, here = station(), station()
    bc = owner.item()
    owner.sync()
    # the copy turns up at `here` although the hub has it on the owner's shelf
    here.engine.fetch_item(bc)
    uid = here.desk.write(inventory.start, LIB, None, None).uid
    here.desk.write(inventory.scan, LIB, uid, bc)
    rep = here.desk.write(inventory.finish, LIB, uid)
    assert [x.barcode for x in rep.misplaced] == [bc]
    assert here.desk.write(inventory.transfer_home, LIB, uid, [bc]) == [bc]
    here.sync()
    t = hub.query(select(HubTransfer.from_point, HubTransfer.to_point, HubTransfer.status).where(
        HubTransfer.item == bc))  # fmt: skip
    assert [tuple(r) for r in t] == [(here.code, owner.code, "pending")]
    assert hub_items_of(hub, bc) == (here.code, "in_transit")
    owner.sync()
    it = owner.item_row(bc)
    assert it is not None and it.status == "in_transit"


def hub_items_of(h: HubProc, bc: str) -> tuple[str | None, str]:
    ((loc, status),) = h.query(
        select(HubItem.location, HubItem.status).where(HubItem.barcode == bc)
    )
    return loc, status


def test_late_older_status_change_does_not_move_the_copy(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
) -> None:
    """Older facts arriving late lose: the owner declares a copy lost (offline) before it turns
    up at another point and is sent home; the later transfer decides where the copy is."""
    owner, here = station(), station()
    bc = owner.item()
    owner.sync()
    uid = owner.desk.write(inventory.start, LIB, None, None).uid
    owner.desk.write(inventory.finish, LIB, uid)
    assert owner.desk.write(inventory.mark_missing, LIB, uid, [bc]) == [bc]  # not synced yet
    here.engine.fetch_item(bc)
    uid2 = here.desk.write(inventory.start, LIB, None, None).uid
    here.desk.write(inventory.scan, LIB, uid2, bc)
    here.desk.write(inventory.finish, LIB, uid2)
    here.desk.write(inventory.transfer_home, LIB, uid2, [bc])
    here.sync()
    owner.sync()  # the older 'lost' arrives last
    assert hub_items_of(hub, bc) == (here.code, "in_transit")
    lost = [r for r in hub.query(select(HubItem.status).where(HubItem.barcode == bc))]
    assert lost == [("in_transit",)]


# --- hub MARC import ----------------------------------------------------------------------------
def test_hub_import_marc_reaches_the_points_desk_and_is_idempotent(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    hall = station(level="district")
    ok1, ok2, dup = new_isbn(), new_isbn(), new_isbn()
    b = [barcode() for _ in range(4)]
    records = [
        cnmarc(
            "围城",
            isbn=ok1,
            author="钱锺书著",
            clc="I246.57",
            copies=[(b[0], "Q452"), (b[1], "Q452")],
        ),
        cnmarc("坏书号", isbn="9787020002208", clc="I246.57", copies=[(barcode(), "X1")]),
        cnmarc("坏分类", isbn=new_isbn(), clc="L123", copies=[(barcode(), "X1")]),
        cnmarc("边城", isbn=ok2, author="沈从文著", clc="I246.5", copies=[(b[2], "S521")]),
        cnmarc("边城（重印）", isbn=dup, clc="I246.5", copies=[(b[3], "S521"), ("BAD", "S1")]),
    ]
    data = b"".join(iso2709(r) for r in records) + iso2709(records[0])[:-40]  # truncated tail
    f = tmp_path / "hall.mrc"
    f.write_bytes(data)
    report = tmp_path / "report.csv"
    out = hub.cli("import-marc", str(f), "--point", hall.code, "--json", "--report", str(report))
    res = json.loads(out)["result"]
    s = res["summary"]
    assert (s["records"], s["imported"], s["skipped"], s["items_added"]) == (6, 3, 3, 4)
    reasons = {r["number"]: r["reason"] for r in res["rows"] if r["outcome"] == "skipped"}
    assert set(reasons) == {2, 3, 6}
    assert "ISBN" in reasons[2] and "不完整" in reasons[6]
    assert any("BAD" in p for r in res["rows"] for p in r["item_problems"])
    with report.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 7  # header + 6 records

    # the hub's rows, counted independently
    uids = {r[0]: r[1] for r in hub.query(select(HubTitle.isbn, HubTitle.uid))}
    items = hub.query(select(HubItem.barcode, HubItem.owner, HubItem.location, HubItem.added_at)
                      .where(HubItem.barcode.in_(b)))  # fmt: skip
    assert {r[0] for r in items} == set(b)
    assert all(r[1] == r[2] == hall.code and r[3] is not None for r in items)

    # the hall's desk receives titles and copies on its next pull, and finds them locally
    hall.sync()
    for bc in b:
        it = hall.item_row(bc)
        assert it is not None and it.status == "available"
    with hall.desk.session(write=False) as sess:
        got = {
            t.isbn: t.uid
            for t in sess.scalars(select(Title).where(Title.isbn.in_([ok1, ok2, dup])))
        }
    assert got == {k: uids[k] for k in (ok1, ok2, dup)}
    from xclib_desk.services import search as local

    assert [h.title.title for h in hall.desk.read(local.search_holdings, LIB, "wc")][:1] == ["围城"]
    # ... and any desk finds them in the union catalogue
    assert search(hall, ok1)[0].title == "围城"

    # a re-import changes nothing, and neither does a MARCXML copy of the same records
    again = json.loads(hub.cli("import-marc", str(f), "--point", hall.code, "--json"))["result"][
        "summary"
    ]
    assert (again["imported"], again["unchanged"], again["items_added"]) == (0, 3, 0)
    x = tmp_path / "hall.xml"
    x.write_bytes(marcxml([records[0], records[3]]))
    xml = json.loads(hub.cli("import-marc", str(x), "--point", hall.code, "--json"))["result"][
        "summary"
    ]
    assert (xml["imported"], xml["unchanged"], xml["items_added"]) == (0, 2, 0)
    n_items = hub.query(select(HubItem.barcode).where(HubItem.barcode.in_(b)))
    assert len(n_items) == 4


def test_hub_import_refuses_unknown_point_and_gb18030_works(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    f = tmp_path / "gbk.mrc"
    isbn, bc = new_isbn(), barcode()
    f.write_bytes(iso2709(cnmarc("茶馆", isbn=isbn, clc="I234", copies=[(bc, "L391")]), "gb18030"))
    rc = hub_cli.main(["import-marc", "--db", hub.db, str(f), "--point", "NOPE"])
    assert rc == 1 and "unknown_point" in capsys.readouterr().err
    assert not hub.query(select(HubItem).where(HubItem.barcode == bc))
    st = station()
    out = json.loads(hub.cli("import-marc", str(f), "--point", st.code, "--json"))["result"]
    assert out["summary"]["imported"] == 1
    assert [h.title for h in search(st, "chaguan")][:1] == ["茶馆"]


def test_union_bench_runs_and_reports_every_measure() -> None:
    """bench/bench_union.py still runs end to end (tiny size); its timings are never asserted."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "bench_union.py"
    spec = importlib.util.spec_from_file_location("bench_union", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(bench.parse(["--records", "60", "--queries", "4"]))
    assert result["import"]["summary"]["imported"] == 60
    assert result["import"]["reimport_unchanged"] == 60
    assert set(result["search"]) == {"chinese_fragment", "pinyin_initials", "isbn", "clc_prefix"}
    assert all(v["n"] == 4 and v["mean_hits"] >= 1 for v in result["search"].values())
