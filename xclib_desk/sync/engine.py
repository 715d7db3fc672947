"""The headless sync engine: push the outbox, pull the point's change feed, report status.

Public API (the UI and the CLI code against this):

- ``SyncEngine(desk)`` — one per open desk; ``status()`` is safe to call while a run is on.
- ``engine.enrol(hub_url, code, ca_cert=None, allow_insecure=False)`` — exchange a one-time
  code for a device token (the address rule of ``sync.address`` checked first).
- ``engine.run_once(progress=cb, cancel=threading.Event()) -> SyncResult`` — handshake, push
  everything pending in batches, then pull until the feed is exhausted.
- ``engine.status() -> SyncStatus``.
- ``engine.start_background(interval_s)`` / ``engine.stop_background()`` — a timer thread that
  retries failures with exponential backoff and jitter.

A run never loses or doubles an event: delivery results are recorded only after the hub
answered, and the hub's ledger turns a re-sent event into ``duplicate`` with the first answer.

A run never dies either: whatever goes wrong (no network, a hub answering garbage, a store that
cannot be written, a bug) ends the run as a :class:`SyncFault` — a stable code and a message in
the user's language (``errors.MESSAGES``), never a library's text or a traceback — kept as
``status().last_error``; the background loop carries on with backoff. Each run starts by asking
the hub for the device's highest sequence number (``sync/sequence.py``), so a restored backup
never reuses one.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
import zstandard
from pydantic import ValidationError
from requests.adapters import HTTPAdapter
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from urllib3.util.retry import Retry

from ..common.collector import collector_paused
from ..errors import DeskError, current_locale, render
from ..models import OutboxDelivery, OutboxEvent, SyncException
from ..models.records import undelivered
from ..protocol.feed import read_changes
from ..protocol.wire import (
    MAX_CLOCK_DRIFT_MS,
    OLDEST_SPOKEN,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    DeviceState,
    EnrolRequest,
    EnrolResponse,
    EventEnvelope,
    Hello,
    PushRequest,
    PushResponse,
    read_pull_page,
)
from ..services import search
from ..services import standards as standards_service
from ..services.context import SYSTEM, Ctx
from . import refusals
from .address import check_hub_url
from .apply import (
    CURSOR_KEY,
    PageApplied,
    apply_changes,
    apply_page,
    get_state,
    merge_hub_clock,
    set_state,
)
from .sequence import due as sequence_due
from .sequence import raise_above
from .tokens import TokenStore, default_store

if TYPE_CHECKING:
    from ..desk import Desk

log = logging.getLogger(__name__)

#: titles the search index takes per transaction when catching up after a pull
INDEX_BATCH = 1000
#: sync state: the protocol agreed at the last handshake (a new hub's enrolment forgets it)
SPOKEN_KEY = "protocol_spoken"


@dataclass(frozen=True)
class SyncProgress:
    """One step of a run: ``phase`` is handshake | push | pull; ``total`` may be None."""

    phase: str
    done: int
    total: int | None
    message: str = ""


ProgressFn = Callable[[SyncProgress], None]


#: the engine's failure code -> the message staff read (a code of ``errors.MESSAGES``)
FAULT_MESSAGES = {
    "not_enrolled": "sync_not_enrolled",
    "network": "sync_network",
    "protocol": "sync_protocol",
    "auth": "sync_auth",
    "enrol_refused": "sync_auth",
    "hub": "sync_hub_error",
    "bad_answer": "sync_bad_answer",
    "store": "sync_store",
    "internal": "sync_internal",
}


@dataclass(frozen=True)
class SyncFault:
    """Why the last run failed: a stable ``code`` (a key of :data:`FAULT_MESSAGES`) and
    plain parameters (the hub's address, the hub's own error code, an exception's type name:
    never a library's message, which may carry personal data or a traceback)."""

    code: str
    hub: str = ""
    detail: str = ""

    def message(self, locale: str | None = None) -> str:
        """In the user's language (``locale``, else ``XCLIB_LANG``, else Chinese)."""
        params = {"hub": self.hub or "?", "detail": self.detail or "?"}
        return render(FAULT_MESSAGES.get(self.code, "sync_internal"), params, locale)

    def dumps(self) -> str:
        return json.dumps({"code": self.code, "hub": self.hub, "detail": self.detail})

    @classmethod
    def loads(cls, stored: str) -> SyncFault:
        """A stored fault; text an older build stored reads as an unexpected failure."""
        try:
            d = json.loads(stored)
            return cls(str(d["code"]), str(d.get("hub", "")), str(d.get("detail", "")))
        except (ValueError, KeyError, TypeError):
            return cls("internal", detail=stored.partition(":")[0][:40])


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    hub_url: str | None
    online: bool
    pending: int
    oldest_pending_age_s: float | None
    last_success: datetime | None
    #: the last run's failure in the user's language (None after a run that succeeded)
    last_error: str | None
    clock_offset_ms: float | None
    clock_drift_warning: bool
    protocol_ok: bool
    open_exceptions: int
    #: the last run's failure as a stable code (``SyncFault.code``: network, hub, store...)
    last_error_code: str | None = None
    #: feed rows refused and kept for review (see ``sync/refusals.py``)
    refused_rows: int = 0


@dataclass
class SyncResult:
    ok: bool
    pushed: int = 0
    results: dict[str, int] = field(default_factory=dict)  # status -> count
    pulled: int = 0
    cursor: str | None = None
    cancelled: bool = False
    error: str | None = None
    #: the failure as a code and parameters (``error`` is its short form, "code: detail")
    fault: SyncFault | None = None
    #: feed rows refused in this run (failed the protocol's types, or applying them failed)
    refused: int = 0
    #: undelivered events moved above the hub's highest sequence number (a restored backup)
    renumbered: int = 0


class SyncError(Exception):
    """A run could not finish; ``code`` is stable (not_enrolled, protocol, auth, network, hub);
    ``detail`` is safe to show (the hub's own error code, never a library's message)."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail


# delivery status stored at the desk for each wire result
_STORED = {"applied": "applied", "applied_with_flag": "flagged", "rejected": "rejected"}


def make_http(retries: int = 3) -> requests.Session:
    """A session that retries connection errors and 502/503/504 with backoff (push is
    idempotent, so retrying a POST is safe)."""
    http = requests.Session()
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        backoff_factor=0.3,
        backoff_jitter=0.3,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


class SyncEngine:
    def __init__(
        self,
        desk: Desk,
        *,
        http: requests.Session | None = None,
        tokens: TokenStore | None = None,
        batch_size: int = 500,
        page_size: int = 1000,
        timeout: float = 60.0,
        compression: str = "zstd",
    ) -> None:
        self.desk = desk
        self.http = http or make_http()
        self.tokens = tokens or default_store(desk.data_dir, desk.device_id)
        self.batch_size, self.page_size, self.timeout = batch_size, page_size, timeout
        self.compression = compression
        #: the newest protocol this desk speaks; ``speaking``: the one agreed at the last
        #: handshake with this hub, kept in the store: a fresh process's first request (a
        #: fetched copy, a union search) speaks it before any handshake of its own
        self.protocol_version = PROTOCOL_VERSION
        self.speaking = self._agreed_before()
        #: the language of ``status().last_error`` (None: ``XCLIB_LANG``, else Chinese)
        self.locale: str | None = None
        #: the last run's fault in this process (kept when the store cannot record it)
        self._fault: SyncFault | None = None
        self._ran = False
        self._online = False
        self._run_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- state kept in the store ----------------------------------------------------------
    def _state(self, key: str) -> str | None:
        return self.desk.read(lambda s, _c: get_state(s, key))

    def _set(self, **values: str | None) -> None:
        def go(s: Session, _c: Ctx) -> None:
            for k, v in values.items():
                set_state(s, k, v)

        self.desk.write(go, SYSTEM)

    def _agreed_before(self) -> int:
        stored = self._state(SPOKEN_KEY) or ""
        agreed = int(stored) if stored.isdigit() else PROTOCOL_VERSION
        return agreed if OLDEST_SPOKEN <= agreed <= PROTOCOL_VERSION else PROTOCOL_VERSION

    @property
    def hub_url(self) -> str | None:
        return self._state("hub_url")

    def set_hub_url(self, url: str) -> None:
        """Point an enrolled desk at another address of the same hub (the token stays)."""
        self._set(hub_url=url.rstrip("/"))

    def _verify(self) -> bool | str:
        ca = self._state("ca_cert")
        return ca if ca else True

    def _headers(self) -> dict[str, str]:
        h = {PROTOCOL_HEADER: str(self.speaking)}
        token = self.tokens.get()
        if token:
            h["Authorization"] = f"Bearer {token}"
        return h

    # --- enrolment ------------------------------------------------------------------------
    def enrol(
        self, hub_url: str, code: str, ca_cert: str | None = None, allow_insecure: bool = False
    ) -> EnrolResponse:
        """One-time code -> device token for this desk's point, kept in the token store.
        The address rule is checked here too, so no caller can send the token in clear."""
        url = check_hub_url(hub_url, allow_insecure)
        verify: bool | str = str(Path(ca_cert).resolve()) if ca_cert else True
        req = EnrolRequest(
            code=code.strip(),
            device_id=self.desk.device_id,
            point_code=self.desk.point.code,
            device_name=f"{self.desk.point.code} desk",
        )
        try:
            r = self.http.post(
                url + "/v1/enrol",
                data=req.model_dump_json(),
                headers={"Content-Type": "application/json"},
                timeout=self.timeout,
                verify=verify,
            )
        except requests.RequestException as e:
            raise SyncError("network", f"cannot reach hub {url}: {e}") from None
        if r.status_code != 200:
            raise SyncError("enrol_refused", _problem(r))
        try:
            out = EnrolResponse.model_validate_json(r.content)
        except ValidationError:
            raise SyncError("bad_answer", "the hub's answer to enrol cannot be read") from None
        for key in out.district_keys:  # packages from the hub are verified against these
            self.desk.write(standards_service.trust_key, SYSTEM, key)
        self.tokens.set(out.token)
        self._set(
            hub_url=url, ca_cert=verify if isinstance(verify, str) else None, **{SPOKEN_KEY: None}
        )
        self.speaking = PROTOCOL_VERSION
        return out

    # --- one run --------------------------------------------------------------------------
    def run_once(
        self, progress: ProgressFn | None = None, cancel: threading.Event | None = None
    ) -> SyncResult:
        """Handshake, push all pending events, pull all pages. Errors end up in the result
        and in ``status().last_error``; nothing already committed is undone."""
        report = progress or (lambda _p: None)
        cancel = cancel or threading.Event()
        result = SyncResult(ok=False)
        with self._run_lock:
            try:
                self._run(result, report, cancel)
                result.ok = not result.cancelled
            except Exception as e:  # a run never dies: every failure becomes a fault
                result.fault = self._fault_of(e)
                said = str(e) if isinstance(e, SyncError) else result.fault.detail
                result.error = f"{result.fault.code}: {said}"
            self._ran = True
            if result.ok or result.fault is not None:
                self._fault = result.fault
                self._remember(result)
        return result

    def _fault_of(self, e: Exception) -> SyncFault:
        """The typed fault of an exception; the log gets its type and code, not its text."""
        hub = self._hub_url_quiet()
        if isinstance(e, SyncError):
            fault = SyncFault(e.code, hub, e.detail)
        elif isinstance(e, requests.RequestException):
            self._online = False
            fault = SyncFault("network", hub)
        elif isinstance(e, ValidationError | ValueError):  # JSON or shape of an answer
            fault = SyncFault("bad_answer", hub, type(e).__name__)
        elif isinstance(e, OperationalError | OSError):
            fault = SyncFault("store", hub, type(e).__name__)
        elif isinstance(e, DeskError):
            fault = SyncFault("internal", hub, e.code)
        else:
            fault = SyncFault("internal", hub, type(e).__name__)
        log.warning("sync run failed: %s (%s)", fault.code, fault.detail or type(e).__name__)
        return fault

    def _hub_url_quiet(self) -> str:
        try:
            return self.hub_url or ""
        except Exception:  # the store itself may be what failed
            return ""

    def _remember(self, result: SyncResult) -> None:
        """Last success or last fault into the store; a store that cannot take it (the fault
        may be the store's) leaves it in this process only."""
        try:
            if result.ok:
                self._set(last_success=_now().isoformat(), last_error=None)
            elif result.fault is not None:
                self._set(last_error=result.fault.dumps())
        except Exception as e:
            log.warning("sync state not stored: %s", type(e).__name__)

    def _run(self, result: SyncResult, report: ProgressFn, cancel: threading.Event) -> None:
        url = self.hub_url
        if not url or not self.tokens.get():
            raise SyncError(
                "not_enrolled", "this desk is not enrolled with a hub (xclib-desk enrol)"
            )
        report(SyncProgress("handshake", 0, 1, url))
        self._handshake(url)
        result.renumbered = self._sequence_above_hub(url)
        report(SyncProgress("handshake", 1, 1, url))
        self.desk.release_expired_holds()  # holds: their hold.expired goes out in this push
        total = self._pending_count()
        while not cancel.is_set():
            batch = self.desk.read(_pending_batch, SYSTEM, self.batch_size)
            if not batch:
                break
            resp = self._push(url, batch)
            self.desk.write(_record_results, SYSTEM, resp, _now())
            for r in resp.results:
                key = r.original_status or r.status if r.status == "duplicate" else r.status
                result.results[key] = result.results.get(key, 0) + 1
            result.pushed += len(batch)
            report(SyncProgress("push", result.pushed, total))
        with collector_paused():  # a first pull is a bulk load (common/collector.py)
            result.cursor = self._pull_all(url, result, report, cancel)
            # the pages left the search index behind (sync/apply.py): it catches up in short
            # transactions, so a new point finds every copy it pulled
            while not cancel.is_set() and self.desk.write(search.catch_up, SYSTEM, INDEX_BATCH):
                pass
        result.cancelled = cancel.is_set()

    def _pull_all(
        self, url: str, result: SyncResult, report: ProgressFn, cancel: threading.Event
    ) -> str:
        """Pull pages until the feed is exhausted; returns the last cursor stored. The next
        page travels and is read while this one is applied (the hub's work and the desk's
        overlap), but each page commits with its own cursor, in order: a page fetched ahead
        of a failure is dropped, never applied."""
        cursor = self._state(CURSOR_KEY) or "0"
        how = self._headers(), self._verify()
        with ThreadPoolExecutor(1, thread_name_prefix="xclib-pull") as ahead:
            coming = None if cancel.is_set() else ahead.submit(self._pull, url, cursor, *how)
            while coming is not None:
                page, refused = read_pull_page(coming.result())
                coming = None
                if page.more and not cancel.is_set():
                    coming = ahead.submit(self._pull, url, page.cursor, *how)
                applied: PageApplied = self.desk.write(apply_page, SYSTEM, page, refused)
                result.refused += applied.invalid + applied.failed
                if applied.standards_changed:
                    self.desk.read(lambda s, _c: self.desk._load_policies(s))
                result.pulled += len(page.changes)
                cursor = page.cursor
                report(SyncProgress("pull", result.pulled, None, f"cursor {cursor}"))
        return cursor

    def _handshake(self, url: str) -> None:
        t0 = self.desk.clock.now()
        r = self.http.get(url + "/v1/hello", timeout=self.timeout, verify=self._verify())
        t1 = self.desk.clock.now()
        self._online = True
        if r.status_code != 200:
            raise SyncError("hub", _problem(r))
        hello = Hello.model_validate_json(r.content)
        mid = t0 + (t1 - t0) / 2
        offset = (hello.hub_time - mid).total_seconds() * 1000
        mine = self.protocol_version
        common = [v for v in hello.accepted_protocols if v == mine or OLDEST_SPOKEN <= v <= mine]
        ok = bool(common)
        self.speaking = max(common, default=mine)
        self._set(
            clock_offset_ms=f"{offset:.0f}",
            protocol_ok="1" if ok else "0",
            **{SPOKEN_KEY: str(self.speaking)},
        )
        if not ok:
            raise SyncError(
                "protocol",
                f"hub accepts protocol {hello.accepted_protocols}, this desk speaks "
                f"{self.protocol_version}: upgrade the desk; events stay queued meanwhile",
            )

    def _sequence_above_hub(self, url: str) -> int:
        """Ask the hub for this device's highest sequence number; renumber the undelivered
        events above it if a restore put the counter behind. A hub without ``/v1/device``
        (older than this desk) is not asked again this run."""
        r = self.http.get(
            url + "/v1/device", headers=self._headers(), timeout=self.timeout, verify=self._verify()
        )
        if r.status_code == 404:
            return 0
        self._check(r)
        state = DeviceState.model_validate_json(r.content)
        if state.device_id != self.desk.device_id:
            return 0
        if not self.desk.read(sequence_due, SYSTEM, state.highest_seq):
            return 0
        raised = self.desk.write(raise_above, SYSTEM, state.highest_seq)
        if raised is None:
            return 0
        log.warning(
            "sequence raised above the hub's %s: %s events renumbered, next %s",
            raised.hub_highest,
            raised.renumbered,
            raised.next_seq,
        )
        return raised.renumbered

    def _push(self, url: str, batch: list[EventEnvelope]) -> PushResponse:
        offset = self._state("clock_offset_ms")
        body = (
            PushRequest(
                device_id=self.desk.device_id,
                clock_offset_ms=float(offset) if offset else None,
                events=batch,
            )
            .model_dump_json()
            .encode()
        )
        headers = {**self._headers(), "Content-Type": "application/json"}
        if self.compression == "zstd":
            body = zstandard.ZstdCompressor(level=3).compress(body)
            headers["Content-Encoding"] = "zstd"
        elif self.compression == "gzip":
            body = gzip.compress(body, 5)
            headers["Content-Encoding"] = "gzip"
        r = self.http.post(
            url + "/v1/push",
            data=body,
            headers=headers,
            timeout=self.timeout,
            verify=self._verify(),
        )
        self._check(r)
        return PushResponse.model_validate_json(r.content)

    def _pull(self, url: str, cursor: str, headers: dict[str, str], verify: bool | str) -> bytes:
        """One page after ``cursor``, fetched (in a worker thread, while the page before it is
        applied)."""
        r = self.http.get(
            url + "/v1/pull",
            params={"cursor": cursor, "limit": str(self.page_size)},
            headers=headers,
            timeout=self.timeout,
            verify=verify,
        )
        self._check(r)
        return r.content

    def _check(self, r: requests.Response) -> None:
        if r.status_code == 200:
            return
        msg = _problem(r)
        code = _problem_code(r)
        if r.status_code == 426:
            self._set(protocol_ok="0")
            raise SyncError("protocol", msg, code)
        if r.status_code in (401, 403):
            raise SyncError("auth", msg, code)
        raise SyncError("hub", f"HTTP {r.status_code}: {msg}", f"HTTP {r.status_code} {code}")

    def fetch_item(self, barcode: str) -> bool:
        """Ask the hub for a district copy this desk has never seen (a return from another
        point's shelf), so that it can be checked in here. False when the hub does not know it."""
        url = self.hub_url
        if not url or not self.tokens.get():
            raise SyncError(
                "not_enrolled", "this desk is not enrolled with a hub (xclib-desk enrol)"
            )
        r = self.http.get(
            f"{url}/v1/items/{barcode}",
            headers=self._headers(),
            timeout=self.timeout,
            verify=self._verify(),
        )
        if r.status_code == 404:
            return False
        self._check(r)
        try:
            rows = r.json()
        except ValueError:
            raise SyncError("bad_answer", "the hub's answer cannot be read") from None
        changes, refused = read_changes(rows if isinstance(rows, list) else [])

        def take(s: Session, c: Ctx) -> None:
            refusals.record(s, c, refused, refusals.INVALID)
            apply_changes(s, c, changes)

        self.desk.write(take, SYSTEM)
        return True

    # --- status ---------------------------------------------------------------------------
    def probe(self) -> bool:
        """Say hello to the hub now (online flag, clock offset, protocol check): a fresh
        process (``xclib-desk sync-status``) has not talked to the hub yet."""
        url = self.hub_url
        if not url:
            return False
        try:
            self._handshake(url)
        except Exception:  # any failure to say hello: offline, nothing more to tell here
            self._online = False
        return self._online

    def _pending_count(self) -> int:
        return int(self.desk.read(lambda s, _c: s.scalar(_pending_count_q())) or 0)

    def status(self, locale: str | None = None) -> SyncStatus:
        """Where sync stands; ``last_error`` in ``locale`` (else the engine's, else
        ``XCLIB_LANG``)."""
        lang = locale or self.locale or current_locale()

        def go(s: Session, c: Ctx) -> SyncStatus:
            pending = int(s.scalar(_pending_count_q()) or 0)
            oldest = s.scalar(undelivered(func.min(OutboxEvent.wall_time)))
            offset = get_state(s, "clock_offset_ms")
            last = get_state(s, "last_success")
            off = float(offset) if offset else None
            stored = get_state(s, "last_error")
            fault = self._fault if self._ran else (SyncFault.loads(stored) if stored else None)
            return SyncStatus(
                enrolled=get_state(s, "hub_url") is not None,
                hub_url=get_state(s, "hub_url"),
                online=self._online,
                pending=pending,
                oldest_pending_age_s=(
                    (c.clock.now() - oldest).total_seconds() if oldest is not None else None
                ),
                last_success=datetime.fromisoformat(last) if last else None,
                last_error=fault.message(lang) if fault else None,
                clock_offset_ms=off,
                clock_drift_warning=off is not None and abs(off) > MAX_CLOCK_DRIFT_MS,
                protocol_ok=get_state(s, "protocol_ok") != "0",
                open_exceptions=int(
                    s.scalar(
                        select(func.count())
                        .select_from(SyncException)
                        .where(SyncException.status == "open")
                    )
                    or 0
                ),
                last_error_code=fault.code if fault else None,
                refused_rows=refusals.refused_count(s),
            )

        return self.desk.read(go)

    # --- background -----------------------------------------------------------------------
    def start_background(
        self,
        interval_s: float = 60.0,
        max_backoff_s: float = 600.0,
        on_result: Callable[[SyncResult], None] | None = None,
    ) -> None:
        """Sync every ``interval_s``; after failures wait base*2^n (capped) times 0.5-1.5."""
        if self._thread is not None:
            return
        self._stop.clear()

        def loop() -> None:
            failures = 0
            while not self._stop.is_set():
                res = self.run_once(cancel=self._stop)  # never raises
                if on_result is not None:
                    try:
                        on_result(res)
                    except Exception as e:  # a listener's bug must not end the loop
                        log.warning("sync listener failed: %s", type(e).__name__)
                failures = 0 if res.ok else failures + 1
                wait = interval_s if res.ok else min(max_backoff_s, 2.0 * 2**failures)
                self._stop.wait(wait * random.uniform(0.5, 1.5))

        self._thread = threading.Thread(target=loop, name="xclib-sync", daemon=True)
        self._thread.start()

    def stop_background(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None


def _now() -> datetime:
    return datetime.now(UTC)


def _problem_code(r: requests.Response) -> str:
    """The hub's stable error code of a refusal (``ProblemOut.code``), cut short."""
    try:
        body: Any = r.json()
        return str(body.get("code") or "")[:40]
    except (ValueError, AttributeError):
        return ""


def _problem(r: requests.Response) -> str:
    try:
        body: Any = r.json()
        return f"{body.get('code')}: {body.get('message')}"
    except (ValueError, AttributeError):
        return f"HTTP {r.status_code}: {r.text[:200]}"


def _pending_count_q() -> Any:
    return undelivered(func.count())


def _pending_batch(s: Session, _ctx: Ctx, limit: int) -> list[EventEnvelope]:
    rows = s.scalars(undelivered(OutboxEvent).order_by(OutboxEvent.seq).limit(limit)).all()
    return [envelope(e) for e in rows]


def envelope(e: OutboxEvent) -> EventEnvelope:
    """An outbox row as it goes on the wire."""
    return EventEnvelope(
        event_id=e.event_id,
        device_id=e.device_id,
        seq=e.seq,
        type=e.type,
        hlc=e.hlc,
        wall_time=e.wall_time,
        staff_code=e.staff_code,
        point_code=e.point_code,
        standards_version=e.standards_version,
        payload=e.payload,
        marks=list(e.marks or []),
    )


def _record_results(s: Session, ctx: Ctx, resp: PushResponse, at: datetime) -> None:
    """Delivery rows for the answered events, and the hub's clock merged into ours."""
    merge_hub_clock(s, ctx, resp.hub_time)
    have = set(
        s.scalars(
            select(OutboxDelivery.seq).where(OutboxDelivery.seq.in_([r.seq for r in resp.results]))
        )
    )
    for r in resp.results:
        if r.seq in have:
            continue
        status = r.original_status if r.status == "duplicate" and r.original_status else r.status
        s.add(
            OutboxDelivery(
                seq=r.seq,
                status=_STORED.get(status, status),
                result_code=r.code,
                delivered_at=at,
            )
        )


__all__ = [
    "ProgressFn",
    "SyncEngine",
    "SyncError",
    "SyncFault",
    "SyncProgress",
    "SyncResult",
    "SyncStatus",
]
