"""Conflicts the hub raises are told to staff in the desk's language, whatever the kind."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from xclib_desk import cli as desk_cli
from xclib_desk.cli.sync import EXCEPTION_TEXTS
from xclib_desk.desk import Desk
from xclib_desk.hub.models import HubException
from xclib_desk.protocol.feed import EXCEPTION_KINDS, ExceptionChange, ExceptionRow
from xclib_desk.services.context import SYSTEM
from xclib_desk.sync.apply import apply_changes

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_cli_explains_every_kind_in_both_languages() -> None:
    assert set(EXCEPTION_TEXTS) == EXCEPTION_KINDS
    for zh, en in EXCEPTION_TEXTS.values():
        assert CJK.search(zh) and not CJK.search(en)


def test_the_hub_cannot_raise_a_kind_no_desk_can_explain() -> None:
    with pytest.raises(ValueError, match="EXCEPTION_KINDS"):
        HubException(uid=str(uuid.uuid4()), key="k", kind="hold_mixup", points=[], context={})


def test_a_hold_conflict_pulled_is_listed_in_chinese_not_the_hubs_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "point"
    desk = Desk.initialise(data, point_code="XC-T3", point_name="德胜", level="street")
    row = ExceptionRow(
        uid=str(uuid.uuid4()),
        kind="hold_double_capture",
        points=["XC-T3"],
        status="open",
        context={"hold": "H1", "item": "X1", "hub_action": "the hold keeps its first copy"},
        created_at=datetime.now(UTC),
        resolution=None,
        resolution_note=None,
    )
    desk.write(apply_changes, SYSTEM, [ExceptionChange(pos=1, key=row.uid, data=row)])
    desk.close()
    assert desk_cli.main(["--data-dir", str(data), "--lang", "zh", "exceptions"]) == 0
    out = capsys.readouterr().out
    assert "这条预约已有别处留出的书：这本照常上架" in out
    assert "first copy" not in out
    assert desk_cli.main(["--data-dir", str(data), "--lang", "en", "exceptions"]) == 0
    assert "the hold already has a copy: shelve this one as usual" in capsys.readouterr().out
