"""The hub's logs carry event ids and codes, never personal data.

An exception's text is where personal data leaks into a log: SQLAlchemy's errors print the
statement's parameters (reader names, card numbers), a database's error repeats the duplicate
key, pydantic's the input it refused. So once :func:`install` has run, no log record of the hub
process carries an exception's text or traceback: the record's message gets the exception's
type and where it was raised (file, line and function of each frame; no values), which is
enough to find the bug with the event id the message already names.

Installed as the log record factory (every logger, every handler, loggers made later too) by
the hub's HTTP application, which is where uvicorn has configured logging by then.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType
from typing import Any

_installed = False


def where(exc: BaseException, tb: TracebackType | None) -> str:
    """``IntegrityError at batch.py:150 _one < loans.py:40 checked_out``: no message, no values."""
    frames = traceback.extract_tb(tb)[-6:]
    path = " < ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames)
    )
    return f"{type(exc).__name__} at {path}" if path else type(exc).__name__


def _scrubbing(factory: Any) -> Any:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        info = record.exc_info
        if info and info[1] is not None:
            record.msg = f"{record.getMessage()} [{where(info[1], info[2])}]"
            record.args = None
            record.exc_info, record.exc_text = None, None
        return record

    return make


def install() -> None:
    """From now on this process logs no exception text (idempotent)."""
    global _installed
    if not _installed:
        logging.setLogRecordFactory(_scrubbing(logging.getLogRecordFactory()))
        _installed = True
