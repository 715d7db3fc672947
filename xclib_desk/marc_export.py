"""Writing MARC files (ISO 2709 and MARCXML; CNMARC or MARC 21; UTF-8 or GB18030): what the
desk's and the hub's ``export-marc`` share. Headless: records in, bytes out, no database.

A title becomes the record ``marc`` reads back to the same title (the round trip): the
catalogue's columns, the fields the import kept (:class:`marc.Kept`), and the copies in the
holdings field, 905 in both flavours (9XX is local in MARC 21 too): ``$a`` point, ``$b``
barcode, ``$d`` class part of the call number, ``$e`` book number. The same layout is what
``import-marc`` reads by default, so an export imports without options.

Character sets are declared as each format does: MARC 21 leader/09 ``a`` for UTF-8 (MARC 21
cannot declare GB18030: such a file is read back with ``--encoding gb18030``); CNMARC 100
$a/26-29 ``50`` for UTF-8, blank for GB18030 (no UNIMARC code exists; the import reads it with
a warning, or without one given ``--encoding gb18030``); MARCXML in its XML declaration.
Non-sorting markers are written as U+0088/U+0089 (NSB/NSE), which both encodings hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Literal
from xml.sax.saxutils import escape, quoteattr

from .errors import DeskError, one_of
from .marc import AGENT_TAGS, NSB, NSE, BibRecord, Kept, Reason, display, reason
from .marc_checks import CleanRecord

Flavour = Literal["cnmarc", "marc21"]
FLAVOURS: tuple[str, ...] = ("cnmarc", "marc21")
EXPORT_FORMATS: tuple[str, ...] = ("iso2709", "marcxml")
EXPORT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")
HOLDINGS_TAG = "905"
FT, RT, SF = b"\x1e", b"\x1d", b"\x1f"
MAX_RECORD = 99_999  # ISO 2709: five digits of record length

#: a field: (tag, data) for a control field, (tag, indicators, [(code, value), ...]) otherwise
Field = tuple[str, str] | tuple[str, str, list[tuple[str, str]]]


@dataclass(frozen=True)
class ExportCopy:
    barcode: str
    call_number: str
    point: str


@dataclass(frozen=True)
class ExportTitle:
    """A title as an export writes it: the catalogue's columns, kept fields, copies."""

    uid: str
    isbn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    language: str
    price_cents: int | None = None
    kept: Kept = field(default_factory=Kept)
    filing: str = ""
    copies: tuple[ExportCopy, ...] = ()

    @property
    def sort_key(self) -> tuple[str, str]:
        """Exports are in filing order: the title without its non-sorting part."""
        return ((self.filing or display(self.title)).casefold(), self.uid)


def _m21(value: str) -> str:
    """A MARC 21 value the import reads back unchanged: it drops one final ISBD full stop and
    trailing ISBD punctuation, so a value ending in either gets a full stop to drop."""
    return value + "." if value and value[-1] in "./:;,=" else value


def _price(cents: int | None) -> str:
    return f"CNY{cents // 100}.{cents % 100:02d}" if cents is not None else ""


def _marked(t: ExportTitle, flavour: Flavour) -> tuple[str, int]:
    """The title with its markers, and the MARC 21 non-filing count (245 second indicator)."""
    k = t.kept
    if k.title_marked:
        lead = 0
        if k.title_marked.startswith(NSB) and NSE in k.title_marked:
            lead = len(k.title_marked[1 : k.title_marked.index(NSE)])
        return k.title_marked, lead if lead <= 9 else 0
    if k.nonfiling and flavour == "cnmarc":  # MARC 21's count as CNMARC's markers
        n = k.nonfiling
        return f"{NSB}{t.title[:n]}{NSE}{t.title[n:]}", 0
    return t.title, k.nonfiling


def _split_call(call: str) -> tuple[str, str]:
    klass, _, book = call.partition("/")
    return klass, book


def _subs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(c, v) for c, v in pairs if v]


def fields_of(t: ExportTitle, flavour: Flavour, encoding: str, today: date) -> list[Field]:
    return _cnmarc(t, encoding, today) if flavour == "cnmarc" else _marc21(t, today)


