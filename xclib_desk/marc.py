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

import io
import re
import xml.sax
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.sax.handler import feature_namespaces
from xml.sax.xmlreader import Locator

import pymarc
from pymarc.marcxml import XmlHandler

from .errors import DeskError, current_locale, json_param, render

Encoding = Literal["auto", "utf-8", "gb18030"]
Format = Literal["auto", "iso2709", "marcxml"]
ENCODINGS: tuple[str, ...] = ("auto", "utf-8", "gb18030")
FORMATS: tuple[str, ...] = ("auto", "iso2709", "marcxml")
RECORD_END = b"\x1d"
_ALIASES = {"utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030"}


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


def _choose_encoding(body: bytes, leader9: bytes, wanted: str) -> tuple[str, Reason | None]:
    if wanted != "auto":
        try:
            body.decode(wanted)
        except UnicodeDecodeError as e:
            return "", reason("marc_not_encoding", encoding=wanted, offset=e.start)
        return wanted, None
    if leader9 == b"a":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as e:
            return "", reason("marc_leader_not_utf8", offset=e.start)
        return "utf-8", None
    for enc in ("utf-8", "gb18030"):
        try:
            body.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc, None
    return "", reason("marc_unknown_encoding")


def decode_iso2709(
    chunk: bytes, position: Position, encoding: str = "auto", holdings: HoldingsSpec | None = None
) -> Parsed:
    enc, why = _choose_encoding(chunk, chunk[9:10], _norm_encoding(encoding))
    if why is not None:
        return BadRecord(position, why)
    data = chunk
    if enc != "utf-8" and chunk[9:10] == b"a":
        data = chunk[:9] + b" " + chunk[10:]  # the user's choice wins over the leader
    try:
        record = pymarc.Record(
            data=data,
            to_unicode=True,
            force_utf8=enc == "utf-8",
            file_encoding=enc,
            utf8_handling="strict",
        )
    except Exception as e:  # pymarc's structural errors: directory, base address, ...
        return BadRecord(position, reason("marc_bad_structure", error=type(e).__name__))
    return from_pymarc(record, position, enc, holdings)


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
    XML breaks off (truncated or malformed), is reported and the records before it are kept."""
    wanted = _norm_encoding(encoding)
    if wanted == "auto":
        decl = _XML_DECL.match(data)
        m = _XML_ENC.search(decl.group(0)) if decl else None
        wanted = _norm_encoding(m.group(1).decode("ascii").lower()) if m else "auto"
    if wanted == "auto":
        try:
            data.decode("utf-8")
            wanted = "utf-8"
        except UnicodeDecodeError:
            wanted = "gb18030"
    if wanted not in ("utf-8", "gb18030"):
        wanted = "utf-8"
    body = data.decode(wanted, errors="replace")
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
        else:
            out.append(from_pymarc(record, position, wanted, holdings))
    if tail is not None:
        out.append(tail)
    return out


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
def _first(rec: pymarc.Record, tag: str, *codes: str) -> str:
    for f in rec.get_fields(tag):
        for value in f.get_subfields(*codes):
            if value and value.strip():
                return _clean(value)
    return ""


def _all(rec: pymarc.Record, tags: tuple[str, ...], code: str) -> list[str]:
    return [_clean(v) for f in rec.get_fields(*tags) for v in f.get_subfields(code) if v.strip()]


def _clean(value: str) -> str:
    """Trim whitespace and the ISBD punctuation that ends a MARC21 subfield (`` /``, `` :``)."""
    return " ".join(value.split()).rstrip(" /:;,=").strip()


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
    rec: pymarc.Record, position: Position, encoding: str, holdings: HoldingsSpec | None = None
) -> Parsed:
    spec = holdings or HoldingsSpec()
    control = _first_control(rec)
    if rec.get_fields("245"):
        return _marc21(rec, position, encoding, control, spec)
    if rec.get_fields("200"):
        return _cnmarc(rec, position, encoding, control, spec)
    return BadRecord(position, reason("marc_no_title"))


def _first_control(rec: pymarc.Record) -> str:
    for f in rec.get_fields("001"):
        return (f.data or "").strip()
    return ""


def copies(rec: pymarc.Record, spec: HoldingsSpec, default_class: str) -> tuple[Copy, ...]:
    out: list[Copy] = []
    for f in rec.get_fields(spec.tag):
        if f.is_control_field():
            continue
        klass = next((_clean(v) for v in f.get_subfields(spec.call_class) if v.strip()), "")
        book = next((_clean(v) for v in f.get_subfields(spec.call_book) if v.strip()), "")
        klass = klass or default_class
        call = f"{klass}/{book}" if klass and book else klass if "/" in klass else ""
        for barcode in f.get_subfields(spec.barcode):
            if barcode.strip():
                out.append(Copy(barcode.strip(), call))
    return tuple(out)


def _cnmarc(
    rec: pymarc.Record, position: Position, encoding: str, control: str, spec: HoldingsSpec
) -> BibRecord:
    f200 = rec.get_fields("200")[0]
    title = " ".join(_clean(v) for v in f200.get_subfields("a") if v.strip())
    parts = [_clean(v) for v in f200.get_subfields("h", "i") if v.strip()]
    if parts:
        title = ". ".join([title, *parts])
    names = _all(rec, ("701", "702"), "a")
    clc = _first(rec, "690", "a")
    return BibRecord(
        position=position,
        flavour="cnmarc",
        encoding=encoding,
        control=control,
        isbn=_isbn(_first(rec, "010", "a")),
        title=title,
        author=_first(rec, "200", "f") or "、".join(names),
        publisher=_first(rec, "210", "c"),
        year=_year(_first(rec, "210", "d")),
        extent=_first(rec, "215", "a"),
        clc=clc,
        price_cents=price_cents(_first(rec, "010", "d")),
        names=tuple(names),
        copies=copies(rec, spec, clc),
    )


def _marc21(
    rec: pymarc.Record, position: Position, encoding: str, control: str, spec: HoldingsSpec
) -> BibRecord:
    f245 = rec.get_fields("245")[0]
    title = " : ".join(_clean(v) for v in f245.get_subfields("a", "b") if v.strip())
    parts = [_clean(v) for v in f245.get_subfields("n", "p") if v.strip()]
    if parts:
        title = ". ".join([title, *parts])
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
    return BibRecord(
        position=position,
        flavour="marc21",
        encoding=encoding,
        control=control,
        isbn=_isbn(_first(rec, "020", "a")),
        title=_no_period(title),
        author=_no_period(_first(rec, "245", "c") or "; ".join(names)),
        publisher=_no_period(_first(rec, pub, "b")),
        year=_year(_first(rec, pub, "c")),
        extent=_first(rec, "300", "a"),
        clc=clc,
        price_cents=price_cents(_first(rec, "020", "c")),
        names=tuple(names),
        other_class=other,
        copies=copies(rec, spec, clc),
    )
