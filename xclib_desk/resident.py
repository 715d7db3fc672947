"""The resident desk: the command line's libraries loaded once, every verb a fork of them.

Every ``xclib-desk`` verb is a fresh process, and two thirds of a ``checkout`` is loading
SQLAlchemy, pydantic and our tables before the verb does anything (docs/cli.md, "Start-up").
So the first verb runs as it always did and then leaves a resident process behind, which loads
all of that once and waits on a private Unix socket. A later verb (:func:`run_there`) hands it
the verb's arguments, environment, working directory and umask, the signals it ignores, and its
standard streams themselves (the file descriptors, passed over the socket); the resident
process forks, and the child runs the verb as the fresh process would have, on the caller's own
terminal or pipe. The caller waits for the child to end and ends as it did.

What keeps it safe:

- **Never twice.** The child runs the verb only after the caller says go, and the caller says
  go only once it is committed to waiting for that child; until then either side may give up
  and the verb runs in the caller instead. Once it has said go, a child that dies before its
  end is reported as a failure (exit 3), never run again; a caller that dies (killed, its
  terminal closed) takes the child with it, as it would have taken its own verb.
- **Only its owner.** The socket lives in a folder only the user can open (0700, checked), and
  on Linux both ends check the other's user id.
- **Never stale, never another's setup.** One resident process per interpreter, package folder
  and the environment that shapes an interpreter at its start (``PYTHON*``, locale, pypinyin's
  switches): the socket's name. It starts in ``/`` with ``-P``, so no caller's folder is on its
  import path. Before serving a connection it checks that no file it loaded has changed since;
  if one has, it refuses and exits, and the verb runs in the caller. It exits by itself after
  :data:`IDLE_SECONDS` with no verb.
- **Many at once.** Each verb is its own child process: two verbs run side by side exactly as
  two fresh processes do, the store's own locking between them.
- **In the caller's own process:** windows (``gui``, ``demo``, no verb) and servers (``sip2``),
  which belong to the caller's session and its supervisor's limits.

``XCLIB_DESK_RESIDENT=0`` turns it off (every verb then starts fresh); ``xclib-desk --resident
status`` and ``stop`` show and stop it. It needs POSIX (fork and descriptor passing): on Windows
every verb starts fresh.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import io
import json
import os
import select
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from .common.collector import starting_up
from .common.lazy import lazy

if TYPE_CHECKING:
    from . import errors
    from .common import output
else:  # only a lost child needs them (output loads pydantic)
    errors = lazy("xclib_desk.errors")
    output = lazy("xclib_desk.common.output")

#: the environment variable that turns the resident desk off ("0", "off", "no", "false")
SWITCH = "XCLIB_DESK_RESIDENT"
#: ``xclib-desk --resident serve | status | stop``: the resident desk itself, not a verb
FLAG = "--resident"
#: a resident process with no verb for this long exits
IDLE_SECONDS = 30 * 60
#: how long a caller waits for a child to answer before it runs the verb itself
ANSWER_SECONDS = 5.0
#: how long the resident process waits for a connection to say what it is
HELLO_SECONDS = 1.0
#: verbs that run in the caller: windows, and servers that belong to the caller's supervisor
IN_CALLER = frozenset({"gui", "demo", "sip2"})
#: the global options that take a value (``cli.common.common_options``; a test compares them)
VALUE_OPTIONS = frozenset({"--data-dir", "--staff", "--lang", "--now"})
#: what the resident process loads before it serves: the verbs' program, the areas of all
#: command-line verbs, the hub's client and the pull's appliers (each otherwise loaded on
#: first use by the verb that needs it); the tables' mappings and pinyin too (``_preloaded``)
PRELOAD = (
    "xclib_desk.cli",
    "xclib_desk.sync.engine",
    "xclib_desk.sync.apply",
    "xclib_desk.protocol.wire",
)
#: signals the caller hands to the child once it runs the verb (Ctrl-\\ too)
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
_HEADER = struct.Struct("!I")
_GO = b"g"


def wanted(argv: Sequence[str]) -> bool:
    """Whether ``argv`` may run in the resident desk: switched on, a platform that can, and a
    verb named that runs no window nor server."""
    if os.environ.get(SWITCH, "").strip().lower() in {"0", "off", "no", "false"}:
        return False
    if not hasattr(socket, "send_fds") or not hasattr(os, "fork"):
        return False
    verb = named_verb(argv)
    return verb is not None and verb not in IN_CALLER


def named_verb(argv: Sequence[str]) -> str | None:
    """The first word of ``argv`` that is neither an option nor a global option's value: the
    verb, read without loading the parser (None: no verb, the window). An abbreviation of a
    value option (``--data``) takes its value as argparse does."""
    words = iter(argv)
    for word in words:
        if word.startswith("--") and "=" not in word:
            if len(word) > 2 and any(option.startswith(word) for option in VALUE_OPTIONS):
                next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def socket_path() -> Path | None:
    """This installation's socket, in a folder only this user may open; None when that folder
    cannot be made private (someone else owns it, or it is open to others)."""
    folder = Path(tempfile.gettempdir()) / f"xclib-desk-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    shaping = sorted(
        (k, v)
        for k, v in os.environ.items()
        if k.startswith(("PYTHON", "PYPINYIN", "LC_")) or k == "LANG"
    )
    key = json.dumps([sys.executable, str(Path(__file__).resolve().parent), shaping])
    return folder / f"desk-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sock"


# --- the caller --------------------------------------------------------------------------


def run_there(argv: Sequence[str]) -> int | None:
    """Run ``argv`` in the resident desk and return its exit code; None when no resident desk
    took it (none running, a stale one, no answer): the caller then runs it itself."""
    path = socket_path()
    if path is None:
        return None
    with _Forwarder() as signals:
        code, began = _handed(path, argv, signals)
    if code is not None:
        return code
    if signals.caught:  # ended by a signal, before go or after: so is the caller, as fresh
        return _ended_by(signals.caught[-1])
    return _lost(argv) if began else None


def _handed(path: Path, argv: Sequence[str], signals: _Forwarder) -> tuple[int | None, bool]:
    """The child's exit code (None: none came), and whether the child was told to go."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            conn.settimeout(ANSWER_SECONDS)
            conn.connect(os.fspath(path))
            if not _same_user(conn):
                return None, False
            _send_request(conn, _request(argv, signals.ignored))
            answer = conn.makefile("rb")
            first = answer.readline()
            if not first:
                return None, False  # refused before anything ran (stale, or not this user's)
            signals.child = int(json.loads(first)["pid"])  # signals go to it from now on
            if signals.caught:
                return None, False  # a signal before go: the child runs nothing
            conn.sendall(_GO)  # from here on the verb is the child's: never run it again
        except (OSError, ValueError, KeyError):
            return None, False
        conn.settimeout(None)
        return _awaited(answer), True


