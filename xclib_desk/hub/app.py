"""The hub's HTTP API (FastAPI). Stateless: every request opens its own transaction.

Endpoints (all under /v1; OpenAPI at /docs and /openapi.json):
  GET  /hello                      handshake: accepted protocol versions and the hub's clock
  POST /enrol                      one-time code -> device token bound to a point
  POST /push                       a batch of outbox events (JSON, optionally zstd/gzip)
  GET  /pull?cursor=&limit=        one page of the point's change feed
  GET  /search?q=&limit=           union catalogue: the district's titles and copies, ranked
  admin (admin bearer token): points, enrolment codes, devices, exceptions
"""

import gc
import gzip
import io
import json
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated, Any

import zstandard
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy import Engine, Text, select
from sqlalchemy import cast as sa_cast
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from ..common.times import utcnow
from ..errors import DeskError
from ..protocol.feed import Change
from ..protocol.wire import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrolCodeOut,
    EnrolRequest,
    EnrolResponse,
    ExceptionOut,
    Hello,
    PointIn,
    ProblemOut,
    PublishedOut,
    PullPage,
    PushRequest,
    PushResponse,
    StandardsOverview,
    UnionSearchPage,
)
from ..standards.signing import SignedPackage
from . import admin, catalogue
from . import standards as hub_standards
from .db import make_engine, migrate
from .models import HubChange, HubException
from .push import push_events
from .push.context import DeviceRef
from .push.feed import item_changes

#: 1: events without ``marks`` (desks not yet upgraded keep syncing)
ACCEPTED_PROTOCOLS = [1, PROTOCOL_VERSION]
MAX_BODY = 64 * 1024 * 1024  # decompressed push body limit: a zip bomb stops here
bearer = HTTPBearer(auto_error=False)
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut},
    403: {"model": ProblemOut},
    426: {"model": ProblemOut},
}


