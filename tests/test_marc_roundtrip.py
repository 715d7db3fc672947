"""MARC round trip: import → export → import changes nothing. A hypothesis property over
generated records in every format, flavour and encoding (no database: the reader, the checks
and the writer), then real stores: the public records of tests/marc_corpus and records with
copies through a desk, and the union catalogue through a real hub process."""

from __future__ import annotations

import importlib.util
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import LIBRARIAN, Kit
from holdings_fixtures import cnmarc, iso2709
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from stdnum import ean
from sync_fixtures import HubProc, hub, station  # noqa: F401  (fixtures)

from xclib_desk import cli, desk_marc, marc, marc_checks, marc_export
from xclib_desk.errors import DeskError
from xclib_desk.hub.models import HubTitleMarc
from xclib_desk.marc import NSB, NSE, Kept
from xclib_desk.marc_export import ExportCopy, ExportTitle
from xclib_desk.services import shipments
from xclib_desk.store import STORE_FILE

CORPUS = Path(__file__).parent / "marc_corpus"
TODAY = date(2026, 12, 5)
COMBOS = [
    (fmt, flavour, enc)
    for fmt in marc_export.EXPORT_FORMATS
    for flavour in marc_export.FLAVOURS
    for enc in marc_export.EXPORT_ENCODINGS
]


def state(data: bytes, fmt: str, encoding: str) -> list[tuple[Any, ...]]:
    """What an import of ``data`` would write: each record's checked fields, kept fields,
    filing form, copies and price (or why it is refused)."""
    path_free = marc.read_marcxml(data, encoding) if fmt == "marcxml" else [
        marc.decode_iso2709(chunk, pos, encoding) if chunk is not None else marc.BadRecord(pos, why)  # type: ignore[arg-type]
        for pos, chunk, why in marc.split_iso2709(data)
    ]  # fmt: skip
    out: list[tuple[Any, ...]] = []
    for r in path_free:
        if isinstance(r, marc.BadRecord):
            out.append(("bad", r.reason.code))
            continue
        try:
            c = marc_checks.clean_record(r, TODAY)
        except DeskError as e:
            out.append(("refused", e.code))
            continue
        price = r.price_cents if r.copies else None
        out.append((c.isbn, c.title, c.author, c.publisher, c.year, c.clc, c.language, c.marc,
                    c.filing, r.copies, price))  # fmt: skip
    return out


def export(titles: list[ExportTitle], fmt: str, flavour: str, encoding: str) -> bytes:
    buf = io.BytesIO()
    result = marc_export.write(
        buf, titles, fmt=fmt, flavour=flavour, encoding=encoding, today=TODAY
    )
    assert not result.skipped
    return buf.getvalue()


def reimported(data: bytes, fmt: str, encoding: str) -> list[ExportTitle]:
    """The titles an import of ``data`` makes, as an export would see them."""
    recs = (
        marc.read_marcxml(data, encoding)
        if fmt == "marcxml"
        else [marc.decode_iso2709(c, p, encoding) for p, c, _ in marc.split_iso2709(data) if c]
    )
    out = []
    for i, r in enumerate(recs):
        assert isinstance(r, marc.BibRecord), r
        out.append(marc_export.from_record(f"uid-{i}", marc_checks.clean_record(r, TODAY), r, "P1"))
    return out


# --- generated records -------------------------------------------------------------------------
LETTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list("红楼梦围城水浒传長城钱锺书曹雪芹")
    + list("АБВГДежзий")
    + list("éüøçñāōūĭ")
    + list(" .,:;/=-'()&")
)
TEXT = st.text(LETTERS, min_size=0, max_size=30)
WORD = st.text(LETTERS, min_size=1, max_size=30).filter(lambda s: any(ch.isalnum() for ch in s))
CLCS = ["", "I247.57", "K825.6", "TP311.1", "I242.47"]


@st.composite
def isbns(draw: st.DrawFn) -> str | None:
    if draw(st.booleans()):
        return None
    body = "978" + "".join(str(draw(st.integers(0, 9))) for _ in range(9))
    return body + ean.calc_check_digit(body)


