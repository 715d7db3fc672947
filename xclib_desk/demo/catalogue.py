"""Demo catalogue material: publishers, classics, titles built per CLC subject, valid ISBNs.

The demo, tests and benchmarks draw titles from here (:func:`make_titles`), so searches like
红楼梦 work in every demo store and every ISBN and class number passes the desk's own checks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum import ean

from ..common import pinyin
from .names import person_name

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

MATERIAL_MIX = (("book", 60), ("child_book", 20), ("periodical", 8), ("av", 7), ("reference", 5))


def isbn13(rng: random.Random, prefix: str, used: set[str]) -> str:
    """A valid ISBN-13 under a real Chinese registrant prefix (978-7-...), unique in ``used``."""
    while True:
        body = "9787" + prefix
        body += "".join(str(rng.randrange(10)) for _ in range(12 - len(body)))
        number = body + ean.calc_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def author_mark(author: str, rng: random.Random) -> str:
    """Book number as an author mark: surname initial + digits, as on many Chinese spines."""
    initial = (pinyin.initials(author[:1]) or ["X"])[0][:1].upper()
    if not initial.isalpha():
        initial = "X"
    return f"{initial}{rng.randrange(1, 9999)}"


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
