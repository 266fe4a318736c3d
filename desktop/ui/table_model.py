"""What every list model here shares: translated column headers from an IntEnum of columns."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """A flat table whose columns are ``COLUMNS`` and whose headers are ``HEADERS``.

    Headers are English source strings marked with N_ and translated when Qt asks, so a
    language switch needs no rebuilt model.
    """

    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[Mapping[Any, str]]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[self.COLUMNS(section)])
        return None
