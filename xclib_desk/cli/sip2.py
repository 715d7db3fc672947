"""Self-check kiosks (SIP2): ``sip2 serve``, kiosk accounts, readers' kiosk passwords and the
live view of kiosk sessions (docs/sip2.md)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from ..common import output
from ..common.output import say
from ..desk import Desk
from ..errors import DeskError, Text
from ..services import kiosks
from ..sip2.server import ENCODINGS, ServerConfig, Sip2Server
from ..sip2.status import read_status
from . import app
from .common import Verbs, actor, emit, none_text

#: the server's log (rotated by nobody: a line per refusal or bad frame is small)
SIP2_LOG = Path("logs") / "sip2.log"


def _secret(args: argparse.Namespace, what: str) -> str:
    value = sys.stdin.readline().rstrip("\n") if args.password_stdin else args.password
    if not value:
        detail = Text("需要 --password 或 --password-stdin", "give --password or --password-stdin")
        raise DeskError("bad_input", detail=detail, field=what)
    return str(value)


def _logging(data_dir: Path) -> None:
    logger = logging.getLogger("xclib_desk.sip2")
    logger.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    path = data_dir / SIP2_LOG
    path.parent.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    for handler in (logging.FileHandler(path, encoding="utf-8"), logging.StreamHandler()):
        handler.setFormatter(fmt)
        logger.addHandler(handler)


def cmd_serve(args: argparse.Namespace, desk: Desk) -> int:
    if bool(args.tls_cert) != bool(args.tls_key):
        detail = Text("--tls-cert 与 --tls-key 需同时给出", "give both --tls-cert and --tls-key")
        raise DeskError("bad_input", detail=detail)
    config = ServerConfig(
        host=args.host,
        port=args.port,
        encoding=args.encoding,
        max_connections=args.max_connections,
        idle_timeout=args.idle_timeout,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        error_detection=args.checksums,
    )
    _logging(desk.data_dir)
    server = Sip2Server(desk, config)
    server.start()
    host, port = server.address
    info = {"address": f"{host}:{port}", "encoding": config.encoding, "tls": bool(args.tls_cert)}
    emit(args, info, say(f"SIP2 服务已启动：{host}:{port}", f"SIP2 serving on {host}:{port}"))
    sys.stdout.flush()
    done = threading.Event()

    def _stop(_sig: int, _frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, _stop)
    try:
        if args.with_app:  # the window in the foreground, the kiosks served beside it
            return app.cmd_gui(args)
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return output.Exit.OK


def cmd_kiosk_add(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        kiosks.add_kiosk,
        actor(args, desk),
        login=args.login,
        name=args.name,
        password=_secret(args, "password"),
        location=args.location or "",
        language=args.language,
    )
    return emit(args, v, say(f"自助机账号 {v.login} 已建立", f"kiosk account {v.login} added"))


def cmd_kiosks(args: argparse.Namespace, desk: Desk) -> int:
    rows = desk.read(kiosks.list_kiosks)
    text = "\n".join(
        f"{k.login}\t{k.name}\t{k.location}\t{k.language}\t"
        + (say("启用", "active") if k.active else say("停用", "disabled"))
        for k in rows
    )
    return emit(args, rows, text or none_text())


def _set_active(args: argparse.Namespace, desk: Desk, active: bool) -> int:
    v = desk.write(kiosks.set_kiosk_active, actor(args, desk), args.login, active)
    return emit(
        args,
        v,
        say(
            f"{v.login}：{'启用' if active else '停用'}",
            f"{v.login}: {'enabled' if active else 'disabled'}",
        ),
    )


def cmd_kiosk_enable(args: argparse.Namespace, desk: Desk) -> int:
    return _set_active(args, desk, True)


def cmd_kiosk_disable(args: argparse.Namespace, desk: Desk) -> int:
    return _set_active(args, desk, False)


def cmd_kiosk_password(args: argparse.Namespace, desk: Desk) -> int:
    v = desk.write(
        kiosks.set_kiosk_password, actor(args, desk), args.login, _secret(args, "password")
    )
    return emit(args, v, say(f"{v.login} 密码已更换", f"{v.login}: password changed"))


def cmd_reader_password(args: argparse.Namespace, desk: Desk) -> int:
    card = desk.write(
        kiosks.set_reader_password, actor(args, desk), args.card, _secret(args, "password")
    )
    result = {"card_no": card}
    return emit(args, result, say(f"{card} 的自助机密码已设置", f"kiosk password set for {card}"))


def cmd_sessions(args: argparse.Namespace, desk: Desk) -> int:
    view = read_status(desk.data_dir)
    if not view.running:
        text = say("SIP2 服务未运行", "the SIP2 server is not running")
    else:
        lines = [say(f"SIP2 服务：{view.address}", f"SIP2 server: {view.address}")]
        for s in view.sessions:
            last = s["last"][-1]["summary"] if s["last"] else ""
            lines.append(f"#{s['id']} {s['kiosk'] or '-'} {s['peer']} {s['messages']} {last}")
        text = "\n".join(lines)
    return emit(args, view, text)


def _password_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--password")
    sp.add_argument("--password-stdin", action="store_true")


def register(verbs: Verbs) -> None:
    g = verbs.group("sip2", "self-check kiosks (SIP2)")
    sp = g.add("serve", cmd_serve, "serve this point's kiosks over SIP2")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (LAN: its IP)")
    sp.add_argument("--port", type=int, default=6001)
    sp.add_argument("--encoding", choices=ENCODINGS, default="utf-8")
    sp.add_argument("--max-connections", type=int, default=16)
    sp.add_argument("--idle-timeout", type=float, default=600.0, help="seconds")
    sp.add_argument("--tls-cert", type=Path)
    sp.add_argument("--tls-key", type=Path)
    sp.add_argument(
        "--checksums", action="store_true", help="answer with AY/AZ even when kiosks send none"
    )
    sp.add_argument("--with-app", action="store_true", help="open the desk application too")
    sp = g.add("kiosk-add", cmd_kiosk_add, "add a kiosk account (librarian/admin)")
    sp.add_argument("--login", required=True, help="SIP2 CN")
    sp.add_argument("--name", required=True)
    sp.add_argument("--location", help="SIP2 CP, where the kiosk stands")
    sp.add_argument("--language", choices=kiosks.LANGUAGES, default="zh")
    _password_options(sp)
    g.add("kiosks", cmd_kiosks, "list kiosk accounts")
    g.add("kiosk-enable", cmd_kiosk_enable, "enable a kiosk account").add_argument("login")
    g.add("kiosk-disable", cmd_kiosk_disable, "disable a kiosk account").add_argument("login")
    sp = g.add("kiosk-password", cmd_kiosk_password, "change a kiosk's password")
    sp.add_argument("login")
    _password_options(sp)
    sp = g.add("reader-password", cmd_reader_password, "set a reader's kiosk password")
    sp.add_argument("card")
    _password_options(sp)
    g.add("sessions", cmd_sessions, "the kiosks connected now and their last messages")
