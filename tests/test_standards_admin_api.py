"""The hub's standards admin API, through the desk's admin client against a real hub process.

What an admin at a desk relies on: the overview shows the newest package and which version each
point runs; a package signed with the district key is published and becomes the newest; the same
refusals as ``xclib-hub standards-publish`` (older version, unknown key); a wrong token is refused.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sync_fixtures import HubProc, Station, hub, station  # noqa: F401 - fixtures

from xclib_desk.errors import DeskError
from xclib_desk.hub.models import HubEvent, HubStandards
from xclib_desk.standards.diff import changes
from xclib_desk.standards.schema import StandardsPackage
from xclib_desk.standards.signing import load_private_key, sign
from xclib_desk.sync.admin_client import AdminClient, has_admin_token, save_admin_token
from xclib_desk.sync.tokens import ADMIN_TOKEN_FILE

PASS = "district-pass-123"


def district_key(hub: HubProc, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    monkeypatch.setenv("XCLIB_KEY_PASSPHRASE", PASS)
    out = json.loads(hub.cli("keys-new", "--out", str(tmp), "--json"))["result"]
    return Path(out["private"])


def draft(latest: dict[str, object], version: int, adult_days: int) -> StandardsPackage:
    data = json.loads(json.dumps(latest))
    data["version"] = version
    data["effective_from"] = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    data["issued_at"] = datetime.now(UTC).isoformat()
    for rule in data["service"]["loan_rules"]:  # type: ignore[index]
        if rule["reader_type"] == "adult" and rule["material_type"] == "*":
            rule["loan_days"] = adult_days
    return StandardsPackage.model_validate(data)


def test_overview_publish_and_refusals(
    hub: HubProc,  # noqa: F811
    station,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point: Station = station()
    point.item()
    point.sync()  # the point's events carry the version it runs
    client = AdminClient(hub.url, hub.admin_token())
    try:
        before = client.standards()
        newest = hub.query(select(func.max(HubStandards.version)))[0][0]
        assert before.latest["version"] == newest
        assert [v.version for v in before.versions][-1] == newest
        runs = {p.code: p.standards_version for p in before.points}
        seen = hub.query(
            select(func.max(HubEvent.standards_version)).where(HubEvent.point_code == point.code)
        )[0][0]
        assert runs[point.code] == seen == point.desk.policy.version

        key = load_private_key(district_key(hub, tmp_path, monkeypatch).read_bytes(), PASS.encode())
        pkg = draft(before.latest, newest + 1, adult_days=60)
        assert [(c.path, c.old, c.new) for c in changes(before.latest, pkg.model_dump(mode="json"))
                if c.path.endswith("loan_days")] == [
            ("service.loan_rules[adult/*].loan_days", 42, 60)
        ]  # fmt: skip
        out = client.publish(sign(pkg, key))
        assert out.version == newest + 1
        after = client.standards()
        assert after.latest["version"] == newest + 1
        assert after.versions[-1].signed_by == sign(pkg, key).key_id
        assert after.active_version == before.active_version  # effective only from tomorrow

        with pytest.raises(DeskError) as again:  # a replay is not newer
            client.publish(sign(pkg, key))
        assert again.value.code == "hub_refused" and "standards_older" in again.value.message()
        stranger = Ed25519PrivateKey.generate()
        with pytest.raises(DeskError) as unknown:
            client.publish(sign(draft(after.latest, newest + 2, 30), stranger))
        assert "standards_unknown_key" in unknown.value.message()
        assert hub.query(select(func.max(HubStandards.version)))[0][0] == newest + 1
    finally:
        client.close()

    wrong = AdminClient(hub.url, "adm_not-a-token")
    with pytest.raises(DeskError) as denied:
        wrong.standards()
    assert denied.value.code == "hub_admin_denied"
    wrong.close()


def test_admin_token_kept_like_the_device_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")
    assert not has_admin_token(tmp_path, "dev-1")
    save_admin_token(tmp_path, "dev-1", "  adm_secret  ")
    assert has_admin_token(tmp_path, "dev-1")
    path = tmp_path / ADMIN_TOKEN_FILE
    assert path.read_text() == "adm_secret"
    assert path.stat().st_mode & 0o077 == 0  # readable by the desk's OS user only
    save_admin_token(tmp_path, "dev-1", "")
    assert not path.exists()
