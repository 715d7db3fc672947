"""Reading MARC files (ISO 2709 and MARCXML; CNMARC and MARC21; UTF-8 and GB18030/GBK).

Headless: parsing only, no database. Every record comes back either as a :class:`BibRecord`
(the fields the desk catalogues) or as a :class:`BadRecord` naming its position and the
reason, so one broken record never stops a file.

ISO 2709 files are cut into records here, by the record length in each leader and the record
terminator (0x1D), so every record's byte offset is known and a bad leader or a truncated
record is reported and skipped; pymarc then decodes each record (``force_utf8=True`` for
UTF-8, ``file_encoding='gb18030'`` for GB18030/GBK, which GB18030 contains).

Encoding ``auto``: a leader with position 9 = ``a`` declares UTF-8 (MARC21) and is held to it;
otherwise (CNMARC leaves it blank) the record is tried as UTF-8, then as GB18030.

Fields read (pymarc's MARC21 accessors such as ``.title`` do not apply to CNMARC):

============ ===================================== =========================================
              CNMARC                                MARC21
============ ===================================== =========================================
ISBN, price   010 $a, $d (``CNY39.00``)             020 $a, $c
title         200 $a (+ $h $i part number/name)      245 $a $b (+ $n $p)
responsibility 200 $f, else 701/702 $a               245 $c, else 100/700 $a
publication   210 $c publisher, $d year             264 (or 260) $b, $c
extent        215 $a                                300 $a
CLC           690 $a                                093 $a, or 084 $a (with $2 clc / none)
other class   -                                     050 $a (LCC), 082 $a (DDC), kept as notes
names         701/702 $a                            100/700 $a
============ ===================================== =========================================

Holdings (one copy per barcode) come from field 905 by default, as Chinese systems record
local holdings: ``$a`` holding library, ``$b`` barcode (repeatable: several copies), ``$d``
class part of the call number (defaults to the record's CLC), ``$e`` book number (种次号 or
author number); the call number is ``$d/$e``. The tag and subfield codes are configurable
(:class:`HoldingsSpec`) for systems that use another field.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import threading
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from xml.sax.handler import feature_namespaces
from xml.sax.xmlreader import Locator

import pymarc
from pymarc.marc8 import MARC8ToUnicode
from pymarc.marcxml import XmlHandler

from .errors import DeskError, Phrase, current_locale, json_param, render

Format = Literal["auto", "iso2709", "marcxml"]
ENCODINGS: tuple[str, ...] = (
    "auto", "utf-8", "gb18030", "marc-8", "cp1251", "koi8-r", "iso8859-5", "cp866"
)  # fmt: skip
FORMATS: tuple[str, ...] = ("auto", "iso2709", "marcxml")
RECORD_END = b"\x1d"
_ALIASES = {
    "utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030",
    "marc8": "marc-8", "windows-1251": "cp1251", "koi8r": "koi8-r", "iso-8859-5": "iso8859-5",
}  # fmt: skip


@dataclass(frozen=True)
class HoldingsSpec:
    """Where copies are recorded: tag and subfield codes (defaults: 905 $b $d $e)."""

    tag: str = "905"
    barcode: str = "b"
    call_class: str = "d"
    call_book: str = "e"

    @classmethod
    def parse(cls, raw: str | None) -> HoldingsSpec:
        """``905`` or ``905$b$d$e`` (tag, then barcode, class and book-number subfields)."""
        if not raw:
            return cls()
        parts = [p for p in raw.strip().split("$")]
        tag = parts[0].strip()
        codes = [p.strip() for p in parts[1:]]
        if not re.fullmatch(r"\d{3}", tag) or tag < "010" or len(codes) not in (0, 3):
            raise ValueError(raw)
        if any(len(c) != 1 or not c.isalnum() for c in codes):
            raise ValueError(raw)
        return cls(tag, *codes) if codes else cls(tag)


@dataclass(frozen=True)
class Copy:
    barcode: str
    call_number: str


@dataclass(frozen=True)
class Position:
    """Where a record is: its number in the file (from 1), byte offset or line when known."""

    number: int
    offset: int | None = None
    line: int | None = None

    def text(self, locale: str | None = None) -> str:
        """``第 3 条记录，字节 1024`` / ``record 3, byte 1024`` (``locale``: zh or en)."""
        where = render("marc_at_record", {"number": self.number}, locale)
        if self.offset is not None:
            where += render("marc_at_byte", {"offset": self.offset}, locale)
        if self.line is not None:
            where += render("marc_at_line", {"line": self.line}, locale)
        return where


@dataclass(frozen=True)
class Reason:
    """Why a record or a copy was not taken: a stable code (``errors.MESSAGES``, the table
    ``DeskError`` uses) and its parameters, so a report reads in whichever language it is shown
    in. A parameter may itself be a ``Reason`` (a copy refused by a holdings rule)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # as ``DeskError.names``

    @classmethod
    def of(cls, e: DeskError) -> Reason:
        return cls(e.code, dict(e.params), dict(e.names))

    def text(self, locale: str | None = None) -> str:
        loc = locale or current_locale()
        args = {k: v.text(loc) if isinstance(v, Reason) else v for k, v in self.params.items()}
        return render(self.code, args, loc, self.names)

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """code, message in ``locale``, parameters (a nested reason as its own dict)."""
        params = {
            k: v.to_dict(locale) if isinstance(v, Reason) else json_param(v, locale)
            for k, v in self.params.items()
        }
        return {"code": self.code, "message": self.text(locale), "params": params}


