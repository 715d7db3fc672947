"""Sync verbs of ``xclib-desk``: enrol with the hub, sync once (or keep syncing), exceptions.

  xclib-desk enrol --hub URL --code CODE [--ca-cert PEM]
  xclib-desk sync [--loop --interval S]
  xclib-desk sync-status
  xclib-desk fetch-item BARCODE      a copy from another point's shelf, before checking it in
  xclib-desk exceptions [--all]
  xclib-desk resolve UID --resolution accept|correct|escalate [--note TEXT]

Registered by :func:`register` into the main parser (``xclib_desk.cli``), with its conventions:
``--json`` prints ``{"ok": ..., "result"|"error": ...}``; a refusal exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading

from .cli import CLI_ACTOR, _emit, common_options
from .desk import Desk, json_ready
from .services import staff, syncview
from .services.context import SYSTEM
from .sync.engine import SyncEngine, SyncError, SyncProgress


def _fail(args: argparse.Namespace, code: str, message: str) -> int:
    if getattr(args, "json", False):
        err = {"code": code, "message": message}
        print(json.dumps({"ok": False, "error": err}, ensure_ascii=False, indent=2))
    print(f"[{code}] {message}", file=sys.stderr)
    return 1


def _need(desk: Desk | None) -> Desk:
    assert desk is not None, "the main CLI opens the store for these verbs"
    return desk


def cmd_enrol(args: argparse.Namespace, desk: Desk | None) -> int:
    engine = SyncEngine(_need(desk))
    try:
        out = engine.enrol(args.hub, args.code, ca_cert=args.ca_cert)
    except SyncError as e:
        return _fail(args, e.code, str(e))
    data = {"hub": args.hub, "point": out.point_code, "point_name": out.point_name}
    return _emit(args, data, f"已登记到中心 / enrolled: {out.point_code} {out.point_name}")


def cmd_sync(args: argparse.Namespace, desk: Desk | None) -> int:
    engine = SyncEngine(_need(desk))
    quiet = getattr(args, "json", False)

    def progress(p: SyncProgress) -> None:
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
        code, _, msg = (res.error or "sync: failed").partition(": ")
        return _fail(args, code, msg)
    st = engine.status()
    text = (
        f"已同步 / synced: pushed {res.pushed} {res.results}, pulled {res.pulled}; "
        f"pending {st.pending}, open exceptions {st.open_exceptions}"
    )
    if st.clock_drift_warning:
        text += f"\n警告：本机时钟与中心相差 {st.clock_offset_ms} ms / clock drift"
    return _emit(args, {"run": res, "status": st}, text)


def cmd_fetch_item(args: argparse.Namespace, desk: Desk | None) -> int:
    try:
        found = SyncEngine(_need(desk)).fetch_item(args.barcode)
    except SyncError as e:
        return _fail(args, e.code, str(e))
    if not found:
        return _fail(args, "unknown_item", f"中心也没有这本书 / the hub has no item {args.barcode}")
    return _emit(args, {"barcode": args.barcode}, f"已取得 / fetched {args.barcode}; 可以还书")


def cmd_sync_status(args: argparse.Namespace, desk: Desk | None) -> int:
    engine = SyncEngine(_need(desk))
    engine.probe()  # "online" means the hub answers now, not a remembered state
    st = engine.status()
    lines = [f"{k}: {v}" for k, v in json_ready(st).items()]
    return _emit(args, st, "\n".join(lines))


def cmd_exceptions(args: argparse.Namespace, desk: Desk | None) -> int:
    rows = _need(desk).read(syncview.exceptions, SYSTEM, args.all)
    text = "\n".join(
        f"{x.uid}  {x.kind:<24} {x.status:<8} {x.context.get('hub_action', '')}" for x in rows
    )
    return _emit(args, rows, text or "（无 / none）")


def cmd_resolve(args: argparse.Namespace, desk: Desk | None) -> int:
    d = _need(desk)
    code = getattr(args, "staff", None) or os.environ.get("XCLIB_STAFF")
    actor = d.read(staff.find_actor, SYSTEM, code) if code else CLI_ACTOR
    view = d.write(syncview.resolve, actor, args.uid, args.resolution, args.note or "")
    return _emit(args, view, f"已处理 / resolved: {view.uid} {view.resolution}")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    common = common_options()
    sp = sub.add_parser(
        "enrol", help="enrol this desk with the district hub (one-time code)", parents=[common]
    )
    sp.add_argument("--hub", required=True, help="hub URL, e.g. https://hub.xclib.example")
    sp.add_argument("--code", required=True, help="one-time enrolment code from the admin")
    sp.add_argument("--ca-cert", help="CA certificate (PEM) to trust for the hub's TLS")
    sp.set_defaults(handler=cmd_enrol)

    sp = sub.add_parser("sync", help="exchange events with the hub now", parents=[common])
    sp.add_argument("--loop", action="store_true", help="keep syncing on a timer")
    sp.add_argument("--interval", type=float, default=60.0, help="seconds between syncs")
    sp.set_defaults(handler=cmd_sync)

    sp = sub.add_parser(
        "fetch-item", help="get a district copy from the hub to take it back here", parents=[common]
    )
    sp.add_argument("barcode")
    sp.set_defaults(handler=cmd_fetch_item)

    sp = sub.add_parser(
        "sync-status", help="pending events, last sync, clock offset", parents=[common]
    )
    sp.set_defaults(handler=cmd_sync_status)

    sp = sub.add_parser(
        "exceptions", help="conflicts and rejections the hub reported", parents=[common]
    )
    sp.add_argument("--all", action="store_true", help="include resolved ones")
    sp.set_defaults(handler=cmd_exceptions)

    sp = sub.add_parser("resolve", help="resolve an exception (syncs to the hub)", parents=[common])
    sp.add_argument("uid")
    sp.add_argument("--resolution", required=True, choices=syncview.RESOLUTIONS)
    sp.add_argument("--note")
    sp.set_defaults(handler=cmd_resolve)
