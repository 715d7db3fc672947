"""The SIP2 TCP server: one thread per kiosk connection, bounded and timed out.

Kiosks are few (a point has one to ten) and each waits for its answer, so a thread per
connection is the plain choice; the Desk's SQLite transactions serialise the writes (the desk
app in another process writes the same store: WAL, ``BEGIN IMMEDIATE``, a busy timeout). What
keeps a hostile or broken client from hurting the point: a connection limit, an idle time-out,
a frame-size limit, "resend" for anything unreadable, and a hang-up after repeated garbage or
failed logins (``acs``).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..desk import Desk
from ..errors import DeskError, one_of
from .acs import MAX_BAD_IN_ROW, Acs, KioskSession
from .codec import MAX_FRAME, Message, encode
from .status import session_dict, status_path, write_status

log = logging.getLogger("xclib_desk.sip2")
ENCODINGS = ("utf-8", "gb18030")
#: how often the server reads the rules again (a package or local rule the desk app installed)
RELOAD_RULES_S = 60.0


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"  # loopback unless the point opens it to its LAN
    port: int = 6001
    encoding: str = "utf-8"
    max_connections: int = 16
    idle_timeout: float = 600.0  # seconds without a frame before we hang up
    tls_cert: Path | None = None
    tls_key: Path | None = None
    error_detection: bool = False  # add AY/AZ to answers even when the kiosk sends none


class Sip2Server:
    def __init__(self, desk: Desk, config: ServerConfig, *, publish: bool = True) -> None:
        if config.encoding not in ENCODINGS:
            raise DeskError("bad_input", field="encoding", detail=one_of("encoding", ENCODINGS))
        self.desk = desk
        self.config = config
        self.acs = Acs(
            desk,
            config.encoding,
            error_detection=config.error_detection,
            on_message=self._touched,
        )
        self._tls: ssl.SSLContext | None = None
        if config.tls_cert is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            try:
                ctx.load_cert_chain(config.tls_cert, config.tls_key)
            except (OSError, ssl.SSLError) as e:
                raise DeskError(
                    "sip2_bind_failed", address=str(config.tls_cert), reason=str(e)[:200]
                ) from None
            self._tls = ctx
        self._sock: socket.socket | None = None
        self._address = (config.host, config.port)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sessions: dict[int, KioskSession] = {}
        self._threads: set[threading.Thread] = set()
        self._next_id = 0
        self._dirty = threading.Event()
        self._publish = publish
        self._accepter: threading.Thread | None = None
        self._publisher: threading.Thread | None = None

    # --- life -----------------------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        """Where it listens (the port the system chose, for port 0)."""
        return self._address

    def start(self) -> None:
        """Bind and serve in background threads; a bind failure is a refusal in words."""
        try:
            family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.config.host, self.config.port))
            sock.listen(self.config.max_connections)
            sock.settimeout(0.5)
        except OSError as e:
            raise DeskError(
                "sip2_bind_failed",
                address=f"{self.config.host}:{self.config.port}",
                reason=e.strerror or str(e),
            ) from None
        self._sock = sock
        host, port = sock.getsockname()[:2]
        self._address = (str(host), int(port))
        self._accepter = threading.Thread(target=self._accept_loop, name="sip2-accept", daemon=True)
        self._accepter.start()
        if self._publish:
            self._publisher = threading.Thread(
                target=self._publish_loop, name="sip2-status", daemon=True
            )
            self._publisher.start()
        log.info(
            "sip2 serving on %s:%d (%s, tls %s)",
            *self.address,
            self.config.encoding,
            "on" if self._tls else "off",
        )

    def stop(self) -> None:
        self._stop.set()
        if self._accepter is not None:
            self._accepter.join(timeout=5)
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(timeout=5)
        if self._sock is not None:
            self._sock.close()
        if self._publisher is not None:
            self._publisher.join(timeout=5)
        if self._publish:
            self._write_status(running=False)

    def wait(self) -> None:
        """Serve until :meth:`stop` (or Ctrl-C in the caller)."""
        while not self._stop.wait(0.5):
            pass

    # --- the live view ----------------------------------------------------------------
    def sessions(self) -> list[dict[str, Any]]:
        with self._lock:
            return [session_dict(s) for s in self._sessions.values()]

    def _touched(self, _session: KioskSession) -> None:
        self._dirty.set()

    def _write_status(self, running: bool = True) -> None:
        host, port = self.address
        server = {
            "running": running,
            "address": f"{host}:{port}",
            "encoding": self.config.encoding,
            "tls": self._tls is not None,
        }
        try:
            write_status(status_path(self.desk.data_dir), server, self.sessions())
        except OSError as e:  # a full disk must not stop the kiosks
            log.warning("sip2 status not written: %s", e)

    def _publish_loop(self) -> None:
        self._write_status()
        reloaded = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() - reloaded > RELOAD_RULES_S:
                reloaded = time.monotonic()
                try:
                    self.desk.reload_rules()
                except Exception:  # the rules in force stay; the kiosks keep being served
                    log.exception("sip2: reloading the rules failed")
            # rewrite at least every 5 s (the page tells a live server from a dead one)
            self._dirty.wait(5.0)
            self._dirty.clear()
            if not self._stop.is_set():
                self._write_status()
                self._stop.wait(1.0)

    # --- connections ----------------------------------------------------------------
    def _accept_loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, peer = self._sock.accept()
            except TimeoutError:
                continue
            except OSError as e:
                if self._stop.is_set():
                    return
                log.warning("sip2 accept failed: %s", e)
                continue
            with self._lock:
                full = len(self._sessions) >= self.config.max_connections
                if not full:
                    self._next_id += 1
                    session = KioskSession(
                        self._next_id, f"{peer[0]}:{peer[1]}", self.desk.clock.now()
                    )
                    self._sessions[session.id] = session
            if full:
                log.warning(
                    "sip2 %s:%s refused: %d connections already",
                    peer[0],
                    peer[1],
                    self.config.max_connections,
                )
                conn.close()
                continue
            t = threading.Thread(
                target=self._serve, args=(conn, session), name=f"sip2-{session.id}", daemon=True
            )
            with self._lock:
                self._threads.add(t)
            t.start()
            self._dirty.set()

    def _serve(self, conn: socket.socket, session: KioskSession) -> None:
        try:
            conn.settimeout(self.config.idle_timeout)
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            self._converse(conn, session)
        except TimeoutError:
            log.info(
                "sip2 %s #%d: idle for %.0f s, hung up",
                session.peer,
                session.id,
                self.config.idle_timeout,
            )
        except (OSError, ssl.SSLError) as e:
            log.info("sip2 %s #%d: connection ended: %s", session.peer, session.id, e)
        except Exception:  # never let a connection's failure reach the server
            log.exception("sip2 %s #%d: connection failed", session.peer, session.id)
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._sessions.pop(session.id, None)
                self._threads.discard(threading.current_thread())
            self._dirty.set()

    def _converse(self, conn: socket.socket, session: KioskSession) -> None:
        buf = b""
        skipping = False  # inside an over-long frame: drop bytes until its CR
        stop_check = min(self.config.idle_timeout, 1.0)
        idle = 0.0
        conn.settimeout(stop_check)
        while not self._stop.is_set() and not session.closing:
            try:
                chunk = conn.recv(4096)
            except TimeoutError:
                idle += stop_check
                if idle >= self.config.idle_timeout:
                    raise
                continue
            idle = 0.0
            if not chunk:
                return
            buf += chunk
            while b"\r" in buf and not session.closing:
                frame, buf = buf.split(b"\r", 1)
                if skipping:
                    skipping = False
                    continue
                frame = frame.lstrip(b"\n")
                if not frame:
                    continue
                conn.sendall(self.acs.answer(session, frame))
            if len(buf) > MAX_FRAME:
                log.warning(
                    "sip2 %s #%d: frame over %d bytes dropped", session.peer, session.id, MAX_FRAME
                )
                buf, skipping = b"", True
                session.bad_in_row += 1
                session.closing = session.bad_in_row >= MAX_BAD_IN_ROW
                conn.sendall(encode(Message("96"), self.config.encoding, error_detection=True))
        if session.closing:
            log.warning(
                "sip2 %s #%d: hung up (too many bad frames or failed logins)",
                session.peer,
                session.id,
            )
