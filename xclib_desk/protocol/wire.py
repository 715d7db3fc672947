"""Wire schemas shared by the desk and the hub, and the one protocol version number.

Both sides import these models, so a field renamed on one side breaks the other's tests rather
than the network. Request bodies of ``/v1/push`` may be compressed (``Content-Encoding: zstd`` or
``gzip``); see docs/sync-protocol.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..standards.schema import TrustedKey
from .feed import Change, RefusedRow, read_changes
from .types import EventKey, EventType, Hlc, ParentCode, PointCode, PointLevel, PointName, StaffCode

#: The protocol this build speaks. The hub lists the versions it accepts in ``/v1/hello``.
#: 2: events carry ``marks`` (e.g. ``outside_hours``); a hub of 2 still accepts 1's events.
#: 3: the reader index row names the pickup points where a copy waits (``holds_ready``); a
#: hub of 3 leaves that field out of the rows it sends a desk of 1 or 2.
PROTOCOL_VERSION = 3
#: The oldest protocol a desk of this build still speaks, taking the newest its hub accepts:
#: 3 only added a feed field (a desk's models default it), so a desk upgraded before its hub
#: keeps syncing with a hub of 2 instead of queueing until the hub catches up.
OLDEST_SPOKEN = 2
PROTOCOL_HEADER = "X-Xclib-Protocol"
#: Drift between a desk's clock and the hub's beyond which events are flagged; an event's HLC
#: further ahead of hub time than this is clamped by the hub before any merge uses it.
MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000

ResultStatus = Literal["applied", "applied_with_flag", "duplicate", "rejected"]


class _Wire(BaseModel):
    #: built on first use (``defer_build``): only a sync run talks to the hub
    model_config = ConfigDict(extra="forbid", defer_build=True)


class EventEnvelope(_Wire):
    """One outbox event exactly as the desk stored it (the columns of ``outbox_event``)."""

    event_id: EventKey
    device_id: EventKey
    seq: int = Field(ge=1, le=2**62)
    type: EventType
    hlc: Hlc
    wall_time: datetime
    staff_code: StaffCode
    point_code: PointCode
    standards_version: int = Field(ge=0, le=2**31)
    payload: dict[str, Any]
    #: protocol 2: how the event was made (``outside_hours``); absent from protocol 1 desks
    marks: list[str] = Field(default_factory=list, max_length=8)


class PushRequest(_Wire):
    device_id: EventKey
    #: the desk's measured offset to the hub clock (hub - desk), from its last handshake
    clock_offset_ms: float | None = Field(default=None, allow_inf_nan=False)
    events: list[EventEnvelope] = Field(max_length=5000)


class EventResult(_Wire):
    event_id: str
    seq: int
    status: ResultStatus
    #: reason code for rejected, first flag for applied_with_flag
    code: str | None = None
    flags: list[str] = Field(default_factory=list)
    #: for ``duplicate``: what the hub answered the first time this event arrived
    original_status: ResultStatus | None = None


class PushResponse(_Wire):
    results: list[EventResult]
    hub_time: datetime


class PullPage(_Wire):
    """One page of a point's change feed. A desk reads the rows one by one
    (``feed.read_changes``), so one row it cannot read never costs it the page."""

    changes: list[Change]
    #: opaque to the desk: send it back as ``cursor`` to continue after this page
    cursor: str
    more: bool
    hub_time: datetime


class Hello(_Wire):
    """The handshake: which protocol versions this hub accepts, and its clock."""

    hub: str
    accepted_protocols: list[int]
    hub_time: datetime


class DeviceState(_Wire):
    """``GET /v1/device``: what the hub holds of the calling device. A desk whose next
    sequence number is not above ``highest_seq`` (a restored backup) numbers its undelivered
    events above it before pushing, so no number is ever used for two events."""

    device_id: str
    point_code: str
    #: the highest sequence number in the hub's ledger for this device (0: none yet)
    highest_seq: int = Field(ge=0)


class EnrolRequest(_Wire):
    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=1, max_length=36)
    point_code: str = Field(min_length=1, max_length=32)
    device_name: str = Field(default="", max_length=100)


class EnrolResponse(_Wire):
    token: str
    point_code: str
    point_name: str
    level: str
    device_id: str
    #: the district keys standards packages are signed with; the desk trusts exactly these
    district_keys: list[TrustedKey] = Field(default_factory=list)


class PointIn(_Wire):
    code: PointCode
    name: PointName = Field(min_length=1)
    level: PointLevel
    parent_code: ParentCode | None = None
    #: served population (for per-capita figures) and the point's own weekly hours, which
    #: must meet its level's package minimum; without hours the level's package week applies
    population: int | None = Field(default=None, ge=0, le=10_000_000)
    hours: dict[str, Any] | str | None = None


class PointUpdate(_Wire):
    """``point set``: only the fields given change; ``hours: ""`` returns to the level's week."""

    name: PointName | None = Field(default=None, min_length=1)
    population: int | None = Field(default=None, ge=0, le=10_000_000)
    hours: dict[str, Any] | str | None = None


