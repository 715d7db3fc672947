"""The desk's sync against a real hub process when things go wrong: a poisoned feed row, a hub
answering garbage, a restored backup.

- A row that fails the protocol's types (an old or hostile hub wrote it straight into the feed)
  is skipped and recorded; the rest of the page applies, ``xclib-desk sync`` exits 0 and says so.
- The background loop survives any failure of a run: ``last_error`` says what happened in the
  user's language, and once the cause is gone the waiting events go up.
- After a restore no sequence number is used twice: the next number comes from the stores set
  aside and from the hub (``GET /v1/device``), so every loan reaches the district.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from xclib_desk import backup
from xclib_desk.desk import Desk
from xclib_desk.hub.models import HubEvent, HubLoan
from xclib_desk.models import AuditEntry, OutboxDelivery, OutboxEvent, StoreMeta
from xclib_desk.sync import refusals
from xclib_desk.sync.sequence import RAISED

pytest_plugins = ["sync_fixtures"]

if False:  # typing only
    from sync_fixtures import HubProc, Station

MakeStation = Callable[..., "Station"]
ROOT = Path(__file__).resolve().parent.parent


def desk_cli(st: Station, *argv: str) -> subprocess.CompletedProcess[str]:
    """``xclib-desk`` as its own process on the station's store (the test keeps it open too)."""
    env = {**os.environ, "XCLIB_DESK_NO_KEYRING": "1", "XCLIB_LANG": "en", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "xclib_desk.cli", "--data-dir", str(st.dir), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def poison(hub: HubProc, a: Station, card: str, bc: str) -> tuple[str, str]:
    """Two rows for ``a`` that fail the protocol's types: a reader whose birth date is no
    date, a copy whose title's author is an object. Built from real rows of ``a``'s feed."""
    reader = hub.feed_row(a.code, "reader", card)
    # "99…": above every number the fixtures' serial hands out, so no later reader can be it
    bad_card = "XC99" + card[4:]
    reader["card_no"] = bad_card
    reader["profile"] = {**reader["profile"], "birth_date": "not-a-date"}
    hub.inject_feed_row(a.code, "reader", bad_card, reader)
    item = hub.feed_row(a.code, "item", bc)
    bad_bc = "X99" + bc[3:]
    item["barcode"] = bad_bc
    item["title"] = {**(item["title"] or {"uid": item["title_uid"]}), "author": {"x": 1}}
    hub.inject_feed_row(a.code, "item", bad_bc, item)
    return bad_card, bad_bc


def test_cli_sync_skips_and_records_a_poisoned_row_and_applies_the_rest(
    hub: HubProc, station: MakeStation
) -> None:
    a, b = station(), station()
    card, bc = a.reader(), a.item()
    a.sync()
    bad_card, bad_bc = poison(hub, a, card, bc)
    later = b.reader()  # a good row after the poisoned ones, in the district index
    b.sync()

    run = desk_cli(a, "--json", "sync")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr + run.stdout
    out = json.loads(run.stdout)["result"]
    assert out["run"]["refused"] == 2 and out["status"]["refused_rows"] == 2
    assert a.reader_row(later) is not None  # the page around the poison applied
    assert a.reader_row(bad_card) is None and a.item_row(bad_bc) is None

    rows = {(r.kind, r.key): r for r in a.desk.read(refusals.refused_rows)}
    assert set(rows) == {("reader", bad_card), ("item", bad_bc)}
    assert "birth_date" in rows[("reader", bad_card)].detail
    assert rows[("item", bad_bc)].reason == refusals.INVALID
    assert "not-a-date" in rows[("reader", bad_card)].raw

    text = desk_cli(a, "sync")  # in words, and a second run records nothing twice
    assert text.returncode == 0 and "2 rows from the hub could not be taken" in text.stdout
    assert len(a.desk.read(refusals.refused_rows)) == 2


def test_a_refused_row_applies_after_an_upgrade_and_a_good_row_replaces_it(
    hub: HubProc, station: MakeStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = station()
    card, bc = a.reader(), a.item()
    a.sync()
    bad_card, bad_bc = poison(hub, a, card, bc)
    a.sync()
    assert a.engine.status().refused_rows == 2
    # the item's hub row becomes good again: the newer row replaces the refused one
    good_item = hub.feed_row(a.code, "item", bc)
    good_item["barcode"] = bad_bc
    hub.inject_feed_row(a.code, "item", bad_bc, good_item)
    a.sync()
    assert a.item_row(bad_bc) is not None
    assert [r.kind for r in a.desk.read(refusals.refused_rows)] == ["reader"]

    # "an upgrade": this build reads birth dates written as text (the stored row is mended to
    # stand for what a newer protocol accepts) and its build mark differs from the refusal's
    with a.desk.session(write=True) as s:
        row = s.scalars(select(refusals.RefusedFeedRow)).one()
        row.raw = row.raw.replace('"not-a-date"', '"1970-01-01"')
        s.commit()
    monkeypatch.setattr(refusals, "BUILD", "9.9.9/p9")
    res = a.sync()
    assert res.ok and a.engine.status().refused_rows == 0
    r = a.reader_row(bad_card)
    assert r is not None and str(r.birth_date) == "1970-01-01"


def test_a_row_whose_apply_fails_is_rolled_back_alone(
    hub: HubProc, station: MakeStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row that validates but makes its applier raise (a desk bug, a row the store cannot
    take) costs only itself: the rest of its kind and of the page apply."""
    from xclib_desk.sync import apply

    a, b = station(), station()
    a.sync()
    cards = [b.reader() for _ in range(3)]
    b.sync()
    real = apply.PULL["reader_index"]

    def fragile(ctx: apply.PullContext, changes: list[Any]) -> int:
        if any(c.key == cards[1] for c in changes):
            raise KeyError("a bug met this row")
        return real(ctx, changes)

    monkeypatch.setitem(apply.PULL, "reader_index", fragile)
    res = a.engine.run_once()
    assert res.ok and res.refused == 1
    assert a.reader_row(cards[0]) is not None and a.reader_row(cards[2]) is not None
    assert a.reader_row(cards[1]) is None
    (row,) = a.desk.read(refusals.refused_rows)
    assert (row.key, row.reason, row.detail) == (cards[1], refusals.APPLY_FAILED, "KeyError")


class FlakyHub(requests.Session):
    """The network edge: while ``garbage`` is set, every hub answer arrives as junk."""

    garbage = False

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kw: Any) -> Any:  # type: ignore[override]
        r = super().request(method, url, *args, **kw)
        if self.garbage:
            r._content = b'{"changes": [oops'
        return r


def wait_for(cond: Callable[[], bool], seconds: float = 60) -> None:
    done = threading.Event()
    for _ in range(int(seconds * 20)):
        if cond():
            return
        done.wait(0.05)
    raise AssertionError("condition not reached")


def test_the_background_loop_survives_garbage_and_delivers_once_it_stops(
    hub: HubProc, station: MakeStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XCLIB_LANG", "zh")
    a = station()
    a.sync()
    http = FlakyHub()
    a.engine = a.new_engine(http=http)
    http.garbage = True
    a.checkout(a.reader(), a.item())
    runs: list[bool] = []
    a.engine.start_background(
        interval_s=0.2, max_backoff_s=0.3, on_result=lambda r: runs.append(r.ok)
    )
    try:
        wait_for(lambda: runs.count(False) >= 3)  # several failed runs: the loop lives on
        st = a.engine.status()
        assert st.last_error_code == "bad_answer" and st.pending > 0
        assert st.last_error is not None and "中心的应答无法读取" in st.last_error
        assert "oops" not in st.last_error and "Traceback" not in st.last_error
        assert a.engine.status("en").last_error.startswith("The hub's answer could not be read")  # type: ignore[union-attr]
        a.checkout(a.reader(), a.item())  # the desk works on meanwhile
        http.garbage = False
        wait_for(lambda: a.engine.status().pending == 0)
        wait_for(lambda: a.engine.status().last_error is None)
    finally:
        a.engine.stop_background()
    assert a.engine._thread is None and True in runs


def test_the_loop_survives_a_bug_in_a_run_and_in_its_listener(
    hub: HubProc, station: MakeStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception nobody foresaw (here a ValueError raised where pages are read) and a
    listener that raises: the thread carries on, the fault is typed."""
    from xclib_desk.sync import engine as engine_module

    a = station()
    a.checkout(a.reader(), a.item())
    broken = threading.Event()
    broken.set()
    real = engine_module.read_pull_page

    def reading(content: bytes | str) -> Any:
        if broken.is_set():
            raise RuntimeError("unforeseen")
        return real(content)

    monkeypatch.setattr(engine_module, "read_pull_page", reading)
    seen: list[bool] = []

    def listener(r: Any) -> None:
        seen.append(r.ok)
        raise ZeroDivisionError  # a listener's own bug

    a.engine.start_background(interval_s=0.2, max_backoff_s=0.3, on_result=listener)
    try:
        wait_for(lambda: seen.count(False) >= 2)
        st = a.engine.status("en")
        assert st.last_error_code == "internal" and "RuntimeError" in (st.last_error or "")
        assert st.pending == 0  # the push half went through before the pull failed
        broken.clear()
        wait_for(lambda: True in seen)
    finally:
        a.engine.stop_background()
    assert a.engine.status().last_error is None


# --- sequence numbers after a restore ------------------------------------------------------
def hub_loans(hub: HubProc, barcodes: list[str]) -> dict[str, int]:
    """barcode -> how many loans of it the hub holds."""
    found: dict[str, int] = {}
    for (item,) in hub.query(select(HubLoan.item).where(HubLoan.item.in_(barcodes))):
        found[item] = found.get(item, 0) + 1
    return found


def seq_reused(hub: HubProc, device: str) -> list[Any]:
    return hub.query(
        select(HubEvent.seq).where(HubEvent.device_id == device, HubEvent.code == "seq_reused")
    )


@pytest.mark.parametrize("lost", [False, True], ids=["set-aside-store-kept", "store-lost"])
def test_after_a_restore_the_next_checkout_reaches_the_district(
    hub: HubProc, station: MakeStation, tmp_path: Path, lost: bool
) -> None:
    """Check out, sync, restore the backup from before, check out again, sync: the hub
    applies both loans. With the replaced store set aside (a store wrongly judged corrupt)
    the restore counts past it; with it gone for good the hub's highest number does."""
    a = station()
    card, bc1, bc2 = a.reader(), a.item(), a.item()
    a.sync()
    made = desk_cli(a, "--json", "backup", "--to", str(tmp_path / "saved"))
    assert made.returncode == 0, made.stderr[-2000:]
    saved = Path(json.loads(made.stdout)["result"]["path"])
    a.checkout(card, bc1)
    assert a.sync().results == {"applied": 1}

    a.engine.http.close()
    a.desk.close()
    backup.set_aside(a.dir, "corrupt")  # what opening does with a store it cannot trust
    if lost:
        shutil.rmtree(a.dir / backup.ASIDE_DIR)
    run = desk_cli(a, "restore", str(saved))
    assert run.returncode == 0, run.stderr[-2000:]
    a.desk = Desk.open(a.dir, a.desk.clock)
    a.engine = a.new_engine()

    a.checkout(card, bc2)  # the restored store knows nothing of the first loan
    res = a.sync()
    assert res.results.get("rejected", 0) == 0, res.results
    assert not seq_reused(hub, a.desk.device_id)
    assert hub_loans(hub, [bc1, bc2]) == {bc1: 1, bc2: 1}
    with a.desk.session(write=False) as s:
        raised = s.scalars(select(AuditEntry).where(AuditEntry.action == RAISED)).all()
        seqs = list(s.scalars(select(OutboxEvent.seq).order_by(OutboxEvent.seq)))
        undelivered = s.scalar(
            select(OutboxEvent.seq).outerjoin(OutboxDelivery).where(OutboxDelivery.seq.is_(None))
        )
        next_seq = s.scalars(select(StoreMeta)).one().next_seq
    assert undelivered is None and next_seq > max(seqs)
    # the store set aside told the restore where to count from; only a lost one needs the hub
    assert len(raised) == (1 if lost else 0)


def test_fetching_a_copy_from_a_hub_answering_garbage_is_a_typed_refusal(
    hub: HubProc, station: MakeStation
) -> None:
    from xclib_desk.sync.engine import SyncError

    a, b = station(), station()
    bc = b.item()
    b.sync()
    http = FlakyHub()
    a.engine = a.new_engine(http=http)
    http.garbage = True
    with pytest.raises(SyncError) as info:
        a.engine.fetch_item(bc)
    assert info.value.code == "bad_answer" and a.item_row(bc) is None
    http.garbage = False
    assert a.engine.fetch_item(bc) and a.item_row(bc) is not None
