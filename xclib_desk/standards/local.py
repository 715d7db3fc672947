"""A point's own rules: stricter than the district's where the package allows, never looser.

Every number in a loan rule is a limit on the reader (quota, days, renewals), so "stricter" is
"smaller". Local rules are applied as a minimum over the district package in force, which keeps
them never-looser even after the district tightens its own rules; loading a local rule that is
looser than the package in force is refused outright so nobody believes it took effect.
"""

from __future__ import annotations

from pydantic import Field

from ..errors import DeskError, Text
from .schema import LoanRule, ReaderQuota, StandardsPackage, _Strict

LIMITS = ("quota", "loan_days", "renewals", "renewal_days")


class LocalLoanRule(_Strict):
    """Tightens the district rules of ``reader_type`` for ``material_type`` ('*' = all)."""

    reader_type: str
    material_type: str = "*"
    quota: int | None = Field(default=None, ge=0)
    loan_days: int | None = Field(default=None, ge=1)
    renewals: int | None = Field(default=None, ge=0)
    renewal_days: int | None = Field(default=None, ge=0)


class LocalRules(_Strict):
    loan_rules: list[LocalLoanRule] = Field(default_factory=list)
    reader_quotas: dict[str, int] = Field(default_factory=dict)


def _applies(local: LocalLoanRule, rule: LoanRule) -> bool:
    return local.reader_type == rule.reader_type and local.material_type in (
        "*",
        rule.material_type,
    )


def check_not_looser(local: LocalRules, package: StandardsPackage) -> None:
    svc = package.service
    if not svc.local_stricter_allowed and (local.loan_rules or local.reader_quotas):
        detail = Text("区级标准不允许本地规则", "the district allows no local rules")
        raise DeskError("standards_looser", detail=detail)
    types = {r.code for r in svc.reader_types}
    materials = {m.code for m in svc.material_types} | {"*"}
    by_key = {(r.reader_type, r.material_type): r for r in svc.loan_rules}
    for lr in local.loan_rules:
        if lr.reader_type not in types or lr.material_type not in materials:
            kind = f"{lr.reader_type}/{lr.material_type}"
            raise DeskError(
                "standards_looser",
                detail=Text(f"{kind}：未知类型", f"{kind}: unknown type"),
            )
        # compare with the district rule the local one names: specific, else the '*' default
        rule = by_key.get((lr.reader_type, lr.material_type)) or by_key[(lr.reader_type, "*")]
        for name in LIMITS:
            mine = getattr(lr, name)
            if mine is not None and mine > getattr(rule, name):
                raise DeskError(
                    "standards_looser",
                    detail=f"{rule.reader_type}/{lr.material_type} {name} "
                    f"{mine} > {getattr(rule, name)}",
                )
    totals = {q.reader_type: q.total_quota for q in svc.reader_quotas}
    for rtype, quota in local.reader_quotas.items():
        if rtype not in totals or quota > totals[rtype] or quota < 0:
            raise DeskError(
                "standards_looser", detail=f"{rtype} total_quota {quota} > {totals.get(rtype, 0)}"
            )


def tighten(package: StandardsPackage, local: LocalRules) -> StandardsPackage:
    """The package as enforced at this point: each limit is the smaller of district and local."""
    if not local.loan_rules and not local.reader_quotas:
        return package
    rules = []
    for rule in package.service.loan_rules:
        values = {name: getattr(rule, name) for name in LIMITS}
        for lr in local.loan_rules:
            if _applies(lr, rule):
                for name in LIMITS:
                    mine = getattr(lr, name)
                    if mine is not None:
                        values[name] = min(values[name], mine)
        rules.append(rule.model_copy(update=values))
    quotas = [
        q.model_copy(
            update={
                "total_quota": min(
                    q.total_quota, local.reader_quotas.get(q.reader_type, q.total_quota)
                )
            }
        )
        for q in package.service.reader_quotas
    ]
    service = package.service.model_copy(update={"loan_rules": rules, "reader_quotas": quotas})
    return package.model_copy(update={"service": service})


__all__ = ["LocalLoanRule", "LocalRules", "ReaderQuota", "check_not_looser", "tighten"]
