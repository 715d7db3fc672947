"""What every page needs: the open desk, the signed-in actor, the ops lanes, the language.

Pages call ``ctx.write(...)`` / ``ctx.read(...)`` with a service function; the actor is added here
so no page can forget to put the signed-in staff member on an event.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..desk import Desk
from ..errors import DeskError
from ..services.context import Actor
from .ops import OpHandle, Ops


class UiContext(QObject):
    """Shared by the main window and its pages."""

    data_changed = Signal(str)  # what changed ("loans", "readers", "holdings", "sync", "staff")

    def __init__(self, desk: Desk, actor: Actor, lang: str, ops: Ops | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.actor = actor
        self.lang = "en" if lang.startswith("en") else "zh"
        self.ops = ops or Ops(self)
        self.sync_engine: Any = None  # xclib_desk.sync.engine.SyncEngine when enrolled

    # --- running services -------------------------------------------------------------------
    def write(self, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> OpHandle:
        """A state change as the signed-in staff member, in scan order on the serial lane."""
        call = functools.partial(self.desk.write, fn, self.actor, *args, **kwargs)
        return self.ops.serial(name, call)

    def read(self, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> OpHandle:
        """A read that keeps its place behind pending writes (e.g. loans after a check-out)."""
        call = functools.partial(self.desk.read, fn, self.actor, *args, **kwargs)
        return self.ops.serial(name, call)

    def search(self, name: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> OpHandle:
        """A possibly slow read on the background pool; cancellable before it starts."""
        call = functools.partial(self.desk.read, fn, self.actor, *args, **kwargs)
        return self.ops.background(name, call)

    # --- words ------------------------------------------------------------------------------
    def message(self, exc: object) -> str:
        return failure_text(exc, self.lang)

    def reader_type_name(self, code: str) -> str:
        rt = self.desk.policy.reader_types.get(code)
        if rt is None:
            return code
        return rt.name_en[:1].upper() + rt.name_en[1:] if self.lang == "en" else rt.name_zh

    def material_name(self, code: str) -> str:
        mt = self.desk.policy.material_types.get(code)
        if mt is None:
            return code
        return mt.name_en[:1].upper() + mt.name_en[1:] if self.lang == "en" else mt.name_zh

    def can(self, *roles: str) -> bool:
        return self.actor.role in roles


def failure_text(exc: object, lang: str) -> str:
    """A refusal in the user's language; an unexpected failure says what to do (its text,
    which may be a raw library message, goes to the log only)."""
    if isinstance(exc, DeskError):
        return exc.message(lang)
    return QCoreApplication.translate(
        "UiContext", "操作未完成：{error}。数据未被修改，请重试；如反复出现请联系管理员。"
    ).format(error=type(exc).__name__)
