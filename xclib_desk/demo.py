"""Realistic demo data for a branch store, deterministic by seed.

Two paths, for two purposes:

- :func:`generate` runs every desk operation through the real services (``Desk.write``), so
  each registration, cataloguing, loan, renewal and return has its outbox event and audit entry,
  exactly as if staff had done it. History is simulated by moving the desk's clock through the
  past, so loans can be overdue, renewed or returned late. Fine up to a few thousand rows.
- :func:`bulk_load` writes rows with SQLAlchemy Core ``insert()`` executemany, for benchmark
  fixtures of district size (100,000 readers, 300,000 items). Those rows carry no outbox events.

Content (names, titles, ISBNs, ID numbers, CLC numbers) depends only on the seed; row UUIDs
and event ids are random as always.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session
from stdnum import ean
from stdnum.cn import ric

from .clock import Clock, FixedClock
from .common.times import BEIJING
from .desk import Desk
from .errors import DeskError
from .models import Item, Loan, Point, Reader, Staff, Title
from .services import circulation, holdings, readers, search_index, staff
from .services.context import SYSTEM, Actor, new_uid
from .services.idcard import mask_id
from .services.readers import add_years, pinyin_key

# --- staff and points --------------------------------------------------------------------------

#: Demo sign-ins, one per role (code, name, role, password). Printed by the demo; never for real.
DEMO_STAFF: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "王管理", "admin", "admin1234"),
    ("lib", "李馆员", "librarian", "lib12345"),
    ("desk", "张前台", "desk", "desk1234"),
)

#: Other points of the network, so items owned elsewhere show return-anywhere routing.
DEMO_POINTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("XCZG", "西城区图书馆总馆", "district", None),
    ("DSJD", "德胜街道分馆", "street", "XCZG"),
    ("SCHJD", "什刹海街道分馆", "street", "XCZG"),
    ("YTSQ", "月坛社区阅读空间", "community", "XCZG"),
    ("BZFYZ", "白纸坊书香驿站", "partner", "XCZG"),
)

# --- bibliographic material ----------------------------------------------------------------------

#: Publishers with their real ISBN registrant prefixes after 978-7.
PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("人民文学出版社", "02"),
    ("人民出版社", "01"),
    ("科学出版社", "03"),
    ("商务印书馆", "100"),
    ("中华书局", "101"),
    ("生活·读书·新知三联书店", "108"),
    ("北京出版社", "200"),
    ("清华大学出版社", "302"),
    ("机械工业出版社", "111"),
    ("人民邮电出版社", "115"),
    ("电子工业出版社", "121"),
    ("作家出版社", "5063"),
    ("中信出版社", "5086"),
    ("北京十月文艺出版社", "5302"),
    ("少年儿童出版社", "5324"),
    ("上海译文出版社", "5327"),
    ("长江文艺出版社", "5354"),
    ("二十一世纪出版社", "5391"),
    ("译林出版社", "5447"),
    ("接力出版社", "5448"),
)

#: Classics (title, author, CLC, material), so searches like 红楼梦 work in every demo store.
CLASSICS: tuple[tuple[str, str, str, str], ...] = (
    ("红楼梦", "曹雪芹", "I242.47", "book"),
    ("三国演义", "罗贯中", "I242.43", "book"),
    ("水浒传", "施耐庵", "I242.42", "book"),
    ("西游记", "吴承恩", "I242.41", "book"),
    ("呐喊", "鲁迅", "I210.6", "book"),
    ("朝花夕拾", "鲁迅", "I210.4", "child_book"),
    ("骆驼祥子", "老舍", "I246.57", "book"),
    ("围城", "钱锺书", "I246.57", "book"),
    ("边城", "沈从文", "I246.5", "book"),
    ("平凡的世界", "路遥", "I247.57", "book"),
    ("活着", "余华", "I247.57", "book"),
    ("三体", "刘慈欣", "I247.55", "book"),
    ("史记", "司马迁", "K204.2", "book"),
    ("论语译注", "杨伯峻", "B222.2", "book"),
    ("乡土中国", "费孝通", "C912.82", "book"),
    ("稻草人", "叶圣陶", "I287.5", "child_book"),
    ("草房子", "曹文轩", "I287.45", "child_book"),
    ("新华字典", "中国社会科学院语言研究所", "H163", "reference"),
    ("现代汉语词典", "中国社会科学院语言研究所", "H164", "reference"),
)

#: Title templates per CLC class: (class numbers, patterns, material type).
_SUBJECTS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("I247.57", "I247.7", "I246.57"),
        ("{place}的{season}", "{place}往事", "{season}的{thing}", "{thing}与{thing2}"),
        "book",
    ),
    (
        ("I267", "I266", "I207.22"),
        ("{place}散记", "{season}随笔", "我的{place}"),
        "book",
    ),
    (
        ("K837.125.6", "K825.6", "K820.9"),
        ("{person}传", "{person}评传", "{person}的一生"),
        "book",
    ),
    (
        ("K291", "K928.9", "K204"),
        ("{dynasty}{place}史话", "{place}地理图说", "{dynasty}风俗志"),
        "book",
    ),
    (
        ("TP311.1", "TP312", "TP181", "TP393"),
        ("{lang}程序设计", "{lang}从入门到实践", "{tech}原理与应用", "深入理解{tech}"),
        "book",
    ),
    (
        ("TS972.1", "TS976.3", "TU241"),
        ("{place}家常菜", "家庭{thing}指南", "{season}生活美学"),
        "book",
    ),
    (("O13", "O4", "Q1"), ("{tech}简史", "趣味{science}"), "book"),
    (("F830", "F272", "D923"), ("{money}入门", "{money}三十讲"), "book"),
    (("R212", "R247.1"), ("{season}养生", "中医{thing}"), "book"),
    (("J212", "J292.1", "J826"), ("{place}写生", "{dynasty}书法", "{thing}入门"), "book"),
    (("H319.4", "H195"), ("英语{thing}", "汉语{thing}手册"), "book"),
    (
        ("I287.5", "I287.45", "I287.8"),
        ("小{animal}{adventure}", "{animal}和{animal2}", "{season}的{animal}"),
        "child_book",
    ),
    (("Z228.1", "G624.2", "N49"), ("少儿{science}百科", "十万个为什么：{science}"), "child_book"),
    (("Z62", "I200"), ("{place}文学（{year}年合订本）", "{science}画报"), "periodical"),
    (("J642", "J825", "G634.413"), ("{dynasty}{thing}（光盘）", "{place}民歌精选（CD）"), "av"),
    (("Z32", "H316"), ("{science}辞典", "{money}大辞典"), "reference"),
)

_WORDS: dict[str, tuple[str, ...]] = {
    "place": ("胡同", "什刹海", "西单", "月坛", "德胜门", "护国寺", "琉璃厂", "白塔寺", "长安街"),
    "season": ("春天", "盛夏", "秋日", "冬夜", "清明", "黄昏", "雨季"),
    "thing": ("灯火", "四合院", "槐花", "鸽哨", "旧书", "茶馆", "京剧", "糖葫芦", "风筝"),
    "thing2": ("月光", "故人", "远方", "归途", "钟声"),
    "person": ("梅兰芳", "齐白石", "老舍", "詹天佑", "林徽因", "梁思成", "华罗庚"),
    "dynasty": ("元代", "明代", "清代", "民国", "辽金"),
    "lang": ("Python", "Java", "C语言", "Go", "JavaScript"),
    "tech": ("数据库", "操作系统", "人工智能", "计算机网络", "编译器", "机器学习"),
    "science": ("天文", "物理", "数学", "植物", "昆虫", "恐龙", "海洋"),
    "money": ("理财", "会计", "经济学", "民法典", "管理学"),
    "animal": ("熊猫", "狐狸", "兔子", "燕子", "刺猬", "小猫"),
    "animal2": ("大象", "松鼠", "乌龟", "喜鹊"),
    "adventure": ("去旅行", "的秘密", "找朋友", "历险记", "上学记"),
    "year": ("2023", "2024", "2025"),
}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红玉萍志鹏宇浩然晨曦子涵梓轩思雨欣怡"
)
STREETS = ("德胜门外大街", "新街口北大街", "西直门内大街", "月坛北街", "白纸坊东街", "广安门内大街")
#: Xicheng, Dongcheng, Chaoyang, Haidian, Fengtai area codes (GB/T 2260).
AREAS = ("110102", "110101", "110105", "110108", "110106")

#: Ages at registration for each reader type of the default package.
AGE_RANGES = {"adult": (18, 59), "senior": (60, 85), "child": (6, 13)}
READER_MIX = (("adult", 70), ("senior", 15), ("child", 15))
MATERIAL_MIX = (("book", 60), ("child_book", 20), ("periodical", 8), ("av", 7), ("reference", 5))
LOAN_STATES = ("open", "overdue", "renewed", "returned", "returned_late")


# --- pure generators -----------------------------------------------------------------------------


def isbn13(rng: random.Random, prefix: str, used: set[str]) -> str:
    """A valid ISBN-13 under a real Chinese registrant prefix (978-7-...), unique in ``used``."""
    while True:
        body = "9787" + prefix
        body += "".join(str(rng.randrange(10)) for _ in range(12 - len(body)))
        number = body + ean.calc_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def resident_id(rng: random.Random, birth: date, used: set[str]) -> str:
    """A GB 11643 resident ID with a correct MOD 11-2 check character, unique in ``used``."""
    while True:
        body = f"{rng.choice(AREAS)}{birth:%Y%m%d}{rng.randrange(1, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")  # it ignores the last character
        if number not in used:
            used.add(number)
            return number


def birth_for(rng: random.Random, reader_type: str, on: date) -> date:
    """A birth date giving an age inside the type's range on ``on`` (with margin for birthdays)."""
    lo, hi = AGE_RANGES[reader_type]
    age = rng.randint(lo, hi)
    return on - timedelta(days=age * 365 + age // 4 + rng.randint(30, 330))


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    return rng.choice(("138", "139", "135", "186", "150", "177")) + f"{rng.randrange(10**8):08d}"


def author_mark(author: str, rng: random.Random) -> str:
    """Book number as an author mark: surname initial + digits, as on many Chinese spines."""
    initial = (lazy_pinyin(author[:1], style=Style.FIRST_LETTER) or ["X"])[0][:1].upper()
    if not initial.isalpha():
        initial = "X"
    return f"{initial}{rng.randrange(1, 9999)}"


def _pick(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


@dataclass(frozen=True)
class TitleSpec:
    title: str
    author: str
    publisher: str
    isbn: str
    year: int
    clc: str
    material: str


def make_titles(
    rng: random.Random, count: int, used_isbns: set[str] | None = None
) -> list[TitleSpec]:
    """``count`` titles: the classics first, then titles built per subject."""
    used = used_isbns if used_isbns is not None else set()
    out: list[TitleSpec] = []
    for i in range(count):
        pub, prefix = rng.choice(PUBLISHERS)
        if i < len(CLASSICS):
            name, author, clc, material = CLASSICS[i]
        else:
            clcs, patterns, material = rng.choice(_SUBJECTS)
            clc = rng.choice(clcs)
            words = {k: rng.choice(v) for k, v in _WORDS.items()}
            name = rng.choice(patterns).format(**words)
            author = person_name(rng) + rng.choice(("", "", "", " 著", " 编著", " 主编"))
        out.append(
            TitleSpec(
                name,
                author,
                pub,
                isbn13(rng, prefix, used),
                rng.randint(1995, 2025),
                clc,
                material,
            )
        )
    return out


# --- the service path ---------------------------------------------------------------------------


@dataclass
class DemoSummary:
    """What :func:`generate` made; ``loans`` counts each final loan state."""

    staff: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    titles: int = 0
    items: int = 0
    items_elsewhere: int = 0
    readers: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    loans: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    shipment_in: str | None = None  # a box from the hall waiting to be received here
    shipment_out: str | None = None  # a box this point dispatched


def ensure_points(desk: Desk) -> list[str]:
    """Add the other demo points this store knows (in production they come from the hub)."""
    added: list[str] = []
    with desk.session(write=True) as s:
        known = set(s.scalars(select(Point.code)))
        for code, name, level, parent in DEMO_POINTS:
            if code not in known:
                s.add(Point(code=code, name=name, level=level, parent_code=parent))
                added.append(code)
    return added


def ensure_staff(desk: Desk) -> list[str]:
    """The three demo accounts; existing codes are left alone."""
    with desk.session(write=False) as s:
        known = set(s.scalars(select(Staff.code)))
    for code, name, role, password in DEMO_STAFF:
        if code not in known:
            desk.write(staff.add_staff, SYSTEM, code=code, name=name, role=role, password=password)
    return [code for code, *_ in DEMO_STAFF]


# --- staffing demo data (issue 5) ------------------------------------------------------------
def generate_staffing(desk: Desk, days: int = 14, seed: int = 1) -> int:
    """Two weeks of duty shifts (some leave early: understaffed spells), daily visit counts and
    this month's services checklist, through the real services, so the duty, hours and
    compliance pages have something to show. Returns the number of shifts written."""
    from .services import checklist, duty, visits
    from .standards.hours import midnight

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
                desk.write(visits.record_visits, people[0], day, rng.randrange(40, 160))
        clock.at = now
        lib = next((p for p in people if p.role in ("librarian", "admin")), None)
        if lib is not None:
            items = desk.read(checklist.checklist, lib).items
            for n, item in enumerate(items):
                if item.provided is None and n < len(items) - 1:
                    desk.write(checklist.confirm, lib, item.service, n != 1, "志愿者不足")
    finally:
        desk.clock = original
    return shifts


def _at(day: date, rng: random.Random) -> datetime:
    """A desk-hours instant on a Beijing day, as UTC."""
    local = datetime.combine(day, time(9, 0), BEIJING) + timedelta(minutes=rng.randrange(8 * 60))
    return local.astimezone(UTC)


def _next_number(s: Session, column: Any, prefix: str) -> int:
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
    hall_dir: Path | None = None,
) -> DemoSummary:
    """Fill ``desk`` through the real services, as months of desk work ending "now".

    ``hall_dir`` keeps the hall's desk that sends the incoming shipment (the embedded-hub demo
    enrols it, so the hub knows the box); by default it is a temporary store.

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
    generate_staffing(desk, seed=seed)  # duty shifts, visits, services checklist (issue 5)
    summary.shipment_in, summary.shipment_out = generate_shipments(desk, seed, hall_dir)
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
    librarian = Actor("lib", "librarian", "李馆员")
    front = Actor("desk", "desk", "张前台")
    policy = desk.policy
    schedule: list[tuple[datetime, int, Callable[[], None]]] = []

    def at(when: datetime, fn: Callable[[], None]) -> None:
        schedule.append((when, len(schedule), fn))

    start = today - timedelta(days=420)
    clock.at = _at(start - timedelta(days=6 * 366), rng)  # staff before the oldest cards
    summary.staff = ensure_staff(desk)
    summary.points = [c for c, *_ in DEMO_POINTS if c != desk.point.code]
    ensure_points(desk)
    with desk.session(write=False) as s:
        next_card = _next_number(s, Reader.card_no, "XC")
        next_item = _next_number(s, Item.barcode, "X")
        elsewhere = [
            p.id for p in s.scalars(select(Point).where(Point.code.in_(summary.points))).all()
        ]

    # --- catalogue: titles, then copies (10% owned by other points) ---
    specs = make_titles(rng, n_titles)
    uids: dict[int, str] = {}

    def add_title(index: int, spec: TitleSpec) -> Callable[[], None]:
        def run() -> None:
            t = desk.write(
                holdings.add_title,
                librarian,
                title=spec.title,
                isbn=spec.isbn,
                author=spec.author,
                publisher=spec.publisher,
                year=spec.year,
                clc=spec.clc,
            )
            uids[index] = t.uid
            summary.titles += 1

        return run

    for i, spec in enumerate(specs):
        at(_at(start + timedelta(days=i * 30 // max(n_titles, 1)), rng), add_title(i, spec))

    pools: dict[str, list[str]] = {}
    item_plan: list[tuple[int, str, str, str, int, int | None]] = []
    for k in range(n_items):
        t_index = k if k < n_titles else rng.randrange(n_titles) if n_titles else 0
        spec = specs[t_index]
        material = spec.material if rng.random() < 0.85 else _pick(rng, MATERIAL_MIX)
        barcode = f"X{next_item + k:09d}"
        call = f"{spec.clc}/{author_mark(spec.author, rng)}"
        owner = rng.choice(elsewhere) if elsewhere and rng.random() < 0.1 else 0
        price = rng.randrange(1500, 12800, 10)
        item_plan.append((t_index, barcode, call, material, owner, price))
        if policy.material_type(material).loanable:
            pools.setdefault(material, []).append(barcode)

    def add_items(batch: list[tuple[int, str, str, str, int, int | None]]) -> Callable[[], None]:
        def run() -> None:
            for t_index, barcode, call, material, owner, price in batch:
                if t_index not in uids:
                    continue
                if owner == 0:
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
                else:  # a copy of another point, here through return-anywhere (synced)
                    with desk.session(write=True) as s:
                        title = s.scalars(select(Title).where(Title.uid == uids[t_index])).one()
                        s.add(
                            Item(
                                barcode=barcode,
                                title_id=title.id,
                                call_number=call,
                                material_type=material,
                                owner_point_id=owner,
                                location_point_id=desk.point.id,
                                status="available",
                                price_cents=price,
                                created_at=clock.now(),
                            )
                        )
                    summary.items_elsewhere += 1

        return run

    at(_at(start + timedelta(days=35), rng), add_items(item_plan))

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
        rtype = _pick(rng, READER_MIX)
        card = f"XC{next_card + k:08d}"
        if k < n_expired:
            years = policy.card_years.get(rtype, 5)
            when = _at(today - timedelta(days=years * 366 + rng.randint(10, 200)), rng)
            summary.expired.append(card)
        else:
            when = _at(start + timedelta(days=rng.randint(0, 240)), rng)
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
        t_out = _at(out, rng)

        def later(fn: Callable[..., object], *args: Any) -> Callable[[], None]:
            def run() -> None:
                try:
                    desk.write(fn, front, *args)
                except DeskError:
                    summary.skipped += 1

            return run

        at(t_out, later(circulation.check_out, card, barcode))

        if state == "renewed":
            at(_at(today - timedelta(days=1), rng), later(circulation.renew, barcode))
        elif state == "returned":
            back = out + timedelta(days=rng.randint(3, rule.loan_days - 1))
            at(_at(back, rng), later(circulation.check_in, barcode))
        elif state == "returned_late":
            back = out + timedelta(days=rule.loan_days + rng.randint(12, 60))
            at(_at(back, rng), later(circulation.check_in, barcode))

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

        at(_at(today - timedelta(days=2), rng), block)

    for when, _, fn in sorted(schedule, key=lambda x: (x[0], x[1])):
        clock.at = when
        fn()
    summary.loans = loan_states(desk, today)


# --- shipments demo data (issue 6) -----------------------------------------------------------
HALL = "XCZG"


def generate_shipments(
    desk: Desk, seed: int = 1, hall_dir: Path | None = None
) -> tuple[str, str | None]:
    """One box from the hall on its way here (the Shipments page has something to receive) and
    one this point dispatched to 德胜. Returns (incoming uid, outgoing uid or None).

    The incoming box is packed and dispatched at a real hall desk (``hall_dir``, or a temporary
    store) through the services, then reaches this desk as the hub's change feed would bring it
    (the copies' rows with their titles, then the box) through ``sync.apply``. The embedded-hub
    demo enrols that hall desk and syncs it, so the hub holds the same box and accepts the receipt.
    """
    import shutil
    import tempfile

    from .services import shipments

    rng = random.Random(seed + 6)
    librarian = Actor("lib", "librarian", "李馆员")
    now = desk.clock.now()
    # --- outgoing: three copies of ours on the shelf go to 德胜 ---
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
        first_barcode = _next_number(s, Item.barcode, "X")
        used_isbns = {i for i in s.scalars(select(Title.isbn)) if i}
    out_uid = None
    if shelf:
        box = desk.write(shipments.new_shipment, librarian, "DSJD", "街道分馆调拨")
        for bc in shelf:
            desk.write(shipments.add_item, librarian, box.uid, bc)
        out_uid = desk.write(shipments.dispatch, librarian, box.uid).uid
    # --- incoming: the hall sends four new copies (two titles) ---
    temp = hall_dir is None
    path = Path(tempfile.mkdtemp(prefix="xclib-hall-")) / "hall" if hall_dir is None else hall_dir
    hall = Desk.initialise(
        path,
        point_code=HALL,
        point_name=dict((c, n) for c, n, *_ in DEMO_POINTS)[HALL],
        level="district",
        clock=FixedClock(now - timedelta(days=1)),
    )
    try:
        with hall.session(write=True) as s:  # in production the hub brings the points
            p = desk.point
            s.add(Point(code=p.code, name=p.name, level=p.level, parent_code=HALL))
        specs = make_titles(rng, len(CLASSICS) + 2, set(used_isbns))[len(CLASSICS) :]
        barcodes = [f"X{first_barcode + k:09d}" for k in range(4)]
        for spec in specs:
            hall.write(
                holdings.add_title, librarian, title=spec.title, isbn=spec.isbn,
                author=spec.author, publisher=spec.publisher, year=spec.year, clc=spec.clc,
            )  # fmt: skip
        for k, bc in enumerate(barcodes):
            spec = specs[k % len(specs)]
            hall.write(
                holdings.add_item, librarian, barcode=bc, title_ref=spec.isbn,
                call_number=f"{spec.clc}/{author_mark(spec.author, rng)}",
                material_type=spec.material, price_cents=rng.randrange(2000, 8000),
            )  # fmt: skip
        box = hall.write(shipments.new_shipment, librarian, desk.point.code, "新书配送")
        for bc in barcodes:
            hall.write(shipments.add_item, librarian, box.uid, bc)
        sent = hall.write(shipments.dispatch, librarian, box.uid)
        changes = _hub_feed(hall, sent)
    finally:
        hall.close()
        if temp:
            shutil.rmtree(path.parent, ignore_errors=True)
    from .sync.apply import apply_changes

    desk.write(apply_changes, SYSTEM, changes)
    return sent.uid, out_uid


def _hub_feed(src: Desk, box: Any) -> list[Any]:
    """A dispatched box as the hub's change feed gives it to the destination (the rows of
    ``hub.push.feed.item_row`` and ``shipment_row``), built from the sender's store."""
    from .protocol.feed import ItemChange, ShipmentChange

    codes = [x.barcode for x in box.lines]
    with src.session(write=False) as s:
        point = dict(s.execute(select(Point.id, Point.code)).all())
        rows = s.execute(select(Item, Title).join(Title).where(Item.barcode.in_(codes))).all()
        items = [
            {
                "barcode": it.barcode,
                "title": {
                    "uid": t.uid, "isbn": t.isbn, "title": t.title, "author": t.author,
                    "publisher": t.publisher, "year": t.year, "clc": t.clc,
                    "language": t.language,
                },
                "title_uid": t.uid,
                "call_number": it.call_number,
                "material_type": it.material_type,
                "owner": point[it.owner_point_id],
                "location": point[it.location_point_id],
                "status": it.status,
                "price_cents": it.price_cents,
            }
            for it, t in rows
        ]  # fmt: skip
    data = {
        "uid": box.uid,
        "from_point": box.from_point,
        "to_point": box.to_point,
        "status": box.status,
        "staff_code": box.staff_code,
        "note": box.note,
        "dispatched_at": box.dispatched_at.isoformat(),
        "received_at": None,
        "items": [
            {"barcode": bc, "outcome": "packed", "damaged": False, "note": None,
             "transfer_uid": None}
            for bc in sorted(codes)
        ],
    }  # fmt: skip
    changes = [
        ItemChange.model_validate({"pos": k, "key": x["barcode"], "data": x})
        for k, x in enumerate(items)
    ]
    return [
        *changes,
        ShipmentChange.model_validate({"pos": len(changes), "key": box.uid, "data": data}),
    ]


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


# --- the bulk path ------------------------------------------------------------------------------


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
    card_numbers: tuple[str, str]  # first and last card number written
    item_barcodes: tuple[str, str]


def bulk_load(
    desk: Desk,
    *,
    readers: int = 100_000,
    items: int = 300_000,
    open_loans: int = 50_000,
    titles: int | None = None,
    seed: int = 1,
) -> BulkSummary:
    """Write a district-sized collection fast, with SQLAlchemy Core executemany.

    Bulk rows carry **no outbox events and no audit entries**: they stand for holdings, readers
    and loans received by a point's initial sync from the hub, not for operations made at this
    desk, so there is nothing to send back. Use :func:`generate` when every row must be a real
    desk operation. Readers get valid resident-ID hashes and masked numbers, items all material
    types, loans respect each reader type's materials and quota; about 10% of the open loans
    are overdue.
    """
    if min(readers, items, open_loans, titles or 0) < 0:
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
        first_card = _next_number(s, Reader.card_no, "XC")
        first_item = _next_number(s, Item.barcode, "X")
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
                rtype = _pick(rng, READER_MIX)
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
                material = spec.material if rng.random() < 0.85 else _pick(rng, MATERIAL_MIX)
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
                    "checked_out_at": _at(out_day, rng),
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
        card_numbers=(f"XC{first_card:08d}", f"XC{first_card + readers - 1:08d}"),
        item_barcodes=(f"X{first_item:09d}", f"X{first_item + items - 1:09d}"),
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m xclib_desk.demo DIR``: a demo store with history, for trying the desk."""
    import argparse
    import json
    from pathlib import Path

    from .desk import json_ready

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--point", default="XCXJK")
    ap.add_argument("--name", default="新街口街道分馆")
    ap.add_argument("--level", default="street")
    ap.add_argument("--readers", type=int, default=200)
    ap.add_argument("--titles", type=int, default=300)
    ap.add_argument("--items", type=int, default=600)
    ap.add_argument("--loans", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    try:
        desk = Desk.open(args.data_dir)
    except DeskError:
        desk = Desk.initialise(
            args.data_dir, point_code=args.point, point_name=args.name, level=args.level
        )
    summary = generate(
        desk,
        readers=args.readers,
        titles=args.titles,
        items=args.items,
        loans=args.loans,
        seed=args.seed,
    )
    desk.close()
    print(json.dumps(json_ready(summary), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
