"""Union search from a desk: the same query, over the whole district's holdings at the hub.

Blocking HTTP (the UI calls it off the GUI thread). Results are :class:`UnionHit` with
``online=True``, each title with its copies at every point and their availability; they are
never written to the local store. Offline, not enrolled, or a refusing hub: a ``DeskError``
that says so, so the caller can fall back to the local search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests

from ..errors import DeskError, Phrase
from ..protocol.wire import UnionHit, UnionSearchPage
from .engine import SyncEngine

if TYPE_CHECKING:
    from ..desk import Desk

TIMEOUT_S = 10.0  # someone is waiting at the desk: fail fast, fall back to local results


def union_search(
    desk: Desk,
    query: str,
    limit: int = 50,
    *,
    engine: SyncEngine | None = None,
    timeout: float = TIMEOUT_S,
) -> list[UnionHit]:
    """Search the district's union catalogue; ``engine`` is the desk's sync engine (its hub
    address, token and TLS settings), made here if not given."""
    q = " ".join(query.split())
    if not q:
        raise DeskError("bad_input", detail=Phrase("query_empty"))
    if len(q) > 200:
        detail = Phrase("field_too_long", field="query", max_len=200)
        raise DeskError("bad_input", detail=detail, field="query")
    eng = engine or SyncEngine(desk)
    url = eng.hub_url
    if not url or not eng.tokens.get():
        raise DeskError("hub_not_enrolled")
    try:
        # no retries: someone is waiting, and the local results are there meanwhile
        r = requests.get(
            url + "/v1/search",
            params={"q": q, "limit": str(max(1, min(int(limit), 200)))},
            headers=eng._headers(),
            timeout=timeout,
            verify=eng._verify(),
        )
    except requests.RequestException:
        raise DeskError("hub_offline", hub=url) from None
    if r.status_code in (401, 403, 426):
        raise DeskError("union_search_refused", hub=url, detail=_problem(r))
    if r.status_code == 422:
        raise DeskError("bad_input", detail=_problem(r))
    if r.status_code != 200:
        raise DeskError("hub_offline", hub=url)
    return UnionSearchPage.model_validate_json(r.content).hits


def _problem(r: requests.Response) -> str:
    try:
        body = r.json()
        return f"{body.get('code')}: {body.get('message')}"
    except (ValueError, AttributeError):
        return f"HTTP {r.status_code}"


__all__ = ["union_search"]