def _cnmarc(t: ExportTitle, encoding: str, today: date) -> list[Field]:
    k = t.kept
    year = f"{t.year:04d}" if t.year else "    "
    sets = "50  " if encoding == "utf-8" else "    "
    lang = t.language if len(t.language) == 3 and t.language != "und" else "chi"
    f100 = f"{today:%Y%m%d}d{year}    |||y0{lang}y{sets}    ea"
    out: list[Field] = [("001", t.uid), ("100", "  ", [("a", f100)])]
    if t.isbn or t.price_cents is not None:
        out.append(("010", "  ", _subs(("a", t.isbn or ""), ("d", _price(t.price_cents)))))
    title, _ = _marked(t, "cnmarc")
    subs = [("a", title)] + [("d", p) for p in k.parallel] + _subs(("f", t.author))
    out.append(("200", "1 ", subs))
    if k.edition:
        out.append(("205", "  ", [("a", k.edition)]))
    if k.place or t.publisher or t.year:
        out.append(
            ("210", "  ", _subs(("a", k.place), ("c", t.publisher), ("d", str(t.year or ""))))
        )
    if k.extent or k.dimensions:
        out.append(("215", "  ", _subs(("a", k.extent), ("d", k.dimensions))))
    out += [("225", "2 ", [("a", s)]) for s in k.series]
    if k.summary:
        out.append(("330", "  ", [("a", k.summary)]))
    for other in k.other_class:
        tag, _, value = other.partition(" ")
        if tag in ("050", "082") and value:
            out.append(("680" if tag == "050" else "676", "  ", [("a", value)]))
    if t.clc:
        out.append(("690", "  ", [("a", t.clc), ("v", "5")]))
    tags = {kind: tags[0] for kind, tags in AGENT_TAGS.items()}
    agents = sorted(k.agents, key=lambda a: tags[a[0]])  # stable: names keep their order
    out += [
        (tags[kind], " 0" if "person" in kind else "02", [("a", name)]) for kind, name in agents
    ]
    out += _holdings(t)
    return out


def _marc21(t: ExportTitle, today: date) -> list[Field]:
    k = t.kept
    year = f"{t.year:04d}" if t.year else "    "
    lang = t.language if len(t.language) == 3 and t.language != "und" else "   "
    f008 = f"{today:%y%m%d}s{year}    xx " + " " * 17 + f"{lang} d"
    out: list[Field] = [("001", t.uid), ("008", f008)]
    if t.isbn or t.price_cents is not None:
        out.append(("020", "  ", _subs(("a", t.isbn or ""), ("c", _price(t.price_cents)))))
    for other in k.other_class:
        tag, _, value = other.partition(" ")
        if tag in ("050", "082") and value:
            out.append((tag, "  ", [("a", value)]))
    if t.clc:
        out.append(("084", "  ", [("a", t.clc), ("2", "clc")]))
    main: list[Field] = []
    added: list[Field] = []
    for kind, name in k.agents:
        person = kind.startswith("person")
        rel = [("4", "ctb")] if kind.endswith("2") else []
        if not main and not rel:
            main.append(("100" if person else "110", "1 " if person else "2 ", [("a", _m21(name))]))
        else:
            added.append(("700" if person else "710", "1 " if person else "2 ",
                          [("a", _m21(name)), *rel]))  # fmt: skip
    out += main
    title, skip = _marked(t, "marc21")
    out.append(
        ("245", f"{1 if main else 0}{skip}", _subs(("a", _m21(title)), ("c", _m21(t.author))))
    )
    out += [("246", "31", [("a", p)]) for p in k.parallel]
    if k.edition:
        out.append(("250", "  ", [("a", _m21(k.edition))]))
    if k.place or t.publisher or t.year:
        out.append(
            ("264", " 1", _subs(("a", k.place), ("b", _m21(t.publisher)), ("c", str(t.year or ""))))
        )
    if k.extent or k.dimensions:
        out.append(("300", "  ", _subs(("a", k.extent), ("c", _m21(k.dimensions)))))
    out += [("490", "0 ", [("a", s)]) for s in k.series]
    if k.summary:
        out.append(("520", "  ", [("a", k.summary)]))
    out += added
    out += _holdings(t)
    return out


def _holdings(t: ExportTitle) -> list[Field]:
    out: list[Field] = []
    for c in t.copies:
        klass, book = _split_call(c.call_number)
        out.append((HOLDINGS_TAG, "  ", _subs(("a", c.point), ("b", c.barcode), ("d", klass),
                                              ("e", book))))  # fmt: skip
    return out


