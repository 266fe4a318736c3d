"""The two tables of the import screen: the files chosen now, and every file ever offered."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.i18n import N_
from desktop.services.sync_import import IMPORTED, REFUSED, WOULD_IMPORT, FileReport
from desktop.services.sync_journal import RECEIPT
from desktop.ui.language import number
from desktop.ui.record_lists.display import laptop_time_text, ltr
from desktop.ui.sync.common import (
    ALARM_RED,
    FORK,
    GOOD,
    REFUSED_RED,
    STOPPED,
    UNCHECKED,
    WARN,
    outcome_key,
    outcome_text,
)
from desktop.ui.table_model import ColumnsModel, Index

ALARM_BACKGROUND = QColor("#fde0e4")
CENTRED = int(Qt.AlignmentFlag.AlignCenter)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


@dataclass
class FileRow:
    """One chosen file and what the last check or import said about it."""

    path: Path
    report: FileReport | None = None
    applied: bool = False  # the report is the import's, not the check's
    stopped: bool = False  # the import was stopped before it reached this file

    @property
    def state(self) -> str:
        if self.stopped:
            return STOPPED
        if self.report is None:
            return UNCHECKED
        return outcome_key(self.report.outcome, self.report.reason)


class FileColumn(IntEnum):
    FILE = 0
    LAPTOP = 1
    RESULT = 2
    NEW = 3
    HELD = 4
    CONFLICTS = 5
    FLAGGED = 6
    ATTACHMENTS = 7


FILE_HEADERS = {
    FileColumn.FILE: N_("File"),
    FileColumn.LAPTOP: N_("Laptop"),
    FileColumn.RESULT: N_("Result"),
    FileColumn.NEW: N_("New"),
    FileColumn.HELD: N_("Already held"),
    FileColumn.CONFLICTS: N_("Conflicts"),
    FileColumn.FLAGGED: N_("Clock warnings"),
    FileColumn.ATTACHMENTS: N_("Attachments"),
}
COUNTS = {
    FileColumn.NEW: "new", FileColumn.HELD: "present", FileColumn.CONFLICTS: "conflicts",
    FileColumn.FLAGGED: "flagged", FileColumn.ATTACHMENTS: "attachments",
}


class FilesModel(ColumnsModel):
    """The files of this run, in the order they were added (and are imported)."""

    COLUMNS = FileColumn
    HEADERS = FILE_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FileRow] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def paths(self) -> list[Path]:
        return [row.path for row in self.rows]

    def add(self, paths: list[Path]) -> int:
        """Add the files not in the list yet; returns how many were added."""
        known = {row.path for row in self.rows}
        fresh = [path for path in dict.fromkeys(paths) if path not in known]
        if fresh:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self.rows.extend(FileRow(path) for path in fresh)
            self.endInsertRows()
        return len(fresh)

    def remove(self, row_numbers: list[int]) -> None:
        for row in sorted(set(row_numbers), reverse=True):
            if 0 <= row < len(self.rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()

    def set_reports(self, reports: dict[Path, FileReport], *, applied: bool,
                    stopped: set[Path] | None = None) -> None:
        """The answers of a check or an import; files it did not reach keep what they had."""
        for row in self.rows:
            report = reports.get(row.path)
            if report is not None:
                row.report, row.applied, row.stopped = report, applied, False
            elif stopped is not None and row.path in stopped:
                row.stopped = True
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(FileColumn) - 1))

    def all_checked(self) -> bool:
        return bool(self.rows) and all(r.report is not None and not r.applied for r in self.rows)

    def row(self, number_: int) -> FileRow | None:
        return self.rows[number_] if 0 <= number_ < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = FileColumn(index.column())
        state = row.state
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is FileColumn.FILE:
                return str(row.path)
            if row.report is not None and row.report.message:
                return row.report.message
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in COUNTS:
            return CENTRED
        if role == Qt.ItemDataRole.BackgroundRole and state == FORK:
            return ALARM_BACKGROUND  # a tamper alarm must not be missed: the whole row
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.FontRole and (
                state == FORK or (column is FileColumn.RESULT and state != UNCHECKED)):
            return _bold()
        return None

    @staticmethod
    def _text(row: FileRow, column: FileColumn) -> str:
        report = row.report
        if column is FileColumn.FILE:
            return ltr(row.path.name)
        if column is FileColumn.RESULT:
            if row.stopped:
                return outcome_text(STOPPED)
            return outcome_text(report.outcome, report.reason) if report else outcome_text(
                UNCHECKED)
        if report is None:
            return ""
        if column is FileColumn.LAPTOP:
            return ltr(report.device_code) if report.device_code else "–"
        if report.outcome == REFUSED:
            return "–"  # a refused file brings nothing; zeros would read as "checked, empty"
        return number(int(getattr(report, COUNTS[column])))

    @staticmethod
    def _colour(row: FileRow, column: FileColumn) -> QColor | None:
        state = row.state
        if state == FORK:
            return ALARM_RED
        if state == REFUSED:
            return REFUSED_RED
        report = row.report
        if column is FileColumn.RESULT and state in (WOULD_IMPORT, IMPORTED):
            return GOOD
        if report is not None and (
                (column is FileColumn.CONFLICTS and report.conflicts)
                or (column is FileColumn.FLAGGED and report.flagged)):
            return WARN
        return None


# -- history --------------------------------------------------------------------------------------


class HistoryColumn(IntEnum):
    TIME = 0
    BY = 1
    FILE = 2
    LAPTOP = 3
    RESULT = 4
    NEW = 5
    CONFLICTS = 6
    MESSAGE = 7


HISTORY_HEADERS = {
    HistoryColumn.TIME: N_("Time"),
    HistoryColumn.BY: N_("By"),
    HistoryColumn.FILE: N_("File"),
    HistoryColumn.LAPTOP: N_("Laptop"),
    HistoryColumn.RESULT: N_("Result"),
    HistoryColumn.NEW: N_("New"),
    HistoryColumn.CONFLICTS: N_("Conflicts"),
    HistoryColumn.MESSAGE: N_("Message"),
}


def entry_message(entry: dict[str, Any]) -> str:
    """The refusal's sentence, or the warnings of a file that was taken."""
    message = entry.get("message") or ""
    warnings = entry.get("warnings") or []
    if message:
        return str(message)
    return " ".join(str(w) for w in warnings) if isinstance(warnings, list) else ""


