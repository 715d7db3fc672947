"""MARC export at the desk: this point's holdings, or one shipment, as the titles
``marc_export`` writes (columns, kept MARC fields, copies). Read only: nothing is written, so
no event; the file is written by ``desk_marc.export_file``.

Scope ``holdings``: every title with a copy this point owns (withdrawn copies left out), with
those copies, and every title with no copy anywhere (catalogue records imported without
holdings), so an import and an export of the same file give the same catalogue. Scope
``shipment``: the titles of the copies packed in one shipment this point sent or receives.
Titles come in filing order (their non-sorting part left out).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..errors import DeskError, one_of
from ..marc import Kept
from ..marc_export import ExportCopy, ExportTitle, ordered
from ..models import Item, Point, Title, TitleMarc
from ..models.shipments import ShipmentLine
from .context import Ctx, require_role
from .shipments import _shipment

SCOPES: tuple[str, ...] = ("holdings", "shipment")
#: the placeholder title of copies whose record has not arrived (``sync.apply.STUB_TITLE``;
#: services may not import sync): never exported
_STUB = "00000000-0000-0000-0000-000000000000"


def export_titles(
    s: Session, ctx: Ctx, scope: str = "holdings", shipment: str | None = None
) -> tuple[date, list[ExportTitle]]:
    """Today (the records' date entered) and the titles of ``scope`` with their copies, in
    filing order."""
    require_role(ctx, "librarian", "admin", action="export MARC")
    if scope not in SCOPES:
        raise DeskError("bad_input", detail=one_of("scope", SCOPES), field="scope")
    codes = {pid: code for pid, code in s.execute(select(Point.id, Point.code))}
    if scope == "shipment":
        row = _shipment(s, ctx, shipment or "")
        q = (
            select(Item)
            .join(ShipmentLine, ShipmentLine.item_id == Item.id)
            .where(ShipmentLine.shipment_id == row.id)
        )
        items = list(s.scalars(q))
        title_ids = sorted({it.title_id for it in items})
        bare: list[Title] = []
    else:
        q = select(Item).where(Item.owner_point_id == ctx.point.id, Item.status != "withdrawn")
        items = list(s.scalars(q))
        title_ids = sorted({it.title_id for it in items})
        bare = list(
            s.scalars(
                select(Title).where(~exists().where(Item.title_id == Title.id), Title.uid != _STUB)
            )
        )
    by_title: dict[int, list[Item]] = defaultdict(list)
    for it in sorted(items, key=lambda i: i.barcode):
        by_title[it.title_id].append(it)
    titles: dict[int, Title] = {t.id: t for t in bare}
    for i in range(0, len(title_ids), 500):
        for t in s.scalars(select(Title).where(Title.id.in_(title_ids[i : i + 500]))):
            titles[t.id] = t
    titles.pop(next((k for k, t in titles.items() if t.uid == _STUB), -1), None)
    kept: dict[int, TitleMarc] = {}
    ids = sorted(titles)
    for i in range(0, len(ids), 500):
        q2 = select(TitleMarc).where(TitleMarc.title_id.in_(ids[i : i + 500]))
        kept.update((m.title_id, m) for m in s.scalars(q2))
    out = []
    for tid, t in titles.items():
        copies = by_title.get(tid, [])
        m = kept.get(tid)
        out.append(
            ExportTitle(
                uid=t.uid,
                isbn=t.isbn,
                title=t.title,
                author=t.author,
                publisher=t.publisher,
                year=t.year,
                clc=t.clc,
                language=t.language,
                price_cents=next(
                    (c.price_cents for c in copies if c.price_cents is not None), None
                ),
                kept=Kept.from_json(m.fields if m else None),
                filing=m.filing_title if m else "",
                copies=tuple(
                    ExportCopy(c.barcode, c.call_number, codes.get(c.owner_point_id, ""))
                    for c in copies
                ),
            )
        )
    return ctx.today(), list(ordered(out))
