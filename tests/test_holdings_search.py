"""Holdings search as a librarian types it: Chinese fragments, pinyin, ISBN, CLC, call number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from conftest import FRONT, LIBRARIAN, Kit
from stdnum import isbn as stdisbn

from xclib_desk.errors import DeskError
from xclib_desk.services import holdings, search, search_index
from xclib_desk.store import STORE_FILE, make_engine
from xclib_desk.store_schema import alembic_config

HLM = "9787020002207"


@pytest.fixture()
def shelf(kit: Kit) -> dict[str, str]:
    """A few titles with copies; returns title -> uid."""
    books = [
        ("红楼梦", HLM, "曹雪芹著", "人民文学出版社", "I242.47", "I242.47/C521"),
        ("围城", "9787020090006", "钱锺书著", "人民文学出版社", "I246.57", "I246.57/Q452"),
        ("平凡的世界", "9787530216781", "路遥著", "北京十月文艺出版社", "I247.57", "I247.57/L927"),
        ("活着", "9787506365437", "余华著", "作家出版社", "I247.5", "I247.5/Y821"),
        ("红楼梦人物论", None, "王昆仑著", "生活·读书·新知三联书店", "I207.411", "I207.411/W285"),
        ("Python编程：从入门到实践", None, "埃里克·马瑟斯著", "人民邮电出版社", "TP311.561",
         "TP311.561/M221"),
    ]  # fmt: skip
    uids: dict[str, str] = {}
    n = 0
    for title, isbn, author, publisher, clc, call in books:
        uid = kit.desk.write(
            holdings.add_title,
            LIBRARIAN,
            title=title,
            isbn=isbn,
            author=author,
            publisher=publisher,
            clc=clc,
        ).uid
        uids[title] = uid
        for _ in range(2):
            n += 1
            kit.desk.write(
                holdings.add_item,
                LIBRARIAN,
                barcode=f"X{n:09d}",
                title_ref=uid,
                call_number=call,
            )
    return uids


def find(kit: Kit, query: str) -> list[str]:
    return [h.title.title for h in kit.desk.read(search.search_holdings, FRONT, query)]


@pytest.mark.parametrize(
    "query", ["hlm", "HLM", "hongloumeng", "hong lou meng", "honglou", "loumeng", "lm"]
)
def test_pinyin_full_and_initials(kit: Kit, shelf: dict[str, str], query: str) -> None:
    assert find(kit, query)[0] in ("红楼梦", "红楼梦人物论")
    assert set(find(kit, query)) == {"红楼梦", "红楼梦人物论"}


def test_pinyin_of_authors_and_from_any_word_start(kit: Kit, shelf: dict[str, str]) -> None:
    assert find(kit, "cxq") == ["红楼梦"]
    assert find(kit, "luyao") == ["平凡的世界"]
    assert find(kit, "shijie") == ["平凡的世界"]  # 世界, inside the title
    assert set(find(kit, "sj")) == {"平凡的世界", "Python编程：从入门到实践"}  # 实践 too
    assert find(kit, "huozhe") == ["活着"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("红楼", {"红楼梦", "红楼梦人物论"}),
        ("楼梦", {"红楼梦", "红楼梦人物论"}),
        ("世界", {"平凡的世界"}),
        ("余华", {"活着"}),  # author
        ("三联", {"红楼梦人物论"}),  # publisher fragment
        ("文学出版", {"红楼梦", "围城"}),
        ("编程", {"Python编程：从入门到实践"}),
        ("python", {"Python编程：从入门到实践"}),
        ("红楼 王昆仑", {"红楼梦人物论"}),  # every word must match
        ("ＨＬＭ", {"红楼梦", "红楼梦人物论"}),  # full-width letters from an IME
    ],
)
def test_chinese_fragments(kit: Kit, shelf: dict[str, str], query: str, expected: set[str]) -> None:
    assert set(find(kit, query)) == expected


def test_title_matches_rank_above_other_fields(kit: Kit, shelf: dict[str, str]) -> None:
    kit.desk.write(
        holdings.add_title, LIBRARIAN, title="曹雪芹传", author="红楼梦学会编", clc="K825.6"
    )
    found = find(kit, "红楼梦")
    assert found[-1] == "曹雪芹传" and set(found[:2]) == {"红楼梦", "红楼梦人物论"}


@pytest.mark.parametrize(
    "query",
    [
        HLM,
        "978-7-02-000220-7",
        " 978 7 02 000220 7 ",
        str(stdisbn.to_isbn10(HLM)),
        "ISBN 978-7-02-000220-7",
        "isbn：7-02-000220-x",
    ],
)
def test_isbn_in_any_form(kit: Kit, shelf: dict[str, str], query: str) -> None:
    assert find(kit, query) == ["红楼梦"]


def test_clc_class_prefix(kit: Kit, shelf: dict[str, str]) -> None:
    assert set(find(kit, "I247")) == {"平凡的世界", "活着"}
    assert find(kit, "I247.57") == ["平凡的世界"]
    assert set(find(kit, "I24")) == {"红楼梦", "围城", "平凡的世界", "活着"}
    assert find(kit, "TP3") == ["Python编程：从入门到实践"]
    assert find(kit, "I248") == []


def test_call_number_and_barcode(kit: Kit, shelf: dict[str, str]) -> None:
    assert find(kit, "I247.57/L927") == ["平凡的世界"]
    assert find(kit, "i247.57/l927") == ["平凡的世界"]
    assert find(kit, "X000000003") == ["围城"]
    assert find(kit, "x000000004") == ["围城"]


def test_hits_count_copies_here_and_on_the_shelf(kit: Kit, shelf: dict[str, str]) -> None:
    card = kit.reader()
    from xclib_desk.services import circulation

    kit.desk.write(circulation.check_out, FRONT, card, "X000000001")
    hit = kit.desk.read(search.search_holdings, FRONT, "红楼梦人物论")[0]
    assert (hit.copies, hit.available) == (2, 2)
    hit = next(h for h in kit.desk.read(search.search_holdings, FRONT, HLM))
    assert (hit.title.title, hit.copies, hit.available) == ("红楼梦", 2, 1)


def test_search_titles_keeps_its_signature(kit: Kit, shelf: dict[str, str]) -> None:
    views = kit.desk.read(search.search_titles, FRONT, "hlm")
    assert {v.uid for v in views} == {shelf["红楼梦"], shelf["红楼梦人物论"]}


@pytest.mark.parametrize("query", ['"', "*", "AND", 'NEAR("红" "楼")', "红楼 OR", "-", "{}:"])
def test_query_syntax_is_never_an_error(kit: Kit, shelf: dict[str, str], query: str) -> None:
    try:
        kit.desk.read(search.search_holdings, FRONT, query)
    except DeskError as e:
        assert e.code == "bad_input"


def test_empty_query_is_refused(kit: Kit) -> None:
    with pytest.raises(DeskError) as e:
        kit.desk.read(search.search_holdings, FRONT, "   ")
    assert e.value.code == "bad_input"


def test_rows_written_by_other_paths_are_indexed(kit: Kit, shelf: dict[str, str]) -> None:
    """A raw writer outside the Desk (a bulk load, a support script) queues rows through the
    triggers; a plain LIKE finds them meanwhile, and the next Desk write indexes them."""
    con = sqlite3.connect(kit.desk.data_dir / STORE_FILE)
    with con:
        con.execute(
            "INSERT INTO title (uid, title, author, publisher, clc, language, created_at) "
            "VALUES ('u-1', '骆驼祥子', '老舍著', '人民文学出版社', 'I246.57', 'chi', "
            "'2026-11-01 00:00:00')"
        )
    con.close()
    assert find(kit, "骆驼祥子") == ["骆驼祥子"]  # not indexed yet: found by LIKE
    assert find(kit, "ltxz") == []
    kit.desk.write(search.refresh_index, FRONT)
    assert find(kit, "ltxz") == ["骆驼祥子"]
    # a whole rebuild gives the same answers
    assert kit.desk.write(search.rebuild_index, FRONT) == len(shelf) + 1
    assert find(kit, "ltxz") == ["骆驼祥子"] and set(find(kit, "hlm")) == {
        "红楼梦",
        "红楼梦人物论",
    }


def test_upgrade_indexes_existing_rows(tmp_path: Path) -> None:
    """A store from before the index (revision 0001) is indexed in place by the upgrade."""
    tmp_path.mkdir(exist_ok=True)
    db = tmp_path / STORE_FILE
    engine = make_engine(db)
    command.upgrade(alembic_config(engine), "0001")
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "INSERT INTO title (uid, isbn, title, author, publisher, clc, language, created_at) "
            f"VALUES ('u-1', '{HLM}', '红楼梦', '曹雪芹著', '', 'I242.47', 'chi', "
            "'2026-11-01 00:00:00')"
        )
    con.close()
    command.upgrade(alembic_config(engine), "head")
    engine.dispose()
    con = sqlite3.connect(db)
    got = con.execute(
        "SELECT rowid FROM holding_fts WHERE holding_fts MATCH '{py_title} : hlm*'"
    ).fetchall()
    pending = con.execute("SELECT count(*) FROM search_pending").fetchone()
    con.close()
    assert got == [(1,)] and pending == (0,)


def test_a_backlog_never_slows_cataloguing_one_book(kit: Kit) -> None:
    """After an initial sync queues many titles, the next title catalogued is searchable at once,
    the backlog is indexed a bounded slice per write, and catch_up finishes it."""
    with kit.desk.session(write=True) as s:
        s.connection().exec_driver_sql(
            "INSERT INTO title (uid, title, author, publisher, clc, language, created_at) "
            + " UNION ALL ".join(
                f"SELECT 'bulk-{i}', '同步书目{i}', '', '', 'I247.5', 'chi', '2026-11-01'"
                for i in range(450)
            )
        )
    kit.desk.write(holdings.add_title, LIBRARIAN, title="骆驼祥子", author="老舍著", clc="I246.57")
    assert find(kit, "ltxz") == ["骆驼祥子"]
    with kit.desk.session(write=False) as s:
        waiting = s.connection().exec_driver_sql("SELECT count(*) FROM search_pending").scalar()
    # each of the two write transactions indexed one bounded slice, newest first
    assert waiting == 451 - 2 * search_index.INTERACTIVE
    assert kit.desk.write(search.catch_up, FRONT, 20) == waiting - 20
    assert kit.desk.write(search.catch_up, FRONT) == 0
    assert len(kit.desk.read(search.search_holdings, FRONT, "tbsm", 500)) == 450
