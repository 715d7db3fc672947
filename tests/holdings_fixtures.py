"""MARC files written by the tests themselves: ISO 2709 (any encoding) and MARCXML.

The ISO 2709 writer is deliberately independent of pymarc's writer (which only writes UTF-8
or Latin-1) so GB18030 files and broken records can be made byte by byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

FT, RT, SF = b"\x1e", b"\x1d", b"\x1f"

#: a field: (tag, data) for control fields, (tag, indicators, [(code, value), ...]) otherwise
Field = tuple[str, str] | tuple[str, str, Sequence[tuple[str, str]]]


def iso2709(fields: Sequence[Field], encoding: str = "utf-8", leader9: str = " ") -> bytes:
    """One record; leader position 9 is ``a`` for UTF-8 in MARC21 practice, blank in CNMARC."""
    body = b""
    directory = b""
    for f in fields:
        if len(f) == 2:
            data = f[1].encode(encoding) + FT
        else:
            _tag, ind, subs = f
            data = (
                ind.encode("ascii")
                + b"".join(SF + c.encode("ascii") + v.encode(encoding) for c, v in subs)
                + FT
            )
        directory += f[0].encode("ascii") + b"%04d%05d" % (len(data), len(body))
        body += data
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    leader = b"%05dnam %s22%05d   450 " % (length, leader9.encode("ascii"), base)
    assert len(leader) == 24
    return leader + directory + FT + body + RT


def cnmarc(
    title: str,
    *,
    isbn: str | None = None,
    author: str = "",
    publisher: str = "人民文学出版社",
    year: str = "2018",
    clc: str | None = "I247.57",
    price: str = "CNY39.00",
    copies: Sequence[tuple[str, str]] = (),
    control: str = "012018000001",
) -> list[Field]:
    """A CNMARC record; ``copies`` are (barcode, book number) pairs in 905 $b / $e."""
    fields: list[Field] = [("001", control)]
    if isbn is not None:
        fields.append(("010", "  ", [("a", isbn), ("d", price)]))
    subs = [("a", title)] + ([("f", author)] if author else [])
    fields.append(("200", "1 ", subs))
    fields.append(("210", "  ", [("a", "北京"), ("c", publisher), ("d", year)]))
    fields.append(("215", "  ", [("a", "320页")]))
    if clc is not None:
        fields.append(("690", "  ", [("a", clc), ("v", "5")]))
    if author:
        fields.append(("701", " 0", [("a", author.removesuffix("著").strip()), ("4", "著")]))
    for barcode, book in copies:
        fields.append(("905", "  ", [("a", "XJK"), ("b", barcode), ("e", book)]))
    return fields


def marc21(
    title: str,
    *,
    isbn: str | None = None,
    author: str = "",
    publisher: str = "Penguin",
    year: str = "2019",
    clc: str | None = None,
    copies: Sequence[tuple[str, str]] = (),
) -> list[Field]:
    fields: list[Field] = [("001", "m21-" + title[:8])]
    if isbn is not None:
        fields.append(("020", "  ", [("a", isbn + " (pbk.)"), ("c", "$18.00")]))
    if clc:
        fields.append(("093", "  ", [("a", clc)]))
    if author:
        fields.append(("100", "1 ", [("a", author + ",")]))
    fields.append(("245", "10", [("a", title + " /"), ("c", author + ".")]))
    fields.append(("264", " 1", [("a", "London :"), ("b", publisher + ","), ("c", year + ".")]))
    for barcode, book in copies:
        fields.append(("905", "  ", [("b", barcode), ("e", book)]))
    return fields


def marcxml(records: Sequence[Sequence[Field]], encoding: str = "utf-8") -> bytes:
    out = [f'<?xml version="1.0" encoding="{encoding}"?>',
           '<collection xmlns="http://www.loc.gov/MARC21/slim">']  # fmt: skip
    for rec in records:
        out.append("  <record>")
        out.append("    <leader>00000nam a2200000   4500</leader>")
        for f in rec:
            if len(f) == 2:
                out.append(f'    <controlfield tag="{f[0]}">{escape(f[1])}</controlfield>')
            else:
                tag, ind, subs = f
                out.append(f'    <datafield tag="{tag}" ind1="{ind[0]}" ind2="{ind[1]}">')
                for c, v in subs:
                    out.append(f'      <subfield code="{c}">{escape(v)}</subfield>')
                out.append("    </datafield>")
        out.append("  </record>")
    out.append("</collection>")
    return ("\n".join(out) + "\n").encode(encoding)
