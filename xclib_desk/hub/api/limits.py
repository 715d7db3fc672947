"""Limits before reading: how large a request body may be, and who may send one.

:class:`Limits` is pure ASGI (nothing buffered), outside every route, and does three things
before the application sees a request:

- **Who.** FastAPI reads a route's body parameters before its dependencies check the token,
  so a request that may carry a body is let in only with the token its route needs: a device
  token for the desks' routes, an admin token under ``/v1/admin`` (401 without one, 403 for a
  token that is not an admin's). The routes' own dependencies still check the rest (the
  protocol version, the point); the device found is left in the request's state for them,
  so a push looks its token up once.
- **Declared size.** A ``Content-Length`` over the route's cap (:func:`cap`) is answered 413
  at once: not a byte of the body is read.
- **Streamed size.** The body's bytes are counted as they arrive; the chunk that passes the
  cap ends the request with 413 (a chunked body has no length to check first).

Every answer is the API's one error shape (``{"code", "message"}``).
"""

from __future__ import annotations

import json

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
#: where the token check leaves the device it found (the request's state), with the token
TOKEN_HOLDER = "token_holder"


#: the routes allowed more than :data:`BODY_MAX`
CAPS = {("POST", "/v1/push"): PUSH_WIRE_MAX, ("POST", "/v1/admin/standards"): STANDARDS_MAX}


def cap(method: str, path: str) -> int:
    """The most body bytes a request to this route may carry."""
    return CAPS.get((method, path.rstrip("/") or "/"), BODY_MAX)


class TooLarge(HTTPException):
    """Raised from ``receive`` when the body passes its cap. An ``HTTPException``, so FastAPI
    lets it through its body parsing and the API's handler answers it (api/problems.py)."""

    def __init__(self, limit: int) -> None:
        # the rest of the body is not read: the connection cannot carry another request
        super().__init__(413, f"request body over {limit} bytes", {"Connection": "close"})


class Limits:
    """Pure ASGI: size caps and the token check, before any body is read."""

    def __init__(self, app: ASGIApp, hub: Hub) -> None:
        self.app, self.hub = app, hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        try:
            refusal = await self._who(scope, headers)
        except OperationalError:  # outside the app's handlers: the same answer as theirs
            refusal = (503, "hub_busy", "database busy, retry later")
        if refusal is not None:
            return await _refuse(send, *refusal)
        limit = cap(scope["method"], scope["path"])
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return await _refuse(send, 413, "too_large", f"request body over {limit} bytes")
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge as e:  # read outside a route (no handler answered it)
            if started:
                raise
            await _refuse(send, 413, "too_large", str(e.detail))

    async def _who(self, scope: Scope, headers: Headers) -> tuple[int, str, str] | None:
        """Why a request that may carry a body is refused before it is read, if it is."""
        path: str = scope["path"]
        if scope["method"] not in BODY_METHODS or path in OPEN or not path.startswith("/v1/"):
            return None
        wants_admin = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
        token = _bearer(headers.get("authorization", ""))
        if token is None:
            return 401, "no_token", f"{'admin' if wants_admin else 'device'} token required"
        if wants_admin:
            if not await run_in_threadpool(self._is_admin, token):
                return 403, "not_admin", "admin token required"
        else:
            holder = await run_in_threadpool(self._device, token)
            if holder is None:
                return 401, "bad_token", "device token unknown or revoked"
            # the route's dependency takes it from here instead of asking the database again
            scope.setdefault("state", {})[TOKEN_HOLDER] = (token, holder)
        return None

    def _is_admin(self, token: str) -> bool:
        with self.hub.read() as s:
            return admin.is_admin(s, token)

    def _device(self, token: str) -> admin.TokenHolder | None:
        with self.hub.read() as s:
            return admin.device_for(s, token)


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
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
                *([(b"retry-after", b"2")] if status == 503 else []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _bearer(header: str) -> str | None:
    scheme, _, credentials = header.partition(" ")
    credentials = credentials.strip()
    return credentials if scheme.lower() == "bearer" and credentials else None
