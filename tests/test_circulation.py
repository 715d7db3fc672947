"""Circulation rules of the default package, every block, overrides, return-anywhere, fees.

Each refusal is checked for its typed code *and* for leaving the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, START, Kit
from sqlalchemy import select

from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING
from xclib_desk.desk import Desk
from xclib_desk.errors import BlockedError, DeskError
from xclib_desk.models import Item, OutboxEvent, Point, Reader, StandardsVersion, Transfer
from xclib_desk.services import circulation, readers
from xclib_desk.services.circulation import LoanView, Override
from xclib_desk.services.context import Actor
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import StandardsPackage


def refused(
    kit: Kit, code: str, fn: Callable[..., Any], actor: Actor, *args: Any, **kw: Any
) -> DeskError:
    """Run a write that must be refused with ``code``; assert nothing in the store moved."""
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(fn, actor, *args, **kw)
    assert info.value.code == code, info.value.message("en")
    assert kit.counts() == before
    return info.value


def out(kit: Kit, card: str, barcode: str, actor: Actor = FRONT, **kw: Any) -> LoanView:
    return kit.desk.write(circulation.check_out, actor, card, barcode, **kw)


# --- rules per reader type -------------------------------------------------------------------


def test_adult_book_42_days_then_one_28_day_renewal(kit: Kit) -> None:
    card, (book,) = kit.reader("adult"), kit.items(1)
    loan = out(kit, card, book)
    assert loan.due_date == date(2027, 1, 5)  # Tuesday 24 Nov + 42 days: a Tuesday, open
    assert kit.item_status(book) == "on_loan"
    renewed = kit.desk.write(circulation.renew, FRONT, book)
    assert (renewed.due_date, renewed.renewals) == (date(2027, 2, 2), 1)
    err = refused(kit, "renewal_limit", circulation.renew, FRONT, book)
    assert isinstance(err, BlockedError) and err.overridable_by == ("librarian", "admin")


def test_adult_av_14_days_no_renewal_quota_5(kit: Kit) -> None:
    card, discs = kit.reader("adult"), kit.items(6, "av")
    loans = [out(kit, card, b) for b in discs[:5]]
    assert {x.due_date for x in loans} == {date(2026, 12, 8)}
    refused(kit, "renewal_limit", circulation.renew, FRONT, discs[0])
    err = refused(kit, "quota_reached", circulation.check_out, FRONT, card, discs[5])
    assert err.params["quota"] == 5 and err.params["count"] == 5


def test_adult_total_quota_15(kit: Kit) -> None:
    card, books = kit.reader("adult"), kit.items(16)
    for b in books[:15]:
        out(kit, card, b)
    err = refused(kit, "quota_reached", circulation.check_out, FRONT, card, books[15])
    assert (err.params["quota"], err.params["count"]) == (15, 15)


def test_senior_quota_20_and_two_renewals(kit: Kit) -> None:
    card, books = kit.reader("senior"), kit.items(21)
    for b in books[:20]:
        out(kit, card, b)
    refused(kit, "quota_reached", circulation.check_out, FRONT, card, books[20])
    first = kit.desk.write(circulation.renew, FRONT, books[0])
    second = kit.desk.write(circulation.renew, FRONT, books[0])
    assert second.renewals == 2 and second.due_date == first.due_date + timedelta(days=28)
    refused(kit, "renewal_limit", circulation.renew, FRONT, books[0])


def test_child_borrows_only_childrens_books_and_av(kit: Kit) -> None:
    child = kit.reader("child", name="小明")
    book, periodical = kit.item("book"), kit.item("periodical")
    kids, disc = kit.item("child_book"), kit.item("av")
    err = refused(kit, "material_not_allowed", circulation.check_out, FRONT, child, book)
    assert "少儿读者" in err.message("zh") and "普通图书" in err.message("zh")
    # codes in the refusal, names in the message, in the reader's language
    assert err.params == {"reader_type": "child", "material": "book"}
    assert "少儿" not in err.message("en") and "普通" not in err.message("en")
    refused(kit, "material_not_allowed", circulation.check_out, FRONT, child, periodical)
    assert out(kit, child, kids).due_date == date(2027, 1, 5)
    assert out(kit, child, disc).due_date == date(2026, 12, 8)


def test_child_av_quota_3(kit: Kit) -> None:
    child, discs = kit.reader("child", name="小红"), kit.items(4, "av")
    for b in discs[:3]:
        out(kit, child, b)
    refused(kit, "quota_reached", circulation.check_out, FRONT, child, discs[3])


# --- blocks ------------------------------------------------------------------------------------


def test_unknown_and_malformed_barcodes(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    refused(kit, "unknown_reader", circulation.check_out, FRONT, "XC99999999", book)
    refused(kit, "unknown_item", circulation.check_out, FRONT, card, "X999999999")
    refused(kit, "bad_card_format", circulation.check_out, FRONT, "12345", book)
    refused(kit, "bad_item_format", circulation.check_out, FRONT, card, "ABC-1")
    refused(kit, "bad_item_format", circulation.check_in, FRONT, "'; DROP TABLE loan; --")
    refused(kit, "bad_card_format", circulation.check_out, FRONT, "XC" + "9" * 5000, book)


def test_scanner_noise_is_normalised(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    loan = out(kit, f" {card.lower()}\r\n", f"{book.lower()}\n")
    assert loan.barcode == book and loan.card_no == card


def test_blocked_reader(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    kit.desk.write(readers.block, LIBRARIAN, card, "丢失图书未赔偿")
    err = refused(kit, "reader_blocked", circulation.check_out, FRONT, card, book)
    assert "丢失图书未赔偿" in err.message("zh")
    kit.desk.write(readers.unblock, LIBRARIAN, card)
    assert out(kit, card, book).barcode == book


def test_expired_card(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    kit.at(date(2031, 11, 25))  # adult cards run five years
    err = refused(kit, "card_expired", circulation.check_out, FRONT, card, book)
    assert err.params["expires"] == "2031-11-24"
    kit.desk.write(readers.renew_card, FRONT, card)
    assert out(kit, card, book).barcode == book


def test_overdue_beyond_grace_blocks_borrowing(kit: Kit) -> None:
    card, (old, new) = kit.reader(), kit.items(2)
    due = out(kit, card, old).due_date
    kit.at(due + timedelta(days=3))  # within the package's 3 grace days: still lends
    assert out(kit, card, new).barcode == new
    kit.desk.write(circulation.check_in, FRONT, new)
    kit.at(due + timedelta(days=4))
    err = refused(kit, "overdue_items", circulation.check_out, FRONT, card, new)
    assert (err.params["count"], err.params["days"]) == (1, 3)


def test_not_loanable_reference(kit: Kit) -> None:
    card, dictionary = kit.reader(), kit.item("reference")
    refused(kit, "not_loanable", circulation.check_out, FRONT, card, dictionary)


def test_item_already_on_loan_names_holder(kit: Kit) -> None:
    first, second, book = kit.reader(), kit.reader(name="李四"), kit.item()
    out(kit, first, book)
    err = refused(kit, "item_on_loan", circulation.check_out, FRONT, second, book)
    assert first in err.message("zh") and "2027-01-05" in err.message("zh")
    # a copy's blocks are never overridable, not even by an admin
    refused(
        kit,
        "item_on_loan",
        circulation.check_out,
        ADMIN,
        second,
        book,
        Override("x", frozenset({"item_on_loan"})),
    )


@pytest.mark.parametrize(("status", "shown"), [("lost", "丢失"), ("in_transit", "在途")])
def test_lost_or_in_transit_item(kit: Kit, status: str, shown: str) -> None:
    card, book = kit.reader(), kit.item(status=status)
    err = refused(kit, "item_unavailable", circulation.check_out, FRONT, card, book)
    assert shown in err.message("zh")
    assert err.params == {"status": status}
    assert status.replace("_", " ") in err.message("en")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in err.message("en"))
    assert not any(ch.isascii() and ch.isalpha() for ch in err.message("zh"))


def test_loan_view_is_data_not_text(kit: Kit) -> None:
    """The check-out time comes back as an instant; front ends show it in Beijing time."""
    card, book = kit.reader(), kit.item()
    ln = out(kit, card, book)
    assert isinstance(ln.checked_out_at, datetime) and ln.checked_out_at.tzinfo is not None
    assert ln.checked_out_at == kit.clock.now()


def test_renew_overdue_and_not_on_loan(kit: Kit) -> None:
    card, (book, shelf) = kit.reader(), kit.items(2)
    due = out(kit, card, book).due_date
    refused(kit, "not_on_loan", circulation.check_in, FRONT, shelf)
    refused(kit, "not_on_loan", circulation.renew, FRONT, shelf)
    kit.at(due + timedelta(days=1))
    refused(kit, "renew_overdue", circulation.renew, FRONT, book)


# --- overrides ---------------------------------------------------------------------------------


def test_librarian_overrides_quota_with_recorded_reason(kit: Kit) -> None:
    card, books = kit.reader(), kit.items(16)
    for b in books[:15]:
        out(kit, card, b)
    reason = "读者准备论文，馆长同意"
    loan = out(
        kit, card, books[15], LIBRARIAN, override=Override(reason, frozenset({"quota_reached"}))
    )
    assert loan.override_reason == reason
    row = kit.loan(books[15])
    assert (row.override_codes, row.override_reason) == ("quota_reached", reason)
    event = kit.last_event()
    assert event.type == "loan.checked_out"
    assert event.payload["override"] == {"codes": ["quota_reached"], "reason": reason}
    assert event.staff_code == "lib"
    audit = kit.audit_for(event.seq)
    assert "quota_reached" in audit.detail and reason in audit.detail
    assert audit.staff_code == "lib"


def test_desk_role_may_not_override(kit: Kit) -> None:
    card, books = kit.reader(), kit.items(16)
    for b in books[:15]:
        out(kit, card, b)
    err = refused(
        kit,
        "override_not_allowed",
        circulation.check_out,
        FRONT,
        card,
        books[15],
        Override("读者急需", frozenset({"quota_reached"})),
    )
    assert "前台" in err.message("zh") and "desk" in err.message("en")  # the role, by its name


def test_blocked_reader_override_is_admin_only(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    kit.desk.write(readers.block, LIBRARIAN, card, "证件挂失")
    why = Override("本人持身份证到馆，已核实", frozenset({"reader_blocked"}))
    refused(kit, "override_not_allowed", circulation.check_out, LIBRARIAN, card, book, why)
    assert out(kit, card, book, ADMIN, override=why).override_reason == why.reason


@pytest.mark.parametrize("reason", ["", "   ", "\t"])
def test_override_needs_a_reason(kit: Kit, reason: str) -> None:
    card, books = kit.reader(), kit.items(16)
    for b in books[:15]:
        out(kit, card, b)
    why = Override(reason, frozenset({"quota_reached"}))
    refused(kit, "override_reason_required", circulation.check_out, LIBRARIAN, card, books[15], why)


def test_override_only_covers_the_blocks_it_names(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    kit.at(date(2031, 12, 1))
    why = Override("老读者", frozenset({"quota_reached"}))
    refused(kit, "card_expired", circulation.check_out, LIBRARIAN, card, book, why)


def test_renewal_limit_override(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    out(kit, card, book)
    kit.desk.write(circulation.renew, FRONT, book)
    why = Override("住院，家属来电申请续借", frozenset({"renewal_limit"}))
    loan = kit.desk.write(circulation.renew, LIBRARIAN, book, why)
    assert loan.renewals == 2
    event = kit.last_event()
    assert event.payload["override"] == {"codes": ["renewal_limit"], "reason": why.reason}
    assert why.reason in kit.audit_for(event.seq).detail


# --- return anywhere ---------------------------------------------------------------------------


def test_return_of_another_points_copy_is_routed_home(kit: Kit) -> None:
    card, book = kit.reader(), kit.item(owner="DSJD")
    out(kit, card, book)
    result = kit.desk.write(circulation.check_in, FRONT, book)
    assert (result.route_to, result.route_to_name) == ("DSJD", "德胜街道分馆")
    assert kit.item_status(book) == "in_transit"
    with kit.desk.session(write=False) as s:
        t = s.scalars(select(Transfer)).one()
        dest = s.get(Point, t.to_point_id)
        src = s.get(Point, t.from_point_id)
        item = s.scalars(select(Item).where(Item.barcode == book)).one()
        assert dest is not None and src is not None
        assert (dest.code, src.code, t.reason, t.status) == (
            "DSJD",
            "XJK",
            "return_home",
            "pending",
        )
        assert t.uid == result.transfer_uid and t.item_id == item.id
    payload = kit.last_event().payload
    assert (payload["route_to"], payload["transfer_uid"]) == ("DSJD", result.transfer_uid)
    # on its way home it cannot go out again here
    refused(kit, "item_unavailable", circulation.check_out, FRONT, card, book)


def test_return_of_own_copy_goes_back_on_the_shelf(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    out(kit, card, book)
    result = kit.desk.write(circulation.check_in, FRONT, book)
    assert result.route_to is None and result.transfer_uid is None
    assert kit.item_status(book) == "available" and kit.counts()["transfer"] == 0


# --- due dates off closed days -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lent_on", "due"),
    [
        (date(2026, 11, 23), date(2027, 1, 5)),  # +42 is a Monday: closed, so Tuesday
        (date(2026, 11, 19), date(2027, 1, 2)),  # +42 is 31 Dec, then 1 Jan: both holidays
        (date(2026, 12, 25), date(2027, 2, 12)),  # +42 lands in the Spring Festival closure
        (date(2026, 11, 25), date(2027, 1, 6)),  # an ordinary Wednesday stays put
    ],
)
def test_due_date_moves_off_closed_days(kit: Kit, lent_on: date, due: date) -> None:
    card, book = kit.reader(), kit.item()
    kit.at(lent_on)
    assert out(kit, card, book).due_date == due
    assert kit.desk.policy.is_open_day(due, "street")


# --- fees --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader_type", "material", "days_late", "fee"),
    [
        ("adult", "book", 0, 0),
        ("adult", "book", 10, 200),  # 0.2 CNY a day
        ("adult", "book", 400, 3000),  # capped at 30 CNY
        ("child", "child_book", 10, 100),  # children 0.1 CNY a day
        ("child", "child_book", 400, 2000),  # capped at 20 CNY
    ],
)
def test_overdue_fee(kit: Kit, reader_type: str, material: str, days_late: int, fee: int) -> None:
    card, book = kit.reader(reader_type), kit.item(material)
    due = out(kit, card, book).due_date
    kit.at(due + timedelta(days=days_late))
    [shown] = kit.desk.read(circulation.reader_loans, FRONT, card)
    assert (shown.overdue_days, shown.fee_cents) == (days_late, fee)
    result = kit.desk.write(circulation.check_in, FRONT, book)
    assert (result.days_late, result.fee_cents) == (days_late, fee)
    assert kit.loan(book).fee_cents == fee
    assert kit.last_event().payload["fee_cents"] == fee


# --- a later package version -------------------------------------------------------------


def test_new_package_applies_only_from_its_effective_time(kit: Kit, desk: Desk) -> None:
    effective = START + timedelta(days=10)
    body = load_bundled().model_dump(mode="json")
    body |= {"version": 2, "effective_from": effective.isoformat(), "title": "2027 修订"}
    for rule in body["service"]["loan_rules"]:
        if (rule["reader_type"], rule["material_type"]) == ("adult", "*"):
            rule["loan_days"] = 60
    v2 = StandardsPackage.model_validate(body)
    card, (before, after) = kit.reader(), kit.items(2)
    old = out(kit, card, before)
    with desk.session(write=True) as s:
        s.add(
            StandardsVersion(
                version=2,
                effective_from=v2.effective_from,
                body=v2.model_dump_json(),
                signature=None,
                source="hub",
                installed_at=kit.clock.now(),
            )
        )
    reopened = Desk.open(desk.data_dir, kit.clock)
    try:
        kit.desk = reopened
        kit.at(date(2026, 12, 3))  # the day before v2 takes effect: still 42 days
        assert reopened.policy.version == 1
        kit.clock.at = effective + timedelta(hours=1)
        assert reopened.policy.version == 2
        new = out(kit, card, after)
        assert new.due_date == date(2026, 12, 4) + timedelta(days=60)
        assert kit.loan(after).standards_version == 2
        assert kit.last_event().standards_version == 2
        assert kit.loan(before).due_date == old.due_date == date(2027, 1, 5)
        assert kit.loan(before).standards_version == 1
    finally:
        reopened.close()


# --- messages ----------------------------------------------------------------------------------


def test_refusal_in_chinese_by_default_and_english_on_request(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XCLIB_LANG", raising=False)
    book = kit.item()
    with pytest.raises(DeskError) as info:
        out(kit, "XC99999999", book)
    assert str(info.value.message()) == "找不到读者证“XC99999999”。请核对证号，或先办理读者登记。"
    monkeypatch.setenv("XCLIB_LANG", "en_US.UTF-8")
    assert info.value.message() == (
        "No reader with card 'XC99999999'. Check the number or register the reader first."
    )
    assert info.value.to_dict()["code"] == "unknown_reader"


def test_loan_event_and_audit_written_together(kit: Kit) -> None:
    card, book = kit.reader(), kit.item()
    before = kit.counts()
    loan = out(kit, card, book)
    after = kit.counts()
    assert after["loan"] - before["loan"] == 1
    assert after["outbox_event"] - before["outbox_event"] == 1
    assert after["audit_log"] - before["audit_log"] == 1
    event = kit.last_event()
    assert event.payload["loan_uid"] == loan.uid and event.payload["card_no"] == card
    assert event.point_code == "XJK" and event.staff_code == "desk"
    assert datetime.fromisoformat(event.payload["checked_out_at"]).astimezone(BEIJING).hour == 10
    assert kit.audit_for(event.seq).action == "loan.checked_out"


@pytest.mark.parametrize("level", ["community", "partner", "district"])
def test_other_point_levels_also_close_on_mondays(tmp_path: Path, level: str) -> None:
    """A community reading space sets due dates by its own hours, not the street branch's."""
    clock = FixedClock(datetime(2026, 11, 23, 10, tzinfo=BEIJING))  # a Monday
    desk = Desk.initialise(
        tmp_path / level, point_code="YTSQ", point_name="月坛社区阅读空间", level=level, clock=clock
    )
    try:
        kit = Kit(desk, clock)
        card, book = kit.reader(), kit.item()
        loan = out(kit, card, book)
        assert loan.due_date == date(2027, 1, 5)  # +42 is Monday 4 January: closed
        assert kit.last_event().payload["due_date"] == "2027-01-05"
    finally:
        desk.close()


