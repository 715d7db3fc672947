"""The kiosk server and the desk share the store: both write at once, the desk syncs with the
hub (and fails to, while it is down), and kiosks are answered throughout; every kiosk loan
reaches the hub as the kiosk's event."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sip2_fixtures import KIOSK, KIOSK_PASSWORD, PIN, Kiosk
from sqlalchemy import func, select
from sync_fixtures import LIB, HubProc, Station, hub, station

from xclib_desk.hub.models import HubLoan
from xclib_desk.models import OutboxDelivery, OutboxEvent
from xclib_desk.services import kiosks

__all__ = ["hub", "station"]  # fixtures


@pytest.fixture()
def serving(station: Any, tmp_path: Path) -> Iterator[tuple[Station, int]]:
    st: Station = station("street")
    st.desk.write(kiosks.add_kiosk, LIB, login=KIOSK, name="大厅自助机", password=KIOSK_PASSWORD)
    err = (tmp_path / "serve.err").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "xclib_desk.cli", "--data-dir", str(st.dir), "--json",
         "sip2", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=err, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while '"address"' not in line:
            line = proc.stdout.readline()
        yield st, int(line.split('"address": "127.0.0.1:')[1].split('"')[0])
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0
        err.close()


def _kiosk_round(port: int, tmp: Path, card: str, barcodes: list[str], errors: list[str]) -> None:
    """A patron borrows and returns every copy, three times over."""
    try:
        k = Kiosk(port, tmp)
        assert k.login()["fixed"]["Ok"] == "1"
        k.patron(card, PIN)
        for _ in range(3):
            for bc in barcodes:
                r = k.checkout(bc)
                if r["fixed"]["Ok"] != "1":
                    errors.append(f"checkout {bc}: {r['variable'].get('AF')}")
            for bc in barcodes:
                r = k.checkin(bc)
                if r["fixed"]["Ok"] != "1":
                    errors.append(f"checkin {bc}: {r['variable'].get('AF')}")
        k.close()
    except Exception as e:  # reported by the test, not lost in the thread
        errors.append(repr(e))


def _pending(st: Station) -> int:
    with st.desk.session(write=False) as s:
        total = s.scalar(select(func.count()).select_from(OutboxEvent)) or 0
        done = s.scalar(select(func.count()).select_from(OutboxDelivery)) or 0
    return int(total - done)


def test_kiosks_and_desk_write_together_while_the_desk_syncs(
    serving: tuple[Station, int], hub: HubProc, tmp_path: Path
) -> None:
    st, port = serving
    kiosk_card = st.reader()
    st.desk.write(kiosks.set_reader_password, LIB, kiosk_card, PIN)
    kiosk_items = [st.item() for _ in range(4)]
    desk_card = st.reader()
    desk_items = [st.item() for _ in range(6)]
    errors: list[str] = []
    t = threading.Thread(target=_kiosk_round, args=(port, tmp_path, kiosk_card, kiosk_items,
                                                    errors))  # fmt: skip
    t.start()
    for bc in desk_items:  # the desk lends and syncs meanwhile
        st.checkout(desk_card, bc)
        st.sync()
    t.join(timeout=120)
    assert not t.is_alive() and not errors, errors
    st.sync()
    assert _pending(st) == 0
    by_kiosk = hub.query(select(func.count()).select_from(HubLoan).where(
        HubLoan.staff_code == f"kiosk-{KIOSK}", HubLoan.point == st.code))  # fmt: skip
    assert by_kiosk[0][0] == 12  # 4 copies x 3 rounds, each a loan at the hub


def test_kiosks_are_served_while_the_hub_is_down(
    serving: tuple[Station, int], hub: HubProc, tmp_path: Path
) -> None:
    st, port = serving
    card = st.reader()
    st.desk.write(kiosks.set_reader_password, LIB, card, PIN)
    items = [st.item() for _ in range(3)]
    st.sync()
    hub.stop()
    try:
        k = Kiosk(port, tmp_path)
        assert k.login()["fixed"]["Ok"] == "1"
        k.patron(card, PIN)
        for bc in items:
            assert k.checkout(bc)["fixed"]["Ok"] == "1"
        assert not st.engine.run_once().ok  # the desk cannot reach the hub...
        assert k.checkin(items[0])["fixed"]["Ok"] == "1"  # ...the kiosk does not notice
        assert k.status()["fixed"]["OnlineStatus"] == "Y"
        k.close()
        assert _pending(st) >= 4
    finally:
        hub.start()
    st.sync()
    assert _pending(st) == 0
    rows = hub.query(select(HubLoan.item, HubLoan.returned_at).where(
        HubLoan.staff_code == f"kiosk-{KIOSK}", HubLoan.point == st.code))  # fmt: skip
    assert sorted(r[0] for r in rows) == sorted(items)
    assert [r[0] for r in rows if r[1] is not None] == [items[0]]