def reason(code: str, /, **params: Any) -> Reason:
    return Reason(code, params)


#: the kinds of name a record carries, CNMARC tag / MARC 21 tag (and relator for the second)
AGENT_TAGS = {
    "person": ("701", "100"),  # main responsibility (MARC 21: 100, more in 700)
    "person2": ("702", "700"),  # secondary (MARC 21: 700 $4 ctb)
    "org": ("711", "110"),
    "org2": ("712", "710"),
}


@dataclass(frozen=True)
class Kept:
    """Descriptive fields kept with a title for export, beyond the catalogue's own columns:
    what a record brings in and an export gives back, unchanged."""

    title_marked: str = ""  # the title with its NSB/NSE markers, when it has any
    nonfiling: int = 0  # MARC 21 245 second indicator, when the title has no markers
    parallel: tuple[str, ...] = ()  # 200 $d / 246 31 $a
    edition: str = ""  # 205 $a / 250 $a
    place: str = ""  # 210 (214) $a / 264 (260) $a
    extent: str = ""  # 215 $a / 300 $a
    dimensions: str = ""  # 215 $d / 300 $c
    series: tuple[str, ...] = ()  # 225 $a / 490 $a
    summary: str = ""  # 330 $a / 520 $a
    agents: tuple[tuple[str, str], ...] = ()  # (kind of AGENT_TAGS, name)
    other_class: tuple[str, ...] = ()  # MARC 21 050 / 082 as "050 PS3545"

    def to_json(self) -> dict[str, Any]:
        """Only the fields set: an empty ``Kept`` is ``{}``."""
        out: dict[str, Any] = {}
        for name in KEPT_FIELDS:
            v = getattr(self, name)
            if v:
                out[name] = (
                    [list(a) for a in v]
                    if name == "agents"
                    else list(v)
                    if isinstance(v, tuple)
                    else v
                )
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Kept:
        d = dict(data or {})
        args: dict[str, Any] = {}
        for name in KEPT_FIELDS:
            if name not in d:
                continue
            v = d[name]
            if name == "agents":
                args[name] = tuple((str(k), str(n)) for k, n in v)
            elif name in ("parallel", "series", "other_class"):
                args[name] = tuple(str(x) for x in v)
            elif name == "nonfiling":
                args[name] = int(v)
            else:
                args[name] = str(v)
        return cls(**args)


KEPT_FIELDS = tuple(Kept.__dataclass_fields__)


@dataclass(frozen=True)
class BibRecord:
    position: Position
    flavour: Literal["cnmarc", "marc21"]
    encoding: str
    control: str  # 001
    isbn: str
    title: str
    author: str
    publisher: str
    year: str
    extent: str
    clc: str
    price_cents: int | None
    names: tuple[str, ...] = ()
    other_class: tuple[str, ...] = ()
    copies: tuple[Copy, ...] = field(default=())
    kept: Kept = field(default_factory=Kept)
    warnings: tuple[Reason, ...] = ()  # how the record was read, for the report (charset)

    @property
    def filing_title(self) -> str:
        """The title as it sorts: without its non-sorting part."""
        return filing(self.kept.title_marked or self.title, self.kept.nonfiling)


@dataclass(frozen=True)
class BadRecord:
    position: Position
    reason: Reason


Parsed = BibRecord | BadRecord


# --- ISO 2709 --------------------------------------------------------------------------------
def split_iso2709(data: bytes) -> Iterator[tuple[Position, bytes | None, Reason | None]]:
    """Cut a file into records by leader length and terminator; bad pieces get a reason."""
    pos, number, size = 0, 0, len(data)
    while pos < size:
        while pos < size and data[pos] in b"\r\n\t \x1a\x00":
            pos += 1  # line breaks or padding between records, an MS-DOS end-of-file mark
        if pos >= size:
            return
        number += 1
        where = Position(number, pos)
        end = data.find(RECORD_END, pos)
        head = data[pos : pos + 5]
        if not head.isdigit() or int(head) < 26 or not data[pos + 12 : pos + 17].isdigit():
            yield where, None, reason("marc_bad_leader")
            pos = end + 1 if end >= 0 else size
            continue
        length = int(head)
        if pos + length > size:
            yield where, None, reason("marc_truncated", length=length, left=size - pos)
            return
        chunk = data[pos : pos + length]
        if not chunk.endswith(RECORD_END):
            yield where, None, reason("marc_length_mismatch")
            pos = end + 1 if end >= 0 else size
            continue
        yield where, chunk, None
        pos += length


