"""Crash harness: kill -9 a real desk process during check-outs and during sync, and the hub
during pushes, at random moments; then check that nothing was lost or doubled.

One point's store, one real hub process on loopback (SQLite, or PostgreSQL with ``--pg-url`` /
``XCLIB_TEST_PG_URL``). Each run is one of three kills:

- ``desk_checkout``: a driver process runs ``xclib-desk`` check-out/check-in verbs one after
  another (the CLI's own ``main``, many verbs in one process so a kill lands inside operations
  rather than inside interpreter start-up) and is killed once it has done a few; every verb it
  finished is journalled (a line written after the verb returned: an acknowledged operation).
- ``desk_sync``: ``xclib-desk sync`` (the installed CLI as a subprocess) pushing a few hundred
  pending events and pulling the feed back, killed at a random moment; the phase it died in is
  read from what was delivered (``push`` before every event was answered, else ``pull``).
- ``hub_push``: the hub process is killed while ``xclib-desk sync`` pushes to it, then started
  again on the same database.

After every kill: ``PRAGMA integrity_check`` of the store. At the end, a clean sync, then:
every loan has its outbox event and every loan event its loan; the outbox sequence is 1..n with
no gap; every acknowledged check-out is in the store (returned if its check-in was
acknowledged); every desk event is in the hub's ledger exactly once and none was refused; the
hub's open loans for the point are exactly the desk's.

``python tests/crash_harness.py --runs 30`` prints a JSON summary (runs, kills per phase,
failures) and exits 1 if anything failed; ``tests/test_crash_harness.py`` runs it in CI.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:  # run as a script: the fixtures module beside it
    sys.path.insert(0, str(HERE))

PHASES = ("desk_checkout", "desk_sync", "hub_push")


@dataclass
class Summary:
    runs: int = 0
    kills: Counter[str] = field(default_factory=Counter)
    sync_phase: Counter[str] = field(default_factory=Counter)
    hub_phase: Counter[str] = field(default_factory=Counter)
    spent: dict[str, float] = field(default_factory=dict)  # seconds per part of the runs
    acknowledged: int = 0
    events: int = 0
    open_loans: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0  # this process and every desk and hub process it ran

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "kills": dict(self.kills),
            "desk_sync_killed_in": dict(self.sync_phase),
            "hub_killed_with": dict(self.hub_phase),
            "acknowledged_operations": self.acknowledged,
            "events": self.events,
            "open_loans": self.open_loans,
            "failures": self.failures,
            "ok": not self.failures,
            "seconds": round(self.seconds, 1),
            "cpu_seconds": round(self.cpu, 1),
            "seconds_by_part": {k: round(v, 1) for k, v in self.spent.items()},
        }


# --- the desk and hub processes: started imported, run on a signal ------------------------------
def gated(kind: str, cfg: dict[str, Any]) -> int:
    """A process of the harness: import what it runs, wait for a line on stdin (the seed), then
    run it. Interpreter start-up is most of a short run, so the next process of each kind is
    spawned while the current one works and is ready when its turn comes."""
    if kind == "hub":
        from xclib_desk.hub import cli as hub_cli
        from xclib_desk.hub.api import app  # noqa: F401  (the server's import, done ahead)

        sys.stdin.readline()
        return hub_cli.main(cfg["hub_argv"])
    from xclib_desk.cli import main

    seed = int(sys.stdin.readline() or 0)
    if kind == "sync":
        return main(cfg["sync_argv"])
    drive(Path(cfg["data_dir"]), cfg["cards"], cfg["items"], Path(cfg["journal"]), seed)
    return 0


def drive(data_dir: Path, cards: list[str], items: list[str], journal: Path, seed: int) -> None:
    """Lend and return at random until killed, each through ``xclib-desk``'s ``main`` (the CLI
    verb, in this process); journal each verb the CLI finished."""
    from xclib_desk.cli import main

    rng = random.Random(seed)
    out = set(_open_items(data_dir))
    with journal.open("a", encoding="utf-8") as log:
        while True:
            bc = rng.choice(items)
            argv = ["checkin", bc] if bc in out else ["checkout", rng.choice(cards), bc]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
                code = main(["--data-dir", str(data_dir), "--json", *argv])
            if code != 0:  # a refusal (the reader's quota): nothing changed, nothing to check
                continue
            result = json.loads(buf.getvalue())["result"]
            uid = result["uid"] if argv[0] == "checkout" else result["loan"]["uid"]
            log.write(f"{argv[0]} {bc} {uid}\n")
            log.flush()  # in the OS's hands: a kill -9 of this process cannot lose it
            (out.add if argv[0] == "checkout" else out.discard)(bc)


def _open_items(data_dir: Path) -> list[str]:
    with _store(data_dir) as con:
        rows = con.execute(
            "SELECT item.barcode FROM loan JOIN item ON item.id = loan.item_id "
            "WHERE loan.returned_at IS NULL"
        ).fetchall()
    return [r[0] for r in rows]


@contextlib.contextmanager
def _store(data_dir: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(data_dir / "store.sqlite3", timeout=30)
    try:
        yield con
    finally:
        con.close()


# --- the harness ------------------------------------------------------------------------------
class Harness:
    def __init__(self, root: Path, pg_url: str | None, rng: random.Random) -> None:
        from sync_fixtures import HubProc, free_port, pg_schema_url

        self.root, self.rng, self.pg_url = root, rng, pg_url
        self.schema: str | None = None
        if pg_url:
            db, self.schema = pg_schema_url(pg_url)
        else:
            db = f"sqlite:///{root / 'hub.sqlite3'}"
        self.hub = HubProc(db=db, port=free_port(), log=root / "hub.log")
        self.journal = root / "journal.txt"
        self.cfg: dict[str, Any] = {
            "hub_argv": ["serve", "--db", db, "--port", str(self.hub.port), "--log-level", "info"]
        }
        self._spares: dict[str, subprocess.Popen[bytes]] = {}
        self.summary = Summary()
        self.env = {**os.environ, "XCLIB_DESK_NO_KEYRING": "1", "PYTHONPATH": str(ROOT)}

    # setting up: a point with readers and copies, enrolled and synced
    def setup(self, readers: int, items: int) -> None:
        from sync_fixtures import Station

        self.start_hub()
        st = Station(self.hub, self.root, "XC-CRASH")
        self.code, self.dir = st.code, st.dir
        self.cards = [st.reader() for _ in range(readers)]
        self.items = [st.item() for _ in range(items)]
        st.sync()
        with _store(self.dir) as con:
            (self.device,) = con.execute("SELECT device_id FROM store_meta").fetchone()
        st.close()
        self.journal.touch()
        self.cfg.update(
            data_dir=str(self.dir),
            cards=self.cards,
            items=self.items,
            journal=str(self.journal),
            sync_argv=["--data-dir", str(self.dir), "sync"],
        )

    def close(self) -> None:
        from sync_fixtures import pg_drop

        for proc in self._spares.values():
            self._kill(proc)
        self.hub.stop()
        engine = self.hub.extra.pop("engine", None)  # HubProc.query's connections
        if engine is not None:
            engine.dispose()
        if self.schema and self.pg_url:
            pg_drop(self.pg_url, self.schema)

    @contextlib.contextmanager
    def timed(self, part: str) -> Iterator[None]:
        t0 = time.monotonic()
        try:
            yield
        finally:
            spent = self.summary.spent
            spent[part] = spent.get(part, 0.0) + time.monotonic() - t0

    # the processes
    def _spawn(self, kind: str) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, str(Path(__file__)), "gated", kind, json.dumps(self.cfg)]
        if kind == "hub":
            assert self.hub.log is not None
            with self.hub.log.open("ab") as log:
                return subprocess.Popen(
                    cmd, cwd=ROOT, env=self.env, stdin=subprocess.PIPE, stdout=log,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
        return subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip

    def _start(self, kind: str) -> subprocess.Popen[bytes]:
        """A process of ``kind`` set going now; the next of its kind waits ready."""
        proc = self._spares.pop(kind, None) or self._spawn(kind)
        self._spares[kind] = self._spawn(kind)
        assert proc.stdin is not None
        proc.stdin.write(f"{self.rng.randrange(1 << 30)}\n".encode())
        proc.stdin.flush()
        return proc

    def _driver(self) -> subprocess.Popen[bytes]:
        return self._start("drive")

    def _sync(self) -> subprocess.Popen[bytes]:
        return self._start("sync")

    def start_hub(self) -> None:
        """The hub (``xclib-hub serve`` with its access log, so a kill can be aimed at the
        moment a desk's sync reaches it), listening when this returns."""
        h = self.hub
        h.proc = self._start("hub")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if h.proc.poll() is not None:
                assert h.log is not None
                raise RuntimeError(f"hub exited: {h.log.read_text()[-2000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", h.port), timeout=0.5),
            ):
                return
            time.sleep(0.02)
        raise RuntimeError("hub did not start")

    def _log_size(self) -> int:
        assert self.hub.log is not None
        return self.hub.log.stat().st_size if self.hub.log.exists() else 0

    def _wait_line(self, since: int, needle: str, proc: subprocess.Popen[bytes]) -> bool:
        """Until the hub logged ``needle`` after byte ``since`` (False if ``proc`` ended)."""
        assert self.hub.log is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self.hub.log.open("rb") as f:
                f.seek(since)
                if needle.encode() in f.read():
                    return True
            if proc.poll() is not None:
                return False
            time.sleep(0.003)
        return False

    def _journal_lines(self) -> int:
        return len(self.journal.read_text(encoding="utf-8").splitlines())

    def operate(self, count: int) -> None:
        """``count`` check-outs and check-ins without a kill (in this process, through the
        desk's facade, journalled like the driver's): events for the next sync to push."""
        from sync_fixtures import LIB

        from xclib_desk.desk import Desk
        from xclib_desk.errors import DeskError
        from xclib_desk.services import circulation

        out = set(_open_items(self.dir))
        desk = Desk.open(self.dir)
        try:
            with self.journal.open("a", encoding="utf-8") as log:
                for _ in range(count):
                    bc = self.rng.choice(self.items)
                    try:
                        if bc in out:
                            uid = desk.write(circulation.check_in, LIB, bc).loan.uid
                            log.write(f"checkin {bc} {uid}\n")
                            out.discard(bc)
                        else:
                            card = self.rng.choice(self.cards)
                            uid = desk.write(circulation.check_out, LIB, card, bc).uid
                            log.write(f"checkout {bc} {uid}\n")
                            out.add(bc)
                    except DeskError:
                        continue  # a reader at quota: refused, nothing changed
        finally:
            desk.close()

    def _pending(self) -> int:
        with _store(self.dir) as con:
            (n,) = con.execute(
                "SELECT count(*) FROM outbox_event e LEFT JOIN outbox_delivery d "
                "ON d.seq = e.seq WHERE d.seq IS NULL"
            ).fetchone()
        return int(n)

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdin, proc.stderr):
            if stream is not None:
                stream.close()

    def _check_store(self, when: str) -> None:
        with _store(self.dir) as con:
            result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            self.summary.failures.append(f"integrity after {when}: {result[:3]}")

    # one run of each kind
    def kill_checkout(self) -> None:
        start = self._journal_lines()
        proc = self._driver()
        wanted = start + self.rng.randint(1, 4)  # a few verbs in, then a random moment
        deadline = time.monotonic() + 60
        while self._journal_lines() < wanted and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.005)
        time.sleep(self.rng.uniform(0, 0.08))
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace")[-500:] if proc.stderr else ""
            self.summary.failures.append(f"driver exited {proc.returncode}: {err}")
        self._kill(proc)
        self.summary.kills["desk_checkout"] += 1
        self._check_store("desk_checkout kill")

    def kill_desk_sync(self, push: float, whole: float) -> None:
        """Killed during the push half of the time, else during the pull."""
        before = self._pending()
        since = self._log_size()
        proc = self._sync()
        self._wait_line(since, "/v1/hello", proc)
        aim = (0, push) if self.rng.random() < 0.5 else (push, whole)
        time.sleep(self.rng.uniform(*aim))
        finished = proc.poll() is not None
        self._kill(proc)
        after = self._pending()
        if finished:
            phase = "after_finish"
        elif after == before:
            phase = "push_unanswered" if before else "pull"
        else:
            phase = "push_partly" if after else "pull"
        self.summary.sync_phase[phase] += 1
        self.summary.kills["desk_sync"] += 1
        self._check_store("desk_sync kill")

    def kill_hub_push(self, push: float) -> None:
        before = self._ledger_count()
        since = self._log_size()
        proc = self._sync()
        self._wait_line(since, "/v1/hello", proc)  # the push follows the handshake at once
        time.sleep(self.rng.uniform(0, 1.3 * push))  # mostly before its commit, some after
        assert self.hub.proc is not None
        os.kill(self.hub.proc.pid, signal.SIGKILL)
        self.hub.proc.wait()
        self.hub.proc = None
        committed = self._ledger_count() > before  # read from the database, the hub dead
        with self.timed("hub_push: restart"):
            self.start_hub()  # restarted as systemd would; the desk retries meanwhile
        with self.timed("hub_push: desk sync ends"):
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                self.summary.failures.append("desk sync hung after the hub was killed")
        self._kill(proc)
        self.summary.hub_phase["batch_committed" if committed else "batch_lost"] += 1
        self.summary.kills["hub_push"] += 1
        self._check_store("hub kill")

    def _ledger_count(self) -> int:
        from sqlalchemy import func, select

        from xclib_desk.hub.models import HubEvent

        (row,) = self.hub.query(
            select(func.count()).select_from(HubEvent).where(HubEvent.device_id == self.device)
        )
        return int(row[0])

    def timed_sync(self) -> tuple[float, float]:
        """A clean sync; the time from its handshake to the hub's answer to its push, and to
        its end, size the kill windows."""
        since = self._log_size()
        proc = self._sync()
        self._wait_line(since, "/v1/hello", proc)
        t0 = time.monotonic()
        self._wait_line(since, "POST /v1/push", proc)
        pushed = time.monotonic() - t0
        _, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            self.summary.failures.append(f"clean sync exit {proc.returncode}: {err[-500:]!r}")
        return max(pushed, 0.01), time.monotonic() - t0

    # the checks at the end
    def verify(self) -> None:
        fail = self.summary.failures.append
        self._check_store("the runs")
        if self._pending():
            fail(f"{self._pending()} events still pending after a clean sync")
        with _store(self.dir) as con:
            seqs = [r[0] for r in con.execute("SELECT seq FROM outbox_event ORDER BY seq")]
            (next_seq,) = con.execute("SELECT next_seq FROM store_meta").fetchone()
            events = con.execute(
                "SELECT event_id, type, json_extract(payload, '$.loan_uid') FROM outbox_event"
            ).fetchall()
            loans = dict(con.execute("SELECT uid, returned_at IS NOT NULL FROM loan").fetchall())
        if seqs != list(range(1, len(seqs) + 1)) or next_seq != len(seqs) + 1:
            fail(f"outbox sequence not gap-free: {len(seqs)} events, next_seq {next_seq}")
        out_events = Counter(uid for _, t, uid in events if t == "loan.checked_out")
        in_events = Counter(uid for _, t, uid in events if t == "loan.checked_in")
        if set(out_events) != set(loans) or any(n != 1 for n in out_events.values()):
            fail(f"loans without their check-out event or vice versa: {len(loans)} loans, "
                 f"{len(out_events)} check-out events")  # fmt: skip
        returned = {uid for uid, back in loans.items() if back}
        if set(in_events) != returned or any(n != 1 for n in in_events.values()):
            fail(f"returns without their check-in event or vice versa: {len(returned)} returned, "
                 f"{len(in_events)} check-in events")  # fmt: skip
        acked_out: set[str] = set()
        acked_in: set[str] = set()
        for line in self.journal.read_text(encoding="utf-8").splitlines():
            verb, _, uid = line.split()
            (acked_out if verb == "checkout" else acked_in).add(uid)
        self.summary.acknowledged = len(acked_out) + len(acked_in)
        if lost := acked_out - set(loans):
            fail(f"{len(lost)} acknowledged check-outs lost")
        if lost := acked_in - returned:
            fail(f"{len(lost)} acknowledged check-ins lost")
        self.summary.events, self.summary.open_loans = len(seqs), len(loans) - len(returned)

        from sqlalchemy import func, select

        from xclib_desk.hub.models import HubEvent, HubLoan

        ledger = self.hub.query(
            select(HubEvent.event_id, HubEvent.status, HubEvent.code).where(
                HubEvent.device_id == self.device
            )
        )
        ids = Counter(r[0] for r in ledger)
        desk_ids = {e[0] for e in events}
        if set(ids) != desk_ids or any(n != 1 for n in ids.values()):
            fail(f"hub ledger is not the desk's events exactly once: {len(ids)} vs {len(desk_ids)}")
        refused = Counter(f"{r[1]}:{r[2]}" for r in ledger if r[1] == "rejected")
        if refused:
            fail(f"events refused at the hub: {dict(refused)}")
        (seq_rows,) = self.hub.query(
            select(func.count(), func.count(func.distinct(HubEvent.seq))).where(
                HubEvent.device_id == self.device
            )
        )
        if seq_rows[0] != seq_rows[1]:
            fail(f"a sequence number twice in the hub's ledger: {seq_rows}")
        hub_open = {
            r[0]
            for r in self.hub.query(
                select(HubLoan.uid).where(HubLoan.point == self.code, HubLoan.returned_at.is_(None))
            )
        }
        desk_open = {uid for uid, back in loans.items() if not back}
        if hub_open != desk_open:
            fail(f"hub and desk disagree on open loans: {len(hub_open ^ desk_open)} differ")


