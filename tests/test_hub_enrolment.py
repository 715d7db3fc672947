"""Enrolment that cannot be guessed or hijacked, against a real hub process: long typeable
codes, a rate limit and lock-out on failed attempts (per address, per point, district-wide), a
wrong-point attempt that burns and reveals nothing, no device takeover without an admin's
re-bind, and the operators' device list with its last-seen time.

Each test speaks from its own client address (``X-Forwarded-For``, which the hub trusts from
loopback as it would from its reverse proxy), so one test's failures do not lock another's.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests
from sqlalchemy import delete, update

from xclib_desk.common.times import utcnow
from xclib_desk.hub.admin import ENROL_LIMITS
from xclib_desk.hub.models import HubDevice, HubEnrolFailure

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]
LIMIT = {lim.per: lim for lim in ENROL_LIMITS}
CROCKFORD = "[0-9ABCDEFGHJKMNPQRSTVWXYZ]"
_addresses = (f"198.51.100.{i}" for i in itertools.count(1))


def address() -> str:
    return next(_addresses)


def enrol(hub: HubProc, code: str, point: str, device: str, client: str) -> requests.Response:
    return requests.post(
        hub.url + "/v1/enrol",
        json={"code": code, "device_id": device, "point_code": point},
        headers={"X-Forwarded-For": client},
        timeout=10,
    )


def new_point(hub: HubProc) -> str:
    from sync_fixtures import point_code

    p = point_code()
    hub.add_point(p)
    return p


def guess(n: int) -> str:
    return f"{n:020d}"


def hub_exec(hub: HubProc, stmt: Any) -> None:
    from sqlalchemy.orm import Session

    from xclib_desk.hub.db import make_engine

    if "engine" not in hub.extra:
        hub.extra["engine"] = make_engine(hub.db)
    with Session(hub.extra["engine"]) as s, s.begin():
        s.execute(stmt)


@pytest.fixture(autouse=True)
def _forget_failures(hub: HubProc) -> Iterator[None]:
    """What the lock-out windows do with time: each test starts with none counted."""
    hub_exec(hub, delete(HubEnrolFailure))
    yield
    hub_exec(hub, delete(HubEnrolFailure))


def test_codes_are_100_bits_in_typeable_groups(hub: HubProc) -> None:
    p = new_point(hub)
    code = hub.enrol_code(p)
    assert re.fullmatch(rf"{CROCKFORD}{{5}}(-{CROCKFORD}{{5}}){{3}}", code), code
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    r = enrol(hub, typed, p, f"d-{p}", address())
    assert r.status_code == 200 and r.json()["point_code"] == p


def test_another_points_code_burns_nothing_and_reveals_nothing(hub: HubProc) -> None:
    p, q = new_point(hub), new_point(hub)
    code = hub.enrol_code(p)
    client = address()
    wrong = enrol(hub, code, q, f"d-{q}", client)
    unknown = enrol(hub, guess(1), q, f"d-{q}", client)
    assert wrong.status_code == unknown.status_code == 403
    assert wrong.json() == unknown.json()  # the same answer as a code that does not exist
    assert p not in wrong.text
    ok = enrol(hub, code, p, f"d-{p}", address())
    assert ok.status_code == 200 and ok.json()["point_code"] == p


def test_failed_attempts_lock_the_address_out(hub: HubProc) -> None:
    p = new_point(hub)
    code = hub.enrol_code(p)
    client = address()
    for n in range(LIMIT["client"].failures):
        assert enrol(hub, guess(n), p, f"d-{p}", client).status_code == 403
    locked = enrol(hub, code, p, f"d-{p}", client)  # even the right code
    assert locked.status_code == 429 and locked.json()["code"] == "enrol_locked"
    wait = int(locked.headers["Retry-After"])
    assert 0 < wait <= LIMIT["client"].window.total_seconds()
    # the lock-out consumed nothing: another address enrols with the same code
    assert enrol(hub, code, p, f"d-{p}", address()).status_code == 200
    # once the failures are older than the window, the address may try again
    past = utcnow() - LIMIT["client"].window - timedelta(seconds=1)
    hub_exec(hub, update(HubEnrolFailure).values(at=past))
    again = enrol(hub, hub.enrol_code(p), p, f"d2-{p}", client)
    assert again.status_code == 200


def test_guessing_one_points_codes_from_many_addresses_locks_that_point(hub: HubProc) -> None:
    p, q = new_point(hub), new_point(hub)
    for n in range(LIMIT["point"].failures):
        assert enrol(hub, guess(n), p, f"d-{p}", address()).status_code == 403
    code = hub.enrol_code(p)
    locked = enrol(hub, code, p, f"d-{p}", address())
    assert locked.status_code == 429 and "for this point" in locked.json()["message"]
    # another point enrols as usual
    assert enrol(hub, hub.enrol_code(q), q, f"d-{q}", address()).status_code == 200


def test_district_wide_guessing_locks_enrolment_for_a_while(hub: HubProc) -> None:
    spread = LIMIT["district"].failures // (LIMIT["point"].failures - 1) + 1
    for n in range(LIMIT["district"].failures):
        # spread over addresses and points so that neither of their limits is reached (the
        # points need not exist: a guess may name any)
        r = enrol(hub, guess(n), f"Z{n % spread}", f"d-{n}", f"203.0.113.{n % 250}")
        assert r.status_code == 403, r.text
    p = new_point(hub)
    locked = enrol(hub, hub.enrol_code(p), p, f"d-{p}", address())
    assert locked.status_code == 429 and locked.json()["code"] == "enrol_locked"


def test_a_revoked_device_is_not_taken_over_by_a_fresh_code(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    device, old_token = a.desk.device_id, a.engine.tokens.get() or ""
    hub.cli("revoke", "--device", device)
    taken = enrol(hub, hub.enrol_code(a.code), a.code, device, address())
    assert taken.status_code == 409 and taken.json()["code"] == "device_exists"
    (row,) = devices(hub, a.code)
    assert row["revoked_at"] is not None  # the revocation stands
    assert pull(hub, old_token).status_code == 401

    # an admin allows the re-bind: the next enrolment with the point's code gets a new token
    device_cli(hub, "rebind", "--device", device)
    again = enrol(hub, hub.enrol_code(a.code), a.code, device, address())
    assert again.status_code == 200
    assert pull(hub, again.json()["token"]).status_code == 200
    assert pull(hub, old_token).status_code == 401
    (row,) = devices(hub, a.code)
    assert row["revoked_at"] is None and row["rebind_allowed"] is False
    # used once: the same id cannot enrol again without another re-bind
    later = enrol(hub, hub.enrol_code(a.code), a.code, device, address())
    assert later.status_code == 409


def test_an_active_device_is_not_taken_over_and_a_rebind_stays_in_its_point(
    hub: HubProc, station: MakeStation
) -> None:
    a = station()
    device, token = a.desk.device_id, a.engine.tokens.get() or ""
    taken = enrol(hub, hub.enrol_code(a.code), a.code, device, address())
    assert taken.status_code == 409
    assert pull(hub, token).status_code == 200  # the desk keeps working
    other = new_point(hub)
    device_cli(hub, "rebind", "--device", device)
    moved = enrol(hub, hub.enrol_code(other), other, device, address())
    assert moved.status_code == 409 and moved.json()["code"] == "device_bound"
    assert pull(hub, token).status_code == 200


def test_operators_list_a_points_devices(hub: HubProc, station: MakeStation) -> None:
    a = station()
    first = a.desk.device_id
    assert devices(hub, a.code)[0]["last_seen_at"] is None  # enrolled, never synced
    a.sync()
    (row,) = devices(hub, a.code)
    assert row["device_id"] == first and row["name"] == f"{a.code} desk"
    assert row["enrolled_at"] and row["last_seen_at"] and row["revoked_at"] is None
    seen = row["last_seen_at"]
    a.sync()  # within the minute: no second write
    assert devices(hub, a.code)[0]["last_seen_at"] == seen
    # the stamp moves once a minute has passed since it
    a_while_ago = utcnow() - timedelta(minutes=2)
    hub_exec(hub, update(HubDevice).values(last_seen_at=a_while_ago))
    a.sync()
    assert devices(hub, a.code)[0]["last_seen_at"] > seen
    hub.cli("revoke", "--device", first)
    # the admin API gives the same list
    adm = {"Authorization": f"Bearer {hub.admin_token()}"}
    r = requests.get(f"{hub.url}/v1/admin/points/{a.code}/devices", headers=adm, timeout=10)
    assert r.status_code == 200
    assert [(d["device_id"], d["revoked_at"] is not None) for d in r.json()] == [(first, True)]
    text = device_cli(hub, "list", "--point", a.code, "--lang", "en")
    assert first in text and "revoked" in text and "last seen" in text
    missing = requests.get(f"{hub.url}/v1/admin/points/NOPE/devices", headers=adm, timeout=10)
    assert missing.status_code == 404


def device_cli(hub: HubProc, verb: str, *args: str) -> str:
    """``xclib-hub device VERB --db ... ARGS`` (the fixture's helper knows one-word verbs and
    ``point``)."""
    import contextlib
    import io

    from xclib_desk.hub import cli as hub_cli

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = hub_cli.main(["device", verb, "--db", hub.db, *args])
    assert rc == 0, buf.getvalue()
    return buf.getvalue().strip()


def devices(hub: HubProc, point: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(device_cli(hub, "list", "--point", point, "--json"))[
        "result"
    ]
    return rows


def pull(hub: HubProc, token: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"}
    return requests.get(hub.url + "/v1/pull?limit=1", headers=headers, timeout=10)