# --- character sets ---------------------------------------------------------------------------
#: internal form of the non-sorting markers (ISO 6630 NSB/NSE as Unicode C1 controls)
NSB, NSE = "\x88", "\x89"
#: the other spellings met in real files: 7-bit escapes ESC H / ESC I, and the C1 pair
#: START OF STRING / STRING TERMINATOR some MARC 21 Unicode systems write
_MARKER_FORMS = (("\x1bH", NSB), ("\x1bI", NSE), ("\x98", NSB), ("\x9c", NSE))
_NON_SORT = re.compile("\x88[^\x89]*\x89")

#: UNIMARC/CNMARC 100 $a/26-33 character set codes (UNIMARC Appendix J) this desk cannot read:
#: there is no codec for them, so such a record is refused with the code it declares
_ISO_SETS = {
    "02": "ISO-IR 37 (basic Cyrillic)",
    "03": "ISO 5426 (extended Latin)",
    "04": "ISO 5427 (extended Cyrillic)",
    "05": "ISO 5428 (Greek)",
    "06": "ISO 6438 (African)",
    "07": "ISO 10586 (Georgian)",
    "08": "ISO 8957 (Hebrew)",
    "09": "ISO 8957 (Hebrew)",
    "11": "ISO 5426-2 (Latin)",
}
#: what the user may choose beside ``auto``: the two the district writes, MARC-8 (MARC 21), and
#: the single-byte Cyrillic code pages suppliers of Russian records use
SINGLE_BYTE = ("cp1251", "koi8-r", "iso8859-5", "cp866")


def _nsb_bytes(e: UnicodeError) -> tuple[str, int]:
    """A lone 0x88/0x89 byte in UTF-8 data is an NSB/NSE written as a raw C1 byte."""
    if isinstance(e, UnicodeDecodeError) and e.object[e.start : e.start + 1] in (b"\x88", b"\x89"):
        return chr(e.object[e.start]), e.start + 1
    raise e


codecs.register_error("xclib-marc-nsb", _nsb_bytes)


def markers(value: str) -> str:
    """Every spelling of NSB/NSE in the internal one (U+0088/U+0089)."""
    if "\x1b" in value or "\x98" in value or "\x9c" in value:
        for form, canon in _MARKER_FORMS:
            value = value.replace(form, canon)
    return value


def display(value: str) -> str:
    """A value as people read it: the non-sorting markers removed, their text kept."""
    return value.replace(NSB, "").replace(NSE, "") if NSB in value or NSE in value else value


def filing(value: str, skip: int = 0) -> str:
    """The filing (sorting) form: the text between NSB and NSE left out, or the first ``skip``
    characters (MARC 21 245 second indicator) when the value has no markers."""
    if NSB in value:
        return " ".join(display(_NON_SORT.sub("", value)).split())
    return display(value)[skip:] if 0 < skip < len(value) else display(value)


class _Marc8Error(Exception):
    """pymarc's MARC-8 converter reported a byte it cannot map (it writes to stderr)."""


_MARC8_LOCK = threading.Lock()


def marc8_decode(raw: bytes) -> str:
    """MARC-8 (ANSEL, EACC and the other MARC-8 sets) through pymarc's converter; NSB/NSE
    bytes, which the converter drops, are kept. Raises ``_Marc8Error`` on any byte pymarc
    reports as unmappable instead of letting it become a blank."""
    if not any(b >= 0x80 or b == 0x1B for b in raw):
        return raw.decode("ascii")
    conv = MARC8ToUnicode()
    pieces = re.split(rb"([\x88\x89])", raw)
    out: list[str] = []
    with _MARC8_LOCK, contextlib.redirect_stderr(io.StringIO()) as err:
        for piece in pieces:
            if piece in (b"\x88", b"\x89"):
                out.append(chr(piece[0]))
            elif piece:
                try:
                    out.append(conv.translate(piece))  # type: ignore[no-untyped-call]
                except (IndexError, TypeError, KeyError, ValueError) as e:
                    raise _Marc8Error(str(e)) from None
    complaint = err.getvalue()
    if complaint:
        raise _Marc8Error(complaint.splitlines()[0])
    return "".join(out)


@dataclass(frozen=True)
class _Raw:
    """A record cut into its fields, values still bytes: what the character set is chosen on."""

    leader: str
    fields: list[tuple[str, bytes]]

    def tags(self) -> set[str]:
        return {t for t, _ in self.fields}

    def first(self, tag: str) -> bytes:
        return next((d for t, d in self.fields if t == tag), b"")


