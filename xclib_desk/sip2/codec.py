"""The SIP2 2.00 wire format: one message per carriage-return-terminated frame.

A frame is a two-digit command, a fixed part whose length the command sets, then variable
fields ``XXvalue|`` (two-letter id, value, ``|``), and, with error detection, ``AYn`` (a
one-digit sequence number) and ``AZxxxx`` (a checksum) at the end. The checksum is the two's
complement of the low 16 bits of the sum of every byte up to and including ``AZ``; a receiver
adds the checksum and gets zero. We sum the bytes as they travel (the encoding is UTF-8 or
GB18030), and accept, on the way in, a checksum summed over characters or written with fewer
than four digits: both are what kiosks in the field send.

Why our own codec: of the SIP2 packages on PyPI, ``sip2`` is a client only (unmaintained since
2021) and ``pysip2`` is an alpha async server framework (anyio, msgspec) that wants to own the
socket loop; what the desk needs is forty lines of framing it can fuzz. Property tests
(tests/test_sip2_codec.py) hold it to: decode(encode(m)) == m, and no input raises anything
but :class:`FrameError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: request command -> length of its fixed part (SIP2 2.00); what the desk answers
REQUEST_FIXED: dict[str, int] = {
    "93": 2,  # login: UID algorithm, PWD algorithm
    "99": 8,  # SC status: status code, max print width, protocol version
    "23": 21,  # patron status: language, transaction date
    "63": 31,  # patron information: language, transaction date, summary
    "11": 38,  # checkout: SC renewal policy, no block, transaction date, nb due date
    "09": 37,  # checkin: no block, transaction date, return date
    "29": 38,  # renew: third party allowed, no block, transaction date, nb due date
    "65": 18,  # renew all: transaction date
    "17": 18,  # item information: transaction date
    "35": 18,  # end patron session: transaction date
    "97": 0,  # request ACS resend
}
#: SIP2 2.00 requests the desk does not serve (block patron, fee paid, hold, item status
#: update, patron enable): known, answered with "resend", never mistaken for garbage
UNSUPPORTED = frozenset({"01", "15", "19", "25", "37"})
#: responses the desk sends -> length of their fixed part, for decoding them in tests/tools
RESPONSE_FIXED: dict[str, int] = {
    "94": 1,
    "98": 34,
    "24": 35,
    "64": 59,
    "12": 22,
    "10": 22,
    "30": 22,
    "66": 27,
    "18": 24,
    "36": 19,
    "96": 0,
}
#: the longest value of a variable field, in bytes (SIP2 2.00)
FIELD_MAX = 255
#: the longest frame we read before giving up on it (the spec's fields are at most 255 bytes)
MAX_FRAME = 8192
#: the fields a request's variable part begins with (none of them can start a fixed part)
_FIRST_FIELDS = frozenset({"AO", "AA", "AB", "AP", "CN"})
_TRAILER = re.compile(r"(?:\|?AY(?P<seq>\d))?\|?AZ(?P<sum>[0-9A-Fa-f]{1,4})$")


class FrameError(ValueError):
    """A frame we cannot read: bad checksum, unknown command, too short, not text. ``reason``
    is a short code for the log."""

    def __init__(self, reason: str, command: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.command = command


@dataclass(frozen=True)
class Message:
    """One SIP2 message: command, fixed part, variable fields in order, sequence number."""

    command: str
    fixed: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    seq: int | None = None
    checked: bool = False  # whether the frame carried a checksum (answer with one too)

    def get(self, code: str, default: str = "") -> str:
        for k, v in self.fields:
            if k == code:
                return v
        return default

    def has(self, code: str) -> bool:
        return any(k == code for k, _ in self.fields)

    def all(self, code: str) -> list[str]:
        return [v for k, v in self.fields if k == code]


def checksum(data: bytes) -> str:
    """Four hex digits: two's complement of the low 16 bits of the byte sum."""
    return f"{(-sum(data)) & 0xFFFF:04X}"


def encode(msg: Message, encoding: str = "utf-8", *, error_detection: bool = False) -> bytes:
    """The frame of ``msg``, CR included. With error detection, ``AY`` (except on 96/97, which
    carry none) and ``AZ`` are added. Field values lose any ``|`` and control characters so a
    value can never break the frame."""
    body = msg.command + msg.fixed
    body += "".join(f"{k}{_clean(v, encoding)}|" for k, v in msg.fields)
    if not error_detection:
        return body.encode(encoding, errors="replace") + b"\r"
    if msg.command not in ("96", "97"):
        body += f"AY{(msg.seq or 0) % 10}"
    raw = (body + "AZ").encode(encoding, errors="replace")
    return raw + checksum(raw).encode("ascii") + b"\r"


def _clean(value: str, encoding: str) -> str:
    """A value that cannot break its frame: no ``|`` or control characters, and at most the
    spec's 255 bytes (cut on a character boundary)."""
    text = "".join(c for c in value if c != "|" and c >= " " and c != "\x7f")
    raw = text.encode(encoding, errors="replace")
    if len(raw) <= FIELD_MAX:
        return text
    return raw[:FIELD_MAX].decode(encoding, errors="ignore")


def decode(frame: bytes, encoding: str = "utf-8", fixed: dict[str, int] | None = None) -> Message:
    """Read one frame (with or without its CR). Raises :class:`FrameError` only."""
    lengths = REQUEST_FIXED if fixed is None else fixed
    raw = frame.strip(b"\r\n")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise FrameError("not_text") from None
    if "\x00" in text:
        raise FrameError("not_text")
    seq: int | None = None
    checked = False
    m = _TRAILER.search(text)
    if m is not None:
        head = text[: m.start("sum")]
        if not _sum_ok(head, m.group("sum"), encoding):
            raise FrameError("bad_checksum", text[:2])
        checked = True
        seq = int(m.group("seq")) if m.group("seq") else None
        text = text[: m.start()]
    command = text[:2]
    if len(command) < 2 or not command.isdigit():
        raise FrameError("no_command")
    if command not in lengths:
        raise FrameError("unsupported" if command in UNSUPPORTED else "unknown", command)
    n = lengths[command]
    if n and text[2:4] in _FIRST_FIELDS:
        # some kiosks (and the PyPI client) leave a fixed part out, e.g. renew all's date: no
        # fixed part starts with a field id, so read the fields and leave the fixed part blank
        text = text[:2] + " " * n + text[2:]
    fixed_part = text[2 : 2 + n]
    if len(fixed_part) < n:
        raise FrameError("short", command)
    fields: list[tuple[str, str]] = []
    for piece in text[2 + n :].split("|"):
        if not piece:
            continue
        if len(piece) < 2:
            raise FrameError("bad_field", command)
        fields.append((piece[:2], piece[2:]))
    return Message(command, fixed_part, tuple(fields), seq, checked)


def _sum_ok(head: str, digits: str, encoding: str) -> bool:
    want = int(digits, 16)
    try:
        by_bytes = sum(head.encode(encoding))
    except UnicodeEncodeError:
        return False
    by_chars = sum(ord(c) for c in head)
    return (by_bytes + want) & 0xFFFF == 0 or (by_chars + want) & 0xFFFF == 0
