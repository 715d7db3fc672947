"""The hub's HTTP application: the routers of :mod:`xclib_desk.hub.api` over one database.
Stateless: every request opens its own transaction. OpenAPI at /docs and /openapi.json."""

from __future__ import annotations

import gc
import os

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from ...protocol.wire import PROTOCOL_VERSION
from .. import logs as hub_logging
from ..db import open_hub
from . import admin, device, limits, problems, reports, staffing, sync


def create_app(db_url: str) -> FastAPI:
    app = FastAPI(
        title="xclib hub",
        version=str(PROTOCOL_VERSION),
        description="District hub of xclib-desk: sync protocol in docs/sync-protocol.md",
    )
    # level 4: most of the size win at a fraction of level 9's CPU on 1-2 MB pull pages
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=4)
    app.state.hub = open_hub(db_url)
    # outermost of ours: caps and tokens before anything reads a body (api/limits.py)
    app.add_middleware(limits.Limits, hub=app.state.hub)
    hub_logging.install()
    problems.install(app)
    for area in (sync, device, admin, staffing, reports):
        app.include_router(area.router)
    return app


def tune_gc() -> None:
    """A push makes thousands of short-lived ORM rows. With the default thresholds the
    collector runs every 700 allocations and its full passes re-scan every object made at
    start (modules, the app): ~25% of a push's CPU (bench/bench_sync.py). Keep those out of
    the scans and collect the young generation less often. Once per server process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several worker processes share one database)."""
    app = create_app(os.environ["XCLIB_HUB_DB"])
    tune_gc()
    return app
