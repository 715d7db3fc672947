from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Title(Base):
    """A bibliographic record. ``uid`` is global so titles created offline never collide."""

    __tablename__ = "title"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    isbn: Mapped[str | None] = mapped_column(String(13), index=True)
    title: Mapped[str] = mapped_column(String(500))
    author: Mapped[str] = mapped_column(String(300), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None]
    clc: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(8), default="chi")
    created_at: Mapped[datetime]
    #: clock of the latest edit of each field known here (``{"title": HLC, ...}``): a hub
    #: correction replaces a field only if newer than this desk's own edit (sync/apply.py)
    field_hlc: Mapped[dict[str, Any] | None]

    __table_args__ = (Index("ix_title_clc", "clc"),)


class Item(Base):
    """A physical copy. ``owner`` is the point it belongs to; ``location`` where it is now."""

    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("title.id"), index=True)
    call_number: Mapped[str] = mapped_column(String(100))
    material_type: Mapped[str] = mapped_column(String(32))
    owner_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    location_point_id: Mapped[int] = mapped_column(ForeignKey("point.id"))
    # available | on_loan | in_transit | lost | damaged | withdrawn
    status: Mapped[str] = mapped_column(String(16), default="available")
    price_cents: Mapped[int | None]
    created_at: Mapped[datetime]

    title: Mapped[Title] = relationship(lazy="joined", innerjoin=True)


class TitleMarc(Base):
    """What a MARC record brought beyond the title's own columns (``marc.Kept``: edition,
    series, summary, names with their roles, the title with its non-sorting markers, ...),
    kept so an export gives it back; and the title's filing form (its non-sorting part left
    out), which orders an export. Local to this desk: the hub keeps its own imports'."""

    __tablename__ = "title_marc"
    title_id: Mapped[int] = mapped_column(ForeignKey("title.id"), primary_key=True)
    filing_title: Mapped[str] = mapped_column(String(500), default="")
    fields: Mapped[dict[str, Any]]
