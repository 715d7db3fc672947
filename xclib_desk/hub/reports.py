"""What the district reports' two front ends share (``GET /v1/admin/compliance|stats`` and
``xclib-hub report compliance|stats``): the year asked for, and the statistics tables as their
wire model (codes; each front end labels them)."""

from __future__ import annotations

from ..common.figures import Table, parse_year
from ..common.output import say
from ..common.times import BEIJING, utcnow
from ..protocol.reports import DistrictStatsOut, StatsTableOut
from .errors import HubError


def stats_out(year: int, tables: list[Table]) -> DistrictStatsOut:
    return DistrictStatsOut(
        year=year,
        tables=[StatsTableOut.of(t) for t in tables],
    )


def year_arg(raw: str | None) -> int:
    """The year asked for (default: this Beijing year); a clear refusal for anything else."""
    this_year = utcnow().astimezone(BEIJING).year
    try:
        year = parse_year(raw if raw is not None else this_year)
    except ValueError as e:
        raise HubError(422, "bad_input", str(e)) from None
    if year > this_year:
        message = say(
            f"{year} 年尚未开始 / year {year} has not begun", f"year {year} has not begun"
        )
        raise HubError(422, "bad_input", message)
    return year
