"""馆藏 Holdings: search titles, look up an item by barcode, add a title and its copies.

Selecting a title lists its copies here (Tab to the list, arrows to a copy: its details and
history follow). District results name every copy's point by name, where it is and whose it is.

Searches run on the background pool (a 300k-item store must not stall the scanner page); a newer
query supersedes an older one whose answer arrives late.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING, as_utc
from ..errors import DeskError
from ..protocol.wire import UnionHit
from ..services import holdings, itemhistory, points, search
from ..services.holdings import ItemView, TitleView
from ..services.itemhistory import HistoryEntry
from ..services.search import HoldingHit
from ..sync.search import union_search
from .context import UiContext
from .holds import PlaceHoldDialog
from .marcimport import MarcImportDialog
from .ops import OpHandle
from .widgets import Banner, SearchBox, Table, ok_cancel

ITEM_STATUS = {
    "available": QT_TRANSLATE_NOOP("HoldingsPage", "在架"),
    "on_loan": QT_TRANSLATE_NOOP("HoldingsPage", "借出"),
    "in_transit": QT_TRANSLATE_NOOP("HoldingsPage", "在途"),
    "lost": QT_TRANSLATE_NOOP("HoldingsPage", "丢失"),
    "damaged": QT_TRANSLATE_NOOP("HoldingsPage", "破损"),
    "withdrawn": QT_TRANSLATE_NOOP("HoldingsPage", "已剔除"),
}


class TitleForm(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_view: TitleView | None = None
        self.setWindowTitle(self.tr("新增书目"))
        self.setMinimumWidth(520)
        self.title = QLineEdit()
        self.title.setObjectName("Title")
        self.isbn = QLineEdit()
        self.isbn.setObjectName("Isbn")
        self.author = QLineEdit()
        self.publisher = QLineEdit()
        self.year = QLineEdit()
        self.clc = QLineEdit()
        self.clc.setObjectName("Clc")
        self.clc.setPlaceholderText("I247.57")
        form = QFormLayout()
        form.addRow(self.tr("题名"), self.title)
        form.addRow("ISBN", self.isbn)
        form.addRow(self.tr("责任者"), self.author)
        form.addRow(self.tr("出版者"), self.publisher)
        form.addRow(self.tr("出版年"), self.year)
        form.addRow(self.tr("中图法分类号"), self.clc)
        self.error = Banner()
        self.buttons = ok_cancel(self, self.tr("保存"), self.tr("取消"), self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def submit(self) -> None:
        op = self.ctx.write(
            "add_title",
            holdings.add_title,
            title=self.title.text(),
            isbn=self.isbn.text() or None,
            author=self.author.text() or None,
            publisher=self.publisher.text() or None,
            year=self.year.text() or None,
            clc=self.clc.text() or None,
        )
        self.buttons.setEnabled(False)
        op.finished.connect(self._saved)
        op.failed.connect(self._refused)

    def _saved(self, view: TitleView) -> None:
        self.result_view = view
        self.ctx.data_changed.emit("holdings")
        self.accept()

    def _refused(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        self.error.show_kind("error", self.ctx.message(exc))


class ItemForm(QDialog):
    """Add copies: scan each new barcode label, Enter adds it and clears for the next one."""

    def __init__(self, ctx: UiContext, title: TitleView, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.title_view = ctx, title
        self.added: list[ItemView] = []
        self.setWindowTitle(self.tr("新增复本 — {title}").format(title=title.title))
        self.setMinimumWidth(560)
        self.call_number = QLineEdit()
        self.call_number.setObjectName("CallNumber")
        self.call_number.setPlaceholderText(f"{title.clc or 'I247.57'}/N2338")
        self.material = QComboBox()
        for code in ctx.desk.policy.material_types:
            self.material.addItem(ctx.material_name(code), code)
        self.price = QSpinBox()
        self.price.setRange(0, 100000)
        self.price.setSuffix(self.tr(" 元"))
        self.barcode = QLineEdit()
        self.barcode.setObjectName("ItemBarcode")
        self.barcode.setPlaceholderText(self.tr("逐个扫描新条码，回车添加"))
        self.barcode.returnPressed.connect(self.add_one)
        form = QFormLayout()
        form.addRow(self.tr("索书号"), self.call_number)
        form.addRow(self.tr("资料类型"), self.material)
        form.addRow(self.tr("价格"), self.price)
        form.addRow(self.tr("条码"), self.barcode)
        self.list = Table([self.tr("条码"), self.tr("索书号"), self.tr("状态")])
        self.error = Banner()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("完成"))
        close.rejected.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.list)
        lay.addWidget(close)
        self.call_number.setFocus()

    def add_one(self) -> None:
        code = self.barcode.text().strip()
        self.barcode.clear()
        if not code:
            return
        op = self.ctx.write(
            "add_item",
            holdings.add_item,
            barcode=code,
            title_ref=self.title_view.uid,
            call_number=self.call_number.text(),
            material_type=str(self.material.currentData()),
            price_cents=self.price.value() * 100 or None,
        )
        op.finished.connect(self._added)
        op.failed.connect(lambda exc: self.error.show_kind("error", self.ctx.message(exc)))

    def _added(self, item: ItemView) -> None:
        self.added.append(item)
        self.list.add_row([item.barcode, item.call_number, self.tr("在架")], at=0)
        self.error.show_kind("ok", self.tr("已添加 {barcode}").format(barcode=item.barcode))
        self.ctx.data_changed.emit("holdings")
        self.barcode.setFocus()


class HoldingsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[TitleView] = []
        self.copies_shown: list[ItemView] = []
        self.item_shown: ItemView | None = None
        self._item_op: OpHandle | None = None
        self._history_op: OpHandle | None = None
        self.point_names: dict[str, str] = {}  # code -> name, the points this desk knows
        self.query = SearchBox(
            ctx,
            "title_search",
            search.search_holdings,
            200,
            placeholder=self.tr(
                "题名、责任者、拼音、ISBN、分类号、索书号或条码；回车查本馆，Ctrl+回车联网查全区"
            ),
        )
        self.query.setObjectName("TitleQuery")
        self.query.started.connect(self._searching)
        self.query.answered.connect(self._show)
        self.query.refused.connect(self._failed)
        self.cancel_button = QPushButton(self.tr("取消查找"))
        self.cancel_button.clicked.connect(self.cancel_search)
        self.cancel_button.hide()
        self.online_button = QPushButton(self.tr("联网查全区 (Ctrl+Enter)"))
        self.online_button.setObjectName("OnlineSearch")
        self.online_button.clicked.connect(self.search_online)
        self._online_op: OpHandle | None = None
        self.online_hits: list[UnionHit] = []
        self.item_query = QLineEdit()
        self.item_query.setObjectName("ItemQuery")
        self.item_query.setPlaceholderText(self.tr("扫描图书条码查看单册"))
        self.item_query.returnPressed.connect(self.lookup_item)
        self.table = Table(
            [
                "ISBN",
                self.tr("题名"),
                self.tr("责任者"),
                self.tr("出版者"),
                self.tr("出版年"),
                self.tr("分类号"),
                self.tr("本馆复本"),
                self.tr("在架"),
            ],
            stretch=1,
        )
        self.table.setObjectName("TitlesTable")
        self.table.itemSelectionChanged.connect(self._title_selected)
        self._copies_op: OpHandle | None = None
        self.info = QLabel()
        self.message = Banner()
        self.item_detail = QLabel()
        self.item_detail.setObjectName("ItemDetail")
        self.item_detail.setWordWrap(True)
        self.item_detail.setTextFormat(Qt.TextFormat.RichText)
        self.item_detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.item_detail.setMinimumWidth(280)
        self.add_title_button = QPushButton(self.tr("新增书目 (Ctrl+N)"))
        self.add_items_button = QPushButton(self.tr("为所选书目新增复本 (Ctrl+I)"))
        self.add_title_button.clicked.connect(self.add_title)
        self.add_items_button.clicked.connect(self.add_items)
        self.add_title_button.setEnabled(ctx.can("librarian", "admin"))
        self.add_items_button.setEnabled(ctx.can("librarian", "admin"))
        self.import_button = QPushButton(self.tr("导入 MARC… (Ctrl+M)"))
        self.import_button.clicked.connect(self.import_marc)
        self.import_button.setEnabled(ctx.can("librarian", "admin"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("书目")))
        top.addWidget(self.query, 2)
        top.addWidget(self.cancel_button)
        top.addWidget(self.online_button)
        top.addWidget(QLabel(self.tr("单册")))
        top.addWidget(self.item_query, 1)
        box = QGroupBox(self.tr("复本与单册详情"))
        box.setMinimumWidth(420)
        self.copies_label = QLabel(self.tr("所选书目的复本"))
        self.copies = Table(
            [self.tr("条码"), self.tr("状态"), self.tr("所在"), self.tr("所属"), self.tr("索书号")]
        )
        self.copies.setObjectName("TitleCopies")
        # the current row, however it moved (arrows, Ctrl+End, a click): its details follow
        self.copies.currentCellChanged.connect(
            lambda row, _c, before, _b: self._copy_selected() if row != before else None
        )
        self.history = Table(
            [self.tr("时间"), self.tr("事项"), self.tr("服务点"), self.tr("读者证")]
        )
        self.history.setObjectName("ItemHistory")
        bl = QVBoxLayout(box)
        bl.addWidget(self.copies_label)
        bl.addWidget(self.copies, 1)
        bl.addWidget(self.item_detail)
        bl.addWidget(QLabel(self.tr("单册历史")))
        bl.addWidget(self.history, 1)
        self._build_online()
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(self.table)
        results.addWidget(self.online_box)
        results.setStretchFactor(0, 3)
        results.setStretchFactor(1, 2)
        results.setChildrenCollapsible(False)
        body = QHBoxLayout()
        body.addWidget(results, 1)
        body.addWidget(box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_title_button)
        buttons.addWidget(self.add_items_button)
        buttons.addWidget(self.import_button)
        self.hold_button = QPushButton(self.tr("预约所选 (Ctrl+H)"))  # ui/holds.py
        self.hold_button.clicked.connect(self.place_hold)
        buttons.addWidget(self.hold_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.info)
        lay.addWidget(self.message)
        lay.addLayout(body, 1)
        lay.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_title)
        QShortcut(QKeySequence("Ctrl+H"), self, self.place_hold)
        QShortcut(QKeySequence("Ctrl+I"), self, self.add_items)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel_search)
        for key in ("Ctrl+Return", "Ctrl+Enter"):  # main keyboard and keypad Enter
            QShortcut(QKeySequence(key), self, self.search_online)

    def activated(self) -> None:
        self.query.setFocus()
        op = self.ctx.search("known_points", points.known_points)
        op.finished.connect(self._points_known)

    def _points_known(self, known: list[points.PointView]) -> None:
        self.point_names = {p.code: p.name for p in known}
        if self.copies_shown:  # listed before the names arrived: list them again, by name
            self._render_copies()
        if self.item_shown is not None:
            self._show_item(self.item_shown)

    def point_label(self, code: str, name: str | None = None) -> str:
        """A point as staff know it: its name, with the code after it."""
        name = name or self.point_names.get(code)
        return f"{name}（{code}）" if name else code

    def focus_search(self) -> None:
        self.query.focus()

    def search(self) -> None:
        self.query.run()

    def _searching(self, _q: str) -> None:
        self.info.setText(self.tr("正在查找…（Esc 取消）"))
        self.cancel_button.show()

    def cancel_search(self) -> None:
        cancelled = self.query.cancel()
        if self._online_op is not None:
            self._online_op.cancel()
            self._online_op = None  # a late answer is dropped
            self.online_info.setText(self.tr("已取消联网查找。"))
            cancelled = True
        if cancelled:
            self.info.setText(self.tr("已取消查找。"))
        self.cancel_button.hide()

    def _failed(self, message: str) -> None:
        self.cancel_button.hide()
        self.info.setText(message)

    def _show(self, hits: list[HoldingHit]) -> None:
        self.cancel_button.hide()
        rows = [h.title for h in hits]
        self.rows = rows
        self.table.set_rows(
            [
                [
                    t.isbn or "",
                    t.title,
                    t.author,
                    t.publisher,
                    t.year or "",
                    t.clc,
                    h.copies,
                    h.available,
                ]
                for t, h in zip(rows, hits, strict=True)
            ]
        )
        self.info.setText(self.tr("找到 {n} 种书目").format(n=len(rows)))
        if rows:
            self.table.selectRow(0)

    # --- the selected title's copies ----------------------------------------------------------
    def _title_selected(self) -> None:
        t = self.current()
        self.copies.setRowCount(0)
        self.copies_shown = []
        if t is None:
            self._copies_op = None
            return
        op = self.ctx.search("title_copies", holdings.title_copies, t.uid)
        self._copies_op = op
        op.finished.connect(lambda items, op=op: self._show_copies(op, items))

    def _show_copies(self, op: OpHandle, items: list[ItemView]) -> None:
        if op is not self._copies_op:
            return  # another title was selected meanwhile
        self._copies_op = None
        self.copies_shown = list(items)
        self._render_copies()

    def _render_copies(self) -> None:
        items = self.copies_shown
        row = self.copies.currentRow()
        self.copies.blockSignals(True)  # re-listing is not choosing a copy
        self.copies.setRowCount(0)
        here = self.ctx.desk.point.code
        for i in items:
            where = self.tr("本馆") if i.location == here else self.point_label(i.location)
            owner = self.tr("本馆") if i.owner == here else self.point_label(i.owner)
            self.copies.add_row(
                [i.barcode, self.tr(ITEM_STATUS.get(i.status, i.status)), where, owner,
                 i.call_number],
                warn=i.status != "available",
            )  # fmt: skip
        if 0 <= row < len(items):
            self.copies.selectRow(row)
        self.copies.blockSignals(False)
        t = self.current()
        self.copies_label.setText(
            self.tr("《{title}》的复本：{n} 册").format(title=t.title if t else "", n=len(items))
        )

    def _copy_selected(self) -> None:
        row = self.copies.currentRow()
        if 0 <= row < len(self.copies_shown):
            self.show_barcode(self.copies_shown[row].barcode)

    # --- online: the district's union catalogue at the hub ---------------------------------
    def _build_online(self) -> None:
        """A section of its own, marked as the hub's data: never mistaken for this shelf."""
        self.online_box = QGroupBox(self.tr("联网结果 — 区中心全区馆藏（非本馆数据）"))
        self.online_box.setObjectName("OnlineResults")
        self.online_info = QLabel(
            self.tr("按 Ctrl+Enter 在全区联合目录中查找；结果来自区中心，不保存到本机。")
        )
        self.online_info.setObjectName("OnlineInfo")
        self.online_info.setWordWrap(True)
        self.online_message = Banner()
        self.online_table = Table(
            [
                self.tr("题名"),
                self.tr("责任者"),
                "ISBN",
                self.tr("分类号"),
                self.tr("全区复本"),
                self.tr("全区在架"),
            ],
            stretch=0,
        )
        self.online_table.setObjectName("OnlineTable")
        self.online_table.itemSelectionChanged.connect(self._online_selected)
        self.online_copies = Table(
            [
                self.tr("条码"),
                self.tr("所在服务点"),
                self.tr("状态"),
                self.tr("所属服务点"),
                self.tr("索书号"),
            ],
            stretch=1,
        )
        self.online_copies.setObjectName("OnlineCopies")
        # titles above their copies, each the box's full width: no column is cut short
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.online_table)
        tables.addWidget(self.online_copies)
        tables.setChildrenCollapsible(False)
        lay = QVBoxLayout(self.online_box)
        lay.addWidget(self.online_info)
        lay.addWidget(self.online_message)
        lay.addWidget(tables, 1)

    def search_online(self) -> None:
        """Ctrl+Enter: this point's holdings (as Enter) and the district's, side by side."""
        q = self.query.text().strip()
        if not q:
            self.query.setFocus()
            return
        self.query.run()
        self.online_message.clear_message()
        engine = self.ctx.sync_engine
        if engine is None:  # never enrolled: no hub to ask
            self._online_refused(DeskError("hub_not_enrolled"))
            return
        self.online_info.setText(self.tr("正在联网查找“{q}”…").format(q=q))
        self.cancel_button.show()
        op = self.ctx.ops.background(
            "union_search",
            functools.partial(union_search, self.ctx.desk, q, 100, engine=engine),
        )
        self._online_op = op
        op.finished.connect(lambda hits, op=op, q=q: self._online_show(op, q, hits))
        op.failed.connect(lambda exc, op=op: op is self._online_op and self._online_refused(exc))

    def _online_refused(self, exc: object) -> None:
        self._online_op = None
        if self.query.op is None:
            self.cancel_button.hide()
        self.online_hits = []
        self.online_table.setRowCount(0)
        self.online_copies.setRowCount(0)
        self.online_info.setText(self.tr("联网查找未完成。"))
        self.online_message.show_kind("error", self.ctx.message(exc))

    def _online_show(self, op: OpHandle, q: str, hits: list[UnionHit]) -> None:
        if op is not self._online_op:
            return  # cancelled, or a newer query went out
        self._online_op = None
        if self.query.op is None:
            self.cancel_button.hide()
        self.online_hits = list(hits)
        self.online_table.set_rows(
            [[h.title, h.author, h.isbn or "", h.clc, len(h.copies), h.available] for h in hits]
        )
        points = {c.point_code for h in hits for c in h.copies}
        self.online_info.setText(
            self.tr("联网结果：“{q}” 在全区 {points} 个服务点找到 {n} 种书目（区中心数据）").format(
                q=q, points=len(points), n=len(hits)
            )
        )
        self.online_copies.setRowCount(0)
        if hits:
            self.online_table.selectRow(0)

    def _online_selected(self) -> None:
        row = self.online_table.currentRow()
        if not 0 <= row < len(self.online_hits):
            self.online_copies.setRowCount(0)
            return
        here = self.ctx.desk.point.code
        self.online_copies.setRowCount(0)
        # copies on a shelf first, this point's first among them: what staff can hand over
        copies = sorted(
            self.online_hits[row].copies,
            key=lambda c: (not c.available, c.point_code != here, c.point_code, c.barcode),
        )
        for c in copies:
            where = self.point_label(c.point_code, c.point_name)
            if c.point_code == here:
                where = self.tr("本馆") + " · " + where
            state = self.tr("可借") if c.available else self.tr(ITEM_STATUS.get(c.status, c.status))
            # every copy names its owner: the same point as where it is, or another
            owner_name = c.point_name if c.owner_code == c.point_code else None
            owner = self.point_label(c.owner_code, owner_name)
            if c.owner_code == here:
                owner = self.tr("本馆") + " · " + owner
            self.online_copies.add_row(
                [c.barcode, where, state, owner, c.call_number], warn=not c.available
            )

    def lookup_item(self) -> None:
        code = self.item_query.text().strip()
        self.item_query.selectAll()
        if code:
            self.show_barcode(code)

    def show_barcode(self, code: str) -> None:
        """One copy's details and history in the right-hand box."""
        # answers come back from the pool in any order: only the newest copy's are shown
        op = self.ctx.search("show_item", holdings.show_item, code)
        self._item_op = op
        op.finished.connect(
            lambda item, op=op: self._show_item(item) if op is self._item_op else None
        )
        op.failed.connect(
            lambda exc, op=op: (
                self.item_detail.setText(self.ctx.message(exc)) if op is self._item_op else None
            )
        )
        self.history.setRowCount(0)
        hist = self.ctx.search("item_history", itemhistory.item_history, code)
        self._history_op = hist
        hist.finished.connect(
            lambda rows, hist=hist: self._show_history(rows) if hist is self._history_op else None
        )

    def _show_item(self, item: ItemView) -> None:
        self.item_shown = item
        status = self.tr(ITEM_STATUS.get(item.status, item.status))
        t = item.title
        lines = [
            f"<b style='font-size:13pt'>{t.title}</b>",
            self.tr("条码：{v}").format(v=item.barcode),
            self.tr("索书号：{v}").format(v=item.call_number),
            self.tr("资料类型：{v}").format(v=self.ctx.material_name(item.material_type)),
            self.tr("状态：{v}").format(v=status),
            self.tr("所属服务点：{v}").format(v=self.point_label(item.owner)),
            self.tr("当前所在：{v}").format(v=self.point_label(item.location)),
            self.tr("责任者：{v}").format(v=t.author or "—"),
            "ISBN: " + (t.isbn or "—"),
            self.tr("分类号：{v}").format(v=t.clc or "—"),
        ]
        if item.price_cents:
            lines.append(self.tr("价格：{v:.2f} 元").format(v=item.price_cents / 100))
        self.item_detail.setText("<br>".join(lines))

    def _show_history(self, entries: list[HistoryEntry]) -> None:
        kinds = {
            "checked_out": self.tr("借出", "history"),
            "returned": self.tr("归还", "history"),
            "transfer": self.tr("调拨"),
            "shipped": self.tr("配送发出"),
            "shipment_received": self.tr("配送收到"),
            "shipment_missing": self.tr("配送缺失"),
            "shipment_extra": self.tr("配送多出"),
        }
        rows = []
        for e in entries:
            at = as_utc(e.at)
            rows.append(
                [
                    at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
                    kinds.get(e.kind, e.kind),
                    self.point_names.get(e.point, e.point),  # the name; the code is long
                    e.card_no or "",
                ]
            )
        self.history.set_rows(rows)
        for r, e in enumerate(entries):
            detail = self._history_detail(e)
            for c in range(4):
                cell = self.history.item(r, c)
                if cell is not None:
                    cell.setToolTip(detail)

    def _history_detail(self, e: HistoryEntry) -> str:
        """The entry's facts in words: due date and renewals, fee, route, box, damage."""
        parts: list[str] = []
        if e.due_date is not None:
            parts.append(
                self.tr("应还 {due}，续借 {n} 次").format(due=e.due_date.isoformat(), n=e.renewals)
            )
        if e.override_reason:
            parts.append(self.tr("特批：{reason}").format(reason=e.override_reason))
        if e.fee_cents:
            parts.append(self.tr("滞纳金 {v:.2f} 元").format(v=e.fee_cents / 100))
        if e.route is not None:
            route = f"{e.route[0]} → {e.route[1]}"
            parts.append(f"{route} ({e.status})" if e.status else route)
        if e.shipment:
            parts.append(self.tr("配送单 {ref}").format(ref=e.shipment))
        if e.damage_note is not None:
            parts.append(self.tr("破损：{note}").format(note=e.damage_note))
        return self.tr("，").join(parts)

    def place_hold(self) -> None:
        """预约: the selected district result (online), else the selected local title."""
        row = self.online_table.currentRow()
        if self.online_table.hasFocus() and 0 <= row < len(self.online_hits):
            hit = self.online_hits[row]
            PlaceHoldDialog(self.ctx, self, title=hit.uid, district_title=hit.title).exec()
        elif (t := self.current()) is not None:
            PlaceHoldDialog(self.ctx, self, title=t.uid).exec()

    def current(self) -> TitleView | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add_title(self) -> None:
        if not self.ctx.can("librarian", "admin"):
            return
        dlg = TitleForm(self.ctx, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.result_view:
            t = dlg.result_view
            self.rows.insert(0, t)
            self.table.add_row(
                [t.isbn or "", t.title, t.author, t.publisher, t.year or "", t.clc, 0, 0], at=0
            )
            self.table.selectRow(0)
            self.message.show_kind("ok", self.tr("已新增书目《{title}》。").format(title=t.title))
            self.add_items()

    def import_marc(self) -> None:
        """Ctrl+M: the import dialog; the report stays on screen until staff close it."""
        if not self.ctx.can("librarian", "admin"):
            self.message.show_kind("error", self.tr("只有馆员或管理员可以导入书目。"))
            return
        dlg = MarcImportDialog(self.ctx, self)
        dlg.exec()
        if dlg.report is not None:
            s = dlg.report.summary
            self.message.show_kind(
                "ok",
                self.tr("MARC 导入：新增 {a} 种，更新 {b} 种，跳过 {c} 条，新增 {d} 册。").format(
                    a=s["imported"], b=s["updated"], c=s["skipped"], d=s["items_added"]
                ),
            )

    def add_items(self) -> None:
        t = self.current()
        if t is None or not self.ctx.can("librarian", "admin"):
            if t is None:
                self.message.show_kind("error", self.tr("请先在列表中选择书目。"))
            return
        dlg = ItemForm(self.ctx, t, self)
        dlg.exec()
        if dlg.added:
            self.message.show_kind(
                "ok",
                self.tr("已为《{title}》新增 {n} 册。").format(title=t.title, n=len(dlg.added)),
            )
