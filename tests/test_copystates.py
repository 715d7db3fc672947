"""Copy states: lost on loan (paid or replaced), claimed returned, damaged, withdrawn, found;
their effect on the reader (loan closed, fee owed), the copy, and the hub (a real hub process)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from sqlalchemy import select

from xclib_desk.errors import DeskError
from xclib_desk.hub.models import HubFee, HubItem, HubLoan
from xclib_desk.services import account, circulation, copystates, fees
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]


def test_a_lost_copy_paid_closes_the_loan_and_raises_its_price(kit: Kit) -> None:
    card, (book,) = kit.reader("adult"), kit.items(1)
    kit.desk.write(circulation.check_out, FRONT, card, book)
    kit.at(kit.loan(book).due_date + timedelta(days=5))
    done = kit.desk.write(copystates.close_lost, FRONT, book, "lost_paid")
    assert (done.outcome, done.fee_cents) == ("lost_paid", 3900)  # the copy's price
    assert kit.item_status(book) == "lost"
    loan = kit.loan(book)
    assert (loan.closed_as, loan.returned_at is not None) == ("lost_paid", True)
    a = kit.desk.read(account.account, FRONT, card)
    assert (a.loans, a.overdue, a.owed_cents) == ([], 0, 3900)
    [fee] = a.fees
    assert (fee.kind, fee.barcode) == ("lost", book)
    assert kit.last_event().type == "loan.closed_lost"
    # not lendable any more; a lost copy cannot be closed again
    with pytest.raises(DeskError) as info:
        kit.desk.write(copystates.close_lost, FRONT, book, "lost_paid")
    assert info.value.code == "not_on_loan"
    kit.desk.write(fees.collect, FRONT, card)


def test_replaced_and_claimed_returned_charge_nothing(kit: Kit) -> None:
    card, (a, b) = kit.reader("adult"), kit.items(2)
    for x in (a, b):
        kit.desk.write(circulation.check_out, FRONT, card, x)
    kit.desk.write(copystates.close_lost, FRONT, a, "lost_replaced")
    kit.desk.write(copystates.close_lost, FRONT, b, "claimed_returned")
    assert [kit.loan(x).closed_as for x in (a, b)] == ["lost_replaced", "claimed_returned"]
    assert kit.desk.read(account.account, FRONT, card).owed_cents == 0


def test_shelf_states_need_a_reason_and_withdrawal_a_librarian(kit: Kit) -> None:
    card, (book,) = kit.reader("adult"), kit.items(1)
    before = kit.counts()
    with pytest.raises(DeskError) as info:
        kit.desk.write(copystates.set_shelf_state, FRONT, book, "withdrawn", "旧")
    assert info.value.code == "permission_denied" and kit.counts() == before
    kit.desk.write(copystates.set_shelf_state, FRONT, book, "damaged", "水渍")
    assert kit.item_status(book) == "damaged"
    with pytest.raises(DeskError) as info:
        kit.desk.write(circulation.check_out, FRONT, card, book)
    assert info.value.code == "item_unavailable"
    kit.desk.write(copystates.set_shelf_state, LIBRARIAN, book, "withdrawn", "破损严重，剔除")
    assert kit.last_event().payload["status"] == "withdrawn"
    kit.desk.write(copystates.set_shelf_state, LIBRARIAN, book, "available", "修复后上架")
    kit.desk.write(circulation.check_out, FRONT, card, book)
    with pytest.raises(DeskError) as info:
        kit.desk.write(copystates.set_shelf_state, LIBRARIAN, book, "damaged", "x")
    assert info.value.code == "item_on_loan_state"


def test_a_lost_copy_reaches_the_hub(hub: HubProc, station: MakeStation) -> None:
    st = station()
    card, bc = st.reader(), st.item()
    loan = st.checkout(card, bc)
    st.sync()
    st.desk.write(copystates.close_lost, Actor("lib", "librarian", "李馆员"), bc, "lost_paid")
    st.sync()
    [(ln,)] = hub.query(select(HubLoan).where(HubLoan.uid == loan))
    assert (ln.closed_by, ln.returned_point, ln.fee_cents) == ("lost_paid", st.code, 2500)
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    assert it.status == "lost"
    [(fee,)] = hub.query(select(HubFee).where(HubFee.uid == loan))
    assert (fee.kind, fee.amount_cents, fee.status) == ("lost", 2500, "open")
