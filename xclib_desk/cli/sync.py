"""Sync verbs of ``xclib-desk``: enrol with the hub, sync once (or keep syncing), the state of
sync, a copy from another point's shelf, and the exceptions the hub reported.

  xclib-desk enrol --hub URL --code CODE [--ca-cert PEM]
  xclib-desk sync [--loop --interval S]
  xclib-desk sync-status
  xclib-desk fetch-item BARCODE      a copy from another point's shelf, before checking it in
  xclib-desk exceptions [--all]
  xclib-desk resolve UID --resolution accept|correct|escalate [--note TEXT]

The sync engine reports a failed run with a short internal code (``SyncError``); here each one
becomes a documented refusal code with a plain message in the user's language
(:data:`SYNC_FAILURES`, listed in docs/cli.md), never a raw connection error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.lazy import lazy
from ..common.output import json_ready, say
from ..desk import Desk
from ..errors import DeskError, Phrase, Text, render
from ..services import syncview
from ..services.context import SYSTEM
from ..sync.address import check_hub_url, in_clear
from .common import Verbs, actor, emit, fail, none_text

if TYPE_CHECKING:
    import requests

    from ..sync import engine as sync_engine
else:  # loaded when a sync verb runs, not by every verb's start (common/lazy.py)
    requests = lazy("requests")
    sync_engine = lazy("xclib_desk.sync.engine")

#: what staff do about each conflict the hub raises (``protocol.feed.EXCEPTION_KINDS``); the
#: hub's own ``hub_action`` is the hall's English note, not the desk's words
EXCEPTION_TEXTS: dict[str, tuple[str, str]] = {
    "double_loan": ("同一本书在两处被借出：中心已关闭较早的借阅，请核对书在谁手里",
                    "lent at two points: the hub closed the older loan; check who has the copy"),
    "reader_blocked_at_hub": ("借书时该读者已在中心被停用：借阅已保留，请联系读者",
                              "the reader was blocked at the hub: the loan stands; contact them"),
    "renewal_limit_exceeded": ("续借次数超过上限（离线期间在多处续借）：请联系读者按时归还",
                               "renewed past the limit at several points: ask for it back"),
    "clock_ahead": ("本机时钟比中心快：请校准本机时间", "this desk's clock is ahead: set it"),
    "clock_drift": ("本机时钟与中心相差较大：请校准本机时间", "this desk's clock drifts: set it"),
    "unknown_standards_version": ("事件使用了中心不认识的标准包版本：请联系区馆管理员",
                                  "a standards version the hub lacks: ask the district"),
    "rejected": ("中心拒绝了本机的一条记录：请查看原因，更正后重新办理",
                 "the hub refused a record: see why, correct it and do it again"),
    "seq_reused": ("本机记录编号与已上传的重复（多因恢复了旧备份）：请立即同步",
                   "record numbers reused (an old backup restored?): sync now"),
    "shipment_missing": ("配送箱里少了这本书：已标为丢失，请核对装箱单",
                         "missing from the box: marked missing; check the packing list"),
    "shipment_extra": ("配送箱里多了这本书：已记在接收服务点，请决定归属",
                       "extra in the box: placed at the receiving point; decide where it goes"),
    "shipment_damaged": ("这本书到达时已损坏：请修补或剔除",
                         "arrived damaged: repair or withdraw it"),
    "fee_settled_twice": ("同一笔费用在两处结清：中心保留第一次，请退还或说明第二次",
                          "a fee settled twice: the first stands; refund or explain the second"),
    "unknown_copy_returned": ("还回的书全区都没有记录：请单独存放，联系所属图书馆或编目入藏",
                              "a copy nobody knows was returned: keep it aside; ask its library"),
    "hold_duplicate": ("读者对同一种书预约了两次：中心保留第一条",
                       "the same title held twice: the first hold stands"),
    "hold_limit": ("预约到达中心时读者已超过上限：未受理，请告知读者",
                   "over the hold limit when it arrived: refused; tell the reader"),
    "hold_copy_unavailable": ("指定单册已不再流通：预约未受理，请改约同种书",
                              "the held copy left circulation: refused; hold the title instead"),
    "hold_double_capture": ("这条预约已有别处留出的书：这本照常上架",
                            "the hold already has a copy: shelve this one as usual"),
    "hold_copy_claimed": ("同一本书被留给两条预约：书归第一条，另一条等待其他复本",
                          "one copy set aside for two holds: the first keeps it"),
    "hold_reader_unable": ("预约读者的证已停用或过期：暂不配书",
                           "the reader's card is blocked or expired: the hold waits"),
}  # fmt: skip


#: the engine's failure code -> (the CLI's documented code, Chinese, English); ``{hub}`` is the
#: hub's address, ``{detail}`` what the hub answered (its own code and message)
SYNC_FAILURES: dict[str, tuple[str, str, str]] = {
    "network": (
        "hub_unreachable",
        "无法连接区馆中心 {hub}。请检查网络后重试；本机照常工作，待同步的事件留在本机，"
        "下次同步时上传。",
        "Cannot reach the hub at {hub}. Check the network and try again; the desk works on, "
        "and events waiting here go up at the next sync.",
    ),
    "not_enrolled": (
        "not_enrolled",
        "本机尚未登记到区馆中心。请先运行 xclib-desk enrol --hub 地址 --code 登记码。",
        "This desk is not enrolled with a hub; run xclib-desk enrol --hub URL --code CODE first.",
    ),
    "enrol_refused": (
        "enrol_refused",
        "区馆中心拒绝登记（{detail}）。登记码只能用一次且有时限，请向中心管理员索取新的登记码。",
        "The hub refused the enrolment ({detail}). A code works once and expires; ask the hub "
        "administrator for a new one.",
    ),
    "protocol": (
        "protocol_unsupported",
        "区馆中心不接受本机的协议版本，请升级本程序；待同步的事件保留在本机（{detail}）。",
        "The hub does not accept this desk's protocol version: upgrade the desk; events wait "
        "here meanwhile ({detail}).",
    ),
    "auth": (
        "hub_auth_refused",
        "区馆中心不接受本机的凭证（{detail}）。本机可能已被注销，请联系中心管理员重新登记。",
        "The hub does not accept this desk's token ({detail}); the device may have been "
        "revoked. Ask the hub administrator to enrol it again.",
    ),
    "bad_answer": (
        "hub_answer_unreadable",
        "区馆中心的应答无法读取（{detail}），请稍后再试；本机数据不受影响。",
        "The hub's answer could not be read ({detail}); try again later, nothing here is lost.",
    ),
    "store": (
        "store_unavailable",
        "本机数据库暂时无法写入（{detail}），请检查磁盘空间后重试；已保存的记录不受影响。",
        "The desk's store cannot be written just now ({detail}); check the disk space and "
        "retry, saved records are safe.",
    ),
    "internal": (
        "sync_failed",
        "同步出现意外错误（{detail}），请稍后再试；本机数据不受影响。",
        "The sync failed unexpectedly ({detail}); try again later, nothing here is lost.",
    ),
    "hub": (
        "hub_error",
        "区馆中心出错（{detail}），请稍后再试；本机数据不受影响。",
        "The hub answered with an error ({detail}); try again later, nothing here is lost.",
    ),
}


def _quiet_retries() -> None:
    """urllib3 logs each retry of an unreachable hub as a warning with the raw connection
    error; the engine's retries are its own business, and the refusal says what happened."""
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)


