"""The MARC import dialog: a GB18030 file written here, progress, the report with the reasons
and byte positions of the bad records, an export, and cancel between batches."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from holdings_fixtures import cnmarc, iso2709
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import FRONT, LIBRARIAN, on_next_modal

from xclib_desk.store import STORE_FILE
from xclib_desk.ui.marcimport import MarcImportDialog

BAD_ISBN = "9787020002208"  # wrong check digit


def raw(desk: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(desk.data_dir / STORE_FILE)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def open_dialog(window: Any, qtbot: Any, path: Path) -> MarcImportDialog:
    dlg = MarcImportDialog(window.ctx, window.holdings)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.path, str(path))
    return dlg


def test_import_gb18030_file_reports_bad_records_with_position_and_reason(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path: Path
) -> None:
    good1 = iso2709(
        cnmarc(
            "红楼梦",
            isbn="978-7-02-000220-7",
            author="曹雪芹著",
            clc="I242.47",
            copies=[("X000000101", "C521"), ("X000000102", "C521")],
        ),
        "gb18030",
    )
    bad_isbn = iso2709(cnmarc("坏书号", isbn=BAD_ISBN), "gb18030")
    good2 = iso2709(
        cnmarc("围城", isbn="9787020090006", clc="I246.57", copies=[("X000000103", "Q452")]),
        "gb18030",
    )
    bad_clc = iso2709(cnmarc("坏分类", isbn="9787020008735", clc="L123"), "gb18030")
    path = tmp_path / "catalogue.iso"
    path.write_bytes(good1 + bad_isbn + good2 + bad_clc)
    titles_before = raw(kit.desk, "SELECT count(*) FROM title")[0][0]

    window = make_window(LIBRARIAN)
    dlg = open_dialog(window, qtbot, path)
    assert "ISO 2709" in dlg.detected.text()
    dlg.encoding.setCurrentIndex(dlg.encoding.findData("gb18030"))
    assert dlg.holdings_field.text() == "905"
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20_000)

    assert dlg.progress.value() == dlg.progress.maximum() == 4
    assert "新增 2 种" in dlg.summary.text()
    assert "跳过 2 条" in dlg.summary.text()
    assert "新增 3 册" in dlg.summary.text()
    assert dlg.message.kind == "error"  # skipped records are news, not a success
    # problems first, each with where it is in the file and why
    assert dlg.table.column_texts(2)[:2] == ["跳过", "跳过"]
    assert dlg.table.column_texts(0)[:2] == ["2", "4"]
    assert dlg.table.cell_text(0, 1) == f"字节 {len(good1)}"
    assert dlg.table.cell_text(1, 1) == f"字节 {len(good1) + len(bad_isbn) + len(good2)}"
    assert "ISBN" in dlg.table.cell_text(0, 6)
    assert "L123" in dlg.table.cell_text(1, 6) or "分类" in dlg.table.cell_text(1, 6)
    assert dlg.table.column_texts(2)[2:] == ["新增", "新增"]

    assert raw(kit.desk, "SELECT count(*) FROM title")[0][0] == titles_before + 2
    barcodes = {r[0] for r in raw(kit.desk, "SELECT barcode FROM item")}
    assert {"X000000101", "X000000102", "X000000103"} <= barcodes
    assert {r[0] for r in raw(kit.desk, "SELECT title FROM title")}.isdisjoint({"坏书号", "坏分类"})

    out = tmp_path / "report.xlsx"
    assert dlg.export(out) is not None
    qtbot.waitUntil(lambda: "报告已导出" in dlg.message.text(), timeout=10_000)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [
        (1, "imported"),
        (2, "skipped"),
        (3, "imported"),
        (4, "skipped"),
    ]

    # the same file again changes nothing: every good record is "unchanged"
    events = raw(kit.desk, "SELECT count(*) FROM outbox_event")[0][0]
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg._op is None and "未变 2 种" in dlg.summary.text(), timeout=20_000)
    assert raw(kit.desk, "SELECT count(*) FROM outbox_event")[0][0] == events


def test_cancel_keeps_finished_batches_and_bad_holdings_field_is_refused(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path: Path
) -> None:
    records = b"".join(
        iso2709(cnmarc(f"测试书{n:03d}", isbn=None, clc="I247.57", year=str(1990 + n % 30)))
        for n in range(500)
    )
    path = tmp_path / "big.iso"
    path.write_bytes(records)
    titles_before = raw(kit.desk, "SELECT count(*) FROM title")[0][0]
    window = make_window(LIBRARIAN)
    dlg = open_dialog(window, qtbot, path)

    dlg.holdings_field.setText("9x5")
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    assert dlg.message.kind == "error" and "905$b$d$e" in dlg.message.text()
    assert dlg.report is None

    dlg.holdings_field.setText("905")
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    assert dlg._op is not None
    dlg._op.progress.connect(lambda done, _t, _w: done > 0 and dlg.cancel())
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=30_000)
    report = dlg.report
    assert report.cancelled
    imported = report.summary["imported"]
    assert 0 < imported < 500
    assert raw(kit.desk, "SELECT count(*) FROM title")[0][0] == titles_before + imported
    assert "导入已取消" in dlg.summary.text()
    assert dlg.close_button.isEnabled()


def test_ctrl_m_opens_import_for_librarian_not_front_desk(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(FRONT)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts need the active window
    qtbot.keyClick(window.circulation.scan, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.holdings
    assert "只有馆员或管理员" in window.holdings.message.text()
    assert not window.holdings.import_button.isEnabled()

    window = make_window(LIBRARIAN)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts need the active window
    seen: list[str] = []

    def check(w: Any) -> None:
        seen.append(type(w).__name__)
        w.reject()

    on_next_modal(check)
    qtbot.keyClick(window.circulation.scan, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["MarcImportDialog"]
    assert QApplication.activeModalWidget() is None


def test_english_ui_shows_reasons_and_exports_in_english(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path: Path
) -> None:
    kit.item()  # X000000001 is catalogued already, on another title
    good = iso2709(
        cnmarc("围城", isbn="9787020090006", clc="I246.57", copies=[("X000000001", "Q452")])
    )
    bad = iso2709(cnmarc("坏书号", isbn=BAD_ISBN))
    path = tmp_path / "en.iso"
    path.write_bytes(good + bad)
    window = make_window(LIBRARIAN, lang="en")
    dlg = open_dialog(window, qtbot, path)
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20_000)

    # problems in file order: record 1's copy, then record 2 skipped
    reasons = dlg.table.column_texts(6)
    assert reasons[0].startswith("Barcode X000000001 belongs to another title")
    assert reasons[1] == f"ISBN '{BAD_ISBN}' is not valid; check it."
    assert str(len(good)) in dlg.table.cell_text(1, 1)
    out = tmp_path / "report.csv"
    assert dlg.export(out) is not None
    qtbot.waitUntil(lambda: dlg._export_op is None, timeout=10_000)
    text = out.read_text(encoding="utf-8-sig")
    assert "Reason code" in text and "bad_isbn" in text and "marc_barcode_taken" in text
    assert f"ISBN '{BAD_ISBN}' is not valid" in text and "不是" not in text


def test_a_record_read_by_a_guess_is_shown_with_its_warning(  # type: ignore[no-untyped-def]
    make_window, kit, qtbot, tmp_path: Path
) -> None:
    """A CNMARC record that declares no character set is imported, and the table says how it
    was read (first, marked like a problem), so a guess never passes unseen."""
    path = tmp_path / "guess.iso"
    path.write_bytes(iso2709(cnmarc("红楼梦", isbn="978-7-02-000220-7", clc="I242.47"), "gb18030"))
    window = make_window(LIBRARIAN)
    dlg = open_dialog(window, qtbot, path)
    assert dlg.encoding.currentData() == "auto"
    assert dlg.encoding.findData("marc-8") >= 0 and dlg.encoding.findData("cp1251") >= 0
    qtbot.mouseClick(dlg.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20_000)
    assert dlg.report is not None and dlg.report.summary["imported"] == 1
    assert "GB18030" in dlg.table.cell_text(0, 6)
    assert raw(kit.desk, "SELECT title FROM title WHERE isbn = '9787020002207'") == [("红楼梦",)]
