"""The demo network: its points, its staff sign-ins, and the branch the demo desk plays.

In production points come from the hub and staff are added by an admin; a demo store adds them
itself so it works offline too.
"""

from __future__ import annotations

from sqlalchemy import select

from ..desk import Desk
from ..models import Point, Staff
from ..services import staff
from ..services.context import SYSTEM, Actor

#: Demo sign-ins, one per role (code, name, role, password). Printed by the demo; never for real.
DEMO_STAFF: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "王管理", "admin", "admin1234"),
    ("lib", "李馆员", "librarian", "lib12345"),
    ("desk", "张前台", "desk", "desk1234"),
)

#: The district's other demo points: the hall, and points the branch sends boxes to.
DEMO_POINTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("XCZG", "西城区图书馆总馆", "district", None),
    ("DSJD", "德胜街道分馆", "street", "XCZG"),
    ("SCHJD", "什刹海街道分馆", "street", "XCZG"),
    ("YTSQ", "月坛社区阅读空间", "community", "XCZG"),
    ("BZFYZ", "白纸坊书香驿站", "partner", "XCZG"),
)

#: The demo's librarian and front-desk sign-ins (of :data:`DEMO_STAFF`), as services see them.
LIBRARIAN = Actor("lib", "librarian", "李馆员")
FRONT = Actor("desk", "desk", "张前台")

#: The hall: it lends its copies to any district reader and sends new books to branches in boxes.
HALL = "XCZG"

#: The branch the demo desk plays (code, name, level, parent).
BRANCH = ("XCXJK", "新街口街道分馆", "street", HALL)

#: Served population per demo point (holdings and visits per capita need one).
DEMO_POPULATION = {"XCZG": 120_000, "XCXJK": 1_800, "YTSQ": 900}


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
