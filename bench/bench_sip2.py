"""Kiosk latency over loopback: a SIP2 check-out round trip, one kiosk and ten at once.

Builds a small store (one reader with a kiosk password and a shelf of copies per kiosk), runs
``xclib-desk sip2 serve`` as its own process, signs kiosks in, and times check-out (11 -> 12)
and check-in (09 -> 10) round trips on the wire: one kiosk alone, then ten kiosks each on its
own connection at the same time. Every round trip goes through ``Desk.write`` (a loan, its
event and audit entry, fsynced). Prints JSON.

    .venv/bin/python bench/bench_sip2.py                # 200 loans per kiosk
    .venv/bin/python bench/bench_sip2.py --ops 50 --kiosks 4

Target: check-out round trip p95 under 20 ms with one kiosk.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from xclib_desk.desk import Desk
from xclib_desk.services import holdings, kiosks, readers
from xclib_desk.services.context import SYSTEM, Actor
from xclib_desk.sip2.codec import RESPONSE_FIXED, Message, decode, encode

PASSWORD = "bench-kiosk-pw"
PIN = "2468"
DATE = "20261124    100000"


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ops", type=int, default=200, help="check-outs (and check-ins) per kiosk")
    p.add_argument("--kiosks", type=int, default=10, help="kiosks at once in the second run")
    p.add_argument("--work-dir", type=Path, default=None)
    return p.parse_args(argv)


def build(root: Path, n_kiosks: int, per_kiosk: int) -> tuple[Path, list[tuple[str, list[str]]]]:
    data = root / "desk"
    desk = Desk.initialise(data, point_code="BENCH", point_name="基准服务点", level="street")
    try:
        title = desk.write(holdings.add_title, SYSTEM, title="城南旧事", clc="I246.57").uid
        plan: list[tuple[str, list[str]]] = []
        for k in range(n_kiosks):
            desk.write(kiosks.add_kiosk, SYSTEM, login=f"K{k}", name=f"自助机{k}",
                       password=PASSWORD)  # fmt: skip
            card = f"XC{k:08d}"
            desk.write(readers.register, SYSTEM, card_no=card, name="王小明",
                       reader_type="senior", id_number=_id(k))  # fmt: skip
            desk.write(kiosks.set_reader_password, SYSTEM, card, PIN)
            items = []
            for i in range(per_kiosk):
                bc = f"X{k:02d}{i:07d}"
                desk.write(holdings.add_item, SYSTEM, barcode=bc, title_ref=title,
                           call_number="I246.57/L544", material_type="book")  # fmt: skip
                items.append(bc)
            plan.append((card, items))
    finally:
        desk.close()
    return data, plan


def _id(k: int) -> str:
    body = f"11010219550101{k:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


class Wire:
    def __init__(self, port: int) -> None:
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.seq = 0

    def ask(self, msg: Message) -> Message:
        self.seq = (self.seq + 1) % 10
        m = Message(msg.command, msg.fixed, msg.fields, self.seq)
        self.s.sendall(encode(m, error_detection=True))
        buf = b""
        while not buf.endswith(b"\r"):
            chunk = self.s.recv(4096)
            if not chunk:
                raise ConnectionError("server hung up")
            buf += chunk
        return decode(buf, fixed=RESPONSE_FIXED)


def kiosk_run(port: int, login: str, card: str, items: list[str], out: dict[str, Any]) -> None:
    w = Wire(port)
    assert w.ask(Message("93", "00", (("CN", login), ("CO", PASSWORD)))).fixed == "1"
    info = w.ask(Message("63", "019" + DATE + " " * 10, (("AO", "BENCH"), ("AA", card),
                                                           ("AD", PIN))))  # fmt: skip
    assert info.get("CQ") == "Y", info
    outs, ins = [], []
    for bc in items:
        t0 = time.perf_counter()
        r = w.ask(Message("11", "NN" + DATE + " " * 18, (("AO", "BENCH"), ("AA", card),
                                                          ("AB", bc))))  # fmt: skip
        outs.append((time.perf_counter() - t0) * 1000)
        assert r.fixed[0] == "1", r.get("AF")
        t0 = time.perf_counter()
        r = w.ask(Message("09", "N" + DATE + DATE, (("AP", "大厅"), ("AO", "BENCH"),
                                                     ("AB", bc))))  # fmt: skip
        ins.append((time.perf_counter() - t0) * 1000)
        assert r.fixed[0] == "1", r.get("AF")
    w.s.close()
    out[login] = (outs, ins)


def desk_baseline(data: Path, card: str, items: list[str]) -> dict[str, Any]:
    desk = Desk.open(data)
    actor = Actor("kiosk-K0", kiosks.KIOSK_ROLE, "K0")
    outs, ins = [], []
    try:
        for bc in items:
            t0 = time.perf_counter()
            desk.write(kiosks.kiosk_check_out, actor, card, bc, reader_verified=True)
            outs.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            desk.write(kiosks.kiosk_check_in, actor, bc)
            ins.append((time.perf_counter() - t0) * 1000)
    finally:
        desk.close()
    return {"check_out": summary(outs), "check_in": summary(ins)}


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2),
        "max_ms": round(ms[-1], 2),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="bench-sip2-", dir=args.work_dir))
    proc: subprocess.Popen[str] | None = None
    try:
        data, plan = build(root, max(args.kiosks, 1), args.ops)
        desk_only = desk_baseline(data, *plan[0])
        proc = subprocess.Popen(
            [sys.executable, "-m", "xclib_desk.cli", "--data-dir", str(data), "--json",
             "sip2", "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=(root / "serve.err").open("w"), text=True,
        )  # fmt: skip
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while '"address"' not in line:
            line = proc.stdout.readline()
        port = int(line.split('"address": "127.0.0.1:')[1].split('"')[0])
        alone: dict[str, Any] = {}
        card, items = plan[0]
        kiosk_run(port, "K0", card, items, alone)
        together: dict[str, Any] = {}
        started = time.perf_counter()
        threads = [
            threading.Thread(target=kiosk_run, args=(port, f"K{k}", c, its, together))
            for k, (c, its) in enumerate(plan)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        if len(together) != len(plan):
            raise RuntimeError("a kiosk failed: " + (root / "serve.err").read_text()[-2000:])
        outs = [x for o, _ in together.values() for x in o]
        ins = [x for _, i in together.values() for x in i]
        return {
            "bench": "sip2",
            "ops_per_kiosk": args.ops,
            # the same operations through Desk.write in-process: what SIP2 adds is the difference
            "desk_write_only": desk_only,
            "one_kiosk": {
                "check_out": summary(alone["K0"][0]),
                "check_in": summary(alone["K0"][1]),
            },
            f"{len(plan)}_kiosks_at_once": {
                "check_out": summary(outs),
                "check_in": summary(ins),
                "round_trips_per_s": round(2 * len(outs) / wall, 1),
            },
            "target": {"one_kiosk_check_out_p95_ms": 20},
        }
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    print(json.dumps(run(parse()), indent=2))


if __name__ == "__main__":
    main()
