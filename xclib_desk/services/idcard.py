"""Resident ID numbers (GB 11643-1999): validate, derive birth date, mask. Never stored in clear."""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ..errors import DeskError, Text


def check_id_number(raw: str, today: date | None = None) -> tuple[str, date]:
    """Return (normalised number, birth date); ``today`` is the desk's date (default: the OS's).

    The hard rules are the ISO 7064 MOD 11-2 check character and a real birth date; an area code
    missing from python-stdnum's table is accepted, because that table lags behind re-zoning.
    """
    try:
        number = ric.compact(raw)
        ric.validate(number)
    except (InvalidLength, InvalidFormat):
        detail = Text("应为18位，末位为数字或X", "18 characters, the last a digit or X")
        raise DeskError("bad_id_number", detail=detail) from None
    except InvalidChecksum:
        raise DeskError(
            "bad_id_number", detail=Text("校验位错误", "wrong check character")
        ) from None
    except InvalidComponent:
        pass  # unknown area code, or a bad birth date: checked just below
    except Exception:
        raise DeskError("bad_id_number", detail=Text("格式错误", "malformed")) from None
    try:
        birth = ric.get_birth_date(number)
    except (InvalidComponent, ValueError):
        raise DeskError(
            "bad_id_number", detail=Text("出生日期无效", "invalid birth date")
        ) from None
    if birth > (today or date.today()):
        raise DeskError(
            "bad_id_number", detail=Text("出生日期在未来", "the birth date is in the future")
        )
    return number, birth


def mask_id(number: str) -> str:
    """``110101**********123X``-style: first 4 and last 4 shown, as on receipts and screens."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
