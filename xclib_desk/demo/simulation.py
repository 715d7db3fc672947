"""Months of back-dated desk work at the demo branch, deterministic by seed.

:func:`generate` runs every desk operation through the real services (``Desk.write``), so each
registration, cataloguing, loan, renewal and return has its outbox event and audit entry,
exactly as if staff had done it. History is simulated by moving the desk's clock through the
past, so loans can be overdue, renewed or returned late; duty shifts, visit counts and the
services checklist follow. Fine up to a few thousand rows.

Content (names, titles, ISBNs, ID numbers, CLC numbers) depends only on the seed; row UUIDs
and event ids are random as always.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import Clock, FixedClock
from ..common.times import BEIJING
from ..desk import Desk
from ..errors import DeskError
from ..models import Item, Loan, Reader, Staff, StoreMeta
from ..services import checklist, circulation, duty, holdings, readers, shipments, visits
from ..services.context import Actor
from ..standards.hours import midnight
from .catalogue import MATERIAL_MIX, TitleSpec, author_mark, make_titles
from .names import READER_MIX, STREETS, birth_for, person_name, phone, pick, resident_id
from .network import DEMO_POINTS, FRONT, LIBRARIAN, ensure_points, ensure_staff

LOAN_STATES = ("open", "overdue", "renewed", "returned", "returned_late")
#: the history's catalogue and loans start this many days before "now"
HISTORY_DAYS = 420
#: the oldest readers' cards (expired ones) and the staff accounts go back this much further
CARD_YEARS_DAYS = 6 * 366


def opening_time(now: datetime) -> datetime:
    """When a demo point "opened": the day before the oldest thing its history holds, so the
    compliance year (which starts at the opening if later than 1 January) counts the same
    months as the statistics."""
    today = now.astimezone(BEIJING).date()
    day = today - timedelta(days=HISTORY_DAYS + CARD_YEARS_DAYS + 1)
    return datetime.combine(day, time(8, 0), BEIJING).astimezone(UTC)


def open_point(path: Path, code: str, name: str, level: str, clock: Clock) -> Desk:
    """A new demo store whose opening (its ``point.initialised`` event) agrees with the
    back-dated history :func:`generate` writes; its clock is ``clock`` afterwards."""
    desk = Desk.initialise(path, point_code=code, point_name=name, level=level,
                           clock=FixedClock(opening_time(clock.now())))  # fmt: skip
    desk.clock = clock
    return desk


# --- the service path ---------------------------------------------------------------------------


@dataclass
class DemoSummary:
    """What :func:`generate` made; ``loans`` counts each final loan state."""

    staff: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    titles: int = 0
    items: int = 0
    readers: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    loans: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    shipment_out: str | None = None  # a box this point dispatched


# --- duty shifts, visits, services checklist --------------------------------------------------


def staffing_days(desk: Desk) -> int:
    """How many past days the demo records duty and visits for: the year so far, or since the
    point opened if later (at least two weeks), so the compliance page's opening hours and
    visits count every day of the period they cover."""
    today = desk.clock.now().astimezone(BEIJING).date()
    with desk.session(write=False) as s:
        created = s.scalar(select(StoreMeta.created_at))
    first = date(today.year, 1, 1)
    if created is not None:
        first = max(first, created.replace(tzinfo=UTC).astimezone(BEIJING).date())
    return max(14, (today - first).days)


def generate_staffing(desk: Desk, days: int = 14, seed: int = 1) -> int:
    """``days`` days of duty shifts (some leave early: understaffed spells), daily visit counts
    and this month's services checklist, through the real services, so the duty, hours and
    compliance pages have something to show. Returns the number of shifts written."""
    with desk.session(write=False) as s:
        rows = s.execute(select(Staff.code, Staff.role, Staff.name).where(Staff.active)).all()
    people = [Actor(code, role, name) for code, role, name in rows]
    if not people:
        return 0
    rng = random.Random(seed)
    original = desk.clock
    now = original.now()
    today = now.astimezone(BEIJING).date()
    clock = FixedClock(now)
    desk.clock = clock
    shifts = 0
    try:
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            spans = desk.week_rule_at(midnight(day) + timedelta(hours=12)).spans(day)
            minimum = desk.week_rule_at(midnight(day)).min_staff
            if spans:
                first, last = spans[0][0], spans[-1][1]
                for i, who in enumerate(people[: minimum + 1]):
                    start = first - 15 + rng.randrange(30) if i == 0 else first + rng.randrange(90)
                    early = rng.randrange(150) if rng.random() < 0.3 else 0
                    end = max(start + 30, last - early + rng.randrange(15))
                    clock.at = midnight(day) + timedelta(minutes=start)
                    desk.write(duty.sign_on, who)
                    clock.at = midnight(day) + timedelta(minutes=end)
                    desk.write(duty.sign_off, who)
                    shifts += 1
                clock.at = midnight(day) + timedelta(minutes=last)
                # a street branch's door count: a few a day, about its yearly per-capita target
                desk.write(visits.record_visits, people[0], day, rng.randrange(3, 12))
        clock.at = now
        lib = next((p for p in people if p.role in ("librarian", "admin")), None)
        if lib is not None:
            # each finished month of the period confirmed in full (one service missed in the
            # last of them), this month's all but its last service so far
            since = today - timedelta(days=days)
            months = sorted({f"{since + timedelta(days=d):%Y-%m}" for d in range(days + 1)})
            for period in months:
                current = period == f"{today:%Y-%m}"
                items = desk.read(checklist.checklist, lib, period).items
                for n, item in enumerate(items):
                    if item.provided is not None or (current and n == len(items) - 1):
                        continue
                    missed = n == 1 and (current or (len(months) > 1 and period == months[-2]))
                    desk.write(checklist.confirm, lib, item.service, not missed, "志愿者不足",
                               period=period)  # fmt: skip
    finally:
        desk.clock = original
    return shifts


def catalogue_title(desk: Desk, actor: Actor, spec: TitleSpec) -> holdings.TitleView:
    """One demo title catalogued at a desk through the ordinary service (event and audit)."""
    return desk.write(
        holdings.add_title,
        actor,
        title=spec.title,
        isbn=spec.isbn,
        author=spec.author,
        publisher=spec.publisher,
        year=spec.year,
        clc=spec.clc,
    )


def desk_time(day: date, rng: random.Random) -> datetime:
    """A desk-hours instant on a Beijing day, as UTC."""
    local = datetime.combine(day, time(9, 0), BEIJING) + timedelta(minutes=rng.randrange(8 * 60))
    return local.astimezone(UTC)


def next_number(s: Session, column: Any, prefix: str) -> int:
    """The number after the highest ``prefix``-numbered value of ``column`` (cards, barcodes)."""
    top = s.scalar(select(func.max(column)).where(column.like(prefix + "%")))
    digits = "".join(ch for ch in (top or "")[len(prefix) :] if ch.isdigit())
    return int(digits) + 1 if digits else 1


def generate(
    desk: Desk,
    *,
    readers: int = 200,
    titles: int = 300,
    items: int = 600,
    loans: int = 300,
    seed: int = 1,
) -> DemoSummary:
    """Fill ``desk`` through the real services, as months of desk work ending "now".

    Everything here is this point's own work, offline: its titles and copies, readers, loans in
    every state, blocks, duty, visits, and a box it dispatched. What other points do (the hall's
    copies lent to these readers, the hall's box on its way here) reaches the desk through a hub:
    see :mod:`.seed`.

    The desk's clock is swapped for a :class:`FixedClock` that walks through the simulated past
    and restored afterwards, so events and audit entries carry the simulated times. Operations a
    rule refuses (say a reader blocked by an overdue loan meanwhile) are skipped and counted.
    """
    if min(readers, titles, items, loans) < 0:
        raise ValueError("demo sizes cannot be negative")
    if titles == 0:
        items = 0  # a copy needs a title
    rng = random.Random(seed)
    original: Clock = desk.clock
    now = original.now()
    today = now.astimezone(BEIJING).date()
    clock = FixedClock(now)
    desk.clock = clock
    summary = DemoSummary()
    try:
        _generate(desk, clock, rng, now, today, summary, readers, titles, items, loans)
    finally:
        desk.clock = original
    # duty shifts, visits, services checklist over the compliance period
    generate_staffing(desk, days=staffing_days(desk), seed=seed)
    summary.shipment_out = dispatch_box(desk, seed)
    return summary


def _generate(
    desk: Desk,
    clock: FixedClock,
    rng: random.Random,
    now: datetime,
    today: date,
    summary: DemoSummary,
    n_readers: int,
    n_titles: int,
    n_items: int,
    n_loans: int,
) -> None:
    librarian, front = LIBRARIAN, FRONT
    policy = desk.policy
    schedule: list[tuple[datetime, int, Callable[[], None]]] = []

    def at(when: datetime, fn: Callable[[], None]) -> None:
        schedule.append((when, len(schedule), fn))

    start = today - timedelta(days=HISTORY_DAYS)
    clock.at = desk_time(
        start - timedelta(days=CARD_YEARS_DAYS), rng
    )  # staff before the oldest cards
    summary.staff = ensure_staff(desk)
    summary.points = [c for c, *_ in DEMO_POINTS if c != desk.point.code]
    ensure_points(desk)
    with desk.session(write=False) as s:
        next_card = next_number(s, Reader.card_no, "XC")
        next_item = next_number(s, Item.barcode, "X")

    # --- catalogue: titles, then this point's copies ---
    specs = make_titles(rng, n_titles)
    uids: dict[int, str] = {}

    def add_title(index: int, spec: TitleSpec) -> Callable[[], None]:
        def run() -> None:
            uids[index] = catalogue_title(desk, librarian, spec).uid
            summary.titles += 1

        return run

    for i, spec in enumerate(specs):
        at(desk_time(start + timedelta(days=i * 30 // max(n_titles, 1)), rng), add_title(i, spec))

    pools: dict[str, list[str]] = {}
    item_plan: list[tuple[int, str, str, str, int | None]] = []
    for k in range(n_items):
        t_index = k if k < n_titles else rng.randrange(n_titles) if n_titles else 0
        spec = specs[t_index]
        material = spec.material if rng.random() < 0.85 else pick(rng, MATERIAL_MIX)
        barcode = f"X{next_item + k:09d}"
        call = f"{spec.clc}/{author_mark(spec.author, rng)}"
        price = rng.randrange(1500, 12800, 10)
        item_plan.append((t_index, barcode, call, material, price))
        if policy.material_type(material).loanable:
            pools.setdefault(material, []).append(barcode)

    def add_items(batch: list[tuple[int, str, str, str, int | None]]) -> Callable[[], None]:
        def run() -> None:
            for t_index, barcode, call, material, price in batch:
                if t_index not in uids:
                    continue
                desk.write(
                    holdings.add_item,
                    librarian,
                    barcode=barcode,
                    title_ref=uids[t_index],
                    call_number=call,
                    material_type=material,
                    price_cents=price,
                )
                summary.items += 1

        return run

    at(desk_time(start + timedelta(days=35), rng), add_items(item_plan))

    # --- readers: most recent, some registered long enough ago that their card has expired ---
    used_ids: set[str] = set()
    cards: dict[str, list[str]] = {"adult": [], "senior": [], "child": []}

    def register(card: str, rtype: str, when: datetime) -> Callable[[], None]:
        reg_day = when.astimezone(BEIJING).date()
        birth = birth_for(rng, rtype, reg_day)
        number = resident_id(rng, birth, used_ids)
        name = person_name(rng)
        guardian = person_name(rng) if rtype == "child" else None
        kwargs: dict[str, Any] = {
            "card_no": card,
            "name": name,
            "reader_type": rtype,
            "id_number": number,
            "phone": phone(rng) if rtype != "child" else None,
            "address": f"北京市西城区{rng.choice(STREETS)}{rng.randint(1, 200)}号",
        }
        if guardian:
            kwargs |= {"guardian_name": guardian, "guardian_phone": phone(rng)}

        def run() -> None:
            desk.write(readers.register, front, **kwargs)
            summary.readers[rtype] = summary.readers.get(rtype, 0) + 1

        return run

    n_expired = max(1, n_readers // 40) if n_readers >= 4 else 0
    for k in range(n_readers):
        rtype = pick(rng, READER_MIX)
        card = f"XC{next_card + k:08d}"
        if k < n_expired:
            years = policy.card_years.get(rtype, 5)
            when = desk_time(today - timedelta(days=years * 366 + rng.randint(10, 200)), rng)
            summary.expired.append(card)
        else:
            when = desk_time(start + timedelta(days=rng.randint(0, 240)), rng)
            cards[rtype].append(card)
        at(when, register(card, rtype, when))

    # --- loans in every state ---
    def lendable_to(rtype: str) -> list[str]:
        """Materials with copies left that this reader type may borrow."""
        return [m for m in pools if pools[m] and policy.loan_rule(rtype, m).quota > 0]

    overdue_lateness: dict[str, int] = {}

    def plan_loan(state: str, card: str, barcode: str, rtype: str, material: str) -> None:
        rule = policy.loan_rule(rtype, material)
        if state == "open":
            out = today - timedelta(days=rng.randint(0, min(30, rule.loan_days - 2)))
        elif state == "overdue":  # one day per reader: a later loan would meet the block
            late = overdue_lateness.setdefault(card, rng.randint(15, 60))
            out = today - timedelta(days=42 + late)
        elif state == "renewed":
            out = today - timedelta(days=rule.loan_days - 2)
        elif state == "returned":
            out = today - timedelta(days=rng.randint(60, 150))
        else:
            out = today - timedelta(days=rng.randint(110, 160))
        t_out = desk_time(out, rng)

        def later(fn: Callable[..., object], *args: Any) -> Callable[[], None]:
            def run() -> None:
                try:
                    desk.write(fn, front, *args)
                except DeskError:
                    summary.skipped += 1

            return run

        at(t_out, later(circulation.check_out, card, barcode))

        if state == "renewed":
            at(desk_time(today - timedelta(days=1), rng), later(circulation.renew, barcode))
        elif state == "returned":
            back = out + timedelta(days=rng.randint(3, rule.loan_days - 1))
            at(desk_time(back, rng), later(circulation.check_in, barcode))
        elif state == "returned_late":
            back = out + timedelta(days=rule.loan_days + rng.randint(12, 60))
            at(desk_time(back, rng), later(circulation.check_in, barcode))

    # Readers with overdue loans get no other loans (the overdue block would refuse them).
    active = [(c, t) for t in cards for c in cards[t]]
    rng.shuffle(active)
    overdue_readers = active[: max(1, min(len(active) // 5, n_loans // 5))] if active else []
    others = active[len(overdue_readers) :] or overdue_readers
    per_reader: dict[str, int] = {}
    for k in range(n_loans):
        state = LOAN_STATES[k % len(LOAN_STATES)]
        pool = overdue_readers if state == "overdue" else others
        if not pool:
            break
        card, rtype = pool[k % len(pool)] if state == "overdue" else rng.choice(pool)
        if per_reader.get(card, 0) >= policy.total_quota(rtype) - 1:
            continue
        materials = lendable_to(rtype)
        if state == "renewed":
            materials = [m for m in materials if policy.loan_rule(rtype, m).renewals > 0]
        if not materials:
            continue
        material = rng.choice(materials)
        barcode = pools[material].pop(rng.randrange(len(pools[material])))
        if not pools[material]:
            del pools[material]
        per_reader[card] = per_reader.get(card, 0) + 1
        plan_loan(state, card, barcode, rtype, material)

    # --- a few blocked readers (not the ones with overdue loans) ---
    blockable = [c for c, _ in others if c not in per_reader] or [c for c, _ in others]
    for card in rng.sample(blockable, k=min(len(blockable), max(1, n_readers // 50))):

        def block(card: str = card) -> None:
            desk.write(readers.block, librarian, card, "多次逾期不还，暂停借阅")
            summary.blocked.append(card)

        at(desk_time(today - timedelta(days=2), rng), block)

    for when, _, fn in sorted(schedule, key=lambda x: (x[0], x[1])):
        clock.at = when
        fn()
    summary.loans = loan_states(desk, today)


# --- shipments: a box this point dispatched -------------------------------------------------


def dispatch_box(desk: Desk, seed: int = 1) -> str | None:
    """Three copies of ours on the shelf packed and dispatched to 德胜 (the Shipments page has a
    box on its way); the uid of the box, or None when the shelf is empty."""
    librarian = LIBRARIAN
    with desk.session(write=False) as s:
        here = desk.point.id
        shelf = list(
            s.scalars(
                select(Item.barcode)
                .where(
                    Item.owner_point_id == here,
                    Item.location_point_id == here,
                    Item.status == "available",
                )
                .order_by(Item.barcode)
                .limit(3)
            )
        )
    if not shelf:
        return None
    box = desk.write(shipments.new_shipment, librarian, "DSJD", "街道分馆调拨")
    for bc in shelf:
        desk.write(shipments.add_item, librarian, box.uid, bc)
    return desk.write(shipments.dispatch, librarian, box.uid).uid


def loan_states(desk: Desk, today: date) -> dict[str, int]:
    """Count loans by the state a user sees: open, overdue, renewed, returned, returned late."""
    counts = dict.fromkeys(LOAN_STATES, 0)
    with desk.session(write=False) as s:
        for due, renewals, returned, fee in s.execute(
            select(Loan.due_date, Loan.renewals, Loan.returned_at, Loan.fee_cents)
        ):
            if returned is not None:
                counts["returned_late" if fee > 0 else "returned"] += 1
            elif due < today:
                counts["overdue"] += 1
            elif renewals:
                counts["renewed"] += 1
            else:
                counts["open"] += 1
    return counts
