"""The Devices page's tables: the laptops, one laptop's imports, files that name no laptop."""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.i18n import N_, _, is_right_to_left, ngettext
from desktop.services.devices import DeviceImport, DeviceStatus, Refusal
from desktop.ui.language import number
from desktop.ui.record_lists.display import laptop_time_text, ltr
from desktop.ui.sync.common import ALARM_RED, GOOD, REFUSED_RED, WARN
from desktop.ui.table_model import ColumnsModel, Index

ALARM_BACKGROUND = QColor("#fde0e4")
CLOCK_BACKGROUND = QColor("#fff4df")
CENTRED = int(Qt.AlignmentFlag.AlignCenter)
NONE = "–"
_ARABIC = re.compile("[\u0600-\u06ff]")


def sentence(text: str) -> str:
    """A sentence from the journal, written in the language of the day it was said.

    An Arabic one starts on the right; an English one inside the Arabic page keeps its own
    order (its full stop at its end), embedded left to right.
    """
    if is_right_to_left() and text and not _ARABIC.search(text):
        return ltr(text)
    return _paragraph(text)


def _paragraph(text: str) -> str:
    return f"\u200f{text}" if text and is_right_to_left() else text


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def separator() -> str:
    return "، " if is_right_to_left() else ", "


def device_code(status: DeviceStatus) -> str:
    return ltr(status.short_code) if status.short_code else ltr(status.device_id[:8])


def device_name(status: DeviceStatus) -> str:
    if status.this_computer:
        return _("This computer (headquarters)")
    if not status.known:
        return _("Not known here")
    return ltr(status.name) if status.name and status.name != status.short_code else NONE


def held_text(status: DeviceStatus) -> str:
    if status.has_gap:
        return _("{seq} (gap: {count} held)").format(seq=number(status.held_seq),
                                                     count=number(status.held_count))
    return number(status.held_seq)


def alarms_text(status: DeviceStatus) -> str:
    parts = []
    if status.tamper_alarms:
        count = len(status.tamper_alarms)
        parts.append(ngettext("{count} tamper alarm", "{count} tamper alarms", count)
                     .format(count=number(count)))
    if status.clock_warnings:
        count = len(status.clock_warnings)
        parts.append(ngettext("{count} clock warning", "{count} clock warnings", count)
                     .format(count=number(count)))
    if status.refusals:
        count = len(status.refusals)
        parts.append(ngettext("{count} refused file", "{count} refused files", count)
                     .format(count=number(count)))
    return separator().join(parts) if parts else _("None")


def alarm_tone(status: DeviceStatus) -> str:
    """alarm (a tamper alarm), warn (a clock far ahead), error (a refusal) or ''."""
    if status.tamper_alarms:
        return "alarm"
    if status.clock_warnings:
        return "warn"
    return "error" if status.refusals else ""


class DeviceColumn(IntEnum):
    CODE = 0
    NAME = 1
    ENROLLED = 2
    HELD = 3
    LAST_IMPORT = 4
    LAST_RECEIPT = 5
    ALARMS = 6


DEVICE_HEADERS = {
    DeviceColumn.CODE: N_("Laptop"),
    DeviceColumn.NAME: N_("Name"),
    DeviceColumn.ENROLLED: N_("Enrolled"),
    DeviceColumn.HELD: N_("Records held"),
    DeviceColumn.LAST_IMPORT: N_("Last import"),
    DeviceColumn.LAST_RECEIPT: N_("Last receipt"),
    DeviceColumn.ALARMS: N_("Alarms"),
}