def _raw_fields(chunk: bytes) -> _Raw:
    leader = chunk[:24].decode("ascii")
    base = int(leader[12:17])
    directory = chunk[24 : base - 1]
    if len(directory) % 12 or base > len(chunk):
        raise ValueError("directory")
    fields: list[tuple[str, bytes]] = []
    for i in range(0, len(directory), 12):
        entry = directory[i : i + 12]
        tag = entry[:3].decode("ascii")
        length, start = int(entry[3:7]), int(entry[7:12])
        data = chunk[base + start : base + start + length]
        if len(data) != length:
            raise ValueError("field")
        fields.append((tag, data.rstrip(b"\x1e")))
    return _Raw(leader, fields)


def _flavour(raw: _Raw) -> str:
    tags = raw.tags()
    return "cnmarc" if "200" in tags and "245" not in tags else "marc21"


def _unimarc_sets(raw: _Raw) -> list[str]:
    """100 $a/26-33: the G0, G1 and two additional character set codes (blanks dropped)."""
    f100 = raw.first("100")
    i = f100.find(b"\x1fa")
    if i < 0:
        return []
    value = f100[i + 2 :].split(b"\x1f")[0]
    part = value[26:34].decode("ascii", errors="replace")
    return [c for c in (part[j : j + 2] for j in range(0, len(part), 2)) if c.strip(" |#")]


def _raw_body(raw: _Raw) -> bytes:
    return b"".join(d for _, d in raw.fields)


def _decodes(body: bytes, encoding: str) -> int | None:
    """None when ``body`` is clean ``encoding``, else the offset of the first bad byte."""
    try:
        if encoding == "marc-8":
            marc8_decode(body)
        else:
            body.decode(encoding, "xclib-marc-nsb" if encoding == "utf-8" else "strict")
    except UnicodeDecodeError as e:
        return e.start
    except _Marc8Error:
        return _first_high(body)
    return None


def _first_high(body: bytes) -> int:
    return next((i for i, b in enumerate(body) if b >= 0x80), 0)


#: the MARC 21 fields this desk reads (a MARC-8 fault elsewhere, e.g. in an 880, drops only
#: that field, with a warning)
READ_TAGS = frozenset(
    [
        "001",
        "020",
        "050",
        "082",
        "084",
        "093",
        "100",
        "110",
        "111",
        "245",
        "246",
        "250",
        "260",
        "264",
        "300",
        "490",
        "520",
        "700",
        "710",
        "905",
        "906",
    ]
)


def _marc8_failures(raw: _Raw) -> list[tuple[str, str]]:
    """(tag, pymarc's complaint) of every field whose values are not clean MARC-8."""
    out: list[tuple[str, str]] = []
    for tag, data in raw.fields:
        for value in data.split(b"\x1f"):
            try:
                marc8_decode(value)
            except _Marc8Error as e:
                out.append((tag, str(e)))
                break
    return out


def suggest(body: bytes) -> str:
    """The encoding a refused record most likely is in, for the refusal's advice only (never
    used to read it): UTF-8 or GB18030 when clean and Chinese, else the Cyrillic code page whose
    reading is most Cyrillic."""
    if _decodes(body, "utf-8") is None:
        return "utf-8"
    if _decodes(body, "gb18030") is None:
        text = body.decode("gb18030")
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if han * 2 >= sum(1 for ch in text if ord(ch) > 127):
            return "gb18030"
    best, score = "", 0.0
    high = sum(1 for b in body if b >= 0x80) or 1
    for enc in SINGLE_BYTE:
        try:
            text = body.decode(enc)
        except UnicodeDecodeError:
            continue
        cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff") / high
        if cyr > score:
            best, score = enc, cyr
    return best if score >= 0.9 else ""


def _refuse(code: str, body: bytes, **params: Any) -> Reason:
    guess = suggest(body)
    hint = Phrase("marc_hint_encoding", encoding=guess) if guess else Phrase("marc_hint_convert")
    return reason(code, hint=hint, **params)


