"""Which package is in force when: a newer version is never undone by an older one that takes
effect later. The hall announces v2 for the day after tomorrow, then must correct the rules at
once with v3 effective now; on the day v2 was due, the points keep v3 (v2 never comes into
force). Checked across that date with a real hub process and the desk run at set times."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.orm import Session

from xclib_desk.cli import main
from xclib_desk.common.times import BEIJING
from xclib_desk.hub import standards as hub_standards
from xclib_desk.hub.db import make_engine
from xclib_desk.hub.staffing import Packages
from xclib_desk.standards.policy import load_bundled
from xclib_desk.standards.timeline import in_force, superseded, takeovers

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

from test_standards_distribution import PASSPHRASE, hub_run

pytest_plugins = ["sync_fixtures"]


def draft(path: Path, version: int, effective: datetime, adult_days: int) -> Path:
    data = load_bundled().model_dump(mode="json")
    data["version"] = version
    data["title"] = f"统一标准第{version}版"
    data["effective_from"] = effective.isoformat()
    for rule in data["service"]["loan_rules"]:
        if rule["reader_type"] == "adult" and rule["material_type"] == "*":
            rule["loan_days"] = adult_days
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def desk_cli(capsys: pytest.CaptureFixture[str], point: Station, at: datetime, *argv: str) -> Any:
    """One ``xclib-desk --now AT ...`` run on the point's store, as support would type it."""
    when = at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    code = main(["--data-dir", str(point.dir), "--json", "--now", when, *argv])
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert code == 0, doc
    return doc["result"]


def test_a_newer_version_is_not_undone_by_an_older_one_taking_effect_later(
    hub: HubProc,
    station: Callable[..., Station],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XCLIB_KEY_PASSPHRASE", PASSPHRASE)
    rc, out = hub_run(hub, "keys-new", "--out", str(tmp_path / "keys"), "--json")
    assert rc == 0, out
    private = json.loads(out)["result"]["private"]
    point = station()
    card, bc = point.reader(), point.item()

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    published = []
    for version, effective, days in ((2, now + timedelta(days=2), 60), (3, now, 14)):
        signed = tmp_path / f"v{version}.signed.json"
        src = draft(tmp_path / f"v{version}.json", version, effective, days)
        assert (
            hub_run(hub, "standards-sign", str(src), "--key", private, "--out", str(signed))[0] == 0
        )
        rc, out = hub_run(hub, "standards-publish", str(signed), "--json")
        assert rc == 0, out  # the hub accepts the correction...
        published.append(json.loads(out)["result"])
    assert published[1]["superseded"] == [2]  # ...and tells the publisher v2 will never apply

    point.sync()
    point.desk.close()  # from here on the desk runs as the CLI at set times

    soon = desk_cli(capsys, point, now + timedelta(hours=1), "standards", "list")
    assert [(v["version"], v["in_force"], v["superseded"]) for v in soon] == [
        (1, False, False),
        (2, False, True),
        (3, True, False),
    ]
    assert desk_cli(capsys, point, now + timedelta(hours=1), "status")["standards_version"] == 3

    # past the moment v2 was to take effect: still v3, and a loan made then follows v3's rules
    later = now + timedelta(days=3)
    assert desk_cli(capsys, point, later, "status")["standards_version"] == 3
    loan = desk_cli(capsys, point, later, "checkout", card, bc)
    assert loan["standards_version"] == 3
    lent_on = later.astimezone(BEIJING).date()
    assert (datetime.fromisoformat(loan["due_date"]).date() - lent_on).days < 30  # not v2's 60
    listed = desk_cli(capsys, point, later, "standards", "list")
    assert [v["version"] for v in listed if v["in_force"]] == [3]

    # the hub reads the same timeline: v3 in force now and in three days, v2 never
    engine = make_engine(hub.db)
    with Session(engine) as s:
        assert hub_standards.overview(s).active_version == 3
        assert hub_standards.superseded(s) == [2]
        packages = Packages(s)
        assert packages.at(now + timedelta(hours=1)).version == 3
        assert packages.at(later).version == 3
    engine.dispose()


def test_the_timeline_rule() -> None:
    """The rule itself, on the cases a publisher can make (the CLI test above crosses a date)."""
    t = datetime(2026, 12, 1, tzinfo=UTC)
    day = timedelta(days=1)
    cases: list[tuple[list[tuple[datetime, int]], list[tuple[datetime, int]], list[int]]] = [
        # (published (effective, version), expected (moment, version in force), never in force)
        ([(t, 1), (t + 2 * day, 2), (t + day, 3)], [(t, 1), (t + day, 3), (t + 3 * day, 3)], [2]),
        ([(t, 1), (t + day, 2), (t + 2 * day, 3)], [(t + day, 2), (t + 2 * day, 3)], []),
        ([(t, 1), (t + day, 2), (t + day, 3)], [(t + day, 3), (t + 5 * day, 3)], [2]),
        ([(t, 1), (t - day, 2)], [(t - day, 2), (t, 2), (t + day, 2)], [1]),
        ([(t, 1)], [(t - 9 * day, 1), (t, 1)], []),  # before any: the first one
    ]
    for published, expected, never in cases:
        line = takeovers((at, v, v) for at, v in published)
        assert [(at, in_force(line, at)) for at, _ in expected] == expected, published
        versions = [v for _, v in line]
        assert versions == sorted(versions)  # along time, versions only rise
        assert superseded(published) == never
