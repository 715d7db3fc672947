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
from typing import Any, TypeVar

import orjson
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ...protocol.wire import EventEnvelope
from ...standards.policy import Policy
from ...standards.schema import StandardsPackage
from ..models import HubBase, HubException, HubStandards
from .feed import Feed
from .records import ItemRecord, LoanRecord, R, ReaderRecord, Records

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
    """Whether ``v`` holds no such character. orjson checks the whole of it in one call (it
    refuses a lone surrogate and writes NUL as ``\\u0000``); what it cannot write is walked."""
    try:
        doc = orjson.dumps(v)
    except TypeError:  # orjson.JSONEncodeError: a surrogate, or a value JSON does not have
        return _walked_clean(v)
    return b"\\u0000" not in doc  # (a typed backslash-u0000 only costs a scrub that keeps it)


def _walked_clean(v: Any) -> bool:
    if isinstance(v, str):
        return _UNSTORABLE.search(v) is None
    if isinstance(v, dict):
        return all(_walked_clean(k) and _walked_clean(x) for k, x in v.items())
    if isinstance(v, list):
        return all(_walked_clean(x) for x in v)
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


M = TypeVar("M", bound=HubBase)


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
    #: the copies, readers and loans it changed, to write (push/records.py)
    records: Records = field(init=False)
    #: the batch's copies, readers and loans (None: not at the hub), one record per key
    items: dict[str, ItemRecord | None] = field(default_factory=dict)
    readers: dict[str, ReaderRecord | None] = field(default_factory=dict)
    loans: dict[str, LoanRecord | None] = field(default_factory=dict)
    #: open loan uids per copy, kept in step with ``returned_at`` (:meth:`set_open`)
    open_by_item: dict[str, set[str]] = field(default_factory=dict)
    #: the ledger rows of this batch, inserted in one statement at its end
    ledger: list[dict[str, Any]] = field(default_factory=list)
    #: titles whose union-catalogue search text must follow (catalogue.reindex)
    reindex: set[str] = field(default_factory=set)
    #: model -> key -> its row (None: the hub has none) for the titles, transfers, fees, holds the
    #: batch's events name, looked up together before its events (``batch._prefetch``)
    named: dict[type[Any], dict[Any, Any]] = field(default_factory=dict)
    policies: dict[int, Policy | None] = field(default_factory=dict)
    #: event id -> the HLC it carried, for events whose clock the hub clamped (batch.py)
    sent_hlc: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.records = Records(self.s)

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

    def row(self, model: type[M], key: Any) -> M | None:
        """The row of ``model`` with this key, if the hub has it: from the batch's look-up if
        its events named it, else one query (a look-up per event was a round trip each)."""
        known = self.named.get(model, {})
        if key in known:
            found: M | None = known[key]
            return found
        return self.s.get(model, key)

    def add(self, row: HubBase) -> None:
        """A new row: into the session, written with the others of its kind at the next flush
        (not one INSERT each), and known to :meth:`row` from now on."""
        self.s.add(row)
        (key,) = inspect(type(row)).primary_key_from_instance(row)
        self.named.setdefault(type(row), {})[key] = row

    def policy(self, version: int) -> Policy | None:
        """The rules of standards version ``version``, if the hub has that package."""
        if version not in self.policies:
            body = self.s.scalar(select(HubStandards.body).where(HubStandards.version == version))
            self.policies[version] = None if body is None else policy_of(body)
        return self.policies[version]

    def item(self, barcode: str) -> ItemRecord:
        """The copy, made on first mention (an event may arrive before the copy's own)."""
        it = self.find_item(barcode)
        if it is None:
            it = self.records.make(
                ItemRecord, barcode=barcode, status="available", state_hlc="", call_number=""
            )
            it.material_type = "book"
        self.items[barcode] = it
        self.open_by_item.setdefault(barcode, set())
        return it

    def find_item(self, barcode: str) -> ItemRecord | None:
        """The copy if the hub has it."""
        return self._held(self.items, ItemRecord, barcode)

    def reader(self, card: str, reader_type: str = "adult") -> ReaderRecord:
        """The reader, made on first mention (a loan may arrive before the registration)."""
        r = self.find_reader(card)
        if r is None:
            r = self.records.make(
                ReaderRecord,
                card_no=card,
                reader_type=reader_type,
                status="active",
                profile={},
                field_hlc={},
                open_loans=0,
            )
        self.readers[card] = r
        return r

    def find_reader(self, card: str) -> ReaderRecord | None:
        return self._held(self.readers, ReaderRecord, card)

    def loan(self, uid: str) -> LoanRecord | None:
        return self._held(self.loans, LoanRecord, uid)

    def _held(self, held: dict[str, R | None], cls: type[R], key: str) -> R | None:
        """The batch's record of ``key`` (None: not at the hub), read on first mention and then
        kept, so every event of the batch changes the same one."""
        if key not in held:
            held[key] = None
            for rec in self.records.read(cls, cls.KEY, [key]):
                held[key] = rec
        return held[key]

    def new_loan(self, uid: str, item: str, point: str) -> LoanRecord:
        loan = self.records.make(
            LoanRecord, uid=uid, item=item, point=point, renewals=0, fee_cents=0
        )
        self.loans[uid] = loan
        return loan

    def set_open(self, loan: LoanRecord) -> None:
        """Keep the in-memory index of open loans per copy in step with ``returned_at``."""
        ids = self.open_by_item.setdefault(loan.item, set())
        if loan.returned_at is None:
            ids.add(loan.uid)
        else:
            ids.discard(loan.uid)

    def open_loan(self, barcode: str, other_than: str = "") -> LoanRecord | None:
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
        if not new:
            return
        for bc in new:
            self.items.setdefault(bc, None)
            self.open_by_item[bc] = set()
        for it in self.records.read(ItemRecord, "barcode", new):
            if self.items.get(it.barcode) is None:
                self.items[it.barcode] = it
        for ln in self.records.read(LoanRecord, "item", new, open_only=True):
            ln = self.keep_loan(ln)
            if ln.returned_at is None:
                self.open_by_item[ln.item].add(ln.uid)

    def keep_loan(self, ln: LoanRecord) -> LoanRecord:
        """The batch's record of this loan: the one it holds already, else ``ln``."""
        held = self.loans.get(ln.uid)
        if held is None:
            self.loans[ln.uid] = held = ln
        return held


#: a push handler: applies one validated event, returns its flags (may raise ``Rejected``)
Handler = Callable[[BatchContext, EventEnvelope, Any], list[str]]
