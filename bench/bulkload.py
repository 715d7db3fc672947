"""District-sized benchmark stores, written fast with SQLAlchemy Core executemany.

A benchmark fixture, outside the desk's runtime path: the rows carry no outbox events and no
audit entries. They stand for holdings, readers and loans a point receives by its initial sync
from the hub, not for operations made at this desk, so there is nothing to send back. The demo
(``xclib_desk.demo``) writes every row through ``Desk.write`` instead.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update

from xclib_desk.common.times import BEIJING
from xclib_desk.demo.catalogue import MATERIAL_MIX, author_mark, make_titles
from xclib_desk.demo.names import READER_MIX, birth_for, person_name, phone, pick, resident_id
from xclib_desk.demo.network import ensure_points
from xclib_desk.demo.simulation import desk_time, next_number
from xclib_desk.desk import Desk
from xclib_desk.models import Item, Loan, Point, Reader, Title
from xclib_desk.services import search_index
from xclib_desk.services.context import SYSTEM, new_uid
from xclib_desk.services.idcard import mask_id
from xclib_desk.services.readers import add_years, pinyin_key


def _chunks(rows: Iterable[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class BulkSummary:
    readers: int
    titles: int
    items: int
    open_loans: int
    overdue_loans: int
    returned_loans: int
    card_numbers: tuple[str, str]  # first and last card number written
    item_barcodes: tuple[str, str]


def bulk_load(
    desk: Desk,
    *,
    readers: int = 100_000,
    items: int = 300_000,
    open_loans: int = 50_000,
    returned_loans: int = 0,
    titles: int | None = None,
    seed: int = 1,
) -> BulkSummary:
    """Write a district-sized collection fast, with SQLAlchemy Core executemany.

    Bulk rows carry **no outbox events and no audit entries** (see the module's docstring).
    Readers get valid resident-ID hashes and masked numbers, items all material
    types, loans respect each reader type's materials and quota; about 10% of the open loans
    are overdue. ``returned_loans`` are the loan history: returned within the last two years
    (inside the bundled package's retention), spread over random readers and copies.
    """
    if min(readers, items, open_loans, returned_loans, titles or 0) < 0:
        raise ValueError("bulk sizes cannot be negative")
    rng = random.Random(seed)
    now = desk.clock.now()
    today = now.astimezone(BEIJING).date()
    policy = desk.policy
    ctx = desk.ctx(SYSTEM)
    n_titles = max(1, titles if titles is not None else items // 3)
    ensure_points(desk)
    pinyin_cache: dict[str, str] = {}
    with desk.session(write=True) as s:
        s.info[search_index.DEFER] = True  # indexed in one go below, not 200 per commit
        here = desk.point.id
        others = [p for p in s.scalars(select(Point.id).where(Point.id != here))]
        first_card = next_number(s, Reader.card_no, "XC")
        first_item = next_number(s, Item.barcode, "X")
        title_base = int(s.scalar(select(func.max(Title.id))) or 0)
        reader_base = int(s.scalar(select(func.max(Reader.id))) or 0)
        item_base = int(s.scalar(select(func.max(Item.id))) or 0)

        specs = make_titles(rng, n_titles)
        s.execute(
            insert(Title),
            [
                {
                    "id": title_base + i + 1,
                    "uid": new_uid(),
                    "isbn": t.isbn,
                    "title": t.title,
                    "author": t.author,
                    "publisher": t.publisher,
                    "year": t.year,
                    "clc": t.clc,
                    "language": "chi",
                    "created_at": now,
                }
                for i, t in enumerate(specs)
            ],
        )

        reader_types: list[str] = []
        used_ids: set[str] = set()

        def reader_rows() -> Iterator[dict[str, Any]]:
            for k in range(readers):
                rtype = pick(rng, READER_MIX)
                reader_types.append(rtype)
                birth = birth_for(rng, rtype, today)
                number = resident_id(rng, birth, used_ids)
                name = person_name(rng)
                key = pinyin_cache.get(name)
                if key is None:
                    key = pinyin_cache[name] = pinyin_key(name)
                child = rtype == "child"
                yield {
                    "id": reader_base + k + 1,
                    "card_no": f"XC{first_card + k:08d}",
                    "name": name,
                    "name_pinyin": key,
                    "reader_type": rtype,
                    "id_hash": ctx.hash_id(number),
                    "id_masked": mask_id(number),
                    "birth_date": birth,
                    "phone": None if child else phone(rng),
                    "address": None,
                    "guardian_name": person_name(rng) if child else None,
                    "guardian_phone": phone(rng) if child else None,
                    "status": "blocked" if rng.random() < 0.005 else "active",
                    "block_reason": None,
                    "expires_on": add_years(today, 3 if child else 5)
                    if rng.random() > 0.02
                    else today - timedelta(days=rng.randint(1, 300)),
                    "home_point_id": here,
                    "index_only": False,
                    "hub_open_loans": 0,
                    "created_at": now,
                    "updated_at": now,
                }

        for batch in _chunks(reader_rows()):
            s.execute(insert(Reader), batch)

        materials: list[str] = []
        marks = [author_mark(t.author, rng) for t in specs]

        def item_rows() -> Iterator[dict[str, Any]]:
            for k in range(items):
                t_index = k if k < n_titles else rng.randrange(n_titles)
                spec = specs[t_index]
                material = spec.material if rng.random() < 0.85 else pick(rng, MATERIAL_MIX)
                materials.append(material)
                owner = rng.choice(others) if others and rng.random() < 0.1 else here
                yield {
                    "id": item_base + k + 1,
                    "barcode": f"X{first_item + k:09d}",
                    "title_id": title_base + t_index + 1,
                    "call_number": f"{spec.clc}/{marks[t_index]}",
                    "material_type": material,
                    "owner_point_id": owner,
                    "location_point_id": here,
                    "status": "available",
                    "price_cents": 1500 + (k * 37) % 11000,
                    "created_at": now,
                }

        for batch in _chunks(item_rows()):
            s.execute(insert(Item), batch)

        # Loans: free copies per material, readers in random order, each up to quota - 1.
        free: dict[str, list[int]] = {}
        for k, m in enumerate(materials):
            if policy.material_type(m).loanable:
                free.setdefault(m, []).append(item_base + k + 1)
        for ids in free.values():
            rng.shuffle(ids)
        loan_rows: list[dict[str, Any]] = []
        lent: list[int] = []
        overdue = 0
        order = list(range(readers))
        rng.shuffle(order)
        cursor = 0
        while len(loan_rows) < open_loans and order:
            k = order[cursor % len(order)]
            cursor += 1
            if cursor > len(order) * 20:
                break
            rtype = reader_types[k]
            options = [m for m in free if free[m] and policy.loan_rule(rtype, m).quota > 0]
            if not options:
                continue
            material = rng.choices(options, weights=[len(free[m]) for m in options])[0]
            item_id = free[material].pop()
            rule = policy.loan_rule(rtype, material)
            late = rng.random() < 0.1
            back = rule.loan_days + rng.randint(5, 40) if late else rng.randint(0, rule.loan_days)
            out_day = today - timedelta(days=back)
            overdue += late
            loan_rows.append(
                {
                    "uid": new_uid(),
                    "item_id": item_id,
                    "reader_id": reader_base + k + 1,
                    "reader_type": rtype,
                    "material_type": material,
                    "point_id": here,
                    "staff_code": "system",
                    "checked_out_at": desk_time(out_day, rng),
                    "due_date": policy.due_date(out_day, rule.loan_days, desk.point.level),
                    "renewals": 0,
                    "standards_version": policy.version,
                    "override_codes": None,
                    "override_reason": None,
                    "returned_at": None,
                    "returned_point_id": None,
                    "fee_cents": 0,
                }
            )
            lent.append(item_id)
        for batch in _chunks(loan_rows):
            s.execute(insert(Loan), batch)

        def history_rows() -> Iterator[dict[str, Any]]:
            for _ in range(returned_loans if readers and items else 0):
                k, i = rng.randrange(readers), rng.randrange(items)
                back = now - timedelta(days=rng.uniform(1, 700))
                out = back - timedelta(days=rng.randint(3, 40))
                yield {
                    "uid": new_uid(),
                    "item_id": item_base + i + 1,
                    "reader_id": reader_base + k + 1,
                    "reader_type": reader_types[k],
                    "material_type": materials[i],
                    "point_id": here,
                    "staff_code": "system",
                    "checked_out_at": out,
                    "due_date": out.astimezone(BEIJING).date() + timedelta(days=30),
                    "renewals": 0,
                    "standards_version": policy.version,
                    "override_codes": None,
                    "override_reason": None,
                    "returned_at": back,
                    "returned_point_id": here,
                    "fee_cents": 0,
                }

        for batch in _chunks(history_rows()):
            s.execute(insert(Loan), batch)
        for start in range(0, len(lent), 900):
            s.execute(
                update(Item).where(Item.id.in_(lent[start : start + 900])).values(status="on_loan")
            )
    # Like an initial sync, the load ends with the search index caught up, so the desk's
    # own writes afterwards only index what they change.
    with desk.session(write=True) as s:
        s.info[search_index.DEFER] = True
        search_index.drain(s.connection())
    return BulkSummary(
        readers=readers,
        titles=n_titles,
        items=items,
        open_loans=len(loan_rows),
        overdue_loans=overdue,
        returned_loans=returned_loans if readers and items else 0,
        card_numbers=(f"XC{first_card:08d}", f"XC{first_card + readers - 1:08d}"),
        item_barcodes=(f"X{first_item:09d}", f"X{first_item + items - 1:09d}"),
    )