def _ended_by(signum: int) -> int:
    """End the caller as ``signum`` would have ended a fresh one: Ctrl-C is exit 130 (the
    command line's own answer to it), anything else the signal itself."""
    if signum == signal.SIGINT:
        return output.Exit.INTERRUPTED
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum


def _request(argv: Sequence[str], ignored: list[int]) -> dict[str, Any]:
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return {
        "argv": list(argv),
        "argv0": sys.argv[0] if sys.argv else "xclib-desk",
        "cwd": os.getcwd(),
        "umask": _umask(),
        "env": dict(os.environ),
        "ignored": ignored,
        "streams": [
            {
                "encoding": getattr(s, "encoding", None) or "utf-8",
                "errors": getattr(s, "errors", None) or "strict",
                "line_buffering": bool(getattr(s, "line_buffering", False)),
                "write_through": bool(getattr(s, "write_through", False)),
            }
            for s in streams
        ],
    }


def _umask() -> int:
    mask = os.umask(0o077)  # read by setting: put back at once
    os.umask(mask)
    return mask


def _send_request(conn: socket.socket, request: dict[str, Any]) -> None:
    body = json.dumps(request).encode()
    data = _HEADER.pack(len(body)) + body
    sent = socket.send_fds(conn, [data], [0, 1, 2])
    conn.sendall(data[sent:])


def _awaited(answer: io.BufferedReader) -> int | None:
    """The child's exit code, once the child is gone (its end closes the connection); None
    when it ended without one."""
    code: int | None = None
    with contextlib.suppress(OSError, ValueError, KeyError):
        for line in answer:
            code = int(json.loads(line)["exit"])
    return code


