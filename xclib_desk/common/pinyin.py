"""Pinyin of Chinese text, with pypinyin loaded on first use: the one place that imports it.

pypinyin builds its phrase dictionary (hundreds of thousands of entries) when it is imported,
about a second of CPU on a desk machine. Most verbs never need pinyin (``status``, ``checkout``,
``sync``...), so nothing imports pypinyin at start: the desk asks here, and the first call
loads it. Registering a reader, indexing a title and the demo data pay the second once; a
check-out never does (``tests/test_cli_startup.py`` holds that).

Use :func:`syllables` and :func:`initials`; never ``import pypinyin`` elsewhere.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from types import ModuleType


@cache
def _pypinyin() -> ModuleType:
    """The pypinyin module, imported the first time any caller needs it."""
    return importlib.import_module("pypinyin")


def loaded() -> bool:
    """Whether pypinyin has been loaded in this process (for tests and diagnostics)."""
    return _pypinyin.cache_info().currsize > 0


def warm() -> None:
    """Load pypinyin and its word segmenter now: a server calls this at start, so that no
    request pays the second (the hub's first new title in each worker did)."""
    syllables("书目")


def syllables(text: str) -> list[str]:
    """``红楼梦`` -> ``["hong", "lou", "meng"]``, toneless; a character pypinyin does not know
    comes back unchanged, and a run of non-Chinese text as one element."""
    lazy: Callable[..., list[str]] = _pypinyin().lazy_pinyin
    return lazy(text)


def initials(text: str) -> list[str]:
    """``张三`` -> ``["z", "s"]``: the first letter of each syllable (pypinyin's
    ``FIRST_LETTER`` style)."""
    mod = _pypinyin()
    lazy: Callable[..., list[str]] = mod.lazy_pinyin
    return lazy(text, style=mod.Style.FIRST_LETTER)