class Hub:
    """The database behind the API: one engine, transactions per request."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer anyway; queueing writers here instead of in SQLite's busy
        # handler (which sleeps and polls) keeps latency fair when many points push at once
        self._writer = threading.Lock() if engine.dialect.name == "sqlite" else None

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer or nullcontext(), Session(self.engine, expire_on_commit=False) as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        # closing (not rolling back) ends the transaction without expiring loaded rows
        with Session(self.engine) as s:
            yield s


def problem(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, detail={"code": code, "message": message})


def decompress(body: bytes, encoding: str | None) -> bytes:
    enc = (encoding or "identity").strip().lower()
    try:
        if enc == "zstd":
            # streamed, so a frame header claiming a huge size allocates nothing
            buf = bytearray()
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body)) as r:
                while len(buf) <= MAX_BODY and (chunk := r.read(1 << 20)):
                    buf += chunk
            out = bytes(buf)
            if len(out) > MAX_BODY:
                raise problem(413, "too_large", "push body too large")
            return out
        if enc == "gzip":
            out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_BODY + 1)
            if len(out) > MAX_BODY:
                raise problem(413, "too_large", "push body too large")
            return out
    except (zstandard.ZstdError, zlib.error, gzip.BadGzipFile, EOFError) as e:
        raise problem(400, "bad_compression", f"cannot decompress: {e}") from None
    if enc != "identity":
        raise problem(415, "bad_encoding", f"Content-Encoding {enc} not supported")
    return body


def create_app(db_url: str) -> FastAPI:
    engine = make_engine(db_url)
    migrate(engine)
    hub = Hub(engine)
    with hub.write() as s:
        admin.seed(s)

    app = FastAPI(
        title="xclib hub",
        version=str(PROTOCOL_VERSION),
        description="District hub of xclib-desk: sync protocol in docs/sync-protocol.md",
    )
    # level 4: most of the size win at a fraction of level 9's CPU on 1-2 MB pull pages
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=4)
    app.state.hub = hub

    @app.exception_handler(admin.HubError)
    async def _hub_error(_: Request, e: admin.HubError) -> JSONResponse:
        return JSONResponse({"code": e.code, "message": e.message}, status_code=e.status)

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, e: HTTPException) -> JSONResponse:
        body = e.detail if isinstance(e.detail, dict) else {"code": "error", "message": e.detail}
        return JSONResponse(body, status_code=e.status_code, headers=e.headers)

    @app.exception_handler(OperationalError)
    async def _busy(_: Request, e: OperationalError) -> JSONResponse:
        # a locked or restarting database is temporary: the client backs off and retries
        return JSONResponse(
            {"code": "hub_busy", "message": "database busy, retry later"},
            status_code=503,
            headers={"Retry-After": "2"},
        )

    def device(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
    ) -> DeviceRef:
        if protocol is None or not protocol.isdigit() or int(protocol) not in ACCEPTED_PROTOCOLS:
            raise problem(
                426,
                "protocol_unsupported",
                f"this hub accepts protocol {ACCEPTED_PROTOCOLS}, desk speaks {protocol}; "
                "upgrade the desk (its events stay queued)",
            )
        if cred is None:
            raise problem(401, "no_token", "device token required")
        with hub.read() as s:
            dev = admin.device_for(s, cred.credentials)
            if dev is None:
                raise problem(401, "bad_token", "device token unknown or revoked")
            return DeviceRef(dev.device_id, dev.point_code)

    def require_admin(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if cred is None:
            raise problem(401, "no_token", "admin token required")
        with hub.read() as s:
            if not admin.is_admin(s, cred.credentials):
                raise problem(403, "not_admin", "admin token required")

    @app.get("/v1/hello", response_model=Hello)
    def hello() -> Hello:
        return Hello(hub="xclib-hub", accepted_protocols=ACCEPTED_PROTOCOLS, hub_time=utcnow())

    @app.post("/v1/enrol", response_model=EnrolResponse, responses=ERRORS)
    def enrol(req: EnrolRequest) -> EnrolResponse:
        with hub.write() as s:
            return admin.enrol(s, req)

    @app.post(
        "/v1/push",
        response_model=PushResponse,
        responses={**ERRORS, 400: {"model": ProblemOut}, 422: {"model": ProblemOut}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": PushRequest.model_json_schema()}},
            }
        },
    )
    async def push(
        request: Request, dev: Annotated[DeviceRef, Depends(device)]
    ) -> PushResponse | JSONResponse:
        raw = decompress(await request.body(), request.headers.get("content-encoding"))
        try:
            req = PushRequest.model_validate_json(raw)
        except ValidationError as e:
            return JSONResponse({"code": "bad_request", "message": str(e)[:2000]}, status_code=422)
        out: PushResponse = await run_in_threadpool(_push, hub, dev, req)
        return out

    @app.get("/v1/pull", response_model=PullPage, responses=ERRORS)
    def pull(
        dev: Annotated[DeviceRef, Depends(device)],
        # feed positions are signed 64-bit: 18 digits always fit (schemathesis found 10**19)
        cursor: Annotated[str, Query(max_length=18, pattern=r"^\d{1,18}$")] = "0",
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    ) -> Response:
        after = int(cursor)
        with hub.read() as s:
            # the stored JSON text goes out as it is: no decode and re-encode of every row
            rows = s.execute(
                select(HubChange.pos, HubChange.kind, HubChange.key, sa_cast(HubChange.data, Text))
                .where(HubChange.scope.in_(("*", dev.point_code)), HubChange.pos > after)
                .order_by(HubChange.pos)
                .limit(limit + 1)
            ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        changes = ",".join(
            f'{{"pos":{pos},"kind":{json.dumps(kind)},"key":{json.dumps(key)},"data":{data}}}'
            for pos, kind, key, data in rows
        )
        tail = PullPage(
            changes=[], cursor=str(rows[-1][0] if rows else after), more=more, hub_time=utcnow()
        ).model_dump_json()
        body = '{"changes":[' + changes + "]," + tail[len('{"changes":[],') :]
        return Response(body, media_type="application/json")

    @app.get(
        "/v1/items/{barcode}",
        response_model=list[Change],
        responses={**ERRORS, 404: {"model": ProblemOut}},
    )
    def item(barcode: str, dev: Annotated[DeviceRef, Depends(device)]) -> list[Change]:
        """Any district copy and its open loan, for a point that must take back a copy it has
        never seen (return anywhere). The loan names the card only, as the index does."""
        with hub.read() as s:
            out = item_changes(s, barcode[:32])
            if not out:
                raise problem(404, "unknown_item", f"no item {barcode[:32]} in the district")
            return out

    @app.get(
        "/v1/search",
        response_model=UnionSearchPage,
        responses={**ERRORS, 422: {"model": ProblemOut}},
    )
    def search(
        dev: Annotated[DeviceRef, Depends(device)],
        q: Annotated[str, Query(min_length=1, max_length=200)],
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> UnionSearchPage:
        """The union catalogue: any enrolled desk searches the whole district's holdings
        (the desk's query language; see hub/catalogue.py and docs/holdings.md)."""
        with hub.read() as s:
            try:
                hits = catalogue.search(s, q, limit)
            except DeskError as e:
                raise problem(422, e.code, e.message("en")) from None
        return UnionSearchPage(query=q, hits=hits, hub_time=utcnow())

    # --- admin ----------------------------------------------------------------------------
    admin_deps = [Depends(require_admin)]

    @app.post("/v1/admin/points", dependencies=admin_deps, responses=ERRORS, status_code=201)
    def add_point(p: PointIn) -> dict[str, Any]:
        from .staffing import point_out

        with hub.write() as s:
            return point_out(admin.add_point(s, p))

    # --- points' hours and population, staffing figures (issue 5, hub/staffing_api.py) ----
    from .staffing_api import add_staffing_routes

    add_staffing_routes(app, hub, admin_deps)

    @app.post(
        "/v1/admin/points/{code}/enrol-codes",
        dependencies=admin_deps,
        response_model=EnrolCodeOut,
        responses={**ERRORS, 404: {"model": ProblemOut}},
    )
    def enrol_code(code: str) -> EnrolCodeOut:
        with hub.write() as s:
            return admin.new_enrol_code(s, code[:32])

    @app.post(
        "/v1/admin/devices/{device_id}/revoke",
        dependencies=admin_deps,
        responses={**ERRORS, 404: {"model": ProblemOut}},
    )
    def revoke(device_id: str) -> dict[str, str]:
        with hub.write() as s:
            if not admin.revoke(s, device_id[:36]):
                raise problem(404, "unknown_device", "no such device")
        return {"device_id": device_id, "status": "revoked"}

    @app.get(
        "/v1/admin/exceptions",
        dependencies=admin_deps,
        response_model=list[ExceptionOut],
        responses=ERRORS,
    )
    def exceptions(
        status: Annotated[str | None, Query(max_length=16)] = None,
    ) -> list[ExceptionOut]:
        with hub.read() as s:
            q = select(HubException).order_by(HubException.created_at)
            if status:
                q = q.where(HubException.status == status)
            return [
                ExceptionOut(
                    uid=x.uid,
                    kind=x.kind,
                    points=x.points,
                    status=x.status,
                    context=x.context,
                    created_at=x.created_at,
                    resolution=x.resolution,
                )
                for x in s.scalars(q)
            ]

    # --- standards administration (desk Standards page; logic in hub/standards.py) ---------
    @app.get(
        "/v1/admin/standards",
        dependencies=admin_deps,
        response_model=StandardsOverview,
        responses=ERRORS,
    )
    def standards_overview() -> StandardsOverview:
        with hub.read() as s:
            return hub_standards.overview(s)

    @app.post(
        "/v1/admin/standards",
        dependencies=admin_deps,
        response_model=PublishedOut,
        responses={**ERRORS, 409: {"model": ProblemOut}, 422: {"model": ProblemOut}},
        status_code=201,
    )
    def standards_publish(signed: SignedPackage) -> PublishedOut:
        """The same checks as ``xclib-hub standards-publish``: district signature, newer."""
        with hub.write() as s:
            package = hub_standards.publish(s, signed)
            return PublishedOut(version=package.version, effective_from=package.effective_from)

    # --- district reports (issues 5 and 6; logic in hub/compliance.py, hub/stats.py) ------
    from .reports_api import add_report_routes

    add_report_routes(app, hub, admin_deps)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        return JSONResponse({"code": "bad_request", "message": str(e)[:2000]}, status_code=422)

    return app


def tune_gc() -> None:
    """A push makes thousands of short-lived ORM rows. With the default thresholds the
    collector runs every 700 allocations and its full passes re-scan every object made at
    start (modules, the app): ~25% of a push's CPU (bench/bench_sync.py). Keep those out of
    the scans and collect the young generation less often. Once per server process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _push(hub: Hub, dev: DeviceRef, req: PushRequest) -> PushResponse:
    if req.device_id != dev.device_id:
        raise problem(403, "wrong_device", "events of another device")
    foreign = {e.point_code for e in req.events} - {dev.point_code}
    foreign |= {"device"} if any(e.device_id != dev.device_id for e in req.events) else set()
    if foreign:
        raise problem(
            403,
            "wrong_point",
            f"this token belongs to point {dev.point_code}; refusing events of {sorted(foreign)}",
        )
    with hub.write() as s:
        results = push_events(s, dev, req, utcnow())
    return PushResponse(results=results, hub_time=utcnow())


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several worker processes share one database)."""
    app = create_app(os.environ["XCLIB_HUB_DB"])
    tune_gc()
    return app