def _lost(argv: Sequence[str]) -> int:
    """The child died during the verb (killed, out of memory): a failure, in the user's words.
    Whether its transaction committed is for the store to say, so the verb is not run again."""
    code = "resident_lost"
    output.refusal(code, errors.render(code, {}), "--json" in argv)
    return output.Exit.UNEXPECTED


class _Forwarder:
    """The caller's signals while a child works for it: Ctrl-C, termination, hang-up and quit
    remembered, and sent on to the child once it is known (it holds them until its go); Ctrl-Z
    stops both and ``fg`` resumes both. A signal the caller ignores (``nohup``, a shell's
    ``&``) stays ignored, and the child is told to ignore it too."""

    def __init__(self) -> None:
        self.caught: list[int] = []
        self.ignored: list[int] = []
        self.child: int | None = None
        self._before: dict[int, Any] = {}

    def __enter__(self) -> _Forwarder:
        if threading.current_thread() is not threading.main_thread():
            return self  # signals are handled on the main thread only
        for kind in (*FORWARDED, signal.SIGTSTP):
            if signal.getsignal(kind) == signal.SIG_IGN:
                self.ignored.append(kind)
                continue
            handler = self._on_stop if kind == signal.SIGTSTP else self._on_signal
            self._before[kind] = signal.signal(kind, handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for kind, handler in self._before.items():
            signal.signal(kind, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.caught.append(signum)
        if self.child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, signum)

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        if self.child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until the shell continues us
        signal.signal(signal.SIGTSTP, self._on_stop)
        if self.child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, signal.SIGCONT)


def start() -> None:
    """Start the resident desk in the background, detached from the caller's terminal, in
    ``/`` and with no folder of the caller's on its import path."""
    path = socket_path()
    if path is None:
        return
    if getattr(sys, "frozen", False):  # the bundle's program is its executable
        serving = [sys.executable, FLAG, "serve"]
    else:
        serving = [sys.executable, "-P", "-m", "xclib_desk.resident", "serve"]
    with contextlib.suppress(OSError):
        subprocess.Popen(
            serving,
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )


# --- the resident process ----------------------------------------------------------------


def serve(path: Path, idle: float = IDLE_SECONDS) -> int:
    """Load the program, then fork a child for every verb until idle or stale."""
    lock_fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock_fd)
        return 0  # another one is running or starting
    owner = os.getpid()
    with starting_up():
        main: Callable[[Sequence[str] | None], int] = _preloaded()
    loaded = _loaded_files()
    os.chdir("/")  # hold no caller's folder (a removable drive) while it waits
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # left by one that was killed; the lock says it is gone
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    served = 0
    try:
        listener.bind(os.fspath(path))
        os.chmod(path, 0o600)
        listener.listen(64)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves
        os.write(lock_fd, f"{owner}\n".encode())
        callers = _Callers()
        listening = listener.fileno()
        while True:
            ready, _, _ = select.select([listening, *callers.fds()], [], [], idle)
            if not ready and not callers.fds():
                return 0  # idle, and no verb running
            callers.ended([fd for fd in ready if fd != listening])
            if listening not in ready:
                continue
            conn, _ = listener.accept()
            try:
                peer = _peer(conn)
                if peer is not None and peer[1] != os.getuid():
                    continue  # not this user's
                if _changed(loaded):
                    return 0
                asked = _control(conn, served)
                if asked == "stop":
                    return 0
                if asked is not None:
                    continue
                served += 1
                child = os.fork()
                if child == 0:
                    listener.close()
                    os.close(lock_fd)
                    callers.close()
                    _child(conn, main)
                callers.watch(None if peer is None else peer[0], child)
            finally:
                if os.getpid() == owner:  # a child keeps its copy open until it has exited
                    conn.close()
    finally:
        if os.getpid() == owner:
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            os.close(lock_fd)


