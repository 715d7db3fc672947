"""Fees end to end at the desk: raised at return, paid in cash, waived with a reason, history,
a staff member's cash for the day; the reader's account at card scan; the overdue call list;
and a package that charges no fees (nothing raised, every fee verb refused).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, START, Kit
from sqlalchemy import func, select

from xclib_desk.cli import main as cli_main
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import Fee, StandardsVersion
from xclib_desk.services import account, circulation, fees, overdue
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import StandardsPackage


def late_return(kit: Kit, card: str, days: int) -> str:
    """Lend a book to ``card`` and return it ``days`` late; the clock ends on the return day."""
    book = kit.item()
    due = kit.desk.write(circulation.check_out, FRONT, card, book).due_date
    kit.at(due + timedelta(days=days))
    kit.desk.write(circulation.check_in, FRONT, book)
    return book


def fee_rows(kit: Kit) -> int:
    with kit.desk.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(Fee)) or 0)


def test_a_late_return_raises_a_fee_the_reader_pays_in_cash(kit: Kit) -> None:
    card = kit.reader("adult")
    book = late_return(kit, card, 10)
    [owed] = kit.desk.read(fees.reader_fees, FRONT, card, True)
    assert (owed.barcode, owed.amount_cents, owed.status, owed.kind) == (
        book,
        200,
        "open",
        "overdue",
    )
    assert owed.uid == kit.loan(book).uid  # the hub derives the same fee from the return
    paid = kit.desk.write(fees.collect, FRONT, card)
    assert (paid.amount_cents, [f.uid for f in paid.fees]) == (200, [owed.uid])
    event = kit.last_event()
    assert event.type == "fee.paid"
    assert event.payload["fees"] == [owed.uid] and event.payload["amount_cents"] == 200
    assert "paid 200" in kit.audit_for(event.seq).detail
    assert kit.desk.read(fees.reader_fees, FRONT, card, True) == []
    [hist] = kit.desk.read(fees.reader_fees, FRONT, card)
    assert (hist.status, hist.settled_by) == ("paid", FRONT.staff_code)
    # nothing left to pay: refused, nothing queued
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(fees.collect, FRONT, card)
    assert info.value.code == "no_fees_owed" and kit.counts() == before


def test_one_payment_settles_chosen_fees_and_refuses_an_unknown_one(kit: Kit) -> None:
    card = kit.reader("adult")
    late_return(kit, card, 5)
    late_return(kit, card, 20)
    owed = kit.desk.read(fees.reader_fees, FRONT, card, True)
    assert sorted(f.amount_cents for f in owed) == [100, 400]
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(fees.collect, FRONT, card, [owed[0].uid, "no-such-fee"])
    assert info.value.code == "fee_not_open" and kit.counts() == before
    paid = kit.desk.write(fees.collect, FRONT, card, [owed[0].uid])
    assert paid.amount_cents == owed[0].amount_cents
    [left] = kit.desk.read(fees.reader_fees, FRONT, card, True)
    assert left.uid == owed[1].uid


def test_waiving_needs_the_packages_role_and_a_reason(kit: Kit) -> None:
    card = kit.reader("adult")
    late_return(kit, card, 10)
    [owed] = kit.desk.read(fees.reader_fees, FRONT, card, True)
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(fees.waive, FRONT, card, owed.uid, "老人忘带钱")
    assert info.value.code == "permission_denied" and kit.counts() == before
    with pytest.raises(DeskError) as info:
        kit.desk.write(fees.waive, LIBRARIAN, card, owed.uid, "   ")
    assert info.value.code == "waive_reason_required" and kit.counts() == before
    done = kit.desk.write(fees.waive, LIBRARIAN, card, owed.uid, "图书馆闭馆期间到期")
    assert (done.status, done.waive_reason) == ("waived", "图书馆闭馆期间到期")
    event = kit.last_event()
    assert event.type == "fee.waived" and event.payload["reason"] == "图书馆闭馆期间到期"
    assert kit.desk.read(fees.reader_fees, FRONT, card, True) == []
    # a waived fee cannot be paid or waived again
    with pytest.raises(DeskError) as info:
        kit.desk.write(fees.waive, ADMIN, card, owed.uid, "again")
    assert info.value.code == "fee_not_open"


def test_cash_total_is_per_staff_member_and_beijing_day(kit: Kit) -> None:
    a, b = kit.reader("adult"), kit.reader("adult")
    late_return(kit, a, 10)
    late_return(kit, b, 5)
    day = kit.today()
    kit.desk.write(fees.collect, FRONT, a)
    kit.desk.write(fees.collect, LIBRARIAN, b)
    mine = kit.desk.read(fees.cash_total, FRONT)
    assert (mine.staff_code, mine.day, mine.payments, mine.amount_cents) == ("desk", day, 1, 200)
    theirs = kit.desk.read(fees.cash_total, FRONT, "lib", day)
    assert theirs.amount_cents == 100
    assert kit.desk.read(fees.cash_total, FRONT, None, day + timedelta(days=1)).amount_cents == 0


def test_the_account_at_card_scan(kit: Kit) -> None:
    card = kit.reader("adult")
    returned = late_return(kit, card, 10)
    kept = kit.item()
    kit.desk.write(circulation.check_out, FRONT, card, kept)
    due = kit.loan(kept).due_date
    kit.at(due + timedelta(days=3))
    a = kit.desk.read(account.account, FRONT, card)
    assert (len(a.loans), a.overdue, a.owed_cents, a.charges_fees) == (1, 1, 200, True)
    assert [f.barcode for f in a.fees] == [returned]
    assert [h.barcode for h in a.history] == [returned] and a.history[0].days_late == 10
    assert {n.code for n in a.notes} == {"overdue", "fees_owed"}
    assert a.holds_waiting == []
    # beyond the package's retention the history is not shown
    kit.at(kit.today() + timedelta(days=a.retention_days + 1))
    assert kit.desk.read(account.account, FRONT, card).history == []


def test_overdue_call_list_and_notices(kit: Kit, tmp_path: Path) -> None:
    a, b = kit.reader("adult"), kit.reader("adult")
    books = kit.items(3)
    for card, book in ((a, books[0]), (a, books[1]), (b, books[2])):
        kit.desk.write(circulation.check_out, FRONT, card, book)
    due = kit.loan(books[0]).due_date
    kit.at(due + timedelta(days=4))
    kit.desk.write(circulation.check_in, FRONT, books[2])
    rows = kit.desk.read(overdue.overdue_loans, FRONT)
    assert [(r.card_no, r.days_late, r.fee_cents) for r in rows] == [(a, 4, 80), (a, 4, 80)]
    assert kit.desk.read(overdue.overdue_loans, FRONT, 5) == []
    [notice] = kit.desk.read(overdue.notices, FRONT)
    assert (notice.card_no, len(notice.loans), notice.fee_cents) == (a, 2, 160)


def _no_fees_package(kit: Kit, desk: Desk) -> Desk:
    body = load_bundled().model_dump(mode="json")
    body |= {"version": 2, "effective_from": START.isoformat(), "title": "免收滞纳金"}
    body["service"]["overdue"]["charge_fees"] = False
    pkg = StandardsPackage.model_validate(body)
    with desk.session(write=True) as s:
        s.add(
            StandardsVersion(
                version=2,
                effective_from=pkg.effective_from,
                body=pkg.model_dump_json(),
                signature=None,
                source="hub",
                installed_at=kit.clock.now(),
            )
        )
    return Desk.open(desk.data_dir, kit.clock)


def test_a_package_without_fees_raises_none_and_refuses_every_fee_verb(
    kit: Kit, desk: Desk
) -> None:
    reopened = _no_fees_package(kit, desk)
    try:
        kit.desk = reopened
        card = kit.reader("adult")
        late_return(kit, card, 30)
        assert fee_rows(kit) == 0
        a = kit.desk.read(account.account, FRONT, card)
        assert (a.charges_fees, a.owed_cents, a.fees) == (False, 0, [])
        assert all(n.code != "fees_owed" for n in a.notes)
        for fn, args in ((fees.collect, (card,)), (fees.waive, (card, "x", "why"))):
            with pytest.raises(DeskError) as info:
                kit.desk.write(fn, ADMIN, *args)
            assert info.value.code == "fees_not_charged"
    finally:
        reopened.close()


def test_cli_fee_verbs_with_json(kit: Kit, capsys: pytest.CaptureFixture[str]) -> None:
    card = kit.reader("adult")
    late_return(kit, card, 10)
    data = str(kit.desk.data_dir)
    now = kit.clock.now().isoformat()
    base = ["--data-dir", data, "--now", now, "--json"]
    kit.desk.close()
    assert cli_main([*base, "fee", "list", card, "--open"]) == 0
    [row] = json.loads(capsys.readouterr().out)["result"]
    assert row["amount_cents"] == 200
    assert cli_main([*base, "--staff", "desk", "fee", "pay", card]) == 0
    assert json.loads(capsys.readouterr().out)["result"]["amount_cents"] == 200
    assert cli_main([*base, "--staff", "desk", "fee", "cash"]) == 0
    assert json.loads(capsys.readouterr().out)["result"]["amount_cents"] == 200
    assert cli_main([*base, "account", card]) == 0
    assert json.loads(capsys.readouterr().out)["result"]["owed_cents"] == 0
    assert cli_main([*base, "overdue", "list", "--csv", str(Path(data) / "calls.csv")]) == 0
    assert json.loads(capsys.readouterr().out)["result"] == []
    assert cli_main([*base, "fee", "pay", card]) == 1  # nothing owed: refused
    err = json.loads(capsys.readouterr().out)["error"]
    assert err["code"] == "no_fees_owed"
