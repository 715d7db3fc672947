"""Kiosk rules of the standards package: optional with defaults (older packages load), checked
against the package's material types, and each one refusing at the service with nothing changed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FRONT, LIBRARIAN, START
from pydantic import ValidationError

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.models import StandardsVersion
from xclib_desk.services import holdings, kiosks, readers
from xclib_desk.services.context import Actor
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import KioskRules, StandardsPackage

KIOSK = Actor("kiosk-K1", kiosks.KIOSK_ROLE, "K1")


def test_a_package_without_kiosk_rules_loads_with_the_defaults() -> None:
    body = json.loads(load_bundled().model_dump_json())
    del body["service"]["kiosk"]
    pkg = StandardsPackage.model_validate(body)
    assert pkg.service.kiosk == KioskRules()
    assert pkg.service.kiosk.reader_password_required
    assert pkg.service.kiosk.material_types_not_lent == []


def test_kiosk_rules_name_known_material_types() -> None:
    body = json.loads(load_bundled().model_dump_json())
    body["service"]["kiosk"]["material_types_not_lent"] = ["scrolls"]
    with pytest.raises(ValidationError, match="scrolls"):
        StandardsPackage.model_validate(body)


def _desk(tmp_path: Path, **rules: object) -> Desk:
    pkg = load_bundled()
    kiosk = pkg.service.kiosk.model_copy(update=rules)
    pkg = pkg.model_copy(update={"service": pkg.service.model_copy(update={"kiosk": kiosk})})
    return Desk.initialise(tmp_path / "d", point_code="XJK", point_name="新街口", level="street",
                           package=pkg, clock=FixedClock(START))  # fmt: skip


def _copy_and_reader(desk: Desk) -> tuple[str, str]:
    uid = desk.write(holdings.add_title, LIBRARIAN, title="红楼梦", clc="I242.47").uid
    desk.write(holdings.add_item, LIBRARIAN, barcode="X000000001", title_ref=uid,
               call_number="I242.47/C521", material_type="book")  # fmt: skip
    desk.write(readers.register, FRONT, card_no="XC00000001", name="张三", reader_type="adult",
               id_number="110102198501010013")  # fmt: skip
    return "XC00000001", "X000000001"


@pytest.mark.parametrize(
    ("rule", "code"),
    [("lending", "kiosk_not_lending"), ("renewals", "kiosk_no_renewals")],
)
def test_a_kiosk_rule_turned_off_refuses(tmp_path: Path, rule: str, code: str) -> None:
    desk = _desk(tmp_path, **{rule: False})
    try:
        card, bc = _copy_and_reader(desk)
        with pytest.raises(DeskError) as e:
            if rule == "lending":
                desk.write(kiosks.kiosk_check_out, KIOSK, card, bc, reader_verified=True)
            else:
                desk.write(kiosks.kiosk_renew, KIOSK, card, bc, reader_verified=True)
        assert e.value.code == code
    finally:
        desk.close()


def test_returns_off_and_no_password_needed(tmp_path: Path) -> None:
    desk = _desk(tmp_path, returns=False, reader_password_required=False)
    try:
        card, bc = _copy_and_reader(desk)
        loan = desk.write(kiosks.kiosk_check_out, KIOSK, card, bc, reader_verified=False)
        assert loan.barcode == bc  # no password asked for
        with pytest.raises(DeskError) as e:
            desk.write(kiosks.kiosk_check_in, KIOSK, bc)
        assert e.value.code == "kiosk_no_returns"
    finally:
        desk.close()


def test_reader_password_is_checked_and_hashed(tmp_path: Path) -> None:
    desk = _desk(tmp_path)
    try:
        card, _bc = _copy_and_reader(desk)
        desk.write(kiosks.set_reader_password, FRONT, card, "2468")
        assert desk.read(kiosks.check_reader_password, KIOSK, card, "2468")
        assert not desk.read(kiosks.check_reader_password, KIOSK, card, "2469")
        assert not desk.read(kiosks.check_reader_password, KIOSK, "XC99999999", "2468")
        with pytest.raises(DeskError) as e:
            desk.write(kiosks.set_reader_password, FRONT, card, "12")
        assert e.value.code == "bad_input"
        raw = (desk.data_dir / "store.sqlite3").read_bytes()
        assert b"2468" not in raw.replace(b"$argon2", b"")
    finally:
        desk.close()


def test_a_server_process_sees_a_package_the_desk_installed(desk: Desk) -> None:
    server_side = Desk.open(desk.data_dir, desk.clock)
    try:
        pkg = desk.policy.package
        kiosk = pkg.service.kiosk.model_copy(update={"lending": False})
        newer = pkg.model_copy(
            update={
                "version": pkg.version + 1,
                "effective_from": START - timedelta(days=1),
                "service": pkg.service.model_copy(update={"kiosk": kiosk}),
            }
        )
        with desk.session(write=True) as s:
            s.add(StandardsVersion(version=newer.version, effective_from=newer.effective_from,
                                   body=newer.model_dump_json(), signature=None,
                                   source="test", installed_at=START))  # fmt: skip
        assert server_side.policy.package.service.kiosk.lending
        server_side.reload_rules()
        assert server_side.policy.version == newer.version
        assert not server_side.policy.package.service.kiosk.lending
    finally:
        server_side.close()
