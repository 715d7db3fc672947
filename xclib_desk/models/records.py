"""Outbox, audit, standards versions, sync state and exceptions: the store's memory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Select, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class OutboxEvent(Base):
    """An immutable fact made at this desk. A trigger forbids UPDATE and DELETE (see migration)."""

    __tablename__ = "outbox_event"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(48))
    hlc: Mapped[str] = mapped_column(String(64))
    wall_time: Mapped[datetime]
    staff_code: Mapped[str] = mapped_column(String(32))
    point_code: Mapped[str] = mapped_column(String(32))
    standards_version: Mapped[int]
    payload: Mapped[dict[str, Any]]
    #: facts about how the event was made, e.g. ``outside_hours`` (see services.context.record)
    marks: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class OutboxDelivery(Base):
    """Mutable delivery state kept apart so the event rows themselves never change."""

    __tablename__ = "outbox_delivery"
    seq: Mapped[int] = mapped_column(ForeignKey("outbox_event.seq"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # applied|flagged|duplicate|rejected
    result_code: Mapped[str | None] = mapped_column(String(64))
    delivered_at: Mapped[datetime]


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    staff_code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    event_seq: Mapped[int | None] = mapped_column(ForeignKey("outbox_event.seq"), unique=True)
    event: Mapped[OutboxEvent | None] = relationship()


class StandardsVersion(Base):
    """Every package version this point has known; rules are judged by the one in force."""

    __tablename__ = "standards_version"
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    effective_from: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)  # the package JSON exactly as received
    signature: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16))  # bundled | hub
    installed_at: Mapped[datetime]


class SyncState(Base):
    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SyncException(Base):
    """A disagreement the hub flagged (or a rejection) for staff to review and resolve."""

    __tablename__ = "sync_exception"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|resolved
    context: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(32))
    resolution_note: Mapped[str | None] = mapped_column(Text)


class RefusedFeedRow(Base):
    """A row of the hub's feed this desk could not take: it failed the protocol's types, or
    applying it failed. Kept (one per kind and key, the latest) for staff to see on the sync
    page, and tried again once the program is upgraded; a later good row of the same kind and
    key replaces it and removes this record."""

    __tablename__ = "refused_feed_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    key: Mapped[str] = mapped_column(String(64))
    #: the row's feed position, when it had a readable one
    pos: Mapped[int | None] = mapped_column(BigInteger)
    #: ``invalid`` (failed the protocol's types) or ``apply_failed`` (raised while applied)
    reason: Mapped[str] = mapped_column(String(16))
    #: the first validation error (``field: message``) or the exception's type name
    detail: Mapped[str] = mapped_column(String(300))
    #: the row as received (JSON), cut at ``protocol.feed.RAW_LIMIT`` characters
    raw: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    #: the program build that refused it; a newer one tries the row again
    build: Mapped[str] = mapped_column(String(48))

    __table_args__ = (UniqueConstraint("kind", "key", name="uq_refused_feed_row_kind_key"),)


def undelivered(*columns: Any) -> Select[Any]:
    """``select(*columns)`` over the pending queue: outbox events the hub has not answered.

    The one definition of "pending" (sync engine, sync page, status page, the pull's skip
    rule): an event is delivered once its ``outbox_delivery`` row exists, whatever the answer.
    """
    return (
        select(*columns)
        .select_from(OutboxEvent)
        .outerjoin(OutboxDelivery, OutboxDelivery.seq == OutboxEvent.seq)
        .where(OutboxDelivery.seq.is_(None))
    )
