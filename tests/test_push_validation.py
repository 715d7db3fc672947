"""Bad payloads at the hub: refused one by one, never stored, never a failed push.

A desk's token is valid, its payload is not: a birth date that is no date, an author that is an
object, card numbers and barcodes with a NUL, zero-width or bidi-override character, or 100 KB
long. Each is pushed to a real hub process (SQLite, and PostgreSQL when configured, where a NUL
in any query or JSON value is an error) beside an honest event. The push answers 200, the bad
event ``rejected(bad_payload)`` with an exception that shows what was sent (storably), the
honest one applied, the hub's rows unchanged, and every desk still syncs afterwards.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
import requests
from sqlalchemy import func, select

from xclib_desk.hub.models import HubChange, HubEvent, HubException, HubItem, HubLoan, HubReader
from xclib_desk.hub.push.exceptions import KEPT_TEXT

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]

#: what no card number or barcode may hold, each looking like an honest one on screen
HOSTILE_CODES = {
    "nul": "XC0000\x001",
    "zero_width": "XC0000\u200b1",
    "bidi_override": "XC\u202e00001",
    "long_100kb": "X" * 100_000,
    "space": "XC 00001",
    "fullwidth": "ＸＣ00001",
}


def _forge(st: Station, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
    from test_push_authority import raw

    return raw(st, type_, payload)


def _send(st: Station, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Push one event beside an honest one; returns the hub's answer for it (200 checked)."""
    from test_push_authority import raw

    ev = _forge(st, type_, payload)
    honest = raw(st, "visits.recorded", {"day": "2026-03-03", "count": 1})
    got, ok = st.push_results([ev, honest])
    assert ok["status"] == "applied", ok
    got["event"] = ev
    return got


def _refused(hub: HubProc, got: dict[str, Any]) -> dict[str, Any]:
    assert (got["status"], got["code"]) == ("rejected", "bad_payload"), got
    key = f"rejected:{got['event']['event_id']}"
    [(x,)] = hub.query(select(HubException).where(HubException.key == key))
    [(kept,)] = hub.query(
        select(HubEvent.payload).where(HubEvent.event_id == got["event"]["event_id"])
    )
    assert x.context["payload"] == kept  # the hall sees what the ledger keeps
    assert "\x00" not in repr(kept) and len(repr(kept)) < 5 * KEPT_TEXT
    return dict(x.context["payload"])


def test_a_reader_edit_with_a_birth_date_that_is_no_date_is_refused_alone(
    hub: HubProc, station: MakeStation
) -> None:
    b, other = station(), station()
    card = b.reader()
    b.sync()
    before = one_reader(hub, card)
    got = _send(b, "reader.updated", {"card_no": card, "fields": {"birth_date": "not-a-date"}})
    assert _refused(hub, got)["fields"] == {"birth_date": "not-a-date"}
    after = one_reader(hub, card)
    assert (after.profile, after.field_hlc) == (before.profile, before.field_hlc)
    # nothing bad reached the feed: the home point and any other point still sync
    assert b.sync().ok and other.sync().ok
    row = b.reader_row(card)
    assert row is not None and row.birth_date is not None


def test_a_title_correction_with_an_object_for_an_author_is_refused_alone(
    hub: HubProc, station: MakeStation
) -> None:
    b = station()
    bc = b.item()
    b.sync()
    [(uid,)] = hub.query(select(HubItem.title_uid).where(HubItem.barcode == bc))
    got = _send(b, "title.updated", {"uid": uid, "fields": {"author": {"x": 1}}})
    assert _refused(hub, got)["fields"] == {"author": {"x": 1}}
    assert b.sync().ok
    assert b.item_row(bc) is not None


def test_a_number_beyond_64_bits_is_refused_alone_and_kept_as_sent(
    hub: HubProc, station: MakeStation
) -> None:
    """JSON has no size limit on numbers and Python reads any, so a forged payload may carry
    one no 64-bit encoder writes: the event is refused, the ledger keeps the number as sent,
    and the rest of the push is applied."""
    b = station()
    bc = b.item()
    b.sync()
    [(uid,)] = hub.query(select(HubItem.title_uid).where(HubItem.barcode == bc))
    got = _send(b, "title.updated", {"uid": uid, "fields": {"year": 10**30}})
    assert _refused(hub, got)["fields"] == {"year": 10**30}
    assert b.sync().ok


