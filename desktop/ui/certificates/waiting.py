"""Handovers waiting for a certificate: finalized (signed) and not yet certified.

One is issued with "Issue certificate" and its pages are shown at once, ready to print; many
are issued together with "Issue for all selected", with a progress dialog and Stop. The
clerk's password is asked once either way.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.domain.enums import EntityKind, HandoverState
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, is_right_to_left, ngettext
from desktop.services.base import Changes
from desktop.services.certificate_queries import CertificateQueries
from desktop.services.certificates import IssuedCertificate
from desktop.services.checkpoints import RecordLists
from desktop.services.enrolment import ClerkSigner
from desktop.storage.record_lists import HandoverListRow
from desktop.ui.certificates.batch import BatchResult, IssueBatch
from desktop.ui.certificates.common import (
    STYLE,
    Note,
    certificate_file_name,
    checkpoint_text,
    primary_button,
)
from desktop.ui.certificates.preview import PdfPreviewDialog
from desktop.ui.certificates.signing import UnlockDialog, ask_for_signer
from desktop.ui.changes import touches
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    ERROR_RED,
    LIST_STYLE,
    RecordTable,
    TypingFilter,
    count_label,
    gap_text,
    local_time_text,
    ltr,
    page_title,
    search_box,
)
from desktop.ui.table_model import ColumnsModel, Index

ID_ROLE = Qt.ItemDataRole.UserRole
WAITING = (HandoverState.SIGNED.value,)


class Column(IntEnum):
    CHECKPOINT = 0
    CONTINUITY = 1  # a gap must be seen before certifying, without scrolling
    WHEN = 2
    CERTIFICATE = 3


HEADERS = {
    Column.CHECKPOINT: N_("Checkpoint"),
    Column.CONTINUITY: N_("Continuity"),
    Column.WHEN: N_("Handover time"),
    Column.CERTIFICATE: N_("Certificate"),
}


class WaitingModel(ColumnsModel):
    """Finalized handovers, newest first; few enough to hold whole."""

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, lists: RecordLists, queries: CertificateQueries, parent: Any = None
                 ) -> None:
        super().__init__(parent)
        self._lists = lists
        self._queries = queries
        self._text = ""
        self._rows: list[HandoverListRow] = []
        self._replaces: dict[str, str] = {}
        self.reload()

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.reload()

    def reload(self) -> None:
        rows = self._lists.handovers(self._text, WAITING)  # first: a failure changes nothing
        replaces = self._queries.live_serials([row.id for row in rows])
        self.beginResetModel()
        self._rows, self._replaces = rows, replaces
        self.endResetModel()

    def record_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, handover_id: str) -> int | None:
        for index, row in enumerate(self._rows):
            if row.id == handover_id:
                return index
        return None

    def list_row(self, row: int) -> HandoverListRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ids(self) -> list[str]:
        return [row.id for row in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ID_ROLE:
            return row.id
        gap = column is Column.CONTINUITY and gap_text(row.assumed_duty_at, row.departure_at)[1]
        if role == Qt.ItemDataRole.ForegroundRole:
            return ERROR_RED if gap else None
        if role == Qt.ItemDataRole.FontRole:
            if gap or (column is Column.CERTIFICATE and row.id in self._replaces):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.CHECKPOINT:
            return f"{row.checkpoint_code}\n{row.checkpoint_ar}\n{row.checkpoint_en}"
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.CERTIFICATE:
            if row.id in self._replaces:
                return _("The handover was amended after its certificate was issued. The new "
                         "certificate supersedes the old one, which then checks as superseded.")
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text_of(row, column)

    def _text_of(self, row: HandoverListRow, column: Column) -> str:
        if column is Column.CHECKPOINT:
            return checkpoint_text(row.checkpoint_code, row.checkpoint_ar, row.checkpoint_en)
        if column is Column.WHEN:
            return local_time_text(row.handover_at, row.utc_offset_minutes) or _("Not set yet")
        if column is Column.CONTINUITY:
            return gap_text(row.assumed_duty_at, row.departure_at)[0]
        old = self._replaces.get(row.id)
        return _("Reissue: replaces {serial}").format(serial=ltr(old)) if old else _("First")


class WaitingPage(QWidget):
    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        context = page_context.context
        self.model = WaitingModel(context.lists, context.certificate_queries, self)
        self.unlock_dialog: UnlockDialog | None = None
        self.batch: IssueBatch | None = None
        self.preview: PdfPreviewDialog | None = None

        self.count = count_label()
        header = QHBoxLayout()
        header.addWidget(page_title(_("Handovers waiting for a certificate")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = search_box(_("Search by checkpoint code or name"))
        self._typing = TypingFilter(self, self.apply_filter)
        self.search.textChanged.connect(self._typing.typed)

        self.note = Note()
        self.table = RecordTable()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        self.table.set_widths([340, 180, 235])
        self.table.opened.connect(self._row_opened)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = Note()

        self.issue_button = primary_button(_("Issue certificate"))
        self.issue_button.setToolTip(_("Sign and issue the certificate of the chosen handover, "
                                       "then show it for printing"))
        self.issue_button.clicked.connect(self.issue_current)
        self.batch_button = QPushButton()
        self.batch_button.setAutoDefault(False)
        self.batch_button.clicked.connect(self.issue_selected)
        self.open_button = QPushButton(_("Open the handover"))
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip(_("Read the finalized handover before certifying it (Enter)"))
        self.open_button.clicked.connect(self.open_current)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addStretch()
        actions.addWidget(self.batch_button)
        actions.addWidget(self.issue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.search)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addStretch()  # takes the room while the table is hidden
        layout.addLayout(actions)
        self.setStyleSheet(LIST_STYLE + STYLE)

        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        page_context.notifier.changed.connect(self._changed)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.open_button)
        self.setTabOrder(self.open_button, self.batch_button)
        self.setTabOrder(self.batch_button, self.issue_button)
        self._after_reload()

    # -- the list -------------------------------------------------------------------------------

    @Slot()
    def apply_filter(self) -> None:
        self._typing.cancel()
        try:
            self.model.set_text(self.search.text())
        except TaslimError as error:
            show_error(self, error)
        self._after_reload()

    def _after_reload(self) -> None:
        total = self.model.rowCount()
        self.count.setText(ngettext("{count} handover", "{count} handovers", total).format(
            count=number(total)))
        self.table.setVisible(total > 0)  # an empty table says less than the note beside it
        if total == 0:
            self.empty.say(_("No finalized handover is waiting for a certificate.")
                           if not self.search.text().strip()
                           else _("No waiting handover matches the search."), "info")
        else:
            self.empty.clear()
        if total and not self.table.selectionModel().hasSelection():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Handovers waiting for a certificate"), self.table,
                              self._page_context.context)

    def selected_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.record_id(row) for row in rows) if i is not None]

    def select_ids(self, ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for handover_id in ids:
            row = self.model.row_of(handover_id)
            if row is not None:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def current_id(self) -> str | None:
        selected = self.selected_ids()
        if len(selected) == 1:
            return selected[0]
        current = self.table.currentIndex()
        return self.model.record_id(current.row()) if current.isValid() else None

    @Slot()
    def _selection_changed(self) -> None:
        count = len(self.selected_ids())
        busy = self.batch is not None and self.batch.running
        self.issue_button.setEnabled(count == 1 and not busy)
        self.open_button.setEnabled(count == 1)
        self.batch_button.setText(_("Issue for all selected ({count})").format(
            count=number(count)))
        self.batch_button.setEnabled(count > 1 and not busy)

    @Slot(QModelIndex)
    def _row_opened(self, index: QModelIndex) -> None:
        self.open_current()

    @Slot()
    def open_current(self) -> None:
        handover_id = self.current_id()
        if handover_id is not None:
            self._page_context.forms.open_handover(self, handover_id=handover_id)

    # -- issuing --------------------------------------------------------------------------------

    @Slot()
    def issue_current(self) -> None:
        handover_id = self.current_id()
        row_number = None if handover_id is None else self.model.row_of(handover_id)
        row = None if row_number is None else self.model.list_row(row_number)
        if handover_id is None or row is None:
            return
        checkpoint = checkpoint_text(row.checkpoint_code, row.checkpoint_ar, row.checkpoint_en)
        self._ask([handover_id], _("Issue the certificate of the handover at {checkpoint}.")
                  .format(checkpoint=checkpoint))

    @Slot()
    def issue_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self._ask(ids, ngettext("Issue {count} certificate.", "Issue {count} certificates.",
                                len(ids)).format(count=number(len(ids))))

    def _ask(self, ids: list[str], purpose: str) -> None:
        if self.batch is not None and self.batch.running:
            return
        self.note.clear()
        self.unlock_dialog = ask_for_signer(
            self._page_context, self, purpose,
            lambda signer: self.start_issuing(ids, signer))

    def start_issuing(self, ids: list[str], signer: ClerkSigner) -> IssueBatch:
        context = self._page_context.context
        batch = IssueBatch(context.certificates, self._page_context.session, signer, ids,
                           self._page_context.notifier, self)
        batch.finished.connect(self._batch_finished)
        self.batch = batch
        batch.start()
        self._selection_changed()
        return batch

    @Slot(object)
    def _batch_finished(self, result: BatchResult) -> None:
        self._selection_changed()
        self._report(result)
        if len(result.issued) == 1 and self.batch is not None and self.batch.total == 1:
            self.show_preview(result.issued[0])

    def _report(self, result: BatchResult) -> None:
        sentences = []
        if result.issued:
            # The mark keeps the Arabic list in reading order: between two Latin serials a
            # bare comma would join them into one left-to-right run, last serial first.
            separator = "\u200f، " if is_right_to_left() else ", "
            serials = separator.join(ltr(i.certificate.serial) for i in result.issued)
            sentences.append(ngettext("{count} certificate issued: {serials}.",
                                      "{count} certificates issued: {serials}.",
                                      len(result.issued)).format(
                count=number(len(result.issued)), serials=serials))
        if result.stopped:
            left = len(result.not_started)
            sentences.append(ngettext("Stopped: {count} handover was not certified.",
                                      "Stopped: {count} handovers were not certified.",
                                      left).format(count=number(left)))
        sentences.extend(message for _hid, message in result.failures)
        if sentences:
            tone = "error" if result.failures or result.unexpected else "good"
            self.note.say(" ".join(sentences), tone)

    def show_preview(self, issued: IssuedCertificate) -> PdfPreviewDialog | None:
        serial = issued.certificate.serial
        try:
            preview = PdfPreviewDialog(
                issued.pdf, title=_("Certificate {serial}").format(serial=serial),
                file_name=certificate_file_name(serial), parent=self)
        except TaslimError as error:
            show_error(self, error)
            return None
        preview.note.say(_("Certificate {serial} is issued and signed. Print it or save it.")
                         .format(serial=ltr(serial)), "good")
        self.preview = preview
        preview.open()
        return preview

    # -- changes saved elsewhere ----------------------------------------------------------------

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if not touches(changes, EntityKind.HANDOVER, EntityKind.CHECKPOINT,
                       EntityKind.CERTIFICATE):
            return
        kept = self.selected_ids()
        try:
            self.model.reload()
        except TaslimError as error:
            show_error(self, error)
        self.select_ids(kept)
        self._after_reload()
