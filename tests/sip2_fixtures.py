"""A SIP2 server on a test store and kiosks that talk to it with an independent client.

The client is the ``Sip2`` package from PyPI (a port of the PHP client libraries use), not our
codec: what it builds and parses is what a kiosk in the field does. ``raw`` sends bytes of our
choosing for what no client would send.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FRONT, LIBRARIAN, Kit
from Sip2.sip2 import Sip2  # type: ignore[import-untyped]

from xclib_desk.desk import Desk
from xclib_desk.services import kiosks
from xclib_desk.sip2.server import ServerConfig, Sip2Server

KIOSK = "K1"
KIOSK_PASSWORD = "kiosk-secret-1"
PIN = "2468"


def start_server(desk: Desk, **kw: Any) -> Sip2Server:
    server = Sip2Server(desk, ServerConfig(host="127.0.0.1", port=0, **kw))
    server.start()
    return server


def add_kiosk(desk: Desk, login: str = KIOSK, language: str = "zh") -> None:
    desk.write(
        kiosks.add_kiosk,
        LIBRARIAN,
        login=login,
        name=f"自助机{login}",
        password=KIOSK_PASSWORD,
        location="一层大厅",
        language=language,
    )


def pin_reader(kit: Kit, reader_type: str = "adult", pin: str = PIN) -> str:
    card = kit.reader(reader_type)
    kit.desk.write(kiosks.set_reader_password, FRONT, card, pin)
    return card


class QuietSip2(Sip2):  # type: ignore[misc]
    """The client without its finaliser's ``print``.

    ``Sip2.__del__`` prints "Sip2 object unset" to whatever ``sys.stdout`` is when the garbage
    collector gets to it, which may be another test's ``redirect_stdout`` capturing a CLI's JSON.
    """

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.disconnect()


class Kiosk:
    """One self-check machine, speaking through the independent client."""

    def __init__(self, port: int, log_dir: Path, encoding: str = "utf-8") -> None:
        c = QuietSip2()
        c.hostName, c.hostPort, c.tlsEnable = "127.0.0.1", port, False
        c.hostEncoding, c.institutionId, c.scLocation = encoding, "XJK", "一层大厅"
        c.logfile_path, c.loglevel, c.socketTimeout = str(log_dir), "WARNING", 5
        c.connect()
        self.c = c

    def send(self, request: str) -> str:
        return str(self.c.get_response(request))

    def login(self, login: str = KIOSK, password: str = KIOSK_PASSWORD) -> dict[str, Any]:
        return dict(self.c.sip_login_response(self.send(self.c.sip_login_request(login, password))))

    def patron(self, card: str, pin: str = "") -> None:
        self.c.patron, self.c.patronpwd = card, pin

    def status(self) -> dict[str, Any]:
        return dict(self.c.sip_sc_status_response(self.send(self.c.sip_sc_status_request())))

    def checkout(self, barcode: str) -> dict[str, Any]:
        req = self.c.sip_checkout_request(barcode)
        return dict(self.c.sip_checkout_response(self.send(req)))

    def checkin(self, barcode: str) -> dict[str, Any]:
        return dict(self.c.sip_checkin_response(self.send(self.c.sip_checkin_request(barcode))))

    def renew(self, barcode: str) -> dict[str, Any]:
        req = self.c.sip_renew_request(barcode)
        return dict(self.c.sip_renew_response(self.send(req)))

    def renew_all(self) -> dict[str, Any]:
        return dict(self.c.sip_renew_all_response(self.send(self.c.sip_renew_all_request())))

    def item(self, barcode: str) -> dict[str, Any]:
        req = self.c.sip_item_information_request(barcode)
        return dict(self.c.sip_item_information_response(self.send(req)))

    def patron_status(self) -> dict[str, Any]:
        req = self.c.sip_patron_status_request()
        return dict(self.c.sip_patron_status_response(self.send(req)))

    def patron_info(self, kind: str) -> dict[str, Any]:
        req = self.c.sip_patron_information_request(kind)
        return dict(self.c.sip_patron_information_response(self.send(req)))

    def end(self) -> dict[str, Any]:
        req = self.c.sip_end_patron_session_request()
        return dict(self.c.sip_end_patron_session_response(self.send(req)))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.c.disconnect()


def var(resp: dict[str, Any], code: str) -> str:
    values = resp["variable"].get(code) or [""]
    return str(values[0])


def raw(port: int, data: bytes, timeout: float = 5.0) -> bytes:
    """Send ``data`` on a fresh connection and read one answer (up to its CR)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        return read_frame(s)


def read_frame(s: socket.socket) -> bytes:
    buf = b""
    while not buf.endswith(b"\r"):
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    return buf


@pytest.fixture()
def served(desk: Desk, kit: Kit) -> Iterator[Sip2Server]:
    add_kiosk(desk)
    server = start_server(desk)
    yield server
    server.stop()


@pytest.fixture()
def kiosk(served: Sip2Server, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(served.address[1], tmp_path)
    assert k.login()["fixed"]["Ok"] == "1"
    yield k
    k.close()
