"""Pydantic schema of the standards package (the five unifications).

The package is the district's law for every point; the desk never invents a rule that is not
here. Field names are the wire/JSON names; see docs/standards-package.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1


class PointLevel(StrEnum):
    district = "district"  # 总馆 district hall
    street = "street"  # 街道分馆 street branch
    community = "community"  # 社区服务点 community point
    partner = "partner"  # 社会合作点 partner point ("3+N")


class Role(StrEnum):
    desk = "desk"
    librarian = "librarian"
    admin = "admin"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Strict):
    district_code: str
    district_name: str
    point_name_pattern: str = "{district}{point}"
    logo: str = ""  # resource name or data: URI
    primary_color: str = "#9b1c1c"
    accent_color: str = "#c8a24a"
    receipt_header: str
    receipt_footer: str
    card_barcode_pattern: str
    item_barcode_pattern: str

    @field_validator("card_barcode_pattern", "item_barcode_pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        re.compile(v)
        return v


class ReaderType(_Strict):
    code: str
    name_zh: str
    name_en: str
    max_age: int | None = None  # e.g. children's cards end at 14
    min_age: int | None = None
    card_valid_years: int = 5


class MaterialType(_Strict):
    code: str
    name_zh: str
    name_en: str
    loanable: bool = True


class LoanRule(_Strict):
    """Rule for one reader type x material type; '*' matches any material."""

    reader_type: str
    material_type: str = "*"
    quota: int = Field(ge=0)
    loan_days: int = Field(ge=1)
    renewals: int = Field(ge=0)
    renewal_days: int = Field(ge=0)


class ReaderQuota(_Strict):
    reader_type: str
    total_quota: int = Field(ge=0)


class OverduePolicy(_Strict):
    charge_fees: bool = True
    grace_days: int = 0  # days after due before an item counts as overdue for blocks
    tolerance_items: int = 0  # overdue items allowed before the card is blocked from borrowing
    fee_per_day_cents: dict[str, int]  # by reader type, '*' default
    fee_cap_cents: dict[str, int]

    def fee_for(self, reader_type: str, days: int) -> int:
        if not self.charge_fees or days <= 0:
            return 0
        per_day = self.fee_per_day_cents.get(reader_type, self.fee_per_day_cents.get("*", 0))
        cap = self.fee_cap_cents.get(reader_type, self.fee_cap_cents.get("*", 0))
        return min(per_day * days, cap)


class DayHours(_Strict):
    open: str  # "09:00"
    close: str  # "21:00"

    @field_validator("open", "close")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
            raise ValueError(f"time must be HH:MM, got {v!r}")
        return v

    def hours(self) -> float:
        oh, om = map(int, self.open.split(":"))
        ch, cm = map(int, self.close.split(":"))
        return max(0.0, (ch * 60 + cm - oh * 60 - om) / 60)


class OpeningHours(_Strict):
    """Weekly hours for one point level; weekday 1 = Monday ... 7 = Sunday (ISO)."""

    level: PointLevel
    week: dict[int, list[DayHours]]
    min_weekly_hours: float
    weekend_open: bool = True
    evening_extended: bool = False  # 延时开放: open after 19:00 on at least one day

    def weekly_hours(self) -> float:
        return sum(h.hours() for day in self.week.values() for h in day)

    def open_weekdays(self) -> set[int]:
        return {d for d, spans in self.week.items() if spans}

    @model_validator(mode="after")
    def _meets_minimum(self) -> OpeningHours:
        if self.weekly_hours() + 1e-9 < self.min_weekly_hours:
            raise ValueError(
                f"{self.level}: {self.weekly_hours():g} h/week is below {self.min_weekly_hours:g}"
            )
        if self.weekend_open and not ({6, 7} & self.open_weekdays()):
            raise ValueError(f"{self.level}: weekend opening required but no weekend hours")
        return self


class TargetGroup(_Strict):
    """Who an activity is for; ``special`` groups (children, seniors, people with
    disabilities, ...) are counted apart in the district's figures."""

    code: str
    name_zh: str
    name_en: str
    special: bool = True


class ActivitySeries(_Strict):
    """A series or brand of the district's catalogue (书香西城, 我们的节日, ...): points plan
    their activities in one, and special groups order from the catalogue (订单式)."""

    code: str
    name_zh: str
    name_en: str
    brand: str = ""
    target_groups: list[str] = []


class Activities(_Strict):
    """Reading promotion (阅读推广) under 统一服务: the catalogue, each level's minimum
    activities a year, the walk-in age bands and how long names stay (counts stay forever)."""

    series: list[ActivitySeries] = []
    target_groups: list[TargetGroup] = []
    min_per_year: dict[PointLevel, int] = {}
    age_bands: list[str] = ["child", "teen", "adult", "senior"]
    attendance_retention_days: int = Field(default=365, ge=1)
    volunteer_contact_retention_days: int = Field(default=730, ge=1)

    @model_validator(mode="after")
    def _known_groups(self) -> Activities:
        groups = {g.code for g in self.target_groups}
        for x in self.series:
            for g in x.target_groups:
                if g not in groups:
                    raise ValueError(f"series {x.code!r}: unknown target group {g!r}")
        return self


