"""ORM tables of the branch store (SQLAlchemy 2.0 typed style)."""

from .activities import (
    Activity,
    ActivityAttendance,
    ActivityRegistration,
    Volunteer,
    VolunteerShift,
)
from .base import Base
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
]
