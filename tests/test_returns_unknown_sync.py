"""Return anywhere, offline, of a copy the returning point has never seen (通借通还), with real
desks and a real hub process (SQLite and PostgreSQL).

The returning desk takes the barcode back with no row for it; at sync the hub closes the loan,
the copy and its return-home transfer reach the returning desk's feed (so it ships the copy
like any copy waiting to go home), and a barcode nobody in the district knows raises one
exception to the returning point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from xclib_desk.hub.models import HubException, HubItem, HubLoan, HubTransfer
from xclib_desk.services import returns, shipments
from xclib_desk.services.context import Actor
from xclib_desk.services.returns import UnknownReturn

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def test_an_unknown_copy_returned_offline_closes_its_loan_and_goes_home(
    hub: HubProc, station: MakeStation
) -> None:
    home, other = station(), station()
    card, bc = home.reader(), home.item()
    loan = home.checkout(card, bc)
    home.sync()
    assert other.item_row(bc) is None  # never seen there
    res = other.desk.write(returns.check_in_any, LIB, bc)  # offline: nothing asked of the hub
    assert isinstance(res, UnknownReturn) and res.barcode == bc
    assert other.outbox()[-1]["type"] == "loan.returned_unknown"
    other.sync()
    [(ln,)] = hub.query(select(HubLoan).where(HubLoan.uid == loan))
    assert (ln.returned_point, ln.returned_at is not None) == (other.code, True)
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    assert (it.status, it.location, it.owner) == ("in_transit", other.code, home.code)
    [(t,)] = hub.query(select(HubTransfer).where(HubTransfer.item == bc))
    assert (t.from_point, t.to_point, t.status) == (other.code, home.code, "pending")
    other.sync()  # the copy and its way home reach the returning desk
    row = other.item_row(bc)
    assert row is not None and row.status == "in_transit"
    waiting = other.desk.read(shipments.waiting_transfers, LIB)
    assert [(w.barcode, w.to_point) for w in waiting] == [(bc, home.code)]
    home.sync()
    assert home.open_loans() == {}  # the lending point sees the loan closed
    # the same point scanning it again adds no second transfer
    other.desk.write(returns.accept_unknown, LIB, bc)
    other.sync()
    assert len(hub.query(select(HubTransfer).where(HubTransfer.item == bc))) == 1


def test_a_copy_nobody_knows_raises_one_exception(hub: HubProc, station: MakeStation) -> None:
    st = station()
    stray = "X987654321"
    for _ in range(2):
        st.desk.write(returns.check_in_any, LIB, stray)
    st.sync()
    rows = hub.query(select(HubException).where(HubException.kind == "unknown_copy_returned"))
    mine = [x for (x,) in rows if x.context["item"] == stray]
    assert len(mine) == 1 and mine[0].points == [st.code]
    assert hub.query(select(HubItem).where(HubItem.barcode == stray)) == []
