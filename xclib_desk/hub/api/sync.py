"""What desks call (all under ``/v1``):

GET  /hello                      handshake: accepted protocol versions and the hub's clock
POST /enrol                      one-time code -> device token bound to a point
POST /push                       a batch of outbox events (JSON, optionally zstd/gzip)
GET  /pull?cursor=&limit=        one page of the point's change feed
GET  /items/{barcode}            a district copy and its open loan (return anywhere)
GET  /search?q=&limit=           union catalogue: the district's titles and copies, ranked
GET  /protocol/schema            the protocol as one JSON Schema document (events, envelopes, rows)
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from typing import Annotated, Any

import zstandard
from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from ...common.times import utcnow
from ...errors import DeskError
from ...protocol.feed import Change
from ...protocol.reference import schema_document
from ...protocol.wire import (
    PROTOCOL_HEADER,
    EnrolRequest,
    EnrolResponse,
    Hello,
    PullPage,
    PushRequest,
    PushResponse,
    UnionSearchPage,
)
from .. import admin, catalogue
from ..db import Hub
from ..errors import HubError
from ..push import PUSHES_AT_ONCE_ENV, push_events, pushes_at_once
from ..push.context import DeviceRef
from ..push.feed import feed_page, for_protocol, item_changes
from .deps import ACCEPTED_PROTOCOLS, DeviceDep, HubDep
from .problems import AUTH, problem, problems

#: decompressed push body limit: a zip bomb stops here (on the wire: ``limits.PUSH_WIRE_MAX``)
MAX_BODY = 64 * 1024 * 1024

#: a push PostgreSQL ended as a deadlock's victim (40P01) or a serialisation failure (40001)
#: is run again in a new transaction, this many times at most
DEADLOCK_RETRIES = 3
RETRY_STATES = frozenset({"40P01", "40001"})

router = APIRouter(prefix="/v1")


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


@router.get("/protocol/schema")
def protocol_schema() -> dict[str, Any]:
    """The contract this hub speaks, generated from the protocol package itself: every event
    payload, envelope and feed-row kind with its fields and constraints (no token needed)."""
    return schema_document()


@router.get("/hello", response_model=Hello)
def hello() -> Hello:
    return Hello(hub="xclib-hub", accepted_protocols=ACCEPTED_PROTOCOLS, hub_time=utcnow())


@router.post("/enrol", response_model=EnrolResponse, responses=problems(403, 409, 413, 422, 429))
def enrol(req: EnrolRequest, request: Request, hub: HubDep) -> EnrolResponse:
    """A refused code (unknown, used, expired, another point's) is counted against the
    client's address and the point it named; too many and enrolment is locked (429)."""
    client = request.client.host if request.client else "unknown"
    try:
        with hub.write() as s:
            return admin.enrol(s, req, client)
    except HubError as e:
        if e.code == "bad_enrol_code":
            with hub.write() as s:
                admin.record_enrol_failure(s, client, req.point_code)
        raise


@router.post(
    "/push",
    response_model=PushResponse,
    responses=problems(*AUTH, 400, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": PushRequest.model_json_schema()}},
        }
    },
)
async def push(request: Request, dev: DeviceDep, hub: HubDep) -> PushResponse | JSONResponse:
    raw = decompress(await request.body(), request.headers.get("content-encoding"))
    try:
        req = PushRequest.model_validate_json(raw)
    except ValidationError as e:
        return JSONResponse({"code": "bad_request", "message": str(e)[:2000]}, status_code=422)
    out: PushResponse = await to_thread.run_sync(_push, hub, dev, req, limiter=_push_turns())
    return out


_turns: list[CapacityLimiter] = []


def _push_turns() -> CapacityLimiter:
    """The process's turns at applying a push (made in the event loop, on first use); the
    pushes past them wait here, on the event loop, not as threads."""
    if not _turns:
        n = os.environ.get(PUSHES_AT_ONCE_ENV, "")
        turns = int(n) if n.isdigit() and int(n) > 0 else pushes_at_once(1, os.cpu_count() or 1)
        _turns.append(CapacityLimiter(turns))
    return _turns[0]


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
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            with hub.write() as s:
                results = push_events(s, dev, req, utcnow())
            break
        except DBAPIError as e:
            # concurrent pushes lock their keys in one order, but PostgreSQL may still pick a
            # victim (say, two double loans closing each other's readers' loans); or the
            # connection was found dead (the server restarted): run it again, on a new one
            again = e.connection_invalidated or getattr(e.orig, "sqlstate", None) in RETRY_STATES
            if not again or attempt == DEADLOCK_RETRIES:
                raise
    return PushResponse(results=results, hub_time=utcnow())


@router.get("/pull", response_model=PullPage, responses=problems(*AUTH))
def pull(
    dev: DeviceDep,
    hub: HubDep,
    # feed positions are signed 64-bit: 18 digits always fit (schemathesis found 10**19)
    cursor: Annotated[str, Query(max_length=18, pattern=r"^\d{1,18}$")] = "0",
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    # the device dependency checked it is one this hub accepts
    protocol: Annotated[str, Header(alias=PROTOCOL_HEADER)] = "1",
) -> Response:
    after = int(cursor)
    with hub.read() as s:
        # the stored JSON text goes out as it is: no decode and re-encode of every row
        rows = feed_page(s, dev.point_code, after, limit + 1)
    rows = for_protocol(rows, int(protocol))  # what an older desk can read
    more = len(rows) > limit
    rows = rows[:limit]
    changes = ",".join(change_json(*row) for row in rows)
    tail = PullPage(
        changes=[], cursor=str(rows[-1][0] if rows else after), more=more, hub_time=utcnow()
    ).model_dump_json()
    body = '{"changes":[' + changes + "]," + tail[len('{"changes":[],') :]
    return Response(body, media_type="application/json")


def change_json(pos: int, kind: str, key: str, data: str) -> str:
    """One feed row of a pull page as JSON text, its ``data`` the stored text as it is (the
    place to adapt a row for a desk speaking an older protocol)."""
    return f'{{"pos":{pos},"kind":{json.dumps(kind)},"key":{json.dumps(key)},"data":{data}}}'


@router.get(
    "/items/{barcode}",
    response_model=list[Change],
    responses=problems(*AUTH, 404),
)
def item(barcode: str, dev: DeviceDep, hub: HubDep) -> list[Change]:
    """Any district copy and its open loan, for a point that must take back a copy it has
    never seen (return anywhere). The loan names the card only, as the index does."""
    with hub.read() as s:
        out = item_changes(s, barcode[:32])
        if not out:
            raise problem(404, "unknown_item", f"no item {barcode[:32]} in the district")
        return out


@router.get(
    "/search",
    response_model=UnionSearchPage,
    responses=problems(*AUTH, 422),
)
def search(
    dev: DeviceDep,
    hub: HubDep,
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
