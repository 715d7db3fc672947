"""The words for the span a figure counts, shared by the Compliance and Statistics pages.

Both pages count a "year", but not the same days: statistics count the calendar year up to
today, compliance from 1 January or the point's opening if later, hours over completed days
only, holdings as a stock today. Each figure says which span it is, in these words, so two
pages never seem to disagree.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication

from ..standards import kpi

translate = QCoreApplication.translate  # literal form, so lupdate sees the context


def span(first: date, last: date) -> str:
    """ "2026-01-01 至 2026-12-05" (one day: the day)."""
    if last <= first:
        return first.isoformat()
    return translate("Periods", "{first} 至 {last}").format(
        first=first.isoformat(), last=last.isoformat()
    )


def year_span(year: int, today: date, start: date | None = None) -> str:
    """The days of ``year`` counted as seen on ``today``: the whole year, the year to date, or
    from the opening day."""
    first = max(date(year, 1, 1), start) if start else date(year, 1, 1)
    if today >= date(year, 12, 31) and first == date(year, 1, 1):
        return translate("Periods", "{year} 全年").format(year=year)
    last = min(today, date(year, 12, 31))
    if first > date(year, 1, 1):
        return translate("Periods", "开馆 {first} 起至 {last}").format(
            first=first.isoformat(), last=last.isoformat()
        )
    return translate("Periods", "{year} 年初至 {last}").format(year=year, last=last.isoformat())


def figure_period(fig: kpi.Figure, year: int, start: date | None, as_of: date, today: date) -> str:
    """The span one compliance figure counts (:data:`xclib_desk.standards.kpi.PERIODS`)."""
    first = start or date(year, 1, 1)
    if fig.period == "now":
        return translate("Periods", "截至 {day}").format(day=as_of.isoformat())
    if fig.period == "to_date":
        return span(first, as_of)
    # completed days: today is not over yet
    last = as_of - timedelta(days=1) if as_of >= today else as_of
    if fig.period == "completed_days":
        return span(first, last) if last >= first else translate("Periods", "尚无完整的一天")
    months = kpi.checklist_periods(first, last + timedelta(days=1))
    return (
        months[0]
        if len(months) == 1
        else translate("Periods", "{first} 至 {last}").format(first=months[0], last=months[-1])
    )


__all__ = ["figure_period", "span", "year_span"]
