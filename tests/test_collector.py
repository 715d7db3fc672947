"""The collector pause around a first pull: never left off, whoever leaves first or fails."""

from __future__ import annotations

import gc
import re
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xclib_desk.common.collector import collector_paused
from xclib_desk.common.textsearch import alnum, fold


def test_the_collector_comes_back_after_a_failed_load() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the hub went away mid-pull")
    assert gc.isenabled()


def test_two_overlapping_loads_keep_it_paused_until_both_leave() -> None:
    inside, leave = threading.Event(), threading.Event()

    def other_load() -> None:
        with collector_paused():
            inside.set()
            leave.wait(10)

    t = threading.Thread(target=other_load)
    with collector_paused():
        t.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other load is still going
    leave.set()
    t.join(10)
    assert gc.isenabled()


def test_a_caller_who_disabled_it_finds_it_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@given(st.text())
def test_codes_index_the_same_by_the_fast_path(raw: str) -> None:
    """A barcode takes a short cut to its indexed form; any text must come out as before."""
    assert alnum(raw) == re.sub(r"[^0-9a-z]", "", fold(raw))