class HoldRules(_Strict):
    """Holds and requests across the network (预约, 订单式服务; docs/holds.md). A package without
    this block gets these defaults, so older packages still load."""

    #: active holds a reader may have at once, by reader type (``*``: every other type)
    per_reader_type: dict[str, int] = Field(default_factory=lambda: {"*": 5})
    #: material types a hold may ask for; empty: every loanable type
    holdable_material_types: list[str] = []
    #: days a copy waits on the pickup point's hold shelf before it goes to the next reader
    pickup_days: int = Field(default=7, ge=1, le=90)
    #: days a request may wait unfilled before it lapses
    lapse_days: int = Field(default=90, ge=1, le=3650)
    #: days a point has to act on a copy on its pull list before the hub looks elsewhere
    pull_days: int = Field(default=2, ge=1, le=60)
    #: days without a sync after which a point's copies are not targeted
    offline_days: int = Field(default=3, ge=1, le=60)
    #: how the hub weighs moving a copy: ``own_point_first`` (the pickup point's own copy,
    #: then any other at cost 1) or ``matrix`` (``cost[from][to]``, ``default_cost`` if absent)
    transport: Literal["own_point_first", "matrix"] = "own_point_first"
    cost: dict[str, dict[str, int]] = {}
    default_cost: int = Field(default=10, ge=0)
    #: special groups served first (订单式服务): holds of these reader types go ahead of the
    #: queue's others, first come first served among themselves
    priority_reader_types: list[str] = []

    def limit(self, reader_type: str) -> int:
        return self.per_reader_type.get(reader_type, self.per_reader_type.get("*", 0))

    def transport_cost(self, src: str, dst: str) -> int:
        """Cost of bringing a copy at ``src`` to the pickup point ``dst``: 0 at the point."""
        if src == dst:
            return 0
        if self.transport == "matrix":
            return self.cost.get(src, {}).get(dst, self.default_cost)
        return 1


class KioskRules(_Strict):
    """What a self-check kiosk (SIP2) may do: the desk's rules apply, and these on top. A kiosk
    never overrides a block (no role may act for it)."""

    lending: bool = True  # check-out at kiosks at all
    returns: bool = True  # check-in at kiosks (book drops)
    renewals: bool = True
    # material types a kiosk never lends (e.g. reference, av): staff lend them at the desk
    material_types_not_lent: list[str] = []
    # a reader signs in at a kiosk with a password set at the desk (SIP2 AD)
    reader_password_required: bool = True


class Service(_Strict):
    reader_types: list[ReaderType]
    material_types: list[MaterialType]
    loan_rules: list[LoanRule]
    reader_quotas: list[ReaderQuota]
    overdue: OverduePolicy
    closed_dates: list[date] = []  # district-wide holidays (due dates move off them)
    opening_hours: list[OpeningHours]
    required_services: dict[PointLevel, list[str]] = {}
    return_anywhere: bool = True  # 通借通还
    # block code -> roles that may override it with a recorded reason
    overridable: dict[str, list[Role]] = {}
    # whether a point may set stricter local loan rules (never looser)
    local_stricter_allowed: bool = True
    # reading promotion: the activity catalogue and targets (older packages: none)
    activities: Activities = Activities()
    #: holds and requests (预约); defaults when the package has none
    holds: HoldRules = Field(default_factory=HoldRules)
    kiosk: KioskRules = KioskRules()

    @model_validator(mode="after")
    def _consistent(self) -> Service:
        rts = {r.code for r in self.reader_types}
        mts = {m.code for m in self.material_types} | {"*"}
        for code in self.kiosk.material_types_not_lent:
            if code not in mts:
                raise ValueError(f"kiosk rule for unknown material type {code!r}")
        for rule in self.loan_rules:
            if rule.reader_type not in rts:
                raise ValueError(f"loan rule for unknown reader type {rule.reader_type!r}")
            if rule.material_type not in mts:
                raise ValueError(f"loan rule for unknown material type {rule.material_type!r}")
        for rt in rts:
            if not any(r.reader_type == rt and r.material_type == "*" for r in self.loan_rules):
                raise ValueError(f"reader type {rt!r} has no default ('*') loan rule")
        return self


class Staffing(_Strict):
    min_on_duty: dict[PointLevel, int]
    roles: list[Role] = [Role.desk, Role.librarian, Role.admin]
    training_required: list[str] = []


class Management(_Strict):
    reports: list[str] = []
    report_schedule: str = "monthly"
    loan_history_retention_days: int = Field(default=365, ge=1)
    audit_retention_days: int = Field(default=3650, ge=1)


class KpiTargets(_Strict):
    holdings_per_capita: float
    new_acquisitions_per_year: int
    annual_circulation: int
    visits_per_capita: float
    weekly_opening_hours: float


class Cataloguing(_Strict):
    clc_edition: int = 5
    call_number_pattern: str = r"^[A-Z][A-Z0-9.\-()=\"<>:+\[\]{}]*/[A-Za-z0-9\-.:=]+$"
    cnmarc_required_fields: list[str] = ["010", "200", "210", "215", "690", "701"]
    kpi_targets: dict[PointLevel, KpiTargets] = {}


class TrustedKey(_Strict):
    """A district signing key (Ed25519, raw 32 bytes in base64)."""

    key_id: str
    public_key: str


class StandardsPackage(_Strict):
    schema_version: int = SCHEMA_VERSION
    version: int = Field(ge=1)
    effective_from: datetime
    issued_at: datetime
    title: str
    identity: Identity
    service: Service
    staffing: Staffing
    management: Management
    standards: Cataloguing
    # key rotation: when non-empty, the keys a point trusts after installing this package
    trusted_keys: list[TrustedKey] = []

    @field_validator("schema_version")
    @classmethod
    def _known_schema(cls, v: int) -> int:
        if v > SCHEMA_VERSION:
            raise ValueError(f"schema version {v} is newer than this desk understands")
        return v
