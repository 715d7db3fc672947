"""合规 Compliance: the point's figures against the district's targets, and the district view.

Both read :class:`xclib_desk.standards.kpi.PointCompliance` (the one definition of figures,
targets and colours the desk and the hub share): the point's own from
``services.compliance.point_compliance`` on the background pool, the district's from the hub's
``GET /v1/admin/compliance`` through the admin client. A rating is shown as a colour *and* a
word, so it reads on a monochrome screen and for colour-blind staff.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING
from ..services import compliance
from ..standards.kpi import UNIFICATION_NAMES, PointCompliance, TrendPoint, Unification
from .context import UiContext
from .duty import ChecklistDialog
from .ops import OpHandle
from .periods import figure_period, year_span
from .widgets import Banner, Table

COLOURS = {"green": "#2e7d32", "amber": "#e0a000", "red": "#c62828", "none": "#9e9e9e"}
LIGHT = {"green": "#dcefdc", "amber": "#fbefc8", "red": "#f6d3d1", "none": "#eeeeee"}
RATINGS = {
    "green": QT_TRANSLATE_NOOP("Compliance", "达标"),
    "amber": QT_TRANSLATE_NOOP("Compliance", "接近"),
    "red": QT_TRANSLATE_NOOP("Compliance", "未达标"),
    "none": QT_TRANSLATE_NOOP("Compliance", "无数据"),
}
UNIFICATIONS = {
    Unification.identity: QT_TRANSLATE_NOOP("Compliance", "统一标识"),
    Unification.service: QT_TRANSLATE_NOOP("Compliance", "统一服务"),
    Unification.staffing: QT_TRANSLATE_NOOP("Compliance", "统一人员配备"),
    Unification.management: QT_TRANSLATE_NOOP("Compliance", "统一管理体系"),
    Unification.standards: QT_TRANSLATE_NOOP("Compliance", "统一标准"),
}
assert set(UNIFICATIONS) == set(UNIFICATION_NAMES)
#: between two characters, a line may not break there (WORD JOINER)
NO_BREAK = "\u2060"
#: units of whole things: a pro-rated target of these is shown as a whole number
COUNT_UNITS = ("册", "次")
UNITS_EN = {"册/人": "items/person", "册": "items", "次": "", "次/人": "/person", "d": "days"}
LEVELS = {
    "district": QT_TRANSLATE_NOOP("Compliance", "总馆"),
    "street": QT_TRANSLATE_NOOP("Compliance", "街道分馆"),
    "community": QT_TRANSLATE_NOOP("Compliance", "社区服务点"),
    "partner": QT_TRANSLATE_NOOP("Compliance", "社会合作点"),
}


translate = QCoreApplication.translate  # literal form, so lupdate sees the context


def _tr(text: str) -> str:
    return QCoreApplication.translate("Compliance", text)


def level_name(level: str) -> str:
    return _tr(LEVELS[level]) if level in LEVELS else level


def rating_text(rating: str) -> str:
    return "● " + _tr(RATINGS.get(rating, rating))


def rating_item(rating: str, text: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text if text is not None else rating_text(rating))
    item.setBackground(QBrush(QColor(LIGHT.get(rating, "#eeeeee"))))
    item.setForeground(QBrush(QColor(COLOURS.get(rating, "#555555"))))
    item.setData(Qt.ItemDataRole.UserRole, rating)
    return item


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    # pro-rated targets are exact fractions: 82.2 books, not 82.192; per-capita keeps 3 places
    places = 1 if abs(value) >= 1 else 3
    return f"{value:,.{places}f}".rstrip("0").rstrip(".")


def new_chart() -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def plot_counts(chart: QChart, trend: Sequence[TrendPoint], primary: QColor) -> None:
    """Circulation, visits and new acquisitions per month, as grouped bars."""
    _clear(chart)
    months = [t.month[-2:] for t in trend]
    series = QBarSeries()
    top = 0
    for name, values, colour in (
        (translate("Compliance", "流通次数"), [t.circulation for t in trend], primary),
        (translate("Compliance", "到馆人次"), [t.visits for t in trend], QColor("#c8a24a")),
        (
            translate("Compliance", "新增藏量"),
            [t.new_acquisitions for t in trend],
            QColor("#607d8b"),
        ),
    ):
        bar = QBarSet(name)
        bar.setColor(colour)
        for v in values:
            bar.append(float(v))
        top = max([top, *values])
        series.append(bar)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(months or ["—"])
    x.setTitleText(translate("Compliance", "月份"))
    y = QValueAxis()
    y.setRange(0, max(top * 1.1, 5))
    y.applyNiceNumbers()  # 0, 200, 400 ... rather than 0, 191, 382
    y.setLabelFormat("%d")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)


def plot_hours(
    chart: QChart, trend: Sequence[TrendPoint], target: float | None, primary: QColor
) -> None:
    """Weekly opening hours achieved per month against the target, and staffing met (%)."""
    _clear(chart)
    months = [int(t.month[-2:]) for t in trend] or [1]
    first, last = months[0], max(months[-1], months[0] + 1)
    hours = QLineSeries()
    hours.setName(translate("Compliance", "周开放时长（小时）"))
    hours.setColor(primary)
    staffed = QLineSeries()
    staffed.setName(translate("Compliance", "在岗达标率（%）"))
    staffed.setColor(QColor("#607d8b"))
    top = 100.0
    for m, t in zip(months, trend, strict=False):
        if t.open_hours_per_week is not None:
            hours.append(m, t.open_hours_per_week)
            top = max(top, t.open_hours_per_week)
        if t.staffing_met_pct is not None:
            staffed.append(m, t.staffing_met_pct)
    series: list[QLineSeries] = [hours, staffed]
    if target is not None:
        goal = QLineSeries()
        goal.setName(translate("Compliance", "目标 {h} 小时").format(h=number(target)))
        goal.setColor(QColor(COLOURS["amber"]))
        pen = goal.pen()
        pen.setStyle(Qt.PenStyle.DashLine)
        goal.setPen(pen)
        goal.append(first, target)
        goal.append(last, target)
        top = max(top, target)
        series.append(goal)
    x = QValueAxis()
    x.setRange(first, last)
    x.setTickCount(last - first + 1)
    x.setLabelFormat("%d")
    x.setTitleText(translate("Compliance", "月份"))
    y = QValueAxis()
    y.setRange(0, top * 1.1)
    y.applyNiceNumbers()
    y.setLabelFormat("%d")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for line in series:
        chart.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)


class ComplianceView(QWidget):
    """One point's figures (table, coloured) and its monthly trend charts."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: PointCompliance | None = None
        self._primary = QColor(ctx.desk.policy.package.identity.primary_color)
        self.overall = QLabel()
        self.overall.setObjectName("ComplianceOverall")
        self.overall.setWordWrap(True)  # a long English line must not squeeze the charts
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.figures = Table(
            [
                self.tr("统一"),
                self.tr("指标"),
                self.tr("实际"),
                self.tr("目标"),
                self.tr("单位"),
                self.tr("统计期"),
                self.tr("状态"),
            ],
            stretch=1,
        )
        self.figures.setObjectName("ComplianceFigures")
        self.figures.setWordWrap(True)  # a long English indicator wraps in its cell, uncut
        self.counts_chart, counts_view = new_chart()
        counts_view.setObjectName("Chart_counts")
        self.hours_chart, hours_view = new_chart()
        hours_view.setObjectName("Chart_hours")
        self.charts = QTabWidget()
        self.charts.addTab(counts_view, self.tr("流通、到馆、新增（按月）"))
        self.charts.addTab(hours_view, self.tr("开放时长与在岗（按月）"))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.overall)
        ll.addWidget(self.info)
        ll.addWidget(self.figures, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.charts)
        split.setSizes([780, 420])  # the figures table whole at 1366×768; the chart beside
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

    def show_point(self, pc: PointCompliance) -> None:
        self.data = pc
        en = self.ctx.lang == "en"

        def badge(name: str, rating: str) -> str:
            # name and rating joined by word joiners (U+2060) and no-break spaces: a narrow
            # window wraps between the unifications, never inside "统一标准" (Qt's rich text
            # ignores white-space:nowrap on an inline span, and CJK breaks between any two)
            colour = COLOURS.get(rating, "#555")
            word = NO_BREAK.join((name + "\u00a0").replace(" ", "\u00a0"))
            shown = NO_BREAK.join(rating_text(rating).replace(" ", "\u00a0"))
            return f"{word}<span style='color:{colour}'>{shown}</span>"

        overall = self.tr("总体：")
        parts = [f"<b>{badge(overall, pc.overall)}</b>"]
        parts += [badge(_tr(UNIFICATIONS[u]), r) for u, r in pc.unifications.items()]
        self.overall.setText(" &nbsp; ".join(parts))  # the spaces between: where it may wrap
        today = self.ctx.desk.clock.now().astimezone(BEIJING).date()
        pop = number(pc.population) if pc.population else self.tr("未登记")
        self.info.setText(
            self.tr(
                "{name}（{code}）· 统计期 {period} · 服务人口 {pop} · 标准包 v{v}。"
                "全年目标按统计期的天数折算；开放时长只计已结束的日子，藏书量为当前存量。"
            ).format(
                name=pc.point_name,
                code=pc.point_code,
                period=year_span(pc.year, pc.as_of, pc.start),
                pop=pop,
                v=pc.standards_version if pc.standards_version is not None else "—",
            )
        )
        self.figures.setRowCount(0)
        for f in pc.figures:
            unit = UNITS_EN.get(f.unit, f.unit) if en else f.unit
            target = f.target
            if target is not None and f.unit in COUNT_UNITS:
                target = float(round(target))  # 27,945 loans, not 27,945.2
            goal = ("≤ " if not f.higher_is_better else "") + number(target)
            if f.annual_target is not None and f.target is not None:
                goal = self.tr("{goal}（全年 {annual}）").format(
                    goal=goal, annual=number(f.annual_target)
                )
            row = self.figures.add_row(
                [
                    _tr(UNIFICATIONS[f.unification]),
                    f.name_en if en else f.name_zh,
                    number(f.value),
                    goal,
                    unit,
                    figure_period(f, pc.year, pc.start, pc.as_of, today),
                    "",
                ]
            )
            self.figures.setItem(row, 6, rating_item(f.rating))
        self.figures.resizeRowsToContents()
        target = next((f.target for f in pc.figures if f.key == "weekly_opening_hours"), None)
        plot_counts(self.counts_chart, pc.trend, self._primary)
        plot_hours(self.hours_chart, pc.trend, target, self._primary)

    def rating_of(self, key: str) -> str:
        if self.data is None:
            return ""
        return next((f.rating for f in self.data.figures if f.key == key), "")


