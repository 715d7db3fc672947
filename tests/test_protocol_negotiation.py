"""A desk upgraded before its hub: protocol 3 only added a feed field (the reader index's
``holds_ready``), so against a hub of 2 the desk speaks 2 and keeps syncing, instead of
queueing everything until the hub is upgraded. The hub is an old one's handshake on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from xclib_desk.desk import Desk
from xclib_desk.protocol.wire import PROTOCOL_HEADER, PROTOCOL_VERSION
from xclib_desk.sync.engine import SyncEngine


class OldHub(BaseHTTPRequestHandler):
    accepted: ClassVar[list[int]] = [1, 2]

    def do_GET(self) -> None:
        body = json.dumps(
            {"hub": "old", "accepted_protocols": self.accepted,
             "hub_time": datetime.now(UTC).isoformat()}
        ).encode()  # fmt: skip
        self.send_response(200 if self.path == "/v1/hello" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture()
def old_hub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OldHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_desk_newer_than_its_hub_speaks_the_hubs_protocol(desk: Desk, old_hub: str) -> None:
    assert PROTOCOL_VERSION == 3
    engine = SyncEngine(desk)
    engine.set_hub_url(old_hub)
    OldHub.accepted = [1, 2]
    assert engine.probe()
    assert engine.status().protocol_ok
    assert engine._headers()[PROTOCOL_HEADER] == "2"  # every request after the handshake
    OldHub.accepted = [1, 2, 3]  # the hub upgraded: the desk speaks its newest again
    assert engine.probe() and engine._headers()[PROTOCOL_HEADER] == "3"


def test_a_hub_older_than_the_desk_can_speak_is_refused(desk: Desk, old_hub: str) -> None:
    engine = SyncEngine(desk)
    engine.set_hub_url(old_hub)
    OldHub.accepted = [1]  # events of 2 carry marks a hub of 1 refuses
    engine.probe()
    assert not engine.status().protocol_ok


def test_a_fresh_process_speaks_what_was_agreed_before_its_own_handshake(
    desk: Desk, old_hub: str
) -> None:
    """``xclib-desk fetch-item`` and a union search make one request in a new process: against
    a hub of 2 it must not be the newest protocol, which that hub refuses."""
    OldHub.accepted = [1, 2]
    first = SyncEngine(desk)
    first.set_hub_url(old_hub)
    assert first.probe()
    assert SyncEngine(desk)._headers()[PROTOCOL_HEADER] == "2"
    OldHub.accepted = [1, 2, 3]
    assert SyncEngine(desk).probe()
    assert SyncEngine(desk)._headers()[PROTOCOL_HEADER] == "3"