def _engine(desk: Desk) -> sync_engine.SyncEngine:
    """The engine of a verb someone waits for at the terminal: one immediate retry of a failed
    request, not the background loop's three with growing pauses (about two seconds of sleep
    before a hub that is down could be reported). A run that fails leaves its events here for
    the next one; ``sync --loop`` keeps the engine's own retries and backoff."""
    return sync_engine.SyncEngine(desk, http=sync_engine.make_http(retries=1))


def sync_failure(args: argparse.Namespace, code: str, detail: str, hub: str | None) -> int:
    """Refuse with the documented code and message of an engine failure ``code``."""
    cli_code, zh, en = SYNC_FAILURES.get(
        code, (code, "同步失败（{detail}）", "sync failed ({detail})")
    )
    return fail(args, cli_code, say(zh, en).format(hub=hub or "?", detail=detail))


def cmd_enrol(args: argparse.Namespace, desk: Desk) -> int:
    _quiet_retries()
    hub = check_hub_url(args.hub, args.insecure)
    if in_clear(hub):
        print(render("hub_url_insecure_warning", {"url": hub}), file=sys.stderr)
    code = args.code.strip()
    if not 4 <= len(code) <= 64 or not code.isprintable():
        detail = Text("登记码应为 4–64 个字符", "the enrolment code has 4 to 64 characters")
        raise DeskError("bad_input", detail=detail)
    if args.ca_cert is not None and not Path(args.ca_cert).is_file():
        raise DeskError("bad_input", detail=Phrase("no_such_file", path=args.ca_cert))
    engine = _engine(desk)
    try:
        out = engine.enrol(hub, code, ca_cert=args.ca_cert, allow_insecure=args.insecure)
    except sync_engine.SyncError as e:
        return sync_failure(args, e.code, str(e), hub)
    data = {"hub": hub, "point": out.point_code, "point_name": out.point_name}
    text = say(
        f"已登记到区馆中心：{out.point_code} {out.point_name}",
        f"enrolled with the hub: {out.point_code} {out.point_name}",
    )
    return emit(args, data, text)


