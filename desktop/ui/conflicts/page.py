"""The supervisor's Conflicts page: records edited on two laptops at once, and their merge.

Above, every record in conflict (kind, title, how many versions, which laptops); below, the
chosen one's versions side by side. The supervisor picks, field by field, which value to keep
and saves the merged record: one ``merge`` version whose parents are all the versions, so the
conflict ends and the history keeps everything. An import that arrives meanwhile is caught by
the service (the versions looked at are passed along) and the record is shown again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import EntityKind
from desktop.domain.errors import TaslimError
from desktop.i18n import _, ngettext
from desktop.services.base import Changes
from desktop.services.conflicts import Conflict
from desktop.ui.certificates.common import STYLE, Note, hint, paragraph, primary_button
from desktop.ui.conflicts.compare import COMPARE_STYLE, ComparisonView
from desktop.ui.conflicts.model import ConflictColumn, ConflictListModel
from desktop.ui.conflicts.values import Names, entity_label
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    LIST_STYLE,
    ROW_HEIGHT,
    RecordTable,
    count_label,
    ltr,
    page_title,
)

LIST_ROWS = 5  # the list stays short: the comparison below needs the room
PAGE_STYLE = LIST_STYLE + STYLE + COMPARE_STYLE + """
QLabel#emptyText { color: #1b7a3d; font-size: 15pt; padding: 36px; }
QLabel#detailTitle { font-size: 15pt; font-weight: bold; color: #1d4f7a; }
"""


class ConflictsPage(QWidget):
    """``resolved(Conflict)`` after a merge is saved and announced."""

    resolved = Signal(object)

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.model = ConflictListModel(self)
        self.shown: Conflict | None = None  # the conflict in the comparison, as loaded
        self._refreshing = False
        self._fitted_rows = -1  # the list's height follows its rows, not every refresh
        self._names_read: Names | None = None  # names of people and places, read once a refresh

        self.count = count_label()
        header = QHBoxLayout()
        header.addWidget(page_title(_("Conflicts")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        self.explanation = hint(_(
            "When two laptops changed the same record before their data reached headquarters, "
            "the record has more than one version. Choose, field by field, which value to keep "
            "and save the merged record; every version stays in the record's history."))
        self.note = Note()
        self.empty = QLabel(_("No conflicts: every record has one version."))
        self.empty.setObjectName("emptyText")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.table = RecordTable()
        self.table.setModel(self.model)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(ConflictColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setWordWrap(True)
        self.comparison = ComparisonView()
        self.save_button = primary_button(_("Save the merged record"))
        self.save_button.setToolTip(_("Write one version made of the values chosen here; the "
                                      "conflict ends and every version stays in the history"))
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addStretch()
        actions.addWidget(self.save_button)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.setSpacing(8)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.comparison, 1)
        detail_layout.addLayout(actions)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.empty_stretch = QWidget()  # takes the room while there is nothing to show
        layout.addWidget(self.empty_stretch, 1)
        self.setStyleSheet(PAGE_STYLE)

        page_context.notifier.changed.connect(self._changed)
        self.setTabOrder(self.table, self.comparison.only_differences)
        self.refresh()

    # -- the list -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # an import on another page (or the command line) may have brought some

    @Slot(object)
    def _changed(self, _changes: Changes) -> None:
        # Any import or merge may start or end a conflict, whatever kind of record it touched.
        if self.isVisible():
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the list again; the conflict on screen stays as it is unless it changed."""
        try:
            conflicts = self._page_context.context.conflicts.conflicts()
        except TaslimError as error:
            self.note.say(str(error), "error")  # e.g. the database is busy: said on the page
            return
        target = self.shown.record_id if self.shown is not None else None
        self._names_read = None
        self._refreshing = True  # the model's reset is not the supervisor choosing a row
        try:
            self.model.set_conflicts(conflicts)
            row = self.model.row_of(target) if target is not None else None
            self.select_row(row if row is not None else 0)
        finally:
            self._refreshing = False
        count = len(conflicts)
        self.count.setText(ngettext("{count} record in conflict", "{count} records in conflict",
                                    count).format(count=number(count)) if count else "")
        self.empty.setVisible(not count)
        self.empty_stretch.setVisible(not count)
        self.splitter.setVisible(bool(count))
        self._fit_table()
        self._current_changed()

    def _fit_table(self) -> None:
        rows = min(max(self.model.rowCount(), 1), LIST_ROWS)
        if rows == self._fitted_rows:
            return  # where the supervisor dragged the splitter stays
        self._fitted_rows = rows
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header + ROW_HEIGHT + 2 * self.table.frameWidth())
        self.splitter.setSizes([header + rows * ROW_HEIGHT + 2 * self.table.frameWidth(),
                                max(self.height(), 600)])

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Conflicts"), self.table, self._page_context.context)

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def current_conflict(self) -> Conflict | None:
        index = self.table.currentIndex()
        return self.model.conflict(index.row()) if index.isValid() else None

    @Slot()
    def _row_chosen(self, *_args: object) -> None:
        if self._refreshing:
            return
        conflict = self.current_conflict()
        if conflict is None or self.shown is None or conflict.record_id != self.shown.record_id:
            self.note.clear()  # what was said was about another record
        self._current_changed()

    def _current_changed(self) -> None:
        conflict = self.current_conflict()
        shown = self.shown
        if conflict is not None and shown is not None and conflict.record_id == shown.record_id:
            if conflict.head_ids == shown.head_ids:
                return  # the same versions: keep what the supervisor already chose
            self.note.say(_("Another import changed this record; its versions are shown again. "
                            "Look at them, then choose."), "info")
        self._show(conflict)

    def _show(self, conflict: Conflict | None) -> None:
        self.shown = conflict
        self.comparison.show_conflict(conflict, self._names() if conflict else None)
        self.detail.setVisible(conflict is not None)
        self.save_button.setEnabled(conflict is not None)
        if conflict is not None:
            count = len(conflict.heads)
            self.detail_title.setText(paragraph(ngettext(
                "{kind} {title}: {count} version", "{kind} {title}: {count} versions", count)
                .format(kind=entity_label(conflict.entity), title=ltr(conflict.title),
                        count=number(count))))

    def _names(self) -> Names:
        if self._names_read is None:
            self._names_read = self._read_names()
        return self._names_read

    def _read_names(self) -> Names:
        queries = self._page_context.context.checkpoints

        def people() -> dict[str, tuple[str, str]]:
            return {p.id: (p.name_ar, p.name_en) for p in queries.people()}

        def places(kind: EntityKind) -> dict[str, tuple[str, str]]:
            choices = queries.districts() if kind is EntityKind.DISTRICT else queries.units()
            return {c.id: (c.name_ar, c.name_en) for c in choices}

        def checkpoint(checkpoint_id: str) -> tuple[str, str, str]:
            found = queries.checkpoint(checkpoint_id)
            return found.code, found.name_ar, found.name_en

        return Names(people, places, checkpoint)

    # -- saving ---------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        conflict = self.shown
        if conflict is None:
            return
        service = self._page_context.context.conflicts
        try:
            outcome = service.resolve(self._page_context.session, conflict.record_id,
                                      self.comparison.choices(), conflict.head_ids)
        except TaslimError as error:
            self.note.say(str(error), "error")
            self._reload()
            return
        self.shown = None
        self.refresh()
        self.note.say(_("{kind} {title} is merged: it has one version again, and the versions "
                        "it was made from stay in its history.").format(
            kind=entity_label(conflict.entity), title=ltr(conflict.title)), "good")
        self._page_context.notifier.announce(outcome.changes)
        self.resolved.emit(outcome.value)

    def _reload(self) -> None:
        """After a refusal: the record's versions as they are now (or the list without it)."""
        self.shown = None
        self.refresh()
