"""What a list view shows, as a table for a file: cells, headers, names, formats, sentences.

The other half of desktop.ui.list_export, which runs an export: everything here answers at once
from a view or a value at hand, nothing waits or asks.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.i18n import N_, _, ngettext
from desktop.reports.tables import Cell, Table, write_csv, write_xlsx
from desktop.ui.language import number
from desktop.ui.record_lists.display import ltr

MAX_DIGITS = 15  # a spreadsheet keeps 15 significant digits; a longer number stays text

# Direction marks that ltr() and number() add for the screen; a file gets the plain text.
_MARKS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                "\u2066\u2067\u2068\u2069"))
# Arabic-Indic and Eastern Arabic-Indic digits, and the minus sign, as ASCII.
_ASCII = {**{0x0660 + d: str(d) for d in range(10)}, **{0x06F0 + d: str(d) for d in range(10)},
          0x2212: "-"}
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")  # no leading zero: 007 is a code, not a quantity
# Thousands grouped by one separator throughout: 1,234 · ١٬٢٣٤ · 1 234 (no-break spaces).
_GROUPED = re.compile(
    r"-?[1-9][0-9]{0,2}(?P<sep>[,\u066c\u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
# Digits, signs, separators and spaces only: a number however written, never words.
_NUMBER_LIKE = re.compile(r"(?=.*[0-9])[-+0-9,.'\u066b\u066c\u00a0\u202f ]+")
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # refused by Windows, or controls


# The list pages import this module (through list_export), so it must not import them: this
# helper is certificates.common's documents_folder, whose package imports those pages.


def documents_folder() -> Path:
    """Where the save dialog starts before anything was exported: Documents, else home."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


# -- files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFormat:
    suffix: str
    name_filter: str  # English source, translated where shown


XLSX = FileFormat(".xlsx", N_("Excel workbook (*.xlsx)"))
CSV = FileFormat(".csv", N_("CSV, UTF-8 (*.csv)"))
FORMATS = (XLSX, CSV)


def format_for(path: Path, name_filter: str = "") -> FileFormat:
    """The format the name asks for by its suffix, else the one of the filter chosen."""
    for known in FORMATS:
        if path.suffix.lower() == known.suffix:
            return known
    return next((known for known in FORMATS
                 if name_filter in (known.name_filter, _(known.name_filter))), XLSX)


def with_suffix(path: Path, chosen: FileFormat) -> Path:
    """``report`` becomes ``report.xlsx``; a name already ending in the suffix stays."""
    return path if path.suffix.lower() == chosen.suffix else path.with_name(
        path.name + chosen.suffix)


def suggested_name(title: str, day: date, *, right_to_left: bool = False) -> str:
    """The list's title and the day, as a file name every system accepts (without suffix).

    An Arabic name puts the day first: after Arabic letters the bidi algorithm reads a date's
    digits as Arabic numbers and shows 2026-03-01 as 01-03-2026, in the save dialog and in
    every file manager; at the start of the name it stays as written.
    """
    cleaned = " ".join(_NOT_IN_FILE_NAMES.sub(" ", clean(title)).split()).strip(" .") or "list"
    return f"{day.isoformat()} {cleaned}" if right_to_left else f"{cleaned} {day.isoformat()}"


def write_table(table: Table, path: Path, file_format: FileFormat, *,
                right_to_left: bool) -> None:
    if file_format == CSV:
        write_csv(table, path)
    else:
        write_xlsx(table, path, right_to_left=right_to_left)


# -- cells ----------------------------------------------------------------------------------------


def clean(text: str) -> str:
    return text.translate(_MARKS)


def whole_number(text: str) -> int | None:
    """The integer a cell's text shows (``42``, ``١٬٢٣٤``, ``-5``), or None if it shows none."""
    plain = clean(text).strip().translate(_ASCII)
    if not (_WHOLE.fullmatch(plain) or _GROUPED.fullmatch(plain)):
        return None
    digits = re.sub(r"[^0-9]", "", plain)
    if len(digits) > MAX_DIGITS:
        return None
    return -int(digits) if plain.startswith("-") else int(digits)


def cell_value(display: Any, exact: Callable[[], Iterable[Any]] = tuple) -> Cell:
    """A cell for the file from what the view displays.

    An int stays an int, and a text that reads as a whole number becomes that number. A text of
    digits and separators only that does not (``007``, ``1.234``) becomes the int the model
    holds in its EditRole or UserRole (``exact``) if that int has those very digits; otherwise
    it stays text. Only a number the cell shows ever replaces its text: the models here keep
    record ids in UserRole, and a sentence with a figure in it stays a sentence.
    """
    if display is None:
        return None
    if isinstance(display, int) and not isinstance(display, bool):
        return display if len(str(abs(display))) <= MAX_DIGITS else str(display)
    text = clean(str(display))
    found = whole_number(text)
    if found is not None:
        return found
    shown = text.strip().translate(_ASCII)
    if _NUMBER_LIKE.fullmatch(shown):
        digits = re.sub(r"[^0-9]", "", shown)
        for value in exact():
            if isinstance(value, int) and not isinstance(value, bool) \
                    and abs(value) == int(digits):
                return value
    return text


def visible_columns(view: QTableView) -> list[int]:
    """The model's columns the view shows, in the order it shows them."""
    header = view.horizontalHeader()
    logical = (header.logicalIndex(visual) for visual in range(header.count()))
    return [column for column in logical if column >= 0 and not header.isSectionHidden(column)]


def header_texts(view: QTableView, columns: list[int]) -> tuple[str, ...]:
    model = view.model()
    return tuple(clean(str(model.headerData(column, Qt.Orientation.Horizontal,
                                            Qt.ItemDataRole.DisplayRole) or ""))
                 for column in columns)


def row_cells(view: QTableView, row: int, columns: list[int]) -> tuple[Cell, ...]:
    model = view.model()
    cells = []
    for column in columns:
        index = model.index(row, column)
        cells.append(cell_value(index.data(Qt.ItemDataRole.DisplayRole),
                                lambda index=index: (index.data(Qt.ItemDataRole.EditRole),
                                                     index.data(Qt.ItemDataRole.UserRole))))
    return tuple(cells)


# -- sentences ------------------------------------------------------------------------------------


def write_problem(error: OSError, path: Path) -> str:
    """What went wrong writing ``path`` and what to do about it, in one sentence."""
    folder = ltr(str(path.parent))
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Taslim may not write in the folder {folder}, or the file is open in another "
                 "program: close the file or choose another folder, then export again; the "
                 "list was not saved.").format(folder=folder)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return _("There is no room left on the disk of the folder {folder}: free some space or "
                 "choose another place, then export again; the list was not saved.").format(
            folder=folder)
    if error.errno == errno.ENOENT:
        return _("The folder {folder} is no longer there (was the USB stick taken out?): "
                 "choose a folder and export again; the list was not saved.").format(
            folder=folder)
    return _("The file {path} could not be written ({reason}): choose another place and "
             "export again; the list was not saved.").format(
        path=ltr(str(path)), reason=error.strerror or error)


def saved_text(count: int, path: Path) -> str:
    """The name before the folder: a long folder is what gets cut off in the status bar."""
    return ngettext("Saved {count} row to {name} in the folder {folder}.",
                    "Saved {count} rows to {name} in the folder {folder}.", count).format(
        count=number(count), name=ltr(path.name), folder=ltr(str(path.parent)))


