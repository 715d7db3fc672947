"""活动 Activities: plan reading-promotion activities, take attendance at the door, volunteers.

Scanner-first like the circulation page: at the door each card is one Enter on the serial lane
(scan order kept, the window never waits on SQLite) and the answer lands in place; a refused
card (unknown, scanned twice, the activity full, not today) beeps and turns red, and nothing is
counted. Walk-ins are counted by age band with F6..F9 (one person each). Ctrl+Enter closes the
activity with its short report; F10 prints the sign-in sheet. Volunteers sign in and out by
the scan field on their tab (F6 switches in/out). The rules, events and figures are
``services.activities`` and ``services.volunteers``; this page only calls them.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING
from ..services import activities, volunteers
from ..services.activities import ActivityView, AdmitResult, SheetLine
from ..services.volunteers import Hours, ShiftView, Statement, VolunteerView
from ..standards.kpi import Figure
from .compliance import new_chart, number, rating_item
from .context import UiContext
from .widgets import Banner, ReasonDialog, Table, beijing_time

STATES = {
    "planned": QT_TRANSLATE_NOOP("ActivitiesPage", "计划中"),
    "closed": QT_TRANSLATE_NOOP("ActivitiesPage", "已结束"),
    "cancelled": QT_TRANSLATE_NOOP("ActivitiesPage", "已取消"),
}
BANDS = {
    "child": QT_TRANSLATE_NOOP("ActivitiesPage", "儿童"),
    "teen": QT_TRANSLATE_NOOP("ActivitiesPage", "青少年"),
    "adult": QT_TRANSLATE_NOOP("ActivitiesPage", "成人"),
    "senior": QT_TRANSLATE_NOOP("ActivitiesPage", "老年人"),
}
SHEET_COLUMNS = (
    QT_TRANSLATE_NOOP("ActivitiesPage", "序号"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "读者证"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "姓名"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "电话"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "人数"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "签到时间"),
    QT_TRANSLATE_NOOP("ActivitiesPage", "签名"),
)
SHEET_TITLE = QT_TRANSLATE_NOOP("ActivitiesPage", "签到表")
#: the window keeps F2-F5 and Ctrl+P (circulation, sync, receipt): the page uses F6 on
BAND_KEYS = (Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F8, Qt.Key.Key_F9)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActivitiesPage", text)


def _scan_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName("ScanField")
    field.setMaxLength(64)
    field.setPlaceholderText(placeholder)
    return field


def _print_html(parent: QWidget, body: str) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted:
        doc = QTextDocument()
        doc.setHtml(body)
        doc.print_(printer)


class ActivitiesPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ActivityTabs")
        self.door = DoorPanel(ctx)
        self.plan = PlanPanel(ctx)
        self.volunteers = VolunteerPanel(ctx)
        self.figures = Table(
            [self.tr("指标"), self.tr("数值"), self.tr("目标"), self.tr("评级")], stretch=0
        )
        self.figures.setObjectName("ActivityFigures")
        self.chart, chart_view = new_chart()
        stats = QWidget()
        sl = QVBoxLayout(stats)
        sl.addWidget(self.figures)
        sl.addWidget(chart_view, 1)
        self.stats = stats
        self.tabs.addTab(self.door, self.tr("现场签到"))
        self.tabs.addTab(self.plan, self.tr("活动日历"))
        self.tabs.addTab(self.volunteers, self.tr("志愿者"))
        self.tabs.addTab(self.stats, self.tr("统计"))
        self.tabs.currentChanged.connect(lambda _i: self.activated())
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def activated(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.stats:
            op = self.ctx.read("activity_figures", activities.figures)
            op.finished.connect(self._show_figures)
            op2 = self.ctx.read("activity_months", activities.monthly)
            op2.finished.connect(self._show_months)
        elif hasattr(page, "reload"):
            page.reload()

    def focus_search(self) -> None:
        page = self.tabs.currentWidget()
        if hasattr(page, "scan"):
            page.scan.setFocus()

    def _show_figures(self, figs: list[Figure]) -> None:
        en = self.ctx.lang == "en"
        self.figures.set_rows(
            [
                [
                    f.name_en if en else f.name_zh,
                    f"{number(f.value)} {f.unit}",
                    "" if f.target is None else number(f.target),
                    "",
                ]
                for f in figs
            ]
        )
        for row, f in enumerate(figs):
            self.figures.setItem(row, 3, rating_item(f.rating))

    def _show_months(self, months: list[tuple[int, int, int]]) -> None:
        """Activities held and participants per month, as grouped bars."""
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QBarSeries()
        top = 0
        for name, values in (
            (self.tr("活动场次"), [n for _, n, _p in months]),
            (self.tr("参与人次"), [p for _, _n, p in months]),
        ):
            bar = QBarSet(name)
            for v in values:
                bar.append(float(v))
            top = max([top, *values])
            series.append(bar)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([f"{m:02d}" for m, _n, _p in months] or ["—"])
        y = QValueAxis()
        y.setRange(0, max(top * 1.1, 5))
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)


def _when(v: ActivityView) -> str:
    return beijing_time(v.starts_at)


class DoorPanel(QWidget):
    """Today's activity of this point (pick one), then scan each reader's card at the door."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.today: list[ActivityView] = []
        self.current: ActivityView | None = None
        self.choose = QComboBox()
        self.choose.setObjectName("DoorActivity")
        self.choose.currentIndexChanged.connect(self._chosen)
        self.scan = _scan_field(self.tr("扫描读者证，回车"))
        self.scan.returnPressed.connect(self.on_scan)
        self.counts = QLabel()
        self.counts.setObjectName("DoorCounts")
        self.counts.setStyleSheet("font-size: 13pt;")
        self.message = Banner()
        self.log = Table([self.tr("时间"), self.tr("读者证"), self.tr("姓名")], stretch=2)
        self.log.setObjectName("DoorLog")
        bands = QHBoxLayout()
        self.band_buttons: dict[str, QPushButton] = {}
        for key, (band, label) in zip(BAND_KEYS, BANDS.items(), strict=False):
            b = QPushButton(f"{_tr(label)} +1 (F{key - Qt.Key.Key_F1 + 1})")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False, x=band: self.walk_in(x))
            bands.addWidget(b)
            self.band_buttons[band] = b
            QShortcut(QKeySequence(key), self, lambda x=band: self.walk_in(x))
        bands.addStretch(1)
        self.sheet_button = QPushButton(self.tr("打印签到表 (F10)"))
        self.close_button = QPushButton(self.tr("结束活动 (Ctrl+Enter)"))
        for b in (self.sheet_button, self.close_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheet_button.clicked.connect(self.print_sheet)
        self.close_button.clicked.connect(self.close_activity)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.choose)
        lay.addWidget(self.scan)
        lay.addWidget(self.counts)
        lay.addLayout(bands)
        lay.addWidget(self.message)
        lay.addWidget(self.log, 1)
        lay.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_F10), self, self.print_sheet)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self.close_activity)
        self.sheet_html = ""

    def reload(self) -> None:
        today = self.ctx.desk.ctx(self.ctx.actor).today()
        op = self.ctx.read("activities_today", activities.list_activities, today, today, mine=True)
        op.finished.connect(self._show_today)

    def _show_today(self, rows: list[ActivityView]) -> None:
        keep = self.current.uid if self.current else None
        self.today = [r for r in rows if r.status == "planned"]
        self.choose.blockSignals(True)
        self.choose.clear()
        for r in self.today:
            self.choose.addItem(f"{_when(r)}  {r.title}  {r.room}", r.uid)
        self.choose.blockSignals(False)
        if not self.today:
            self.current = None
            self.counts.setText(self.tr("今天本馆没有待签到的活动。"))
            self.scan.setEnabled(False)
            return
        index = next((i for i, r in enumerate(self.today) if r.uid == keep), 0)
        self.choose.setCurrentIndex(index)
        self._chosen(index)

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self.today):
            self.current = self.today[index]
            self.scan.setEnabled(True)
            self.log.set_rows([])
            self._render(self.current)
            self.scan.setFocus()
            # everyone admitted so far, also before this window opened (a restart, a colleague)
            op = self.ctx.read("activity_door", activities.sign_in_sheet, self.current.uid)
            op.finished.connect(self._show_admitted)

    def _show_admitted(self, result: tuple[ActivityView, list[SheetLine]]) -> None:
        v, lines = result
        if self.current is None or v.uid != self.current.uid:
            return  # another activity was chosen meanwhile
        came = [(ln.admitted_at, ln) for ln in lines if ln.admitted_at is not None]
        came.sort(key=lambda pair: pair[0], reverse=True)  # newest first, as scans are added
        self.log.set_rows([[beijing_time(at), ln.card_no or "", ln.name or ""] for at, ln in came])

    def _render(self, v: ActivityView) -> None:
        self.current = v
        cap = f" / {v.capacity}" if v.capacity else ""
        walk = sum(v.walk_ins.values())
        self.counts.setText(
            self.tr("报名 {reg} · 持证到场 {cards} · 无证 {walk} · 合计 {total}{cap}").format(
                reg=v.registered, cards=v.attended_cards, walk=walk, total=v.participants, cap=cap
            )
        )

    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code or self.current is None:
            return
        op = self.ctx.write("activity_admit", activities.admit, self.current.uid, code)
        op.finished.connect(self._admitted)
        op.failed.connect(self._refused)

    def _refused(self, exc: object) -> None:
        self.message.show_kind("error", self.ctx.message(exc))
        self.scan.setFocus()

    def _admitted(self, r: AdmitResult) -> None:
        now = self.ctx.desk.clock.now()
        self.log.add_row([beijing_time(now), r.card_no, r.name], at=0)
        self.message.show_kind(
            "ok",
            self.tr("{name}（{card}）已签到，现场 {n} 人。").format(
                name=r.name, card=r.card_no, n=r.participants
            ),
        )
        self._refresh()

    def _refresh(self) -> None:
        if self.current is None:
            return
        op = self.ctx.read("activity", activities.get_activity, self.current.uid)
        op.finished.connect(self._render)

    def walk_in(self, band: str) -> None:
        if self.current is None:
            return
        op = self.ctx.write("activity_walk_in", activities.walk_in, self.current.uid, band, 1)
        op.finished.connect(self._walked_in)
        op.failed.connect(self._refused)

    def _walked_in(self, v: ActivityView) -> None:
        self._render(v)
        self.message.show_kind("ok", self.tr("无证入场 +1，现场 {n} 人。").format(n=v.participants))
        self.scan.setFocus()

    def close_activity(self) -> None:
        if self.current is None:
            return
        dlg = ReasonDialog(
            self.tr("结束活动"),
            self.tr("《{title}》结束：到场人数定稿并报送中心。请写一句活动小结。").format(
                title=self.current.title
            ),
            self.tr("活动小结"),
            self,
        )
        if dlg.exec() != QDialog.DialogCode.Accepted:
            self.scan.setFocus()
            return
        self.finish(dlg.value())

    def finish(self, report: str) -> None:
        assert self.current is not None
        op = self.ctx.write("activity_close", activities.close, self.current.uid, report)
        op.finished.connect(self._closed)
        op.failed.connect(self._refused)

    def _closed(self, v: ActivityView) -> None:
        self.message.show_kind(
            "ok", self.tr("活动已结束：共 {n} 人参加。").format(n=v.participants)
        )
        self.current = None
        self.reload()

    def print_sheet(self) -> None:
        if self.current is None:
            return
        op = self.ctx.read("activity_sheet", activities.sign_in_sheet, self.current.uid)
        op.finished.connect(self._sheet)
        op.failed.connect(self._refused)

    def _sheet(self, result: tuple[ActivityView, list[SheetLine]]) -> None:
        v, lines = result
        self.sheet_html = sheet_html(v, lines, self.ctx.desk.point.name)
        if self.isVisible() and not self.property("no_print"):
            _print_html(self, self.sheet_html)
        self.scan.setFocus()


