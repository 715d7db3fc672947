"""Rule evaluation over a standards package, precomputed for the desk's hot path."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cached_property
from importlib import resources

from ..errors import DeskError
from .schema import LoanRule, MaterialType, OpeningHours, PointLevel, ReaderType, StandardsPackage


class Policy:
    """A loaded package with the lookups circulation needs; immutable, cached per version."""

    def __init__(self, package: StandardsPackage) -> None:
        self.package = package
        svc = package.service
        self.version = package.version
        self._rules = {(r.reader_type, r.material_type): r for r in svc.loan_rules}
        self._totals = {q.reader_type: q.total_quota for q in svc.reader_quotas}
        self.reader_types: dict[str, ReaderType] = {r.code: r for r in svc.reader_types}
        self.material_types: dict[str, MaterialType] = {m.code: m for m in svc.material_types}
        self._hours = {h.level: h for h in svc.opening_hours}
        self._closed = frozenset(svc.closed_dates)
        self._card_re = re.compile(package.identity.card_barcode_pattern)
        self._item_re = re.compile(package.identity.item_barcode_pattern)
        self._call_re = re.compile(package.standards.call_number_pattern)

    # --- identity -------------------------------------------------------------------------
    def card(self, raw: str) -> str:
        """Normalise a scanned card number and check the district's format."""
        value = normalise_barcode(raw)
        if not self._card_re.fullmatch(value):
            raise DeskError(
                "bad_card_format",
                value=_shown(raw),
                pattern=self.package.identity.card_barcode_pattern,
                example=example_of(self.package.identity.card_barcode_pattern),
            )
        return value

    def item(self, raw: str) -> str:
        value = normalise_barcode(raw)
        if not self._item_re.fullmatch(value):
            raise DeskError(
                "bad_item_format",
                value=_shown(raw),
                pattern=self.package.identity.item_barcode_pattern,
                example=example_of(self.package.identity.item_barcode_pattern),
            )
        return value

    def call_number(self, raw: str) -> str:
        value = raw.strip()
        if not self._call_re.fullmatch(value):
            raise DeskError("bad_call_number", value=_shown(raw))
        return value

    # --- service ---------------------------------------------------------------------------
    def reader_type(self, code: str) -> ReaderType:
        try:
            return self.reader_types[code]
        except KeyError:
            raise DeskError(
                "unknown_reader_type", value=_shown(code), allowed=", ".join(self.reader_types)
            ) from None

    def material_type(self, code: str) -> MaterialType:
        try:
            return self.material_types[code]
        except KeyError:
            raise DeskError(
                "unknown_material_type", value=_shown(code), allowed=", ".join(self.material_types)
            ) from None

    def loan_rule(self, reader_type: str, material_type: str) -> LoanRule:
        rule = self._rules.get((reader_type, material_type)) or self._rules.get((reader_type, "*"))
        if rule is None:  # schema guarantees a '*' rule per reader type
            raise DeskError("unknown_reader_type", value=reader_type, allowed="")
        return rule

    def has_specific_rule(self, reader_type: str, material_type: str) -> bool:
        return (reader_type, material_type) in self._rules

    def total_quota(self, reader_type: str) -> int:
        return self._totals.get(reader_type, 0)

    def overridable_by(self, block: str) -> tuple[str, ...]:
        return tuple(str(r) for r in self.package.service.overridable.get(block, []))

    def hours(self, level: PointLevel | str) -> OpeningHours | None:
        return self._hours.get(PointLevel(level))

    def is_open_day(self, day: date, level: PointLevel | str) -> bool:
        if day in self._closed:
            return False
        hours = self.hours(level)
        return hours is None or bool(hours.week.get(day.isoweekday()))

    def due_date(self, start: date, days: int, level: PointLevel | str) -> date:
        """``days`` after ``start``, moved forward to the next day the point is open."""
        due = start + timedelta(days=days)
        for _ in range(60):  # a closed stretch longer than two months is a package error
            if self.is_open_day(due, level):
                return due
            due += timedelta(days=1)
        return due

    def fee_cents(self, reader_type: str, days_late: int) -> int:
        return self.package.service.overdue.fee_for(reader_type, days_late)

    @cached_property
    def card_years(self) -> dict[str, int]:
        return {r.code: r.card_valid_years for r in self.package.service.reader_types}


def normalise_barcode(raw: str) -> str:
    """Scanners add spaces, CR/LF, or switch case; barcodes are compared upper-case, trimmed."""
    return raw.strip().upper()


_PIECE = re.compile(
    r"\[([^\]]+)\](?:\{(\d+)(?:,\d*)?\})?|\\d(?:\{(\d+)(?:,\d*)?\})?|([A-Za-z0-9\-])"
)


def example_of(pattern: str) -> str:
    """A barcode that fits ``pattern``, for a refusal to show staff (``^X[0-9]{9}$`` ->
    ``X000000001``): literal characters kept, each class filled with its first character and
    the last one made 1. A pattern beyond that simple shape is shown as it is."""
    body = pattern.removeprefix("^").removesuffix("$")
    out, pos = [], 0
    for m in _PIECE.finditer(body):
        if m.start() != pos:
            return pattern
        pos = m.end()
        if m.group(4):
            out.append(m.group(4))
        elif m.group(1) is not None:
            first = m.group(1)[0]
            out.append(first * int(m.group(2) or 1))
        else:
            out.append("0" * int(m.group(3) or 1))
    if pos != len(body) or not out:
        return pattern
    text = "".join(out)
    return text[:-1] + "1" if text[-1] == "0" else text


def _shown(raw: str, limit: int = 40) -> str:
    """Echo user input back safely: printable and bounded, so a 1 MB paste can't flood a dialog."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in raw)
    return clean if len(clean) <= limit else clean[:limit] + "…"


def load_bundled() -> StandardsPackage:
    text = (
        resources.files("xclib_desk")
        .joinpath("resources/standards/default.json")
        .read_text(encoding="utf-8")
    )
    return StandardsPackage.model_validate_json(text)