class EnrolCodeOut(_Wire):
    code: str
    point_code: str
    expires_at: datetime


class DeviceOut(_Wire):
    """A point's enrolled device, as the operators' list shows it (to revoke the right one)."""

    device_id: str
    name: str
    point_code: str
    enrolled_at: datetime
    #: the last push or pull with its token (to the minute); None: never synced
    last_seen_at: datetime | None
    revoked_at: datetime | None
    #: an admin allowed it to enrol again (``device rebind``) and it has not yet
    rebind_allowed: bool


class ExceptionOut(_Wire):
    uid: str
    kind: str
    points: list[str]
    status: str
    context: dict[str, Any]
    created_at: datetime
    resolution: str | None = None


class ProblemOut(_Wire):
    """Error body of every 4xx answer: a stable code and a message for people."""

    code: str
    message: str


# --- standards administration (desk Standards page <-> hub admin API) ---------------------------
class StandardsVersionOut(_Wire):
    version: int
    title: str
    effective_from: datetime
    signed_by: str | None  # key id; None for the bundled package the hub was seeded with


class PointStandardsOut(_Wire):
    """Which package a point runs: the newest version its events were made under."""

    code: str
    name: str
    level: str
    standards_version: int | None  # None: nothing received from the point yet
    last_event_at: datetime | None


class StandardsOverview(_Wire):
    latest: dict[str, Any]  # the newest published package, the base of the next draft
    active_version: int  # the one in force now (effective_from passed)
    versions: list[StandardsVersionOut]
    points: list[PointStandardsOut]


class PublishedOut(_Wire):
    version: int
    effective_from: datetime


# --- union catalogue search (GET /v1/search; hub/catalogue.py, sync/search.py) ------------------
class UnionCopy(_Wire):
    """One copy anywhere in the district: where it is now and whether it can be lent."""

    barcode: str
    point_code: str  # where the copy is now (its shelf, or the point that lent it)
    point_name: str
    owner_code: str  # the point it belongs to
    status: str  # available | on_loan | in_transit | lost | damaged | withdrawn
    available: bool
    call_number: str


class UnionHit(_Wire):
    """A title found in the union catalogue, with all its copies; ``online`` marks it as a
    hub result (not this desk's local holdings)."""

    uid: str
    isbn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    score: float  # higher is better
    copies: list[UnionCopy]
    available: int  # copies on a shelf now, district-wide
    online: bool = True


class UnionSearchPage(_Wire):
    query: str
    hits: list[UnionHit]
    hub_time: datetime
    online: bool = True


class _PageEnvelope(_Wire):
    """A pull page with its rows not yet read (see :func:`read_pull_page`)."""

    changes: list[Any] = Field(max_length=100_000)
    cursor: str
    more: bool
    hub_time: datetime


def read_pull_page(content: bytes | str) -> tuple[PullPage, list[RefusedRow]]:
    """A page as the desk receives it: the envelope must be sound (else ``ValidationError``);
    each row is read on its own, and one that does not validate is refused alone."""
    try:  # the usual page: every row sound, parsed and checked in one pass
        return PullPage.model_validate_json(content), []
    except ValidationError:
        pass
    raw = _PageEnvelope.model_validate_json(content)
    good, refused = read_changes(raw.changes)
    page = PullPage(changes=good, cursor=raw.cursor, more=raw.more, hub_time=raw.hub_time)
    return page, refused
