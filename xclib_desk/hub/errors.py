"""The hub's typed refusal: a stable code, an HTTP status and a message for people.

One definition for every hub module; the HTTP layer (``api/problems.py``) turns it into a
problem body and the hub CLI into the output contract's error.
"""

from __future__ import annotations


class HubError(Exception):
    """A refusal with a stable code and an HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
