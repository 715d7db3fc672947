"""docs/new-service-point.md, walked end to end with the operator's own commands.

Every step of the guide runs through the real console entry points (``xclib-hub`` and
``xclib-desk`` main functions, the code behind the installed scripts) against one real hub
process on loopback: the hub administrator opens the point, the hall catalogues a MARC file at
the hub and ships a box, the new point enrols, receives it (one copy damaged, one missing) and
runs the checks of section 7. Each claim the guide makes about a step is asserted, with the
figures counted independently (from the MARC file written here and the hub's own rows).
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from holdings_fixtures import cnmarc, iso2709
from openpyxl import load_workbook
from sqlalchemy import select
from stdnum import ean

from xclib_desk import cli as desk_cli
from xclib_desk.common.times import BEIJING
from xclib_desk.hub import cli as hub_cli
from xclib_desk.hub.models import HubItem, HubLoan

if TYPE_CHECKING:
    from sync_fixtures import HubProc

pytest_plugins = ["sync_fixtures"]

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "new-service-point.md"
HALL, BRANCH, POINT = "XC-HALL", "XC-DSX", "XC-DSX-01"
POINT_NAME = "德胜街道新街口社区服务点"
HOURS = "2-6 09:00-17:30; 7 10:00-16:00"
#: the copies of the example (X000120001 ... in the guide): two titles, eight copies
BOOKS = [f"X0001200{i:02d}" for i in range(1, 9)]
DAMAGED, MISSING = BOOKS[6], BOOKS[7]
CARD = "XC00120001"
PACKAGE = GUIDE.parent.parent / "xclib_desk" / "resources" / "standards" / "default.json"


def isbn(body: str) -> str:
    return body + ean.calc_check_digit(body)


class Console:
    """The two console commands, run in-process as their scripts run them (``main(argv)``)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def hub(self, *argv: str, rc: int = 0) -> str:
        code = hub_cli.main(list(argv))
        out, err = self.capsys.readouterr()
        assert code == rc, f"xclib-hub {' '.join(argv)} -> {code}\n{out}\n{err}"
        return out if rc == 0 else err

    def hub_json(self, *argv: str) -> Any:
        doc = json.loads(self.hub(*argv, "--json"))
        assert doc["ok"]
        return doc["result"]

    def desk(self, data: Path, *argv: str, rc: int = 0) -> str:
        code = desk_cli.main(["--data-dir", str(data), *argv])
        out, err = self.capsys.readouterr()
        assert code == rc, f"xclib-desk {' '.join(argv)} -> {code}\n{out}\n{err}"
        return out if rc == 0 else out + err  # a refusal: its message (stderr), or --json

    def desk_json(self, data: Path, *argv: str) -> Any:
        doc = json.loads(self.desk(data, *argv, "--json"))
        assert doc["ok"]
        return doc["result"]


def guide_commands() -> set[str]:
    """Every ``xclib-hub``/``xclib-desk`` verb the guide writes in code: the words after the
    program up to the first option, placeholder or argument."""
    text = GUIDE.read_text(encoding="utf-8")
    code = re.findall(r"```sh\n(.*?)```", text, re.S) + re.findall(r"`([^`\n]+)`", text)
    found = set()
    for chunk in code:
        for m in re.finditer(r"(xclib-(?:hub|desk))((?: +[a-z][a-z-]*(?=\s|$))*)", chunk):
            found.add(" ".join([m.group(1), *m.group(2).split()]))
    return found


