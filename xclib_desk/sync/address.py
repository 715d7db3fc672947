"""The hub's address: the one rule for which URLs a desk may send its token to.

The device token and readers' data travel with every request, so the hub is reached over
``https://``. Plain ``http://`` is accepted only where nothing crosses a network: the loopback
addresses (127.0.0.0/8, ::1, ``localhost``), as the demo's embedded hub and the tests use; or
when staff say ``--insecure`` on purpose (a test network), and then they are warned.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from ..errors import DeskError


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine itself (no packet leaves it)."""
    name = host.strip().rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_hub_url(url: str, allow_insecure: bool = False) -> str:
    """The hub's address without a trailing slash; ``hub_url_invalid`` if it is not an
    ``http(s)://host[:port][/path]`` address, ``hub_url_insecure`` if it is ``http://`` to
    another machine and ``allow_insecure`` was not given."""
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a bad IPv6 literal, a port that is no number or out of range
        port_ok, parts = False, urlsplit("")
    scheme = parts.scheme.lower()
    if (
        scheme not in ("http", "https")
        or not parts.hostname
        or not port_ok
        or parts.username is not None
        or parts.query
        or parts.fragment
        or any(c.isspace() or not c.isprintable() for c in raw)
    ):
        raise DeskError("hub_url_invalid", url=raw[:200])
    if scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise DeskError("hub_url_insecure", url=raw)
    return raw.rstrip("/")


def in_clear(url: str) -> bool:
    """Whether requests to ``url`` would cross a network unencrypted (warn staff)."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() == "http" and not is_loopback(parts.hostname or "")
