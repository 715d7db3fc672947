"""MARC import rate and holdings search latency at district size. Prints JSON.

1. Import: a generated CNMARC file (ISO 2709, UTF-8; 50,000 records with one copy each by
   default) imported through ``desk_marc.import_file`` into a fresh store: records/s.
2. Search: ``bulkload.bulk_load`` writes 300,000 items (100,000 titles) into another store, the
   index is rebuilt (timed), then three kinds of query, each sampled from the real titles, run
   through ``search.search_holdings`` (FTS5) and, in the same run, as a plain
   ``LIKE '%…%'`` scan over title, author, publisher and ISBN: a two-character Chinese
   fragment, pinyin initials of a title's first three characters, and an ISBN with hyphens.
   LIKE cannot answer pinyin at all; its hit count shows that. ``chinese_author`` (an author's
   name) matches few titles, so LIKE cannot stop early at its LIMIT and scans the table.

    .venv/bin/python bench/bench_search.py                          # full size
    .venv/bin/python bench/bench_search.py --records 5000 --items 30000 --queries 30
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bulkload import bulk_load
from pypinyin import Style, lazy_pinyin

from xclib_desk import desk_marc
from xclib_desk.demo.catalogue import author_mark, make_titles
from xclib_desk.desk import Desk
from xclib_desk.services import search
from xclib_desk.services.context import Actor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from holdings_fixtures import cnmarc, iso2709  # noqa: E402

LIB = Actor("bench", "librarian", "bench")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 3)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def bench_import(tmp: Path, n: int) -> dict[str, Any]:
    rng = random.Random(3)
    specs = make_titles(rng, n)
    path = tmp / "bench.iso"
    with path.open("wb") as f:
        for i, t in enumerate(specs):
            rec = cnmarc(
                t.title,
                isbn=t.isbn,
                author=t.author,
                publisher=t.publisher,
                year=str(t.year or 2020),
                clc=t.clc,
                copies=[(f"X{i + 1:09d}", author_mark(t.author, rng))],
                control=f"bench{i:08d}",
            )
            f.write(iso2709(rec))
    desk = Desk.initialise(tmp / "import", point_code="XJK", point_name="基准", level="street")
    t0 = time.perf_counter()
    report = desk_marc.import_file(desk, LIB, path)
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    again = desk_marc.import_file(desk, LIB, path)
    seconds_again = time.perf_counter() - t1
    desk.close()
    return {
        "records": n,
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "seconds": round(seconds, 2),
        "records_per_s": round(n / seconds, 1),
        "summary": report.summary,
        "reimport_seconds": round(seconds_again, 2),
        "reimport_records_per_s": round(n / seconds_again, 1),
        "reimport_unchanged": again.summary["unchanged"],
    }


def bench_search(tmp: Path, items: int, queries: int) -> dict[str, Any]:
    desk = Desk.initialise(tmp / "search", point_code="XJK", point_name="基准", level="street")
    t0 = time.perf_counter()
    bulk_load(desk, readers=1000, items=items, open_loans=0)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    indexed = desk.write(search.rebuild_index, LIB)
    index_s = time.perf_counter() - t0
    db = desk.data_dir / "store.sqlite3"

    with desk.session(write=False) as s:
        rows = s.connection().exec_driver_sql("SELECT title, isbn, author FROM title").all()
    rng = random.Random(11)
    sample = [rows[rng.randrange(len(rows))] for _ in range(queries)]
    cases: dict[str, list[str]] = {
        "chinese_fragment": [],
        "chinese_author": [],
        "pinyin_initials": [],
        "isbn": [],
    }
    for title, isbn, author in sample:
        cjk = [ch for ch in title if "\u4e00" <= ch <= "\u9fff"]
        start = rng.randrange(max(1, len(cjk) - 1))
        cases["chinese_fragment"].append("".join(cjk[start : start + 2]) or title[:2])
        name = [ch for ch in author if "\u4e00" <= ch <= "\u9fff"]
        cases["chinese_author"].append("".join(name[:3]) or "鲁迅")
        cases["pinyin_initials"].append(
            "".join(lazy_pinyin("".join(cjk[:3]), style=Style.FIRST_LETTER)) or "hlm"
        )
        cases["isbn"].append(f"{isbn[:3]}-{isbn[3]}-{isbn[4:7]}-{isbn[7:12]}-{isbn[12]}")

    like_sql = (
        "SELECT t.id, count(i.id) FROM title t LEFT JOIN item i ON i.title_id = t.id "
        "WHERE t.title LIKE :q OR t.author LIKE :q OR t.publisher LIKE :q OR t.isbn LIKE :q "
        "GROUP BY t.id LIMIT 50"
    )
    out: dict[str, Any] = {}
    for name, qs in cases.items():
        for q in qs[:3]:  # warm the page cache for both paths
            desk.read(search.search_holdings, LIB, q)
        fts_ms, fts_hits, like_ms, like_hits = [], [], [], []
        for q in qs:
            ms, hits = timed(lambda q=q: desk.read(search.search_holdings, LIB, q))
            fts_ms.append(ms)
            fts_hits.append(len(hits))
            term = q.replace("-", "") if name == "isbn" else q

            def like(term: str = term) -> list[Any]:
                with desk.session(write=False) as s:
                    return list(
                        s.connection().exec_driver_sql(
                            like_sql.replace(":q", "?"), (f"%{term}%",) * 4
                        )
                    )

            ms, hits = timed(like)
            like_ms.append(ms)
            like_hits.append(len(hits))
        out[name] = {
            "examples": qs[:3],
            "fts_p50_ms": pct(fts_ms, 50),
            "fts_p95_ms": pct(fts_ms, 95),
            "like_p50_ms": pct(like_ms, 50),
            "like_p95_ms": pct(like_ms, 95),
            "fts_mean_hits": round(statistics.mean(fts_hits), 1),
            "like_mean_hits": round(statistics.mean(like_hits), 1),
        }
    desk.close()
    return {
        "items": items,
        "titles": len(rows),
        "bulk_load_s": round(load_s, 1),
        "index_rebuild_s": round(index_s, 1),
        "titles_indexed": indexed,
        "store_mb": round(db.stat().st_size / 1e6, 1),
        "queries_per_kind": queries,
        "queries": out,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=int(os.environ.get("BENCH_RECORDS", 50_000)))
    p.add_argument("--items", type=int, default=int(os.environ.get("BENCH_ITEMS", 300_000)))
    p.add_argument("--queries", type=int, default=int(os.environ.get("BENCH_QUERIES", 100)))
    p.add_argument("--skip-import", action="store_true")
    p.add_argument("--skip-search", action="store_true")
    args = p.parse_args(argv)
    result: dict[str, Any] = {"bench": "search", "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="xclib-bench-search-") as d:
        tmp = Path(d)
        t0, c0 = time.perf_counter(), time.process_time()
        if not args.skip_import:
            result["import"] = bench_import(tmp, args.records)
        if not args.skip_search:
            result["search"] = bench_search(tmp, args.items, args.queries)
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        result["cpu_s"] = round(time.process_time() - c0, 1)
        result["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