def test_the_guide_names_only_verbs_that_exist(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command the guide writes is a real verb of its program (its --help exits 0)."""
    commands = guide_commands()
    assert {"xclib-hub point add", "xclib-desk shipment add-list", "xclib-desk duty on"} <= commands
    for cmd in sorted(commands):
        prog, *words = cmd.split()
        main = hub_cli.main if prog == "xclib-hub" else desk_cli.main
        with pytest.raises(SystemExit) as e:
            main([*words, "--help"])
        assert e.value.code == 0, f"{cmd}: {capsys.readouterr().err}"
    capsys.readouterr()


def test_opening_a_new_service_point_as_the_guide_says(
    hub: HubProc,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = Console(capsys)
    monkeypatch.setenv("XCLIB_DESK_NO_KEYRING", "1")  # the 0600 file instead of the OS keyring
    monkeypatch.setenv("XCLIB_HUB_DB", hub.db)  # "export XCLIB_HUB_DB=... or --db on every command"
    monkeypatch.chdir(tmp_path)
    hall, point = tmp_path / "hall", tmp_path / "point"
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))  # the bundled rules, read raw

    # --- a running district: the hall (enrolled, not synced yet) and the street branch ---------
    c.hub("point", "add", "--code", HALL, "--name", "西城区图书馆总馆", "--level", "district")
    c.hub("point", "add", "--code", BRANCH, "--name", "德胜街道分馆", "--level", "street")
    c.desk(hall, "init", "--point", HALL, "--name", "西城区图书馆总馆", "--level", "district")
    c.desk(hall, "enrol", "--hub", hub.url, "--code", c.hub("enrol-code", "--point", HALL).strip())

    # --- 1. create the point at the hub ----------------------------------------------------------
    short = c.hub("point", "add", "--code", POINT, "--name", POINT_NAME, "--level", "community",
                  "--parent", BRANCH, "--hours", "6 09:00-12:00", rc=1)  # fmt: skip
    assert "35" in short  # a week under the level's minimum is refused with the reason
    out = c.hub("point", "add", "--code", POINT, "--name", POINT_NAME, "--level", "community",
                "--parent", BRANCH, "--population", "12000", "--hours", HOURS)  # fmt: skip
    assert out.strip() == f"point {POINT} added"
    report = c.hub_json("report", "compliance", "--format", "json")
    [row] = [p for p in report["points"] if p["point_code"] == POINT]
    assert (row["level"], row["population"]) == ("community", 12000)
    assert all(not f["value"] for f in row["figures"])  # listed, no figures yet

    # --- 2. issue an enrolment code ---------------------------------------------------------------
    issued = c.hub_json("enrol-code", "--point", POINT, "--hours", "72")
    code = issued["code"]
    groups = code.split("-")  # four groups of five (100 bits)
    assert [len(g) for g in groups] == [5, 5, 5, 5] and issued["point_code"] == POINT
    expires = datetime.fromisoformat(issued["expires_at"])
    in_72h = datetime.now(expires.tzinfo) + timedelta(hours=72)
    assert abs(expires - in_72h) < timedelta(minutes=5)

    # --- 3. install the desk and enrol it ---------------------------------------------------------
    c.desk(point, "init", "--point", POINT, "--name", POINT_NAME, "--level", "community",
           "--parent", BRANCH)  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("admin1234\n"))
    c.desk(point, "staff", "add", "--code", "admin", "--name", "管理员", "--role", "admin",
           "--password-stdin")  # fmt: skip
    # the code enrols only the point it was issued for; the refusal names no point and does
    # not use it up
    assert "bad_enrol_code" in c.desk(hall, "enrol", "--hub", hub.url, "--code", code, rc=1)
    c.desk(point, "enrol", "--hub", hub.url, "--code", code)
    st = c.desk_json(point, "sync-status")
    assert st["enrolled"] and st["hub_url"] == hub.url and st["last_error"] is None
    assert (point / "device.token").exists()
    assert "bad_enrol_code" in c.desk(point, "enrol", "--hub", hub.url, "--code", code, rc=1)

    # --- 4. catalogue the initial holdings at the hub ---------------------------------------------
    isbn1, isbn2 = isbn("978702000120"), isbn("978702000121")
    records = [
        cnmarc("城南旧事", isbn=isbn1, author="林海音著", clc="I246.57",
               copies=[(bc, "L544") for bc in BOOKS[:5]]),
        cnmarc("骆驼祥子", isbn=isbn2, author="老舍著", clc="I246.57",
               copies=[(bc, "L445") for bc in BOOKS[5:]]),
        cnmarc("坏书号", isbn="9787020002208", clc="I246.57", copies=[("X000129000", "X1")]),
    ]  # fmt: skip
    mrc = tmp_path / "books-2026.mrc"
    mrc.write_bytes(b"".join(iso2709(r) for r in records))
    c.hub("import-marc", str(mrc), "--point", HALL, "--report", "import-report.xlsx")
    sheet = load_workbook(tmp_path / "import-report.xlsx").active
    assert sheet is not None
    rows = [" ".join(str(v) for v in r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 3 and "ISBN" in rows[2]  # the bad record: its position and reason
    copies = hub.query(select(HubItem.barcode, HubItem.owner, HubItem.location))
    assert sorted(r[0] for r in copies if r[0] in BOOKS) == BOOKS
    assert all((r[1], r[2]) == (HALL, HALL) for r in copies if r[0] in BOOKS)
    assert "X000129000" not in {r[0] for r in copies}  # skipped; the rest went in
    again = c.hub_json("import-marc", str(mrc), "--point", HALL)["summary"]
    assert (again["imported"], again["items_added"]) == (0, 0)  # running it twice changes nothing
    assert len(hub.query(select(HubItem.barcode).where(HubItem.barcode.in_(BOOKS)))) == 8
    for desk_dir in (hall, point):  # "at any desk": titles with their copies at the hall
        [hit] = c.desk_json(desk_dir, "search", "--online", isbn1)
        assert hit["title"] == "城南旧事" and hit["online"]
        assert sorted((x["barcode"], x["point_code"]) for x in hit["copies"]) == [
            (bc, HALL) for bc in BOOKS[:5]
        ]

    # --- 5. pack and dispatch the initial boxes at the hall ---------------------------------------
    # before its sync the hall does not know the new point yet
    assert "unknown_point" in c.desk(hall, "shipment", "new", "--to", POINT, rc=1)
    c.desk(hall, "sync")
    out = c.desk(hall, "shipment", "new", "--to", POINT, "--note", "开馆首批配送")
    [box] = re.findall(r"[0-9a-f]{8}-[0-9a-f-]{27}", out)  # prints the box id
    c.desk(hall, "shipment", "add", box, BOOKS[0], BOOKS[1])
    refused = c.desk(hall, "shipment", "add", box, "X000129999", rc=1)
    assert "X000129999" in refused  # says why, and packs nothing
    batch = tmp_path / "first-batch.txt"
    batch.write_text("\n".join([*BOOKS[2:], "X000129999"]) + "\n", encoding="utf-8")
    # add-list packs every line it can and lists the refused one; --strict makes that exit 1
    packed = json.loads(c.desk(hall, "shipment", "add-list", box, str(batch), "--strict",
                               "--json", rc=1))["result"]  # fmt: skip
    assert packed["added"] == BOOKS[2:] and [r[0] for r in packed["refused"]] == ["X000129999"]
    sent = c.desk_json(hall, "shipment", "dispatch", box)
    assert (sent["status"], sent["items"], sent["to_point"]) == ("dispatched", 8, POINT)
    assert sorted(x["barcode"] for x in sent["lines"]) == BOOKS
    c.desk(hall, "sync")
    in_transit = hub.query(select(HubItem.status).where(HubItem.barcode.in_(BOOKS)))
    assert [s for (s,) in in_transit] == ["in_transit"] * 8

    # --- 6. first sync at the point and receipt ---------------------------------------------------
    c.desk(point, "sync")
    [incoming] = c.desk_json(point, "shipment", "list", "--direction", "in")
    assert (incoming["uid"], incoming["items"], incoming["from_point"]) == (box, 8, HALL)
    c.desk(point, "shipment", "receive", box, *BOOKS[:6])
    c.desk(point, "shipment", "damaged", box, DAMAGED, "--note", "封面破损")
    done = c.desk_json(point, "shipment", "finish", box)  # the unscanned copy is missing
    outcome = {x["barcode"]: (x["outcome"], x["damaged"]) for x in done["lines"]}
    assert [bc for bc in BOOKS if outcome[bc][0] == "missing"] == [MISSING]
    assert [bc for bc in BOOKS if outcome[bc][1]] == [DAMAGED]
    assert (done["missing"], done["damaged"], done["extra"]) == (1, 1, 0)
    c.desk(point, "sync")
    c.desk(hall, "sync")
    where = dict(hub.query(select(HubItem.barcode, HubItem.location)))
    assert [where[bc] for bc in BOOKS] == [POINT] * 7 + [HALL]
    receipt = c.hub_json("exceptions", "--status", "open")
    assert sorted((x["kind"], x["context"]["item"]) for x in receipt) == [
        ("shipment_damaged", DAMAGED), ("shipment_missing", MISSING)
    ]  # fmt: skip
    assert all(set(x["points"]) == {HALL, POINT} for x in receipt)
    for desk_dir in (hall, point):  # both ends see them
        mine = c.desk_json(desk_dir, "exceptions")
        assert sorted(x["uid"] for x in mine) == sorted(x["uid"] for x in receipt)

    # --- 7. checks before opening -----------------------------------------------------------------
    # desk and hub talk
    st = c.desk_json(point, "sync-status")
    assert st["online"] and st["pending"] == 0 and not st["clock_drift_warning"]
    assert st["last_error"] is None and st["protocol_ok"]
    # holdings arrived: the received copies, available here
    [local] = c.desk_json(point, "search", "城南旧事")
    assert (local["copies"], local["available"]) == (5, 5)
    here = len([bc for bc in BOOKS if where[bc] == POINT])
    [summary, *_] = c.desk_json(point, "stats")
    figures = {r[0]: r[1] for r in summary["rows"]}
    assert figures["holdings"] == here == 7
    assert figures["served_population"] == 12000  # the hub's figure reached the desk
    # district catalogue: this point's copies and the hall's, marked online
    [hit] = c.desk_json(point, "search", "--online", isbn2)
    assert hit["online"] and sorted((x["barcode"], x["point_code"]) for x in hit["copies"]) == [
        (BOOKS[5], POINT), (DAMAGED, POINT), (MISSING, HALL)
    ]  # fmt: skip
    # rules in force: the district's current package version
    [in_force] = [v for v in c.desk_json(point, "standards", "list") if v["in_force"]]
    assert in_force["version"] == report["latest_standards_version"]
    # opening hours and staff: on duty against the level's minimum, inside the point's hours
    c.desk(point, "duty", "on", "--staff", "admin")
    duty = c.desk_json(point, "duty", "status")
    assert [x["staff_code"] for x in duty["on_duty"]] == ["admin"]
    assert duty["minimum"] == package["staffing"]["min_on_duty"]["community"]
    assert duty["scheduled_open"] == open_now(package)
    assert duty["understaffed"] is False
    # required services: the level's checklist
    services = c.desk_json(point, "services", "list")
    required = package["service"]["required_services"]["community"]
    assert [i["service"] for i in services["items"]] == required
    assert services["gaps"] == required  # nothing confirmed yet this month
    # a test loan of a received copy: accepted, no exception at the hub
    c.desk(point, "reader", "add", "--card", CARD, "--name", "测试读者", "--type", "adult",
           "--id-number", "11010519491231002X")  # fmt: skip
    c.desk(point, "checkout", CARD, BOOKS[0])
    c.desk(point, "checkin", BOOKS[0])
    c.desk(point, "sync")
    [(loan,)] = hub.query(select(HubLoan).where(HubLoan.item == BOOKS[0]))
    assert (loan.point, loan.card_no, loan.returned_point) == (POINT, CARD, POINT)
    assert loan.returned_at is not None
    every = c.hub_json("exceptions")
    assert sorted(x["uid"] for x in every) == sorted(x["uid"] for x in receipt)
    # compliance: the point listed, its figures filling in
    pc = c.desk_json(point, "compliance")
    assert (pc["point_code"], pc["level"], pc["population"]) == (POINT, "community", 12000)
    mine = {f["key"]: f["value"] for f in pc["figures"]}
    assert mine["circulation"] == 1
    assert mine["holdings_per_capita"] == pytest.approx(here / 12000, abs=1e-3)
    c.hub("report", "compliance", "--format", "xlsx")  # at the hall (the hub's machine)
    year = datetime.now(BEIJING).year
    book = load_workbook(tmp_path / f"compliance-{year}.xlsx")
    cells = {str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r}
    assert POINT in cells
    # exceptions: the receipt's, resolved at the hall, are closed at the hub and at the point
    for x in receipt:
        c.desk(hall, "resolve", x["uid"], "--resolution", "accept")
    c.desk(hall, "sync")
    assert c.hub_json("exceptions", "--status", "open") == []
    c.desk(point, "sync")
    assert c.desk_json(point, "exceptions") == []
    # sync-status asks the hub each time: with the hub down it says so
    hub.stop()
    try:
        st = c.desk_json(point, "sync-status")
        assert not st["online"] and st["pending"] == 0
    finally:
        hub.start()


def open_now(package: dict[str, Any]) -> bool:
    """Whether HOURS (Tue–Sat 09:00–17:30, Sun 10:00–16:00) has the point open now, Beijing time,
    the package's closed dates excepted; computed here without the desk's hours code."""
    now = datetime.now(BEIJING)
    if now.date().isoformat() in package["service"]["closed_dates"]:
        return False
    hm = now.strftime("%H:%M")
    if 2 <= now.isoweekday() <= 6:
        return "09:00" <= hm < "17:30"
    return now.isoweekday() == 7 and "10:00" <= hm < "16:00"
