"""The desk refuses at once what the hub would refuse later (hub/push/authority.py): a reader's
profile, status and expiry belong to the reader's home point, and a loan is renewed by the
lending point or the reader's home point. Staff learn it at the counter, not from an exception
days later, and nothing is queued."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from xclib_desk.errors import DeskError
from xclib_desk.models import OutboxEvent
from xclib_desk.services import circulation, readers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def queued(st: Station) -> int:
    with st.desk.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEvent)) or 0)


@pytest.mark.parametrize(
    ("verb", "args"),
    [
        (readers.edit, {"phone": "13800000000"}),
        (readers.block, {"reason": "逾期未还"}),
        (readers.unblock, {}),
        (readers.renew_card, {}),
    ],
)
def test_only_the_home_point_changes_a_reader(
    hub: HubProc, station: MakeStation, verb: Callable[..., Any], args: dict[str, Any]
) -> None:
    home, other = station(), station()
    card = home.reader()
    home.sync()
    other.sync()  # the other point knows the card from the district index
    assert other.reader_row(card) is not None
    before = queued(other)
    with pytest.raises(DeskError) as refused:
        other.desk.write(verb, LIB, card, **args)
    assert refused.value.code == "not_home_point"
    assert home.code in refused.value.message("en")
    assert queued(other) == before  # nothing for the hub to refuse later
    # the home point may
    home.desk.write(verb, LIB, card, **args)


def test_a_renewal_by_a_point_that_neither_lent_nor_is_home_is_refused(
    hub: HubProc, station: MakeStation
) -> None:
    from test_sync_scenarios import shared_copy

    lender, owner = station(), station()
    bc = shared_copy(hub, lender, owner)  # the owner's copy, known at the lender
    card = lender.reader()
    lender.checkout(card, bc)  # lent at a point that is not the copy's owner
    lender.sync()
    owner.sync()
    assert bc in owner.open_loans()  # the owner sees its copy out...
    before = queued(owner)
    with pytest.raises(DeskError) as refused:
        owner.desk.write(circulation.renew, LIB, bc)  # ...but neither lent it nor is home
    assert refused.value.code == "not_lending_point"
    assert lender.code in refused.value.message("zh")
    assert queued(owner) == before
    # the lender (here also the reader's home) may, and the hub applies it
    lender.desk.write(circulation.renew, LIB, bc)
    res = lender.sync()
    assert res.results == {"applied": res.pushed}
