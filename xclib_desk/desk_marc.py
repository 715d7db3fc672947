"""MARC files into this point's store: the file read once, then written batch by batch through
the desk facade (``Desk.write_batches``), one transaction per batch.

The use case of one batch is ``services.marc_import.import_batch``; the checks and the report
are shared with the hub's import (``marc_checks``). This module sits beside ``desk`` rather than
in it because reading MARC needs pymarc, which only the ``marc`` extra installs: the facade
itself loads without it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .desk import Desk, Progress
from .errors import DeskError, Phrase
from .marc import HoldingsSpec
from .marc_checks import ImportReport
from .marc_export import ExportResult, check_options, write
from .services import marc_export, marc_import
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


def export_file(
    desk: Desk,
    actor: Actor,
    path: Path,
    *,
    scope: str = "holdings",
    shipment: str | None = None,
    fmt: str = "iso2709",
    flavour: str = "cnmarc",
    encoding: str = "utf-8",
) -> ExportResult:
    """Export this point's holdings (or one shipment) to ``path``: written beside it and
    renamed into place, so a failed export never leaves half a file under the name."""
    check_options(fmt, flavour, encoding)
    if not path.parent.is_dir():
        raise DeskError("bad_input", detail=Phrase("no_such_file", path=str(path.parent)))
    today, titles = desk.read(marc_export.export_titles, actor, scope, shipment)
    part = path.with_name(path.name + ".part")
    try:
        with part.open("wb") as out:
            result = write(out, titles, fmt=fmt, flavour=flavour, encoding=encoding, today=today)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return result