class HistoryModel(ColumnsModel):
    """The import journal, newest first: every file offered, refused ones included."""

    COLUMNS = HistoryColumn
    HEADERS = HISTORY_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[dict[str, Any]] = []

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        # The journal also records the receipts written (the Devices page shows them): not imports.
        self.entries = [e for e in entries if e.get("outcome") != RECEIPT]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = HistoryColumn(index.column())
        key = outcome_key(str(entry.get("outcome", "")), str(entry.get("reason", "")))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is HistoryColumn.FILE:
                return str(entry.get("path", ""))
            return entry_message(entry) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                HistoryColumn.NEW, HistoryColumn.CONFLICTS):
            return CENTRED
        if role == Qt.ItemDataRole.BackgroundRole and key == FORK:
            return ALARM_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == FORK:
                return ALARM_RED
            if key == REFUSED:
                return REFUSED_RED
            if column is HistoryColumn.CONFLICTS and entry.get("conflicts"):
                return WARN
            return None
        if role == Qt.ItemDataRole.FontRole and key == FORK:
            return _bold()
        return None

    @staticmethod
    def _text(entry: dict[str, Any], column: HistoryColumn) -> str:
        outcome = str(entry.get("outcome", ""))
        if column is HistoryColumn.TIME:
            return laptop_time_text(str(entry.get("at", "")))
        if column is HistoryColumn.BY:
            return ltr(str(entry.get("by") or "–"))
        if column is HistoryColumn.FILE:
            return ltr(str(entry.get("name", "")))
        if column is HistoryColumn.LAPTOP:
            return ltr(str(entry.get("device_code") or "–"))
        if column is HistoryColumn.RESULT:
            return outcome_text(outcome, str(entry.get("reason", "")))
        if column is HistoryColumn.MESSAGE:
            return entry_message(entry)
        if outcome == REFUSED:
            return "–"
        field = "new" if column is HistoryColumn.NEW else "conflicts"
        try:
            return number(int(entry.get(field) or 0))
        except (TypeError, ValueError):  # a hand-edited journal line: show it, do not fail
            return str(entry.get(field))

