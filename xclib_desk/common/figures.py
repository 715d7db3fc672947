"""Report tables as data, the one table of their labels, and report years.

A :class:`Table` is what a statistics or report function returns (the desk's
``services.stats`` and ``services.inventory``, the hub's ``stats`` and ``compliance``), what the
hub sends on the wire (``protocol.reports``) and what a front end renders: a table code, column
codes and rows of plain values. Nothing in it is words: the first cell of a row is its key (a
month ``2026-03``, a point code, a reader-type code, a CLC class, or a special key such as
:data:`TOTAL`), the others are counts. Front ends render a table through :data:`LABELS` in
the user's language (:func:`title`, :func:`header`, :func:`display_rows`); the exported files
use both languages side by side (``合计 total``), so a district report reads the same whoever
exported it.

Years are Beijing years, checked by :func:`parse_year` the same way at both ends; each end turns
its ``ValueError`` into its own refusal (the desk's ``DeskError``, the hub's HTTP 422).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .times import BEIJING

#: the key of a table's closing row, and of a by-point-and-month table's last column
TOTAL = "total"
#: the class key of copies and loans without a CLC number
UNCLASSIFIED = "unclassified"
#: years a report may ask for
FIRST_YEAR, LAST_YEAR = 2000, 2100

#: ``zh``, ``en``, or ``both`` (Chinese then English, as the exported files show labels)
Lang = Literal["zh", "en", "both"]

#: every code a report table uses (table, column, special row key) -> (Chinese, English).
#: One code has one meaning wherever it appears; a code not listed is shown as it is (the
#: month columns ``01``..``12`` of the by-point tables).
LABELS: dict[str, tuple[str, str]] = {
    # tables: a point's statistics (services.stats)
    "summary": ("汇总", "summary"),
    "circulation_by_month": ("按月流通", "by month"),
    "circulation_by_reader_type": ("按读者类型", "by reader type"),
    "circulation_by_class": ("按中图法大类", "by CLC class"),
    "new_acquisitions": ("新增藏量", "new acquisitions"),
    "visits_by_month": ("到馆人次", "visits"),
    # tables: the district's statistics (hub.stats)
    "district_by_point": ("各服务点汇总", "by point"),
    "checkouts_by_point_month": ("各点按月借出", "checkouts"),
    "new_copies_by_point_month": ("各点按月新增", "new copies"),
    "visits_by_point_month": ("各点按月到馆", "visits"),
    # tables: the district's compliance report (hub.compliance)
    "compliance": ("达标", "compliance"),
    "compliance_trend": ("按月趋势", "monthly trend"),
    # tables: an inventory's report (services.inventory)
    "inventory_summary": ("汇总", "summary"),
    "inventory_missing": ("缺失", "missing"),
    "inventory_misplaced": ("错架", "misplaced"),
    "inventory_unexpected": ("异常", "unexpected"),
    "inventory_actions": ("处理", "actions"),
    # columns
    "month": ("月份", "month"),
    "checkouts": ("借出", "checkouts"),
    "returns": ("归还", "returns"),
    "reader_type": ("类型", "type"),
    "name": ("名称", "name"),
    "clc_class": ("大类", "class"),
    "copies": ("册", "copies"),
    "titles": ("种", "titles"),
    "visit_count": ("人次", "visits"),
    "figure": ("指标", "figure"),
    "count": ("数量", "count"),
    "per_capita": ("人均", "per capita"),
    "point": ("服务点", "point"),
    "level": ("级别", "level"),
    "new_copies": ("新增藏量", "new copies"),
    "visits": ("到馆人次", "visits"),
    "population": ("人口", "population"),
    "overall": ("总评", "overall"),
    "open_hours_per_week": ("周开放小时", "hours per week"),
    "staffing_met_pct": ("在岗达标 %", "% staffing met"),
    "barcode": ("条码", "barcode"),
    "title": ("题名", "title"),
    "call_number": ("索书号", "call number"),
    "reason": ("原因", "reason"),
    "owner": ("所属", "owner"),
    "status": ("状态", "status"),
    "action": ("操作", "action"),
    "staff": ("工号", "staff"),
    "item": ("项目", "item"),
    "value": ("值", "value"),
    # special row keys (and the summaries' figures)
    TOTAL: ("合计", "total"),
    UNCLASSIFIED: ("未分类", "unclassified"),
    "holdings": ("藏书量", "holdings"),
    "circulation": ("年流通次数", "annual circulation"),
    "served_population": ("服务人口", "population served"),
    "inventory": ("盘点", "inventory"),
    "range": ("范围", "range"),
    "expected": ("应在架", "expected"),
    "found": ("已找到", "found"),
    "missing": ("缺失", "missing"),
    "misplaced": ("错架", "misplaced"),
    "unexpected": ("异常", "unexpected"),
    # holds (预约): a point's summary figures, the district's table (hub.stats)
    "holds_by_point": ("预约", "holds"),
    "holds_placed": ("预约", "holds placed"),
    "holds_filled": ("预约满足", "holds filled"),
    "holds_lapsed": ("预约失效", "holds lapsed"),
    "holds_expired": ("预约逾期未取", "holds not collected"),
    "median_days_to_fill": ("预约满足天数中位数", "median days to fill"),
    # fees (services/fees.py, hub/push/fees.py): :func:`fees_table`
    "fees_by_month": ("收费与减免", "fees collected and waived"),
    "fees_by_point": ("各服务点收费与减免", "fees collected and waived by point"),
    "fees_collected": ("收取笔数", "fees collected"),
    "collected_yuan": ("收取金额（元）", "collected (yuan)"),
    "fees_waived": ("减免笔数", "fees waived"),
    "waived_yuan": ("减免金额（元）", "waived (yuan)"),
}


@dataclass(frozen=True)
class Table:
    """A report table as data: ``code`` and ``columns`` are codes of :data:`LABELS`; ``scope``
    says what the table is about when that is not the whole report (a point code, a year),
    shown before its label; the statistics' last row is the :data:`TOTAL` row."""

    code: str
    columns: list[str]
    rows: list[list[Any]]
    scope: list[str] = field(default_factory=list)


