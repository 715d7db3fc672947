"""Limits before reading, against a real hub process: a body over its route's cap is answered
413 as soon as the cap is passed (before a byte is read when Content-Length says so), a request
without the token its route needs is answered 401 before its body is read, and the hub's
resident memory stays flat while a client tries to send hundreds of megabytes.

The requests are written on a raw socket so the test sees exactly how much of the body the hub
took before it answered; the hub's memory is its VmRSS in /proc.
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from xclib_desk.hub.api.limits import BODY_MAX, PUSH_WIRE_MAX

if TYPE_CHECKING:
    from sync_fixtures import HubProc, Station

pytest_plugins = ["sync_fixtures"]
MakeStation = Callable[..., "Station"]
MB = 1024 * 1024
CHUNK = b"x" * MB


def rss_kb(hub: HubProc) -> int:
    assert hub.proc is not None
    with open(f"/proc/{hub.proc.pid}/status") as f:
        line = next(row for row in f if row.startswith("VmRSS:"))
    return int(line.split()[1])


@dataclass
class Answer:
    status: int
    body: dict[str, object]
    sent: int  # body bytes the client managed to send before the answer came


def raw_post(
    hub: HubProc, path: str, headers: dict[str, str], body: Iterator[bytes], chunked: bool
) -> Answer:
    """POST ``body`` piece by piece, stopping as soon as the hub has answered."""
    sock = socket.create_connection(("127.0.0.1", hub.port), timeout=60)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    if chunked:
        head.append("Transfer-Encoding: chunked")
    sent = 0
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        # a hub that refuses by the headers alone answers before any body is sent
        answered = bool(select.select([sock], [], [], 1.0)[0])
        for piece in body:
            if answered or select.select([sock], [], [], 0)[0]:
                break
            frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        raw = b""
        while b"\r\n\r\n" not in raw or len(raw.split(b"\r\n\r\n", 1)[1]) < _length(raw):
            more = sock.recv(65536)
            if not more:
                break
            raw += more
    finally:
        sock.close()
    head_text, _, payload = raw.partition(b"\r\n\r\n")
    status = int(head_text.split(b" ", 2)[1])
    return Answer(status, json.loads(payload[: _length(raw)] or b"{}"), sent)


def _length(raw: bytes) -> int:
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def megabytes(n: int) -> Iterator[bytes]:
    for _ in range(n):
        yield CHUNK


def device_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-Xclib-Protocol": "1"}


def test_a_300_mb_enrolment_is_refused_before_it_is_read(hub: HubProc) -> None:
    """Unauthenticated, 300 MB declared: 413 before a byte of it; 300 MB streamed without a
    length: 413 once 64 KiB have passed. The hub's memory does not follow."""
    before = rss_kb(hub)
    declared = raw_post(
        hub, "/v1/enrol", {"Content-Length": str(300 * MB)}, megabytes(300), chunked=False
    )
    assert declared.status == 413 and declared.body["code"] == "too_large"
    assert declared.sent == 0
    streamed = raw_post(hub, "/v1/enrol", {}, megabytes(300), chunked=True)
    assert streamed.status == 413 and streamed.body["code"] == "too_large"
    assert streamed.sent < 300 * MB
    grown_kb = rss_kb(hub) - before
    print(f"enrol 300 MB: hub RSS {before} kB -> +{grown_kb} kB; streamed {streamed.sent} B")
    assert grown_kb < 8 * 1024


def test_an_unauthenticated_100_mb_push_is_refused_before_it_is_read(hub: HubProc) -> None:
    before = rss_kb(hub)
    for headers in ({}, device_headers("dev_not-a-token")):
        declared = raw_post(
            hub, "/v1/push", {**headers, "Content-Length": str(100 * MB)}, megabytes(100), False
        )
        assert declared.status == 401 and declared.sent == 0
        assert declared.body["code"] in ("no_token", "bad_token")
        streamed = raw_post(hub, "/v1/push", headers, megabytes(100), chunked=True)
        assert streamed.status == 401 and streamed.sent < 100 * MB
    grown_kb = rss_kb(hub) - before
    print(f"unauthenticated push 100 MB: hub RSS {before} kB -> +{grown_kb} kB")
    assert grown_kb < 8 * 1024


def test_admin_routes_refuse_a_body_without_the_admin_token_before_reading_it(
    hub: HubProc, station: MakeStation
) -> None:
    """FastAPI reads body parameters before dependencies: the gate answers first."""
    a = station()
    for headers, status in (({}, 401), (device_headers(a.engine.tokens.get() or ""), 403)):
        r = raw_post(
            hub, "/v1/admin/points", {**headers, "Content-Length": str(10 * MB)}, megabytes(10),
            chunked=False,
        )  # fmt: skip
        assert r.status == status and r.sent == 0


def test_an_authenticated_push_over_64_mb_gets_413(hub: HubProc, station: MakeStation) -> None:
    """150 MB declared: 413 before reading; 150 MB chunked: 413 once 64 MiB have passed (the
    push cap on the wire), so the hub holds at most the cap, never the whole body."""
    a = station()
    headers = device_headers(a.engine.tokens.get() or "")
    declared = raw_post(
        hub, "/v1/push", {**headers, "Content-Length": str(150 * MB)}, megabytes(150), False
    )
    assert declared.status == 413 and declared.sent == 0
    before = rss_kb(hub)
    streamed = raw_post(hub, "/v1/push", headers, megabytes(150), chunked=True)
    assert streamed.status == 413 and streamed.body["code"] == "too_large"
    assert PUSH_WIRE_MAX <= streamed.sent < 150 * MB
    grown_kb = rss_kb(hub) - before
    print(f"push 150 MB chunked: hub RSS {before} kB -> +{grown_kb} kB; sent {streamed.sent} B")
    assert grown_kb < 2 * PUSH_WIRE_MAX // 1024
    # the device is not stuck: an honest push right after is applied
    a.checkout(a.reader(), a.item())
    a.sync()


def test_small_routes_take_64_kib_and_no_more(hub: HubProc) -> None:
    """At the cap an enrolment is judged on its content; one byte more is 413."""

    def pad(n: int) -> str:
        body = {"code": "X" * 8, "device_id": "d", "point_code": "P", "device_name": "n" * n}
        return json.dumps(body)

    base = len(pad(0))
    fits = pad(BODY_MAX - base).encode()
    assert len(fits) == BODY_MAX
    ok = raw_post(hub, "/v1/enrol", {"Content-Length": str(len(fits))}, iter([fits]), False)
    assert ok.status == 422  # read and validated (the name is too long), not refused unread
    over = pad(BODY_MAX - base + 1).encode()
    r = raw_post(hub, "/v1/enrol", {"Content-Length": str(len(over))}, iter([over]), False)
    assert r.status == 413


@pytest.fixture(autouse=True)
def _hub_alive(hub: HubProc) -> Iterator[None]:
    yield
    assert hub.proc is not None and hub.proc.poll() is None, "the hub process died"
