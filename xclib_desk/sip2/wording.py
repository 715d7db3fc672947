"""What a kiosk's screen says (SIP2 ``AF``), in the kiosk's language.

Services return data and raise coded refusals; here they become one short line. A refusal's
words come from ``errors.MESSAGES`` (the same sentence the desk shows); the few lines that are
no refusal (a loan done, where a return must go) are below.
"""

from __future__ import annotations

from datetime import date

from ..errors import DeskError

#: SIP2 language codes (fixed field "language") <-> our locales
SIP_LANGUAGE = {"zh": "019", "en": "001"}
FROM_SIP_LANGUAGE = {"019": "zh", "027": "zh", "001": "en", "024": "en"}

_LINES: dict[str, tuple[str, str]] = {
    "checked_out": ("借阅成功，请于 {due} 前归还。", "Borrowed; please return by {due}."),
    "checked_in": ("还书成功，谢谢。", "Returned, thank you."),
    "checked_in_late": (
        "还书成功；逾期 {days} 天，滞纳金 {fee} 元，请到服务台缴纳。",
        "Returned; {days} days late, fee {fee} CNY payable at the desk.",
    ),
    "route": (
        "本书属于{name}（{code}），请放入调拨箱，勿上架。",
        "This copy belongs to {name} ({code}): put it in the transfer bin, not on the shelf.",
    ),
    "renewed": ("续借成功，新应还日期 {due}。", "Renewed; now due {due}."),
    "renewed_all": (
        "续借 {done} 册，未续借 {left} 册。",
        "{done} renewed, {left} not renewed.",
    ),
    "welcome": ("{name}，您好。", "Hello, {name}."),
    "goodbye": ("谢谢使用，再见。", "Thank you, goodbye."),
    "unavailable": (
        "暂时无法办理，请稍后再试或到服务台。",
        "Not possible just now; try again later or see the desk.",
    ),
}


def line(key: str, language: str, **params: object) -> str:
    zh, en = _LINES[key]
    return (en if language == "en" else zh).format(**params)


def refusal(err: DeskError, language: str) -> str:
    """A refusal as one screen line (no newlines: a kiosk shows AF as it is)."""
    return " ".join(err.message(language).split())


def due(day: date, language: str) -> str:
    return day.isoformat() if language == "en" else f"{day.year}年{day.month}月{day.day}日"


def money(cents: int) -> str:
    return f"{cents / 100:.2f}"
