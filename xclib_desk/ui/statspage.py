"""统计 Statistics: this point's figures for a year, as charts (QtCharts) and an xlsx/csv export.

The figures come from ``services.stats.point_statistics`` on the background pool (a year of loans
at a busy point is a few hundred thousand rows); a newer year supersedes an older answer. The
export writes the same tables the CLI writes (``stats.export``), also off the GUI thread.

An admin whose desk keeps a hub admin token also gets a scope switch 本馆 / 全区: the district
scope fetches the hub's district tables (``AdminClient.stats``, ``GET /v1/admin/stats``) on the
background pool and draws the same charts plus circulation by point; the export is the same one.
When the hub cannot be reached or refuses, the page says so and falls back to this point.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.figures import UNCLASSIFIED, body, label, total
from ..common.figures import Table as StatTable
from ..common.times import BEIJING
from ..errors import DeskError
from ..protocol.reports import DistrictStatsOut
from ..services import stats
from ..sync.admin_client import AdminClient, has_admin_token
from .context import UiContext
from .ops import OpHandle
from .periods import year_span
from .widgets import Banner, Table

POINT, DISTRICT = "point", "district"
SECOND = "#9e9e9e"  # returns beside check-outs: quiet grey next to the district colour


class StatsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tables: list[StatTable] = []
        self.shown_scope = POINT  # whose tables ``tables`` holds
        self._op: OpHandle | None = None
        self._export_op: OpHandle | None = None
        self._primary = QColor(ctx.desk.policy.package.identity.primary_color)

        self.year = QSpinBox()
        self.year.setObjectName("StatsYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.desk.clock.now().astimezone(BEIJING).year)
        self.year.setKeyboardTracking(False)  # typing "2025" loads once, not for 2, 20, 202
        self.year.valueChanged.connect(lambda _y: self.load())
        self.scope = QComboBox()
        self.scope.setObjectName("StatsScope")
        self.scope.addItem(self.tr("本馆"), POINT)
        self.scope.addItem(self.tr("全区"), DISTRICT)
        self.scope.setToolTip(self.tr("全区统计来自区馆中心（需要管理令牌与网络）"))
        self.scope.currentIndexChanged.connect(lambda _i: self.load())
        self.scope_label = QLabel(self.tr("范围"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(lambda: self.load())
        self.export_button = QPushButton(self.tr("导出 Excel / CSV… (Ctrl+S)"))
        self.export_button.clicked.connect(lambda: self.export())
        self.info = QLabel()
        self.message = Banner()

        self.summary = Table([self.tr("指标"), self.tr("数量"), self.tr("人均")], stretch=0)
        self.summary.setObjectName("StatsSummary")
        self.summary.setMinimumWidth(300)
        self.summary_box = box = QGroupBox(self.tr("年度汇总"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.summary)
        self.note = note = QLabel(
            self.tr(
                "藏书量是今天的存量；其余是标题所示期间的次数。"
                "人均 = 数量 ÷ 服务人口（区馆登记的服务人口）。月份按北京时间。"
            )
        )
        note.setWordWrap(True)
        bl.addWidget(note)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("StatsTabs")
        self.charts: dict[str, QChart] = {}
        for key, name in (
            ("month", self.tr("按月流通")),
            ("reader_type", self.tr("按读者类型")),
            ("clc", self.tr("按中图法大类")),
            ("new", self.tr("新增藏量")),
            ("visits", self.tr("到馆人次")),
            ("by_point", self.tr("按服务点流通")),
        ):
            chart = QChart()
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            chart.setMargins(QMargins(4, 4, 4, 4))
            view = QChartView(chart)
            view.setObjectName(f"Chart_{key}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.charts[key] = chart
            self.tabs.addTab(view, name)
        self.by_point_tab = self.tabs.count() - 1
        self.tabs.setTabVisible(self.by_point_tab, False)  # the district scope's own chart

        top = QHBoxLayout()
        top.addWidget(self.scope_label)
        top.addWidget(self.scope)
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        top.addWidget(self.refresh_button)
        top.addWidget(self.info, 1)
        top.addWidget(self.export_button)
        body = QHBoxLayout()
        body.addWidget(box)
        body.addWidget(self.tabs, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addLayout(body, 1)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.export())
        self._loaded = False
        self._keep_message = False
        self._show_scope_switch()

    # --- page protocol ----------------------------------------------------------------------
    def activated(self) -> None:
        self._show_scope_switch()  # a token saved on the Standards page shows it from now on
        self.year.setFocus()
        if not self._loaded:
            self.load()

    def focus_search(self) -> None:
        self.year.setFocus()
        self.year.selectAll()

    # --- scope ------------------------------------------------------------------------------
    def district_allowed(self) -> bool:
        """Admins whose desk keeps a hub admin token (entered once on the Standards page)."""
        desk = self.ctx.desk
        return self.ctx.can("admin") and has_admin_token(desk.data_dir, desk.device_id)

    def _show_scope_switch(self) -> None:
        allowed = self.district_allowed()
        self.scope.setVisible(allowed)
        self.scope_label.setVisible(allowed)
        if not allowed and self.scope.currentData() == DISTRICT:
            self.scope.setCurrentIndex(0)  # loads this point's figures

    def district_scope(self) -> bool:
        return bool(self.scope.currentData() == DISTRICT)

    # --- loading ----------------------------------------------------------------------------
    def load(self) -> None:
        year = self.year.value()
        self._loaded = True
        if self.district_scope():
            self._load_district(year)
            return
        self.info.setText(self.tr("正在统计 {year} 年…").format(year=year))
        op = self.ctx.search("stats", stats.point_statistics, year)
        self._op = op
        op.finished.connect(lambda tables, op=op: self._show(op, tables))
        op.failed.connect(lambda exc, op=op: self._failed(op, exc))

    def _load_district(self, year: int) -> None:
        self.info.setText(self.tr("正在从区馆中心取 {year} 年全区统计…").format(year=year))
        desk = self.ctx.desk
        try:
            client = AdminClient.for_desk(self.ctx.sync_engine, desk.data_dir, desk.device_id)
        except DeskError as exc:
            self._op = None
            self._district_failed(None, exc)
            return

        def fetch() -> DistrictStatsOut:
            try:
                return client.stats(year)
            finally:
                client.close()

        op = self.ctx.ops.background("district_stats", fetch)
        self._op = op
        op.finished.connect(lambda out, op=op: self._show_district(op, out))
        op.failed.connect(lambda exc, op=op: self._district_failed(op, exc))

    def _district_failed(self, op: OpHandle | None, exc: object) -> None:
        """Offline, no token, refused: say so, and go back to this point's figures."""
        if op is not None:
            if op is not self._op:
                return
            self._op = None
        self.info.setText("")
        self.message.show_kind("error", self.ctx.message(exc))
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(0)
        self.scope.blockSignals(False)
        if self.shown_scope != POINT or not self.tables:
            self._keep_message = True  # the refusal stays while this point's figures load
            self.load()

    def _failed(self, op: OpHandle, exc: object) -> None:
        if op is self._op:
            self._op = None
            self.info.setText("")
            self.message.show_kind("error", self.ctx.message(exc))

    def _shown(self, scope: str, tables: list[StatTable]) -> None:
        self.tables = tables
        self.shown_scope = scope
        if not self._keep_message:
            self.message.clear_message()
        self._keep_message = False
        district = scope == DISTRICT
        self.note.setVisible(not district)
        self.summary.setColumnHidden(2, district)  # the hub sends no served population
        self.tabs.setTabVisible(self.by_point_tab, district)

    def _show(self, op: OpHandle, tables: list[StatTable]) -> None:
        if op is not self._op:
            return  # the year changed while this one was counted
        self._op = None
        self._shown(POINT, tables)
        summary, by_month, by_type, by_class, new, visits = tables
        today = self.ctx.desk.clock.now().astimezone(BEIJING).date()
        self.summary.set_rows([[self._figure(r[0]), r[1], r[2]] for r in summary.rows])
        self._draw(by_month, by_type, by_class, new, [r[1] for r in body(visits)])
        year_total = total(by_month)
        period = year_span(self.year.value(), today)
        self.summary_box.setTitle(self.tr("汇总 · {period}").format(period=period))
        self.info.setText(
            self.tr("{period}：借出 {out} 次，归还 {back} 次").format(
                period=period, out=year_total[1], back=year_total[2]
            )
        )

    def _show_district(self, op: OpHandle, out: DistrictStatsOut) -> None:
        if op is not self._op:
            return  # the year or the scope changed meanwhile
        self._op = None
        tables = [t.table() for t in out.tables]
        self._shown(DISTRICT, tables)
        by_code = {t.code: t for t in tables}
        by_point = by_code["district_by_point"]
        district = dict(zip(by_point.columns, total(by_point), strict=True))
        points = body(by_point)
        self.summary.set_rows(
            [
                [self._figure("circulation"), district["checkouts"]],
                [self.tr("归还次数"), district["returns"]],
                [self._figure("new_acquisitions"), district["new_copies"]],
                [self._figure("visits"), district["visits"]],
                [self.tr("服务点数"), len(points)],
            ]
        )
        self._draw(
            by_code["circulation_by_month"],
            by_code["circulation_by_reader_type"],
            by_code["circulation_by_class"],
            by_code["new_acquisitions"],
            list(total(by_code["visits_by_point_month"])[1:13]),
        )
        self._bars(
            "by_point",
            [str(r[1] or r[0]) for r in points],
            [(self.tr("借出"), [r[3] for r in points])],
            horizontal=True,
        )
        period = year_span(out.year, self.ctx.desk.clock.now().astimezone(BEIJING).date())
        self.summary_box.setTitle(self.tr("全区汇总 · {period}").format(period=period))
        self.info.setText(
            self.tr("全区 {period}（{n} 个服务点）：借出 {out} 次，归还 {back} 次").format(
                period=period, n=len(points), out=district["checkouts"], back=district["returns"]
            )
        )

    def _draw(
        self,
        by_month: StatTable,
        by_type: StatTable,
        by_class: StatTable,
        new: StatTable,
        visits: list[Any],
    ) -> None:
        """The charts both scopes share (the tables have the same columns at either)."""
        months = [str(int(str(r[0])[-2:])) for r in body(by_month)]
        self._bars(
            "month",
            months,
            [
                (self.tr("借出"), [r[1] for r in body(by_month)]),
                (self.tr("归还"), [r[2] for r in body(by_month)]),
            ],
            x_title=self.tr("月"),
        )
        self._bars(
            "reader_type",
            [self.ctx.reader_type_name(str(r[0])) for r in body(by_type)],
            [(self.tr("借出"), [r[2] for r in body(by_type)])],
        )
        self._bars(
            "clc",
            [self._clc_name(str(r[0])) for r in body(by_class)],
            [(self.tr("借出"), [r[1] for r in body(by_class)])],
            horizontal=True,
        )
        self._bars(
            "new",
            months,
            [
                (self.tr("册"), [r[1] for r in body(new)]),
                (self.tr("种"), [r[2] for r in body(new)]),
            ],
            x_title=self.tr("月"),
        )
        year = self.year.value()
        now = self.ctx.desk.clock.now().astimezone(BEIJING)
        # a line through the months still to come would read as "no visitors": stop at today
        shown = now.month if year == now.year else 12
        self._line("visits", months[:shown], self.tr("到馆人次"), visits[:shown])

    def _figure(self, code: str) -> str:
        """A code of the statistics tables (``common.figures.LABELS``) as a cell of the page:
        in the user's language, capitalised in English."""
        text = label(code, "en" if self.ctx.lang == "en" else "zh")
        return text[:1].upper() + text[1:]

    def _clc_name(self, code: str) -> str:
        return self._figure(UNCLASSIFIED) if code == UNCLASSIFIED else code

    # --- charts -----------------------------------------------------------------------------
    def _reset(self, key: str) -> QChart:
        chart = self.charts[key]
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _bars(
        self,
        key: str,
        categories: list[str],
        sets: list[tuple[str, list[Any]]],
        *,
        horizontal: bool = False,
        x_title: str = "",
    ) -> None:
        chart = self._reset(key)
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        top = 0
        for i, (name, values) in enumerate(sets):
            bar = QBarSet(name)
            bar.setColor(self._primary if i == 0 else QColor(SECOND))
            for v in values:
                bar.append(float(v))
                top = max(top, int(v))
            series.append(bar)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        cats = QBarCategoryAxis()
        cats.append(categories or ["—"])
        if x_title:
            cats.setTitleText(x_title)
        counts = QValueAxis()
        counts.setRange(0, _nice_top(top))
        counts.setLabelFormat("%d")
        counts.setTickCount(_ticks(_nice_top(top)))
        category_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(cats, category_side)
        chart.addAxis(counts, value_side)
        series.attachAxis(cats)
        series.attachAxis(counts)
        chart.legend().setVisible(len(sets) > 1)

    def _line(self, key: str, categories: list[str], name: str, values: list[Any]) -> None:
        chart = self._reset(key)
        series = QLineSeries()
        series.setName(name)
        series.setColor(self._primary)
        series.setPointsVisible(True)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat("@yPoint")
        series.setPointLabelsClipping(False)
        for i, v in enumerate(values):
            series.append(float(i), float(v))
        chart.addSeries(series)
        # a category axis for a line: month names under the points, not 0..11
        months = QBarCategoryAxis()
        months.append(categories)
        months.setTitleText(self.tr("月"))
        counts = QValueAxis()
        top = _nice_top(max((int(v) for v in values), default=0))
        counts.setRange(0, top)
        counts.setLabelFormat("%d")
        counts.setTickCount(_ticks(top))
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(counts)
        chart.legend().setVisible(False)

    def series_values(self, key: str) -> dict[str, list[float]]:
        """What a chart shows, by set name (line: its one series): for tests and tools."""
        out: dict[str, list[float]] = {}
        for series in self.charts[key].series():
            if isinstance(series, QLineSeries):
                out[series.name()] = [p.y() for p in series.points()]
            else:
                for bar in series.barSets():  # type: ignore[attr-defined]
                    out[bar.label()] = [bar.at(i) for i in range(bar.count())]
        return out

    def categories(self, key: str) -> list[str]:
        for axis in self.charts[key].axes():
            if isinstance(axis, QBarCategoryAxis):
                return list(axis.categories())
        return []

    # --- export -----------------------------------------------------------------------------
    def export(self, path: Path | None = None) -> OpHandle | None:
        """Write the shown year's tables (.xlsx or .csv by suffix) on the background pool."""
        if not self.tables:
            self.message.show_kind("error", self.tr("还没有统计结果，无法导出。"))
            return None
        if self._export_op is not None:
            return self._export_op
        if path is None:
            who = "district" if self.shown_scope == DISTRICT else self.ctx.desk.point.code
            default = Path.home() / f"{who}-{self.year.value()}-stats.xlsx"
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("导出统计"),
                str(default),
                self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
            )
            if not name:
                return None
            path = Path(name)
        tables = list(self.tables)
        self.export_button.setEnabled(False)
        self.info.setText(self.tr("正在导出…"))
        op = self.ctx.ops.background("stats_export", functools.partial(stats.export, tables, path))
        self._export_op = op
        op.finished.connect(self._exported)
        op.failed.connect(self._export_failed)
        return op

    def _exported(self, path: Path) -> None:
        self._export_op = None
        self.export_button.setEnabled(True)
        self.info.setText("")
        self.message.show_kind("ok", self.tr("已导出：{path}").format(path=path))

    def _export_failed(self, exc: object) -> None:
        self._export_op = None
        self.export_button.setEnabled(True)
        self.info.setText("")
        self.message.show_kind("error", self.ctx.message(exc))


def _nice_top(n: int) -> int:
    """An axis end a little above the tallest bar, on a round number, and never 0..0."""
    if n <= 0:
        return 5
    step = 10 ** max(len(str(n)) - 1, 0)
    top = ((n * 11 // 10) // step + 1) * step
    return top if top <= 5 else -(-top // 5) * 5  # five whole-number intervals


def _ticks(top: int) -> int:
    """Ticks on whole numbers only: a small axis (0..3) would otherwise read 0, 0, 1, 1, 2..."""
    return top + 1 if top <= 5 else 6
