"""ORM tables of the branch store (SQLAlchemy 2.0 typed style)."""

from .base import Base
from .circulation import Loan, Transfer, VisitCount
from .holdings import Item, Title
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
    "AuditEntry",
    "Base",
    "DutyShift",
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
    "Transfer",
    "VisitCount",
]
