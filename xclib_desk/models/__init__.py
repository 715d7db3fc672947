"""ORM tables of the branch store (SQLAlchemy 2.0 typed style).

A table's module is imported when one of its classes is first named (``from ..models import
Loan``), not with the package: every ``xclib-desk`` run is a fresh process, and building the
mapped classes of tables a verb never touches (activities, inventory, duty, kiosks...) cost a
``status`` or a ``checkout`` about 35 ms of its start. The modules every other table's foreign
keys point to (points, readers, holdings) are always imported, so a table loaded later finds
what it refers to. Whatever needs the whole schema (alembic's ``env.py``) calls
:func:`load_all`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import holdings, points, readers
from .base import Base

if TYPE_CHECKING:
    from .activities import (
        Activity,
        ActivityAttendance,
        ActivityRegistration,
        Volunteer,
        VolunteerShift,
    )
    from .circulation import Loan, Transfer, VisitCount
    from .fees import Fee
    from .holdings import Item, Title, TitleMarc
    from .holds import Hold
    from .inventory import InventoryAction, InventoryScan, InventorySession
    from .kiosks import KioskAccount, ReaderPin
    from .points import Point, StoreMeta
    from .readers import Reader
    from .records import (
        AuditEntry,
        OutboxDelivery,
        OutboxEvent,
        RefusedFeedRow,
        StandardsVersion,
        SyncException,
        SyncState,
    )
    from .shipments import Shipment, ShipmentLine
    from .staff import Staff
    from .staffing import DutyShift, ServiceCheck

#: each table class -> the module that defines it
HOMES: dict[str, str] = {
    "Activity": "activities",
    "ActivityAttendance": "activities",
    "ActivityRegistration": "activities",
    "Volunteer": "activities",
    "VolunteerShift": "activities",
    "Loan": "circulation",
    "Transfer": "circulation",
    "VisitCount": "circulation",
    "Fee": "fees",
    "Item": "holdings",
    "Title": "holdings",
    "TitleMarc": "holdings",
    "Hold": "holds",
    "InventoryAction": "inventory",
    "InventoryScan": "inventory",
    "InventorySession": "inventory",
    "KioskAccount": "kiosks",
    "ReaderPin": "kiosks",
    "Point": "points",
    "StoreMeta": "points",
    "Reader": "readers",
    "AuditEntry": "records",
    "OutboxDelivery": "records",
    "OutboxEvent": "records",
    "RefusedFeedRow": "records",
    "StandardsVersion": "records",
    "SyncException": "records",
    "SyncState": "records",
    "Shipment": "shipments",
    "ShipmentLine": "shipments",
    "Staff": "staff",
    "DutyShift": "staffing",
    "ServiceCheck": "staffing",
}


def __getattr__(name: str) -> Any:
    """A table class, its module imported on first use."""
    home = HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Import every table's module: the whole schema in ``Base.metadata``."""
    for home in sorted(set(HOMES.values())):
        importlib.import_module(f"{__name__}.{home}")


__all__ = [
    "Activity",
    "ActivityAttendance",
    "ActivityRegistration",
    "AuditEntry",
    "Base",
    "DutyShift",
    "Fee",
    "Hold",
    "InventoryAction",
    "InventoryScan",
    "InventorySession",
    "Item",
    "KioskAccount",
    "Loan",
    "OutboxDelivery",
    "OutboxEvent",
    "Point",
    "Reader",
    "ReaderPin",
    "RefusedFeedRow",
    "ServiceCheck",
    "Shipment",
    "ShipmentLine",
    "Staff",
    "StandardsVersion",
    "StoreMeta",
    "SyncException",
    "SyncState",
    "Title",
    "TitleMarc",
    "Transfer",
    "VisitCount",
    "Volunteer",
    "VolunteerShift",
    "holdings",
    "load_all",
    "points",
    "readers",
]