@st.composite
def titles(draw: st.DrawFn, n: int) -> ExportTitle:
    title = draw(WORD)
    marked = ""
    if draw(st.booleans()) and len(title) > 2:
        cut = draw(st.integers(1, len(title) - 1))
        marked = f"{NSB}{title[:cut]}{NSE}{title[cut:]}"
    copies = tuple(
        ExportCopy(f"X{n:04d}{k:05d}", f"{draw(st.sampled_from(CLCS[1:]))}/C{k}", "P1")
        for k in range(draw(st.integers(0, 3)))
    )
    kinds = st.sampled_from(["person", "person2", "org", "org2"])
    kept = Kept(
        title_marked=marked,
        parallel=tuple(draw(st.lists(WORD, max_size=2))),
        edition=draw(TEXT),
        place=draw(TEXT),
        extent=draw(TEXT),
        dimensions=draw(TEXT),
        series=tuple(draw(st.lists(WORD, max_size=2))),
        summary=draw(TEXT),
        agents=tuple(draw(st.lists(st.tuples(kinds, WORD), max_size=3))),
        other_class=tuple(f"050 {v}" for v in draw(st.lists(WORD, max_size=1))),
    )
    year = draw(st.one_of(st.none(), st.integers(1450, 2026)))
    return ExportTitle(
        uid=f"uid-{n}",
        isbn=draw(isbns()),
        title=title,
        author=draw(TEXT),
        publisher=draw(TEXT),
        year=year,
        clc=draw(st.sampled_from(CLCS)),
        language="chi",
        price_cents=draw(st.one_of(st.none(), st.integers(0, 1_000_000))),
        kept=kept,
        copies=copies,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(st.integers(0, 10**6), min_size=1, max_size=4).flatmap(
        lambda ns: st.tuples(*(titles(i) for i in range(len(ns))))
    ),
    combo=st.sampled_from(COMBOS),
)
def test_property_import_export_import_changes_nothing(
    batch: tuple[ExportTitle, ...], combo: tuple[str, str, str]
) -> None:
    fmt, flavour, enc = combo
    first_file = export(list(batch), fmt, flavour, enc)
    first = state(first_file, fmt, enc)
    assert all(r[0] not in ("bad", "refused") for r in first), first
    second_file = export(reimported(first_file, fmt, enc), fmt, flavour, enc)
    assert state(second_file, fmt, enc) == first
    # the catalogued title survives as written (markers only for display); MARC 21 ends 245 with
    # an ISBD full stop, so a title's own final full stop cannot be told from it
    keep = marc._no_period if flavour == "marc21" else str
    assert [r[1] for r in first] == [keep(marc._clean(t.title)) for t in batch]


# --- real records ------------------------------------------------------------------------------
CORPUS_FILES = {
    "test.dat": "marc21",
    "batch.xml": "marc21",
    "diacritic.dat": "marc21",
    "marc8.dat": "marc21",
    "bad_eacc_encoding.dat": "marc21",
    "testunimarc.dat": "cnmarc",
}


@pytest.mark.parametrize("name", sorted(CORPUS_FILES))
def test_corpus_records_survive_export_in_every_format(name: str) -> None:
    """Each real record, read, exported and read again in its flavour, in both formats and
    both encodings, is the record the first import made."""
    path = CORPUS / name
    data = path.read_bytes()
    fmt = marc.detect_format(data)
    first = state(data, fmt, "auto")
    good = [r for r in first if r[0] not in ("bad", "refused")]
    assert good, first
    flavour = CORPUS_FILES[name]
    for out_fmt in marc_export.EXPORT_FORMATS:
        for enc in marc_export.EXPORT_ENCODINGS:
            out = export(reimported_file(path), out_fmt, flavour, enc)
            assert state(out, out_fmt, enc) == good, (out_fmt, enc)


def reimported_file(path: Path) -> list[ExportTitle]:
    out = []
    for i, r in enumerate(marc.read_file(path)):
        if isinstance(r, marc.BibRecord):
            try:
                clean = marc_checks.clean_record(r, TODAY)
            except DeskError:
                continue
            out.append(marc_export.from_record(f"uid-{i}", clean, r, "P1"))
    return out


