"""Readers at the hub: registration at the home point, profile edits merged per field by
clock (the later edit of each field wins), blocks and card renewals. Only the reader's home
point may send any of them (``authority``)."""

from __future__ import annotations

from ...protocol.events import (
    CardRenewed,
    ReaderBlocked,
    ReaderRegistered,
    ReaderUnblocked,
    ReaderUpdated,
)
from ...protocol.feed import PROFILE_FIELDS
from ...protocol.wire import EventEnvelope
from .context import BatchContext

#: profile fields a registration does not carry: they are set later, by ``reader.updated``
NOT_AT_REGISTRATION = frozenset({"staff_note", "reader_message"})


def registered(ctx: BatchContext, e: EventEnvelope, p: ReaderRegistered) -> list[str]:
    r = ctx.reader(p.card_no, p.reader_type)  # authority: the sender's own card
    r.home_point, r.reader_type, r.expires_on = p.home_point, p.reader_type, p.expires_on
    given = p.model_dump(mode="json", include=set(PROFILE_FIELDS))
    profile, hlcs = dict(r.profile), dict(r.field_hlc)
    for f in PROFILE_FIELDS:
        if f in NOT_AT_REGISTRATION:  # notes come only by reader.updated
            continue
        if hlcs.get(f, "") < e.hlc:
            profile[f], hlcs[f] = given[f], e.hlc
    r.profile, r.field_hlc = profile, hlcs
    ctx.feed.readers.add(r.card_no)
    return []


def updated(ctx: BatchContext, e: EventEnvelope, p: ReaderUpdated) -> list[str]:
    r = ctx.reader(p.card_no)
    profile, hlcs = dict(r.profile), dict(r.field_hlc)
    for f, v in p.fields.given().items():  # only the fields sent
        if hlcs.get(f, "") < e.hlc:  # per-field merge: the later edit of each field wins
            hlcs[f] = e.hlc
            if f == "reader_type":
                r.reader_type = str(v)
            else:
                profile[f] = v
    r.profile, r.field_hlc = profile, hlcs
    ctx.feed.readers.add(r.card_no)
    return []


def _set_status(
    ctx: BatchContext, e: EventEnvelope, card: str, status: str, reason: str | None
) -> None:
    r = ctx.reader(card)
    hlcs = dict(r.field_hlc)
    if hlcs.get("status", "") < e.hlc:
        r.status, r.block_reason = status, reason
        hlcs["status"] = e.hlc
        r.field_hlc = hlcs
    ctx.feed.readers.add(card)


def blocked(ctx: BatchContext, e: EventEnvelope, p: ReaderBlocked) -> list[str]:
    _set_status(ctx, e, p.card_no, "blocked", p.reason)
    return []


def unblocked(ctx: BatchContext, e: EventEnvelope, p: ReaderUnblocked) -> list[str]:
    _set_status(ctx, e, p.card_no, "active", None)
    return []


def card_renewed(ctx: BatchContext, e: EventEnvelope, p: CardRenewed) -> list[str]:
    r = ctx.reader(p.card_no)
    hlcs = dict(r.field_hlc)
    if hlcs.get("expires_on", "") < e.hlc:
        r.expires_on, hlcs["expires_on"] = p.expires_on, e.hlc
        r.field_hlc = hlcs
    ctx.feed.readers.add(r.card_no)
    return []
