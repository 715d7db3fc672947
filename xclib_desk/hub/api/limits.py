"""Limits before reading: how large a request body may be, and who may send one.

**Size.** FastAPI's own body limit (Starlette's ``RequestBodyLimitMiddleware``: pure ASGI,
nothing buffered) counts the bytes as they arrive and answers 413 as soon as a route's cap is
passed, or before reading anything when ``Content-Length`` already says more. Every route gets
:data:`BODY_MAX` unless it says otherwise (:data:`PUSH_WIRE_MAX`, :data:`STANDARDS_MAX`).

**Who.** FastAPI reads a route's body parameters before its dependencies check the token, so
:class:`TokenGate` checks the ``Authorization`` header of every request that may carry a body
first: a device token for the desks' routes, an admin token under ``/v1/admin``; without one
the answer is 401 (403 for a token that is not an admin's) and not a byte of the body is read.
The routes' own dependencies still check everything else (protocol version, the point).
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import admin
from ..db import Hub

#: every request body (enrolment, admin JSON) unless its route allows more
BODY_MAX = 64 * 1024
#: a push as it travels (compressed or not); decompressed it may also be at most 64 MiB
#: (``sync.MAX_BODY``)
PUSH_WIRE_MAX = 64 * 1024 * 1024
#: a signed standards package published over the admin API
STANDARDS_MAX = 1024 * 1024

#: the routes anyone may send a body to (enrolment has its own rate limit)
OPEN = frozenset({"/v1/enrol"})
ADMIN_PREFIX = "/v1/admin"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class TokenGate:
    """Pure ASGI: a request that may carry a body is let in only with a token it needs."""

    def __init__(self, app: ASGIApp, hub: Hub) -> None:
        self.app, self.hub = app, hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        path: str = scope["path"]
        if path in OPEN or not path.startswith("/v1/"):
            return await self.app(scope, receive, send)
        wants_admin = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
        token = _bearer(Headers(scope=scope).get("authorization", ""))
        refusal: tuple[int, str, str] | None = None
        if token is None:
            refusal = (401, "no_token", f"{'admin' if wants_admin else 'device'} token required")
        elif wants_admin:
            if not await run_in_threadpool(self._is_admin, token):
                refusal = (403, "not_admin", "admin token required")
        elif not await run_in_threadpool(self._is_device, token):
            refusal = (401, "bad_token", "device token unknown or revoked")
        if refusal is None:
            return await self.app(scope, receive, send)
        status, code, message = refusal
        body = json.dumps({"code": code, "message": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    # the body was not read: the connection cannot carry another request
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _is_admin(self, token: str) -> bool:
        with self.hub.read() as s:
            return admin.is_admin(s, token)

    def _is_device(self, token: str) -> bool:
        with self.hub.read() as s:
            return admin.device_for(s, token) is not None


def _bearer(header: str) -> str | None:
    scheme, _, credentials = header.partition(" ")
    credentials = credentials.strip()
    return credentials if scheme.lower() == "bearer" and credentials else None
