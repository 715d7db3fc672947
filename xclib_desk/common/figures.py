"""The year's figures as plain tables, as the desk's and the hub's statistics both give them.

A :class:`Table` is what a statistics function returns and an export or a front end shows:
a name, a header and rows of plain values. Years are Beijing years, checked by
:func:`parse_year` the same way at both ends; each end turns its ``ValueError`` into its own
refusal (the desk's ``DeskError``, the hub's HTTP 422).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: the class key of copies and loans without a CLC number (shown as 未分类 / unclassified)
UNCLASSIFIED = "未分类 unclassified"
#: years a report may ask for
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[list[Any]]


def parse_year(raw: int | str) -> int:
    """A report's year as a number; ``ValueError`` (with a bilingual reason) if it is none or
    implausible."""
    try:
        y = int(str(raw).strip())
    except ValueError:
        raise ValueError("年份应为数字 / year must be a number") from None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValueError(f"年份 {y} 不合理 / implausible year")
    return y
