"""The protocol reference, built from the package itself so it never drifts from the code.

:func:`schema_document` is the JSON Schema of everything on the wire (the hub serves it at
``GET /v1/protocol/schema``); :func:`markdown` renders ``docs/protocol-reference.md`` from the
same models. ``python -m xclib_desk.protocol.reference [PATH]`` writes the Markdown file;
a test checks that the committed file equals the generated text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from . import events, feed, wire

DOC_PATH = Path("docs") / "protocol-reference.md"

#: the envelopes of each endpoint, in the order a desk meets them
ENVELOPES: dict[str, type[BaseModel]] = {
    "Hello": wire.Hello,
    "EnrolRequest": wire.EnrolRequest,
    "EnrolResponse": wire.EnrolResponse,
    "DeviceState": wire.DeviceState,
    "EventEnvelope": wire.EventEnvelope,
    "PushRequest": wire.PushRequest,
    "EventResult": wire.EventResult,
    "PushResponse": wire.PushResponse,
    "PullPage": wire.PullPage,
    "ProblemOut": wire.ProblemOut,
}


def schema_document() -> dict[str, Any]:
    """One JSON Schema document: ``$defs`` holds every envelope, event payload and feed row;
    ``events`` maps each event type and ``feed`` each row kind to its definition."""
    models: list[type[BaseModel]] = [
        *ENVELOPES.values(),
        *events.PAYLOADS.values(),
        *feed.ROWS.values(),
    ]
    _, top = models_json_schema(
        [(m, "validation") for m in dict.fromkeys(models)],
        ref_template="#/$defs/{model}",
    )
    defs: dict[str, Any] = dict(top.get("$defs", {}))
    change = TypeAdapter(feed.Change).json_schema(ref_template="#/$defs/{model}")
    defs.update(change.pop("$defs", {}))
    defs["Change"] = change

    def ref(m: type[BaseModel]) -> dict[str, str]:
        return {"$ref": f"#/$defs/{m.__name__}"}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "xclib-desk sync protocol",
        "version": wire.PROTOCOL_VERSION,
        "envelopes": {name: ref(m) for name, m in ENVELOPES.items()},
        "events": {t: ref(m) for t, m in events.PAYLOADS.items()},
        "feed": {kind: ref(m) for kind, m in feed.ROWS.items()},
        "$defs": dict(sorted(defs.items())),
    }


# --- Markdown -------------------------------------------------------------------------------
def _type(schema: dict[str, Any]) -> str:
    """A short, readable rendering of a field's JSON Schema."""
    if "$ref" in schema:
        return "`" + str(schema["$ref"]).rsplit("/", 1)[-1] + "`"
    if "anyOf" in schema:
        return " \\| ".join(_type(s) for s in schema["anyOf"])
    if "const" in schema:
        return f"`{schema['const']!r}`".replace("'", '"')
    if "enum" in schema:
        return " \\| ".join(f'`"{v}"`' for v in schema["enum"])
    t = schema.get("type", "any")
    if t == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if t == "object":
        extra = schema.get("additionalProperties")
        return f"object of {_type(extra)}" if isinstance(extra, dict) else "object"
    fmt = schema.get("format")
    return f"{t} ({fmt})" if fmt else str(t)


_RULES = (
    ("minLength", "min length {}"),
    ("maxLength", "max length {}"),
    ("pattern", "pattern `{}`"),
    ("minimum", "≥ {}"),
    ("maximum", "≤ {}"),
    ("minItems", "at least {} items"),
    ("maxItems", "at most {} items"),
    ("x-text", "{}"),
)


def _rules(schema: dict[str, Any]) -> str:
    out: list[str] = []
    for part in [schema, *schema.get("anyOf", [])]:
        for key, text in _RULES:
            if key in part:
                out.append(text.format(str(part[key]).replace("|", "\\|")))
    return "; ".join(out)


def _model_table(model: type[BaseModel]) -> list[str]:
    schema = model.model_json_schema(ref_template="{model}")
    required = set(schema.get("required", []))
    lines = ["| field | type | required | constraints |", "|---|---|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "description")}
        if "$ref" in prop:
            prop["$ref"] = "#/" + prop["$ref"]
        for alt in prop.get("anyOf", []):
            if "$ref" in alt:
                alt["$ref"] = "#/" + alt["$ref"]
        if prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            prop["items"] = {"$ref": "#/" + prop["items"]["$ref"]}
        lines.append(
            f"| `{name}` | {_type(prop)} | {'yes' if name in required else 'no'} | {_rules(prop)} |"
        )
    return lines


def _section(title: str, model: type[BaseModel]) -> list[str]:
    doc = (model.__doc__ or "").strip()
    inherited = doc == (BaseModel.__doc__ or "").strip() or not doc
    out = [f"### {title}", ""]
    if not inherited:
        out += [" ".join(doc.split()), ""]
    return out + _model_table(model) + [""]


def _nested(models: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """Models used inside others (``Override``, ``TitleRecord``...), each once."""
    seen: dict[str, type[BaseModel]] = {}

    def walk(m: type[BaseModel]) -> None:
        for f in m.model_fields.values():
            for t in _models_in(f.annotation):
                if t.__name__ not in seen:
                    seen[t.__name__] = t
                    walk(t)

    for m in models:
        walk(m)
    top = {m.__name__ for m in models}
    return [m for name, m in sorted(seen.items()) if name not in top]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        out += _models_in(arg)
    return out


def markdown() -> str:
    """The text of ``docs/protocol-reference.md``."""
    out = [
        "# Protocol reference",
        "",
        "<!-- Generated by `python -m xclib_desk.protocol.reference` from xclib_desk/protocol;",
        "     do not edit by hand (tests/test_protocol_reference.py checks it is current). -->",
        "",
        f"Protocol version **{wire.PROTOCOL_VERSION}**, sent as `{wire.PROTOCOL_HEADER}`. "
        "Every model forbids fields it does not name. How the pieces are used (push, pull, "
        "conflict rules) is in [sync-protocol.md](sync-protocol.md); the same definitions as "
        "JSON Schema are served by the hub at `GET /v1/protocol/schema`.",
        "",
        "## Event types",
        "",
        "| type | payload |",
        "|---|---|",
        *(f"| `{t}` | [{m.__name__}](#{m.__name__.lower()}) |" for t, m in events.PAYLOADS.items()),
        "",
        "## Feed-row kinds",
        "",
        "A row of the change feed is `{pos, kind, key, data}`; `data` is the model of its kind.",
        "",
        "| kind | data |",
        "|---|---|",
        *(f"| `{k}` | [{m.__name__}](#{m.__name__.lower()}) |" for k, m in feed.ROWS.items()),
        "",
        "## Envelopes",
        "",
    ]
    for name, model in ENVELOPES.items():
        out += _section(name, model)
    out += ["## Event payloads", ""]
    for model in dict.fromkeys(events.PAYLOADS.values()):
        out += _section(model.__name__, model)
    out += ["## Feed rows", ""]
    for model in dict.fromkeys(feed.ROWS.values()):
        out += _section(model.__name__, model)
    out += ["## Nested models", ""]
    everything = [*ENVELOPES.values(), *events.PAYLOADS.values(), *feed.ROWS.values()]
    for model in _nested(everything):
        out += _section(model.__name__, model)
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DOC_PATH
    path.write_text(markdown(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
