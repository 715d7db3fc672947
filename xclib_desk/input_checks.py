"""Input checks every part shares (desk services, the MARC batch checks, the hub's import).

Free text (titles, names, notes) is trimmed, must be printable and bounded; an ISBN must be one.
A refusal is a ``DeskError`` whose message names the field, in the user's language.
"""

from __future__ import annotations

from typing import Any

from .common.isbn import normalise_isbn
from .errors import DeskError


def clean_text(raw: Any, *, field_name: str, max_len: int, required: bool = True) -> str | None:
    """Trim, reject control characters and overlong values; the message names the field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise DeskError("bad_input", detail=f"{field_name} 不能为空 / is required")
        return None
    if not isinstance(raw, str):
        raise DeskError("bad_input", detail=f"{field_name} 应为文本 / must be text")
    value = " ".join(raw.split())
    if any(not ch.isprintable() for ch in value):
        raise DeskError("bad_input", detail=f"{field_name} 含有不可见字符 / has control characters")
    if len(value) > max_len:
        raise DeskError(
            "bad_input", detail=f"{field_name} 超过 {max_len} 个字符 / longer than {max_len}"
        )
    return value


def valid_isbn(raw: str) -> str:
    """``raw`` as ISBN-13 digits (:func:`common.isbn.normalise_isbn`), or the ``bad_isbn``
    refusal: an ISBN typed in or imported must be one."""
    isbn = normalise_isbn(raw)
    if isbn is None:
        raise DeskError("bad_isbn", value=raw[:40])
    return isbn
