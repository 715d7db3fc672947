"""The union catalogue at the hub: MARC import rate and union search latency. Prints JSON.

1. Import: a generated CNMARC file (one copy per record) imported with ``xclib-hub
   import-marc``'s code path (``hub.marc_import.import_file``) into a fresh hub database for one
   point: records/s, then the re-import (all unchanged).
2. Search: queries sampled from the imported titles run through ``hub.catalogue.search`` (what
   ``GET /v1/search`` does, without the HTTP hop): a two-character Chinese fragment, pinyin
   initials of a title's first three characters, an ISBN with hyphens, and a CLC class prefix;
   p50/p95 in ms and the mean hit count.

    .venv/bin/python bench/bench_union.py                                   # SQLite, 50,000
    .venv/bin/python bench/bench_union.py --records 2000 --queries 20       # a quick check
    .venv/bin/python bench/bench_union.py --db postgresql+psycopg://...     # an empty database
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin
from stdnum import isbn as stdisbn

from xclib_desk.demo.catalogue import author_mark, make_titles
from xclib_desk.hub import admin, catalogue
from xclib_desk.hub.db import Hub, make_engine, migrate
from xclib_desk.hub.marc_import import import_file
from xclib_desk.hub.models import HubTitle
from xclib_desk.protocol.wire import PointIn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from holdings_fixtures import cnmarc, iso2709  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 3)


def write_file(path: Path, n: int) -> None:
    rng = random.Random(3)
    with path.open("wb") as f:
        for i, t in enumerate(make_titles(rng, n)):
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


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        url = args.db or f"sqlite:///{tmp / 'hub.sqlite3'}"
        engine = make_engine(url)
        migrate(engine)
        hub = Hub(engine)
        with hub.write() as s:
            admin.seed(s)
            admin.add_point(s, PointIn(code="XC-HALL", name="西城区图书馆", level="district"))
        path = tmp / "bench.iso"
        write_file(path, args.records)
        t0 = time.perf_counter()
        report = import_file(hub, path, "XC-HALL", batch_size=args.batch)
        seconds = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = import_file(hub, path, "XC-HALL", batch_size=args.batch)
        seconds_again = time.perf_counter() - t1

        with hub.read() as s:
            rows = [t for (t,) in s.execute(HubTitle.__table__.select().with_only_columns(
                HubTitle.data))]  # fmt: skip
        rng = random.Random(11)
        sample = [rows[rng.randrange(len(rows))] for _ in range(args.queries)]
        cases: dict[str, list[str]] = {k: [] for k in ("chinese_fragment", "pinyin_initials",
                                                       "isbn", "clc_prefix")}  # fmt: skip
        for t in sample:
            cjk = [ch for ch in t["title"] if "\u4e00" <= ch <= "\u9fff"]
            start = rng.randrange(max(1, len(cjk) - 1))
            cases["chinese_fragment"].append("".join(cjk[start : start + 2]) or t["title"][:2])
            cases["pinyin_initials"].append(
                "".join(lazy_pinyin("".join(cjk[:3]), style=Style.FIRST_LETTER)) or "hlm"
            )
            cases["isbn"].append(stdisbn.format(t["isbn"]) if t.get("isbn") else "9787020002207")
            cases["clc_prefix"].append((t.get("clc") or "I247")[:4])
        search: dict[str, Any] = {}
        for name, queries in cases.items():
            times, hits = [], []
            for q in queries:
                with hub.read() as s:
                    t0 = time.perf_counter()
                    found = catalogue.search(s, q, 50)
                    times.append((time.perf_counter() - t0) * 1000)
                hits.append(len(found))
            search[name] = {
                "n": len(times),
                "p50_ms": pct(times, 50),
                "p95_ms": pct(times, 95),
                "mean_hits": round(statistics.mean(hits), 1),
            }
        engine.dispose()
    return {
        "backend": engine.dialect.name,
        "import": {
            "records": args.records,
            "seconds": round(seconds, 2),
            "records_per_s": round(args.records / seconds, 1),
            "summary": report.summary,
            "reimport_records_per_s": round(args.records / seconds_again, 1),
            "reimport_unchanged": again.summary["unchanged"],
        },
        "search": search,
    }


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--db", help="an empty hub database URL (default: a temporary SQLite file)")
    return ap.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(run(parse()), ensure_ascii=False, indent=2))