def store_rows(kit: Kit) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(kit.desk.data_dir / STORE_FILE)
    try:
        return con.execute(
            "SELECT t.isbn, t.title, t.author, t.publisher, t.year, t.clc, m.filing_title, "
            "m.fields FROM title t LEFT JOIN title_marc m ON m.title_id = t.id ORDER BY t.uid"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    ("name", "fmt", "encoding"),
    [
        ("test.dat", "iso2709", "utf-8"),
        ("batch.xml", "marcxml", "gb18030"),
        ("bad_eacc_encoding.dat", "marcxml", "utf-8"),
        ("testunimarc.dat", "iso2709", "gb18030"),
        ("diacritic.dat", "iso2709", "utf-8"),
    ],
)
def test_desk_round_trip_of_real_records(kit: Kit, tmp_path: Path, name: str, fmt: str,
                                         encoding: str) -> None:  # fmt: skip
    first = desk_marc.import_file(kit.desk, LIBRARIAN, CORPUS / name)
    assert first.summary["imported"] >= 1
    before, counts = store_rows(kit), kit.counts()
    out = tmp_path / f"export.{fmt}"
    result = desk_marc.export_file(
        kit.desk, LIBRARIAN, out, fmt=fmt, flavour=CORPUS_FILES[name], encoding=encoding
    )
    assert result.records == len(before)
    again = desk_marc.import_file(kit.desk, LIBRARIAN, out, encoding=encoding)
    assert [r.outcome for r in again.rows] == ["unchanged"] * len(before), again.text("en")
    assert store_rows(kit) == before and kit.counts() == counts  # no row, no event
    # and an export of the re-imported store is the same file
    out2 = tmp_path / f"again.{fmt}"
    desk_marc.export_file(
        kit.desk, LIBRARIAN, out2, fmt=fmt, flavour=CORPUS_FILES[name], encoding=encoding
    )
    assert out2.read_bytes() == out.read_bytes()


