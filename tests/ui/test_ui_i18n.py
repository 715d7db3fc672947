"""Both languages complete: every UI string has an English translation, and the .qm is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_translations_complete_and_compiled() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
