"""Reading-promotion figures: the one definition the desk and the hub both use.

Desk (``services.activities.figures``) and hub (``hub.activities.district_figures``) only count
raw facts into :class:`ActivityInputs`, the same way: activities *held* (closed) whose start
falls, in Beijing time, between the first counted day and ``as_of``; their participants (cards
scanned at the door + walk-ins); participants of activities for a special target group; the
minutes of volunteer shifts that ended in the same days. Everything that turns counts into
figures, targets and colours is here:

- ``activities_held`` against the level's ``min_per_year``, pro-rated like the other annual
  targets (``kpi.share_of_year``);
- ``participants_per_10k`` of the served population (no target: shown, never coloured);
- ``special_group_share``: % of participants at activities for a special group;
- ``volunteer_hours``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .kpi import Figure, Unification, rate, share_of_year
from .schema import PointLevel, StandardsPackage


@dataclass(frozen=True)
class ActivityInputs:
    level: str
    population: int | None
    year: int
    #: first day counted (1 January, or the point's opening if later) and the last
    start: date
    as_of: date
    held: int
    participants: int
    special_participants: int
    volunteer_minutes: int


def special_groups(package: StandardsPackage) -> set[str]:
    return {g.code for g in package.service.activities.target_groups if g.special}


def target(package: StandardsPackage, inp: ActivityInputs) -> float | None:
    """The level's minimum activities, pro-rated to the days counted; None without one."""
    annual = package.service.activities.min_per_year.get(PointLevel(inp.level))
    share = share_of_year(inp.year, inp.start, inp.as_of)
    return None if annual is None or share == 0 else round(annual * share, 3)


def figures(inp: ActivityInputs, package: StandardsPackage) -> list[Figure]:
    goal = target(package, inp)
    per_10k = round(inp.participants * 10_000 / inp.population, 1) if inp.population else None
    share = (
        round(100.0 * inp.special_participants / inp.participants, 1) if inp.participants else None
    )
    hours = round(inp.volunteer_minutes / 60, 1)
    rows: list[tuple[str, str, str, float | None, float | None, str]] = [
        ("activities_held", "阅读推广活动场次", "reading activities held", inp.held, goal, "场"),
        (
            "participants_per_10k",
            "每万人参与人次",
            "participants per 10,000",
            per_10k,
            None,
            "人次",
        ),
        ("special_group_share", "特殊群体参与占比", "share for special groups", share, None, "%"),
        ("volunteer_hours", "志愿服务时长", "volunteer hours", hours, None, "h"),
    ]
    return [
        Figure(
            key=key,
            unification=Unification.service,
            name_zh=zh,
            name_en=en,
            value=value,
            target=t,
            unit=unit,
            rating=rate(value, t),
        )
        for key, zh, en, value, t, unit in rows
    ]