class DevicesModel(ColumnsModel):
    COLUMNS = DeviceColumn
    HEADERS = DEVICE_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.statuses: list[DeviceStatus] = []

    def set_statuses(self, statuses: list[DeviceStatus]) -> None:
        self.beginResetModel()
        self.statuses = list(statuses)
        self.endResetModel()

    def status(self, row: int) -> DeviceStatus | None:
        return self.statuses[row] if 0 <= row < len(self.statuses) else None

    def row_of(self, device_id: str) -> int | None:
        return next((row for row, s in enumerate(self.statuses) if s.device_id == device_id),
                    None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.statuses)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        status = self.status(index.row()) if index.isValid() else None
        if status is None:
            return None
        column = DeviceColumn(index.column())
        tone = alarm_tone(status)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(status, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is DeviceColumn.HELD:
                return _("Revisions held without a gap up to No. {seq}; {count} held in "
                         "all.").format(seq=number(status.held_seq),
                                        count=number(status.held_count))
            if column is DeviceColumn.NAME:
                return device_name(status)
            if column is DeviceColumn.LAST_IMPORT and status.last_import is not None:
                return ltr(status.last_import.file_name)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                DeviceColumn.ENROLLED, DeviceColumn.HELD):
            return CENTRED
        if role == Qt.ItemDataRole.BackgroundRole:
            if tone == "alarm":
                return ALARM_BACKGROUND  # a tamper alarm must not be missed: the whole row
            if tone == "warn" and column is DeviceColumn.ALARMS:
                return CLOCK_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(status, column, tone)
        if role == Qt.ItemDataRole.FontRole and (
                tone == "alarm" or (column is DeviceColumn.ALARMS and tone)):
            return bold()
        return None

    @staticmethod
    def _text(status: DeviceStatus, column: DeviceColumn) -> str:
        if column is DeviceColumn.CODE:
            return device_code(status)
        if column is DeviceColumn.NAME:
            return device_name(status)
        if column is DeviceColumn.ENROLLED:
            return _("Yes") if status.enrolled else _("No")
        if column is DeviceColumn.HELD:
            return held_text(status)
        if column is DeviceColumn.LAST_IMPORT:
            last = status.last_import
            return laptop_time_text(last.at) if last is not None else NONE
        if column is DeviceColumn.LAST_RECEIPT:
            receipt = status.last_receipt
            return laptop_time_text(receipt.at) if receipt is not None else NONE
        return alarms_text(status)

    @staticmethod
    def _colour(status: DeviceStatus, column: DeviceColumn, tone: str) -> QColor | None:
        if tone == "alarm":
            return ALARM_RED
        if column is DeviceColumn.ALARMS:
            return {"warn": WARN, "error": REFUSED_RED}.get(tone, GOOD)
        if column is DeviceColumn.ENROLLED and not status.enrolled:
            return REFUSED_RED
        if column is DeviceColumn.HELD and status.has_gap:
            return WARN
        return None


class ImportColumn(IntEnum):
    TIME = 0
    FILE = 1
    RECORDS = 2
    NEW = 3
    CONFLICTS = 4
    FLAGGED = 5


IMPORT_HEADERS = {
    ImportColumn.TIME: N_("Time"),
    ImportColumn.FILE: N_("File"),
    ImportColumn.RECORDS: N_("Record numbers"),
    ImportColumn.NEW: N_("New"),
    ImportColumn.CONFLICTS: N_("Conflicts"),
    ImportColumn.FLAGGED: N_("Clock warnings"),
}


class ImportsModel(ColumnsModel):
    """One laptop's files imported here, newest first."""

    COLUMNS = ImportColumn
    HEADERS = IMPORT_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.imports: list[DeviceImport] = []

    def set_imports(self, imports: list[DeviceImport]) -> None:
        self.beginResetModel()
        self.imports = list(imports)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.imports)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.imports):
            return None
        item = self.imports[index.row()]
        column = ImportColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is ImportColumn.TIME:
                return laptop_time_text(item.at)
            if column is ImportColumn.FILE:
                return ltr(item.file_name)
            if column is ImportColumn.RECORDS:
                return _("{first} to {last}").format(first=number(item.first_seq),
                                                     last=number(item.last_seq))
            count = {ImportColumn.NEW: item.new, ImportColumn.CONFLICTS: item.conflicts,
                     ImportColumn.FLAGGED: item.flagged}[column]
            return number(count)
        if role == Qt.ItemDataRole.ToolTipRole and column is ImportColumn.FILE:
            return item.file_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (
                ImportColumn.TIME, ImportColumn.FILE):
            return CENTRED
        if role == Qt.ItemDataRole.ForegroundRole and (
                (column is ImportColumn.FLAGGED and item.flagged)
                or (column is ImportColumn.CONFLICTS and item.conflicts)):
            return WARN
        return None


class RefusalColumn(IntEnum):
    TIME = 0
    FILE = 1
    MESSAGE = 2


REFUSAL_HEADERS = {
    RefusalColumn.TIME: N_("Time"),
    RefusalColumn.FILE: N_("File"),
    RefusalColumn.MESSAGE: N_("Message"),
}


class RefusalsModel(ColumnsModel):
    """Refused files that name no laptop (not a bundle, damaged…), newest first."""

    COLUMNS = RefusalColumn
    HEADERS = REFUSAL_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.refusals: list[Refusal] = []

    def set_refusals(self, refusals: list[Refusal]) -> None:
        self.beginResetModel()
        self.refusals = list(refusals)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.refusals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.refusals):
            return None
        refusal = self.refusals[index.row()]
        column = RefusalColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is RefusalColumn.TIME:
                return laptop_time_text(refusal.at)
            if column is RefusalColumn.FILE:
                return ltr(refusal.file_name)
            return sentence(refusal.message)
        if role == Qt.ItemDataRole.ToolTipRole:
            return refusal.path if column is RefusalColumn.FILE else refusal.message or None
        if role == Qt.ItemDataRole.ForegroundRole and column is RefusalColumn.MESSAGE:
            return REFUSED_RED
        return None
