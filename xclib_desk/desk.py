"""``Desk``: one open branch store, the single way the CLI and the UI run desk operations.

Each call to :meth:`Desk.write` is one SQLite transaction (``BEGIN IMMEDIATE``): the service's
domain rows, its outbox event and its audit entry commit together or not at all. The UI runs
these calls on a worker thread and never sees the Session.
"""

from __future__ import annotations

import os
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from .clock import HLC, Clock, SystemClock
from .common.lazy import lazy
from .errors import DeskError, Text, failure, one_of
from .input_checks import clean_text
from .models import Point, StandardsVersion, StoreMeta
from .models.holds import shelf_expired
from .protocol.events import PointInitialised, StandardsActivated
from .services.context import STANDARDS_CHANGED, SYSTEM, Actor, Ctx, PointRef, record
from .services.redaction import COMPACT_WAL
from .services.search_index import refresh as refresh_search_index
from .services.standards import local_rules
from .standards.hours import WeekRule, rule_for
from .standards.local import tighten
from .standards.policy import Policy, load_bundled
from .standards.schema import PointLevel, StandardsPackage
from .standards.timeline import in_force, takeovers
from .store import STORE_FILE, close_engine, open_engine

if TYPE_CHECKING:
    from .services import holds
else:  # a verb that never touches a hold does not load them (common/lazy.py)
    holds = lazy("xclib_desk.services.holds")

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
#: called after each batch with (items done, items in all)
Progress = Callable[[int, int], None]
SECRET_FILE = "secret.key"


