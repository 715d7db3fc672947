from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Point(Base):
    """A service point of the district network (this store's own point and the ones it knows)."""

    __tablename__ = "point"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # PointLevel
    parent_code: Mapped[str | None] = mapped_column(String(32))
    served_population: Mapped[int | None]
    #: the point's own weekly hours set at the hub (JSON, see standards.hours.parse_week);
    #: null: its level's hours in the standards package apply
    schedule: Mapped[dict[str, Any] | None]


class StoreMeta(Base):
    """One row: which point and device this store is. Set once by init/enrol."""

    __tablename__ = "store_meta"
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    # device-local event counter and hybrid clock; updated in every event's transaction
    next_seq: Mapped[int] = mapped_column(default=1)
    hlc: Mapped[str] = mapped_column(String(64))