def choose_charset(raw: _Raw, wanted: str) -> tuple[str, Reason | None, Reason | None]:
    """(encoding, warning, refusal) for one record, as the record declares it:

    - the user's choice (``wanted`` not ``auto``) wins and is held to: bad bytes refuse;
    - leader/09 ``a`` declares Unicode (UTF-8);
    - MARC 21 with leader/09 blank declares MARC-8 (read with pymarc's converter); a record
      that is not MARC-8 but is clean UTF-8 (a common mislabel) is read so, with a warning;
    - UNIMARC/CNMARC declares in 100 $a/26-33: ``50`` is ISO 10646 (UTF-8), the ISO 2022 sets
      (02-09, 11) have no reader here and refuse naming the set;
    - nothing declared (or a code this desk does not know): ASCII needs no choice; otherwise
      UTF-8, then GB18030, never silently: the report carries a warning saying which and why.
    A refusal names what was declared and how to import the record (``--encoding``)."""
    body = _raw_body(raw)
    if wanted != "auto":
        bad = _decodes(body, wanted)
        if bad is not None:
            return "", None, reason("marc_not_encoding", encoding=wanted, offset=bad)
        return wanted, None, None
    if body.isascii():
        return "utf-8", None, None
    flavour = _flavour(raw)
    if raw.leader[9] == "a":
        bad = _decodes(body, "utf-8")
        if bad is not None:
            return "", None, reason("marc_leader_not_utf8", offset=bad)
        return "utf-8", None, None
    if flavour == "marc21":
        if raw.leader[9] == " ":
            failed = _marc8_failures(raw)
            if not failed:
                return "marc-8", None, None
            if _decodes(body, "utf-8") is None:
                return "utf-8", reason("marc_marc8_was_utf8"), None
            tags = ", ".join(sorted({t for t, _ in failed}))
            if not {t for t, _ in failed} & READ_TAGS:
                return "marc-8", reason("marc_marc8_fields_dropped", tags=tags), None
            return "", None, _refuse("marc_not_marc8", body, tags=tags, detail=failed[0][1])
        declared = f"leader/09 = {raw.leader[9]!r}"
    else:
        codes = _unimarc_sets(raw)
        if "50" in codes:
            bad = _decodes(body, "utf-8")
            if bad is not None:
                return "", None, _refuse("marc_100_not_utf8", body, offset=bad)
            return "utf-8", None, None
        unreadable = [f"{c} {_ISO_SETS[c]}" for c in codes if c in _ISO_SETS]
        if unreadable:
            return "", None, _refuse("marc_100_unsupported", body, sets=", ".join(unreadable))
        declared = f"100$a/26-33 = {''.join(codes)}" if codes else "100$a/26-33"
    for enc in ("utf-8", "gb18030"):
        if _decodes(body, enc) is None:
            return (
                enc,
                reason("marc_charset_guessed", encoding=enc.upper(), declared=declared),
                None,
            )
    return "", None, _refuse("marc_unknown_encoding", body, declared=declared)


def _decode(raw: bytes, encoding: str) -> str:
    if raw.isascii():
        return raw.decode("ascii") if b"\x1b" not in raw else markers(raw.decode("ascii"))
    if encoding == "marc-8":
        text = marc8_decode(raw)
    else:
        text = raw.decode(encoding, "xclib-marc-nsb" if encoding == "utf-8" else "strict")
    return markers(text)


class Fld:
    """One field as the reader sees it: cheaper than ``pymarc.Field`` (50,000 records make a
    few hundred thousand of these) and read through the same few accessors."""

    __slots__ = ("data", "indicator1", "indicator2", "subfields", "tag")

    def __init__(
        self,
        tag: str,
        data: str | None = None,
        ind: str = "  ",
        subfields: list[tuple[str, str]] | None = None,
    ) -> None:
        self.tag, self.data = tag, data
        self.indicator1, self.indicator2 = ind[0], ind[1]
        self.subfields = subfields or []

    def is_control_field(self) -> bool:
        return self.data is not None

    def get_subfields(self, *codes: str) -> list[str]:
        return [v for c, v in self.subfields if c in codes]


class Rec:
    """A record's fields in order, with ``get_fields`` as pymarc has it."""

    __slots__ = ("by_tag", "fields", "leader")

    def __init__(self, leader: str, fields: list[Fld]) -> None:
        self.leader, self.fields = leader, fields
        self.by_tag: dict[str, list[Fld]] = {}
        for f in fields:
            self.by_tag.setdefault(f.tag, []).append(f)

    def get_fields(self, *tags: str) -> list[Fld]:
        if len(tags) == 1:
            return self.by_tag.get(tags[0], [])
        return [f for f in self.fields if f.tag in tags]

    @classmethod
    def of(cls, record: pymarc.Record) -> Rec:
        fields = [
            Fld(f.tag, data=f.data or "")
            if f.is_control_field()
            else Fld(
                f.tag,
                ind=f"{f.indicator1 or ' '}{f.indicator2 or ' '}",
                subfields=[(sf.code, sf.value) for sf in f.subfields],
            )
            for f in record.fields
        ]
        return cls(str(record.leader), fields)


def build_record(raw: _Raw, encoding: str) -> Rec:
    """The record of decoded fields (subfield values in Unicode, markers canonical); a field
    MARC-8 cannot read (``choose_charset`` warned of it) is left out."""
    skip = {t for t, _ in _marc8_failures(raw)} if encoding == "marc-8" else set()
    fields: list[Fld] = []
    for tag, data in raw.fields:
        if tag in skip:
            continue
        if tag < "010" and tag.isdigit():
            fields.append(Fld(tag, data=_decode(data, encoding)))
            continue
        parts = data.split(b"\x1f")
        ind = parts[0].decode("ascii", errors="replace").ljust(2)[:2]
        subs = [
            (p[:1].decode("ascii", errors="replace"), _decode(p[1:], encoding))
            for p in parts[1:]
            if p
        ]
        fields.append(Fld(tag, ind=ind, subfields=subs))
    return Rec(raw.leader, fields)


