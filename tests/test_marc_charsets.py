"""MARC character sets as each record declares them, on real public records (tests/marc_corpus)
and on records made byte by byte: MARC-8 with EACC through pymarc, UNIMARC 100 $a/26-33, the
XML declaration; detection only where nothing is declared, and then never silent; non-sorting
markers in every spelling."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import LIBRARIAN, Kit
from holdings_fixtures import cnmarc, iso2709, marcxml

from xclib_desk import cli, desk_marc, marc, marc_checks
from xclib_desk.store import STORE_FILE

CORPUS = Path(__file__).parent / "marc_corpus"


def run(kit: Kit, path: Path, **kw: object) -> marc_checks.ImportReport:
    return desk_marc.import_file(kit.desk, LIBRARIAN, path, **kw)  # type: ignore[arg-type]


def rows(kit: Kit, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(kit.desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def with_100(fields: list, sets: str) -> list:  # type: ignore[type-arg]
    """A CNMARC record whose 100 $a declares ``sets`` at positions 26-33."""
    f100 = "20261205d2018    em y0chiy" + sets.ljust(8) + "ea"
    assert f100[26:34] == sets.ljust(8)
    return [fields[0], ("100", "  ", [("a", f100)]), *fields[1:]]


def test_marc8_record_with_east_asian_characters_keeps_its_title(kit: Kit) -> None:
    """The issue's first failure: leader/09 blank declares MARC-8; pymarc decodes it (EACC),
    nothing guesses GB18030; the broken EACC in the 880 drops that field, with a warning."""
    report = run(kit, CORPUS / "bad_eacc_encoding.dat")
    (row,) = report.rows
    assert row.outcome == "imported"
    assert row.title == "Beikoku no tōchi no shikumi"
    assert [w.code for w in row.warnings] == ["marc_marc8_fields_dropped"]
    assert "880" in row.warning_texts("en")[0]
    titles = [str(r[0]) for r in rows(kit, "SELECT title FROM title")]
    assert "Beikoku no tōchi no shikumi" in titles
    assert not any("錹" in t for t in titles)
    assert report.summary["warnings"] == 1
    assert "880" in report.text("en")


def test_unimarc_title_with_non_sorting_markers_imports(kit: Kit) -> None:
    report = run(kit, CORPUS / "testunimarc.dat")
    (row,) = report.rows
    assert row.outcome == "imported", row.reason_text("en")
    assert row.title == "L'altra faccia della spirale"
    assert not row.warnings  # 100 $a/26-27 = 50 declares ISO 10646
    ((filing, fields),) = rows(kit, "SELECT filing_title, fields FROM title_marc")
    assert filing == "altra faccia della spirale"
    assert "\\u0088L'\\u0089altra" in str(fields)  # kept with its markers for export


def test_cyrillic_code_page_is_refused_naming_the_declared_set_and_the_way_in(
    kit: Kit, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / "1251.dat"
    before = kit.counts()
    report = run(kit, path)
    assert report.summary["skipped"] == len(report.rows) == 6
    for row in report.rows:
        assert row.reason is not None and row.reason.code == "marc_not_marc8"
        en, zh = row.reason_text("en"), row.reason_text("zh")
        assert "MARC-8 (leader/09 blank)" in en and "--encoding cp1251" in en
        assert "MARC-8" in zh and "--encoding cp1251" in zh
    assert kit.counts() == before
    # the way in the refusal names works, from the CLI as from the desk
    kit.desk.close()
    rc = cli.main(["--data-dir", str(kit.desk.data_dir), "--staff", "lib", "import-marc",
                   str(path), "--encoding", "cp1251"])  # fmt: skip
    assert rc == 0, capsys.readouterr()
    titles = {str(r[0]) for r in rows(kit, "SELECT title FROM title")}
    assert any(t.startswith("Основы гидравлического расчета") for t in titles)


def test_marc8_and_mislabelled_utf8(kit: Kit) -> None:
    (m8,) = run(kit, CORPUS / "marc8.dat").rows
    assert m8.outcome == "imported" and not m8.warnings
    (u8,) = run(kit, CORPUS / "utf8_without_leader_flag.dat").rows
    assert [w.code for w in u8.warnings] == ["marc_marc8_was_utf8"]


def test_unimarc_100_declarations(kit: Kit, tmp_path: Path) -> None:
    rec = cnmarc("围城", isbn="9787020090006", clc="I246.57")
    liar = iso2709(with_100(rec, "50"), "gb18030")  # says ISO 10646, is GB18030
    latin = iso2709(with_100(cnmarc("水浒传", isbn="9787020008728"), "03"), "gb18030")
    plain = iso2709(cnmarc("红楼梦", isbn="9787020002207"), "gb18030")  # no 100: undeclared
    path = tmp_path / "declared.iso"
    path.write_bytes(liar + latin + plain)
    report = run(kit, path)
    a, b, c = report.rows
    assert a.outcome == "skipped" and a.reason is not None
    assert a.reason.code == "marc_100_not_utf8" and "gb18030" in a.reason_text("en")
    assert b.outcome == "skipped" and "ISO 5426" in b.reason_text("en")
    assert c.outcome == "imported" and [w.code for w in c.warnings] == ["marc_charset_guessed"]
    assert "GB18030" in c.warning_texts("en")[0]
    # the user's choice is taken at its word and needs no guess
    again = run(kit, path, encoding="gb18030")
    assert [r.outcome for r in again.rows] == ["imported", "imported", "unchanged"]
    assert not any(r.warnings for r in again.rows)


def test_non_sorting_markers_in_every_spelling(kit: Kit, tmp_path: Path) -> None:
    """ESC H / ESC I in GB18030, raw 0x88/0x89 bytes in a UTF-8 record, U+0098/U+009C."""
    esc = iso2709(cnmarc("\x1bH The \x1bI长城", isbn="9787020024759"), "gb18030")
    raw = iso2709(cnmarc("<The >長城", isbn="9787020049295"), "utf-8")
    raw = raw.replace(b"<", b"\x88").replace(b">", b"\x89")  # same length: the leader holds
    sos = iso2709(cnmarc("\x98Le \x9c长城", isbn="9787020008735"), "utf-8")
    path = tmp_path / "markers.iso"
    path.write_bytes(esc + raw + sos)
    report = run(kit, path)
    assert [r.outcome for r in report.rows] == ["imported"] * 3, report.text("en")
    assert [r.title for r in report.rows] == ["The 长城", "The 長城", "Le 长城"]
    filing = sorted(str(r[0]) for r in rows(kit, "SELECT filing_title FROM title_marc"))
    assert filing == sorted(["长城", "长城", "長城"])


def test_marcxml_character_set_is_the_xml_declaration(kit: Kit, tmp_path: Path) -> None:
    data = marcxml([cnmarc("骆驼祥子", isbn="9787020024759")], "gb18030")
    undeclared = data.split(b"?>", 1)[1]  # no declaration: XML says UTF-8
    path = tmp_path / "nodecl.xml"
    path.write_bytes(undeclared)
    (row,) = run(kit, path).rows
    assert row.outcome == "imported" and row.title == "骆驼祥子"
    assert [w.code for w in row.warnings] == ["marc_charset_guessed"]
    declared = tmp_path / "decl.xml"
    declared.write_bytes(data)
    (row2,) = run(kit, declared).rows
    assert row2.outcome == "unchanged" and not row2.warnings


def test_marc8_decode_uses_pymarc_and_keeps_markers() -> None:
    assert marc.marc8_decode(b"t\xe5ochi") == "tōchi"  # ANSEL macron + o, composed
    assert marc.marc8_decode(b"\x88The \x89end") == "\x88The \x89end"
    with pytest.raises(marc._Marc8Error):
        marc.marc8_decode(b"\xff\xfc")
    assert marc.filing("\x88The \x89end") == "end" and marc.display("\x88The \x89end") == "The end"
    assert marc.filing("The end", 4) == "end"
