"""MARC import and export at the desk, at district size. Prints JSON.

1. Import: a generated CNMARC file (ISO 2709, UTF-8 declared in 100 $a/26-27; 50,000 records
   by default, each with one copy in 905, an edition, place, extent and dimensions, a series, a
   summary, names in 701/702, and a title with NSB/NSE markers one record in ten) imported
   through ``desk_marc.import_file`` into a fresh store: seconds and records/s; then the
   re-import of the same file (all unchanged).
2. Export: the whole store through ``desk_marc.export_file`` (what ``xclib-desk export-marc``
   runs) as ISO 2709 CNMARC UTF-8 and as MARCXML MARC 21 GB18030: seconds and records/s; the
   ISO 2709 export is then imported again (the round trip: all unchanged).
3. MARC-8: the same number of MARC 21 records in MARC-8 (leader/09 blank, ANSEL diacritics)
   parsed through ``marc.read_file`` (pymarc's converter): seconds and records/s.

The machine's load average is printed beside the figures, and each phase's CPU time of this
process (``cpu_s``) beside its wall time: on a shared machine the CPU time is the figure that
says what the code costs.

    .venv/bin/python bench/bench_marc.py                  # 50,000 records
    .venv/bin/python bench/bench_marc.py --records 2000   # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from xclib_desk import desk_marc, marc
from xclib_desk.demo.catalogue import author_mark, make_titles
from xclib_desk.desk import Desk
from xclib_desk.services.context import Actor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from holdings_fixtures import Field, cnmarc, iso2709  # noqa: E402

LIB = Actor("bench", "librarian", "bench")
SUMMARY = "本书以一个家族的兴衰为线索，描写了社会各阶层的生活与命运，语言生动，人物鲜明。" * 3


def cnmarc_file(path: Path, n: int) -> None:
    rng = random.Random(3)
    with path.open("wb") as f:
        for i, t in enumerate(make_titles(rng, n)):
            title = f"\x88The \x89{t.title}" if i % 10 == 0 else t.title
            rec: list[Field] = cnmarc(
                title,
                isbn=t.isbn,
                author=t.author,
                publisher=t.publisher,
                year=str(t.year or 2020),
                clc=t.clc,
                copies=[(f"X{i + 1:09d}", author_mark(t.author, rng))],
                control=f"bench{i:08d}",
            )
            f100 = ("100", "  ", [("a", f"20261205d{t.year or 2020}    em y0chiy50      ea")])
            more: list[Field] = [
                ("205", "  ", [("a", "第2版")]),
                ("215", "  ", [("a", "320页"), ("d", "21cm")]),
                ("225", "2 ", [("a", "世界文学名著丛书")]),
                ("330", "  ", [("a", SUMMARY)]),
                ("702", " 0", [("a", "某某"), ("4", "译")]),
            ]
            f.write(iso2709([rec[0], f100, *rec[1:], *more]))


def marc8_file(path: Path, n: int) -> None:
    """MARC 21 in MARC-8: ANSEL combining marks precede their letter (0xE5 macron + o)."""
    with path.open("wb") as f:
        for i in range(n):
            rec: list[Field] = [
                ("001", f"m8-{i:08d}"),
                ("100", "1 ", [("a", "Arnold, Paul A.")]),
                ("245", "10", [("a", "Beikoku no t~ochi no shikumi /"), ("c", "Paul Arnold.")]),
                ("264", " 1", [("a", "Herndon :"), ("b", "Braddock,"), ("c", "2004.")]),
                ("300", "  ", [("a", "36 p. ;"), ("c", "28 cm.")]),
            ]
            # "~" stands in for the ANSEL macron (0xE5), byte for byte: the lengths hold
            f.write(iso2709(rec, "ascii").replace(b"~o", b"\xe5o"))


def run(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"records": args.records, "loadavg_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src = tmp / "bench.iso"
        cnmarc_file(src, args.records)
        desk = Desk.initialise(tmp / "desk", point_code="XJK", point_name="基准", level="street")
        t0, c0 = time.perf_counter(), time.process_time()
        report = desk_marc.import_file(desk, LIB, src)
        imp, imp_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        again = desk_marc.import_file(desk, LIB, src)
        reimp = time.perf_counter() - t0
        out["import"] = {
            "seconds": round(imp, 2),
            "cpu_s": round(imp_cpu, 2),
            "records_per_s": round(args.records / imp, 1),
            "summary": report.summary,
            "reimport_seconds": round(reimp, 2),
            "reimport_cpu_s": round(time.process_time() - c0, 2),
            "reimport_unchanged": again.summary["unchanged"],
        }
        exports: dict[str, Any] = {}
        for name, fmt, flavour, enc in (
            ("iso2709_cnmarc_utf8", "iso2709", "cnmarc", "utf-8"),
            ("marcxml_marc21_gb18030", "marcxml", "marc21", "gb18030"),
        ):
            path = tmp / f"{name}.out"
            t0, c0 = time.perf_counter(), time.process_time()
            result = desk_marc.export_file(desk, LIB, path, fmt=fmt, flavour=flavour, encoding=enc)
            sec = time.perf_counter() - t0
            exports[name] = {
                "seconds": round(sec, 2),
                "cpu_s": round(time.process_time() - c0, 2),
                "records_per_s": round(result.records / sec, 1),
                "records": result.records,
                "items": result.items,
                "bytes": path.stat().st_size,
            }
        t0, c0 = time.perf_counter(), time.process_time()
        back = desk_marc.import_file(desk, LIB, tmp / "iso2709_cnmarc_utf8.out")
        exports["round_trip_import"] = {
            "seconds": round(time.perf_counter() - t0, 2),
            "cpu_s": round(time.process_time() - c0, 2),
            "unchanged": back.summary["unchanged"],
            "imported": back.summary["imported"],
            "updated": back.summary["updated"],
        }
        out["export"] = exports
        desk.close()
        m8 = tmp / "marc8.mrc"
        marc8_file(m8, args.records)
        t0, c0 = time.perf_counter(), time.process_time()
        parsed = marc.read_file(m8)
        sec = time.perf_counter() - t0
        good = [r for r in parsed if isinstance(r, marc.BibRecord)]
        out["marc8_parse"] = {
            "seconds": round(sec, 2),
            "cpu_s": round(time.process_time() - c0, 2),
            "records_per_s": round(len(parsed) / sec, 1),
            "read": len(good),
            "title": good[0].title if good else "",
        }
    out["loadavg_after"] = os.getloadavg()
    return out


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--records", type=int, default=50_000)
    return ap.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(run(parse()), ensure_ascii=False, indent=2))
