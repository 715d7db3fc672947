"""The point's store itself: ``init`` (offline, with the bundled standards), ``status``,
``backup`` and ``restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import backup
from ..common.output import say
from ..desk import Desk
from ..services import status
from .common import Verbs, emit


def cmd_init(args: argparse.Namespace) -> int:
    desk = Desk.initialise(
        args.data_dir,
        point_code=args.point,
        point_name=args.name,
        level=args.level,
        parent_code=args.parent,
        clock=args.clock,
    )
    try:
        text = say(f"已初始化服务点 {desk.point.code}", f"point {desk.point.code} initialised")
        return emit(args, desk.read(status.status), text)
    finally:
        desk.close()


def cmd_status(args: argparse.Namespace, desk: Desk) -> int:
    return emit(args, desk.read(status.status))


def cmd_backup(args: argparse.Namespace) -> int:
    if args.auto:
        info = backup.auto_backup(args.data_dir, keep=args.keep)
        if info is None:
            return emit(args, None, say("今天已有自动备份", "today's backup exists"))
    else:
        info = backup.backup(args.data_dir, args.to)
    text = say(
        f"已备份到 {info.path}（{info.events} 个事件，{info.pending_events} 个待同步）",
        f"backed up to {info.path} ({info.events} events, {info.pending_events} not synced yet)",
    )
    return emit(args, info, text)


def cmd_restore(args: argparse.Namespace) -> int:
    report = backup.restore(args.data_dir, args.file)
    r = report.restored
    text = say(
        f"已从 {r.path.name} 恢复：{r.events} 个事件，其中 {r.pending_events} 个待同步，"
        "将在下次同步时上传；已上传过的事件由中心判为重复，不会重复记账。",
        f"restored from {r.path.name}: {r.events} events, {r.pending_events} of them not synced "
        "yet (they go up at the next sync; events the hub already has come back as duplicates "
        "and are not counted twice).",
    )
    if report.set_aside:
        text += say(
            f"\n原数据库已保存在 {report.set_aside}",
            f"\nthe replaced store is kept in {report.set_aside}",
        )
    return emit(args, report, text)


def register(verbs: Verbs) -> None:
    sp = verbs.add_storeless("init", cmd_init, "initialise this point's store offline")
    sp.add_argument("--point", required=True, help="point code, e.g. XC-DSX")
    sp.add_argument("--name", required=True)
    sp.add_argument(
        "--level", required=True, choices=["district", "street", "community", "partner"]
    )
    sp.add_argument("--parent", help="parent point code")
    verbs.add("status", cmd_status, "counts, pending events, standards version")
    sp = verbs.add_storeless(
        "backup", cmd_backup, "consistent copy of the store (safe while the desk runs)"
    )
    sp.add_argument("--to", type=Path, help="folder (default: DATA_DIR/backups)")
    sp.add_argument("--auto", action="store_true", help="daily backup with rotation")
    sp.add_argument("--keep", type=int, default=14, help="daily backups kept with --auto")
    verbs.add_storeless(
        "restore", cmd_restore, "replace the store by a backup of this point"
    ).add_argument("file", type=Path)
