"""The standards package as forms: one tab per section, each field with its own message line.

Built from the package's JSON, so every field of xclib_desk/standards/schema.py is editable
without a widget per field written by hand: scalars are line edits (typed like the value they
replace), flags are check boxes, record lists (loan rules, reader types, KPI targets per level)
are tables, short lists are comma-separated. The pydantic schema is the only validator: the
draft is checked with ``StandardsPackage.model_validate`` and each error is shown next to the
field (or the table cell) its location names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    Qt,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..common.times import BEIJING
from ..standards.schema import StandardsPackage

Path = tuple[str | int, ...]
CTX = "PackageForm"

SECTIONS = {
    "identity": QT_TRANSLATE_NOOP("PackageForm", "统一标识"),
    "service": QT_TRANSLATE_NOOP("PackageForm", "统一服务"),
    "staffing": QT_TRANSLATE_NOOP("PackageForm", "统一人员配备"),
    "management": QT_TRANSLATE_NOOP("PackageForm", "统一管理体系"),
    "standards": QT_TRANSLATE_NOOP("PackageForm", "统一标准"),
}

# field names in words; unknown keys are shown as they are (tooltips always show the key)
LABELS = {
    "district_code": QT_TRANSLATE_NOOP("PackageForm", "区代码"),
    "district_name": QT_TRANSLATE_NOOP("PackageForm", "区馆名称"),
    "point_name_pattern": QT_TRANSLATE_NOOP("PackageForm", "服务点命名规则"),
    "logo": QT_TRANSLATE_NOOP("PackageForm", "标志"),
    "primary_color": QT_TRANSLATE_NOOP("PackageForm", "主色"),
    "accent_color": QT_TRANSLATE_NOOP("PackageForm", "辅色"),
    "receipt_header": QT_TRANSLATE_NOOP("PackageForm", "凭条抬头"),
    "receipt_footer": QT_TRANSLATE_NOOP("PackageForm", "凭条落款"),
    "card_barcode_pattern": QT_TRANSLATE_NOOP("PackageForm", "读者证号格式"),
    "item_barcode_pattern": QT_TRANSLATE_NOOP("PackageForm", "图书条码格式"),
    "reader_types": QT_TRANSLATE_NOOP("PackageForm", "读者类型"),
    "material_types": QT_TRANSLATE_NOOP("PackageForm", "资料类型"),
    "loan_rules": QT_TRANSLATE_NOOP("PackageForm", "借阅规则"),
    "reader_quotas": QT_TRANSLATE_NOOP("PackageForm", "读者总借阅量"),
    "overdue": QT_TRANSLATE_NOOP("PackageForm", "逾期规则"),
    "closed_dates": QT_TRANSLATE_NOOP("PackageForm", "闭馆日期"),
    "opening_hours": QT_TRANSLATE_NOOP("PackageForm", "开放时间"),
    "required_services": QT_TRANSLATE_NOOP("PackageForm", "必备服务"),
    "return_anywhere": QT_TRANSLATE_NOOP("PackageForm", "通借通还"),
    "overridable": QT_TRANSLATE_NOOP("PackageForm", "可越权办理"),
    "local_stricter_allowed": QT_TRANSLATE_NOOP("PackageForm", "允许服务点从严"),
    "min_on_duty": QT_TRANSLATE_NOOP("PackageForm", "最少在岗人数"),
    "roles": QT_TRANSLATE_NOOP("PackageForm", "岗位"),
    "training_required": QT_TRANSLATE_NOOP("PackageForm", "必修培训"),
    "reports": QT_TRANSLATE_NOOP("PackageForm", "必报报表"),
    "report_schedule": QT_TRANSLATE_NOOP("PackageForm", "报送周期"),
    "loan_history_retention_days": QT_TRANSLATE_NOOP("PackageForm", "借阅记录保留天数"),
    "audit_retention_days": QT_TRANSLATE_NOOP("PackageForm", "审计记录保留天数"),
    "clc_edition": QT_TRANSLATE_NOOP("PackageForm", "中图法版次"),
    "call_number_pattern": QT_TRANSLATE_NOOP("PackageForm", "索书号格式"),
    "cnmarc_required_fields": QT_TRANSLATE_NOOP("PackageForm", "CNMARC 必备字段"),
    "kpi_targets": QT_TRANSLATE_NOOP("PackageForm", "考核指标"),
    "trusted_keys": QT_TRANSLATE_NOOP("PackageForm", "信任的区馆密钥"),
    "version": QT_TRANSLATE_NOOP("PackageForm", "版本号"),
    "title": QT_TRANSLATE_NOOP("PackageForm", "标题"),
    "effective_from": QT_TRANSLATE_NOOP("PackageForm", "生效时间"),
    "reader_type": QT_TRANSLATE_NOOP("PackageForm", "读者类型"),
    "material_type": QT_TRANSLATE_NOOP("PackageForm", "资料类型"),
    "quota": QT_TRANSLATE_NOOP("PackageForm", "可借册数"),
    "loan_days": QT_TRANSLATE_NOOP("PackageForm", "借期（天）"),
    "renewals": QT_TRANSLATE_NOOP("PackageForm", "续借次数"),
    "renewal_days": QT_TRANSLATE_NOOP("PackageForm", "续借天数"),
    "total_quota": QT_TRANSLATE_NOOP("PackageForm", "总册数"),
    "code": QT_TRANSLATE_NOOP("PackageForm", "代码"),
    "name_zh": QT_TRANSLATE_NOOP("PackageForm", "中文名"),
    "name_en": QT_TRANSLATE_NOOP("PackageForm", "英文名"),
    "max_age": QT_TRANSLATE_NOOP("PackageForm", "最大年龄"),
    "min_age": QT_TRANSLATE_NOOP("PackageForm", "最小年龄"),
    "card_valid_years": QT_TRANSLATE_NOOP("PackageForm", "证件有效年数"),
    "loanable": QT_TRANSLATE_NOOP("PackageForm", "可外借"),
    "charge_fees": QT_TRANSLATE_NOOP("PackageForm", "收取逾期费"),
    "grace_days": QT_TRANSLATE_NOOP("PackageForm", "宽限天数"),
    "tolerance_items": QT_TRANSLATE_NOOP("PackageForm", "允许逾期册数"),
    "fee_per_day_cents": QT_TRANSLATE_NOOP("PackageForm", "每日逾期费（分）"),
    "fee_cap_cents": QT_TRANSLATE_NOOP("PackageForm", "逾期费上限（分）"),
    "level": QT_TRANSLATE_NOOP("PackageForm", "服务点级别"),
    "week": QT_TRANSLATE_NOOP("PackageForm", "每周时段"),
    "min_weekly_hours": QT_TRANSLATE_NOOP("PackageForm", "每周最少小时"),
    "weekend_open": QT_TRANSLATE_NOOP("PackageForm", "周末开放"),
    "evening_extended": QT_TRANSLATE_NOOP("PackageForm", "延时开放"),
    "holdings_per_capita": QT_TRANSLATE_NOOP("PackageForm", "人均藏书量"),
    "new_acquisitions_per_year": QT_TRANSLATE_NOOP("PackageForm", "年新增藏量"),
    "annual_circulation": QT_TRANSLATE_NOOP("PackageForm", "年流通次数"),
    "visits_per_capita": QT_TRANSLATE_NOOP("PackageForm", "人均到馆次数"),
    "weekly_opening_hours": QT_TRANSLATE_NOOP("PackageForm", "每周开放小时"),
    "key": QT_TRANSLATE_NOOP("PackageForm", "键"),
    "value": QT_TRANSLATE_NOOP("PackageForm", "值"),
    "key_id": QT_TRANSLATE_NOOP("PackageForm", "密钥编号"),
    "public_key": QT_TRANSLATE_NOOP("PackageForm", "公钥"),
}

# empty record lists still need their columns
TEMPLATES = {"trusted_keys": ("key_id", "public_key")}

# pydantic error types in words; anything else shows pydantic's own message
ERROR_TYPES = {
    "missing": QT_TRANSLATE_NOOP("PackageForm", "必填"),
    "int_parsing": QT_TRANSLATE_NOOP("PackageForm", "应为整数"),
    "int_type": QT_TRANSLATE_NOOP("PackageForm", "应为整数"),
    "float_parsing": QT_TRANSLATE_NOOP("PackageForm", "应为数字"),
    "float_type": QT_TRANSLATE_NOOP("PackageForm", "应为数字"),
    "bool_parsing": QT_TRANSLATE_NOOP("PackageForm", "应为“是”或“否”"),
    "greater_than_equal": QT_TRANSLATE_NOOP("PackageForm", "应不小于 {ge}"),
    "greater_than": QT_TRANSLATE_NOOP("PackageForm", "应大于 {gt}"),
    "date_from_datetime_parsing": QT_TRANSLATE_NOOP("PackageForm", "日期格式应为 YYYY-MM-DD"),
    "date_parsing": QT_TRANSLATE_NOOP("PackageForm", "日期格式应为 YYYY-MM-DD"),
    "enum": QT_TRANSLATE_NOOP("PackageForm", "可选值：{expected}"),
    "extra_forbidden": QT_TRANSLATE_NOOP("PackageForm", "标准包中没有这一项"),
}


translate = QCoreApplication.translate  # literal form, so lupdate sees the context


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def label(key: str) -> str:
    return tr(LABELS[key]) if key in LABELS else key


def error_text(err: dict[str, Any]) -> str:
    """One pydantic error in the user's language (the schema's own words as a fallback)."""
    kind = str(err.get("type", ""))
    if kind in ERROR_TYPES:
        try:
            return tr(ERROR_TYPES[kind]).format(**(err.get("ctx") or {}))
        except (KeyError, IndexError):
            return tr(ERROR_TYPES[kind])
    msg = str(err.get("msg", ""))
    return msg.removeprefix("Value error, ")


def path_text(path: str) -> str:
    """``service.loan_rules[adult/*].loan_days`` -> 统一服务 › 借阅规则[adult/*] › 借期（天）."""
    out = []
    for i, part in enumerate(path.split(".")):
        key, _, rest = part.partition("[")
        name = tr(SECTIONS[key]) if i == 0 and key in SECTIONS else label(key)
        out.append(name + ("[" + rest if rest else ""))
    return " › ".join(out)


def _short(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return translate("PackageForm", "是") if value else translate("PackageForm", "否")
    return json.dumps(value, ensure_ascii=False)


def _parse_like(text: str, like: Any) -> Any:
    """A typed value from text, typed like the value it replaces; unparsable text is kept as it
    is, so the schema reports it (``应为整数``) rather than the form guessing."""
    text = text.strip()
    if like is None and text == "":
        return None
    if isinstance(like, bool):
        return text
    if isinstance(like, int):
        try:
            return int(text)
        except ValueError:
            return text if text else None
    if isinstance(like, float):
        try:
            return float(text)
        except ValueError:
            return text if text else None
    if isinstance(like, list | dict):
        try:
            return json.loads(text) if text else type(like)()
        except ValueError:
            return text
    if like is None:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


class FieldError(QLabel):
    """The message line under one field; empty and hidden while the field is valid."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("FieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def add_error(self, text: str) -> None:
        """Several errors in one table each get their line."""
        self.show_error(f"{self.text()}\n{text}" if self.text() else text)


class Editor:
    """One editable value at a path of the package."""

    path: Path
    error: FieldError
    widget: QWidget

    def value(self) -> Any:
        raise NotImplementedError

    def clear_error(self) -> None:
        self.error.show_error("")

    def show_error(self, rest: Path, text: str) -> None:
        self.error.show_error(text)


class ScalarEditor(Editor):
    def __init__(self, path: Path, value: Any, changed: Callable[[], None]) -> None:
        self.path, self.like = path, value
        self.widget = self.edit = QLineEdit("" if value is None else str(value))
        self.edit.setObjectName("field:" + ".".join(map(str, path)))
        self.edit.textChanged.connect(changed)
        self.error = FieldError()

    def value(self) -> Any:
        return _parse_like(self.edit.text(), self.like)


class BoolEditor(Editor):
    def __init__(self, path: Path, value: bool, changed: Callable[[], None]) -> None:
        self.path = path
        self.widget = self.box = QCheckBox()
        self.box.setChecked(value)
        self.box.toggled.connect(changed)
        self.error = FieldError()

    def value(self) -> Any:
        return self.box.isChecked()


class ListEditor(Editor):
    """A short list of plain values, comma-separated (fields, roles, dates)."""

    def __init__(self, path: Path, value: list[Any], changed: Callable[[], None]) -> None:
        self.path = path
        self.like = next((v for v in value if v is not None), "")
        self.widget = self.edit = QLineEdit(", ".join(_short(v) for v in value))
        self.edit.setObjectName("field:" + ".".join(map(str, path)))
        self.edit.setPlaceholderText(translate("PackageForm", "多项用逗号分隔"))
        self.edit.textChanged.connect(changed)
        self.error = FieldError()

    def value(self) -> Any:
        parts = [p.strip() for p in self.edit.text().replace("，", ",").split(",")]
        return [_parse_like(p, self.like) for p in parts if p]


class TableEditor(Editor):
    """Records as rows: a list of objects, a mapping of objects (key column first), or a
    mapping of plain values (key, value). Nested values are edited as JSON in their cell."""

    def __init__(
        self,
        path: Path,
        value: Any,
        changed: Callable[[], None],
        columns: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.keyed = isinstance(value, dict)
        rows: list[dict[str, Any]]
        if self.keyed:
            self.plain = not all(isinstance(v, dict) for v in value.values()) or not value
            if self.plain:
                rows = [{"key": k, "value": v} for k, v in value.items()]
            else:
                rows = [{"key": k, **v} for k, v in value.items()]
        else:
            self.plain = False
            rows = list(value)
        cols: list[str] = list(columns)
        for r in rows:
            cols += [k for k in r if k not in cols]
        self.cols = cols
        self.like: dict[str, Any] = {}
        for c in cols:
            vals = [r.get(c) for r in rows]
            self.like[c] = next((v for v in vals if v is not None), None)
        self.table = QTableWidget(0, len(cols))  # F2 edits a cell: see keys.py
        self.table.setObjectName("table:" + ".".join(map(str, path)))
        self.table.setHorizontalHeaderLabels([label(c) for c in cols])
        for i, c in enumerate(cols):
            self.table.horizontalHeaderItem(i).setToolTip(c)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        # spreadsheet keys: typing replaces the cell, F2 edits it, Enter commits
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for r in rows:
            self._add(r)
        self.table.itemChanged.connect(lambda _i: changed())
        self.changed = changed
        add = QPushButton(translate("PackageForm", "添加一行"))
        add.clicked.connect(self.add_row)
        remove = QPushButton(translate("PackageForm", "删除所选行"))
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.widget = QWidget()
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.error = FieldError()
        self._fit()

    def _fit(self) -> None:
        h = self.table.horizontalHeader().height() + 6
        h += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setMinimumHeight(min(max(h, 80), 320))

    def _cell_text(self, col: str, v: Any) -> str:
        if isinstance(v, list) and all(not isinstance(x, dict | list) for x in v):
            return ", ".join(_short(x) for x in v)
        return _short(v)

    def _add(self, row: dict[str, Any]) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        for i, c in enumerate(self.cols):
            v = row.get(c)
            item = QTableWidgetItem()
            if isinstance(self.like[c], bool):
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setCheckState(Qt.CheckState.Checked if v else Qt.CheckState.Unchecked)
            else:
                item.setText(self._cell_text(c, v))
            self.table.setItem(n, i, item)

    def add_row(self) -> None:
        self._add({})
        self._fit()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))
        self.changed()

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        self._fit()
        self.changed()

    def _cell(self, r: int, i: int) -> Any:
        c = self.cols[i]
        item = self.table.item(r, i)
        like = self.like[c]
        if isinstance(like, bool):
            return item is not None and item.checkState() == Qt.CheckState.Checked
        text = item.text() if item is not None else ""
        if isinstance(like, list) and not text.strip().startswith("["):
            inner = next((x for x in like if x is not None), "")
            return [_parse_like(p, inner) for p in text.replace("，", ",").split(",") if p.strip()]
        return _parse_like(text, like)

    def value(self) -> Any:
        rows = []
        for r in range(self.table.rowCount()):
            rec = {}
            for i, c in enumerate(self.cols):
                v = self._cell(r, i)
                if v is None and self.like[c] is None:
                    continue  # an optional value left empty: the schema's default
                rec[c] = v
            rows.append(rec)
        if not self.keyed:
            return rows
        if self.plain:
            return {str(r.get("key", "")): r.get("value") for r in rows}
        return {str(r.pop("key", "")): r for r in rows}

    def clear_error(self) -> None:
        super().clear_error()
        for r in range(self.table.rowCount()):
            for i in range(len(self.cols)):
                item = self.table.item(r, i)
                if item is not None and item.background().color() == QColor("#f9d6d2"):
                    item.setBackground(QColor(0, 0, 0, 0))

    def show_error(self, rest: Path, text: str) -> None:
        """``rest``: (row index or key, column) under this table, as pydantic located it."""
        row: int | None = None
        where = ""
        if rest:
            head = rest[0]
            if isinstance(head, int):
                row = head
            else:
                keys = [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
                row = keys.index(str(head)) if str(head) in keys else None
            col = str(rest[1]) if len(rest) > 1 and not self.plain else "value"
            if row is not None and 0 <= row < self.table.rowCount():
                i = self.cols.index(col) if col in self.cols else -1
                where = translate("PackageForm", "第 {n} 行").format(n=row + 1)
                if i >= 0:
                    item = self.table.item(row, i)
                    if item is not None:
                        item.setBackground(QColor("#f9d6d2"))
                    where += " · " + label(col)
        self.error.add_error(
            translate("PackageForm", "{where}：{text}").format(where=where, text=text)
            if where
            else text
        )


class PackageForm(QWidget):
    """A draft package: edit, then :meth:`validate` -> the package or the errors shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[Editor] = []
        self.section_errors: dict[str, FieldError] = {}
        self.base: dict[str, Any] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("PackageSections")
        self.top_error = FieldError()
        self.version = QSpinBox()
        self.version.setObjectName("DraftVersion")
        self.version.setRange(1, 1_000_000)
        self.title = QLineEdit()
        self.title.setObjectName("DraftTitle")
        self.effective = QDateTimeEdit()
        self.effective.setObjectName("DraftEffective")
        self.effective.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.effective.setCalendarPopup(True)
        self.effective.setTimeZone(_beijing_zone())
        self.version_error, self.title_error, self.effective_error = (
            FieldError(),
            FieldError(),
            FieldError(),
        )
        head = QFormLayout()
        head.addRow(translate("PackageForm", "版本号"), _with(self.version, self.version_error))
        head.addRow(translate("PackageForm", "标题"), _with(self.title, self.title_error))
        head.addRow(
            translate("PackageForm", "生效时间（北京时间）"),
            _with(self.effective, self.effective_error),
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(self.top_error)
        lay.addWidget(self.tabs, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.changed.emit)
        for w in (
            self.title.textChanged,
            self.version.valueChanged,
            self.effective.dateTimeChanged,
        ):
            w.connect(lambda *_: self._debounce.start())

    # --- building ---------------------------------------------------------------------------
    def load(self, package: dict[str, Any], next_version: int) -> None:
        """Start a draft from ``package`` (the newest published one), as ``next_version``."""
        self.base = json.loads(json.dumps(package))
        self.editors.clear()
        self.section_errors.clear()
        self.tabs.clear()
        self.version.setValue(next_version)
        self.title.setText(str(package.get("title", "")))
        start = (datetime.now(BEIJING) + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.effective.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp())))
        for key, name in SECTIONS.items():
            self.tabs.addTab(self._section(key, package.get(key, {})), tr(name))
        keys = self._section("trusted_keys", {"trusted_keys": package.get("trusted_keys", [])})
        self.tabs.addTab(keys, translate("PackageForm", "密钥轮换"))

    def _section(self, key: str, data: dict[str, Any]) -> QWidget:
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        err = FieldError()
        self.section_errors[key] = err
        form.addRow(err)
        base: Path = () if key == "trusted_keys" else (key,)
        self._fields(form, base, data)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setObjectName("section:" + key)
        return scroll

    def _fields(self, form: QFormLayout, base: Path, data: dict[str, Any]) -> None:
        def changed() -> None:
            self._debounce.start()

        for k, v in data.items():
            path = (*base, k)
            ed: Editor
            if k in TEMPLATES and not v:
                ed = TableEditor(path, v, changed, columns=TEMPLATES[k])
            elif (
                isinstance(v, dict)
                and v
                and not _records(v)
                and (
                    any(isinstance(x, dict) for x in v.values())
                    or len({type(x) for x in v.values()}) > 1  # fields of several kinds
                )
            ):
                # a nested object (the overdue policy, the kiosk rules): its fields, each with
                # its own editor; a mapping of one kind of value (fees by reader type) is a table
                box = QGroupBox(label(k))
                box.setToolTip(k)
                self._fields(QFormLayout(box), path, v)
                form.addRow(box)
                continue
            elif isinstance(v, dict) or (isinstance(v, list) and v and _records(v)):
                ed = TableEditor(path, v, changed)
            elif isinstance(v, list):
                ed = ListEditor(path, v, changed)
            elif isinstance(v, bool):
                ed = BoolEditor(path, v, changed)
            else:
                ed = ScalarEditor(path, v, changed)
            self.editors.append(ed)
            name = QLabel(label(k))
            name.setToolTip(k)
            form.addRow(name, _with(ed.widget, ed.error))

    # --- reading and checking ---------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        out = json.loads(json.dumps(self.base))
        out["version"] = self.version.value()
        out["title"] = self.title.text().strip()
        eff = datetime.fromtimestamp(self.effective.dateTime().toSecsSinceEpoch(), BEIJING)
        out["effective_from"] = eff.isoformat()
        out["issued_at"] = datetime.now(BEIJING).isoformat(timespec="seconds")
        for ed in self.editors:
            target = out
            for p in ed.path[:-1]:
                target = target[p]
            target[ed.path[-1]] = ed.value()
        return out

    def validate(self) -> StandardsPackage | None:
        """The draft as a package, or None with every error shown beside its field."""
        for ed in self.editors:
            ed.clear_error()
        for e in (*self.section_errors.values(), self.top_error):
            e.show_error("")
        for e in (self.version_error, self.title_error, self.effective_error):
            e.show_error("")
        try:
            return StandardsPackage.model_validate(self.data())
        except ValidationError as exc:
            self.errors = list(exc.errors())
        for err in self.errors:
            loc: Path = tuple(err.get("loc", ()))
            text = error_text(dict(err))
            ed = self._editor_for(loc)
            if ed is not None:
                ed.show_error(loc[len(ed.path) :], text)
            elif loc and loc[0] in ("version", "title", "effective_from"):
                {"version": self.version_error, "title": self.title_error}.get(
                    str(loc[0]), self.effective_error
                ).show_error(text)
            elif loc and str(loc[0]) in self.section_errors:
                where = path_text(".".join(str(p) for p in loc))
                self.section_errors[str(loc[0])].add_error(f"{where}：{text}")
            else:
                self.top_error.add_error(text)
        first = tuple(self.errors[0].get("loc", ()))
        if first and str(first[0]) in SECTIONS:
            self.tabs.setCurrentIndex(list(SECTIONS).index(str(first[0])))
            scroll = self.tabs.currentWidget()
            ed = self._editor_for(first)
            if ed is not None and isinstance(scroll, QScrollArea):  # bring the message into view
                QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(ed.error, 50, 150))
        return None

    def _editor_for(self, loc: Path) -> Editor | None:
        best: Editor | None = None
        for ed in self.editors:
            n = len(ed.path)
            if loc[:n] == ed.path and (best is None or n > len(best.path)):
                best = ed
        return best

    def error_count(self) -> int:
        return len(getattr(self, "errors", []))

    def editor(self, *path: str | int) -> Editor:
        """The editor of one field (tests and tools)."""
        return next(e for e in self.editors if e.path == path)


def _records(v: Any) -> bool:
    if isinstance(v, list):
        return all(isinstance(x, dict) for x in v)
    if isinstance(v, dict):
        return bool(v) and all(isinstance(x, dict) for x in v.values())
    return False


def _with(field: QWidget, error: QLabel) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(field)
    lay.addWidget(error)
    return box


def _beijing_zone() -> Any:
    return QTimeZone(8 * 3600)
