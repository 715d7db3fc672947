"""Schemathesis against the hub's own OpenAPI: no generated input may produce a 5xx.

Runs in-process over ASGI against a real SQLite hub database with one enrolled device and an
admin token, so generated requests reach the handlers past authentication.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from xclib_desk.hub import admin
from xclib_desk.hub.api.app import create_app
from xclib_desk.protocol.wire import EnrolRequest, PointIn

TOKENS: dict[str, str] = {}


def _app() -> Any:
    """Built at import: schemathesis needs the schema when pytest collects the test."""
    tmp = tempfile.mkdtemp(prefix="xclib-openapi-")
    atexit.register(shutil.rmtree, tmp, True)
    db = f"sqlite:///{Path(tmp) / 'hub.sqlite3'}"
    app = create_app(db)
    hub = app.state.hub
    with hub.write() as s:
        admin.add_point(s, PointIn(code="ST01", name="测试点", level="community"))
        code = admin.new_enrol_code(s, "ST01").code
        TOKENS["admin"] = admin.new_admin_token(s)
    with hub.write() as s:
        TOKENS["device"] = admin.enrol(
            s, EnrolRequest(code=code, device_id="dev-st", point_code="ST01")
        ).token
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any) -> None:
    path = case.operation.path
    token = TOKENS["admin"] if path.startswith("/v1/admin") else TOKENS["device"]
    headers = {"Authorization": f"Bearer {token}"}
    if path in ("/v1/push", "/v1/pull"):
        headers["X-Xclib-Protocol"] = "1"
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text[:500]


def test_openapi_is_served(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}"))
    spec = client.get("/openapi.json").json()
    assert {"/v1/hello", "/v1/push", "/v1/pull", "/v1/enrol"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_oversized_cursor_is_a_client_error_not_a_crash() -> None:
    """Found by schemathesis: a 19-digit cursor overflowed SQLite's 64-bit integer (500)."""
    from fastapi.testclient import TestClient

    app = schema.app
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {TOKENS['device']}", "X-Xclib-Protocol": "1"}
    assert client.get("/v1/pull?cursor=10000000000000000000", headers=headers).status_code == 422
    ok = client.get("/v1/pull?cursor=999999999999999999", headers=headers)
    assert ok.status_code == 200 and ok.json()["changes"] == []
