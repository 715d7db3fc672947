"""The hall's desk in the demo network: its own copies, lent to the branch's readers, and a box
of new books sent to the branch.

Every step is a hall desk operation through ``Desk.write`` (events and audit entries), dated by
walking the hall desk's :class:`FixedClock` through the recent past. The hall learns the
branch's readers from the hub's district reader index, as any point does, so it must have
synced once before :func:`hall_work`; the hub learns the hall's copies, loans and box from the
hall's own pushes afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from ..clock import FixedClock
from ..common.times import BEIJING
from ..desk import Desk
from ..errors import DeskError
from ..models import Reader
from ..services import circulation, holdings, shipments
from .catalogue import CLASSICS, TitleSpec, author_mark, make_titles
from .network import BRANCH, DEMO_POINTS, FRONT, HALL, LIBRARIAN, ensure_staff
from .simulation import catalogue_title, desk_time, open_point

#: The hall's barcodes start here, far from any branch's (barcodes are district-unique).
FIRST_BARCODE = 500_000_001


@dataclass
class HallWork:
    """What the hall did: its copies lent to branch readers, and the box sent to the branch."""

    copies: list[str] = field(default_factory=list)
    lent: list[str] = field(default_factory=list)  # barcodes, still out after the hall's work
    box: str | None = None
    box_items: list[str] = field(default_factory=list)


def open_hall(path: Path, now: datetime) -> Desk:
    """A new store for the hall's desk (opened long before its work), its clock at ``now``
    (walked back by :func:`hall_work`)."""
    name = next(n for c, n, *_ in DEMO_POINTS if c == HALL)
    return open_point(path, HALL, name, "district", FixedClock(now))


def hall_work(hall: Desk, *, seed: int = 1, copies: int = 24, lend: int = 12) -> HallWork:
    """Catalogue ``copies`` copies two months ago, lend up to ``lend`` of them to readers of the
    branch over the last six weeks, and yesterday pack four new copies into a box for the
    branch and dispatch it. Loans a rule refuses (a reader at quota, say) are skipped."""
    clock = hall.clock
    if not isinstance(clock, FixedClock):
        raise TypeError("the hall's work walks a FixedClock")
    rng = random.Random(seed + 11)
    now = clock.now()
    today = now.astimezone(BEIJING).date()
    work = HallWork()

    def at(day: date) -> None:
        clock.at = desk_time(day, rng)

    at(today - timedelta(days=70))
    ensure_staff(hall)
    specs = make_titles(rng, len(CLASSICS) + 8)[len(CLASSICS) :]
    for spec in specs:
        catalogue_title(hall, LIBRARIAN, spec)

    def add_copy(bc: str, spec: TitleSpec, material: str) -> None:
        hall.write(
            holdings.add_item,
            LIBRARIAN,
            barcode=bc,
            title_ref=spec.isbn,
            call_number=f"{spec.clc}/{author_mark(spec.author, rng)}",
            material_type=material,
            price_cents=rng.randrange(2000, 8000, 10),
        )

    barcodes = [f"X{FIRST_BARCODE + k:09d}" for k in range(copies + 4)]
    for k, bc in enumerate(barcodes[:copies]):
        spec = specs[k % (len(specs) - 2)]  # the last two titles are the box's new books
        add_copy(bc, spec, "book")
        work.copies.append(bc)

    # --- the branch's readers borrow the hall's copies (the district reader index) ---
    with hall.session(write=False) as s:
        cards = list(
            s.scalars(
                select(Reader.card_no)
                .where(Reader.index_only, Reader.status == "active", Reader.expires_on > today)
                .where(Reader.reader_type != "child")
                .order_by(Reader.card_no)
            )
        )
    days = sorted((rng.randint(10, 40) for _ in range(min(lend, len(cards), copies))), reverse=True)
    for back, card, bc in zip(days, rng.sample(cards, len(days)), work.copies, strict=False):
        at(today - timedelta(days=back))
        try:
            hall.write(circulation.check_out, FRONT, card, bc)
        except DeskError:
            continue
        work.lent.append(bc)

    # --- yesterday: four new copies (two titles) in a box for the branch ---
    at(today - timedelta(days=2))
    for k, bc in enumerate(barcodes[copies:]):
        spec = specs[len(specs) - 2 + k % 2]
        add_copy(bc, spec, spec.material)
        work.box_items.append(bc)
    at(today - timedelta(days=1))
    box = hall.write(shipments.new_shipment, LIBRARIAN, BRANCH[0], "新书配送")
    for bc in work.box_items:
        hall.write(shipments.add_item, LIBRARIAN, box.uid, bc)
    work.box = hall.write(shipments.dispatch, LIBRARIAN, box.uid).uid
    clock.at = now
    return work
