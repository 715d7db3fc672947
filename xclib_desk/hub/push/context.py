"""What every push handler shares: the caller, the batch's typed context, the refusal.

A handler is a plain function ``(ctx, envelope, payload) -> flags``. It reads and changes the
hub's rows through the :class:`BatchContext` (whose caches the batch prefetched in a few
queries), records conflicts with :meth:`BatchContext.exception` and names what changed in
``ctx.feed``. A business refusal is raised as :class:`Rejected` before anything changes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...protocol.wire import EventEnvelope
from ...standards.policy import Policy
from ...standards.schema import StandardsPackage
from ..models import HubException, HubItem, HubLoan, HubReader, HubStandards
from .feed import Feed

#: what no database column of the hub can hold: NUL (PostgreSQL refuses it in text and in
#: JSON) and lone surrogates (no UTF-8 encoding exists for them)
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


def storable(v: Any) -> Any:
    """``v`` (text or JSON-shaped data) with every character no database can store replaced by
    U+FFFD. What the hub keeps as received (the ledger's payload, an exception's context) is
    passed through here, so one hostile string cannot fail the push's transaction. Returns
    ``v`` itself when it is clean, which is always for honest desks."""
    return v if _clean(v) else _scrub(v)


def _clean(v: Any) -> bool:
    if isinstance(v, str):
        return _UNSTORABLE.search(v) is None
    if isinstance(v, dict):
        return all(_clean(k) and _clean(x) for k, x in v.items())
    if isinstance(v, list):
        return all(_clean(x) for x in v)
    return True


def _scrub(v: Any) -> Any:
    if isinstance(v, str):
        return _UNSTORABLE.sub("\ufffd", v)
    if isinstance(v, dict):
        return {_scrub(k): _scrub(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_scrub(x) for x in v]
    return v


@lru_cache(maxsize=16)
def policy_of(body: str) -> Policy:
    """The rules a stored package's text gives: parsed once per hub process, not once per
    push (a batch of 50 spent as long parsing the package as applying its events). Keyed by
    the text itself, so a package is never judged by another database's same version."""
    return Policy(StandardsPackage.model_validate_json(body))


@dataclass(frozen=True)
class DeviceRef:
    """The authenticated caller of a push: plain values, no session attached."""

    device_id: str
    point_code: str


class Rejected(Exception):
    """A business refusal of one event: answered ``rejected(code)``, the rest goes on."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class BatchContext:
    """One device's batch inside the caller's (locked) transaction: the session, the caller,
    the rows the batch touches (loaded up front) and what it will write to ledger and feed."""

    s: Session
    device: DeviceRef
    now: datetime
    feed: Feed
    items: dict[str, HubItem | None] = field(default_factory=dict)
    readers: dict[str, HubReader | None] = field(default_factory=dict)
    loans: dict[str, HubLoan | None] = field(default_factory=dict)
    #: open loan uids per copy, kept in step with ``returned_at`` (:meth:`set_open`)
    open_by_item: dict[str, set[str]] = field(default_factory=dict)
    #: the ledger rows of this batch, inserted in one statement at its end
    ledger: list[dict[str, Any]] = field(default_factory=list)
    #: titles whose union-catalogue search text must follow (catalogue.reindex)
    reindex: set[str] = field(default_factory=set)
    policies: dict[int, Policy | None] = field(default_factory=dict)
    #: event id -> the HLC it carried, for events whose clock the hub clamped (batch.py)
    sent_hlc: dict[str, str] = field(default_factory=dict)

    @property
    def point(self) -> str:
        return self.device.point_code

    def exception(self, key: str, kind: str, points: Iterable[str], ctx: dict[str, Any]) -> None:
        """Record a conflict once: the same key found again (replay, reorder) adds nothing."""
        existing = self.s.scalars(select(HubException).where(HubException.key == key)).first()
        if existing is not None:
            return
        uid = str(uuid.uuid4())
        self.s.add(
            HubException(
                uid=uid,
                key=key,
                kind=kind,
                points=sorted(set(points)),
                status="open",
                context=storable(ctx),
                created_at=self.now,
            )
        )
        self.feed.exceptions.add(uid)

    def policy(self, version: int) -> Policy | None:
        """The rules of standards version ``version``, if the hub has that package."""
        if version not in self.policies:
            body = self.s.scalar(select(HubStandards.body).where(HubStandards.version == version))
            self.policies[version] = None if body is None else policy_of(body)
        return self.policies[version]

    def item(self, barcode: str) -> HubItem:
        """The copy, made on first mention (an event may arrive before the copy's own)."""
        it = self.items[barcode] if barcode in self.items else self.s.get(HubItem, barcode)
        if it is None:
            it = HubItem(barcode=barcode, status="available", state_hlc="", call_number="")
            it.material_type = "book"
            self.s.add(it)
        self.items[barcode] = it
        self.open_by_item.setdefault(barcode, set())
        return it

    def reader(self, card: str, reader_type: str = "adult") -> HubReader:
        """The reader, made on first mention (a loan may arrive before the registration)."""
        r = self.readers[card] if card in self.readers else self.s.get(HubReader, card)
        if r is None:
            r = HubReader(
                card_no=card,
                reader_type=reader_type,
                status="active",
                profile={},
                field_hlc={},
                open_loans=0,
            )
            self.s.add(r)
        self.readers[card] = r
        return r

    def loan(self, uid: str) -> HubLoan | None:
        if uid not in self.loans:
            self.loans[uid] = self.s.get(HubLoan, uid)
        return self.loans[uid]

    def new_loan(self, uid: str, item: str, point: str) -> HubLoan:
        loan = HubLoan(uid=uid, item=item, point=point, renewals=0, fee_cents=0)
        self.s.add(loan)
        self.loans[uid] = loan
        return loan

    def set_open(self, loan: HubLoan) -> None:
        """Keep the in-memory index of open loans per copy in step with ``returned_at``."""
        ids = self.open_by_item.setdefault(loan.item, set())
        if loan.returned_at is None:
            ids.add(loan.uid)
        else:
            ids.discard(loan.uid)

    def open_loan(self, barcode: str, other_than: str = "") -> HubLoan | None:
        """The copy's open loan (other than ``other_than``), if any."""
        for uid in sorted(self.open_by_item.get(barcode, set()) - {other_than}):
            ln = self.loan(uid)
            if ln is not None and ln.returned_at is None:
                return ln
        return None

    def load_items(self, barcodes: Iterable[str]) -> None:
        """Bring copies (and their open loans) into the caches, as the batch's prefetch does
        for the barcodes events name in scalar fields (shipments name them in lists)."""
        new = [bc for bc in dict.fromkeys(barcodes) if bc not in self.open_by_item]
        for i in range(0, len(new), 500):
            chunk = new[i : i + 500]
            for bc in chunk:
                self.items.setdefault(bc, None)
                self.open_by_item[bc] = set()
            for it in self.s.scalars(select(HubItem).where(HubItem.barcode.in_(chunk))):
                self.items[it.barcode] = it
            for ln in self.s.scalars(
                select(HubLoan).where(HubLoan.item.in_(chunk), HubLoan.returned_at.is_(None))
            ):
                self.loans[ln.uid] = ln
                self.open_by_item[ln.item].add(ln.uid)


#: a push handler: applies one validated event, returns its flags (may raise ``Rejected``)
Handler = Callable[[BatchContext, EventEnvelope, Any], list[str]]
