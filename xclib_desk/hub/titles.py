"""Catalogue corrections reach the points that hold a copy (``title`` feed rows).

A copy's feed row carries its title record, but a desk that already holds the title keeps its
own; corrections travel as their own log-compacted row, one per (point, title), written whenever
the hub's title changes (``title.updated`` from any point, a MARC re-import at the hub). The row
goes to every point that owns a copy, has one on its shelf, or has one in a box on its way, and
carries the per-field clocks (``field_hlc``) so the desk keeps a field it changed more recently.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import HubItem, HubTitle


def title_data(t: HubTitle) -> dict[str, Any]:
    return {**t.data, "uid": t.uid, "field_hlc": dict(t.field_hlc or {})}


def feed_rows(s: Session, uids: list[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(scope, "title", uid, data)`` for every point holding a copy of each title."""
    from . import shipments as hub_shipments

    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    for i in range(0, len(uids), 500):
        chunk = uids[i : i + 500]
        holders: dict[str, set[str]] = {}
        barcodes: dict[str, str] = {}
        for bc, tuid, owner, location in s.execute(
            select(HubItem.barcode, HubItem.title_uid, HubItem.owner, HubItem.location).where(
                HubItem.title_uid.in_(chunk)
            )
        ):
            if tuid is not None:
                holders.setdefault(tuid, set()).update(p for p in (owner, location) if p)
                barcodes[bc] = tuid
        for bc, points in hub_shipments.destinations(s, sorted(barcodes)).items():
            holders.setdefault(barcodes[bc], set()).update(points)
        for t in s.scalars(select(HubTitle).where(HubTitle.uid.in_(chunk))):
            data = title_data(t)
            rows.extend((scope, "title", t.uid, data) for scope in sorted(holders.get(t.uid, ())))
    return rows
