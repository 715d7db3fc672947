"""A damaged store at start-up: set aside, the latest good backup offered and restored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from xclib_desk import backup as bk
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.services import status
from xclib_desk.ui import app as ui_app


def test_corrupt_store_offers_and_restores_the_latest_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "point"
    desk = Desk.initialise(data, point_code="XC-T", point_name="测试点", level="community")
    events = desk.read(status.status).events_total
    desk.close()
    good = bk.auto_backup(data)
    assert good is not None
    store = data / "store.sqlite3"
    raw = bytearray(store.read_bytes())
    raw[4096 : 4096 * 3] = b"\xff" * 8192
    store.write_bytes(bytes(raw))

    asked: list[str] = []
    told: list[str] = []

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)  # the clerk answers the dialog: yes, restore
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, text: told.append(text))
    )
    with pytest.raises(DeskError) as err:
        ui_app.open_store(data, "zh")
    restored = ui_app._recover(data, "zh", err.value)
    assert restored is not None
    assert str(good.path) in asked[0] and "现在从该备份恢复吗" in asked[0]
    assert f"{events} 个事件" in told[0]
    assert restored.read(status.status).point == "XC-T"
    restored.close()
