"""``xclib-desk demo``: a living system in one command.

A local hub server (a subprocess on 127.0.0.1, free port, SQLite), the district's demo points,
a desk for 新街口街道分馆 filled with months of demo work through the real services, enrolled with
the hub and synced once; then the desk application. Everything lives in one directory (the
platform's data dir for ``xclib-desk-demo`` unless given), so a second ``demo`` continues where
the first stopped: the hub restarts on a new port and the desk is pointed at it.
"""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from ..demo.network import DEMO_POINTS, HALL
from ..demo.simulation import generate
from ..desk import Desk
from ..errors import DeskError
from ..sync.engine import SyncEngine

POINT = ("XCXJK", "新街口街道分馆", "street", "XCZG")
#: served population per demo point (holdings and visits per capita need one)
DEMO_POPULATION = {"XCZG": 120_000, "XCXJK": 1_800, "YTSQ": 900}
STAFF_HINT = "admin/admin1234 · lib/lib12345 · desk/desk1234"


def default_demo_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("xclib-desk-demo", "xclib"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hub_cli(*argv: str) -> str:
    """The hub's own admin CLI, in process (what an administrator runs on the hub machine)."""
    from ..hub import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = cli.main(list(argv))
    if rc != 0:
        raise RuntimeError(f"hub {' '.join(argv[:2])} failed: {out.getvalue()}")
    return out.getvalue().strip()


class LocalHub:
    """The hub server as a child process; stopped when the desk closes."""

    def __init__(self, db: str, log: Path) -> None:
        self.db, self.log = db, log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        cmd = [sys.executable, "-m", "xclib_desk.hub.cli", "serve", "--db", self.db]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port)]
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited, see {self.log}")
            try:
                if requests.get(self.url + "/v1/hello", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"hub did not start, see {self.log}")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def _has_store(desk_dir: Path) -> bool:
    try:
        Desk.open(desk_dir).close()
    except DeskError:
        return False
    return True


def prepare(root: Path, hub: LocalHub, say: object = print) -> Path:
    """Create (first time) or reconnect (later) the demo desk; returns its data directory."""
    desk_dir = root / "desk"
    fresh = not _has_store(desk_dir)
    if fresh:  # a half-made earlier attempt starts over, hub included
        for leftover in (root / "hub.sqlite3", root / "hub.sqlite3-wal", root / "hub.sqlite3-shm"):
            leftover.unlink(missing_ok=True)
        import shutil

        for leftover_dir in (desk_dir, root / "hall"):
            if leftover_dir.exists():
                shutil.rmtree(leftover_dir)
        say("xclib-desk demo: 登记演示服务点 / registering demo points")  # type: ignore[operator]
        for code, name, level, parent in (*DEMO_POINTS, POINT):
            args = ["point", "add", "--db", hub.db, "--code", code, "--name", name]
            args += ["--level", level] + (["--parent", parent] if parent else [])
            args += ["--population", str(DEMO_POPULATION.get(code, 5000))]
            hub_cli(*args)
        code = hub_cli("enrol-code", "--db", hub.db, "--point", POINT[0])
        hall_code = hub_cli("enrol-code", "--db", hub.db, "--point", HALL)
    hub.start()
    if fresh:
        say("xclib-desk demo: 生成演示数据（约半分钟）/ generating demo data")  # type: ignore[operator]
        desk = Desk.initialise(desk_dir, point_code=POINT[0], point_name=POINT[1], level=POINT[2])
        generate(desk, hall_dir=root / "hall")
        engine = SyncEngine(desk)
        engine.enrol(hub.url, code)
        # the hall's desk that dispatched the incoming box tells the hub first, so the hub
        # knows the box (and its copies) and accepts this desk's receipt of it
        hall = Desk.open(root / "hall")
        hall_engine = SyncEngine(hall)
        hall_engine.enrol(hub.url, hall_code)
        hall_engine.run_once()
        hall.close()
    else:
        desk = Desk.open(desk_dir)
        engine = SyncEngine(desk)
        engine.set_hub_url(hub.url)
    say("xclib-desk demo: 首次同步 / first sync")  # type: ignore[operator]
    engine.run_once()
    desk.close()
    return desk_dir


def run_demo(data_dir: Path | None = None) -> int:
    """Start the local hub, prepare the demo desk, open the application; stop the hub after."""
    from .app import run

    root = data_dir or default_demo_dir()
    root.mkdir(parents=True, exist_ok=True)
    hub = LocalHub(f"sqlite:///{root / 'hub.sqlite3'}", root / "hub.log")
    try:
        desk_dir = prepare(root, hub)
        print(f"xclib-desk demo: hub {hub.url}; data {root}; 账号 / staff: {STAFF_HINT}")
        return run(desk_dir, None)
    finally:
        hub.stop()