def decode_iso2709(
    chunk: bytes, position: Position, encoding: str = "auto", holdings: HoldingsSpec | None = None
) -> Parsed:
    try:
        raw = _raw_fields(chunk)
    except (ValueError, UnicodeDecodeError) as e:
        return BadRecord(position, reason("marc_bad_structure", error=str(e) or type(e).__name__))
    enc, warning, why = choose_charset(raw, _norm_encoding(encoding))
    if why is not None:
        return BadRecord(position, why)
    try:
        record = build_record(raw, enc)
    except (UnicodeDecodeError, _Marc8Error) as e:
        return BadRecord(
            position, reason("marc_not_encoding", encoding=enc, offset=0, error=str(e))
        )
    parsed = from_pymarc(record, position, enc, holdings)
    if warning is not None and isinstance(parsed, BibRecord):
        parsed = replace(parsed, warnings=(*parsed.warnings, warning))
    return parsed


# --- MARCXML ---------------------------------------------------------------------------------
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_ENC = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class _Handler(XmlHandler):
    """pymarc's SAX handler, remembering where each record starts."""

    def __init__(self) -> None:
        super().__init__(strict=False)  # type: ignore[no-untyped-call]
        self.found: list[tuple[Position, pymarc.Record]] = []
        self.starts: list[int] = []
        self._locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self._locator = locator

    def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
        if name[1] == "record":
            self.starts.append((self._locator.getLineNumber() if self._locator else 0) or 0)
        super().startElementNS(name, qname, attrs)  # type: ignore[no-untyped-call]

    def process_record(self, record: pymarc.Record) -> None:
        n = len(self.starts)
        self.found.append((Position(n, line=self.starts[-1] if self.starts else None), record))


def read_marcxml(
    data: bytes, encoding: str = "auto", holdings: HoldingsSpec | None = None
) -> list[Parsed]:
    """All records of a MARCXML file; a record with undecodable bytes, or the point where the
    XML breaks off (truncated or malformed), is reported and the records before it are kept.

    The character set is the XML's: the user's choice, else the declaration, else UTF-8 as XML
    requires; a file without a declaration that is not UTF-8 is read as GB18030 with a warning
    on each record (never silently)."""
    wanted = _norm_encoding(encoding)
    warning: Reason | None = None
    if wanted == "auto":
        decl = _XML_DECL.match(data)
        m = _XML_ENC.search(decl.group(0)) if decl else None
        if m:
            named = m.group(1).decode("ascii").lower()
            wanted = _ALIASES.get(named, named)
            try:
                codecs.lookup(wanted)
            except LookupError:
                wanted = "utf-8"
    if wanted == "auto":
        wanted = "utf-8"
        if not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                wanted = "gb18030"
                warning = reason(
                    "marc_charset_guessed", encoding="GB18030", declared="<?xml encoding?>"
                )
    body = data.decode("utf-8" if wanted == "marc-8" else wanted, errors="replace")
    body = _XML_DECL_TEXT.sub("", body.lstrip("\ufeff"), count=1)  # keeps line numbers
    handler = _Handler()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    out: list[Parsed] = []
    tail: BadRecord | None = None
    try:
        parser.parse(io.BytesIO(body.encode("utf-8")))
    except xml.sax.SAXParseException as e:
        tail = BadRecord(
            Position(len(handler.found) + 1, line=e.getLineNumber()),
            reason("marc_xml_broken", detail=e.getMessage()),
        )
    for position, record in handler.found:
        if any("\ufffd" in (v or "") for f in record.fields for v in _values(f)):
            out.append(BadRecord(position, reason("marc_xml_not_encoding", encoding=wanted)))
            continue
        _canonical_markers(record)
        parsed = from_pymarc(record, position, wanted, holdings)
        if warning is not None and isinstance(parsed, BibRecord):
            parsed = replace(parsed, warnings=(warning,))
        out.append(parsed)
    if tail is not None:
        out.append(tail)
    return out


def _canonical_markers(record: pymarc.Record) -> None:
    for f in record.fields:
        if f.is_control_field():
            continue
        if any("\x98" in sf.value or "\x9c" in sf.value for sf in f.subfields):
            f.subfields = [pymarc.Subfield(sf.code, markers(sf.value)) for sf in f.subfields]


def _values(f: pymarc.Field) -> list[str]:
    if f.is_control_field():
        return [f.data or ""]
    return [sf.value for sf in f.subfields]


# --- files ---------------------------------------------------------------------------------
def _norm_encoding(raw: str) -> str:
    value = raw.strip().lower()
    value = _ALIASES.get(value, value)
    if value not in ENCODINGS and value not in ("utf-16",):
        return "auto"
    return value


