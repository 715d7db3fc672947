"""A module bound with ``common.lazy.lazy`` runs on its first read, once, and a thread that
reads it while another runs it waits for the whole module (the SIP2 server serves each kiosk
on its own thread; a verb's first check-in may be two kiosks' at once)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from xclib_desk.common.lazy import lazy

SLOW = """\
import pathlib, time
with open(pathlib.Path(__file__).with_suffix(".runs"), "a") as f:
    f.write("run\\n")
FIRST = 1
time.sleep(0.3)  # long enough for a second thread to arrive mid-run
LAST = 2
"""


@pytest.fixture()
def slow_module(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A module that takes a while to run and notes each run in a file beside it."""
    name = f"lazy_probe_{tmp_path.name}"
    (tmp_path / f"{name}.py").write_text(SLOW, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        yield name, tmp_path / f"{name}.runs"
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def runs(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def test_a_lazy_module_runs_on_first_read_and_only_once(slow_module: tuple[str, Path]) -> None:
    name, log = slow_module
    module = lazy(name)
    assert runs(log) == 0 and sys.modules[name] is module  # nothing ran yet
    assert module.LAST == 2 and runs(log) == 1
    assert lazy(name) is module and module.FIRST == 1 and runs(log) == 1


def test_two_threads_reading_a_lazy_module_first_both_see_all_of_it(
    slow_module: tuple[str, Path],
) -> None:
    name, log = slow_module
    module = lazy(name)
    seen: dict[str, object] = {}
    started = threading.Barrier(2)

    def read(who: str) -> None:
        started.wait()
        try:
            seen[who] = module.LAST
        except AttributeError as e:  # a half-run module: LAST not set yet
            seen[who] = e

    threads = [threading.Thread(target=read, args=(who,)) for who in ("kiosk-1", "kiosk-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert seen == {"kiosk-1": 2, "kiosk-2": 2}
    assert runs(log) == 1