def _preloaded() -> Callable[[Sequence[str] | None], int]:
    modules = [importlib.import_module(name) for name in PRELOAD]
    cli = modules[0]
    for area in cli.AREAS:
        if not IN_CALLER.intersection(area.verbs):
            cli.area_module(area)
    for module in modules[1:]:
        dir(module)  # a lazy module runs on its first read
    # the tables' mappings, else every child would make them again at its first query
    importlib.import_module("sqlalchemy.orm").configure_mappers()
    # the pinyin dictionary (55 MB, 0.3 s): every child that searches or names a reader shares it
    importlib.import_module("xclib_desk.common.pinyin").warm()
    main: Callable[[Sequence[str] | None], int] = cli.main
    return main


#: a loaded file as it was: modification and change times, inode (a file replaced in place)
_Seen = tuple[int, int, int]


def _loaded_files() -> dict[str, _Seen]:
    """Every file of a module loaded now, and the interpreter (a bundle's modules are inside
    its executable), as they are now."""
    found: dict[str, _Seen] = {}
    names = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
    for name in [sys.executable, *names]:
        if name:
            with contextlib.suppress(OSError):
                found[name] = _seen(name)
    return found


def _seen(name: str) -> _Seen:
    st = os.stat(name)
    return st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _changed(loaded: dict[str, _Seen]) -> bool:
    for name, seen in loaded.items():
        try:
            if _seen(name) != seen:
                return True
        except OSError:
            return True
    return False


def _peer(conn: socket.socket) -> tuple[int, int] | None:
    """The process id and user id at the other end (Linux; None elsewhere)."""
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None:
        return None
    pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, peercred, 12))
    return int(pid), int(uid)


def _same_user(conn: socket.socket) -> bool:
    """Whether the process at the other end runs as this user (elsewhere than Linux the
    private folder is the check)."""
    peer = _peer(conn)
    return peer is None or peer[1] == os.getuid()


class _Callers:
    """Each caller waiting on a child, watched from here (Linux, ``pidfd``): a caller that ends
    before its child (killed outright, even while Ctrl-Z had both stopped) takes the child
    with it, as it would have taken its own verb. The child cannot watch for this itself: a
    stopped child runs nothing."""

    def __init__(self) -> None:
        self._children: dict[int, int] = {}  # the caller's pidfd -> its child's pidfd

    def fds(self) -> list[int]:
        return list(self._children)

    def watch(self, caller: int | None, child: int) -> None:
        if caller is None or not hasattr(os, "pidfd_open"):
            return
        try:
            caller_fd = os.pidfd_open(caller)
        except OSError:
            return  # gone already, or a kernel without pidfd
        try:
            self._children[caller_fd] = os.pidfd_open(child)
        except OSError:
            os.close(caller_fd)

    def ended(self, callers: list[int]) -> None:
        for caller_fd in callers:
            child_fd = self._children.pop(caller_fd)
            with contextlib.suppress(OSError):  # ended with its caller, as it normally does
                signal.pidfd_send_signal(child_fd, signal.SIGKILL)
            os.close(child_fd)
            os.close(caller_fd)

    def close(self) -> None:
        for caller_fd, child_fd in self._children.items():
            os.close(caller_fd)
            os.close(child_fd)
        self._children.clear()


def _control(conn: socket.socket, served: int) -> str | None:
    """What a connection asks: None for a verb (left unread for the child), ``status`` or
    ``stop`` from ``xclib-desk --resident`` (answered here), ``""`` for one that says nothing
    readable in time (closed)."""
    try:
        conn.settimeout(HELLO_SECONDS)
        if conn.recv(1, socket.MSG_PEEK) != b"{":
            return None
        asked = json.loads(conn.makefile("rb").readline())["control"]
        conn.sendall(json.dumps({"pid": os.getpid(), "served": served}).encode() + b"\n")
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return str(asked)