def run(
    runs: int,
    seed: int | None = None,
    pg_url: str | None = None,
    kinds: tuple[str, ...] = PHASES,
) -> dict[str, Any]:
    """``runs`` kills spread evenly over ``kinds``; the summary as a dict."""
    rng = random.Random(seed)
    t0, cpu0 = time.monotonic(), _cpu()
    with tempfile.TemporaryDirectory(prefix="xclib-crash-") as tmp:
        h = Harness(Path(tmp), pg_url, rng)
        try:
            with h.timed("setup"):
                h.setup(readers=20, items=60)
            plan = [kinds[i % len(kinds)] for i in range(runs)]
            rng.shuffle(plan)
            h.operate(30)
            push, whole = h.timed_sync()  # a sync of ~30 events: its push, all of it
            for kind in plan:
                h.summary.runs += 1
                if kind == "desk_checkout":
                    with h.timed(kind):
                        h.kill_checkout()
                    continue
                with h.timed("operate"):
                    h.operate(rng.randint(20, 40))  # something to push
                with h.timed(kind):
                    if kind == "desk_sync":
                        h.kill_desk_sync(push, whole)
                    else:
                        h.kill_hub_push(push)
            with h.timed("final sync and checks"):
                h.timed_sync()
                h.verify()
        except Exception as e:  # the harness itself broke: a failure, reported like the others
            h.summary.failures.append(f"harness: {type(e).__name__}: {e}")
        finally:
            h.close()
            h.summary.seconds = time.monotonic() - t0
            h.summary.cpu = _cpu() - cpu0
        return h.summary.as_dict()


def _cpu() -> float:
    usage = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in usage)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = p.add_subparsers(dest="cmd")
    g = sub.add_parser("gated", help="(internal) a desk or hub process of the harness")
    g.add_argument("kind", choices=["drive", "sync", "hub"])
    g.add_argument("cfg")
    p.add_argument("--runs", type=int, default=20, help="kills in all (spread over the kinds)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--pg-url", default=os.environ.get("XCLIB_TEST_PG_URL"))
    p.add_argument("--kinds", default=",".join(PHASES), help=f"which kills ({','.join(PHASES)})")
    args = p.parse_args(argv)
    if args.cmd == "gated":
        return gated(args.kind, json.loads(args.cfg))
    kinds = tuple(k for k in args.kinds.split(",") if k in PHASES) or PHASES
    summary = run(args.runs, args.seed, args.pg_url, kinds)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
