from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # Role
    password_hash: Mapped[str] = mapped_column(String(200))
    point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
