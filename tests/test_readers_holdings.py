"""Reader registration (resident IDs, guardians, duplicates, search) and cataloguing checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import FRONT, LIBRARIAN, Kit, birth_for_age
from stdnum import isbn as stdisbn
from stdnum.cn import ric

from xclib_desk.errors import DeskError
from xclib_desk.models import OutboxEvent
from xclib_desk.services import holdings, readers, search
from xclib_desk.store import STORE_FILE


def refused(kit: Kit, code: str, fn: Any, actor: Any = FRONT, *args: Any, **kw: Any) -> DeskError:
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(fn, actor, *args, **kw)
    assert info.value.code == code, info.value.message("en")
    assert kit.counts() == before
    return info.value


def with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def register(kit: Kit, code: str, **kw: Any) -> DeskError:
    kw.setdefault("card_no", "XC00000777")
    kw.setdefault("name", "王五")
    kw.setdefault("reader_type", "adult")
    return refused(kit, code, readers.register, FRONT, **kw)


# --- resident ID numbers -------------------------------------------------------------------


def test_wrong_check_character_is_refused(kit: Kit) -> None:
    good = kit.id_number(40)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    err = register(kit, "bad_id_number", id_number=wrong)
    assert "校验位" in err.message("zh")


def test_impossible_birth_date_is_refused(kit: Kit) -> None:
    err = register(kit, "bad_id_number", id_number=with_check("11010219901332123"))
    assert "出生日期" in err.message("zh")


def test_future_birth_date_is_refused(kit: Kit) -> None:
    register(kit, "bad_id_number", id_number=with_check("11010220990101123"))


@pytest.mark.parametrize(
    "raw", ["11010219900101123", "1101021990010112345", "", "ABCDEFGHIJKLMNOPQR"]
)
def test_wrong_length_or_characters_are_refused(kit: Kit, raw: str) -> None:
    register(kit, "bad_id_number", id_number=raw)


def test_id_number_is_shown_masked_and_never_stored_in_clear(kit: Kit) -> None:
    number = with_check("11010219850612123")
    card = kit.reader(id_number=number)
    shown = kit.desk.read(readers.show, FRONT, card)
    assert shown.id_masked == "1101**********" + number[-4:]
    assert shown.birth_date == date(1985, 6, 12)
    payload = kit.last_event().payload
    assert number not in str(payload) and payload["id_masked"] == shown.id_masked
    kit.desk.close()
    raw = b"".join(p.read_bytes() for p in kit.desk.data_dir.glob(STORE_FILE + "*"))
    assert number.encode() not in raw and number[:-1].encode() not in raw


def test_lower_case_x_check_character_accepted(kit: Kit) -> None:
    for serial in range(100, 999):
        body = f"11010219900101{serial}"
        number = with_check(body)
        if number.endswith("X"):
            break
    card = kit.reader(id_number=number.lower())
    assert kit.desk.read(readers.show, FRONT, card).id_masked.endswith("X")  # type: ignore[union-attr]


def test_duplicate_id_number_names_the_existing_card(kit: Kit) -> None:
    number = kit.id_number(30)
    first = kit.reader(id_number=number)
    err = register(kit, "duplicate_reader", id_number=number, card_no="XC00000999")
    assert first in err.message("zh") and first in err.message("en")


def test_duplicate_card_number_is_refused(kit: Kit) -> None:
    card = kit.reader()
    register(kit, "duplicate_card", id_number=kit.id_number(50), card_no=card)


# --- reader types and guardians -------------------------------------------------------------


def test_under_14_needs_a_guardian(kit: Kit) -> None:
    err = register(kit, "guardian_required", reader_type="child", id_number=kit.id_number(9))
    assert "监护人" in err.message("zh")
    register(
        kit,
        "guardian_required",
        reader_type="child",
        id_number=kit.id_number(9),
        guardian_name="张大山",
    )
    card = kit.reader("child", name="小明", age=9)
    assert kit.desk.read(readers.show, FRONT, card).guardian_name == "张大山"


def test_age_must_fit_the_reader_type(kit: Kit) -> None:
    err = register(kit, "reader_type_age", reader_type="child", id_number=kit.id_number(15))
    register(kit, "reader_type_age", reader_type="adult", id_number=kit.id_number(12))
    # the refusal carries the type's code; the message names it in the reader's language
    assert err.params == {"age": 15, "reader_type": "child"}
    assert "少儿读者" in err.message("zh") and "少儿" not in err.message("en")
    register(kit, "unknown_reader_type", reader_type="vip", id_number=kit.id_number(30))


def test_guardian_cannot_be_removed_from_a_child(kit: Kit) -> None:
    card = kit.reader("child", name="小红")
    refused(kit, "guardian_required", readers.edit, FRONT, card, guardian_name="")


@pytest.mark.parametrize("card", ["12345678", "XC123", "XC1234567890", "xc-0000001"])
def test_card_number_must_match_the_district_format(kit: Kit, card: str) -> None:
    register(kit, "bad_card_format", card_no=card, id_number=kit.id_number(30))


def test_bad_names_are_refused(kit: Kit) -> None:
    register(kit, "bad_input", name="  ", id_number=kit.id_number(30))
    register(kit, "bad_input", name="张\x00三", id_number=kit.id_number(30))
    register(kit, "bad_input", name="张" * 101, id_number=kit.id_number(30))


def test_only_librarians_block_readers(kit: Kit) -> None:
    card = kit.reader()
    refused(kit, "permission_denied", readers.block, FRONT, card, "逾期")
    view = kit.desk.write(readers.block, LIBRARIAN, card, "逾期")
    assert (view.status, view.block_reason) == ("blocked", "逾期")


# --- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zs", "zhangsan", "张", "张三", "ZS"])
def test_search_by_name_or_pinyin(kit: Kit, query: str) -> None:
    zhang = kit.reader(name="张三")
    kit.reader(name="李四")
    found = kit.desk.read(readers.search, FRONT, query)
    assert [r.card_no for r in found] == [zhang]


def test_search_by_card_and_no_match(kit: Kit) -> None:
    card = kit.reader(name="赵六")
    assert [r.name for r in kit.desk.read(readers.search, FRONT, card)] == ["赵六"]
    assert kit.desk.read(readers.search, FRONT, "%") == []
    assert kit.desk.read(readers.search, FRONT, "ls") == []


# --- holdings ------------------------------------------------------------------------------------

ISBN13 = "9787020002207"  # 红楼梦, 人民文学出版社


@pytest.mark.parametrize(
    "raw",
    ["978-7-02-000220-7", "9787020002207", " 978 7 02 000220 7 ", stdisbn.to_isbn10(ISBN13)],
)
def test_isbn_forms_are_normalised_to_isbn13(kit: Kit, raw: str) -> None:
    view = kit.desk.write(holdings.add_title, LIBRARIAN, title="红楼梦", isbn=raw, clc="I242.47")
    assert view.isbn == ISBN13
    assert [t.uid for t in kit.desk.read(search.search_titles, FRONT, raw)] == [view.uid]


def test_isbn10_with_lower_case_x(kit: Kit) -> None:
    def check10(body: str) -> int:
        return (11 - sum((10 - i) * int(d) for i, d in enumerate(body)) % 11) % 11

    body = next(b for b in (f"702{k:06d}" for k in range(100)) if check10(b) == 10)
    view = kit.desk.write(holdings.add_title, LIBRARIAN, title="骆驼祥子", isbn=body + "x")
    assert view.isbn == stdisbn.to_isbn13(body + "X")


@pytest.mark.parametrize("raw", ["9787020002208", "978702000220", "7-02-000220-1", "ISBN"])
def test_bad_isbn_is_refused(kit: Kit, raw: str) -> None:
    refused(kit, "bad_isbn", holdings.add_title, LIBRARIAN, title="红楼梦", isbn=raw)


@pytest.mark.parametrize(
    "clc",
    ["I247.57", "K837.125.6", "TP311.1", "TB1", "G624.2", "Z228.1", "O4", "D923(2)", "i247.57"],
)
def test_valid_clc_numbers(kit: Kit, clc: str) -> None:
    view = kit.desk.write(holdings.add_title, LIBRARIAN, title="书", clc=clc)
    assert view.clc == clc.upper()


@pytest.mark.parametrize(
    "clc", ["L1", "M2", "W3", "Y4", "TA1", "K8371.25", "I24.757", "247", "I247..5", "TP311.1/C5"]
)
def test_invalid_clc_numbers(kit: Kit, clc: str) -> None:
    err = refused(kit, "bad_clc", holdings.add_title, LIBRARIAN, title="书", clc=clc)
    assert clc in err.message("zh")


def test_item_call_number_and_barcode_rules(kit: Kit) -> None:
    uid = kit.title()
    ok: dict[str, Any] = {"barcode": "X123456789", "title_ref": uid, "call_number": "I242.47/C521"}
    refused(kit, "bad_item_format", holdings.add_item, LIBRARIAN, **(ok | {"barcode": "Y12"}))
    refused(kit, "bad_call_number", holdings.add_item, LIBRARIAN, **(ok | {"call_number": "I242"}))
    refused(kit, "bad_clc", holdings.add_item, LIBRARIAN, **(ok | {"call_number": "L1/C5"}))
    refused(
        kit, "unknown_material_type", holdings.add_item, LIBRARIAN, **(ok | {"material_type": "x"})
    )
    refused(kit, "unknown_title", holdings.add_item, LIBRARIAN, **(ok | {"title_ref": "nope"}))
    refused(kit, "permission_denied", holdings.add_item, FRONT, **ok)
    view = kit.desk.write(holdings.add_item, LIBRARIAN, **ok)
    assert (view.owner, view.location, view.status) == ("XJK", "XJK", "available")
    refused(kit, "duplicate_item", holdings.add_item, LIBRARIAN, **ok)


def test_birth_for_age_helper_is_right() -> None:
    """The fixtures' ages are what they claim (guards the helper the tests above rely on)."""
    from xclib_desk.services.idcard import age_on

    today = date(2026, 11, 24)
    assert [age_on(birth_for_age(today, a), today) for a in (9, 13, 14, 68)] == [9, 13, 14, 68]


def test_events_carry_reader_facts_without_the_id(kit: Kit) -> None:
    card = kit.reader("senior", name="刘奶奶")
    event: OutboxEvent = kit.last_event()
    assert event.type == "reader.registered"
    assert event.payload["card_no"] == card and event.payload["reader_type"] == "senior"
    assert len(event.payload["id_hash"]) == 64


def test_birth_after_the_desks_today_is_refused(kit: Kit) -> None:
    """Judged by the desk's clock, like the age: nobody is registered as born tomorrow."""
    kit.at(date(2020, 1, 1))
    born_later = with_check("11010220210505123")
    err = register(
        kit,
        "bad_id_number",
        reader_type="child",
        id_number=born_later,
        guardian_name="张大山",
        guardian_phone="13800001111",
    )
    assert "未来" in err.message("zh")
