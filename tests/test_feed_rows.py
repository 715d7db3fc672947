"""Feed rows at the desk: typed, refused alone when they do not validate, and never able to
take a copy's owner or title away (a row that lacks them keeps the copy's own)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Kit
from sqlalchemy import select

from xclib_desk.models import Item, OutboxDelivery, OutboxEvent, Point, Title
from xclib_desk.models.records import undelivered
from xclib_desk.protocol.events import ReaderUpdated, TitleUpdated
from xclib_desk.protocol.feed import read_changes
from xclib_desk.protocol.wire import read_pull_page
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.apply import apply_changes, apply_page

UNKNOWN_TITLE = "00000000-0000-4000-8000-00000000abcd"


def _delivered(kit: Kit) -> None:
    """As if the hub had answered every event: their keys no longer hold the pull back."""
    with kit.desk.session(write=True) as s:
        for seq in s.scalars(undelivered(OutboxEvent.seq)).all():
            s.add(OutboxDelivery(seq=seq, status="applied", delivered_at=kit.clock.now()))


def _item_row(barcode: str, **data: Any) -> dict[str, Any]:
    row = {
        "barcode": barcode, "title": None, "title_uid": None, "call_number": "I242.47/C521",
        "material_type": "book", "owner": None, "location": "XJK", "status": "available",
        "price_cents": 3900,
    }  # fmt: skip
    row.update(data)
    return {"pos": 1, "kind": "item", "key": barcode, "data": row}


def _copy(kit: Kit, barcode: str) -> tuple[str, str]:
    with kit.desk.session(write=False) as s:
        it = s.scalars(select(Item).where(Item.barcode == barcode)).one()
        return s.get_one(Point, it.owner_point_id).code, s.get_one(Title, it.title_id).uid


@pytest.mark.parametrize(
    "lacking",
    [
        {},  # neither owner nor title
        {"title_uid": UNKNOWN_TITLE},  # a title this desk has never seen, without its record
    ],
)
def test_a_feed_row_never_takes_a_copys_owner_or_title_away(
    kit: Kit, lacking: dict[str, Any]
) -> None:
    title = kit.title(title="城南旧事", clc="I246.57")
    barcode = kit.item(title_uid=title, owner="DSJD")  # the hall-side copy, on our shelf
    _delivered(kit)
    assert _copy(kit, barcode) == ("DSJD", title)
    changes, refused = read_changes([_item_row(barcode, status="on_loan", **lacking)])
    assert refused == []
    kit.desk.write(apply_changes, SYSTEM, changes)
    assert _copy(kit, barcode) == ("DSJD", title)  # kept: the row had nothing to say
    with kit.desk.session(write=False) as s:  # what the row did say still applies
        assert s.scalars(select(Item.status).where(Item.barcode == barcode)).one() == "on_loan"


def test_a_feed_row_with_owner_and_a_known_title_still_moves_the_copy(kit: Kit) -> None:
    title = kit.title(title="城南旧事", clc="I246.57")
    other = kit.title(title="呐喊", clc="I210.4")
    barcode = kit.item(title_uid=title)
    _delivered(kit)
    changes, _ = read_changes([_item_row(barcode, owner="YTSQ", title_uid=other)])
    kit.desk.write(apply_changes, SYSTEM, changes)
    assert _copy(kit, barcode) == ("YTSQ", other)


def test_a_row_that_does_not_validate_is_refused_alone(kit: Kit) -> None:
    title = kit.title()
    barcode = kit.item(title_uid=title)
    _delivered(kit)
    page = (
        '{"changes":['
        + ",".join(
            [
                '{"pos":1,"kind":"item","key":"X1","data":{"barcode":"X\\u0000"}}',
                '{"pos":2,"kind":"no_such_kind","key":"k","data":{}}',
                '{"pos":3,"kind":"point","key":"ZZ","data":{"code":"ZZ","name":"新点\\u202e",'
                '"level":"community"}}',
                '{"pos":4,"kind":"point","key":"NEW1","data":{"code":"NEW1","name":"新点",'
                '"level":"community"}}',
            ]
        )
        + '],"cursor":"4","more":false,"hub_time":"2026-11-25T00:00:00Z"}'
    )
    parsed, refused = read_pull_page(page)
    assert [(x.pos, x.kind) for x in refused] == [(1, "item"), (2, "no_such_kind"), (3, "point")]
    applied = kit.desk.write(apply_page, SYSTEM, parsed, refused)
    assert (applied.rows, applied.invalid, applied.cursor) == (4, 3, "4")
    with kit.desk.session(write=False) as s:
        assert s.scalars(select(Point.name).where(Point.code == "NEW1")).one() == "新点"
        assert s.scalars(select(Point).where(Point.code == "ZZ")).first() is None
    assert _copy(kit, barcode)[1] == title


def test_partial_fields_carry_only_what_was_sent() -> None:
    upd = ReaderUpdated(card_no="XC00000001", fields={"phone": None})
    assert upd.model_dump(mode="json") == {"card_no": "XC00000001", "fields": {"phone": None}}
    t = TitleUpdated(uid=UNKNOWN_TITLE, fields={"year": 1930})
    assert t.model_dump(mode="json")["fields"] == {"year": 1930}
    with pytest.raises(ValueError):
        ReaderUpdated(card_no="XC00000001", fields={"card_no": "x"})  # not a profile field
    with pytest.raises(ValueError):
        ReaderUpdated(card_no="XC00000001", fields={"name": "张\u200b三"})  # zero-width space
