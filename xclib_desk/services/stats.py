"""Statistics of this point for a year: the figures the district evaluates points on.

Circulation (年流通次数) counts check-outs made at this point, returns counts returns taken here
(return-anywhere included); months are Beijing months. New acquisitions (新增藏量) are copies
this point owns that were added in the year. Visits (到馆人次) come from ``visit_count``.
Every function returns a :class:`~xclib_desk.common.figures.Table` of codes and counts; the
front ends label it (``common.figures.LABELS``), :func:`export` writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..common.figures import TOTAL, UNCLASSIFIED, Table, fees_table, total
from ..common.times import BEIJING
from ..exports import write_report
from ..models import Fee, Item
from ..standards.clc import top_class
from ..standards.kpi import NOT_HOLDINGS
from . import fees, holds
from .context import Ctx, report_year

# stored times are UTC; a Beijing month is UTC + 8 hours
_BJ = "datetime({col}, '+8 hours')"


def _by_month(rows: Sequence[Any]) -> dict[int, int]:
    return {int(r[0]): int(r[1]) for r in rows}


def circulation_by_month(s: Session, ctx: Ctx, year: int | str) -> Table:
    y = report_year(year)
    out_expr = _BJ.format(col="checked_out_at")
    back_expr = _BJ.format(col="returned_at")
    outs = _by_month(
        s.execute(
            text(
                f"SELECT strftime('%m', {out_expr}) m, count(*) FROM loan "
                f"WHERE point_id = :p AND strftime('%Y', {out_expr}) = :y GROUP BY m"
            ),
            {"p": ctx.point.id, "y": str(y)},
        ).all()
    )
    backs = _by_month(
        s.execute(
            text(
                f"SELECT strftime('%m', {back_expr}) m, count(*) FROM loan "
                f"WHERE returned_point_id = :p AND returned_at IS NOT NULL "
                f"AND strftime('%Y', {back_expr}) = :y GROUP BY m"
            ),
            {"p": ctx.point.id, "y": str(y)},
        ).all()
    )
    rows: list[list[Any]] = [
        [f"{y}-{m:02d}", outs.get(m, 0), backs.get(m, 0)] for m in range(1, 13)
    ]
    rows.append([TOTAL, sum(outs.values()), sum(backs.values())])
    return Table("circulation_by_month", ["month", "checkouts", "returns"], rows)


def circulation_by_reader_type(s: Session, ctx: Ctx, year: int | str) -> Table:
    y = report_year(year)
    expr = _BJ.format(col="checked_out_at")
    counts = s.execute(
        text(
            f"SELECT reader_type, count(*) FROM loan WHERE point_id = :p "
            f"AND strftime('%Y', {expr}) = :y GROUP BY reader_type ORDER BY reader_type"
        ),
        {"p": ctx.point.id, "y": str(y)},
    ).all()
    # the package's name of each type: data of the district's standards, like a point's name
    names = {code: rt.name_zh for code, rt in ctx.policy.reader_types.items()}
    rows: list[list[Any]] = [[code, names.get(code, code), int(n)] for code, n in counts]
    rows.append([TOTAL, "", sum(int(n) for _c, n in counts)])
    return Table("circulation_by_reader_type", ["reader_type", "name", "checkouts"], rows)


def circulation_by_class(s: Session, ctx: Ctx, year: int | str) -> Table:
    """Check-outs by CLC top class of the title (``TP`` for T's two-letter classes)."""
    y = report_year(year)
    expr = _BJ.format(col="l.checked_out_at")
    counts: Counter[str] = Counter()
    for clc, n in s.execute(
        text(
            "SELECT upper(substr(t.clc, 1, 2)), count(*) FROM loan l "
            "JOIN item i ON i.id = l.item_id JOIN title t ON t.id = i.title_id "
            f"WHERE l.point_id = :p AND strftime('%Y', {expr}) = :y GROUP BY 1"
        ),
        {"p": ctx.point.id, "y": str(y)},
    ):
        counts[top_class(clc) if clc else UNCLASSIFIED] += int(n)
    rows: list[list[Any]] = [[k, counts[k]] for k in sorted(counts)]
    rows.append([TOTAL, sum(counts.values())])
    return Table("circulation_by_class", ["clc_class", "checkouts"], rows)


def new_acquisitions(s: Session, ctx: Ctx, year: int | str) -> Table:
    """Copies this point owns added in the year, by month, with the titles they belong to."""
    y = report_year(year)
    expr = _BJ.format(col="created_at")
    per_month = {
        int(m): (int(n), int(t))
        for m, n, t in s.execute(
            text(
                f"SELECT strftime('%m', {expr}) m, count(*), count(DISTINCT title_id) FROM item "
                f"WHERE owner_point_id = :p AND strftime('%Y', {expr}) = :y GROUP BY m"
            ),
            {"p": ctx.point.id, "y": str(y)},
        )
    }
    titles = int(
        s.execute(
            text(
                f"SELECT count(DISTINCT title_id) FROM item WHERE owner_point_id = :p "
                f"AND strftime('%Y', {expr}) = :y"
            ),
            {"p": ctx.point.id, "y": str(y)},
        ).scalar_one()
    )
    rows: list[list[Any]] = [[f"{y}-{m:02d}", *per_month.get(m, (0, 0))] for m in range(1, 13)]
    rows.append([TOTAL, sum(n for n, _t in per_month.values()), titles])
    return Table("new_acquisitions", ["month", "copies", "titles"], rows)


def visits_by_month(s: Session, ctx: Ctx, year: int | str) -> Table:
    y = report_year(year)
    got = {
        int(m): int(n)
        for m, n in s.execute(
            text(
                "SELECT strftime('%m', day) m, sum(count) FROM visit_count "
                "WHERE point_id = :p AND strftime('%Y', day) = :y GROUP BY m"
            ),
            {"p": ctx.point.id, "y": str(y)},
        )
    }
    rows: list[list[Any]] = [[f"{y}-{m:02d}", got.get(m, 0)] for m in range(1, 13)]
    rows.append([TOTAL, sum(got.values())])
    return Table("visits_by_month", ["month", "visit_count"], rows)


def holdings_here(s: Session, ctx: Ctx) -> int:
    """Copies on this point's shelves or lent from here, whoever owns them (the hall
    distributes stock): the one holdings definition, also used by compliance."""
    return int(
        s.scalar(
            select(func.count()).where(
                Item.location_point_id == ctx.point.id, Item.status.not_in(NOT_HOLDINGS)
            )
        )
        or 0
    )


def summary(s: Session, ctx: Ctx, year: int | str) -> Table:
    """The evaluation figures, per capita where the served population is known."""
    y = report_year(year)
    pop = s.execute(
        text("SELECT served_population FROM point WHERE id = :p"), {"p": ctx.point.id}
    ).scalar_one_or_none()
    holdings = holdings_here(s, ctx)
    circ = total(circulation_by_month(s, ctx, y))[1]
    new = total(new_acquisitions(s, ctx, y))[1]
    visits = total(visits_by_month(s, ctx, y))[1]

    def per(n: int) -> float | str:
        return round(n / pop, 3) if pop else ""

    rows: list[list[Any]] = [
        ["holdings", holdings, per(holdings)],
        ["new_acquisitions", new, per(new)],
        ["circulation", circ, per(circ)],
        ["visits", visits, per(visits)],
        ["served_population", pop or "", ""],
        *hold_rows(s, ctx, y),
        *fee_rows(s, ctx, y),
    ]
    return Table("summary", ["figure", "count", "per_capita"], rows, [ctx.point.code, str(y)])


def hold_rows(s: Session, ctx: Ctx, year: int) -> list[list[Any]]:
    """The year's holds to collect here (预约, services/holds.py) as summary figures."""
    lo = datetime.combine(date(year, 1, 1), time(0), BEIJING).astimezone(UTC)
    hi = datetime.combine(date(year + 1, 1, 1), time(0), BEIJING).astimezone(UTC)
    f = holds.figures(s, ctx, lo, hi)
    median = "" if f.median_days_to_fill is None else f.median_days_to_fill
    return [
        ["holds_placed", f.placed, ""],
        ["holds_filled", f.filled, ""],
        ["holds_lapsed", f.lapsed, ""],
        ["holds_expired", f.expired, ""],
        ["median_days_to_fill", median, ""],
    ]


def fees_by_month(s: Session, ctx: Ctx, year: int | str) -> Table:
    """Fees this point settled in the year, per month (``common.figures.fees_table``: the
    hub's district table counts the same way)."""
    y = report_year(year)
    lo = datetime.combine(date(y, 1, 1), time(0), BEIJING).astimezone(UTC)
    hi = datetime.combine(date(y + 1, 1, 1), time(0), BEIJING).astimezone(UTC)
    rows = s.execute(
        select(Fee.status, Fee.settled_at, Fee.amount_cents).where(
            Fee.settled_point_id == ctx.point.id,
            Fee.settled_at >= lo,
            Fee.settled_at < hi,
        )
    ).all()
    settled = [
        (ctx.point.code, st, at if at.tzinfo else at.replace(tzinfo=UTC), cents)
        for st, at, cents in rows
        if at is not None
    ]
    return fees_table("fees_by_month", y, settled)


def fee_rows(s: Session, ctx: Ctx, year: int) -> list[list[Any]]:
    """The year's fees settled here as summary figures (none when the package charges no
    fees): the total row of :func:`fees_by_month`."""
    if not fees.charges_fees(ctx):
        return []
    _key, n_paid, paid, n_waived, waived = total(fees_by_month(s, ctx, year))
    return [
        ["fees_collected", n_paid, ""],
        ["collected_yuan", paid, ""],
        ["fees_waived", n_waived, ""],
        ["waived_yuan", waived, ""],
    ]


def point_statistics(s: Session, ctx: Ctx, year: int | str) -> list[Table]:
    """Every table for the year at this point, summary first."""
    return [
        summary(s, ctx, year),
        circulation_by_month(s, ctx, year),
        circulation_by_reader_type(s, ctx, year),
        circulation_by_class(s, ctx, year),
        new_acquisitions(s, ctx, year),
        visits_by_month(s, ctx, year),
    ]


def export(tables: list[Table], path: Path) -> Path:
    """One sheet per table (.xlsx) or the tables one after another (.csv), labelled in both
    languages (``exports.write_report``)."""
    return write_report(path, tables)


def this_year(ctx: Ctx) -> int:
    return ctx.today().year


__all__ = ["export", "point_statistics"]