def test_desk_round_trip_with_copies_and_the_cli(
    kit: Kit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        cnmarc("红楼梦", isbn="978-7-02-000220-7", author="曹雪芹著", clc="I242.47",
               copies=[("X000000001", "C521"), ("X000000002", "C521")]),
        cnmarc("围城", isbn="9787020090006", author="钱锺书著", clc="I246.57",
               copies=[("X000000003", "Q452")]),
        cnmarc("\x1bH The \x1bI水浒传", isbn="9787020008728", clc="I242.4"),
    ]  # fmt: skip
    src = tmp_path / "in.iso"
    src.write_bytes(b"".join(iso2709(r, "gb18030") for r in records))
    first = desk_marc.import_file(kit.desk, LIBRARIAN, src, encoding="gb18030")
    assert first.summary["items_added"] == 3
    before, counts = store_rows(kit), kit.counts()
    kit.desk.close()
    out = tmp_path / "out.mrc"
    args = ["--data-dir", str(kit.desk.data_dir), "--staff", "lib"]
    assert cli.main([*args, "export-marc", str(out), "--encoding", "gb18030", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)["result"]
    assert (res["records"], res["items"], res["skipped"]) == (3, 3, [])
    data = out.read_bytes()
    assert "\x88 The \x89水浒传".encode("gb18030") in data  # markers kept, as U+0088/U+0089
    exported = marc.read_file(out, encoding="gb18030")
    # filing order (code points of the filing form): "The 水浒传" files under 水, not T
    assert [r.title for r in exported if isinstance(r, marc.BibRecord)] == [
        "围城", "The 水浒传", "红楼梦"]  # fmt: skip
    hlm = next(r for r in exported if isinstance(r, marc.BibRecord) and r.title == "红楼梦")
    assert [(c.barcode, c.call_number) for c in hlm.copies] == [
        ("X000000001", "I242.47/C521"), ("X000000002", "I242.47/C521")]  # fmt: skip
    assert cli.main([*args, "import-marc", str(out), "--encoding", "gb18030", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["result"]["summary"]
    assert (summary["unchanged"], summary["items_added"], summary["warnings"]) == (3, 0, 0)
    assert store_rows(kit) == before and kit.counts() == counts
    # bad options are refused before anything is written
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, exit 2
        cli.main([*args, "export-marc", str(tmp_path / "x.mrc"), "--flavour", "x"])
    assert usage.value.code == 2 and not (tmp_path / "x.mrc").exists()
    assert cli.main([*args, "--staff", "front", "export-marc", str(tmp_path / "y.mrc")]) == 1
    assert not (tmp_path / "y.mrc").exists()


def test_hub_round_trip_of_the_union_catalogue(
    hub: HubProc,  # noqa: F811
    station: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    st_ = station()
    src = CORPUS / "test.dat"
    first = json.loads(hub.cli("import-marc", str(src), "--point", st_.code, "--json"))
    assert first["result"]["summary"]["imported"] >= 1
    uni = CORPUS / "testunimarc.dat"
    hub.cli("import-marc", str(uni), "--point", st_.code, "--json")
    kept = hub.query(select(HubTitleMarc.filing_title))
    assert any(f == "altra faccia della spirale" for (f,) in kept)
    out = tmp_path / "union.xml"
    res = json.loads(hub.cli("export-marc", str(out), "--format", "marcxml", "--flavour",
                             "marc21", "--json"))["result"]  # fmt: skip
    assert res["records"] >= 11 and out.read_bytes().startswith(b"<?xml")
    again = json.loads(hub.cli("import-marc", str(out), "--point", st_.code, "--json"))
    summary = again["result"]["summary"]
    assert summary["imported"] == 0 and summary["skipped"] == 0
    # a point's holdings: this station owns no catalogued copies of these (none had 905)
    mine = tmp_path / "point.mrc"
    res2 = json.loads(hub.cli("export-marc", str(mine), "--point", st_.code, "--json"))
    assert res2["result"]["records"] == 0


def test_desk_exports_one_shipment_with_its_copies_only(kit: Kit, tmp_path: Path) -> None:
    src = tmp_path / "in.iso"
    src.write_bytes(
        iso2709(cnmarc("红楼梦", isbn="9787020002207", clc="I242.47",
                       copies=[("X000000301", "C521"), ("X000000302", "C521")]))
        + iso2709(cnmarc("围城", isbn="9787020090006", clc="I246.57",
                         copies=[("X000000303", "Q452")]))
    )  # fmt: skip
    desk_marc.import_file(kit.desk, LIBRARIAN, src)
    box = kit.desk.write(shipments.new_shipment, LIBRARIAN, "DSJD", "新书配送")
    kit.desk.write(shipments.add_item, LIBRARIAN, box.uid, "X000000302")
    out = tmp_path / "box.xml"
    result = desk_marc.export_file(
        kit.desk, LIBRARIAN, out, scope="shipment", shipment=box.uid[:8], fmt="marcxml"
    )
    assert (result.records, result.items) == (1, 1)
    (rec,) = marc.read_file(out)
    assert isinstance(rec, marc.BibRecord) and rec.title == "红楼梦"
    assert [c.barcode for c in rec.copies] == ["X000000302"]
    with pytest.raises(DeskError) as e:
        desk_marc.export_file(kit.desk, LIBRARIAN, out, scope="shipment", shipment="nope")
    assert e.value.code == "unknown_shipment"
    with pytest.raises(DeskError) as e:
        desk_marc.export_file(kit.desk, LIBRARIAN, tmp_path / "no" / "x.mrc")
    assert e.value.code == "bad_input"


def test_marc_bench_runs_and_reports_every_measure() -> None:
    """bench/bench_marc.py still runs end to end (tiny size); its timings are never asserted."""
    path = Path(__file__).resolve().parents[1] / "bench" / "bench_marc.py"
    spec = importlib.util.spec_from_file_location("bench_marc", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(bench.parse(["--records", "40"]))
    assert result["import"]["summary"]["imported"] == 40
    assert result["import"]["reimport_unchanged"] == 40
    assert result["export"]["round_trip_import"]["unchanged"] == 40
    assert {e["records"] for k, e in result["export"].items() if k != "round_trip_import"} == {40}
    assert result["marc8_parse"]["read"] == 40
    assert result["marc8_parse"]["title"] == "Beikoku no tōchi no shikumi"


def test_a_record_too_long_for_iso2709_is_named_and_marcxml_holds_it() -> None:
    big = ExportTitle(
        uid="big", isbn=None, title="丛书", author="", publisher="", year=None, clc="",
        language="chi",
        copies=tuple(ExportCopy(f"X{i:09d}", "I247.57/C1", "XJK") for i in range(3000)),
    )  # fmt: skip
    small = ExportTitle(uid="s", isbn=None, title="小书", author="", publisher="", year=None,
                        clc="", language="chi")  # fmt: skip
    buf = io.BytesIO()
    result = marc_export.write(buf, [big, small], today=TODAY)
    assert result.records == 1 and [u for u, _ in result.skipped] == ["big"]
    why = result.skipped[0][1]
    assert why.code == "marc_export_too_long" and "MARCXML" in why.text("en")
    xml = io.BytesIO()
    assert marc_export.write(xml, [big], fmt="marcxml", today=TODAY).records == 1
    (rec,) = marc.read_marcxml(xml.getvalue())
    assert isinstance(rec, marc.BibRecord) and len(rec.copies) == 3000
