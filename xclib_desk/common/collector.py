"""How the cyclic garbage collector is kept from the hot paths: paused around a desk's bulk
load, kept out of a program's start-up, tuned once in a server process.

A first sync turns a hundred and fifty thousand feed rows into objects in a few seconds. Each
seven hundred new objects start a young collection, and every few dozen of those a full one,
which walks every object the process holds (the ORM's mappers, the protocol's validators,
the window): about a second of CPU over a district's first pull, a fifth of it, for no
garbage, since rows and pages are freed by reference counting the moment they are written.
Paused, what cycles a page leaves behind (a session's bookkeeping) wait for the next
collection after the load; memory stays bounded by the pages in flight.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while any caller is inside; the collector's earlier state after
    the last one leaves (a caller who had disabled it finds it disabled)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()


@contextmanager
def starting_up() -> Iterator[None]:
    """Around loading the program (``xclib_desk.launch``): no collection while the modules,
    the ORM's mappers and the protocol's validators are made (hundreds of thousands of objects
    that live as long as the process, and full passes over a growing heap that find no
    garbage), then all of it kept out of every later scan, the interpreter's last one at exit
    included. What runs next (a verb, the window, a server) collects as usual.

    Frozen before the collector is back on: switched on first, its next young pass walked
    everything start-up made (~25 ms of every verb) to free the few cycles loading leaves
    behind, which now stay: about 300 objects, 220 kB, once."""
    with collector_paused():
        yield
        gc.freeze()


def tune_for_server() -> None:
    """A push makes thousands of short-lived ORM rows. With the default thresholds the
    collector runs every 700 allocations and its full passes re-scan every object made at
    start (modules, the app): ~25% of a push's CPU (bench/bench_sync.py). Keep those out of
    the scans and collect the young generation less often. Once per server process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
