"""The hub reads its JSON columns with orjson for speed (``hub.db.json_loads``): every stored
document must come back exactly as the standard library reads it, including what a hostile
desk can make a hub store (integers beyond 64 bits, lone surrogates, NaN)."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from xclib_desk.hub.db import json_loads

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),  # unbounded: beyond 64 bits too
    st.floats(allow_nan=False),
    st.text(),  # lone surrogates included
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (1 and 1.0, or 0.0 and -0.0, are told apart)."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and repr(a) == repr(b))
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


@given(documents, st.booleans())
def test_a_stored_document_reads_back_as_the_standard_library_reads_it(
    doc: Any, ascii_only: bool
) -> None:
    text = json.dumps(doc, ensure_ascii=ascii_only)
    expected = json.loads(text)
    assert same(json_loads(text), expected)
    assert same(json_loads(text.encode("utf-8", "surrogatepass")), expected)  # as psycopg gives


def test_what_orjson_would_read_otherwise_reads_as_before() -> None:
    for text in ("123456789012345678901234567890", '"\\ud800"', "NaN", "-Infinity", "1e400"):
        assert same(json_loads(text), json.loads(text)), text
        assert same(json_loads(text.encode()), json.loads(text)), text
