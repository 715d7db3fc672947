"""The desk survives a day of callbacks: the binding's lost references to None/True are covered."""

from __future__ import annotations

import subprocess
import sys

DAY_OF_WORK = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
n = max(sys.getrefcount(None), sys.getrefcount(True)) + 2000  # more than enough to abort
import xclib_desk.ui  # noqa: F401 - applies the fix
app = QCoreApplication([])
class S(QObject):
    ping = Signal(object)
class Task(QRunnable):
    def __init__(self, s):
        super().__init__()
        self.s = s
    def run(self):
        self.s.ping.emit(None)
got = []
s = S()
s.ping.connect(lambda x: got.append(x))
pool = QThreadPool()
pool.setMaxThreadCount(1)
for i in range(n):
    pool.start(Task(s))
    QTimer.singleShot(0, lambda: None)
    if i % 500 == 0:
        pool.waitForDone()
        app.processEvents()
pool.waitForDone()
app.processEvents()
print("survived", len(got) > 0)
"""


def test_many_callbacks_do_not_abort_the_interpreter() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", DAY_OF_WORK], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived True" in proc.stdout
