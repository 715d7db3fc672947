"""The hub's HTTP application: the routers of :mod:`xclib_desk.hub.api` over one database.
Stateless: every request opens its own transaction. OpenAPI at /docs and /openapi.json."""

from __future__ import annotations

import os

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from ...common import pinyin
from ...common.collector import tune_for_server
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


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several worker processes share one database)."""
    app = create_app(os.environ["XCLIB_HUB_DB"])
    pinyin.warm()  # a new title's search text needs it; frozen with the rest below
    tune_for_server()
    return app
