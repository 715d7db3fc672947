"""The hub API's one error shape: ``{"code": ..., "message": ...}`` (``ProblemOut``) with an
HTTP status, whoever raises it (a route, a dependency, the domain's ``HubError``, a busy
database, request validation)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

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


#: the code of a refusal raised by the framework itself (plain text detail), by status
FRAMEWORK_CODES = {413: "too_large", 404: "not_found", 405: "method_not_allowed"}


async def _hub_error(_: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, HubError)
    retry = getattr(e, "retry_after", None)  # a lock-out says when to come back
    headers = {"Retry-After": str(retry)} if retry is not None else None
    return JSONResponse(
        {"code": e.code, "message": e.message}, status_code=e.status, headers=headers
    )


async def _http_error(_: Request, e: Exception) -> JSONResponse:
    assert isinstance(e, StarletteHTTPException)
    if isinstance(e.detail, dict):
        body = e.detail
    else:
        body = {"code": FRAMEWORK_CODES.get(e.status_code, "error"), "message": e.detail}
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
    # Starlette's own (an unknown path; limits.TooLarge) and FastAPI's, which derives from it
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _busy)
    app.add_exception_handler(RequestValidationError, _invalid)
