"""The field types of the protocol: the domain's shapes, checked at whichever end receives.

Each type is the widest shape honest data can take, not one district's rule: card and item
barcode formats are settings of the standards package (``identity.card_barcode_pattern``), so
here a card or barcode is only "printable ASCII, no spaces, sane length"; the desk enforces
the district's pattern when the thing is made. What every type refuses is what no honest desk
or hub produces: control characters (NUL included), zero-width and bidirectional-override
characters (they make two different strings look the same on screen), and overlong values.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

#: what no text on the wire may hold: control characters (C0, DEL, C1; line breaks only where
#: a note allows them), line/paragraph separators, and every format character (Unicode category
#: Cf: zero-width space/joiners, word joiner, BOM, soft hyphen, invisible operators, the bidi
#: marks, embeddings, overrides and isolates, tag characters that copy ASCII invisibly). The
#: desk refuses all of them when text is typed or imported (``input_checks.clean_text``). Written
#: out as ranges (Unicode 14), not as ``\p{Cf}``, so that every regex engine reading the schema
#: understands it; checked as a pattern, so the check runs in pydantic's compiled regex engine
#: (a first sync validates tens of thousands of rows).
_HIDDEN = (
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    r"\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    r"\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    r"\U000e0020-\U000e007f"
)
_ONE_LINE = rf"^[^\x00-\x1f\x7f-\x9f{_HIDDEN}]*$"
_LINES_OK = rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_HIDDEN}]*$"

#: how the schema says what the patterns refuse
_LINE = Field(json_schema_extra={"x-text": "one line, no control or invisible characters"})
_LINES = Field(
    json_schema_extra={"x-text": "line breaks allowed, no other control or invisible characters"}
)


#: ASCII letters, digits and punctuation, no spaces: the shape of every scanned code
_CODE = r"^[\x21-\x7e]+$"
_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

#: a reader's card number (the district's format lives in the standards package)
CardNo = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=_CODE)]
#: a code as scanned into a box's receipt (a box may hold a copy this district never issued)
Barcode = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=_CODE)]
#: the barcode of a copy the desk and hub keep a row for (their key columns hold 32)
ItemBarcode = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=_CODE)]

_KEY = re.compile(r"[\x21-\x7e]{1,64}")


def could_be_key(value: object) -> bool:
    """Whether ``value`` has the shape of a card number, barcode or uid at all: a receiver may
    look such a value up before the payload naming it is validated, anything else (a NUL, which
    PostgreSQL refuses in any query) never reaches a query."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


#: an event's or device's id (the desk makes UUIDs; any code of that length is accepted)
EventKey = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=_CODE)]
#: an event type's name (``loan.checked_out``); an unknown one is answered ``unknown_type``
EventType = Annotated[str, StringConstraints(min_length=1, max_length=48, pattern=r"^[a-z0-9_.]+$")]
#: a point's code, as the hub's admin registers it (``PointIn``)
PointCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9-]+$")
]
#: the parent of a point, as the hub's admin gave it (``PointIn`` does not check it further)
ParentCode = Annotated[str, StringConstraints(max_length=32, pattern=_ONE_LINE), _LINE]
#: the global key of a title, loan, transfer, shipment, shift, exception, inventory...
Uid = Annotated[str, StringConstraints(min_length=36, max_length=36, pattern=_UUID)]
#: a staff member's code (``system`` for the desk's own jobs; empty in a few hub rows)
StaffCode = Annotated[str, StringConstraints(max_length=32, pattern=_ONE_LINE), _LINE]
#: a code from a table of the standards package: reader type, material type, service...
#: (the package does not restrict their spelling, so neither does the protocol)
PolicyCode = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=_ONE_LINE), _LINE
]
#: a reason or kind code chosen by software (``return_home``, ``double_loan``...)
ReasonCode = Annotated[
    str, StringConstraints(min_length=1, max_length=48, pattern=r"^[a-z0-9_.:-]+$")
]
#: why a copy travels (``return_home``): kept in a 32-character column at desk and hub
TransferReason = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[a-z0-9_.:-]+$")
]
#: a hybrid logical clock value, as ``EventEnvelope.hlc``: physical ms, counter, node (the
#: desk's device id prefix: printable ASCII; the value is stored and compared as text)
Hlc = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^\d{13}-\d{5}-[\x21-\x7e]+$")
]
#: a month of the services checklist
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]
#: a call number as shelved (the district's format is checked when cataloguing)
CallNumber = Annotated[str, StringConstraints(max_length=100, pattern=_ONE_LINE), _LINE]
#: as stored (13 characters at desk and hub): the digits of an ISBN-13 or ISBN-10, no hyphens
Isbn = Annotated[str, StringConstraints(max_length=13, pattern=r"^[0-9Xx]*$")]
Cents = Annotated[int, Field(ge=0, le=10**9)]
Count = Annotated[int, Field(ge=0, le=10**9)]

Name = Annotated[str, StringConstraints(max_length=100, pattern=_ONE_LINE), _LINE]
PointName = Annotated[str, StringConstraints(max_length=200, pattern=_ONE_LINE), _LINE]
TitleText = Annotated[str, StringConstraints(max_length=500, pattern=_ONE_LINE), _LINE]
ShortText = Annotated[str, StringConstraints(max_length=300, pattern=_ONE_LINE), _LINE]
Phone = Annotated[str, StringConstraints(max_length=32, pattern=_ONE_LINE), _LINE]
#: a hashed or masked identity number: never the number itself
IdDigest = Annotated[str, StringConstraints(max_length=128, pattern=_ONE_LINE), _LINE]
#: a note a person typed (may span lines)
Note = Annotated[str, StringConstraints(max_length=2000, pattern=_LINES_OK), _LINES]
ClcCode = Annotated[str, StringConstraints(max_length=64, pattern=_ONE_LINE), _LINE]
Language = Annotated[str, StringConstraints(max_length=8, pattern=_ONE_LINE), _LINE]

PointLevel = Literal["district", "street", "community", "partner"]
ReaderStatus = Literal["active", "blocked"]
#: where and how a copy is: on a shelf, lent, in a box, or out of circulation
ItemStatus = Literal[
    "available", "on_loan", "in_transit", "lost", "damaged", "withdrawn", "missing"
]
#: statuses a point may set with ``item.status_changed`` (loans and transfers have their own)
SettableItemStatus = Literal["available", "lost", "damaged", "withdrawn"]
TransferStatus = Literal["pending", "shipped", "received", "missing"]
ShipmentStatus = Literal["dispatched", "received"]
ShipmentOutcome = Literal["packed", "received", "missing", "extra"]
ExceptionStatus = Literal["open", "resolved"]
Resolution = Literal["accept", "correct", "escalate"]
DutyEndReason = Literal["signed_off", "closed_by_other", "auto"]
LoanClosedBy = Literal["superseded"]
#: a hold's life (docs/holds.md): waiting in its title's queue (possibly on a point's pull list:
#: ``target_item``), captured (the copy set aside, travelling to the pickup point), on_shelf at
#: the pickup point, then filled, or ended: cancelled, lapsed (never filled in time), expired
#: (not collected), refused (the hub could not accept it)
HoldStatus = Literal[
    "waiting", "captured", "on_shelf", "filled", "cancelled", "lapsed", "expired", "refused"
]
#: a hold's ends without the reader getting the copy
HOLD_ENDED: tuple[HoldStatus, ...] = ("cancelled", "lapsed", "expired", "refused")
