"""The checkpoints screen: filters on top, the table on the start side, the history beside it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from desktop.domain.enums import CHECKPOINT_KIND_LABELS, CHECKPOINT_STATUS_LABELS
from desktop.domain.errors import TaslimError
from desktop.i18n import _, current_language
from desktop.services.base import Changes
from desktop.services.checkpoints import Choice
from desktop.storage.checkpoint_list import CheckpointFilter
from desktop.ui.changes import touches
from desktop.ui.checkpoints.detail import CheckpointDetail
from desktop.ui.checkpoints.model import WATCHED, CheckpointTableModel, Column
from desktop.ui.errors import show_error
from desktop.ui.list_export import ExportableList
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    LIST_STYLE,
    RecordTable,
    TypingFilter,
    choice_box,
    count_label,
    in_language,
    page_title,
    search_box,
)

WIDE_PAGE = 1200  # px of page width from which the history pane goes beside the table
COLUMN_WIDTHS = {
    Column.CODE: 110,
    Column.NAME: 280,
    Column.STATUS: 240,
    Column.LAST_INSPECTION: 125,
    Column.DISTRICT: 100,
    Column.KIND: 120,
}



class CheckpointsPage(QWidget):
    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        context = page_context.context
        self._queries = context.checkpoints
        self.model = CheckpointTableModel(
            context.checkpoints,
            language=current_language(),
            stale_days=context.settings.stale_inspection_days,
            parent=self,
        )

        self.search = search_box(_("Search by code, name, district or unit"))
        self.search.setToolTip(_("Arabic is found with or without hamza and diacritics."))
        self.district = choice_box(_("All districts"), [
            (choice.id, in_language(choice.name_ar, choice.name_en))
            for choice in self._districts()
        ])
        self.district.setToolTip(_("District"))
        self.kind = choice_box(_("All kinds"), [
            (kind.value, _(label)) for kind, label in CHECKPOINT_KIND_LABELS.items()])
        self.kind.setToolTip(_("Kind"))
        self.status = choice_box(_("All statuses"), [
            (status.value, _(label)) for status, label in CHECKPOINT_STATUS_LABELS.items()])
        self.status.setToolTip(_("Status"))
        for box in (self.district, self.kind, self.status):
            box.currentIndexChanged.connect(self.apply_filter)
        self.count = count_label()
        self._typing = TypingFilter(self, self.apply_filter)
        self.search.textChanged.connect(self._typing.typed)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.district, 1)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.status, 1)

        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(
            Column.CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # the model sorts in SQL
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.modelReset.connect(self._after_reset)

        self.detail = CheckpointDetail(page_context)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self._arranged = False
        self._shown = False
        self.setStyleSheet(LIST_STYLE)

        header = QHBoxLayout()
        header.addWidget(page_title(_("Checkpoints")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        page_context.notifier.changed.connect(self._changed)
        self.setTabOrder(self.search, self.district)
        self.setTabOrder(self.district, self.kind)
        self.setTabOrder(self.kind, self.status)
        self.setTabOrder(self.status, self.table)
        self._update_count()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Checkpoints"), self.table, self._page_context.context)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Opening the screen shows the first checkpoint's history rather than an empty pane.
        if not self._shown and self.detail.checkpoint_id is None and self.model.rowCount():
            self.select_checkpoint(self.model.ids()[0])
        self._shown = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """History beside the table on a wide page, under it on a narrow one.

        Beside it on a 1280 px window (the navigation takes 300 px), the table would show only
        code, name and half the status, and the pane's facts would wrap word by word.
        """
        beside = self.width() >= WIDE_PAGE
        orientation = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
        if self._arranged and orientation == self.splitter.orientation():
            return
        self._arranged = True
        self.splitter.setOrientation(orientation)
        self.detail.set_narrow(beside)
        total = self.splitter.width() if beside else self.splitter.height()
        first = int(total * (0.6 if beside else 0.42))
        self.splitter.setSizes([first, max(total - first, 1)])

    def _districts(self) -> list[Choice]:
        try:
            return self._queries.districts()
        except TaslimError:
            return []  # the filter then offers "All" only; the table says what is wrong

    # -- filtering ------------------------------------------------------------------------------

    def current_filter(self) -> CheckpointFilter:
        return CheckpointFilter(
            text=self.search.text(),
            district_id=self.district.currentData(),
            kind=self.kind.currentData(),
            status=self.status.currentData(),
        )

    @Slot()
    def apply_filter(self) -> None:
        self._typing.cancel()
        try:
            self.model.set_filter(self.current_filter())
        except TaslimError as error:
            show_error(self, error)
        self._update_count()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        self.count.setText(self.model.count_text())

    # -- choosing a checkpoint ------------------------------------------------------------------

    def select_checkpoint(self, checkpoint_id: str) -> bool:
        row = self.model.row_of(checkpoint_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot(QModelIndex, QModelIndex)
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_checkpoint(self.model.checkpoint_id(current.row()))

    @Slot()
    def _after_reset(self) -> None:
        """Keep the checkpoint being looked at chosen if it is still in the list."""
        shown = self.detail.checkpoint_id
        if shown is None or not self.select_checkpoint(shown):
            self.detail.show_checkpoint(None)
        self._update_count()

    # -- changes saved elsewhere ----------------------------------------------------------------

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if not touches(changes, *WATCHED):
            return
        try:
            self.model.apply_changes(changes)
        except TaslimError as error:
            show_error(self, error)
        self._update_count()
        self.detail.refresh()
