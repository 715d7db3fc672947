"""同步 Sync: what is waiting, what the hub refused and why, the exception queue, and the rows
from the hub this desk could not take.

"Sync now" runs ``SyncEngine.run_once`` on the background pool with progress and cancel. The
exception queue shows the context the hub sent, in words first and the raw facts below, and each
decision (accept / correct / escalate) is written as an ``exception.resolved`` event. Rows from
the hub that failed the protocol's types or could not be applied (``sync/refusals.py``) are
listed for staff and support; the rest of the feed synced, and an upgraded desk tries them again.
The page tells the engine the window's language, so its ``last_error`` (here and on the status
bar) reads in it.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..services import syncview
from ..services.syncview import ExceptionView, HoldNote
from ..sync import refusals
from .context import UiContext
from .holds import STATES as HOLD_STATES
from .ops import OpHandle
from .statusinfo import engine_status
from .widgets import Banner, ReasonDialog, Table, beijing_time

EVENT_TYPES = {
    "point.initialised": QT_TRANSLATE_NOOP("SyncPage", "服务点初始化"),
    "staff.added": QT_TRANSLATE_NOOP("SyncPage", "新增工作人员"),
    "reader.registered": QT_TRANSLATE_NOOP("SyncPage", "读者登记"),
    "reader.updated": QT_TRANSLATE_NOOP("SyncPage", "修改读者"),
    "reader.blocked": QT_TRANSLATE_NOOP("SyncPage", "停用读者证"),
    "reader.unblocked": QT_TRANSLATE_NOOP("SyncPage", "恢复读者证"),
    "reader.card_renewed": QT_TRANSLATE_NOOP("SyncPage", "续证"),
    "title.added": QT_TRANSLATE_NOOP("SyncPage", "新增书目"),
    "item.added": QT_TRANSLATE_NOOP("SyncPage", "新增单册"),
    "loan.checked_out": QT_TRANSLATE_NOOP("SyncPage", "借出"),
    "loan.checked_in": QT_TRANSLATE_NOOP("SyncPage", "归还"),
    "loan.renewed": QT_TRANSLATE_NOOP("SyncPage", "续借"),
    "visits.recorded": QT_TRANSLATE_NOOP("SyncPage", "到馆人次"),
    "standards.activated": QT_TRANSLATE_NOOP("SyncPage", "启用标准包"),
    "exception.resolved": QT_TRANSLATE_NOOP("SyncPage", "处理异常"),
    "title.updated": QT_TRANSLATE_NOOP("SyncPage", "修改书目"),
    "item.status_changed": QT_TRANSLATE_NOOP("SyncPage", "单册状态变更"),
    "transfer.created": QT_TRANSLATE_NOOP("SyncPage", "新建调拨"),
    "inventory.finished": QT_TRANSLATE_NOOP("SyncPage", "完成盘点"),
    "shipment.dispatched": QT_TRANSLATE_NOOP("SyncPage", "发出配送单"),
    "shipment.received": QT_TRANSLATE_NOOP("SyncPage", "接收配送单"),
    "duty.started": QT_TRANSLATE_NOOP("SyncPage", "上岗"),
    "duty.ended": QT_TRANSLATE_NOOP("SyncPage", "离岗"),
    "services.confirmed": QT_TRANSLATE_NOOP("SyncPage", "确认必备服务"),
    "retention.applied": QT_TRANSLATE_NOOP("SyncPage", "匿名化到期记录"),
}

EXCEPTION_KINDS = {
    "double_loan": QT_TRANSLATE_NOOP(
        "SyncPage", "同一本书在两处被借出：中心已关闭较早的借阅，请核对书在谁手里。"
    ),
    "reader_blocked_at_hub": QT_TRANSLATE_NOOP(
        "SyncPage", "借书时该读者已在中心被停用：借阅已保留，请联系读者处理停用原因。"
    ),
    "renewal_limit_exceeded": QT_TRANSLATE_NOOP(
        "SyncPage", "续借次数超过上限（离线期间在多处续借）：请联系读者按时归还。"
    ),
    "clock_ahead": QT_TRANSLATE_NOOP("SyncPage", "本机时钟比中心快：请校准本机时间。"),
    "clock_drift": QT_TRANSLATE_NOOP("SyncPage", "本机时钟与中心相差较大：请校准本机时间。"),
    "unknown_standards_version": QT_TRANSLATE_NOOP(
        "SyncPage", "事件使用了中心不认识的标准包版本：请联系区馆管理员。"
    ),
    "rejected": QT_TRANSLATE_NOOP(
        "SyncPage", "中心拒绝了本机的一条记录：请查看原因，更正后在本机重新办理。"
    ),
    "seq_reused": QT_TRANSLATE_NOOP(
        "SyncPage",
        "本机的记录编号与已上传的重复（多因恢复了旧备份）：请立即同步，本机会自动重新编号后上传。",
    ),
    "shipment_missing": QT_TRANSLATE_NOOP(
        "SyncPage", "配送箱里少了这本书：已标为丢失（最后在发出方），请核对装箱单。"
    ),
    "shipment_extra": QT_TRANSLATE_NOOP(
        "SyncPage", "配送箱里多了这本书：已记在接收服务点，请决定它的归属。"
    ),
    "shipment_damaged": QT_TRANSLATE_NOOP(
        "SyncPage", "这本书到达时已损坏：已按损坏接收，请修补或剔除。"
    ),
    "fee_settled_twice": QT_TRANSLATE_NOOP(
        "SyncPage", "同一笔费用在两处结清：中心保留第一次，请退还或说明第二次。"
    ),
    "unknown_copy_returned": QT_TRANSLATE_NOOP(
        "SyncPage", "还回的书全区都没有记录：请单独存放，按书上馆藏章联系所属图书馆，或编目入藏。"
    ),
    "hold_duplicate": QT_TRANSLATE_NOOP(
        "SyncPage", "读者对同一种书预约了两次：中心保留第一条，第二条未受理。"
    ),
    "hold_limit": QT_TRANSLATE_NOOP(
        "SyncPage", "预约到达中心时读者已超过预约上限：这条预约未受理，请告知读者。"
    ),
    "hold_copy_unavailable": QT_TRANSLATE_NOOP(
        "SyncPage", "指定单册的预约未受理：这本书已不再流通，请帮读者改约同种书。"
    ),
    "hold_double_capture": QT_TRANSLATE_NOOP(
        "SyncPage", "这条预约已有别处留出的书：这本照常上架，不必送往取书点。"
    ),
    "hold_copy_claimed": QT_TRANSLATE_NOOP(
        "SyncPage", "同一本书被两处留给了两条预约：书归第一条预约，另一条等待其他复本。"
    ),
    "hold_reader_unable": QT_TRANSLATE_NOOP(
        "SyncPage", "预约读者的证已停用或过期：预约暂不配书，读者证恢复后再继续。"
    ),
}

#: why the hub refused one event (``rejected`` exceptions carry the code): the authority table
#: and the push handlers' refusals, in docs/sync-protocol.md
REJECTION_CODES = {
    "wrong_point": QT_TRANSLATE_NOOP("SyncPage", "记录写的服务点不是本机所属服务点"),
    "not_home_point": QT_TRANSLATE_NOOP(
        "SyncPage", "读者资料、状态和有效期只能由读者的注册服务点修改"
    ),
    "not_lending_point": QT_TRANSLATE_NOOP("SyncPage", "只有借出服务点或读者注册服务点可以续借"),
    "not_holding_point": QT_TRANSLATE_NOOP(
        "SyncPage", "这本书不属于本服务点，也不在本服务点，不能由本机调拨、装箱或改状态"
    ),
    "duplicate_card": QT_TRANSLATE_NOOP("SyncPage", "该读者证号已在其他服务点注册"),
    "duplicate_item": QT_TRANSLATE_NOOP("SyncPage", "该图书条码已在其他服务点登记"),
    "unknown_shipment": QT_TRANSLATE_NOOP("SyncPage", "中心没有这个配送单"),
    "unknown_exception": QT_TRANSLATE_NOOP("SyncPage", "中心没有这条异常，或它与本服务点无关"),
    "unknown_loan": QT_TRANSLATE_NOOP("SyncPage", "中心没有这笔借阅"),
    "loan_returned": QT_TRANSLATE_NOOP("SyncPage", "这笔借阅已经归还"),
    "bad_payload": QT_TRANSLATE_NOOP("SyncPage", "记录内容不符合数据格式"),
    "unknown_type": QT_TRANSLATE_NOOP("SyncPage", "中心不认识这种记录，请升级程序"),
    "seq_reused": QT_TRANSLATE_NOOP("SyncPage", "记录编号已被使用"),
    "hub_error": QT_TRANSLATE_NOOP("SyncPage", "中心处理出错，请联系区馆"),
    "unknown_fee": QT_TRANSLATE_NOOP("SyncPage", "中心没有这笔费用"),
    "not_fee_point": QT_TRANSLATE_NOOP(
        "SyncPage", "费用只能由产生它的服务点或读者注册服务点收取或减免"
    ),
    "unknown_hold": QT_TRANSLATE_NOOP("SyncPage", "中心没有这条预约"),
    "not_hold_point": QT_TRANSLATE_NOOP("SyncPage", "只有预约涉及的服务点可以处理这条预约"),
    "not_pickup_point": QT_TRANSLATE_NOOP("SyncPage", "只有取书服务点可以上架或借出这条预约"),
    "unknown_activity": QT_TRANSLATE_NOOP("SyncPage", "中心没有这个活动，或它不是本服务点举办的"),
    "unknown_series": QT_TRANSLATE_NOOP("SyncPage", "活动系列不在区级活动目录中"),
    "unknown_target_group": QT_TRANSLATE_NOOP("SyncPage", "服务对象不在区级活动目录中"),
}

#: feed-row kinds (``protocol.feed``), as the refused-rows list names them
FEED_KINDS = {
    "point": QT_TRANSLATE_NOOP("SyncPage", "服务点"),
    "title": QT_TRANSLATE_NOOP("SyncPage", "书目"),
    "item": QT_TRANSLATE_NOOP("SyncPage", "单册"),
    "reader": QT_TRANSLATE_NOOP("SyncPage", "读者"),
    "reader_index": QT_TRANSLATE_NOOP("SyncPage", "全区读者索引"),
    "loan": QT_TRANSLATE_NOOP("SyncPage", "借阅"),
    "transfer": QT_TRANSLATE_NOOP("SyncPage", "调拨"),
    "exception": QT_TRANSLATE_NOOP("SyncPage", "异常"),
    "standards": QT_TRANSLATE_NOOP("SyncPage", "标准包"),
    "shipment": QT_TRANSLATE_NOOP("SyncPage", "配送单"),
    "activity": QT_TRANSLATE_NOOP("SyncPage", "活动"),
    "hold": QT_TRANSLATE_NOOP("SyncPage", "预约"),
    "fee": QT_TRANSLATE_NOOP("SyncPage", "费用"),
}

#: why a feed row was refused (``sync.refusals``)
REFUSAL_REASONS = {
    refusals.INVALID: QT_TRANSLATE_NOOP("SyncPage", "数据格式不符"),
    refusals.APPLY_FAILED: QT_TRANSLATE_NOOP("SyncPage", "本机无法应用"),
}

RESOLUTIONS = {
    "accept": QT_TRANSLATE_NOOP("SyncPage", "接受"),
    "correct": QT_TRANSLATE_NOOP("SyncPage", "已更正"),
    "escalate": QT_TRANSLATE_NOOP("SyncPage", "上报区馆"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncPage", text)


KIND_SHORT = {
    "double_loan": QT_TRANSLATE_NOOP("SyncPage", "重复借出"),
    "reader_blocked_at_hub": QT_TRANSLATE_NOOP("SyncPage", "借给已停用读者"),
    "renewal_limit_exceeded": QT_TRANSLATE_NOOP("SyncPage", "续借超限"),
    "clock_ahead": QT_TRANSLATE_NOOP("SyncPage", "时钟超前"),
    "clock_drift": QT_TRANSLATE_NOOP("SyncPage", "时钟偏差"),
    "unknown_standards_version": QT_TRANSLATE_NOOP("SyncPage", "标准包版本未知"),
    "rejected": QT_TRANSLATE_NOOP("SyncPage", "记录被拒绝"),
    "seq_reused": QT_TRANSLATE_NOOP("SyncPage", "记录编号重复"),
    "shipment_missing": QT_TRANSLATE_NOOP("SyncPage", "配送缺书"),
    "shipment_extra": QT_TRANSLATE_NOOP("SyncPage", "配送多书"),
    "shipment_damaged": QT_TRANSLATE_NOOP("SyncPage", "配送破损"),
    "fee_settled_twice": QT_TRANSLATE_NOOP("SyncPage", "费用重复结清"),
    "unknown_copy_returned": QT_TRANSLATE_NOOP("SyncPage", "还回未知图书"),
    "hold_duplicate": QT_TRANSLATE_NOOP("SyncPage", "重复预约"),
    "hold_limit": QT_TRANSLATE_NOOP("SyncPage", "预约超限"),
    "hold_copy_unavailable": QT_TRANSLATE_NOOP("SyncPage", "预约单册不可借"),
    "hold_double_capture": QT_TRANSLATE_NOOP("SyncPage", "预约重复留书"),
    "hold_copy_claimed": QT_TRANSLATE_NOOP("SyncPage", "一书两约"),
    "hold_reader_unable": QT_TRANSLATE_NOOP("SyncPage", "预约读者证不可用"),
}

# the hub's context keys, in words for the desk; unknown keys are shown as sent
CONTEXT_KEYS = {
    "item": QT_TRANSLATE_NOOP("SyncPage", "图书条码"),
    "reader": QT_TRANSLATE_NOOP("SyncPage", "读者证"),
    "card_no": QT_TRANSLATE_NOOP("SyncPage", "读者证"),
    "block_reason": QT_TRANSLATE_NOOP("SyncPage", "停用原因"),
    "loan": QT_TRANSLATE_NOOP("SyncPage", "借阅"),
    "closed_loan": QT_TRANSLATE_NOOP("SyncPage", "被关闭的借阅"),
    "open_loan": QT_TRANSLATE_NOOP("SyncPage", "保留的借阅"),
    "point": QT_TRANSLATE_NOOP("SyncPage", "服务点"),
    "code": QT_TRANSLATE_NOOP("SyncPage", "原因代码"),
    "type": QT_TRANSLATE_NOOP("SyncPage", "操作"),
    "payload": QT_TRANSLATE_NOOP("SyncPage", "记录内容"),
    "staff": QT_TRANSLATE_NOOP("SyncPage", "工号"),
    "event_id": QT_TRANSLATE_NOOP("SyncPage", "事件编号"),
    "device_id": QT_TRANSLATE_NOOP("SyncPage", "设备编号"),
    "due_date": QT_TRANSLATE_NOOP("SyncPage", "应还日期"),
    "checked_out_at": QT_TRANSLATE_NOOP("SyncPage", "借出时间"),
    "event_wall_time": QT_TRANSLATE_NOOP("SyncPage", "事件时间"),
    "points": QT_TRANSLATE_NOOP("SyncPage", "相关服务点"),
    "fields": QT_TRANSLATE_NOOP("SyncPage", "修改的字段"),
    "name": QT_TRANSLATE_NOOP("SyncPage", "姓名"),
    "phone": QT_TRANSLATE_NOOP("SyncPage", "电话"),
    "address": QT_TRANSLATE_NOOP("SyncPage", "地址"),
    "reason": QT_TRANSLATE_NOOP("SyncPage", "原因"),
    "expires_on": QT_TRANSLATE_NOOP("SyncPage", "有效期至"),
    "barcode": QT_TRANSLATE_NOOP("SyncPage", "图书条码"),
    "loan_uid": QT_TRANSLATE_NOOP("SyncPage", "借阅"),
    "returned_at": QT_TRANSLATE_NOOP("SyncPage", "归还时间"),
    "seq": QT_TRANSLATE_NOOP("SyncPage", "记录编号"),
    "seq_held_by": QT_TRANSLATE_NOOP("SyncPage", "占用该编号的记录"),
    "highest_seq": QT_TRANSLATE_NOOP("SyncPage", "中心已收到的最大编号"),
    "first_event": QT_TRANSLATE_NOOP("SyncPage", "首条记录"),
    "shipment": QT_TRANSLATE_NOOP("SyncPage", "配送单"),
    "hold": QT_TRANSLATE_NOOP("SyncPage", "预约"),
    "first_hold": QT_TRANSLATE_NOOP("SyncPage", "保留的预约"),
    "kept": QT_TRANSLATE_NOOP("SyncPage", "保留的图书"),
    "kept_for": QT_TRANSLATE_NOOP("SyncPage", "图书归属的预约"),
    "pickup_point": QT_TRANSLATE_NOOP("SyncPage", "取书服务点"),
    "reader_status": QT_TRANSLATE_NOOP("SyncPage", "读者证状态"),
    "status": QT_TRANSLATE_NOOP("SyncPage", "状态"),
    "limit": QT_TRANSLATE_NOOP("SyncPage", "上限"),
    "count": QT_TRANSLATE_NOOP("SyncPage", "已有数量"),
    "fee": QT_TRANSLATE_NOOP("SyncPage", "费用"),
    "amount_cents": QT_TRANSLATE_NOOP("SyncPage", "金额（分）"),
    "first": QT_TRANSLATE_NOOP("SyncPage", "第一次"),
    "second": QT_TRANSLATE_NOOP("SyncPage", "第二次"),
}


class SyncPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.exceptions: list[ExceptionView] = []
        self._sync_op: OpHandle | None = None
        self._load_op: OpHandle | None = None
        self.summary = QLabel()
        self.summary.setObjectName("SyncSummary")
        self.summary.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("立即同步 (F5)"))
        self.sync_button.setObjectName("SyncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = Banner()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.progress)
        top.addWidget(self.sync_button)
        top.addWidget(self.cancel_button)

        self.tabs = QTabWidget()
        self.pending_table = Table(
            [self.tr("序号"), self.tr("时间"), self.tr("操作"), self.tr("对象"), self.tr("工号")]
        )
        self.failed_table = Table(
            [
                self.tr("序号"),
                self.tr("时间"),
                self.tr("操作"),
                self.tr("对象"),
                self.tr("工号"),
                self.tr("中心给出的原因"),
            ]
        )
        self.refused_table = Table(
            [
                self.tr("首次发现"),
                self.tr("最近一次"),
                self.tr("数据类型"),
                self.tr("对象"),
                self.tr("原因"),
                self.tr("详情"),
            ]
        )
        self.refused_table.setObjectName("RefusedRowsTable")
        self.refused_note = QLabel(
            self.tr(
                "以下数据来自区馆中心，但本机无法接收，已跳过并记录；其余数据照常同步。"
                "升级本程序后会自动重试；如长期存在，请把这些记录告知技术支持。"
            )
        )
        self.refused_note.setWordWrap(True)
        refused_box = QWidget()
        rb = QVBoxLayout(refused_box)
        rb.setContentsMargins(0, 0, 0, 0)
        rb.addWidget(self.refused_note)
        rb.addWidget(self.refused_table, 1)
        self.exc_table = Table([self.tr("时间"), self.tr("类型"), self.tr("说明")])
        self.exc_table.setObjectName("ExceptionsTable")
        self.exc_table.itemSelectionChanged.connect(self._exc_selected)
        self.exc_detail = QTextBrowser()
        self.exc_detail.setObjectName("ExceptionDetail")
        self.accept_button = QPushButton(self.tr("接受"))
        self.correct_button = QPushButton(self.tr("已更正…"))
        self.escalate_button = QPushButton(self.tr("上报区馆…"))
        self.accept_button.setObjectName("ResolveAccept")
        self.accept_button.clicked.connect(lambda: self.resolve("accept"))
        self.correct_button.clicked.connect(lambda: self.resolve("correct"))
        self.escalate_button.clicked.connect(lambda: self.resolve("escalate"))
        exc_buttons = QHBoxLayout()
        for b in (self.accept_button, self.correct_button, self.escalate_button):
            exc_buttons.addWidget(b)
        exc_buttons.addStretch(1)
        exc_right = QWidget()
        er = QVBoxLayout(exc_right)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(self.exc_detail, 1)
        er.addLayout(exc_buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.exc_table)
        split.addWidget(exc_right)
        split.setSizes([500, 500])
        self.tabs.addTab(self.pending_table, self.tr("待同步"))
        self.tabs.addTab(self.failed_table, self.tr("失败"))
        self.tabs.addTab(split, self.tr("异常"))
        self.tabs.addTab(refused_box, self.tr("无法接收的数据"))
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(self.tabs, 1)
        self._update_buttons()
        ctx.data_changed.connect(lambda what: self.isVisible() and self.reload())
        if ctx.sync_engine is not None and hasattr(ctx.sync_engine, "locale"):
            ctx.sync_engine.locale = ctx.lang  # its last_error, in the window's language

    def activated(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.tabs.setFocus()

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        desk, actor, engine = self.ctx.desk, self.ctx.actor, self.ctx.sync_engine

        def load() -> tuple[Any, ...]:
            return (
                desk.read(syncview.pending, actor),
                desk.read(syncview.failed, actor),
                desk.read(syncview.exceptions, actor),
                engine_status(engine),
                desk.read(syncview.counts, actor),
                desk.read(refusals.refused_rows, actor),
            )

        op = self.ctx.ops.background("sync_view", load)
        self._load_op = op
        op.finished.connect(lambda res, op=op: self._loaded(op, res))
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _event_name(self, t: str) -> str:
        return self.tr(EVENT_TYPES[t]) if t in EVENT_TYPES else t

    def _loaded(self, op: OpHandle, res: Any) -> None:
        if op is not self._load_op:
            return
        pending, failed, exceptions, st, counts, refused = res
        self.pending_table.set_rows(
            [
                [e.seq, beijing_time(e.wall_time), self._event_name(e.type), e.target, e.staff_code]
                for e in pending
            ]
        )
        self.failed_table.set_rows(
            [
                [
                    e.seq,
                    beijing_time(e.wall_time),
                    self._event_name(e.type),
                    e.target,
                    e.staff_code,
                    e.result_code or "",
                ]
                for e in failed
            ]
        )
        self.exceptions = list(exceptions)
        self.exc_table.set_rows(
            [
                [beijing_time(x.created_at), self._kind_short(x.kind), self._kind_text(x.kind)]
                for x in exceptions
            ]
        )
        self.tabs.setTabText(0, self.tr("待同步 ({n})").format(n=counts["pending"]))
        self.tabs.setTabText(1, self.tr("失败 ({n})").format(n=len(failed)))
        self.tabs.setTabText(2, self.tr("异常 ({n})").format(n=len(exceptions)))
        self.refused_table.set_rows(
            [
                [
                    beijing_time(r.first_seen),
                    beijing_time(r.last_seen),
                    self.tr(FEED_KINDS[r.kind]) if r.kind in FEED_KINDS else r.kind,
                    r.key,
                    self.tr(REFUSAL_REASONS[r.reason]) if r.reason in REFUSAL_REASONS else r.reason,
                    r.detail,
                ]
                for r in refused
            ]
        )
        self.tabs.setTabText(3, self.tr("无法接收的数据 ({n})").format(n=len(refused)))
        self._summary(st, counts["pending"])
        if counts["pending"] > len(pending):
            self.summary.setText(
                self.summary.text()
                + " "
                + self.tr("（列表显示最早的 {n} 条）").format(n=len(pending))
            )
        if self.exceptions:
            self.exc_table.selectRow(0)
        else:
            self.exc_detail.setHtml("")
        self._update_buttons()

    def _summary(self, st: Any, pending: int) -> None:
        if st is None:
            self.summary.setText(
                self.tr(
                    "本服务点尚未登记到区馆中心（离线初始化）。所有操作都已在本机保存，"
                    "登记后会自动上传。待同步 {n} 条。"
                ).format(n=pending)
            )
            return
        state = self.tr("在线") if st.online else self.tr("离线")
        text = self.tr("{state}；中心 {url}；待同步 {n} 条；上次成功同步 {last}").format(
            state=state, url=st.hub_url or "—", n=st.pending, last=beijing_time(st.last_success)
        )
        if st.last_error:
            text += "\n" + self.tr("最近一次错误：{e}").format(e=st.last_error)
        self.summary.setText(text)

    def _kind_short(self, kind: str) -> str:
        return self.tr(KIND_SHORT[kind]) if kind in KIND_SHORT else kind

    def _kind_text(self, kind: str) -> str:
        return self.tr(EXCEPTION_KINDS[kind]) if kind in EXCEPTION_KINDS else kind

    def current_exception(self) -> ExceptionView | None:
        row = self.exc_table.currentRow()
        return self.exceptions[row] if 0 <= row < len(self.exceptions) else None

    def _exc_selected(self) -> None:
        self._update_buttons()
        x = self.current_exception()
        if x is None:
            self.exc_detail.setHtml("")
            return
        ctx = dict(x.context)
        # the hub words what it did for the hall, in English; here the kind's own sentence
        # (in the desk's language) says it
        ctx.pop("hub_action", None)
        parts = [f"<h3>{html.escape(self._kind_text(x.kind))}</h3>"]
        parts.append("<table cellspacing='4'>")
        if isinstance(ctx.get("code"), str) and ctx["code"] in REJECTION_CODES:
            ctx["code"] = self.tr(REJECTION_CODES[ctx["code"]])
        if isinstance(ctx.get("type"), str):
            ctx["type"] = self._event_name(ctx["type"])
        if x.kind.startswith("hold_") and ctx.get("status") in HOLD_STATES:
            ctx["status"] = QCoreApplication.translate("HoldsPage", HOLD_STATES[ctx["status"]])
        for k, v in ctx.items():
            note = x.holds.get(v) if isinstance(v, str) else None
            shown = self._value_html(v) if note is None else self._hold_html(note, v)
            parts.append(
                f"<tr><td valign='top'><b>{html.escape(self._key(k))}</b></td><td>{shown}</td></tr>"
            )
        parts.append("</table>")
        self.exc_detail.setHtml("".join(parts))

    def _key(self, key: str) -> str:
        return self.tr(CONTEXT_KEYS[key]) if key in CONTEXT_KEYS else key

    def _hold_html(self, note: HoldNote, uid: str) -> str:
        """A hold as staff know it; its uid below, small, for the district."""
        text = self.tr("《{title}》，读者证尾号 {tail}，在 {pickup} 取书").format(
            title=note.title, tail=note.card_tail, pickup=note.pickup
        )
        return f"{html.escape(text)}<br><small>{html.escape(uid)}</small>"

    def _value_html(self, value: Any) -> str:
        """Nested facts as indented 'label: value' lines, not JSON."""
        if isinstance(value, dict):
            rows = "".join(
                f"<tr><td valign='top'>{html.escape(self._key(str(k)))}</td>"
                f"<td>{self._value_html(v)}</td></tr>"
                for k, v in value.items()
            )
            return f"<table cellspacing='2'>{rows}</table>"
        if isinstance(value, list):
            return "<br>".join(self._value_html(v) for v in value)
        return html.escape("—" if value is None else str(value))

    def _update_buttons(self) -> None:
        has = self.current_exception() is not None
        for b in (self.accept_button, self.correct_button, self.escalate_button):
            b.setEnabled(has)

    # --- resolving --------------------------------------------------------------------------
    def resolve(self, resolution: str) -> None:
        x = self.current_exception()
        if x is None:
            return
        note = ""
        if resolution != "accept":
            dlg = ReasonDialog(
                self.tr(RESOLUTIONS[resolution]),
                self._kind_text(x.kind),
                self.tr("说明（会同步到区馆）"),
                self,
            )
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return
            note = dlg.value()
        op = self.ctx.write("resolve", syncview.resolve, x.uid, resolution, note)
        op.finished.connect(lambda v: self._resolved(v))
        op.failed.connect(lambda exc: self.message.show_kind("error", self.ctx.message(exc)))

    def _resolved(self, x: ExceptionView) -> None:
        self.message.show_kind(
            "ok",
            self.tr("已处理：{kind} → {res}。处理结果会在下次同步时上传。").format(
                kind=self._kind_text(x.kind), res=self.tr(RESOLUTIONS.get(x.resolution or "", ""))
            ),
        )
        self.ctx.data_changed.emit("sync")
        self.reload()

    # --- syncing ----------------------------------------------------------------------------
    def sync_now(self) -> None:
        engine = self.ctx.sync_engine
        if engine is None or engine_status(engine) is None:
            self.message.show_kind(
                "error",
                self.tr("本服务点尚未登记到区馆中心，无法同步。请联系区馆管理员获取登记码。"),
            )
            return
        if self._sync_op is not None:
            return

        def run(progress: Any, cancel: Any) -> Any:
            def report(p: Any) -> None:
                progress(p.done, p.total or 0, p.phase)

            return engine.run_once(progress=report, cancel=cancel)

        op = self.ctx.ops.background("sync", run, with_control=True)
        self._sync_op = op
        self.sync_button.setEnabled(False)
        self.cancel_button.show()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.show_kind("ok", self.tr("正在同步…"))
        op.progress.connect(self._progress)
        op.finished.connect(self._synced)
        op.failed.connect(self._sync_failed)
        op.cancelled.connect(lambda: self._sync_failed(None))

    def cancel_sync(self) -> None:
        if self._sync_op is not None:
            self._sync_op.cancel()

    def _progress(self, done: int, total: int, phase: str) -> None:
        names = {"handshake": self.tr("连接中心"), "push": self.tr("上传"), "pull": self.tr("下载")}
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.progress.setFormat(f"{names.get(phase, phase)} %v/%m")

    def _end_sync(self) -> None:
        self._sync_op = None
        self.sync_button.setEnabled(True)
        self.cancel_button.hide()
        self.progress.hide()

    def _synced(self, result: Any) -> None:
        self._end_sync()
        if getattr(result, "cancelled", False):
            self.message.show_kind("error", self.tr("同步已取消，已完成的部分已保存。"))
        elif getattr(result, "ok", True):
            self.message.show_kind(
                "ok",
                self.tr("同步完成：上传 {up} 条，下载 {down} 条。").format(
                    up=getattr(result, "pushed", 0), down=getattr(result, "pulled", 0)
                ),
            )
        elif getattr(result, "fault", None) is not None:
            self.message.show_kind(
                "error", self.tr("同步未完成：{e}").format(e=result.fault.message(self.ctx.lang))
            )
        else:
            self.message.show_kind(
                "error",
                self.tr("同步未完成：{e}。记录都在本机，稍后会自动重试。").format(
                    e=getattr(result, "error", "") or "?"
                ),
            )
        if getattr(result, "refused", 0):
            self.message.show_kind(
                self.message.kind or "ok",
                self.message.text()
                + " "
                + self.tr("另有 {n} 条中心数据无法接收，已跳过，见“无法接收的数据”。").format(
                    n=result.refused
                ),
            )
        self.ctx.data_changed.emit("sync")
        self.reload()

    def _sync_failed(self, exc: object) -> None:
        self._end_sync()
        if exc is None:
            self.message.show_kind("error", self.tr("同步已取消，已完成的部分已保存。"))
        else:
            self.message.show_kind(
                "error",
                self.tr("同步未完成：{e}。记录都在本机，稍后会自动重试。").format(
                    e=self.ctx.message(exc)
                ),
            )
        self.ctx.data_changed.emit("sync")
