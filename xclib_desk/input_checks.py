"""Input checks every part shares (desk services, the MARC batch checks, the hub's import).

Free text (titles, names, notes) is trimmed, must be printable and bounded; an ISBN must be one.
A refusal is a ``bad_input`` ``DeskError`` whose detail names the field in the user's language.
"""

from __future__ import annotations

from typing import Any

from .common.isbn import normalise_isbn
from .errors import DeskError, Phrase


def clean_text(raw: Any, *, field: str, max_len: int, required: bool = True) -> str | None:
    """Trim, reject control characters and overlong values. ``field`` is a code of
    ``errors.FIELDS``: the refusal names it in the user's language and carries it as a
    parameter (for a front end that marks the field)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise _refused(Phrase("field_required", field=field), field)
        return None
    if not isinstance(raw, str):
        raise _refused(Phrase("field_not_text", field=field), field)
    value = " ".join(raw.split())
    if any(not ch.isprintable() for ch in value):
        raise _refused(Phrase("field_control_chars", field=field), field)
    if len(value) > max_len:
        raise _refused(Phrase("field_too_long", field=field, max_len=max_len), field)
    return value


def _refused(detail: Phrase, field: str) -> DeskError:
    return DeskError("bad_input", detail=detail, field=field)


def valid_isbn(raw: str) -> str:
    """``raw`` as ISBN-13 digits (:func:`common.isbn.normalise_isbn`), or the ``bad_isbn``
    refusal: an ISBN typed in or imported must be one."""
    isbn = normalise_isbn(raw)
    if isbn is None:
        raise DeskError("bad_isbn", value=raw[:40])
    return isbn
