"""Operations layer: every desk call the window makes runs here, off the GUI thread.

Why two lanes:
- ``serial``: one worker thread, FIFO. Scans and other desk writes go here, so a scanner that
  fires three barcodes in 30 ms gets three check-outs *in scan order*, and a write that waits on
  SQLite's lock (the sync engine committing a pulled page) never freezes the window.
- ``background``: a small pool for slow reads (searches over 300k items, sync, imports) which can
  report progress and be cancelled.

Results reach widgets only through Qt signals: each call returns an :class:`OpHandle`, a QObject
living in the GUI thread whose slots receive the worker's signals (queued connections), and which
re-emits ``finished`` / ``failed`` / ``progress`` there. Callers never touch a widget from a worker.
A failure reaches the page as a ``DeskError`` (shown in the user's language) or, for what nobody
planned, as the exception itself, which pages show as a plain "not done, nothing changed"
(``UiContext.message``); the traceback goes to the log only.
"""

from __future__ import annotations

import functools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from ..errors import DeskError, failure

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when staff pressed cancel; reported as ``cancelled``, not an error."""


class CancelToken(threading.Event):
    """Cooperative cancellation: a ``threading.Event`` (what the sync engine takes) that long
    tasks poll with ``is_set()`` or ``check()`` between steps."""

    def check(self) -> None:
        if self.is_set():
            raise Cancelled()


class _WorkerSignals(QObject):
    """Emitted from the worker thread; its receivers (an OpHandle) live in the GUI thread."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class OpHandle(QObject):
    """The GUI-thread end of one operation."""

    finished = Signal(object)
    failed = Signal(object)  # the exception (DeskError for refusals)
    cancelled = Signal()
    progress = Signal(int, int, str)  # done, total (0 = unknown), what

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.token.set()

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self.done, self.result = True, result
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self.done = True
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
            return
        self.error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.failed.emit(exc)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.emit(done, total, what)


def _run(fn: Callable[[], Any], signals: _WorkerSignals) -> None:
    """The worker side: run, then report through the signals object (queued to the GUI)."""
    try:
        result = fn()
    except (Exception, Cancelled) as exc:
        # a file the job could not write (an export to a full or read-only disk) is a refusal
        # in words; Desk operations already say so for the store itself
        named = isinstance(exc, OSError) and isinstance(exc.filename, str)
        refusal = failure(exc, str(getattr(exc, "filename", ""))) if named else None
        if refusal is None and not isinstance(exc, DeskError | Cancelled):
            log.error("operation failed:\n%s", traceback.format_exc())  # for support, not shown
        signals.failed.emit(refusal or exc)
    else:
        signals.done.emit(result)


class Ops(QObject):
    """Runs callables on the serial desk lane or the background pool and reports via signals."""

    busy_changed = Signal(int)  # number of operations in flight

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.serial_pool = QThreadPool(self)
        self.serial_pool.setMaxThreadCount(1)
        self.background_pool = QThreadPool(self)
        self.background_pool.setMaxThreadCount(3)
        self._live: set[OpHandle] = set()
        self._keep: dict[OpHandle, _WorkerSignals] = {}

    def _start(
        self,
        pool: QThreadPool,
        name: str,
        fn: Callable[..., Any],
        with_control: bool,
    ) -> OpHandle:
        handle = OpHandle(name, self)
        # Created and parented here, so it lives in the GUI thread and only the GUI thread
        # deletes it (deleteLater in _release): a worker dropping its last Python reference
        # must never destroy a QObject of another thread.
        signals = _WorkerSignals(self)
        signals.done.connect(handle._on_done)
        signals.failed.connect(handle._on_failed)
        signals.progress.connect(handle._on_progress)
        handle.finished.connect(lambda _r, h=handle: self._release(h))
        handle.failed.connect(lambda _e, h=handle: self._release(h))
        handle.cancelled.connect(lambda h=handle: self._release(h))
        self._live.add(handle)
        self._keep[handle] = signals

        def call() -> Any:
            if with_control:
                token = handle.token

                def progress(done: int, total: int = 0, what: str = "") -> None:
                    token.check()
                    signals.progress.emit(int(done), int(total), str(what))

                return fn(progress=progress, cancel=token)
            return fn()

        pool.start(functools.partial(_run, call, signals))
        self.busy_changed.emit(len(self._live))
        return handle

    def _release(self, handle: OpHandle) -> None:
        self._live.discard(handle)
        signals = self._keep.pop(handle, None)
        if signals is not None:
            signals.deleteLater()
        handle.deleteLater()
        self.busy_changed.emit(len(self._live))

    def serial(self, name: str, fn: Callable[[], Any]) -> OpHandle:
        """A desk operation that must keep its place in line (scans, saves)."""
        return self._start(self.serial_pool, name, fn, with_control=False)

    def background(
        self, name: str, fn: Callable[..., Any], *, with_control: bool = False
    ) -> OpHandle:
        """A slow, order-independent job; ``with_control`` passes ``progress`` and ``cancel``."""
        return self._start(self.background_pool, name, fn, with_control=with_control)

    @property
    def in_flight(self) -> int:
        return len(self._live)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Ask background jobs to stop and wait for committed writes to finish before exit."""
        for h in list(self._live):
            h.cancel()
        self.serial_pool.waitForDone(timeout_ms)
        self.background_pool.waitForDone(timeout_ms)
