"""The protocol reference in docs/ is generated from the protocol package and must be current:
regenerate it with ``python -m xclib_desk.protocol.reference`` after changing a model."""

from __future__ import annotations

import json
from pathlib import Path

from xclib_desk.protocol import events, feed
from xclib_desk.protocol.reference import DOC_PATH, markdown, schema_document

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_reference_is_the_generated_one() -> None:
    committed = (ROOT / DOC_PATH).read_text(encoding="utf-8")
    assert committed == markdown(), "run: python -m xclib_desk.protocol.reference"


def test_the_schema_names_every_event_type_and_feed_kind() -> None:
    doc = schema_document()
    assert set(doc["events"]) == set(events.PAYLOADS)
    assert set(doc["feed"]) == set(feed.ROWS)
    for ref in [*doc["events"].values(), *doc["feed"].values(), *doc["envelopes"].values()]:
        assert ref["$ref"].removeprefix("#/$defs/") in doc["$defs"]
    json.dumps(doc)  # plain JSON, ready to serve