class CompliancePage(QWidget):
    """合规: this point's dashboard, for librarians and admins."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._op: OpHandle | None = None
        self.year = QSpinBox()
        self.year.setObjectName("ComplianceYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.desk.clock.now().astimezone(BEIJING).year)
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(self.load)
        refresh = QPushButton(self.tr("刷新"))
        refresh.clicked.connect(self.load)
        self.checklist_button = QPushButton(self.tr("本月必备服务确认… (Ctrl+K)"))
        self.checklist_button.setObjectName("ChecklistButton")
        self.checklist_button.clicked.connect(self.open_checklist)
        self.checklist_button.setVisible(ctx.can("librarian", "admin"))
        QShortcut(QKeySequence("Ctrl+K"), self, self.open_checklist)
        self.message = Banner()
        self.view = ComplianceView(ctx)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        top.addWidget(refresh)
        top.addStretch(1)
        top.addWidget(self.checklist_button)
        box = QGroupBox(self.tr("本服务点对照区馆考核指标"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.view)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(box, 1)

    def activated(self) -> None:
        self.load()

    def focus_search(self) -> None:
        self.year.setFocus()

    def open_checklist(self) -> None:
        """The librarian confirms this month's required services; the figures follow."""
        if not self.ctx.can("librarian", "admin"):
            return
        dlg = ChecklistDialog(self.ctx, self)
        dlg.exec()
        if dlg.saved:
            self.load()

    def load(self) -> None:
        op = self.ctx.search("compliance", compliance.point_compliance, self.year.value())
        self._op = op
        op.finished.connect(lambda res, op=op: self._loaded(op, res))
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _loaded(self, op: OpHandle, res: Any) -> None:
        if op is not self._op:
            return  # a newer year was asked for meanwhile
        self.message.clear_message()
        self.view.show_point(res)


