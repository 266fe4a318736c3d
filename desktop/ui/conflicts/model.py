"""The list of records in conflict: kind, title, how many versions, which laptops."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from desktop.i18n import N_
from desktop.services.conflicts import Conflict
from desktop.ui.conflicts.values import entity_label, list_separator
from desktop.ui.language import number
from desktop.ui.record_lists.display import ltr
from desktop.ui.table_model import ColumnsModel, Index


class ConflictColumn(IntEnum):
    KIND = 0
    TITLE = 1
    VERSIONS = 2
    LAPTOPS = 3


HEADERS = {
    ConflictColumn.KIND: N_("Kind of record"),
    ConflictColumn.TITLE: N_("Record"),
    ConflictColumn.VERSIONS: N_("Versions"),
    ConflictColumn.LAPTOPS: N_("Laptops"),
}


def laptops_text(conflict: Conflict) -> str:
    codes: list[str] = []
    for head in conflict.heads:
        if head.device_code not in codes:
            codes.append(head.device_code)
    return list_separator().join(ltr(code) for code in codes)


class ConflictListModel(ColumnsModel):
    COLUMNS = ConflictColumn
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.conflicts: list[Conflict] = []

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.endResetModel()

    def conflict(self, row: int) -> Conflict | None:
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def row_of(self, record_id: str) -> int | None:
        return next((row for row, c in enumerate(self.conflicts) if c.record_id == record_id),
                    None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.conflicts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        conflict = self.conflict(index.row()) if index.isValid() else None
        if conflict is None:
            return None
        column = ConflictColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is ConflictColumn.KIND:
                return entity_label(conflict.entity)
            if column is ConflictColumn.TITLE:
                return ltr(conflict.title)
            if column is ConflictColumn.VERSIONS:
                return number(len(conflict.heads))
            return laptops_text(conflict)
        if role == Qt.ItemDataRole.ToolTipRole and column is ConflictColumn.TITLE:
            return conflict.title
        return None
