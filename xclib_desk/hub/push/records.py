"""A push's copies, readers and loans as plain rows: read by Core, changed as plain attributes,
written one statement per table.

These are the rows nearly every event of the morning rush touches. As mapped objects each cost
the ORM's loading, its instrumented attribute sets and its unit of work on every one of them,
more than the rules that change them. Here a row is a plain object with one slot per column
(:class:`ItemRecord`, :class:`ReaderRecord`, :class:`LoanRecord`): loading one is a Core
``SELECT`` and a tuple, setting a field marks the record changed, and :meth:`Records.write`
writes the batch's new rows with one INSERT per table and its changed ones with one UPDATE per
table and set of changed columns (``bulk.insert_rows``, ``bulk.update_rows``).

What a query sees stays what the push did, as the ORM's autoflush made it: while a push holds
its :class:`Records` (:meth:`Records.attached`), every statement the session runs and every
flush first writes the records changed since the last write. So a rule that asks the database
(a hold's queue, a title's copies, the feed's rows) reads the copies and loans as the push left
them, however it asks.

The push's context (``BatchContext``) keeps one record per key, so two events naming one copy
change the same record. A rule that writes these rows past the records (retention's bulk
``UPDATE`` of a point's old loans) reads the records it holds again (:meth:`Records.refresh`).
A savepoint rolled back after a write leaves records with no row behind them: the push's
replay drops them all (:meth:`Records.reset`) and loads again what it needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar, Self, TypeVar

from sqlalchemy import Select, Table, event, select
from sqlalchemy.orm import Session

from ..bulk import in_keys, insert_rows, is_pg, key_chunks, update_rows
from ..models import HubItem, HubLoan, HubReader


def _table(cls: type[Any]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)  # a mapped class's
    return table


class Record:
    """One row of :attr:`TABLE`: a slot per column, and the values as last read or written."""

    TABLE: ClassVar[Table]
    #: the primary key's column
    KEY: ClassVar[str]
    #: the columns, in the table's order (the slots hold them)
    COLUMNS: ClassVar[tuple[str, ...]]
    __slots__ = ("_changed", "_stored")
    _stored: tuple[Any, ...] | None  # None: not in the database yet
    #: the list of the :class:`Records` this record joins on its first change
    _changed: list[Record] | None

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.COLUMNS = tuple(c.key for c in cls.TABLE.columns)
        # a column added by a migration but not here would never be written: refuse to start
        assert set(cls.__slots__) == set(cls.COLUMNS), (cls.__name__, cls.COLUMNS)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        changed = self._changed
        if changed is not None and name[0] != "_":
            changed.append(self)
            object.__setattr__(self, "_changed", None)  # listed once until written

    @classmethod
    def read(cls, row: Iterable[Any], changed: list[Record]) -> Self:
        """A record of a row as the database gave it (its columns in :attr:`COLUMNS` order)."""
        rec = cls.__new__(cls)
        values = tuple(row)
        for name, v in zip(cls.COLUMNS, values, strict=True):
            object.__setattr__(rec, name, v)
        object.__setattr__(rec, "_stored", values)
        object.__setattr__(rec, "_changed", changed)
        return rec

    @classmethod
    def make(cls, changed: list[Record], **values: Any) -> Self:
        """A new row: the columns not given take their default, as an ORM insert would."""
        rec = cls.__new__(cls)
        for c in cls.TABLE.columns:
            if c.key in values:
                v = values[c.key]
            else:
                d = c.default
                v = None if d is None else d.arg(None) if d.is_callable else d.arg  # type: ignore[attr-defined]
            object.__setattr__(rec, c.key, v)
        object.__setattr__(rec, "_stored", None)
        object.__setattr__(rec, "_changed", None)
        changed.append(rec)  # to insert
        return rec

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, c) for c in self.COLUMNS)


class ItemRecord(Record):
    TABLE = _table(HubItem)
    KEY = "barcode"
    __slots__ = (
        "added_at",
        "barcode",
        "call_number",
        "covered_state",
        "location",
        "material_type",
        "owner",
        "price_cents",
        "state_hlc",
        "status",
        "title_uid",
    )
    barcode: str
    title_uid: str | None
    call_number: str
    material_type: str
    owner: str | None
    location: str | None
    status: str
    price_cents: int | None
    state_hlc: str
    covered_state: dict[str, Any] | None
    added_at: datetime | None


class ReaderRecord(Record):
    TABLE = _table(HubReader)
    KEY = "card_no"
    __slots__ = (
        "block_reason",
        "card_no",
        "expires_on",
        "field_hlc",
        "holds_ready",
        "home_point",
        "open_loans",
        "profile",
        "reader_type",
        "status",
    )
    card_no: str
    home_point: str | None
    reader_type: str
    status: str
    block_reason: str | None
    expires_on: date | None
    profile: dict[str, Any]
    field_hlc: dict[str, Any]
    open_loans: int
    holds_ready: list[str]


class LoanRecord(Record):
    TABLE = _table(HubLoan)
    KEY = "uid"
    __slots__ = (
        "card_no",
        "checked_out_at",
        "checkout_hlc",
        "closed_by",
        "due_date",
        "fee_cents",
        "item",
        "material_type",
        "point",
        "reader_type",
        "renewals",
        "returned_at",
        "returned_point",
        "staff_code",
        "standards_version",
        "uid",
    )
    uid: str
    item: str
    card_no: str | None
    reader_type: str
    material_type: str
    point: str
    staff_code: str
    checked_out_at: datetime | None
    checkout_hlc: str
    due_date: date | None
    renewals: int
    standards_version: int
    returned_at: datetime | None
    returned_point: str | None
    fee_cents: int
    closed_by: str | None


R = TypeVar("R", bound=Record)


@cache
def _keyed(t: Table, column: str, open_only: bool, pg: bool) -> Select[Any]:
    """``SELECT`` the rows of ``t`` by ``column`` (the keys bound as ``keys``): built once."""
    stmt = select(t).where(in_keys(t.c[column], "keys", pg))
    return stmt.where(t.c.returned_at.is_(None)) if open_only else stmt


#: the order rows are written in (a loan names its copy and reader, never the other way)
KINDS: tuple[type[Record], ...] = (ItemRecord, ReaderRecord, LoanRecord)


class Records:
    """The records a push changed since they were last written, and the writing of them."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.changed: list[Record] = []
        self._writing = False

    def read(
        self, cls: type[R], column: str, keys: Iterable[Any], open_only: bool = False
    ) -> list[R]:
        """The rows of ``cls`` whose ``column`` is one of ``keys`` (loans: only the open ones
        with ``open_only``), as records."""
        pg = is_pg(self.s)
        stmt = _keyed(cls.TABLE, column, open_only, pg)
        return self.run(cls, stmt, [{"keys": k} for (k,) in key_chunks(self.s, keys)])

    def run(self, cls: type[R], stmt: Any, params: list[dict[str, Any]]) -> list[R]:
        """The rows ``stmt`` (a ``SELECT`` of ``cls``'s table) gives for each set of parameters,
        as records: Core, on the session's connection; what the push changed is written first,
        so they are current."""
        if not params:
            return []
        self.write()
        conn = self.s.connection()
        return [cls.read(row, self.changed) for p in params for row in conn.execute(stmt, p)]

    def make(self, cls: type[R], **values: Any) -> R:
        return cls.make(self.changed, **values)

    def write(self) -> None:
        """Write every record changed since the last write: new rows with one INSERT per table,
        changed ones with one UPDATE per table and set of changed columns."""
        if not self.changed or self._writing:
            return
        self._writing = True
        try:
            # (the same list object stays: every record holds it, to join on a change)
            todo = list(self.changed)
            self.changed.clear()
            for cls in KINDS:
                new: list[dict[str, Any]] = []
                # one UPDATE per set of changed columns: a row's other columns are left as they
                # are (a double loan may close a loan that a renewal elsewhere also changes)
                groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
                for rec in todo:
                    if type(rec) is not cls:
                        continue
                    now = rec.values()
                    if rec._stored is None:
                        new.append(dict(zip(cls.COLUMNS, now, strict=True)))
                    elif now != rec._stored:
                        row = {
                            c: v
                            for c, v, old in zip(cls.COLUMNS, now, rec._stored, strict=True)
                            if v != old
                        }
                        key = {cls.KEY: getattr(rec, cls.KEY)}
                        groups.setdefault(tuple(row), []).append({**key, **row})
                    object.__setattr__(rec, "_stored", now)
                    object.__setattr__(rec, "_changed", self.changed)
                insert_rows(self.s, cls.TABLE, new)
                for rows in groups.values():
                    update_rows(self.s, cls.TABLE, cls.KEY, rows)
        finally:
            self._writing = False

    def refresh(self, cls: type[R], held: Iterable[R | None]) -> None:
        """Read these records again, in place (the batch keeps holding the same objects): after
        a statement that wrote their rows past the records (retention's bulk UPDATE)."""
        by_key = {getattr(r, cls.KEY): r for r in held if r is not None}
        for fresh in self.read(cls, cls.KEY, by_key):
            rec = by_key[getattr(fresh, cls.KEY)]
            for name in cls.COLUMNS:
                object.__setattr__(rec, name, getattr(fresh, name))
            object.__setattr__(rec, "_stored", fresh._stored)

    def reset(self) -> None:
        """Forget what is not written (after a rollback: the records are thrown away too)."""
        self.changed.clear()

    @contextmanager
    def attached(self) -> Iterator[None]:
        """While inside, the session writes the changed records before any statement it runs
        and before any flush; on the way out, what is left is written."""

        def before(*_args: Any) -> None:
            self.write()

        event.listen(self.s, "do_orm_execute", before)
        event.listen(self.s, "before_flush", before)
        try:
            yield
            self.write()
        finally:
            event.remove(self.s, "do_orm_execute", before)
            event.remove(self.s, "before_flush", before)
