"""Reading promotion end to end: two real desks plan and run activities offline, sync with a real
hub process over HTTP (SQLite and PostgreSQL), and the district figures equal SQL over the hub's
raw rows. Counts and hours arrive once, however often a desk syncs; each point's calendar shows
the other's activities (who may say what of an activity: ``tests/test_push_authority.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from xclib_desk.clock import FixedClock
from xclib_desk.common.times import BEIJING, utcnow
from xclib_desk.hub.activities import HubActivity, HubVolunteerShift, district_figures
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.staffing import Packages
from xclib_desk.services import activities, volunteers
from xclib_desk.services.context import Actor

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., "Station"]


def run_activity(st: Station, clock: FixedClock, group: str, cards: list[str], walk: int) -> str:
    start = clock.now() + timedelta(minutes=1)
    uid = st.desk.write(
        activities.plan, LIB, series="reading_month", title=f"经典诵读 {st.code}",
        starts_at=start, ends_at=start + timedelta(hours=1), target_group=group,
    ).uid  # fmt: skip
    for c in cards:
        st.desk.write(activities.register_card, LIB, uid, c)
    clock.advance(minutes=2)
    for c in cards:
        st.desk.write(activities.admit, LIB, uid, c)
    if walk:
        st.desk.write(activities.walk_in, LIB, uid, "senior", walk)
    st.desk.write(activities.close, LIB, uid, "顺利")
    return uid


def hub_figures(hub: HubProc) -> dict[str, dict[str, float | None]]:
    engine = make_engine(hub.db)
    try:
        with Session(engine) as s:
            now = utcnow()
            today = now.astimezone(BEIJING).date()
            out = district_figures(s, today.year, today, Packages(s).at(now))
            return {p.point_code: {f.key: f.value for f in p.figures} for p in out}
    finally:
        engine.dispose()


def test_two_desks_offline_then_district_figures(hub: HubProc, station: MakeStation) -> None:
    clocks = [FixedClock(utcnow()), FixedClock(utcnow())]
    hall, point = station("district", clock=clocks[0]), station(clock=clocks[1])
    hub.cli("point", "set", "--code", point.code, "--population", "25000")
    hall.sync()
    point.sync()
    hall_cards = [hall.reader() for _ in range(3)]
    point_cards = [point.reader() for _ in range(2)]
    # offline: each desk runs its activities and its volunteers without the hub
    a1 = run_activity(hall, clocks[0], "children", hall_cards, 4)
    a2 = run_activity(hall, clocks[0], "public", hall_cards[:1], 0)
    b1 = run_activity(point, clocks[1], "seniors", point_cards, 6)
    start = clocks[1].now() + timedelta(days=2)
    upcoming = point.desk.write(
        activities.plan, LIB, series="festivals", title="中秋诗会", starts_at=start,
        ends_at=start + timedelta(hours=2), target_group="public", capacity=30,
    ).uid  # fmt: skip
    dropped = point.desk.write(
        activities.plan, LIB, series="festivals", title="重阳读书会", starts_at=start,
        ends_at=start + timedelta(hours=1), target_group="seniors",
    ).uid  # fmt: skip
    point.desk.write(activities.cancel, LIB, dropped, "场地维修")
    moved = start + timedelta(days=1)
    point.desk.write(activities.reschedule, LIB, upcoming, moved, moved + timedelta(hours=2))
    v = point.desk.write(volunteers.enrol, LIB, card=point_cards[0], team="书香志愿队")
    point.desk.write(volunteers.sign_in, LIB, v.ref)
    clocks[1].advance(minutes=1)
    shift = point.desk.write(volunteers.sign_out, LIB, v.ref)
    for _ in range(2):  # a second sync (a replay) changes nothing
        hall.sync()
        point.sync()
        hall.sync()
    # every point sees the district calendar, the others' activities read only
    seen = {x.uid: x for x in hall.desk.read(activities.list_activities, LIB, None, None)}
    assert upcoming in seen and not seen[upcoming].mine and seen[upcoming].point == point.code
    assert seen[upcoming].starts_at == moved and seen[dropped].status == "cancelled"
    past = hall.desk.read(activities.get_activity, LIB, b1)
    assert (past.status, past.participants, past.point) == ("closed", 8, point.code)
    mine = point.desk.read(activities.get_activity, LIB, a1)
    assert mine.participants == 7 and mine.status == "closed"
    # the hub took each count once
    rows = {a.uid: (a.point, a.status, a.participants) for (a,) in hub.query(select(HubActivity))}
    assert rows[a1] == (hall.code, "closed", 7) and rows[a2] == (hall.code, "closed", 1)
    assert rows[b1] == (point.code, "closed", 8) and rows[upcoming][1] == "planned"
    [(minutes,)] = hub.query(
        select(func.sum(HubVolunteerShift.minutes)).where(HubVolunteerShift.point == point.code)
    )
    assert minutes == shift.minutes == 1
    # the district figures are SQL over the raw rows
    figs = hub_figures(hub)
    raw = hub.query(
        text(
            "SELECT point, count(*), sum(participants), "
            "sum(CASE WHEN target_group IN ('children', 'seniors', 'disabled') "
            "THEN participants ELSE 0 END) FROM hub_activity WHERE status = 'closed' "
            "GROUP BY point"
        )
    )
    assert len(raw) == 2
    for code, n, people, special in raw:
        f = figs[code]
        assert f["activities_held"] == n
        assert f["special_group_share"] == round(100.0 * special / people, 1)
    assert figs[point.code]["volunteer_hours"] == round(minutes / 60, 1)
    assert figs[point.code]["participants_per_10k"] == round(8 * 10_000 / 25_000, 1)
    # desk and hub say the same of the same point (one definition)
    desk_figs = {f.key: f.value for f in point.desk.read(activities.figures, LIB)}
    assert desk_figs == figs[point.code]