def label(code: str, lang: Lang, labels: Mapping[str, tuple[str, str]] = LABELS) -> str:
    """A code in words: ``合计``, ``total`` or ``合计 total``; an unknown code as it is."""
    words = labels.get(code)
    if words is None:
        return code
    zh, en = words
    return zh if lang == "zh" else en if lang == "en" else f"{zh} {en}"


def title(table: Table, lang: Lang) -> str:
    """``按月流通 by month``; ``DSJD 2026 汇总 summary`` for a table with a scope."""
    return " ".join([*table.scope, label(table.code, lang)])


def header(table: Table, lang: Lang, labels: Mapping[str, tuple[str, str]] = LABELS) -> list[str]:
    return [label(c, lang, labels) for c in table.columns]


def display_rows(table: Table, lang: Lang) -> list[list[Any]]:
    """The rows with their special keys (:data:`TOTAL`, :data:`UNCLASSIFIED`, a summary's
    figures) in words; every other cell as it is."""
    return [
        [label(r[0], lang), *r[1:]] if r and isinstance(r[0], str) and r[0] in LABELS else r
        for r in table.rows
    ]


def body(table: Table) -> list[list[Any]]:
    """The rows without the closing :data:`TOTAL` row."""
    return [r for r in table.rows if not (r and r[0] == TOTAL)]


def total(table: Table) -> list[Any]:
    """The closing :data:`TOTAL` row (the statistics tables end with one)."""
    last = table.rows[-1]
    assert last[0] == TOTAL, table.code
    return last


def parse_year(raw: int | str) -> int:
    """A report's year as a number; ``ValueError`` if it is none or implausible (the front ends
    say why in the user's language: ``errors.bad_year``)."""
    try:
        y = int(str(raw).strip())
    except ValueError:
        raise ValueError(f"year must be a number: {raw!r}") from None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(f"implausible year {y}")
    return y


#: one settled fee for :func:`fees_table`: (settling point, status paid | waived, settled at, cents)
SettledFee = tuple[str, str, datetime, int]


def fees_table(code: str, year: int, settled: Iterable[SettledFee], by: str = "month") -> Table:
    """Fees collected and waived: the one definition a point's statistics and the district's
    share. A fee counts once, when it was settled (paid in cash or waived), in the Beijing
    month of its settlement and at the point that settled it, whatever point raised it; rows
    of other years are left out. ``by``: ``month`` (twelve rows) or ``point``."""
    cells: dict[str, list[int]] = {}
    for point, status, at, cents in settled:
        when = at.astimezone(BEIJING)
        if when.year != year or status not in ("paid", "waived"):
            continue
        key = f"{year}-{when.month:02d}" if by == "month" else point
        row = cells.setdefault(key, [0, 0, 0, 0])
        i = 0 if status == "paid" else 2
        row[i] += 1
        row[i + 1] += cents
    keys = [f"{year}-{m:02d}" for m in range(1, 13)] if by == "month" else sorted(cells)
    rows: list[list[Any]] = []
    sums = [0, 0, 0, 0]
    for k in keys:
        n_paid, paid, n_waived, waived = cells.get(k, [0, 0, 0, 0])
        sums = [a + b for a, b in zip(sums, (n_paid, paid, n_waived, waived), strict=True)]
        rows.append([k, n_paid, round(paid / 100, 2), n_waived, round(waived / 100, 2)])
    rows.append([TOTAL, sums[0], round(sums[1] / 100, 2), sums[2], round(sums[3] / 100, 2)])
    columns = [by if by == "point" else "month", "fees_collected", "collected_yuan",
               "fees_waived", "waived_yuan"]  # fmt: skip
    return Table(code, columns, rows, [str(year)])