def detect_format(data: bytes) -> str:
    return "marcxml" if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") else "iso2709"


def read_file(
    path: Path, fmt: str = "auto", encoding: str = "auto", holdings: HoldingsSpec | None = None
) -> list[Parsed]:
    """Every record of a MARC file, good or bad, in file order."""
    data = path.read_bytes()
    kind = detect_format(data) if fmt == "auto" else fmt
    if kind == "marcxml":
        return read_marcxml(data, encoding, holdings)
    out: list[Parsed] = []
    for position, chunk, why in split_iso2709(data):
        out.append(
            decode_iso2709(chunk, position, encoding, holdings)
            if chunk is not None
            else BadRecord(position, why or reason("marc_length_mismatch"))
        )
    return out


# --- fields ----------------------------------------------------------------------------------
def _first(rec: Rec, tag: str, *codes: str) -> str:
    for f in rec.get_fields(tag):
        for value in f.get_subfields(*codes):
            if value and value.strip():
                return _clean(value)
    return ""


def _all(rec: Rec, tags: tuple[str, ...], code: str) -> list[str]:
    return [_clean(v) for f in rec.get_fields(*tags) for v in f.get_subfields(code) if v.strip()]


def _clean(value: str, keep_markers: bool = False) -> str:
    """Trim whitespace and the ISBD punctuation that ends a MARC21 subfield (`` /``, `` :``);
    the non-sorting markers go too unless ``keep_markers``."""
    text = value if keep_markers else display(value)
    return " ".join(text.split()).rstrip(" /:;,=").strip()


def _no_period(value: str) -> str:
    """MARC21 ends fields with an ISBD full stop; keep it after an initial (``Smith, J.``)."""
    if value.endswith(".") and not re.search(r"(?:^|\W)[A-Z]\.$", value):
        return value[:-1].rstrip()
    return value


def price_cents(raw: str) -> int | None:
    """``CNY39.00``, ``¥39``, ``39.00元`` -> 3900; None when there is no number."""
    m = re.search(r"(\d+(?:\.\d{1,2})?)", raw.replace(",", ""))
    if not m:
        return None
    cents = round(float(m.group(1)) * 100)
    return cents if 0 <= cents <= 10_000_000 else None


def _year(raw: str) -> str:
    m = re.search(r"(1[4-9]\d\d|20\d\d)", raw)
    return m.group(1) if m else ""


def _isbn(raw: str) -> str:
    """The number in an ISBN subfield: ``9787020002207 (pbk.)``, ``ISBN 7-02-000220-X(平装)``.
    Anything else comes back as typed, so validation can report it."""
    m = re.search(r"(?<![\dXx])[\d][\d -]{8,15}[\dXx](?![\dXx])", raw)
    if m:
        return m.group(0).strip()
    return raw.split()[0].rstrip(":;") if raw.strip() else ""


def from_pymarc(
    record: pymarc.Record | Rec,
    position: Position,
    encoding: str,
    holdings: HoldingsSpec | None = None,
) -> Parsed:
    rec = Rec.of(record) if isinstance(record, pymarc.Record) else record
    spec = holdings or HoldingsSpec()
    control = _first_control(rec)
    if rec.get_fields("245"):
        return _marc21(rec, position, encoding, control, spec)
    if rec.get_fields("200"):
        return _cnmarc(rec, position, encoding, control, spec)
    return BadRecord(position, reason("marc_no_title"))


def _first_control(rec: Rec) -> str:
    for f in rec.get_fields("001"):
        return display(f.data or "").strip()
    return ""


def copies(rec: Rec, spec: HoldingsSpec, default_class: str) -> tuple[Copy, ...]:
    """The record's copies from the holdings field; without one, the default layout in 906
    (some suppliers write local holdings there)."""
    fields = rec.get_fields(spec.tag)
    if not fields and spec == HoldingsSpec():
        fields = rec.get_fields("906")
    out: list[Copy] = []
    for f in fields:
        if f.is_control_field():
            continue
        klass = next((_clean(v) for v in f.get_subfields(spec.call_class) if v.strip()), "")
        book = next((_clean(v) for v in f.get_subfields(spec.call_book) if v.strip()), "")
        klass = klass or default_class
        call = f"{klass}/{book}" if klass and book else klass if "/" in klass else ""
        for barcode in f.get_subfields(spec.barcode):
            if barcode.strip():
                out.append(Copy(display(barcode).strip(), call))
    return tuple(out)


def _title(f: Fld, main: tuple[str, ...], parts: tuple[str, ...], sep: str) -> str:
    """The title with its markers: main subfields joined by ``sep``, parts after ". "."""
    title = sep.join(_clean(v, True) for v in f.get_subfields(*main) if display(v).strip())
    more = [_clean(v, True) for v in f.get_subfields(*parts) if display(v).strip()]
    return ". ".join([title, *more]) if more else title


