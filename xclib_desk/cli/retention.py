"""Loan-history retention: ``retention run`` anonymises returned loans older than the standards
package allows and redacts the card numbers of their events and audit entries."""

from __future__ import annotations

import argparse

from ..common.output import say
from ..desk import Desk
from ..services import retention
from .common import Verbs, actor, emit


def cmd_retention_run(args: argparse.Namespace, desk: Desk) -> int:
    r = desk.write(retention.run, actor(args, desk))
    text = say(
        f"已匿名化 {r.anonymised} 条借阅记录，抹去 {r.redacted} 条事件中的读者证号"
        f"（{r.cutoff:%Y-%m-%d} 之前归还，保留 {r.days} 天）",
        f"anonymised {r.anonymised} loans and redacted the card numbers of {r.redacted} events "
        f"(returned before {r.cutoff:%Y-%m-%d}; kept {r.days} days)",
    )
    if r.activities or r.volunteers:  # reading promotion: docs/activities.md
        text += say(
            f"；{r.activities} 场活动的名单去除姓名与证号，{r.volunteers} 名志愿者的电话已删除",
            f"; names and cards removed from {r.activities} activities' lists, phones of "
            f"{r.volunteers} volunteers removed",
        )
    return emit(args, r, text)


def register(verbs: Verbs) -> None:
    rt = verbs.group("retention", "loan-history retention")
    rt.add("run", cmd_retention_run, "anonymise returned loans older than the package allows")
