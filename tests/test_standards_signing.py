"""Signed standards packages: a point installs only what the district signed, newer than it has."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from xclib_desk.clock import FixedClock
from xclib_desk.desk import Desk
from xclib_desk.errors import DeskError
from xclib_desk.services import circulation, holdings, readers
from xclib_desk.services import standards as std
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.schema import StandardsPackage
from xclib_desk.standards.signing import (
    SignedPackage,
    canonical,
    load_private_key,
    new_keypair,
    parse_signed,
    public_key_of,
    sign,
)

LIB = Actor("lib", "librarian")
T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Beijing


def package(
    version: int, effective: datetime, *, adult_days: int = 42, **extra: object
) -> StandardsPackage:
    data = load_bundled().model_dump(mode="json")
    data.update(version=version, effective_from=effective.isoformat(), **extra)
    for rule in data["service"]["loan_rules"]:
        if rule["reader_type"] == "adult" and rule["material_type"] == "*":
            rule["loan_days"] = adult_days
    return StandardsPackage.model_validate(data)


@pytest.fixture()
def district() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture()
def desk(tmp_path: Path, district: Ed25519PrivateKey) -> Desk:
    d = Desk.initialise(
        tmp_path / "p",
        point_code="XC-DSX",
        point_name="德胜街道分馆",
        level="street",
        clock=FixedClock(T0),
    )
    d.write(std.trust_key, SYSTEM, public_key_of(district))
    return d


def installed(desk: Desk) -> list[int]:
    return [v.version for v in desk.read(std.versions)]


def test_signed_package_installs_and_takes_effect_only_from_its_time(
    desk: Desk, district: Ed25519PrivateKey
) -> None:
    t = desk.write(holdings.add_title, LIB, title="围城", clc="I246.57")
    for n in (1, 2):
        desk.write(
            holdings.add_item,
            LIB,
            barcode=f"X00000000{n}",
            title_ref=t.uid,
            call_number="I246.57/Q148",
        )
    desk.write(
        readers.register,
        LIB,
        card_no="XC00000001",
        name="方鸿渐",
        reader_type="adult",
        id_number="11010519491231002X",
    )
    before = desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
    assert before.due_date == date(2027, 1, 5)  # 42 days, a Tuesday

    effective = T0 + timedelta(days=7)
    view = desk.write(std.install, SYSTEM, sign(package(2, effective, adult_days=30), district))
    assert view.version == 2 and not view.in_force
    assert desk.policy.version == 1  # installed, not yet in force
    assert installed(desk) == [1, 2]

    assert isinstance(desk.clock, FixedClock)
    desk.clock.advance(days=7)
    assert desk.policy.version == 2
    after = desk.write(circulation.check_out, LIB, "XC00000001", "X000000002")
    # 30 days from 12-01 is 12-31; 12-31 and 01-01 are closed in the package -> Saturday 01-02
    assert after.due_date == date(2027, 1, 2)
    loans = {
        loan.barcode: loan.due_date
        for loan in desk.read(circulation.reader_loans, LIB, "XC00000001")
    }
    assert loans["X000000001"] == date(2027, 1, 5)  # the old loan keeps its due date


def test_reformatted_json_still_verifies(desk: Desk, district: Ed25519PrivateKey) -> None:
    signed = sign(package(2, T0), district)
    pretty = json.dumps(json.loads(signed.model_dump_json()), indent=4, ensure_ascii=True)
    desk.write(std.install, SYSTEM, parse_signed(pretty))
    assert desk.policy.version == 2


def _refused(desk: Desk, signed: SignedPackage | str, code: str) -> None:
    rules_before = desk.policy.package
    with pytest.raises(DeskError) as err:
        desk.write(
            std.install,
            SYSTEM,
            signed if isinstance(signed, SignedPackage) else parse_signed(signed),
        )
    assert err.value.code == code
    assert installed(desk) == [1]
    assert desk.policy.package == rules_before  # the desk keeps running on the rules it has


def test_one_changed_byte_is_refused(desk: Desk, district: Ed25519PrivateKey) -> None:
    text = sign(package(2, T0), district).model_dump_json()
    assert '"quota":15' in text
    _refused(desk, text.replace('"quota":15', '"quota":16', 1), "standards_bad_signature")


def test_unknown_key_is_refused(desk: Desk) -> None:
    _refused(desk, sign(package(2, T0), Ed25519PrivateKey.generate()), "standards_unknown_key")


def test_replayed_older_version_is_refused(desk: Desk, district: Ed25519PrivateKey) -> None:
    desk.write(std.install, SYSTEM, sign(package(3, T0), district))
    with pytest.raises(DeskError) as err:
        desk.write(std.install, SYSTEM, sign(package(2, T0), district))
    assert err.value.code == "standards_older"
    with pytest.raises(DeskError) as err:
        desk.write(std.install, SYSTEM, sign(package(3, T0), district))
    assert err.value.code == "standards_older"
    assert installed(desk) == [1, 3]


def test_unreadable_schema_is_refused(desk: Desk, district: Ed25519PrivateKey) -> None:
    data = package(2, T0).model_dump(mode="json")
    data["schema_version"] = 99
    raw = sign(package(2, T0), district)
    bad = SignedPackage(package=data, key_id=raw.key_id, signature="")
    bad.signature = base64.b64encode(district.sign(canonical(data))).decode()
    _refused(desk, bad, "standards_invalid")
    _refused(desk, "{not json", "standards_invalid")


def test_key_rotation(desk: Desk, district: Ed25519PrivateKey) -> None:
    new = Ed25519PrivateKey.generate()
    old_pub, new_pub = public_key_of(district), public_key_of(new)
    desk.write(
        std.install,
        SYSTEM,
        sign(package(2, T0, trusted_keys=[old_pub.model_dump(), new_pub.model_dump()]), district),
    )
    desk.write(std.install, SYSTEM, sign(package(3, T0, trusted_keys=[new_pub.model_dump()]), new))
    # the old key is retired by version 3
    with pytest.raises(DeskError) as err:
        desk.write(std.install, SYSTEM, sign(package(4, T0), district))
    assert err.value.code == "standards_unknown_key"
    assert installed(desk) == [1, 2, 3]


def test_private_key_needs_its_passphrase() -> None:
    pem, pub = new_keypair(b"correct horse")
    assert public_key_of(load_private_key(pem, b"correct horse")) == pub
    with pytest.raises(DeskError) as err:
        load_private_key(pem, b"wrong horse!")
    assert err.value.code == "standards_key_locked"


def test_only_admin_may_trust_a_key(desk: Desk) -> None:
    with pytest.raises(DeskError) as err:
        desk.write(std.trust_key, LIB, public_key_of(Ed25519PrivateKey.generate()))
    assert err.value.code == "permission_denied"


def test_cli_trust_install_and_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xclib_desk.cli import main

    data = tmp_path / "p"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "init",
                "--point",
                "XC-DSX",
                "--name",
                "德胜",
                "--level",
                "street",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "staff",
                "add",
                "--code",
                "admin",
                "--name",
                "管理员",
                "--role",
                "admin",
                "--password",
                "admin1234",
            ]
        )
        == 0
    )
    district = Ed25519PrivateKey.generate()
    keyfile = tmp_path / "district.pub.json"
    keyfile.write_text(public_key_of(district).model_dump_json(), encoding="utf-8")
    good = tmp_path / "v2.json"
    good.write_text(sign(package(2, T0), district).model_dump_json(), encoding="utf-8")
    tampered = tmp_path / "v3.json"
    tampered.write_text(
        sign(package(3, T0), district)
        .model_dump_json()
        .replace('"loan_days":42', '"loan_days":99', 1),
        encoding="utf-8",
    )
    base = ["--data-dir", str(data), "--staff", "admin", "--json"]
    assert main([*base, "standards", "install", str(good)]) == 1  # no key trusted yet
    assert "standards_unknown_key" in capsys.readouterr().out
    assert main([*base, "standards", "trust", str(keyfile)]) == 0
    assert main([*base, "standards", "install", str(good)]) == 0
    assert main([*base, "standards", "install", str(tampered)]) == 1
    assert "standards_bad_signature" in capsys.readouterr().out
    assert main([*base, "standards", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)["result"]
    assert [(v["version"], v["in_force"]) for v in listed] == [(1, False), (2, True)]


def test_local_rules_may_be_stricter_never_looser(desk: Desk, district: Ed25519PrivateKey) -> None:
    from xclib_desk.standards.local import LocalLoanRule, LocalRules

    t = desk.write(holdings.add_title, LIB, title="围城", clc="I246.57")
    for n in range(1, 5):
        desk.write(
            holdings.add_item,
            LIB,
            barcode=f"X00000000{n}",
            title_ref=t.uid,
            call_number="I246.57/Q148",
        )
    desk.write(
        readers.register,
        LIB,
        card_no="XC00000001",
        name="方鸿渐",
        reader_type="adult",
        id_number="11010519491231002X",
    )
    looser = LocalRules(loan_rules=[LocalLoanRule(reader_type="adult", quota=20)])
    with pytest.raises(DeskError) as err:
        desk.write(std.set_local_rules, SYSTEM, looser)
    assert err.value.code == "standards_looser" and "20 > 15" in err.value.message("en")
    with pytest.raises(DeskError) as err:
        desk.write(std.set_local_rules, LIB, LocalRules(reader_quotas={"adult": 2}))
    assert err.value.code == "permission_denied"
    assert desk.policy.total_quota("adult") == 15  # nothing took effect

    stricter = LocalRules(
        loan_rules=[LocalLoanRule(reader_type="adult", loan_days=21)], reader_quotas={"adult": 3}
    )
    desk.write(std.set_local_rules, SYSTEM, stricter)
    first = desk.write(circulation.check_out, LIB, "XC00000001", "X000000001")
    assert first.due_date == date(2026, 12, 15)  # 21 days, not the district's 42
    desk.write(circulation.check_out, LIB, "XC00000001", "X000000002")
    desk.write(circulation.check_out, LIB, "XC00000001", "X000000003")
    with pytest.raises(DeskError) as err:
        desk.write(circulation.check_out, LIB, "XC00000001", "X000000004")
    assert err.value.code == "quota_reached"

    # the district tightens below the local rule: the smaller limit wins, never the local one
    desk.write(std.install, SYSTEM, sign(package(2, T0, adult_days=14), district))
    desk.write(circulation.check_in, LIB, "X000000003")
    again = desk.write(circulation.check_out, LIB, "XC00000001", "X000000003")
    assert again.due_date == date(2026, 12, 8)  # 14 days
