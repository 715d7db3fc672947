"""How a title becomes search tokens: the one definition of what matches, desk and hub alike.

FTS5's tokenizers know neither Chinese words nor pinyin, so the text is prepared here:

- CJK characters are indexed as single-character tokens (unigrams); a Chinese fragment of any
  length, even two characters, is then a phrase query (``"红 楼"``). The trigram tokenizer would
  miss fragments shorter than three characters.
- Pinyin (pypinyin, loaded on first use by :mod:`.pinyin`) is indexed as suffixes of the
  syllable string taken at syllable boundaries, full (``hongloumeng loumeng meng``) and
  initials (``hlm lm m``), so a prefix query ``hlm*`` or ``loum*`` finds the title from any
  word start, with one index lookup.
- Codes go in their own columns so a barcode never matches a title word: ISBN-13, barcodes and
  call numbers reduced to letters and digits (``i24757n2338``), and CLC class numbers without
  dots (``i24757``), whose digit prefix is the class hierarchy (``I247`` contains ``I247.57``).

The desk writes :func:`document` into its FTS5 table (``services.search_index``); the hub's union
catalogue stores it as one text per title (``hub.catalogue``). Both rank with :data:`WEIGHTS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from . import pinyin
from .isbn import isbn10

#: CJK ideographs (basic, extension A, compatibility, extensions B+)
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK = re.compile(f"[{CJK_CLASS}]")
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
MAX_FULL = 32  # longest full-pinyin suffix token; longer queries are cut to this
MAX_INITIALS = 16
#: column weights for ranking (FTS5 bm25 at the desk, the hub's own score): title, names,
#: py_title, py_names, codes, clc
WEIGHTS = (10.0, 3.0, 6.0, 2.0, 8.0, 2.0)


def fold(raw: str) -> str:
    """Full-width to half-width, lower case: what the index and the queries compare."""
    return unicodedata.normalize("NFKC", raw).lower()


def unigrams(raw: str) -> str:
    """``红楼梦 Python`` -> ``红 楼 梦 python``: each CJK character its own token."""
    return CJK.sub(lambda m: f" {m.group()} ", fold(raw))


@lru_cache(maxsize=65536)
def _syllables(run: str) -> tuple[str, ...]:
    return tuple(pinyin.syllables(run))


def pinyin_tokens(raw: str) -> str:
    """Suffixes of the full pinyin and of the initials of each CJK run, space-separated."""
    out: dict[str, None] = {}
    for run in CJK_RUN.findall(fold(raw)):
        # a character pypinyin does not know comes back unchanged: it breaks the run
        groups: list[list[str]] = [[]]
        for syl in _syllables(run):
            if syl.isascii() and syl.isalpha():
                groups[-1].append(syl.lower())
            elif groups[-1]:
                groups.append([])
        for syls in groups:
            initials = [x[0] for x in syls]
            for i in range(len(syls)):
                out["".join(syls[i:])[:MAX_FULL]] = None
                out["".join(initials[i:])[:MAX_INITIALS]] = None
    return " ".join(out)


def alnum(raw: str) -> str:
    """Letters and digits only, lower case: the form codes are indexed and queried in."""
    if raw.isascii() and raw.isalnum():  # most barcodes: nothing to fold or strip
        return raw.lower()
    return re.sub(r"[^0-9a-z]", "", fold(raw))


def clc_token(raw: str) -> str:
    """``I247.57-53`` -> ``i24757``: the class number up to its first auxiliary notation."""
    m = re.match(r"\s*([A-Za-z]{1,2})([\d.]*)", fold(raw))
    if not m:
        return ""
    return m.group(1) + m.group(2).replace(".", "")


def isbn_tokens(isbn: str | None) -> list[str]:
    if not isbn:
        return []
    out = [isbn]
    ten = isbn10(isbn)
    if ten:
        out.append(alnum(ten))
    return out


def document(
    title: str, author: str, publisher: str, isbn: str | None, clc: str, items: Iterable[str]
) -> dict[str, str]:
    """The index row of one title; ``items`` are ``barcode\\tcall_number`` pairs."""
    codes = isbn_tokens(isbn)
    classes = [clc_token(clc)] if clc else []
    calls: dict[str, None] = {}  # a title's copies mostly share their call number
    for pair in items:
        barcode, _, call = pair.partition("\t")
        codes.append(alnum(barcode))
        calls[call] = None
    for call in calls:
        codes.append(alnum(call))
        classes.append(clc_token(call.split("/", 1)[0]))
    return {
        "title": unigrams(title),
        "names": unigrams(f"{author} {publisher}"),
        "py_title": pinyin_tokens(title),
        "py_names": pinyin_tokens(author),
        "codes": " ".join(dict.fromkeys(c for c in codes if c)),
        "clc": " ".join(dict.fromkeys(c for c in classes if c)),
    }
