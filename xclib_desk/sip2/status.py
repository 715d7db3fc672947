"""The live view of kiosk sessions, published by the server for whoever shows it.

The server may run in its own process (``xclib-desk sip2 serve``) or beside the app; either
way it writes ``sip2/sessions.json`` in the data directory (atomically, at most once a second
while something changes) and the kiosk page reads it. No passwords and no full card numbers
ever go into it (``acs._summary``, ``acs.mask``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .acs import KioskSession

STATUS_DIR = "sip2"
STATUS_FILE = "sessions.json"
#: a file not rewritten for this long means the server is gone (it rewrites every few seconds)
STALE_SECONDS = 15.0


def status_path(data_dir: Path) -> Path:
    return data_dir / STATUS_DIR / STATUS_FILE


def session_dict(s: KioskSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "peer": s.peer,
        "kiosk": s.kiosk.login if s.kiosk else None,
        "location": s.kiosk.location if s.kiosk else "",
        "started": s.started.isoformat(),
        "messages": s.messages,
        "patron": s.patron,
        "last": [
            {"at": at.isoformat(), "command": cmd, "summary": text} for at, cmd, text in s.last
        ],
    }


def write_status(path: Path, server: dict[str, Any], sessions: list[dict[str, Any]]) -> None:
    path.parent.mkdir(mode=0o700, exist_ok=True)
    body = {"server": server, "sessions": sessions, "written": datetime.now(UTC).isoformat()}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sessions-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class LiveView:
    running: bool
    address: str
    encoding: str
    tls: bool
    sessions: list[dict[str, Any]]


def read_status(data_dir: Path) -> LiveView:
    """What the server last published; ``running`` is False when none is (or it died)."""
    path = status_path(data_dir)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        written = datetime.fromisoformat(body["written"])
        server = body["server"]
    except (OSError, ValueError, KeyError, TypeError):
        return LiveView(False, "", "", False, [])
    fresh = (datetime.now(UTC) - written).total_seconds() < STALE_SECONDS
    running = fresh and bool(server.get("running"))
    return LiveView(
        running,
        str(server.get("address", "")),
        str(server.get("encoding", "")),
        bool(server.get("tls")),
        list(body.get("sessions", [])) if running else [],
    )
