"""xclib-desk: offline-first desk client and district hub for library service points.

``__version__`` is read from the installed distribution when first asked for: reading it
loads ``importlib.metadata`` (about 35 ms), which a verb handed to the resident desk never
needs (:mod:`xclib_desk.resident`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common.lazy import lazy

if TYPE_CHECKING:
    from importlib import metadata
else:
    metadata = lazy("importlib.metadata")

#: the installed distribution's version ("0.0.0+src" in a source tree), read on first use
__version__: str


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        found = metadata.version("xclib-desk")
    except metadata.PackageNotFoundError:  # running from a source tree
        found = "0.0.0+src"
    globals()["__version__"] = found
    return found