def sheet_html(v: ActivityView, lines: list[SheetLine], point_name: str) -> str:
    """The sign-in sheet: the activity, then one numbered line per registration or card."""
    e = html.escape
    head = (
        f"<h2>{e(point_name)} · {e(v.title)}</h2>"
        f"<p>{e(_when(v))} {e(v.room)} · {e(_tr(SHEET_TITLE))}</p>"
    )
    rows = "".join(
        f"<tr><td>{n}</td><td>{e(x.card_no or '')}</td><td>{e(x.name or '')}</td>"
        f"<td>{e(x.phone or '')}</td><td>{x.people}</td>"
        f"<td>{e(beijing_time(x.admitted_at)) if x.admitted_at else ''}</td><td></td></tr>"
        for n, x in enumerate(lines, 1)
    )
    blank = "".join(
        f"<tr><td>{n}</td><td></td><td></td><td></td><td></td><td></td><td></td></tr>"
        for n in range(len(lines) + 1, len(lines) + 11)
    )
    cols = "".join(
        f"<th>{e(_tr(c))}</th>"
        for c in ("序号", "读者证", "姓名", "电话", "人数", "签到时间", "签名")
    )
    table = "<table border='1' cellspacing='0' cellpadding='4'>"
    return f"{head}{table}<tr>{cols}</tr>{rows}{blank}</table>"