def _child(conn: socket.socket, main: Callable[[Sequence[str] | None], int]) -> NoReturn:
    """Become the fresh process the caller would have started, run the verb, exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    early: list[int] = []  # a Ctrl-C the caller sent on before go: the verb does not start
    signal.signal(signal.SIGINT, lambda signum, frame: early.append(signum))
    try:
        request = _received(conn)
        os.chdir(request["cwd"])
        os.umask(int(request["umask"]))
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        sys.argv = [request["argv0"], *request["argv"]]
        _streams_of_caller(request["streams"])
        ignored = {int(s) for s in request["ignored"]}
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        if conn.recv(1) != _GO:
            os._exit(0)  # the caller gave up waiting and runs the verb itself
    except Exception:  # whatever failed before go (an encoding it lacks...): the caller runs it
        os._exit(0)
    for kind in (*FORWARDED, signal.SIGTSTP):
        if kind in ignored:
            signal.signal(kind, signal.SIG_IGN)
        elif kind == signal.SIGINT:
            signal.signal(kind, signal.default_int_handler)
    conn.settimeout(None)
    if early and signal.SIGINT not in ignored:
        code: int = output.Exit.INTERRUPTED
    else:
        code = _exit_code(main, request["argv"])
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
    raise SystemExit(code)  # the interpreter's own exit: atexit, threads, the rest flushed


def _received(conn: socket.socket) -> dict[str, Any]:
    conn.settimeout(ANSWER_SECONDS)
    data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
    if len(fds) != 3:
        raise ValueError("the caller's streams did not arrive")
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    received = bytearray(data)

    def until(size: int) -> None:
        while len(received) < size:
            more = conn.recv(size - len(received))
            if not more:
                raise ValueError("the request was cut short")
            received.extend(more)

    until(_HEADER.size)
    (size,) = _HEADER.unpack_from(received)
    until(_HEADER.size + size)
    request: dict[str, Any] = json.loads(received[_HEADER.size :])
    return request


def _streams_of_caller(streams: list[dict[str, Any]]) -> None:
    """The standard streams on the caller's descriptors, made as the interpreter made the
    caller's: its encodings, lines split at ``\\n`` only, buffered or not as the caller's."""
    made = []
    for fd, spec in enumerate(streams):
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffer: Any = raw
        if fd == 0:
            buffer = io.BufferedReader(raw)
        elif not spec["write_through"]:  # -u / PYTHONUNBUFFERED: no buffer between
            buffer = io.BufferedWriter(raw)
        made.append(
            io.TextIOWrapper(
                buffer,
                encoding=spec["encoding"],
                errors=spec["errors"],
                newline="\n",
                line_buffering=spec["line_buffering"],
                write_through=spec["write_through"],
            )
        )
    sys.stdin, sys.stdout, sys.stderr = made


def _exit_code(main: Callable[[Sequence[str] | None], int], argv: Sequence[str]) -> int:
    """``main``'s exit code as the interpreter makes it: of a return, a ``SystemExit``, an
    exception that escaped (its traceback printed, 1), and of standard streams that cannot be
    flushed (120)."""
    try:
        result: object = main(argv)
    except SystemExit as e:
        result = e.code
    except BaseException as e:  # what escapes a fresh process's main, said as it says it
        with contextlib.suppress(OSError):
            traceback.print_exc()
        result = 128 + signal.SIGINT if isinstance(e, KeyboardInterrupt) else 1
    if result is None:
        code = 0
    elif isinstance(result, int):
        code = result
    else:
        with contextlib.suppress(OSError):
            print(result, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except OSError as e:  # a full disk, a closed pipe: said and counted as the interpreter does
        with contextlib.suppress(OSError):
            print(f"Exception ignored on flushing sys.stdout:\n{e!r}", file=sys.stderr)
        sys.stdout = None  # its exit would fail on it again
        code = 120
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    return code


# --- xclib-desk --resident serve | status | stop -----------------------------------------


def _ask(control: str) -> dict[str, Any] | None:
    path = socket_path()
    if path is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(ANSWER_SECONDS)
            conn.connect(os.fspath(path))
            conn.sendall(json.dumps({"control": control}).encode() + b"\n")
            reply: dict[str, Any] = json.loads(conn.makefile("rb").readline())
            return reply
    except (OSError, ValueError):
        return None


def command(argv: Sequence[str]) -> int:
    """``xclib-desk --resident serve | status | stop`` (``python -m xclib_desk.resident`` the
    same): serve here, or show or stop the one running."""
    verb = argv[0] if argv else "status"
    if verb == "serve":
        path = socket_path()
        return 1 if path is None else serve(path)
    if verb in {"status", "stop"}:
        reply = _ask(verb)
        print(json.dumps(reply if reply is not None else {"running": False}))
        return 0
    print(f"usage: xclib-desk {FLAG} serve | status | stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(command(sys.argv[1:]))
