"""The push and pull tables are complete: every protocol event type has exactly one entry in
the hub's ``HANDLERS`` (ledger-only ones explicitly ``None``), and every feed-row kind has
exactly one applier in the desk's ``PULL`` table and one model in ``protocol.feed``."""

from __future__ import annotations

from typing import get_args

from xclib_desk.hub.push.registry import HANDLERS
from xclib_desk.protocol.events import PAYLOADS
from xclib_desk.protocol.feed import ROWS, FeedKind
from xclib_desk.sync.apply import PULL


def test_every_event_type_has_one_hub_entry() -> None:
    assert set(HANDLERS) == set(PAYLOADS)


def test_ledger_only_types_are_the_named_few() -> None:
    assert {t for t, h in HANDLERS.items() if h is None} == {
        "point.initialised",
        "staff.added",
        "standards.activated",
    }


def test_every_feed_kind_has_one_desk_applier_and_one_model() -> None:
    assert set(PULL) == set(ROWS) == set(get_args(FeedKind))