def _agents(rec: Rec, flavour: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    col = 0 if flavour == "cnmarc" else 1
    if flavour == "cnmarc":
        wanted = {"700": "person", "710": "org"} | {t[0]: k for k, t in AGENT_TAGS.items()}
    else:
        wanted = {"100": "person", "700": "person", "110": "org", "710": "org", "111": "org"}
    for f in rec.get_fields(*wanted):
        kind = wanted[f.tag]
        if col and f.tag in ("700", "710") and "ctb" in f.get_subfields("4"):
            kind += "2"
        for name in f.get_subfields("a"):
            if display(name).strip():
                out.append((kind, _no_period(_clean(name)) if col else _clean(name)))
    return tuple(out)


def _cnmarc(
    rec: Rec, position: Position, encoding: str, control: str, spec: HoldingsSpec
) -> BibRecord:
    f200 = rec.get_fields("200")[0]
    marked = _title(f200, ("a",), ("h", "i"), " ")
    title = _clean(marked)
    names = _all(rec, ("701", "702"), "a")
    clc = _first(rec, "690", "a")
    pub = "210" if rec.get_fields("210") else "214"
    # UNIMARC 680 (LCC) and 676 (DDC), kept as MARC 21's 050 / 082 are
    other = tuple(f"{m21} {v}" for tag, m21 in (("680", "050"), ("676", "082"))
                  for v in _all(rec, (tag,), "a") if v)  # fmt: skip
    extent = _first(rec, "215", "a")
    kept = Kept(
        title_marked=marked if marked != title else "",
        parallel=tuple(_all(rec, ("200",), "d")),
        edition=_first(rec, "205", "a"),
        place=_first(rec, pub, "a"),
        extent=extent,
        dimensions=_first(rec, "215", "d"),
        series=tuple(_all(rec, ("225",), "a")),
        summary=_first(rec, "330", "a"),
        agents=_agents(rec, "cnmarc"),
        other_class=other,
    )
    return BibRecord(
        position=position,
        flavour="cnmarc",
        encoding=encoding,
        control=control,
        isbn=_isbn(_first(rec, "010", "a")),
        title=title,
        author=_first(rec, "200", "f") or "、".join(names),
        publisher=_first(rec, pub, "c"),
        year=_year(_first(rec, pub, "d")),
        extent=extent,
        clc=clc,
        price_cents=price_cents(_first(rec, "010", "d")),
        names=tuple(names),
        other_class=other,
        copies=copies(rec, spec, clc),
        kept=kept,
    )


def _marc21(
    rec: Rec, position: Position, encoding: str, control: str, spec: HoldingsSpec
) -> BibRecord:
    f245 = rec.get_fields("245")[0]
    marked = _no_period(_title(f245, ("a", "b"), ("n", "p"), " : "))
    title = _no_period(_clean(marked))
    names = _all(rec, ("100", "700"), "a")
    pub = "264" if rec.get_fields("264") else "260"
    clc = _first(rec, "093", "a")
    if not clc:
        for f in rec.get_fields("084"):
            source = " ".join(f.get_subfields("2")).lower()
            if not source or "clc" in source or "中图" in source:
                clc = next((_clean(v) for v in f.get_subfields("a") if v.strip()), "")
                if clc:
                    break
    other = tuple(f"{tag} {v}" for tag in ("050", "082") for v in _all(rec, (tag,), "a") if v)
    skip = f245.indicator2 if f245.indicator2 and f245.indicator2.isdigit() else "0"
    extent = _first(rec, "300", "a")
    kept = Kept(
        title_marked=marked if marked != title else "",
        nonfiling=int(skip) if marked == title else 0,
        parallel=tuple(
            _clean(v)
            for f in rec.get_fields("246")
            if f.indicator2 == "1"
            for v in f.get_subfields("a")
            if v.strip()
        ),
        edition=_no_period(_first(rec, "250", "a")),
        place=_first(rec, pub, "a"),
        extent=extent,
        dimensions=_no_period(_first(rec, "300", "c")),
        series=tuple(_all(rec, ("490",), "a")),
        summary=_first(rec, "520", "a"),
        agents=_agents(rec, "marc21"),
        other_class=other,
    )
    return BibRecord(
        position=position,
        flavour="marc21",
        encoding=encoding,
        control=control,
        isbn=_isbn(_first(rec, "020", "a")),
        title=title,
        author=_no_period(_first(rec, "245", "c") or "; ".join(names)),
        publisher=_no_period(_first(rec, pub, "b")),
        year=_year(_first(rec, pub, "c")),
        extent=extent,
        clc=clc,
        price_cents=price_cents(_first(rec, "020", "c")),
        names=tuple(names),
        other_class=other,
        copies=copies(rec, spec, clc),
        kept=kept,
    )
