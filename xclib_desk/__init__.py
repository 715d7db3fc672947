"""xclib-desk: offline-first desk client and district hub for library service points."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xclib-desk")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"
