"""MARC files into this point's store: the file read once, then written batch by batch through
the desk facade (``Desk.write_batches``), one transaction per batch.

The use case of one batch is ``services.marc_import.import_batch``; the checks and the report
are shared with the hub's import (``marc_checks``). This module sits beside ``desk`` rather than
in it because reading MARC needs pymarc, which only the ``marc`` extra installs: the facade
itself loads without it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .desk import Desk, Progress
from .marc import HoldingsSpec
from .marc_checks import ImportReport
from .services import marc_import
from .services.context import Actor


def import_file(
    desk: Desk,
    actor: Actor,
    path: Path,
    *,
    fmt: str = "auto",
    encoding: str = "auto",
    holdings: HoldingsSpec | None = None,
    material_type: str = "book",
    batch_size: int = marc_import.BATCH,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Import a MARC file; returns the report. Cancelling stops after the current batch."""
    desk.read(marc_import.may_import, actor)
    parsed = marc_import.read_file(path, fmt, encoding, holdings)
    seen: dict[str, int] = {}  # ISBN -> first record number in this file
    batches, cancelled = desk.write_batches(
        marc_import.import_batch, actor, parsed, batch_size, progress, cancel, seen, material_type
    )
    return ImportReport(str(path), [row for rows in batches for row in rows], cancelled)
