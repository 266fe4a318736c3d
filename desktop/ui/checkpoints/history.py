"""The two history tables of the detail pane: a checkpoint's inspections and its handovers.

Small read-only models over the lists ``CheckpointQueries.history`` returns (at most a few
hundred rows), replaced as a whole when another checkpoint is chosen.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain.enums import HANDOVER_STATE_LABELS, INSPECTION_STATE_LABELS
from desktop.i18n import N_, _
from desktop.storage.checkpoint_history import HandoverSummary, InspectionSummary
from desktop.ui.language import number
from desktop.ui.record_lists.display import (
    ERROR_RED,
    gap_text,
    in_language,
    local_time_text,
)

ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class InspectionColumn(IntEnum):
    WHEN = 0
    INSPECTOR = 1
    STATE = 2
    READINESS = 3
    AMENDED = 4


class HandoverColumn(IntEnum):
    STATE = 0
    WHEN = 1
    RECEIVING = 2
    CONTINUITY = 3


INSPECTION_HEADERS = {
    InspectionColumn.WHEN: N_("Inspected at"),
    InspectionColumn.INSPECTOR: N_("Inspector"),
    InspectionColumn.STATE: N_("State"),
    InspectionColumn.READINESS: N_("Readiness"),
    InspectionColumn.AMENDED: N_("Amended"),
}
HANDOVER_HEADERS = {
    HandoverColumn.STATE: N_("State"),
    HandoverColumn.WHEN: N_("Handover time"),
    HandoverColumn.RECEIVING: N_("Receiving party"),
    HandoverColumn.CONTINUITY: N_("Continuity"),
}


class _ListModel(QAbstractTableModel):
    HEADERS: ClassVar[dict[Any, str]] = {}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(list(self.HEADERS.values())[section])
        return None


class InspectionHistoryModel(_ListModel):
    HEADERS = INSPECTION_HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: InspectionSummary = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = InspectionColumn(index.column())
        if column is InspectionColumn.WHEN:
            return local_time_text(row.inspected_at, row.utc_offset_minutes)
        if column is InspectionColumn.INSPECTOR:
            return in_language(row.inspector_ar, row.inspector_en)
        if column is InspectionColumn.STATE:
            label = INSPECTION_STATE_LABELS.get(row.state)
            return _(label) if label else row.state
        if column is InspectionColumn.READINESS:
            if row.readiness is None:
                return "–"
            return _("{value} of 5").format(value=number(row.readiness))
        return _("Amended") if row.amended else ""


class HandoverHistoryModel(_ListModel):
    HEADERS = HANDOVER_HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: HandoverSummary = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        column = HandoverColumn(index.column())
        if column is HandoverColumn.CONTINUITY and role in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole
        ):
            text, gap = gap_text(row.assumed_duty_at, row.departure_at)
            if role == Qt.ItemDataRole.ForegroundRole:
                return ERROR_RED if gap else None
            return text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is HandoverColumn.STATE:
            label = HANDOVER_STATE_LABELS.get(row.state)
            return _(label) if label else row.state
        if column is HandoverColumn.WHEN:
            return local_time_text(row.handover_at, row.utc_offset_minutes) or _("Not set yet")
        return in_language(row.receiving_ar, row.receiving_en) or _("Not chosen yet")

    def has_gap(self, row: int) -> bool:
        summary: HandoverSummary = self._rows[row]
        return gap_text(summary.assumed_duty_at, summary.departure_at)[1]
