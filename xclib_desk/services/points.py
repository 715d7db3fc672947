"""The service points this desk knows (its own and those the sync brought), for choosers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Point
from .context import Ctx


@dataclass(frozen=True)
class PointView:
    code: str
    name: str
    level: str
    parent_code: str | None


def known_points(s: Session, ctx: Ctx, *, others_only: bool = False) -> list[PointView]:
    """Every point in the store by code; ``others_only`` leaves out this desk's own point
    (a shipment destination, for example)."""
    q = select(Point).order_by(Point.code)
    if others_only:
        q = q.where(Point.id != ctx.point.id)
    return [PointView(p.code, p.name, p.level, p.parent_code) for p in s.scalars(q)]
