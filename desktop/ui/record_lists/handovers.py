"""The officer's handovers: checkpoint, state, time and the continuity gap, filtered in SQL.

Handovers are few (one or two per checkpoint), so the model holds the filtered list whole.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.domain.enums import HANDOVER_STATE_LABELS, EntityKind, HandoverState
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, ngettext
from desktop.services.base import Changes
from desktop.services.checkpoints import RecordLists
from desktop.storage.record_lists import HandoverListRow
from desktop.ui.changes import touches
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.look import icon
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    ERROR_RED,
    LIST_STYLE,
    RecordTable,
    TypingFilter,
    choice_box,
    count_label,
    gap_text,
    in_language,
    local_time_text,
    ltr,
    page_title,
    search_box,
)
from desktop.ui.table_model import ColumnsModel, Index

ID_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    CHECKPOINT = 0
    STATE = 1
    CONTINUITY = 2  # before the time: a gap must be seen without scrolling
    WHEN = 3


HEADERS = {
    Column.CHECKPOINT: N_("Checkpoint"),
    Column.STATE: N_("State"),
    Column.CONTINUITY: N_("Continuity"),
    Column.WHEN: N_("Handover time"),
}


class HandoverListModel(ColumnsModel):
    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, lists: RecordLists, parent: Any = None) -> None:
        super().__init__(parent)
        self._lists = lists
        self._text = ""
        self._states: tuple[str, ...] = ()
        self._rows: list[HandoverListRow] = []
        self.reload()

    def set_criteria(self, *, text: str = "", states: tuple[str, ...] = ()) -> None:
        if (text, states) != (self._text, self._states):
            self._text, self._states = text, states
            self.reload()

    def reload(self) -> None:
        rows = self._lists.handovers(self._text, self._states)  # first: a failure changes nothing
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def record_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def rows(self) -> list[HandoverListRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ID_ROLE:
            return row.id
        if column is Column.CONTINUITY and role in (Qt.ItemDataRole.ForegroundRole,
                                                    Qt.ItemDataRole.FontRole):
            if not gap_text(row.assumed_duty_at, row.departure_at)[1]:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return ERROR_RED
            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is Column.CHECKPOINT:
            name = in_language(row.checkpoint_ar, row.checkpoint_en)
            return f"{ltr(row.checkpoint_code)} — {name}"
        if column is Column.STATE:
            label = HANDOVER_STATE_LABELS.get(row.state)
            return _(label) if label else row.state
        if column is Column.WHEN:
            return local_time_text(row.handover_at, row.utc_offset_minutes) or _("Not set yet")
        return gap_text(row.assumed_duty_at, row.departure_at)[0]


class HandoverListPage(QWidget):
    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.model = HandoverListModel(page_context.context.lists, self)

        self.new_button = QPushButton(icon("handover"), _("New handover"))
        self.new_button.clicked.connect(self.new_handover)
        header = QHBoxLayout()
        header.addWidget(page_title(_("Handovers")), 1)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = search_box(_("Search by checkpoint code or name"))
        self.state = choice_box(_("All states"), [
            (state.value, _(HANDOVER_STATE_LABELS[state])) for state in HandoverState])
        self.state.setToolTip(_("State"))
        self.state.currentIndexChanged.connect(self.apply_filter)
        self.count = count_label()
        self._typing = TypingFilter(self, self.apply_filter)
        self.search.textChanged.connect(self._typing.typed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state, 1)
        filters.addWidget(self.count)

        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.set_widths([310, 240, 170])
        self.table.opened.connect(self._row_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setStyleSheet(LIST_STYLE)

        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_handover)
        page_context.notifier.changed.connect(self._changed)
        self._update_count()

    @Slot()
    def apply_filter(self) -> None:
        self._typing.cancel()
        state = self.state.currentData()
        try:
            self.model.set_criteria(text=self.search.text(), states=(state,) if state else ())
        except TaslimError as error:
            show_error(self, error)
        self._update_count()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Handovers"), self.table, self._page_context.context)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        self.count.setText(ngettext("{count} handover", "{count} handovers", total).format(
            count=number(total)))

    @Slot()
    def new_handover(self) -> None:
        self._page_context.forms.open_handover(self)

    @Slot(QModelIndex)
    def _row_opened(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row())
        if record_id is not None:
            self._page_context.forms.open_handover(self, handover_id=record_id)

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if touches(changes, EntityKind.HANDOVER, EntityKind.CHECKPOINT):
            try:
                self.model.reload()
            except TaslimError as error:
                show_error(self, error)
            self._update_count()
