"""A list (title, column headers, rows) written as CSV or XLSX. No Qt and no SQL here.

Both writers write under a temporary name beside the target and rename it when complete, so
a pulled USB stick or a crash never leaves half a file under the name asked for.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from desktop.reports.files import write_replacing

Cell = str | int | None

_MIN_WIDTH = 6
_MAX_WIDTH = 60
_SHEET_TITLE_LENGTH = 31  # Excel's limit
_FORBIDDEN_IN_SHEET_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def write_csv(table: Table, path: Path) -> None:
    """UTF-8 with a byte-order mark, so that Excel shows Arabic rather than mojibake."""

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.headers)
            writer.writerows(["" if cell is None else cell for cell in row] for row in table.rows)

    write_replacing(path, write)


def write_xlsx(table: Table, path: Path, *, right_to_left: bool) -> None:
    """Bold, frozen header row; numbers as numbers; columns roughly as wide as their text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.append(list(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    write_replacing(path, lambda temporary: workbook.save(temporary))


def _sheet_title(title: str) -> str:
    cleaned = title.translate(_FORBIDDEN_IN_SHEET_TITLE).strip()[:_SHEET_TITLE_LENGTH]
    return cleaned or "Sheet"


def _column_widths(table: Table) -> list[int]:
    widths = [len(header) for header in table.headers]
    for row in table.rows:
        for index, cell in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], len("" if cell is None else str(cell)))
    return [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widths]