def test_two_writers_at_once_keep_the_outbox_gap_free(kit: Kit, desk: Desk) -> None:
    """The app and a CLI (two Desk objects, two connections) scanning at the same moment."""
    import threading

    cards = [kit.reader(name=f"读者{i}") for i in range(2)]
    books = [kit.items(10) for _ in range(2)]
    other = Desk.open(desk.data_dir, kit.clock)
    before = kit.counts()
    errors: list[BaseException] = []

    def scan(d: Desk, card: str, barcodes: list[str]) -> None:
        try:
            for _ in range(3):
                for b in barcodes:
                    d.write(circulation.check_out, FRONT, card, b)
                for b in barcodes:
                    d.write(circulation.check_in, FRONT, b)
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [
        threading.Thread(target=scan, args=(d, c, b))
        for d, c, b in zip((desk, other), cards, books, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    after = kit.counts()
    assert after["outbox_event"] - before["outbox_event"] == 2 * 3 * 2 * 10
    assert after["audit_log"] - before["audit_log"] == 2 * 3 * 2 * 10
    with desk.session(write=False) as s:
        seqs = list(s.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.seq)))
    assert seqs == list(range(1, len(seqs) + 1))


def test_district_reader_quota_counts_loans_at_other_points(kit: Kit, desk: Desk) -> None:
    """一卡通: a reader known from the district index brings their open loans elsewhere along."""
    books = kit.items(2)
    with desk.session(write=True) as s:
        s.add(
            Reader(
                card_no="XC55500001",
                name="王五",
                name_pinyin="wangwu|ww",
                reader_type="adult",
                status="active",
                expires_on=date(2030, 1, 1),
                index_only=True,
                hub_open_loans=14,
                created_at=kit.clock.now(),
                updated_at=kit.clock.now(),
            )
        )
    assert out(kit, "XC55500001", books[0]).barcode == books[0]  # 14 elsewhere + 1 = 15
    with desk.session(write=True) as s:  # the next sync: the hub now counts that loan too
        r = s.scalars(select(Reader).where(Reader.card_no == "XC55500001")).one()
        r.hub_open_loans = 15
    err = refused(kit, "quota_reached", circulation.check_out, FRONT, "XC55500001", books[1])
    assert err.params["count"] == 15
