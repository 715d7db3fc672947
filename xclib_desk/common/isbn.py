"""ISBNs in the one form the desk and the hub store and search: ISBN-13 digits.

A book's ISBN is printed or typed in many forms (ISBN-10, hyphens, spaces, a lower-case ``x``);
python-stdnum validates the check digit and converts. Returning ``None`` for anything that is
not an ISBN leaves the refusal to the caller: the desk answers ``bad_isbn``, a search just
reads the word another way.
"""

from __future__ import annotations

from stdnum import isbn as stdisbn


def normalise_isbn(raw: str) -> str | None:
    """Any ISBN-10/13 form (hyphens, spaces, lower-case x) -> ISBN-13 digits; ``None`` if
    ``raw`` is not a valid ISBN."""
    try:
        return str(stdisbn.to_isbn13(stdisbn.validate(raw)))
    except Exception:
        return None


def isbn10(isbn13: str) -> str | None:
    """The ISBN-10 form of an ISBN-13 (only 978- ISBNs have one), or ``None``."""
    try:
        return str(stdisbn.to_isbn10(isbn13))
    except Exception:
        return None
