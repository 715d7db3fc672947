"""``xclib-hub serve``: the HTTP API under uvicorn (migrated once before the workers start)."""

from __future__ import annotations

import argparse
import os
import threading

import uvicorn

from ..push import PUSHES_AT_ONCE_ENV, pushes_at_once
from ..push.holds import sweep_on_timer
from .common import Verbs, hub


def cmd_serve(args: argparse.Namespace) -> int:
    db = hub(args)  # migrate once, before the workers start
    os.environ["XCLIB_HUB_DB"] = args.db
    turns = args.pushes_at_once or pushes_at_once(args.workers, os.cpu_count() or 1)
    os.environ[PUSHES_AT_ONCE_ENV] = str(turns)
    stop = threading.Event()
    if args.holds_sweep_every > 0:  # the hold queues' sweep, once per server (docs/holds.md)
        sweep_on_timer(db, args.holds_sweep_every, stop)
    uvicorn.run(
        "xclib_desk.hub.api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
        log_level=args.log_level,
    )
    stop.set()
    return 0


def register(verbs: Verbs) -> None:
    p = verbs.add("serve", cmd_serve, "run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--ssl-certfile")
    p.add_argument("--ssl-keyfile")
    p.add_argument(
        "--pushes-at-once",
        type=int,
        default=0,
        metavar="N",
        help="pushes each worker applies at once; more wait their turn "
        "(default: about two per core across the workers)",
    )
    p.add_argument("--log-level", default="warning")
    p.add_argument(
        "--holds-sweep-every",
        type=float,
        default=600,
        metavar="SECONDS",
        help="run the district's holds sweep this often (0: never; `holds sweep` by hand)",
    )
