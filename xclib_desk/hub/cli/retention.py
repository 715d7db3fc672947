"""``xclib-hub retention run``: anonymise the hub's returned loans older than the standards
package allows and redact the card numbers of their ledger events."""

from __future__ import annotations

import argparse

from .. import staffing
from .common import Verbs, emit, hub


def cmd_retention_run(args: argparse.Namespace) -> int:
    with hub(args).write() as s:
        r = staffing.run_retention(s)
    data = {"cutoff": r.cutoff.isoformat(), "days": r.days, "anonymised": r.count,
            "redacted": r.redacted}  # fmt: skip
    return emit(
        args,
        data,
        f"anonymised {r.count} loans and redacted {r.redacted} ledger events "
        f"of loans returned before {r.cutoff:%Y-%m-%d}",
    )


def register(verbs: Verbs) -> None:
    retention = verbs.group("retention", "loan-history retention")
    retention.add(
        "run", cmd_retention_run, "anonymise returned loans older than the package allows"
    )