class DistrictCompliance(QWidget):
    """Each point × each unification, coloured, and the selected point's months."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.points: list[PointCompliance] = []
        self.info = QLabel()
        self.info.setWordWrap(True)
        headers = [self.tr("服务点"), self.tr("级别"), self.tr("标准包")]
        headers += [_tr(UNIFICATIONS[u]) for u in Unification] + [self.tr("总体")]
        self.grid = Table(headers, stretch=0)
        self.grid.setObjectName("DistrictGrid")
        self.grid.itemSelectionChanged.connect(self._selected)
        self.detail = ComplianceView(ctx)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(self.detail)
        split.setSizes([220, 380])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.info)
        lay.addWidget(split, 1)

    def show_report(self, report: Any) -> None:
        """``report``: :class:`xclib_desk.standards.kpi.ComplianceReport`."""
        self.points = list(report.points)
        reds = sum(1 for p in self.points if p.overall == "red")
        self.info.setText(
            self.tr(
                "{year} 年，截至 {as_of}；区馆现行标准包 v{v}；{n} 个服务点，其中 {red} 个未达标。"
                "选中一行查看该点的指标和逐月趋势。"
            ).format(
                year=report.year,
                as_of=report.as_of.isoformat(),
                v=report.latest_standards_version,
                n=len(self.points),
                red=reds,
            )
        )
        self.grid.setRowCount(0)
        for p in self.points:
            row = self.grid.add_row(
                [
                    f"{p.point_name}（{p.point_code}）",
                    level_name(p.level),
                    f"v{p.standards_version}" if p.standards_version is not None else "—",
                ]
            )
            for i, u in enumerate(Unification):
                self.grid.setItem(row, 3 + i, rating_item(p.unifications.get(u, "none")))
            self.grid.setItem(row, 3 + len(Unification), rating_item(p.overall))
        if self.points:
            self.grid.selectRow(0)

    def _selected(self) -> None:
        row = self.grid.currentRow()
        if 0 <= row < len(self.points):
            self.detail.show_point(self.points[row])

    def cell_rating(self, row: int, unification: Unification) -> str:
        item = self.grid.item(row, 3 + list(Unification).index(unification))
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""
