"""The application started at a set time (``XCLIB_DESK_NOW``): support reproduces what a point
sees on a given day; the store it opens runs on that clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from xclib_desk.clock import NOW_ENV
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.ui.app import open_store


def test_the_app_opens_its_store_at_the_set_time(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(desk.data_dir)
    desk.close()
    monkeypatch.setenv(NOW_ENV, "2031-02-03 08:30")
    opened = open_store(path, "zh")
    assert opened is not None
    try:
        start = datetime(2031, 2, 3, 0, 30, tzinfo=UTC)
        assert start <= opened.clock.now() < start + timedelta(minutes=1)
    finally:
        opened.close()


def test_a_bad_set_time_is_a_plain_refusal(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(desk.data_dir)
    desk.close()
    monkeypatch.setenv(NOW_ENV, "next tuesday")
    with pytest.raises(DeskError) as e:
        open_store(path, "zh")
    assert e.value.code == "bad_input" and "时间" in e.value.message("zh")
