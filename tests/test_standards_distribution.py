"""Standards from the hall to every point: keys made at the hub, packages signed, published,
pulled and verified by each desk; a package that is not the district's never takes effect."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.models import HubStandards
from xclib_desk.hub.push.feed import Feed, lock_feed, write_feed
from xclib_desk.models import SyncState
from xclib_desk.services import standards as std
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.signing import sign

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
PASSPHRASE = "区馆标准密钥 2026"


def package_file(path: Path, version: int, adult_days: int) -> Path:
    data = load_bundled().model_dump(mode="json")
    data["version"] = version
    data["effective_from"] = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    for rule in data["service"]["loan_rules"]:
        if rule["reader_type"] == "adult" and rule["material_type"] == "*":
            rule["loan_days"] = adult_days
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def hub_run(hub: HubProc, *args: str) -> tuple[int, str]:
    import contextlib
    import io

    buf, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
        rc = hub_cli.main([args[0], "--db", hub.db, *args[1:]])
    return rc, buf.getvalue() + err.getvalue()


def test_published_package_reaches_points_and_forgeries_do_not(
    hub: HubProc,
    station: Callable[..., Station],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XCLIB_KEY_PASSPHRASE", PASSPHRASE)
    rc, out = hub_run(hub, "keys-new", "--out", str(tmp_path / "keys"), "--json")
    assert rc == 0
    keys = json.loads(out)["result"]
    private = keys["private"]
    assert (Path(private).stat().st_mode & 0o777) == 0o600
    assert "ENCRYPTED" in Path(private).read_text()

    point = station()  # enrols after the key exists: the desk is given the district key
    trusted = point.desk.read(std.trusted_keys_view)
    assert [k.key_id for k in trusted] == [keys["key_id"]]

    draft = package_file(tmp_path / "v2.json", 2, adult_days=30)
    rc, out = hub_run(hub, "standards-validate", str(draft))
    assert rc == 0 and "loan_days: 42 -> 30" in out and "version: 1 -> 2" in out
    signed = tmp_path / "v2.signed.json"
    assert (
        hub_run(hub, "standards-sign", str(draft), "--key", private, "--out", str(signed))[0] == 0
    )
    assert hub_run(hub, "standards-publish", str(signed))[0] == 0
    rc, out = hub_run(hub, "standards-publish", str(signed))  # replay
    assert rc == 1 and "standards_older" in out

    # a package signed with any other key is refused at the hub already
    rogue = tmp_path / "v3.rogue.json"
    from xclib_desk.standards.schema import StandardsPackage

    pkg3 = StandardsPackage.model_validate_json(
        package_file(tmp_path / "v3.json", 3, 99).read_text()
    )
    rogue.write_text(sign(pkg3, Ed25519PrivateKey.generate()).model_dump_json(), encoding="utf-8")
    rc, out = hub_run(hub, "standards-publish", str(rogue))
    assert rc == 1 and "standards_unknown_key" in out

    point.sync()
    assert [v.version for v in point.desk.read(std.versions)] == [1, 2]
    assert point.desk.policy.version == 2
    assert point.desk.policy.loan_rule("adult", "book").loan_days == 30

    # a compromised hub database slips in an unsigned version 3: the desk refuses it
    engine = make_engine(hub.db)
    with Session(engine) as s, s.begin():
        lock_feed(s)
        s.add(
            HubStandards(
                version=3,
                effective_from=datetime.now(UTC) - timedelta(days=1),
                body=pkg3.model_dump_json(),
                signature=f"{keys['key_id']}:AAAA",
            )
        )
        s.flush()
        write_feed(s, Feed(standards={3}))
    engine.dispose()
    point.sync()
    assert [v.version for v in point.desk.read(std.versions)] == [1, 2]
    assert point.desk.policy.loan_rule("adult", "book").loan_days == 30
    with point.desk.session(write=False) as s:
        note: Any = json.loads(s.get_one(SyncState, std.REFUSED).value)
    assert note["version"] == 3 and note["code"] == "standards_bad_signature"