# --- ISO 2709 --------------------------------------------------------------------------------
def iso2709(fields: list[Field], flavour: Flavour, encoding: str) -> bytes:
    """One record. Raises ``ValueError`` if it does not fit ISO 2709's lengths."""
    body = bytearray()
    directory = bytearray()
    for f in fields:
        if len(f) == 2:
            data = f[1].encode(encoding) + FT
        else:
            ind, subs = f[1], f[2]
            data = (
                ind.encode("ascii")
                + b"".join(SF + c.encode("ascii") + v.encode(encoding) for c, v in subs)
                + FT
            )
        if len(data) > 9999:
            raise ValueError(f"field {f[0]} too long")
        directory += f[0].encode("ascii") + b"%04d%05d" % (len(data), len(body))
        body += data
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    if length > MAX_RECORD:
        raise ValueError("record too long")
    if flavour == "marc21":
        leader = b"%05dnam %s22%05d i 4500" % (length, b"a" if encoding == "utf-8" else b" ", base)
    else:
        leader = b"%05dnam0 22%05d   450 " % (length, base)
    return bytes(leader + directory + FT + body + RT)


# --- MARCXML ---------------------------------------------------------------------------------
def marcxml_head(encoding: str) -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        '<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
    )


MARCXML_TAIL = "</collection>\n"


def marcxml_record(fields: list[Field], flavour: Flavour, encoding: str) -> str:
    leader = "00000nam a2200000 i 4500" if flavour == "marc21" else "00000nam0 2200000   450 "
    if flavour == "marc21" and encoding != "utf-8":
        leader = leader[:9] + " " + leader[10:]
    out = [f"  <record>\n    <leader>{leader}</leader>\n"]
    for f in fields:
        if len(f) == 2:
            out.append(f'    <controlfield tag="{f[0]}">{escape(f[1])}</controlfield>\n')
            continue
        tag, ind, subs = f
        out.append(
            f'    <datafield tag="{tag}" ind1={quoteattr(ind[0])} ind2={quoteattr(ind[1])}>\n'
        )
        out += [f"      <subfield code={quoteattr(c)}>{escape(v)}</subfield>\n" for c, v in subs]
        out.append("    </datafield>\n")
    out.append("  </record>\n")
    return "".join(out)


@dataclass
class ExportResult:
    records: int = 0
    items: int = 0
    skipped: list[tuple[str, Reason]] = field(default_factory=list)  # (uid, why)


def write(
    out: IO[bytes],
    titles: Iterable[ExportTitle],
    *,
    fmt: str = "iso2709",
    flavour: str = "cnmarc",
    encoding: str = "utf-8",
    today: date,
) -> ExportResult:
    """Write ``titles`` (in the order given) to ``out``; a record that cannot be written (too
    long for ISO 2709, a character the encoding lacks) is left out and named in the result."""
    check_options(fmt, flavour, encoding)
    fl: Flavour = "marc21" if flavour == "marc21" else "cnmarc"
    result = ExportResult()
    if fmt == "marcxml":
        out.write(marcxml_head(encoding).encode(encoding))
    for t in titles:
        fields = fields_of(t, fl, encoding, today)
        try:
            if fmt == "marcxml":
                data = marcxml_record(fields, fl, encoding).encode(encoding)
            else:
                data = iso2709(fields, fl, encoding)
        except UnicodeEncodeError:
            why = reason("marc_export_unencodable", title=t.title[:60], encoding=encoding.upper())
            result.skipped.append((t.uid, why))
            continue
        except ValueError:
            result.skipped.append((t.uid, reason("marc_export_too_long", title=t.title[:60])))
            continue
        out.write(data)
        result.records += 1
        result.items += len(t.copies)
    if fmt == "marcxml":
        out.write(MARCXML_TAIL.encode(encoding))
    return result


def check_options(fmt: str, flavour: str, encoding: str) -> None:
    """Refuse an unknown format, flavour or encoding before anything is read or written."""
    for name, value, allowed in (
        ("format", fmt, EXPORT_FORMATS),
        ("flavour", flavour, FLAVOURS),
        ("encoding", encoding, EXPORT_ENCODINGS),
    ):
        if value not in allowed:
            raise DeskError("bad_input", detail=one_of(name, allowed), field=name)


def ordered(titles: Iterable[ExportTitle]) -> Iterator[ExportTitle]:
    return iter(sorted(titles, key=lambda t: t.sort_key))


def from_record(uid: str, clean: CleanRecord, rec: BibRecord, point: str = "") -> ExportTitle:
    """The title an import of ``rec`` makes (its checked fields, kept fields and copies as
    read): what an export of it writes. For checks of the round trip without a database."""
    return ExportTitle(
        uid=uid,
        isbn=clean.isbn,
        title=clean.title,
        author=clean.author,
        publisher=clean.publisher,
        year=clean.year,
        clc=clean.clc,
        language=clean.language,
        price_cents=rec.price_cents if rec.copies else None,
        kept=Kept.from_json(clean.marc),
        filing=clean.filing,
        copies=tuple(ExportCopy(c.barcode, c.call_number, point) for c in rec.copies),
    )
