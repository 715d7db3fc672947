"""``--self-test``: prove an installed bundle works before a point relies on it.

Checks that start-up loaded no window toolkit, then opens a store in a temporary directory and
runs a headless circulation round through the same services the desk uses (migrations,
standards package, ID validation, argon2, events). Prints one line per step and exits 0, or
names the step that failed and exits 1.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .desk import Desk
from .services import circulation, holdings, readers, staff, status
from .services.context import SYSTEM


def run() -> int:
    state: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="xclib-selftest-") as tmp:
        data = Path(tmp)

        def init() -> str:
            desk = Desk.initialise(
                data, point_code="SELFTEST", point_name="自检服务点", level="community"
            )
            state["desk"] = desk
            return f"store created, standards v{desk.read(status.status).standards_version}"

        def desk() -> Desk:
            d = state["desk"]
            assert isinstance(d, Desk)
            return d

        def add_staff() -> str:
            desk().write(
                staff.add_staff,
                SYSTEM,
                code="selftest",
                name="自检",
                role="librarian",
                password="selftest-password",
            )
            state["actor"] = desk().read(
                staff.authenticate, SYSTEM, "selftest", "selftest-password"
            )
            return "argon2 sign-in ok"

        def register() -> str:
            v = desk().write(
                readers.register,
                SYSTEM,
                card_no="XC00000001",
                name="自检读者",
                reader_type="adult",
                id_number="11010519491231002X",
            )
            return f"reader {v.card_no} {v.id_masked}"

        def catalogue() -> str:
            t = desk().write(
                holdings.add_title, SYSTEM, title="自检图书", isbn="9787020002207", clc="I247.57"
            )
            desk().write(
                holdings.add_item,
                SYSTEM,
                barcode="X000000001",
                title_ref=t.uid,
                call_number="I247.57/Z123",
            )
            return "title and item added"

        def check_out() -> str:
            v = desk().write(circulation.check_out, SYSTEM, "XC00000001", "X000000001")
            return f"due {v.due_date}"

        def check_in() -> str:
            desk().write(circulation.check_in, SYSTEM, "X000000001")
            st = desk().read(status.status)
            assert st.open_loans == 0 and st.events_pending == st.events_total
            return f"returned; {st.events_total} events queued"

        def headless() -> str:
            # a bundle whose start-up loads Qt (PyInstaller's own run-time hook for PySide6
            # did) makes every command-line verb pay for a window it never opens
            loaded = sorted(m for m in ("PySide6", "shiboken6") if m in sys.modules)
            assert not loaded, f"loaded at start-up: {loaded}"
            return "no window toolkit loaded"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("start-up", headless),
            ("init", init),
            ("staff", add_staff),
            ("register", register),
            ("catalogue", catalogue),
            ("check-out", check_out),
            ("check-in", check_in),
        ]
        print(f"xclib-desk {__version__} self-test")
        try:
            for name, step in steps:
                try:
                    print(f"  {name}: {step()}")
                except Exception:
                    print(f"  {name}: FAILED", file=sys.stderr)
                    traceback.print_exc()
                    return 1
        finally:
            if "desk" in state:
                desk().close()
    print("self-test passed")
    return 0
