"""The hub's admin API, for a district admin at a desk (the Standards and compliance pages).

Headless (requests), so the UI calls it through its ops lanes and tests call it directly. The
admin token is not the device token: it is entered once by an admin and kept beside the device
token (keyring, else a 0600 file; see :mod:`.tokens`). The hub's refusals come back as
``DeskError`` with the hub's code and message, so a page shows them like any other refusal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from ..errors import DeskError
from ..protocol.reports import DistrictStatsOut
from ..protocol.wire import PublishedOut, StandardsOverview
from ..standards.signing import SignedPackage
from .engine import make_http
from .tokens import TokenStore, admin_token_store


class AdminClient:
    def __init__(
        self,
        hub_url: str,
        token: str,
        *,
        verify: bool | str = True,
        http: requests.Session | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.url = hub_url.rstrip("/")
        self.token = token.strip()
        self.verify = verify
        self.http = http or make_http(retries=2)
        self.timeout = timeout

    @classmethod
    def for_desk(cls, engine: Any, data_dir: Path, device_id: str) -> AdminClient:
        """The client for an enrolled desk: its hub address and CA, the admin token it keeps."""
        url = engine.hub_url if engine is not None else None
        if not url:
            raise DeskError("hub_admin_not_enrolled")
        token = admin_token_store(data_dir, device_id).get()
        if not token:
            raise DeskError("hub_admin_no_token")
        return cls(url, token, verify=engine._verify())

    def _call(self, method: str, path: str, body: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            r = self.http.request(
                method,
                self.url + path,
                data=body.encode() if body is not None else None,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
            )
        except requests.RequestException as e:
            raise DeskError("hub_unreachable", detail=type(e).__name__) from None
        if r.status_code in (401, 403):
            raise DeskError("hub_admin_denied")
        if r.status_code >= 400:
            try:
                problem = r.json()
                code, message = str(problem["code"]), str(problem["message"])
            except (ValueError, KeyError, TypeError):
                code, message = str(r.status_code), r.text[:200]
            raise DeskError("hub_refused", code=code, detail=message[:300])
        return r.json()

    def check(self) -> None:
        """Is the token an admin token at this hub? (raises ``hub_admin_denied`` if not)."""
        self.standards()

    def standards(self) -> StandardsOverview:
        return StandardsOverview.model_validate(self._call("GET", "/v1/admin/standards"))

    def publish(self, signed: SignedPackage) -> PublishedOut:
        body = signed.model_dump_json()
        return PublishedOut.model_validate(self._call("POST", "/v1/admin/standards", body))

    def compliance(self) -> Any:
        """The district compliance report (each point x each unification, by month)."""
        return self._call("GET", "/v1/admin/compliance")

    def stats(self, year: int) -> DistrictStatsOut:
        """The district statistics of a Beijing year (``GET /v1/admin/stats``), checked."""
        return DistrictStatsOut.model_validate(
            self._call("GET", f"/v1/admin/stats?year={int(year)}")
        )

    def close(self) -> None:
        self.http.close()


def save_admin_token(data_dir: Path, device_id: str, token: str) -> None:
    """Keep the admin token with the desk's device secrets (entered once by an admin)."""
    store: TokenStore = admin_token_store(data_dir, device_id)
    token = token.strip()
    if not token:
        store.clear()
        return
    store.set(token)


def has_admin_token(data_dir: Path, device_id: str) -> bool:
    return bool(admin_token_store(data_dir, device_id).get())
