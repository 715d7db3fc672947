"""The demo's hub: a real hub server process on loopback, administered as on the hub machine.

The hub runs as ``python -m xclib_desk.hub.cli serve`` (SQLite, free port). Administration goes
the way an administrator's does: one ``xclib-hub admin-token`` on the hub machine, then the hub's
HTTP admin API (points, enrolment codes). Nothing here imports the hub's code, so the desk
application can start the demo without loading the hub into its process.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from ..protocol.wire import EnrolCodeOut, PointIn
from .network import BRANCH, DEMO_POINTS, DEMO_POPULATION


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hub_cli(*argv: str) -> str:
    """Run the hub's admin CLI (``xclib-hub ...``) in its own process; its standard output."""
    cmd = [sys.executable, "-m", "xclib_desk.hub.cli", *argv]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"hub {' '.join(argv[:2])} failed: {done.stdout}{done.stderr}")
    return done.stdout.strip()


class LocalHub:
    """The hub server as a child process; stopped when the demo ends."""

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
                pass
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


class HubAdmin:
    """The running hub's HTTP admin API, with an admin token made on the hub machine."""

    def __init__(self, hub: LocalHub) -> None:
        self.url = hub.url
        self.token = hub_cli("admin-token", "--db", hub.db)
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + self.token

    def _post(self, path: str, body: str | None = None) -> str:
        r = self.http.post(
            self.url + path,
            data=body.encode() if body is not None else None,
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        if r.status_code >= 400:
            raise RuntimeError(f"hub refused {path}: {r.status_code} {r.text[:300]}")
        return r.text

    def add_point(self, point: PointIn) -> None:
        self._post("/v1/admin/points", point.model_dump_json())

    def enrol_code(self, point_code: str) -> str:
        """A one-time enrolment code for a desk of ``point_code``."""
        out = self._post(f"/v1/admin/points/{point_code}/enrol-codes")
        return EnrolCodeOut.model_validate_json(out).code

    def add_demo_points(self) -> None:
        """The district's demo points and the demo branch, with their served population."""
        for code, name, level, parent in (*DEMO_POINTS, BRANCH):
            people = DEMO_POPULATION.get(code, 5000)
            self.add_point(
                PointIn(code=code, name=name, level=level, parent_code=parent, population=people)
            )

    def close(self) -> None:
        self.http.close()
