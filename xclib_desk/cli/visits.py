"""Visitor counts (到馆人次): one day's count typed in (``visits``), or a gate counter's CSV
(``visits-import``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..common.output import say
from ..desk import Desk
from ..errors import DeskError, failure
from ..services import visits
from .common import Verbs, actor, emit


def cmd_visits(args: argparse.Namespace, desk: Desk) -> int:
    n = desk.write(visits.record_visits, actor(args, desk), args.day, args.count)
    text = say(f"{args.day} 到馆 {n} 人次", f"{args.day}: {n} visits")
    return emit(args, {"day": args.day, "count": n}, text)


def cmd_visits_import(args: argparse.Namespace, desk: Desk) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        why = failure(e, path)  # the reason in the user's language, not the OS's English
        detail = why.params.get("detail", why.message()) if why else type(e).__name__
        raise DeskError("visits_file_unreadable", path=str(path), detail=detail) from None
    r = desk.write(visits.import_counter_csv, actor(args, desk), data)
    lines = [
        say(
            f"{r.days} 天（{r.layout}），更新 {r.changed}，未变 {r.unchanged}，"
            f"共 {r.total_visits} 人次",
            f"{r.days} days ({r.layout}), {r.changed} updated, {r.unchanged} unchanged, "
            f"{r.total_visits} visits in all",
        )
    ]
    lines += [
        say(f"  第 {b.line} 行：", f"  line {b.line}: ") + f"{b.message()}  {b.text}" for b in r.bad
    ]
    return emit(args, r, "\n".join(lines))


def register(verbs: Verbs) -> None:
    sp = verbs.add("visits", cmd_visits, "record a day's visitor count")
    sp.add_argument("day", help="YYYY-MM-DD")
    sp.add_argument("count")
    sp = verbs.add("visits-import", cmd_visits_import, "import a gate counter CSV (date,count)")
    sp.add_argument("file")