class PlanPanel(QWidget):
    """The district calendar (this point's and the others'), and the form to plan one."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[ActivityView] = []
        cat = ctx.desk.policy.package.service.activities
        en = ctx.lang == "en"
        self.series = QComboBox()
        self.series.setObjectName("PlanSeries")
        for x in cat.series:
            self.series.addItem(x.name_en if en else x.name_zh, x.code)
        self.group = QComboBox()
        self.group.setObjectName("PlanGroup")
        for g in cat.target_groups:
            self.group.addItem(g.name_en if en else g.name_zh, g.code)
        self.title = QLineEdit()
        self.title.setObjectName("PlanTitle")
        self.start = QDateTimeEdit()
        self.start.setObjectName("PlanStart")
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setCalendarPopup(True)
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 24 * 60)
        self.minutes.setValue(90)
        self.room = QLineEdit()
        self.capacity = QSpinBox()
        self.capacity.setObjectName("PlanCapacity")
        self.capacity.setRange(0, 10_000)
        self.capacity.setSpecialValueText(self.tr("不限"))
        self.partner = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("系列"), self.series)
        form.addRow(self.tr("活动名称"), self.title)
        form.addRow(self.tr("开始时间"), self.start)
        form.addRow(self.tr("时长（分钟）"), self.minutes)
        form.addRow(self.tr("服务对象"), self.group)
        form.addRow(self.tr("活动室"), self.room)
        form.addRow(self.tr("人数上限"), self.capacity)
        form.addRow(self.tr("合作单位"), self.partner)
        self.plan_button = QPushButton(self.tr("计划活动 (Ctrl+S)"))
        self.plan_button.clicked.connect(self.submit)
        QShortcut(QKeySequence("Ctrl+S"), self, self.submit)
        box = QGroupBox(self.tr("计划新活动"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(self.plan_button)
        box.setMaximumWidth(420)
        self.message = Banner()
        self.table = Table(
            [
                self.tr("时间"),
                self.tr("服务点"),
                self.tr("活动"),
                self.tr("服务对象"),
                self.tr("状态"),
                self.tr("报名"),
                self.tr("参加"),
            ],
            stretch=2,
        )
        self.table.setObjectName("ActivityCalendar")
        self.cancel_button = QPushButton(self.tr("取消所选活动…"))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.move_button = QPushButton(self.tr("按表单时间改期所选"))
        self.move_button.clicked.connect(self.reschedule_selected)
        # sign-ups for the selected activity: a card scanned, a name and phone, or a count
        self.scan = _scan_field(self.tr("报名：扫描读者证，回车"))
        self.scan.returnPressed.connect(self.register_card)
        self.person = QLineEdit()
        self.person.setObjectName("RegisterName")
        self.person.setPlaceholderText(self.tr("无证报名：姓名"))
        self.person_phone = QLineEdit()
        self.person_phone.setPlaceholderText(self.tr("电话"))
        self.person_phone.returnPressed.connect(self.register_person)
        self.people = QSpinBox()
        self.people.setRange(1, 10_000)
        self.count_button = QPushButton(self.tr("按人数报名"))
        self.count_button.clicked.connect(self.register_count)
        signup = QHBoxLayout()
        for w in (self.scan, self.person, self.person_phone, self.people, self.count_button):
            signup.addWidget(w)
        actions = QHBoxLayout()
        actions.addWidget(self.move_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.message)
        right.addWidget(self.table, 1)
        right.addLayout(signup)
        right.addLayout(actions)
        lay = QHBoxLayout(self)
        lay.addWidget(box)
        lay.addLayout(right, 1)

    def reload(self) -> None:
        now = self.ctx.desk.clock.now().astimezone(BEIJING)
        if self.start.dateTime() < QDateTime(now.replace(tzinfo=None)):
            self.start.setDateTime(QDateTime((now + timedelta(days=1)).replace(
                hour=14, minute=0, second=0, microsecond=0, tzinfo=None)))  # fmt: skip
        op = self.ctx.read("activities", activities.list_activities)
        op.finished.connect(self._show)

    def _show(self, rows: list[ActivityView]) -> None:
        keep = self.table.currentRow()
        self.rows = list(rows)
        groups = {g.code: g for g in self.ctx.desk.policy.package.service.activities.target_groups}
        en = self.ctx.lang == "en"

        def group(code: str) -> str:
            g = groups.get(code)
            return code if g is None else g.name_en if en else g.name_zh

        self.table.set_rows(
            [
                [
                    _when(r),
                    r.point_name,
                    r.title,
                    group(r.target_group),
                    _tr(STATES.get(r.status, r.status)),
                    r.registered if r.mine else "",
                    r.participants,
                ]
                for r in rows
            ]
        )
        if 0 <= keep < len(rows):
            self.table.selectRow(keep)

    def submit(self) -> None:
        qdt = self.start.dateTime().toPython()
        assert isinstance(qdt, datetime)
        start = qdt.replace(tzinfo=BEIJING)
        op = self.ctx.write(
            "activity_plan", activities.plan, series=self.series.currentData(),
            title=self.title.text(), starts_at=start,
            ends_at=start + timedelta(minutes=self.minutes.value()),
            target_group=self.group.currentData(), room=self.room.text(),
            capacity=self.capacity.value() or None, partner=self.partner.text(),
        )  # fmt: skip
        op.finished.connect(self._planned)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _planned(self, v: ActivityView) -> None:
        self.message.show_kind(
            "ok", self.tr("已计划《{title}》，{when}。").format(title=v.title, when=_when(v))
        )
        self.title.clear()
        self.reload()

    def selected(self) -> ActivityView | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _signup(self, name: str, fn: Any, *args: Any) -> None:
        v = self.selected()
        if v is None:
            self.message.show_kind("error", self.tr("请先在日历中选择本馆的活动。"))
            return
        op = self.ctx.write(name, fn, v.uid, *args)
        op.finished.connect(self._signed_up)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _signed_up(self, v: ActivityView) -> None:
        self.message.show_kind(
            "ok", self.tr("《{title}》已报名 {n} 人。").format(title=v.title, n=v.registered)
        )
        self.reload()  # the selection stays on the activity
        self.scan.setFocus()

    def register_card(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if code:
            self._signup("activity_register", activities.register_card, code)

    def register_person(self) -> None:
        name, phone = self.person.text(), self.person_phone.text()
        self.person.clear()
        self.person_phone.clear()
        self._signup("activity_register", activities.register_person, name, phone or None)

    def register_count(self) -> None:
        self._signup("activity_register", activities.register_count, self.people.value())

    def reschedule_selected(self) -> None:
        qdt = self.start.dateTime().toPython()
        assert isinstance(qdt, datetime)
        start = qdt.replace(tzinfo=BEIJING)
        end = start + timedelta(minutes=self.minutes.value())
        self._signup("activity_reschedule", activities.reschedule, start, end, self.room.text())

    def cancel_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        v = self.rows[row]
        dlg = ReasonDialog(
            self.tr("取消活动"), self.tr("取消《{title}》？").format(title=v.title),
            self.tr("原因"), self,
        )  # fmt: skip
        if dlg.exec() == QDialog.DialogCode.Accepted:
            op = self.ctx.write("activity_cancel", activities.cancel, v.uid, dlg.value())
            op.finished.connect(lambda _v: self.reload())
            op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))


class VolunteerPanel(QWidget):
    """The roster; sign in or out by scanning (F6 switches); hours per volunteer and team."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.signing_in = True
        self.mode = QLabel()
        self.mode.setObjectName("ModeLabel")
        self.scan = _scan_field(self.tr("扫描志愿者的读者证或志愿者编号，回车"))
        self.scan.returnPressed.connect(self.on_scan)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, self.toggle)
        self.message = Banner()
        self.roster = Table(
            [
                self.tr("编号"),
                self.tr("姓名"),
                self.tr("服务队"),
                self.tr("读者证"),
                self.tr("签到"),
            ],
            stretch=1,
        )
        self.roster.setObjectName("VolunteerRoster")
        self.hours = Table([self.tr("姓名/服务队"), self.tr("小时")], stretch=0)
        self.hours.setObjectName("VolunteerHours")
        self.card = QLineEdit()
        self.card.setPlaceholderText(self.tr("读者证（可空）"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("姓名"))
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("电话"))
        self.team = QLineEdit()
        self.team.setPlaceholderText(self.tr("服务队"))
        self.add_button = QPushButton(self.tr("登记志愿者"))
        self.add_button.clicked.connect(self.enrol)
        self.statement_button = QPushButton(self.tr("打印所选志愿者的服务时长证明"))
        self.statement_button.clicked.connect(self.print_statement)
        add = QHBoxLayout()
        for w in (self.card, self.name, self.phone, self.team, self.add_button):
            add.addWidget(w)
        tables = QHBoxLayout()
        tables.addWidget(self.roster, 2)
        tables.addWidget(self.hours, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.mode)
        lay.addWidget(self.scan)
        lay.addWidget(self.message)
        lay.addLayout(tables, 1)
        lay.addLayout(add)
        lay.addWidget(self.statement_button)
        self.people: list[VolunteerView] = []
        self.statement_html = ""
        self._show_mode()

    def _show_mode(self) -> None:
        self.mode.setText(
            self.tr("志愿者签到（F6 切换为签退）")
            if self.signing_in
            else self.tr("志愿者签退（F6 切换为签到）")
        )

    def toggle(self) -> None:
        self.signing_in = not self.signing_in
        self._show_mode()
        self.scan.setFocus()

    def reload(self) -> None:
        op = self.ctx.read("volunteers", volunteers.roster)
        op.finished.connect(self._show_roster)
        today = self.ctx.desk.ctx(self.ctx.actor).today()
        op2 = self.ctx.read(
            "volunteer_hours", volunteers.hours, today.replace(month=1, day=1), today
        )
        op2.finished.connect(self._show_hours)

    def _show_roster(self, rows: list[VolunteerView]) -> None:
        self.people = list(rows)
        self.roster.set_rows(
            [[v.ref, v.name, v.team, v.card_no or "", beijing_time(v.signed_in_at)] for v in rows]
        )

    def _show_hours(self, h: Hours) -> None:
        rows: list[list[Any]] = [[n, f"{m / 60:.1f}"] for _, n, _t, m in h.volunteers]
        no_team = self.tr("未分队")
        rows += [[f"【{t or no_team}】", f"{m / 60:.1f}"] for t, m in h.teams]
        rows.append([self.tr("合计"), f"{h.total_minutes / 60:.1f}"])
        self.hours.set_rows(rows)

    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        fn = volunteers.sign_in if self.signing_in else volunteers.sign_out
        op = self.ctx.write("volunteer_scan", fn, code)
        op.finished.connect(self._scanned)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _scanned(self, r: VolunteerView | ShiftView) -> None:
        if isinstance(r, ShiftView):
            self.message.show_kind(
                "ok", self.tr("{name} 已签退，本次 {m} 分钟。").format(name=r.name, m=r.minutes)
            )
        else:
            self.message.show_kind("ok", self.tr("{name} 已签到。").format(name=r.name))
        self.reload()
        self.scan.setFocus()

    def enrol(self) -> None:
        op = self.ctx.write(
            "volunteer_add", volunteers.enrol, name=self.name.text() or None,
            phone=self.phone.text() or None, team=self.team.text() or None,
            card=self.card.text() or None,
        )  # fmt: skip
        op.finished.connect(self._enrolled)
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _enrolled(self, v: VolunteerView) -> None:
        self.message.show_kind(
            "ok", self.tr("已登记志愿者 {name}，编号 {ref}。").format(name=v.name, ref=v.ref)
        )
        for w in (self.card, self.name, self.phone, self.team):
            w.clear()
        self.reload()

    def print_statement(self) -> None:
        row = self.roster.currentRow()
        if not 0 <= row < len(self.people):
            return
        today = self.ctx.desk.ctx(self.ctx.actor).today()
        op = self.ctx.read(
            "volunteer_statement", volunteers.statement, self.people[row].ref,
            today.replace(month=1, day=1), today,
        )  # fmt: skip
        op.finished.connect(self._statement)

    def _statement(self, st: Statement) -> None:
        e = html.escape
        v = st.volunteer
        self.statement_html = (
            f"<h2>{e(self.tr('志愿服务时长证明'))}</h2><p>"
            + e(
                self.tr(
                    "兹证明 {name}（{team}）于 {start} 至 {end} 在{point}参加志愿服务 {n} 次，"
                    "累计 {hours} 小时。"
                ).format(
                    name=v.name,
                    team=v.team or "—",
                    start=st.start,
                    end=st.end,
                    point=st.point_name,
                    n=len(st.shifts),
                    hours=f"{st.total_minutes / 60:.1f}",
                )
            )
            + "</p>"
        )
        if self.isVisible() and not self.property("no_print"):
            _print_html(self, self.statement_html)