def cmd_sync(args: argparse.Namespace, desk: Desk) -> int:
    _quiet_retries()
    engine = sync_engine.SyncEngine(desk) if args.loop else _engine(desk)
    quiet = args.json

    def progress(p: sync_engine.SyncProgress) -> None:
        if not quiet:
            total = f"/{p.total}" if p.total is not None else ""
            print(f"  {p.phase}: {p.done}{total} {p.message}", file=sys.stderr)

    if args.loop:
        stop = threading.Event()
        engine.start_background(args.interval, on_result=lambda r: print(json_ready(r)))
        try:
            stop.wait()
        except KeyboardInterrupt:
            engine.stop_background()
        return 0
    res = engine.run_once(progress=progress)
    if not res.ok:
        code, _, detail = (res.error or "hub: failed").partition(": ")
        return sync_failure(args, code, detail, engine.hub_url)
    st = engine.status()
    text = say(
        f"已同步：上传 {res.pushed} 个事件 {res.results}，下载 {res.pulled} 条；"
        f"待同步 {st.pending}，未处理异常 {st.open_exceptions}",
        f"synced: pushed {res.pushed} {res.results}, pulled {res.pulled}; "
        f"pending {st.pending}, open exceptions {st.open_exceptions}",
    )
    if st.refused_rows:
        text += say(
            f"\n跳过了 {st.refused_rows} 条无法读取的中心数据（本次 {res.refused} 条）：已记录在"
            "本机，见应用的同步页；其余数据已照常同步，升级本程序后会自动重试。",
            f"\n{st.refused_rows} rows from the hub could not be taken ({res.refused} in this "
            "run): they are recorded here (the app's Sync page lists them), everything else "
            "synced; an upgraded desk tries them again.",
        )
    if st.clock_drift_warning:
        text += say(
            f"\n警告：本机时钟与中心相差 {st.clock_offset_ms} 毫秒，请校准时钟",
            f"\nwarning: this computer's clock is {st.clock_offset_ms} ms off the hub's",
        )
    return emit(args, {"run": res, "status": st}, text)


def cmd_fetch_item(args: argparse.Namespace, desk: Desk) -> int:
    _quiet_retries()
    engine = _engine(desk)
    try:
        found = engine.fetch_item(args.barcode)
    except sync_engine.SyncError as e:
        return sync_failure(args, e.code, str(e), engine.hub_url)
    except requests.RequestException:  # no answer at all: the hub is not reachable
        return sync_failure(args, "network", "", engine.hub_url)
    if not found:
        text = say(f"区馆中心也没有条码 {args.barcode}", f"the hub has no item {args.barcode}")
        return fail(args, "unknown_item", text)
    text = say(f"已取得 {args.barcode}，可以还书", f"fetched {args.barcode}; it can be returned")
    return emit(args, {"barcode": args.barcode}, text)


def cmd_sync_status(args: argparse.Namespace, desk: Desk) -> int:
    _quiet_retries()
    engine = _engine(desk)
    engine.probe()  # "online" means the hub answers now, not a remembered state
    st = engine.status()
    lines = [f"{k}: {v}" for k, v in json_ready(st).items()]
    return emit(args, st, "\n".join(lines))


def cmd_exceptions(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(syncview.exceptions, SYSTEM, args.all)

    def explained(kind: str) -> str:
        return say(*EXCEPTION_TEXTS[kind]) if kind in EXCEPTION_TEXTS else ""

    text = "\n".join(f"{x.uid}  {x.kind:<24} {x.status:<8} {explained(x.kind)}" for x in rows)
    return emit(args, rows, text or none_text())


def cmd_resolve(args: argparse.Namespace, desk: Desk) -> int:
    view = desk.write(
        syncview.resolve, actor(args, desk), args.uid, args.resolution, args.note or ""
    )
    text = say(f"已处理：{view.uid} {view.resolution}", f"resolved: {view.uid} {view.resolution}")
    return emit(args, view, text)


def register(verbs: Verbs) -> None:
    sp = verbs.add("enrol", cmd_enrol, "enrol this desk with the district hub (one-time code)")
    sp.add_argument("--hub", required=True, help="hub URL, e.g. https://hub.xclib.example")
    sp.add_argument("--code", required=True, help="one-time enrolment code from the admin")
    sp.add_argument("--ca-cert", help="CA certificate (PEM) to trust for the hub's TLS")
    sp.add_argument(
        "--insecure",
        action="store_true",
        help="accept an http:// hub on another machine (test networks only: the token "
        "travels in clear)",
    )
    sp = verbs.add("sync", cmd_sync, "exchange events with the hub now")
    sp.add_argument("--loop", action="store_true", help="keep syncing on a timer")
    sp.add_argument("--interval", type=float, default=60.0, help="seconds between syncs")
    verbs.add(
        "fetch-item", cmd_fetch_item, "get a district copy from the hub to take it back here"
    ).add_argument("barcode")
    verbs.add("sync-status", cmd_sync_status, "pending events, last sync, clock offset")
    sp = verbs.add("exceptions", cmd_exceptions, "conflicts and rejections the hub reported")
    sp.add_argument("--all", action="store_true", help="include resolved ones")
    sp = verbs.add("resolve", cmd_resolve, "resolve an exception (syncs to the hub)")
    sp.add_argument("uid")
    sp.add_argument("--resolution", required=True, choices=syncview.RESOLUTIONS)
    sp.add_argument("--note")
