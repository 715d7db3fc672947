"""``xclib-hub exceptions [--status open]``: the conflicts and rejections the hub recorded."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from ..models import HubException
from .common import Verbs, emit, hub


def cmd_exceptions(args: argparse.Namespace) -> int:
    with hub(args).read() as s:
        q = select(HubException).order_by(HubException.created_at)
        if args.status:
            q = q.where(HubException.status == args.status)
        rows = [
            {
                "uid": x.uid,
                "kind": x.kind,
                "points": x.points,
                "status": x.status,
                "context": x.context,
            }
            for x in s.scalars(q)
        ]
    text = "\n".join(
        f"{r['uid']}  {r['kind']:<24} {','.join(r['points'])}  {r['status']}" for r in rows
    )
    return emit(args, rows, text or "(none)")


def register(verbs: Verbs) -> None:
    p = verbs.add("exceptions", cmd_exceptions, "list exceptions")
    p.add_argument("--status")
