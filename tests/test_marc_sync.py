"""A chunked MARC import's events reach a real hub exactly once.

The import writes each batch set-based (titles, copies, events and audit entries in executemany
statements under one sequence reservation); this checks what the hub receives: one
``title.added`` per title and one ``item.added`` per copy, in a gap-free sequence, each applied
once, the catalogue and copies as the desk has them, and a re-import (unchanged and changed
records, a title corrected by a later record of the same file) adding only ``title.updated``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from holdings_fixtures import cnmarc, iso2709
from sqlalchemy import select
from stdnum import ean
from sync_fixtures import HubProc, Station, hub, serial, station

from xclib_desk import desk_marc
from xclib_desk.hub.models import HubEvent, HubItem, HubTitle
from xclib_desk.services.context import Actor
from xclib_desk.store import STORE_FILE

__all__ = ["hub", "station"]  # the fixtures, used by name

LIB = Actor("lib", "librarian", "李馆员")
MakeStation = Callable[..., Station]


def isbn(n: int) -> str:
    body = f"978750{n % 10**6:06d}"
    return body + ean.calc_check_digit(body)


def desk_rows(st: Station, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(st.desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_chunked_import_reaches_the_hub_once(
    hub: HubProc, station: MakeStation, tmp_path: Path
) -> None:
    st = station()
    base = serial()
    isbns = [isbn(base + i) for i in range(23)]
    codes = [f"X{(base + i) % 10**9:09d}" for i in range(23)]
    records = [
        cnmarc(
            f"分批书{i}",
            isbn=isbns[i],
            author="某著",
            clc="I247.57",
            control=f"s{i}",
            copies=[(codes[i], "M123")],
        )
        for i in range(23)
    ]
    # a later record of the same file with the same ISBN corrects the title made in its batch
    records.append(cnmarc("分批书三（修订）", isbn=isbns[3], author="某著", clc="I247.57"))
    path = tmp_path / "chunked.iso"
    path.write_bytes(b"".join(iso2709(r) for r in records))

    report = desk_marc.import_file(st.desk, LIB, path, batch_size=5)  # five batches
    s = report.summary
    assert (s["imported"], s["updated"], s["items_added"]) == (23, 1, 23)
    seqs = [int(str(r[0])) for r in desk_rows(st, "SELECT seq FROM outbox_event ORDER BY seq")]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # gap-free across the batches
    # every event has its audit entry
    assert desk_rows(st, "SELECT count(*) FROM outbox_event e JOIN audit_log a "
                         "ON a.event_seq = e.seq WHERE e.type LIKE 'title.%' "
                         "OR e.type = 'item.added'")[0][0] == 47  # fmt: skip
    st.sync()
    st.sync()  # nothing twice

    def hub_events() -> Counter[tuple[str, str]]:
        rows = hub.query(
            select(HubEvent.type, HubEvent.payload, HubEvent.status).where(
                HubEvent.point_code == st.code
            )
        )
        assert all(r.status == "applied" for r in rows if r.type.startswith(("title.", "item.")))
        return Counter(
            (r.type, r.payload.get("uid") or r.payload.get("barcode"))
            for r in rows
            if r.type in ("title.added", "item.added", "title.updated")
        )

    uids = dict(desk_rows(st, "SELECT isbn, uid FROM title"))
    got = hub_events()
    assert got == Counter(
        [("title.added", uids[i]) for i in isbns]
        + [("item.added", c) for c in codes]
        + [("title.updated", uids[isbns[3]])]
    )
    titles = dict(hub.query(select(HubTitle.uid, HubTitle.data).where(
        HubTitle.uid.in_(list(uids.values())))))  # fmt: skip
    assert len(titles) == 23 and titles[uids[isbns[3]]]["title"] == "分批书三（修订）"
    items = hub.query(select(HubItem.barcode, HubItem.title_uid, HubItem.owner).where(
        HubItem.barcode.in_(codes)))  # fmt: skip
    assert sorted(items) == sorted((c, uids[i], st.code) for c, i in zip(codes, isbns, strict=True))

    # a re-import: unchanged records and copies add nothing; a changed one only its update
    records[3] = cnmarc("分批书三（修订）", isbn=isbns[3], author="某著", clc="I247.57",
                        control="s3", copies=[(codes[3], "M123")])  # fmt: skip
    records.pop()
    records[7] = cnmarc("分批书七（新版）", isbn=isbns[7], author="某著", clc="I247.57",
                        control="s7", copies=[(codes[7], "M123")])  # fmt: skip
    path.write_bytes(b"".join(iso2709(r) for r in records))
    again = desk_marc.import_file(st.desk, LIB, path, batch_size=5)
    assert again.summary["imported"] == 0 and again.summary["items_added"] == 0
    st.sync()
    assert hub_events() == got + Counter([("title.updated", uids[isbns[7]])])