class Desk:
    def __init__(self, data_dir: Path, engine: Engine, clock: Clock) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._id_key = _read_secret(data_dir)
        self._policies: list[tuple[datetime, Policy]] = []
        with self._sessions() as s:
            meta = s.scalars(select(StoreMeta)).one_or_none()
            if meta is None:
                raise DeskError("store_not_initialised", path=str(data_dir))
            p = s.get_one(Point, meta.point_id)
            self.point = PointRef(p.id, p.code, p.name, p.level)
            self.device_id = meta.device_id
            self._load_policies(s)

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None) -> Desk:
        engine = open_engine(data_dir, create=False)
        try:
            with _plainly(data_dir):
                desk = cls(data_dir, engine, clock or SystemClock())
            desk.release_expired_holds()  # holds: the hold shelf list true from the start
            return desk
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def initialise(
        cls,
        data_dir: Path,
        *,
        point_code: str,
        point_name: str,
        level: str,
        parent_code: str | None = None,
        package: StandardsPackage | None = None,
        clock: Clock | None = None,
    ) -> Desk:
        """Create this point's store offline, with the bundled standards (or the given ones)."""
        clock = clock or SystemClock()
        code = point_code.strip().upper()
        if not code or not code.replace("-", "").isalnum() or len(code) > 32:
            detail = Text(
                "服务点代码只能包含字母、数字和-",
                "the point code may contain letters, digits and - only",
            )
            raise DeskError("bad_input", detail=detail)
        name = clean_text(point_name, field="point_name", max_len=200)
        assert name is not None
        try:
            lvl = PointLevel(level)
        except ValueError:
            allowed = (x.value for x in PointLevel)
            raise DeskError("bad_input", detail=one_of("level", allowed), field="level") from None
        engine = open_engine(data_dir)
        pkg = package or load_bundled()
        now = clock.now()
        with Session(engine) as s:
            existing = s.scalars(select(StoreMeta)).one_or_none()
            if existing is not None:
                p = s.get_one(Point, existing.point_id)
                raise DeskError("store_already_initialised", code=p.code)
            point = Point(code=code, name=name, level=lvl.value, parent_code=parent_code)
            s.add(point)
            s.flush()
            device = str(uuid.uuid4())
            s.add(
                StoreMeta(
                    point_id=point.id,
                    device_id=device,
                    created_at=now,
                    next_seq=1,
                    hlc=HLC(0, 0, device[:8]).encode(),
                )
            )
            s.add(
                StandardsVersion(
                    version=pkg.version,
                    effective_from=pkg.effective_from,
                    body=pkg.model_dump_json(),
                    signature=None,
                    source="bundled",
                    installed_at=now,
                )
            )
            s.commit()
        _write_secret(data_dir)
        desk = cls(data_dir, engine, clock)
        desk.write(_initialised, SYSTEM, pkg.version)
        return desk

    def close(self) -> None:
        close_engine(self.engine, self.data_dir)

    def release_expired_holds(self) -> int:
        """Copies on this point's hold shelf past their pickup date go back (to the next hold
        or home: ``services/holds.expire_due``), at opening and before each sync, offline too."""
        if not self.read(_shelf_expired):
            return 0
        return len(self.write(holds.expire_due, SYSTEM))

    # --- rules in force ------------------------------------------------------------------
    def _load_policies(self, s: Session) -> None:
        rows = s.scalars(select(StandardsVersion).order_by(StandardsVersion.effective_from)).all()
        local = local_rules(s)
        self._policies = [
            (t, Policy(tighten(StandardsPackage.model_validate_json(r.body), local)))
            for t, r in takeovers((r.effective_from, r.version, r) for r in rows)
        ]
        # the point's level and own hours come from the hub too (a point row in the feed)
        p = s.get_one(Point, self.point.id)
        self.point = PointRef(p.id, p.code, p.name, p.level)
        self._own_week = p.schedule
        self._week_rules: dict[int, WeekRule] = {}

    def reload_rules(self) -> None:
        """Read the packages and local rules again: a long-running front end in its own
        process (the SIP2 server) sees what the desk app installed meanwhile."""
        with self.session(write=False) as s:
            self._load_policies(s)

    def policy_at(self, at: datetime) -> Policy:
        """The package in force at ``at``: the highest version whose effective time has come
        (``standards.timeline``)."""
        return in_force(self._policies, at)

    @property
    def policy(self) -> Policy:
        return self.policy_at(self.clock.now())

    def week_rule_at(self, at: datetime) -> WeekRule:
        """The point's hours and staffing minimum under the package in force at ``at``."""
        policy = self.policy_at(at)
        rule = self._week_rules.get(policy.version)
        if rule is None:
            rule = rule_for(policy.package, self.point.level, self._own_week)
            self._week_rules[policy.version] = rule
        return rule

    def is_scheduled_open(self, at: datetime) -> bool:
        return self.week_rule_at(at).is_open(at)

    # --- running operations --------------------------------------------------------------
    def ctx(self, actor: Actor) -> Ctx:
        return Ctx(
            actor,
            self.point,
            self.device_id,
            self.clock,
            self.policy_at,
            self._id_key,
            self.is_scheduled_open,
        )

    @contextmanager
    def session(self, *, write: bool) -> Iterator[Session]:
        with _plainly(self.data_dir), self._sessions() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE" if write else "DEFERRED"})
            try:
                yield s
                if write:
                    # whoever wrote titles or copies (desk, sync, import), the search index
                    # follows in the same transaction; a no-op query when nothing changed
                    refresh_search_index(s)
                    s.commit()
                    if s.info.pop(STANDARDS_CHANGED, False):
                        self._load_policies(s)
                    if s.info.pop(COMPACT_WAL, False):
                        self.compact_wal()
            finally:
                if write:  # a read's snapshot ends with the session's close, one step cheaper
                    s.rollback()

    def compact_wal(self) -> None:
        """Checkpoint and truncate the WAL, so old page images (e.g. redacted card numbers)
        leave the disk; skipped quietly if a reader still holds a snapshot."""
        try:
            raw = self.engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        except Exception as e:  # the operation is committed: a full disk must not deny it
            if failure(e, self.data_dir) is None:
                raise

    def write(
        self,
        fn: Callable[Concatenate[Session, Ctx, P], R],
        actor: Actor,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run a state-changing service in one transaction; on any error nothing is kept."""
        with self.session(write=True) as s:
            return fn(s, self.ctx(actor), *args, **kwargs)

    def read(
        self,
        fn: Callable[Concatenate[Session, Ctx, P], R],
        actor: Actor = SYSTEM,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        with self.session(write=False) as s:
            return fn(s, self.ctx(actor), *args, **kwargs)

    def write_batches(
        self,
        fn: Callable[Concatenate[Session, Ctx, list[T], P], R],
        actor: Actor,
        items: Sequence[T],
        size: int,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> tuple[list[R], bool]:
        """Run ``fn`` on ``items`` in batches of ``size``, one transaction each: a long job
        shows progress, can be cancelled between batches, and a crash keeps every finished
        batch. Returns each batch's result and whether it was cancelled."""
        out: list[R] = []
        size = max(1, size)
        for start in range(0, len(items), size):
            if cancel is not None and cancel.is_set():
                return out, True
            out.append(self.write(fn, actor, list(items[start : start + size]), *args, **kwargs))
            if progress is not None:
                progress(min(start + size, len(items)), len(items))
        return out, False


def _shelf_expired(s: Session, ctx: Ctx) -> bool:
    return bool(s.scalar(select(shelf_expired(ctx.point.code, ctx.today()).exists())))


@contextmanager
def _plainly(data_dir: Path) -> Iterator[None]:
    """A failure of the machine (full disk, I/O error, store locked too long) as a refusal in
    words: the transaction was rolled back, so "not done, data intact" is true."""
    try:
        yield
    except DeskError:
        raise
    except Exception as e:
        refusal = failure(e, data_dir)
        if refusal is None:
            raise
        raise refusal from e


def _initialised(s: Session, ctx: Ctx, version: int) -> None:
    p = s.get_one(Point, ctx.point.id)
    record(
        s,
        ctx,
        "point.initialised",
        PointInitialised(code=p.code, name=p.name, level=p.level, parent_code=p.parent_code),
        target=p.code,
    )
    record(
        s,
        ctx,
        "standards.activated",
        StandardsActivated(version=version, source="bundled"),
        target=str(version),
    )


def _write_secret(data_dir: Path) -> None:
    """The key for resident-ID hashes: readable by the desk's OS user only."""
    path = data_dir / SECRET_FILE
    if path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))


def _read_secret(data_dir: Path) -> bytes:
    path = data_dir / SECRET_FILE
    if not path.exists():
        if (data_dir / STORE_FILE).exists():
            _write_secret(data_dir)
        else:
            raise DeskError("store_not_initialised", path=str(data_dir))
    return path.read_bytes()
