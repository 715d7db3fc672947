"""Keep the interpreter alive under a Qt binding that miscounts references to None/True/False.

Measured with PySide6 6.12.0 on CPython 3.11 (see tests/ui/test_ui_qtfix.py):
- ``SignalInstance.emit`` returns ``True`` without owning a reference: -1 on ``True`` per emit;
- every Python callable Qt calls back through the event loop (a queued slot, a
  ``QTimer.singleShot`` callback, ``QRunnable.run`` on a pool thread) loses one reference to the
  ``None`` it returns.
A desk runs all day on exactly those paths (each scan is a pool task and queued signals), and
after some thousands of them CPython aborts with "Fatal Python error: none_dealloc" or
"bool_dealloc" — in the benchmark, after ~600 scans.

CPython 3.12+ makes these singletons immortal, so nothing is needed there. On older CPython we do
the same by hand: add 2**40 references to each, once. They are static objects that are never
freed, so extra references cost nothing; 2**40 lost references would take years of scanning.
"""

from __future__ import annotations

import ctypes
import sys

EXTRA_REFS = 1 << 40
_applied = False


def needed() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def immortalise_singletons() -> bool:
    """Idempotent; returns True when it changed anything."""
    global _applied
    if _applied or not needed():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every PyObject, at the object's address
        ctypes.c_ssize_t.from_address(id(obj)).value += EXTRA_REFS
    _applied = True
    return True
