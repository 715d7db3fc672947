"""The output contract of both command lines, ``xclib-desk`` and ``xclib-hub``.

One shape for scripts, whichever program they drive:

- a result: the text for people on stdout, or with ``--json`` one document
  ``{"ok": true, "result": ...}``;
- a refusal: ``[code] message`` on stderr, and with ``--json`` also
  ``{"ok": false, "error": {"code": ..., "message": ..., "params": {...}}}`` on stdout; exit 1;
- an unexpected failure: ``[internal_error] ...`` in plain words (no traceback), the same
  envelope with ``--json``; exit 3.

Messages are in the user's language: ``--lang`` sets ``XCLIB_LANG`` for the run, ``zh`` is the
default. Both programs import this module, so it stays pure: no database, no desk services, no
hub (the hub must not import the desk's services, and the desk bundle ships without the hub).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel


class Exit(IntEnum):
    """Exit codes of both programs (docs/cli.md, "Exit codes")."""

    OK = 0
    REFUSED = 1  # a typed refusal: nothing changed
    USAGE = 2  # argparse: unknown verb or option, missing argument
    UNEXPECTED = 3  # a failure nobody planned for: the transaction was rolled back
    INTERRUPTED = 130  # Ctrl-C


def language() -> str:
    """``en`` or ``zh``: the language of every message, from ``XCLIB_LANG`` (default ``zh``)."""
    return "en" if os.environ.get("XCLIB_LANG", "zh").lower().startswith("en") else "zh"


@contextmanager
def run_language(lang: str | None) -> Iterator[None]:
    """``--lang`` for one run: set ``XCLIB_LANG`` while it lasts, then put back the caller's (a
    caller running several commands, such as the tests or the GUI, keeps its own)."""
    previous = os.environ.get("XCLIB_LANG")
    if lang:
        os.environ["XCLIB_LANG"] = lang
    try:
        yield
    finally:
        if lang and previous is None:
            os.environ.pop("XCLIB_LANG", None)
        elif lang and previous is not None:
            os.environ["XCLIB_LANG"] = previous


def say(zh: str, en: str) -> str:
    """The message in the user's language; each front end writes both versions side by side."""
    return en if language() == "en" else zh


def json_ready(value: Any) -> Any:
    """Dataclass views and pydantic models -> JSON-able data (dates as ISO strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_ready(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def dumps(document: Any) -> str:
    """The one JSON rendering of both programs: readable, Chinese kept as Chinese."""
    return json.dumps(json_ready(document), ensure_ascii=False, indent=2, default=str)


def plain(value: Any) -> str:
    """Default text of a result that has no sentence of its own: ``key: value`` lines."""
    data = json_ready(value)
    if isinstance(data, list):
        return "\n".join(_plain_row(row) for row in data) or say("（无）", "(none)")
    return _plain_row(data)


def _plain_row(row: Any) -> str:
    if isinstance(row, dict):
        return (
            "\n".join(f"{k}: {_plain_row(v) if isinstance(v, dict) else v}" for k, v in row.items())
            + "\n"
        )
    return str(row)


def result(value: Any, text: str | None, as_json: bool) -> int:
    """Print a result (the envelope with ``--json``, else ``text`` or :func:`plain`)."""
    if as_json:
        print(dumps({"ok": True, "result": value}))
    else:
        print(text if text is not None else plain(value))
    return Exit.OK


def refusal(code: str, message: str, as_json: bool, params: Mapping[str, Any] | None = None) -> int:
    """Print a refusal: ``[code] message`` on stderr, and the envelope on stdout with --json."""
    if as_json:
        error = {"code": code, "message": message, "params": dict(params or {})}
        print(dumps({"ok": False, "error": error}))
    print(f"[{code}] {message}", file=sys.stderr)
    return Exit.REFUSED


def unexpected(exc: BaseException, as_json: bool, log: Path | None = None) -> int:
    """An unplanned failure, said plainly (its type and first line, no traceback; the
    traceback goes to ``log`` when the program could write one); exit 3."""
    detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
    message = say(
        f"意外错误（{detail[:300]}）：进行中的操作已回滚。请把这条信息告诉技术支持。",
        f"Unexpected failure ({detail[:300]}): the operation under way was rolled back. "
        "Tell support this message.",
    )
    if log is not None:
        message += say(f"详细记录：{log}", f" Details: {log}")
    refusal("internal_error", message, as_json, {"log": str(log)} if log else None)
    return Exit.UNEXPECTED
