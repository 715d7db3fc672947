"""The hub API's one error shape: ``{"code": ..., "message": ...}`` (``ProblemOut``) with an
HTTP status, whoever raises it (a route, a dependency, the domain's ``HubError``, a busy
database, request validation)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from ...protocol.wire import ProblemOut
from ..errors import HubError

#: the statuses the token dependencies answer with: no or bad token, not an admin or a foreign
#: point, protocol too old
AUTH = (401, 403, 426)


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route: each listed status answers a ``ProblemOut``."""
    return {status: {"model": ProblemOut} for status in statuses}


def problem(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, detail={"code": code, "message": message})


async def _hub_error(_: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, HubError)
    return JSONResponse({"code": e.code, "message": e.message}, status_code=e.status)


async def _http_error(_: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, HTTPException)
    body = e.detail if isinstance(e.detail, dict) else {"code": "error", "message": e.detail}
    return JSONResponse(body, status_code=e.status_code, headers=e.headers)


async def _busy(_: Request, _e: Exception) -> JSONResponse:
    # a locked or restarting database is temporary: the client backs off and retries
    return JSONResponse(
        {"code": "hub_busy", "message": "database busy, retry later"},
        status_code=503,
        headers={"Retry-After": "2"},
    )


async def _invalid(_: Request, e: Exception) -> JSONResponse:
    return JSONResponse({"code": "bad_request", "message": str(e)[:2000]}, status_code=422)


def install(app: FastAPI) -> None:
    """Answer every refusal in the one shape."""
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OperationalError, _busy)
    app.add_exception_handler(RequestValidationError, _invalid)
