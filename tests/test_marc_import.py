"""MARC import: real files in both formats and both encodings, broken records reported and
skipped with their position, the rest imported with their events, re-imports idempotent."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from holdings_fixtures import Field, cnmarc, iso2709, marc21, marcxml
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from stdnum import isbn as stdisbn

from xclib_desk import cli, desk_marc, marc, marc_checks
from xclib_desk.errors import DeskError
from xclib_desk.protocol.events import TitleUpdated
from xclib_desk.services import holdings, search
from xclib_desk.services.context import Ctx, record, record_many
from xclib_desk.store import STORE_FILE

HLM = "9787020002207"  # 红楼梦, 人民文学出版社
WC = "9787020090006"  # 围城
SHZ = "9787020008728"  # 水浒传
BAD_ISBN = "9787020002208"  # wrong check digit
HAMLET = str(stdisbn.to_isbn10("9780140714845"))


def good_records() -> list[list[Field]]:
    return [
        cnmarc(
            "红楼梦",
            isbn="978-7-02-000220-7",
            author="曹雪芹著",
            clc="I242.47",
            copies=[("X000000001", "C521"), ("X000000002", "C521")],
        ),
        cnmarc("围城", isbn=WC, author="钱锺书著", clc="I246.57", copies=[("X000000003", "Q452")]),
        cnmarc("水浒传", isbn=SHZ, author="施耐庵著", clc="I242.4", year="1997"),
    ]


def table(kit: Kit, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(kit.desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def titles(kit: Kit) -> set[str]:
    return {str(r[0]) for r in table(kit, "SELECT title FROM title")}


def events(kit: Kit, type_: str) -> int:
    return int(table(kit, f"SELECT count(*) FROM outbox_event WHERE type = '{type_}'")[0][0])


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def run(kit: Kit, path: Path, **kw: object) -> marc_checks.ImportReport:
    return desk_marc.import_file(kit.desk, LIBRARIAN, path, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_iso2709_imports_good_records_and_reports_broken_ones(
    kit: Kit, tmp_path: Path, encoding: str
) -> None:
    good = [iso2709(r, encoding) for r in good_records()]
    bad_leader = b"12a45" + iso2709(cnmarc("坏头标", isbn="9787020024759"), encoding)[5:]
    bad_isbn = iso2709(cnmarc("坏书号", isbn=BAD_ISBN), encoding)
    bad_clc = iso2709(cnmarc("坏分类", isbn="9787020008735", clc="L123"), encoding)
    truncated = iso2709(cnmarc("截断记录", isbn="9787020049295"), encoding)[:-40]
    data = good[0] + bad_leader + good[1] + bad_isbn + bad_clc + good[2] + truncated
    path = tmp_path / f"cn-{encoding}.iso"
    path.write_bytes(data)

    report = run(kit, path)

    s = report.summary
    assert (s["records"], s["imported"], s["skipped"], s["items_added"]) == (7, 3, 4, 3)
    assert {"红楼梦", "围城", "水浒传"} <= titles(kit)
    assert not {"坏头标", "坏书号", "坏分类", "截断记录"} & titles(kit)
    skipped = {r.number: r for r in report.rows if r.outcome == marc_checks.SKIPPED}
    assert set(skipped) == {2, 4, 5, 7}
    codes = {n: r.reason.code for n, r in skipped.items() if r.reason}
    assert codes == {2: "marc_bad_leader", 4: "bad_isbn", 5: "bad_clc", 7: "marc_truncated"}
    # each reason reads in the language asked for, from one table
    assert "头标" in skipped[2].reason_text("zh") and "leader" in skipped[2].reason_text("en")
    assert BAD_ISBN in skipped[4].reason_text("en") and "not valid" in skipped[4].reason_text("en")
    assert "L123" in skipped[5].reason_text("zh") and "5th edition" in skipped[5].reason_text("en")
    assert "不完整" in skipped[7].reason_text("zh") and "Truncated" in skipped[7].reason_text("en")
    # (bad_clc's detail comes from standards/clc.py, still written "中文 / English")
    assert not any(_has_cjk(skipped[n].reason_text("en")) for n in (2, 4, 7))
    # positions are byte offsets into the file, so staff can find the record
    offset_of_bad_isbn = len(good[0] + bad_leader + good[1])
    assert skipped[4].at.offset == offset_of_bad_isbn
    assert f"字节 {offset_of_bad_isbn}" in skipped[4].position("zh")
    assert skipped[4].position("en") == f"record 4, byte {offset_of_bad_isbn}"
    # every imported title and copy went through the holdings rules and has its event
    assert events(kit, "title.added") == 3
    assert events(kit, "item.added") == 3
    hit = kit.desk.read(search.search_holdings, FRONT, "hlm")[0]
    assert (hit.title.title, hit.title.author, hit.title.publisher) == (
        "红楼梦",
        "曹雪芹著",
        "人民文学出版社",
    )
    assert (hit.title.isbn, hit.title.clc, hit.title.year, hit.copies) == (HLM, "I242.47", 2018, 2)
    prices = table(kit, "SELECT price_cents, call_number FROM item WHERE barcode = 'X000000001'")
    assert prices == [(3900, "I242.47/C521")]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_marcxml_in_both_encodings_with_truncation(kit: Kit, tmp_path: Path, encoding: str) -> None:
    records = [*good_records(), cnmarc("坏书号", isbn=BAD_ISBN), cnmarc("尾部", isbn=HLM)]
    data = marcxml(records, encoding)
    cut = data.rindex("尾部".encode(encoding))  # the file ends inside the last record
    path = tmp_path / f"cn-{encoding}.xml"
    path.write_bytes(data[:cut])

    report = run(kit, path)

    s = report.summary
    assert (s["imported"], s["skipped"]) == (3, 2)
    bad = [r for r in report.rows if r.outcome == marc_checks.SKIPPED]
    assert bad[0].number == 4 and BAD_ISBN in bad[0].reason_text() and "行" in bad[0].position()
    assert bad[0].at.line is not None and f"line {bad[0].at.line}" in bad[0].position("en")
    assert bad[1].number == 5 and bad[1].reason and bad[1].reason.code == "marc_xml_broken"
    assert "XML" in bad[1].reason_text("zh") and "later records" in bad[1].reason_text("en")
    assert {"红楼梦", "围城", "水浒传"} <= titles(kit)


def test_wrong_encoding_is_reported_per_record(kit: Kit, tmp_path: Path) -> None:
    """A GB18030 record in a file read as UTF-8 is skipped; so is one whose leader says UTF-8."""
    utf8 = iso2709(good_records()[0], "utf-8")
    gbk = iso2709(good_records()[1], "gb18030")
    liar = iso2709(good_records()[2], "gb18030", leader9="a")
    path = tmp_path / "mixed.iso"
    path.write_bytes(utf8 + gbk + liar)

    forced = run(kit, path, encoding="utf-8")
    assert [r.outcome for r in forced.rows] == ["imported", "skipped", "skipped"]
    assert "utf-8" in forced.rows[1].reason_text()
    # auto-detection reads the GB18030 record, but holds the leader's UTF-8 claim to account
    auto = run(kit, path)
    assert [r.outcome for r in auto.rows] == ["unchanged", "imported", "skipped"]
    assert "UTF-8" in auto.rows[2].reason_text()
    assert "GB18030" in auto.rows[2].reason_text("en")
    assert "围城" in titles(kit) and "水浒传" not in titles(kit)
    # the user may say what the file really is
    chosen = run(kit, path, encoding="gb18030")
    assert chosen.rows[2].outcome == "imported" and "水浒传" in titles(kit)


def test_marcxml_with_undecodable_bytes(kit: Kit, tmp_path: Path) -> None:
    data = marcxml(good_records()[:2], "utf-8")
    data = data.replace("钱锺书".encode(), "钱锺书".encode("gb18030"))
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    report = run(kit, path)
    assert [r.outcome for r in report.rows] == ["imported", "skipped"]
    assert "utf-8" in report.rows[1].reason_text()


def test_reimport_is_idempotent_and_updates_changed_records(kit: Kit, tmp_path: Path) -> None:
    path = tmp_path / "a.iso"
    path.write_bytes(b"".join(iso2709(r) for r in good_records()))
    run(kit, path)
    before = kit.counts() | {"events": events(kit, "title.added")}

    again = run(kit, path)
    assert again.summary["unchanged"] == 3 and again.summary["imported"] == 0
    assert sum(r.items_existing for r in again.rows) == 3
    assert kit.counts() | {"events": events(kit, "title.added")} == before

    changed = good_records()
    changed[2] = cnmarc("水浒传", isbn=SHZ, author="施耐庵 罗贯中著", clc="I242.4", year="1997")
    path.write_bytes(b"".join(iso2709(r) for r in changed))
    third = run(kit, path)
    assert [r.outcome for r in third.rows] == ["unchanged", "unchanged", "updated"]
    assert len(table(kit, f"SELECT id FROM title WHERE isbn = '{SHZ}'")) == 1
    assert events(kit, "title.updated") == 1
    assert kit.desk.read(search.search_holdings, FRONT, "罗贯中")[0].title.title == "水浒传"


def test_duplicate_isbn_in_one_file_is_merged(kit: Kit, tmp_path: Path) -> None:
    recs = [
        cnmarc("红楼梦", isbn=HLM, clc="I242.47", copies=[("X000000011", "C521")]),
        cnmarc("红楼梦", isbn="7-02-000220-X", clc="I242.47", copies=[("X000000012", "C521")]),
    ]
    path = tmp_path / "dup.iso"
    path.write_bytes(b"".join(iso2709(r) for r in recs))
    report = run(kit, path, batch_size=1)
    assert report.rows[1].outcome == "unchanged" and "第 1 条" in report.rows[1].reason_text()
    assert report.rows[1].reason_text("en") == "Same ISBN as record 1, merged"
    assert table(kit, f"SELECT count(*) FROM title WHERE isbn = '{HLM}'") == [(1,)]
    hit = kit.desk.read(search.search_holdings, FRONT, HLM)[0]
    assert hit.copies == 2


def test_isbn_subfields_as_cataloguers_write_them(kit: Kit, tmp_path: Path) -> None:
    recs = [
        cnmarc("围城", isbn="ISBN 978-7-02-009000-6(平装)", clc="I246.57"),
        cnmarc("活着", isbn="9787506365437 :", clc="I247.57"),
    ]
    path = tmp_path / "isbn.iso"
    path.write_bytes(b"".join(iso2709(r) for r in recs))
    assert [r.isbn for r in run(kit, path).rows] == [WC, "9787506365437"]


def test_marc21_fields_and_a_chosen_holdings_field(kit: Kit, tmp_path: Path) -> None:
    rec = marc21("Hamlet", isbn=HAMLET, author="Shakespeare, William", clc="I561.33")
    rec.append(("852", "  ", [("p", "X000000021"), ("h", "I561.33"), ("i", "S527")]))
    path = tmp_path / "m21.mrc"
    path.write_bytes(iso2709(rec, leader9="a"))
    report = run(kit, path, holdings=marc.HoldingsSpec("852", "p", "h", "i"))
    assert report.rows[0].outcome == "imported" and report.rows[0].items_added == 1
    hit = kit.desk.read(search.search_holdings, FRONT, "hamlet")[0]
    t = hit.title
    assert (t.title, t.author, t.publisher, t.year, t.clc) == (
        "Hamlet",
        "Shakespeare, William",
        "Penguin",
        2019,
        "I561.33",
    )
    assert t.isbn == stdisbn.to_isbn13(HAMLET)
    assert kit.desk.read(search.search_holdings, FRONT, "I561.33/S527")[0].title.title == "Hamlet"


def test_bad_copies_are_reported_and_the_title_still_imported(kit: Kit, tmp_path: Path) -> None:
    kit.item()  # X000000001 exists already, on another title
    rec = cnmarc(
        "围城",
        isbn=WC,
        clc="I246.57",
        copies=[("X000000001", "Q452"), ("BAD-1", "Q452"), ("X000000031", "Q452")],
    )
    path = tmp_path / "copies.iso"
    path.write_bytes(iso2709(rec))
    row = run(kit, path).rows[0]
    assert row.outcome == "imported" and row.items_added == 1
    assert [p.code for p in row.item_problems] == ["marc_barcode_taken", "bad_item_format"]
    assert "另一书目" in row.problem_texts("zh")[0] and "BAD-1" in row.problem_texts("zh")[1]
    en = row.problem_texts("en")
    assert "belongs to another title" in en[0] and "wrong format" in en[1]


def test_cancel_keeps_finished_batches(kit: Kit, tmp_path: Path) -> None:
    recs = [cnmarc(f"测试书{i}", clc="I247.5", control=f"c{i}") for i in range(6)]
    path = tmp_path / "six.iso"
    path.write_bytes(b"".join(iso2709(r) for r in recs))
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        stop.set()

    report = run(kit, path, batch_size=2, progress=progress, cancel=stop)
    assert report.cancelled and seen == [(2, 6)]
    assert len(report.rows) == 2
    assert len({t for t in titles(kit) if t.startswith("测试书")}) == 2
    # records without ISBN are matched by title, responsibility, publisher and year
    rest = run(kit, path, batch_size=2)
    assert [r.outcome for r in rest.rows] == ["unchanged"] * 2 + ["imported"] * 4


def test_refusals_change_nothing(kit: Kit, tmp_path: Path) -> None:
    path = tmp_path / "a.iso"
    path.write_bytes(iso2709(good_records()[0]))
    before = kit.counts()
    with pytest.raises(DeskError) as e:
        desk_marc.import_file(kit.desk, FRONT, path)
    assert e.value.code == "permission_denied"
    with pytest.raises(DeskError) as e:
        run(kit, tmp_path / "missing.iso")
    assert e.value.code == "bad_input"
    with pytest.raises(DeskError):
        run(kit, path, encoding="latin-1")
    assert kit.counts() == before


def test_report_exports(kit: Kit, tmp_path: Path) -> None:
    path = tmp_path / "a.iso"
    path.write_bytes(iso2709(good_records()[0]) + iso2709(cnmarc("坏", isbn=BAD_ISBN)))
    report = run(kit, path)
    xlsx = report.export(tmp_path / "r.xlsx", "zh")
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][5:7] == ("原因代码", "原因")
    assert rows[1][2] == "imported" and rows[2][2] == "skipped" and rows[2][5] == "bad_isbn"
    assert BAD_ISBN in str(rows[2][6]) and "无效" in str(rows[2][6])
    with report.export(tmp_path / "r.csv", "en").open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0][5:7] == ["Reason code", "Reason"]
    assert lines[1][4] == "红楼梦" and lines[2][2] == "skipped" and lines[2][5] == "bad_isbn"
    assert lines[2][6] == f"ISBN '{BAD_ISBN}' is not valid; check it."
    assert lines[2][1] == "record 2, byte " + str(len(iso2709(good_records()[0])))
    with pytest.raises(DeskError):
        report.export(tmp_path / "r.pdf")


def test_cli_import_marc(kit: Kit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(marcxml(good_records(), "gb18030"))
    out = tmp_path / "report.xlsx"
    kit.desk.close()
    args = ["--data-dir", str(kit.desk.data_dir), "--staff", "lib", "import-marc", str(path)]
    assert cli.main([*args, "--encoding", "gb18030", "--report", str(out)]) == 0
    assert "导入 3" in capsys.readouterr().out and out.exists()
    bad = tmp_path / "bad.iso"
    bad.write_bytes(iso2709(cnmarc("坏书号", isbn=BAD_ISBN)))
    assert cli.main([*args[:-1], str(bad), "--lang", "en", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)["result"]["rows"][0]
    assert (row["reason_code"], row["position"]) == ("bad_isbn", "record 1, byte 0")
    assert row["reason"] == f"ISBN '{BAD_ISBN}' is not valid; check it."
    assert cli.main([*args[:-1], str(bad), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "skipped record 1, byte 0: ISBN" in text and not _has_cjk(text.split("\n", 1)[1])
    assert cli.main([*args, "--holdings-field", "9x5"]) == 1
    assert "holdings-field" in capsys.readouterr().err
    rows = [str(r[0]) for r in table(kit, "SELECT title FROM title")]
    assert sorted(rows) == sorted(["红楼梦", "围城", "水浒传"])


def test_bulk_events_share_one_sequence_with_single_ones(kit: Kit) -> None:
    """``record_many`` (the import's event writer) and ``record`` count from one sequence and
    clock in any order within a transaction: no gap, no reuse, clocks rising."""
    uid = kit.desk.write(holdings.add_title, LIBRARIAN, title="序号测试", clc="I247.57").uid

    def mixed(s: Session, ctx: Ctx) -> list[int]:
        edit = TitleUpdated(uid=uid, fields={"publisher": "甲"})
        seqs = [record(s, ctx, "title.updated", edit, target=uid).seq]  # ORM row held
        seqs += [q for q, _ in record_many(s, ctx, [("title.updated", edit, uid, "")] * 3)]
        seqs.append(record(s, ctx, "title.updated", edit, target=uid).seq)
        return seqs

    first = kit.desk.write(lambda s, ctx: [q for q, _ in record_many(
        s, ctx, [("title.updated", TitleUpdated(uid=uid, fields={"author": "乙"}), uid, "")] * 2)],
        LIBRARIAN)  # fmt: skip
    seqs = kit.desk.write(mixed, LIBRARIAN)
    assert first + seqs == list(range(first[0], first[0] + 7))
    rows = table(kit, f"SELECT seq, hlc FROM outbox_event WHERE seq >= {first[0]} ORDER BY seq")
    assert [r[0] for r in rows] == first + seqs
    assert [r[1] for r in rows] == sorted({str(r[1]) for r in rows})  # distinct, rising
    audited = table(kit, f"SELECT count(*) FROM audit_log WHERE event_seq >= {first[0]}")
    assert audited[0][0] == 7


def test_a_title_corrected_later_in_its_own_batch(kit: Kit, tmp_path: Path) -> None:
    """A record correcting a title made earlier in the same batch: one row with the later
    values, its ``title.added`` then ``title.updated`` (as two single edits make), the edit's
    clock on the field it changed, and both records' copies."""
    recs = [
        cnmarc("红楼梦", isbn=HLM, clc="I242.47", copies=[("X000000021", "C521")]),
        cnmarc("红楼梦（校注本）", isbn=HLM, clc="I242.47", copies=[("X000000022", "C521")]),
    ]
    path = tmp_path / "fix.iso"
    path.write_bytes(b"".join(iso2709(r) for r in recs))
    report = run(kit, path)  # one batch
    assert [r.outcome for r in report.rows] == ["imported", "updated"]
    [(uid, name, clocks)] = table(
        kit, f"SELECT uid, title, field_hlc FROM title WHERE isbn = '{HLM}'"
    )
    assert name == "红楼梦（校注本）"
    evs = table(
        kit,
        "SELECT type, hlc FROM outbox_event"
        f" WHERE json_extract(payload, '$.uid') = '{uid}' ORDER BY seq",
    )
    assert [t for t, _ in evs] == ["title.added", "title.updated"]
    assert json.loads(str(clocks)) == {"title": evs[1][1]}
    assert table(
        kit, f"SELECT count(*) FROM item i JOIN title t ON t.id = i.title_id WHERE t.uid = '{uid}'"
    ) == [(2,)]
