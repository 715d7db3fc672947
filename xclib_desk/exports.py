"""Tables to .xlsx (openpyxl) or .csv: the one export path for reports and statistics.

Report tables (:class:`common.figures.Table`) are written with their labels in both languages
(``按月流通 by month``, ``合计 total``): the files travel between the points, the district
office and its supervisors, and read the same whoever exported them and in which language.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .common.figures import LABELS, Table, display_rows, header, title
from .errors import DeskError, Phrase, Text


def write_table(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "Sheet"
) -> Path:
    """One table; the suffix picks the format. CSV is UTF-8 with a BOM so Excel reads Chinese."""
    return write_tables(path, {sheet: (header, rows)})


def write_report(
    path: Path, tables: Sequence[Table], labels: Mapping[str, tuple[str, str]] = LABELS
) -> Path:
    """Report tables, one sheet each (or one after another in .csv), labelled in both
    languages; ``labels`` adds a report's own column names (the compliance figures')."""
    return write_tables(
        path,
        {title(t, "both"): (header(t, "both", labels), display_rows(t, "both")) for t in tables},
    )


def write_tables(
    path: Path, tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]
) -> Path:
    """Several tables: one sheet each in .xlsx; one after another (blank line between) in .csv."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DeskError(
            "bad_input", detail=Text("导出文件应为 .xlsx 或 .csv", "export to .xlsx or .csv")
        )
    if not path.parent.is_dir():
        raise DeskError("bad_input", detail=Phrase("no_such_directory", path=str(path.parent)))
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            for i, (name, (header, rows)) in enumerate(tables.items()):
                if i:
                    w.writerow([])
                if len(tables) > 1:
                    w.writerow([f"# {name}"])
                w.writerow(header)
                w.writerows(rows)
        return path
    # openpyxl is a heavy optional dependency, loaded only when an .xlsx is written
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in tables.items():
        ws = wb.create_sheet(name[:31])
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
    wb.save(path)
    return path
