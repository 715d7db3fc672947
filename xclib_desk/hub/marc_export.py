"""MARC export at the hub (``xclib-hub export-marc``): the union catalogue, one point's
holdings, or one shipment, written by the desk's writer (``marc_export``) so both ends export
the same records.

The union catalogue is every title with its catalogued copies (a copy known only from a loan,
with no owner yet, is left out) and every title without copies; a point's holdings are the
titles of the copies it owns; a shipment's are the titles of the copies it carried. Withdrawn
copies are never exported. The MARC fields an import at the hub kept (``hub_title_marc``) come
back; titles catalogued at a desk export from their columns.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from ..common.times import BEIJING, utcnow
from ..errors import DeskError
from ..marc import Kept
from ..marc_export import ExportCopy, ExportResult, ExportTitle, check_options, ordered, write
from .errors import HubError
from .models import HubItem, HubPoint, HubShipment, HubShipmentItem, HubTitle, HubTitleMarc


def export_titles(
    s: Session, *, point: str | None = None, shipment: str | None = None
) -> list[ExportTitle]:
    """The titles of the scope (union catalogue when neither is given), in filing order."""
    q: Select[Any] = select(HubItem).where(
        HubItem.owner.is_not(None), HubItem.status != "withdrawn"
    )
    bare: list[HubTitle] = []
    if shipment is not None:
        ref = shipment.strip()
        row = s.get(HubShipment, ref)
        if row is None:
            raise HubError(404, "unknown_shipment", f"no shipment {ref[:40]}")
        q = q.join(HubShipmentItem, HubShipmentItem.barcode == HubItem.barcode).where(
            HubShipmentItem.shipment_uid == row.uid
        )
    elif point is not None:
        code = point.strip().upper()
        if s.get(HubPoint, code) is None:
            raise HubError(404, "unknown_point", f"no point {code}")
        q = q.where(HubItem.owner == code)
    else:
        bare = list(
            s.scalars(select(HubTitle).where(~exists().where(HubItem.title_uid == HubTitle.uid)))
        )
    by_title: dict[str, list[HubItem]] = defaultdict(list)
    for it in s.scalars(q.order_by(HubItem.barcode)):
        if it.title_uid:
            by_title[it.title_uid].append(it)
    titles: dict[str, HubTitle] = {t.uid: t for t in bare}
    uids = sorted(by_title)
    for i in range(0, len(uids), 500):
        titles.update(
            (t.uid, t)
            for t in s.scalars(select(HubTitle).where(HubTitle.uid.in_(uids[i : i + 500])))
        )
    kept: dict[str, HubTitleMarc] = {}
    every = sorted(titles)
    for i in range(0, len(every), 500):
        q2 = select(HubTitleMarc).where(HubTitleMarc.uid.in_(every[i : i + 500]))
        kept.update((m.uid, m) for m in s.scalars(q2))
    return list(
        ordered(_title(t, by_title.get(uid, []), kept.get(uid)) for uid, t in titles.items())
    )


def _title(t: HubTitle, copies: list[HubItem], m: HubTitleMarc | None) -> ExportTitle:
    d: dict[str, Any] = t.data
    year = d.get("year")
    return ExportTitle(
        uid=t.uid,
        isbn=d.get("isbn"),
        title=str(d.get("title") or ""),
        author=str(d.get("author") or ""),
        publisher=str(d.get("publisher") or ""),
        year=int(year) if isinstance(year, int) else None,
        clc=str(d.get("clc") or ""),
        language=str(d.get("language") or "chi"),
        price_cents=next((c.price_cents for c in copies if c.price_cents is not None), None),
        kept=Kept.from_json(m.fields if m else None),
        filing=m.filing_title if m else "",
        copies=tuple(ExportCopy(c.barcode, c.call_number, c.owner or "") for c in copies),
    )


def export_file(
    hub: Any,
    path: Path,
    *,
    point: str | None = None,
    shipment: str | None = None,
    fmt: str = "iso2709",
    flavour: str = "cnmarc",
    encoding: str = "utf-8",
) -> ExportResult:
    """Write the scope's records to ``path`` (beside it first, then renamed into place)."""
    try:
        check_options(fmt, flavour, encoding)
    except DeskError as e:
        raise HubError(400, e.code, e.message("en")) from None
    if point is not None and shipment is not None:
        raise HubError(400, "bad_input", "--point or --shipment, not both")
    if not path.parent.is_dir():
        raise HubError(400, "bad_input", f"no such directory: {path.parent}")
    with hub.read() as s:
        titles = export_titles(s, point=point, shipment=shipment)
    today: date = utcnow().astimezone(BEIJING).date()
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as out:
            result = write(out, titles, fmt=fmt, flavour=flavour, encoding=encoding, today=today)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return result