@pytest.mark.parametrize("kind", list(HOSTILE_CODES))
def test_a_card_number_or_barcode_no_honest_desk_makes_is_refused_and_stored_nowhere(
    hub: HubProc, station: MakeStation, kind: str
) -> None:
    b, other = station(), station()
    code = HOSTILE_CODES[kind]
    bc, card = b.item(), b.reader()
    b.sync()
    now = datetime.now(UTC).isoformat()
    reg = {"card_no": code, "name": "王小明", "reader_type": "adult", "id_hash": "h",
           "id_masked": "1101**********0000", "birth_date": None, "expires_on": "2030-01-01",
           "home_point": b.code}  # fmt: skip
    copy = {"barcode": code, "title_uid": str(uuid.uuid4()), "call_number": "I246/1",
            "material_type": "book", "owner": b.code, "location": b.code,
            "price_cents": None}  # fmt: skip
    loan = {"loan_uid": str(uuid.uuid4()), "item": bc, "card_no": code, "due_date": "2030-01-01",
            "checked_out_at": now}  # fmt: skip
    lent = {**loan, "loan_uid": str(uuid.uuid4()), "item": code, "card_no": card}
    before = _counts(hub)
    for type_, payload in (
        ("reader.registered", reg),
        ("reader.blocked", {"card_no": code, "reason": "x"}),
        ("item.added", copy),
        ("loan.checked_out", loan),
        ("loan.checked_out", lent),
        ("loan.checked_in", {**lent, "returned_at": now, "days_late": 0, "fee_cents": 0}),
    ):
        kept = _refused(hub, _send(b, type_, payload))
        shown = kept.get("card_no", kept.get("barcode", kept.get("item")))
        assert shown is not None and "\x00" not in shown and len(shown) <= KEPT_TEXT + 1
    # stored nowhere: no new reader, copy, loan or feed row (exceptions aside)
    assert _counts(hub) == before
    # and the copy and reader the events also named are as they were
    [(it,)] = hub.query(select(HubItem).where(HubItem.barcode == bc))
    assert it.status == "available"
    assert b.sync().ok and other.sync().ok


def test_a_barcode_longer_than_a_copy_row_holds_is_refused_not_a_hub_error(
    hub: HubProc, station: MakeStation
) -> None:
    b = station()
    b.item()
    b.sync()
    long_code = "X" * 40  # fits a box receipt's scan (64), not a copy's key (32)
    copy = {"barcode": long_code, "title_uid": str(uuid.uuid4()), "call_number": "I246/1",
            "material_type": "book", "owner": b.code, "location": b.code,
            "price_cents": None}  # fmt: skip
    _refused(hub, _send(b, "item.added", copy))
    move = {"uid": str(uuid.uuid4()), "item": long_code, "from_point": b.code,
            "to_point": b.code, "reason": "r" * 40}  # fmt: skip
    _refused(hub, _send(b, "transfer.created", move))
    assert not hub.query(select(HubItem).where(HubItem.barcode.like("XXXXXXXXXX%")))


def _counts(hub: HubProc) -> tuple[int, ...]:
    return tuple(
        hub.query(select(func.count()).select_from(table).where(*where))[0][0]
        for table, where in (
            (HubReader, ()),
            (HubItem, ()),
            (HubLoan, ()),
            (HubChange, (HubChange.kind != "exception",)),
        )
    )


def one_reader(hub: HubProc, card: str) -> HubReader:
    [(r,)] = hub.query(select(HubReader).where(HubReader.card_no == card))
    found: HubReader = r
    return found


