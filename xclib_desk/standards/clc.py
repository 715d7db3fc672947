"""Chinese Library Classification (中国图书馆分类法, 5th ed.) class-number grammar.

Main classes are the 22 letters A-Z without L, M, W, Y; T subdivides into two-letter classes.
Digits after the letters are grouped by a dot every three (``K837.125.6``). Auxiliary
notations (``-`` ``()`` ``=`` ``""`` ``<>`` ``:`` ``+`` ``[]`` ``{}``) may follow a class.
"""

from __future__ import annotations

import re

from ..errors import DeskError, Text

MAIN_CLASSES = frozenset("ABCDEFGHIJKNOPQRSTUVXZ")
T_SUBCLASSES = frozenset(
    ["TB", "TD", "TE", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TP", "TQ", "TS", "TU", "TV"]
)

_DIGITS = r"\d{1,3}(?:\.\d{1,3})*"
# one class: letters, optional grouped digits, then any auxiliary notations
_NUM = r"\d+(?:\.\d+)*"
_AUX = (
    rf"(?:-{_NUM}|\({_NUM}\)|={_NUM}|\"{_NUM}\"|<{_NUM}>|\[{_NUM}\]"  # -()= "" <> []
    r"|\{[^{}]+\})"  # {} keeps free text
)
_CLASS = rf"(?P<letters>[A-Z]{{1,2}})(?P<digits>{_DIGITS})?(?:{_AUX})*"
_ONE = re.compile(rf"^{_CLASS}$")


#: the detail of digits not grouped in threes
_DOTS = Text("数字应每三位加一个点", "the digits need a dot after every three")


def validate_clc(raw: str) -> str:
    """Return the normalised class number or raise ``bad_clc`` naming the broken part."""
    value = raw.strip().upper().replace("．", ".").replace("（", "(").replace("）", ")")
    if not value:
        raise DeskError("bad_clc", value=raw, detail=Text("空值", "empty"))
    # ':' and '+' join classes (relations, combinations); each part must be a class itself
    for part in re.split(r"[:+]", value):
        _check_one(raw, part)
    return value


def _check_one(raw: str, part: str) -> None:
    m = _ONE.match(part)
    if not m:
        detail = Text(f"“{part}” 不是有效的类号", f"'{part}' is not a class")
        raise DeskError("bad_clc", value=raw, detail=detail)
    letters = m.group("letters")
    if letters[0] not in MAIN_CLASSES:
        detail = Text(f"没有 {letters[0]} 大类", f"there is no main class {letters[0]}")
        raise DeskError("bad_clc", value=raw, detail=detail)
    if len(letters) == 2 and (letters[0] != "T" or letters not in T_SUBCLASSES):
        detail = Text(f"没有 {letters} 二级类", f"there is no class {letters}")
        raise DeskError("bad_clc", value=raw, detail=detail)
    digits = m.group("digits")
    if digits and "." in digits and any(len(g) != 3 for g in digits.split(".")[:-1]):
        raise DeskError("bad_clc", value=raw, detail=_DOTS)
    if digits and "." not in digits and len(digits) > 3:
        raise DeskError("bad_clc", value=raw, detail=_DOTS)


def top_class(clc: str) -> str:
    """The top class for statistics: ``TP`` for ``TP311.1``, ``I`` for ``I247.57``."""
    if clc.startswith("T") and clc[:2] in T_SUBCLASSES:
        return clc[:2]
    return clc[:1]
