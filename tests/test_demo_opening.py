"""The demo point opens before its back-dated history, so the Compliance and Statistics pages
count the same year: the same circulation, every month from January, a visits target of the
year so far (not a day's 0.001), opening hours over every day of it."""

from __future__ import annotations

from datetime import date

from conftest import LIBRARIAN, START

from xclib_desk.clock import FixedClock
from xclib_desk.common.figures import total
from xclib_desk.common.times import BEIJING
from xclib_desk.demo.simulation import generate, open_point, opening_time
from xclib_desk.services import compliance, stats


def test_demo_history_and_opening_agree(tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = open_point(tmp_path / "desk", "XJK", "新街口街道分馆", "street", FixedClock(START))
    try:
        assert desk.clock.now() == START  # the clock is the caller's after the opening
        generate(desk, readers=30, titles=20, items=60, loans=60, seed=3)
        today = START.astimezone(BEIJING).date()
        opened = opening_time(START).astimezone(BEIJING).date()
        assert opened.year < today.year - 5  # before the oldest (expired) cards

        pc = desk.read(compliance.point_compliance, LIBRARIAN, today.year)
        assert pc.start == date(today.year, 1, 1)  # the whole year so far, as Statistics
        figures = {f.key: f for f in pc.figures}
        loans = total(desk.read(stats.circulation_by_month, LIBRARIAN, today.year))[1]
        assert loans > 0 and figures["circulation"].value == loans
        visits = total(desk.read(stats.visits_by_month, LIBRARIAN, today.year))[1]
        assert [t.month for t in pc.trend] == [f"{today.year}-{m:02d}" for m in range(1, 12)]
        assert sum(t.visits for t in pc.trend) == visits
        # pro-rated over 328 days of the year, not over the one day since a fresh "opening"
        target = figures["visits_per_capita"].target
        annual = figures["visits_per_capita"].annual_target
        assert annual is not None and target is not None and target > 0.8 * annual
        # duty recorded every day of the period: opening hours measure the year, not 2 weeks
        hours = figures["weekly_opening_hours"]
        assert hours.value is not None and hours.target is not None
        assert hours.value > 0.5 * hours.target
        assert figures["services_checklist"].value is not None
        assert figures["services_checklist"].value > 80
    finally:
        desk.close()
