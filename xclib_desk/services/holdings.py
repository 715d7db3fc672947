"""Holdings: titles (bibliographic records) and items (copies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from ..common.isbn import normalise_isbn
from ..errors import DeskError, Phrase, Text
from ..input_checks import clean_text, valid_isbn
from ..models import Item, Point, Title
from ..protocol.events import ItemAdded, TitleAdded
from ..standards.clc import validate_clc
from .context import Ctx, Entry, new_uid, record, require_role


@dataclass(frozen=True)
class TitleView:
    uid: str
    isbn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    language: str


@dataclass(frozen=True)
class ItemView:
    barcode: str
    title: TitleView
    call_number: str
    material_type: str
    owner: str
    location: str
    status: str
    price_cents: int | None


def title_view(t: Title) -> TitleView:
    return TitleView(t.uid, t.isbn, t.title, t.author, t.publisher, t.year, t.clc, t.language)


def item_view(s: Session, i: Item) -> ItemView:
    owner = s.get(Point, i.owner_point_id)
    loc = s.get(Point, i.location_point_id)
    return ItemView(
        barcode=i.barcode,
        title=title_view(i.title),
        call_number=i.call_number,
        material_type=i.material_type,
        owner=owner.code if owner else "?",
        location=loc.code if loc else "?",
        status=i.status,
        price_cents=i.price_cents,
    )


def add_title(
    s: Session,
    ctx: Ctx,
    *,
    title: str,
    isbn: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    year: int | str | None = None,
    clc: str | None = None,
    language: str = "chi",
) -> TitleView:
    require_role(ctx, "librarian", "admin", action="add title")
    name = clean_text(title, field="title", max_len=500)
    assert name is not None
    norm_isbn = valid_isbn(isbn) if isbn and isbn.strip() else None
    clc_value = validate_clc(clc) if clc and clc.strip() else ""
    year_value: int | None = None
    if year not in (None, ""):
        try:
            year_value = int(str(year))
        except ValueError:
            detail = Phrase("field_not_number", field="pub_year")
            raise DeskError("bad_input", detail=detail, field="pub_year") from None
        if not 1400 <= year_value <= ctx.today().year + 1:
            detail = Phrase("field_implausible", field="pub_year", value=year_value)
            raise DeskError("bad_input", detail=detail, field="pub_year")
    lang = clean_text(language, field="language", max_len=8) or "chi"
    t = insert_title(
        s,
        ctx,
        isbn=norm_isbn,
        title=name,
        author=clean_text(author, field="author", max_len=300, required=False) or "",
        publisher=clean_text(publisher, field="publisher", max_len=300, required=False) or "",
        year=year_value,
        clc=clc_value,
        language=lang,
    )
    s.flush()
    return title_view(t)


def insert_title(
    s: Session,
    ctx: Ctx,
    *,
    isbn: str | None,
    title: str,
    author: str,
    publisher: str,
    year: int | None,
    clc: str,
    language: str,
) -> Title:
    """Write a title whose fields are already checked, with its ``title.added`` event.

    With :func:`insert_titles` (its bulk form, same columns and event) the one place a title
    is created: :func:`add_title` checks one title typed at the desk and writes it here, the
    MARC import checks a batch of records and writes them with :func:`insert_titles`.
    """
    t = Title(
        uid=new_uid(),
        isbn=isbn,
        title=title,
        author=author,
        publisher=publisher,
        year=year,
        clc=clc,
        language=language,
        created_at=ctx.now(),
    )
    s.add(t)
    type_, payload, target, detail = title_added(t)
    record(s, ctx, type_, payload, target=target, detail=detail)
    return t


def title_added(t: Title | NewTitle) -> Entry:
    """The ``title.added`` event (and its audit target and detail) of a new title."""
    payload = TitleAdded(
        uid=t.uid,
        isbn=t.isbn,
        title=t.title,
        author=t.author,
        publisher=t.publisher,
        year=t.year,
        clc=t.clc,
        language=t.language,
    )
    return "title.added", payload, t.uid, t.title


@dataclass
class NewTitle:
    """A title a bulk writer checked and will insert with :func:`insert_titles`; ``id`` once
    it is written."""

    uid: str
    isbn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    language: str
    id: int | None = None


_TITLE_T, _ITEM_T = cast(Table, Title.__table__), cast(Table, Item.__table__)
_TITLES_INSERT = insert(_TITLE_T).returning(_TITLE_T.c.id, _TITLE_T.c.uid)
_ITEMS_INSERT = insert(_ITEM_T)


def insert_titles(s: Session, ctx: Ctx, titles: list[NewTitle]) -> None:
    """:func:`insert_title`'s rows for a checked batch in one executemany (Core), giving each
    its ``id``; the caller records their events (:func:`title_added`) with
    ``context.record_many``, in the same transaction."""
    if not titles:
        return
    now = ctx.now()
    rows = [
        {"uid": t.uid, "isbn": t.isbn, "title": t.title, "author": t.author,
         "publisher": t.publisher, "year": t.year, "clc": t.clc, "language": t.language,
         "created_at": now, "field_hlc": None}
        for t in titles
    ]  # fmt: skip
    ids = {uid: tid for tid, uid in s.connection().execute(_TITLES_INSERT, rows)}
    for t in titles:
        t.id = ids[t.uid]


def find_title(s: Session, ref: str) -> Title:
    """A title by uid or ISBN (any form)."""
    t = s.scalars(select(Title).where(Title.uid == ref.strip())).one_or_none()
    if t is None:
        norm = normalise_isbn(ref)
        if norm:
            t = s.scalars(select(Title).where(Title.isbn == norm)).first()
    if t is None:
        raise DeskError("unknown_title", ref=ref[:40])
    return t


def add_item(
    s: Session,
    ctx: Ctx,
    *,
    barcode: str,
    title_ref: str,
    call_number: str,
    material_type: str = "book",
    price_cents: int | None = None,
) -> ItemView:
    require_role(ctx, "librarian", "admin", action="add item")
    policy = ctx.policy
    code = policy.item(barcode)
    call = policy.call_number(call_number)
    validate_clc(call.split("/", 1)[0])
    mtype = policy.material_type(material_type).code
    if price_cents is not None and not 0 <= price_cents <= 10_000_000:
        raise DeskError("bad_input", detail=Text("价格不合理", "implausible price"))
    if s.scalar(select(Item.id).where(Item.barcode == code)):
        raise DeskError("duplicate_item", barcode=code)
    title = find_title(s, title_ref)
    item = insert_item(
        s,
        ctx,
        title=title,
        barcode=code,
        call_number=call,
        material_type=mtype,
        price_cents=price_cents,
    )
    s.flush()
    return item_view(s, item)


def insert_item(
    s: Session,
    ctx: Ctx,
    *,
    title: Title,
    barcode: str,
    call_number: str,
    material_type: str,
    price_cents: int | None,
) -> Item:
    """Write a copy whose barcode, call number and type are already checked (and free), with
    its ``item.added`` event; available, owned and shelved here. With :func:`insert_items` (its
    bulk form) the one place a copy is created: :func:`add_item` checks one copy, the MARC
    import a batch."""
    item = Item(
        barcode=barcode,
        call_number=call_number,
        material_type=material_type,
        owner_point_id=ctx.point.id,
        location_point_id=ctx.point.id,
        status="available",
        price_cents=price_cents,
        created_at=ctx.now(),
    )
    item.title = title  # its id may not exist yet (a title made in the same batch)
    s.add(item)
    type_, payload, target, detail = item_added(
        ctx, barcode, title, call_number, material_type, price_cents
    )
    record(s, ctx, type_, payload, target=target, detail=detail)
    return item


def item_added(
    ctx: Ctx,
    barcode: str,
    title: Title | NewTitle,
    call_number: str,
    material_type: str,
    price_cents: int | None,
) -> Entry:
    """The ``item.added`` event (and its audit target and detail) of a copy made here."""
    payload = ItemAdded(
        barcode=barcode,
        title_uid=title.uid,
        call_number=call_number,
        material_type=material_type,
        owner=ctx.point.code,
        location=ctx.point.code,
        price_cents=price_cents,
    )
    return "item.added", payload, barcode, title.title


def insert_items(s: Session, ctx: Ctx, items: list[dict[str, Any]]) -> None:
    """:func:`insert_item`'s rows for a checked batch (``barcode``, ``title_id``,
    ``call_number``, ``material_type``, ``price_cents``) in one executemany (Core); the
    caller records their events (:func:`item_added`) with ``context.record_many``."""
    if not items:
        return
    here, now = ctx.point.id, ctx.now()
    extra = {"owner_point_id": here, "location_point_id": here, "status": "available",
             "created_at": now}  # fmt: skip
    s.connection().execute(_ITEMS_INSERT, [{**i, **extra} for i in items])


_BY_BARCODE = select(Item).where(Item.barcode == bindparam("barcode"))  # built once: every scan


def get_item(s: Session, ctx: Ctx, barcode: str) -> Item:
    code = ctx.policy.item(barcode)
    item = s.scalars(_BY_BARCODE, {"barcode": code}).one_or_none()
    if item is None:
        raise DeskError("unknown_item", barcode=code)
    return item


def show_item(s: Session, ctx: Ctx, barcode: str) -> ItemView:
    return item_view(s, get_item(s, ctx, barcode))


def title_copies(s: Session, ctx: Ctx, title_ref: str) -> list[ItemView]:
    """The copies of one title this desk holds rows for (its own, and others' it has fetched),
    this point's own first, by barcode: what the Holdings page lists under a selected title."""
    title = find_title(s, title_ref)
    items = s.scalars(select(Item).where(Item.title_id == title.id)).all()
    here = ctx.point.id
    ordered = sorted(items, key=lambda i: (i.owner_point_id != here, i.barcode))
    return [item_view(s, i) for i in ordered]
