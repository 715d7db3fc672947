"""A readable diff between two standards packages, for the admin who is about to sign one.

Headless, so the hub CLI (``xclib-hub standards-validate``) and the desk's Standards page show
the same lines. Lists of records are keyed by what identifies a record (reader type, material
type, level, code), not by position, so inserting a loan rule does not "change" every rule after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    path: str  # dotted, e.g. service.loan_rules[adult/*].loan_days
    kind: Kind
    old: Any
    new: Any

    def line(self) -> str:
        if self.kind == "removed":
            return f"- {self.path}: {self.old!r}"
        if self.kind == "added":
            return f"+ {self.path}: {self.new!r}"
        return f"~ {self.path}: {self.old!r} -> {self.new!r}"


def _label(i: int, v: dict[str, Any]) -> str:
    code = v.get("code") or v.get("key_id")
    if code:
        return str(code)
    parts = [str(v[k]) for k in ("reader_type", "material_type", "level") if k in v]
    return "/".join(parts) or str(i)


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(_flat(v, f"{prefix}[{_label(i, v)}]"))
        return out
    return {prefix: value}


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """One entry per changed leaf, by dotted path, sorted by path."""
    before, after = _flat(old or {}), _flat(new)
    out: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            out.append(Change(key, "removed", before[key], None))
        elif key not in before:
            out.append(Change(key, "added", None, after[key]))
        elif before[key] != after[key]:
            out.append(Change(key, "changed", before[key], after[key]))
    return out


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """The same changes as text lines (``+`` added, ``-`` removed, ``~`` changed)."""
    return [c.line() for c in changes(old, new)]