@pytest.mark.parametrize("field", ["type", "event_id", "staff_code", "hlc"])
def test_an_envelope_field_with_a_nul_is_a_typed_refusal_not_a_failed_push(
    hub: HubProc, station: MakeStation, field: str
) -> None:
    from test_push_authority import raw

    b = station()
    b.item()
    b.sync()
    ev = raw(b, "visits.recorded", {"day": "2026-03-04", "count": 2})
    ev[field] = ev[field][:-1] + "\x00"
    r = requests.post(
        hub.url + "/v1/push",
        json={"device_id": b.desk.device_id, "events": [ev]},
        headers={"Authorization": f"Bearer {b.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    # the envelope is the protocol's own frame: a broken one refuses the request, typed
    assert r.status_code == 422 and r.json()["code"] == "bad_request", r.text
    assert not hub.query(select(HubEvent).where(HubEvent.device_id == b.desk.device_id,
                                                HubEvent.seq == ev["seq"]))  # fmt: skip
    assert b.sync().ok


#: text no honest desk sends that a name could hide: tag characters (invisible copies of
#: ASCII), a soft hyphen, an invisible operator, a bidi isolate, a NUL
HIDDEN_TEXT = {
    "tag_chars": "王\U000e0041\U000e0042明",
    "soft_hyphen": "王\u00ad明",
    "invisible_times": "王\u2062明",
    "bidi_isolate": "王\u2067明",
    "nul": "王\x00明",
}


@pytest.mark.parametrize("kind", list(HIDDEN_TEXT))
def test_a_name_hiding_characters_is_refused_alone(
    hub: HubProc, station: MakeStation, kind: str
) -> None:
    b = station()
    card = b.reader()
    b.sync()
    before = one_reader(hub, card)
    got = _send(b, "reader.updated", {"card_no": card, "fields": {"name": HIDDEN_TEXT[kind]}})
    _refused(hub, got)
    assert one_reader(hub, card).profile == before.profile
    assert b.sync().ok


def test_a_lone_surrogate_is_no_json_text_and_refuses_the_request(
    hub: HubProc, station: MakeStation
) -> None:
    """``\\ud800`` alone is no character: the body is not valid JSON text, so the request is
    refused whole with a typed answer (no desk's JSON encoder writes one), and nothing stored."""
    from test_push_authority import raw

    b = station()
    card = b.reader()
    b.sync()
    ev = raw(b, "reader.updated", {"card_no": card, "fields": {"name": "王\ud800明"}})
    r = requests.post(
        hub.url + "/v1/push",
        json={"device_id": b.desk.device_id, "events": [ev]},
        headers={"Authorization": f"Bearer {b.engine.tokens.get()}", "X-Xclib-Protocol": "1"},
        timeout=30,
    )
    assert r.status_code == 422 and r.json()["code"] == "bad_request", r.text
    assert not hub.query(select(HubEvent).where(HubEvent.event_id == ev["event_id"]))
    assert one_reader(hub, card).profile["name"] == "王小明"
    assert b.sync().ok


@pytest.mark.parametrize("offset", [float("inf"), float("nan")])
def test_a_clock_offset_that_is_no_number_is_a_typed_refusal(
    hub: HubProc, station: MakeStation, offset: float
) -> None:
    """JSON has no infinity or NaN; Python writes them anyway. Taken in, one would be kept in a
    clock exception that PostgreSQL's JSON cannot hold."""
    from test_push_authority import raw

    b = station()
    b.item()
    b.sync()
    ev = raw(b, "visits.recorded", {"day": "2026-03-05", "count": 2})
    ev["wall_time"] = "2099-01-01T00:00:00+00:00"  # ahead: a clock exception is recorded
    body = {"device_id": b.desk.device_id, "clock_offset_ms": offset, "events": [ev]}
    r = requests.post(
        hub.url + "/v1/push",
        data=json.dumps(body),  # writes Infinity / NaN, as Python's encoder does by default
        headers={"Authorization": f"Bearer {b.engine.tokens.get()}", "X-Xclib-Protocol": "1",
                 "Content-Type": "application/json"},
        timeout=30,
    )  # fmt: skip
    assert r.status_code == 422 and r.json()["code"] == "bad_request", r.text
    assert b.sync().ok
