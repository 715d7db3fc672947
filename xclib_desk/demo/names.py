"""Fake people for the demo and for tests: names, phones, resident ID numbers, birth dates.

Everything is drawn from a caller's ``random.Random``, so content depends only on the seed. The
ID numbers are valid GB 11643 numbers (check character and birth date), with real area codes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric

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


def pick(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    """One key of a weighted mix, e.g. :data:`READER_MIX`."""
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]
