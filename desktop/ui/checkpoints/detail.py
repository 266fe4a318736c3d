"""The detail pane beside the checkpoints table: who holds the checkpoint, and its history."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CHECKPOINT_KIND_LABELS, CHECKPOINT_STATUS_LABELS
from desktop.domain.errors import TaslimError
from desktop.domain.permissions import Action, may
from desktop.i18n import _, current_language, is_right_to_left, ngettext
from desktop.storage.checkpoint_history import CheckpointHistory
from desktop.ui.checkpoints.history import HandoverHistoryModel, InspectionHistoryModel
from desktop.ui.language import number
from desktop.ui.look import icon
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import RecordTable, in_language, ltr, status_chip

HISTORY_LIMIT = 200


def _start_aligned() -> Qt.AlignmentFlag:
    """The start side of the interface, not of the text: QLabel would align Latin text (a code,
    coordinates, an English name) to the left even in the right-to-left interface."""
    start = Qt.AlignmentFlag.AlignRight if is_right_to_left() else Qt.AlignmentFlag.AlignLeft
    return start | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop


def _value_label() -> QLabel:
    label = QLabel()
    label.setAlignment(_start_aligned())
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _empty_text(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("emptyText")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class CheckpointDetail(QWidget):
    """Shows one checkpoint: its header, then inspections, handovers and certificates."""

    EMPTY, DETAIL = 0, 1

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._queries = page_context.context.checkpoints
        self.checkpoint_id: str | None = None
        self.history: CheckpointHistory | None = None

        self.stack = QStackedWidget()
        self.empty = _empty_text(_("Choose a checkpoint in the list to see its history."))
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._build_detail())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.stack.setCurrentIndex(self.EMPTY)

    def _build_detail(self) -> QWidget:
        page = QWidget()
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setAlignment(_start_aligned())
        self.title.setWordWrap(True)
        self.other_name = QLabel()
        self.other_name.setObjectName("otherName")
        self.other_name.setWordWrap(True)
        self.other_name.setAlignment(_start_aligned())
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        self.fields: dict[str, QLabel] = {
            key: _value_label() for key in ("district", "kind", "holder", "status", "coordinates")
        }
        self.status_chip = QLabel()
        status = QWidget()
        status_row = QHBoxLayout(status)
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.setSpacing(6)
        status_row.addWidget(self.status_chip)
        status_row.addWidget(self.fields["status"], 1)
        titles = {"district": _("District"), "kind": _("Kind"), "holder": _("Held by"),
                  "status": _("Status"), "coordinates": _("Coordinates")}
        self._facts: list[tuple[QLabel, QWidget]] = []
        for key, text in titles.items():
            label = QLabel(text)
            label.setObjectName("factLabel")
            self._facts.append((label, status if key == "status" else self.fields[key]))
        self._fact_grid = QGridLayout()
        self._fact_grid.setHorizontalSpacing(12)
        self._fact_grid.setVerticalSpacing(4)

        self.new_inspection_button = QPushButton(icon("inspection"), _("New inspection"))
        self.new_inspection_button.clicked.connect(self.new_inspection)
        self.start_handover_button = QPushButton(icon("handover"), _("Start handover"))
        self.start_handover_button.clicked.connect(self.start_handover)
        role = self._page_context.session.role
        # Only an officer records these; the services refuse anyone else anyway.
        self.new_inspection_button.setVisible(may(role, Action.RECORD_INSPECTION))
        self.start_handover_button.setVisible(may(role, Action.RECORD_HANDOVER))
        self.actions = QWidget()
        buttons = QHBoxLayout(self.actions)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.new_inspection_button)
        buttons.addWidget(self.start_handover_button)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_inspections(), "")
        self.tabs.addTab(self._build_handovers(), "")
        certificates = _empty_text(_("No certificates are issued on this laptop yet."))
        self.certificates_text = certificates
        self.tabs.addTab(certificates, _("Certificates"))

        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.title)
        names.addWidget(self.other_name)
        # The buttons sit beside the names when the pane is wide, under the facts when not.
        self._header = QHBoxLayout()
        self._header.addLayout(names, 1)
        self._actions_row = QHBoxLayout()
        self._actions_row.addStretch()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 8, 0)
        layout.setSpacing(8)
        layout.addLayout(self._header)
        layout.addWidget(self.error)
        layout.addLayout(self._fact_grid)
        layout.addLayout(self._actions_row)
        layout.addWidget(self.tabs, 1)
        self.narrow: bool | None = None
        self.set_narrow(False)
        return page

    def set_narrow(self, narrow: bool) -> None:
        """Lay the header out for a pane beside the table (narrow) or under it (wide)."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for label, value in self._facts:
            self._fact_grid.removeWidget(label)
            self._fact_grid.removeWidget(value)
        per_row = 1 if narrow else 3
        for column in range(6):
            self._fact_grid.setColumnStretch(column, 0)
        for number_, (label, value) in enumerate(self._facts):
            row, pair = divmod(number_, per_row)
            self._fact_grid.addWidget(label, row, 2 * pair, Qt.AlignmentFlag.AlignTop)
            self._fact_grid.addWidget(value, row, 2 * pair + 1, Qt.AlignmentFlag.AlignTop)
            self._fact_grid.setColumnStretch(2 * pair + 1, 1)
        self._header.removeWidget(self.actions)
        self._actions_row.removeWidget(self.actions)
        if narrow:
            self._actions_row.insertWidget(0, self.actions)
        else:
            self._header.addWidget(self.actions, 0, Qt.AlignmentFlag.AlignTop)

    def _build_inspections(self) -> QWidget:
        tab = QWidget()
        self.inspection_summary = QLabel()
        self.inspection_summary.setWordWrap(True)
        self.inspections = InspectionHistoryModel(self)
        self.inspection_table = RecordTable()
        self.inspection_table.setModel(self.inspections)
        self.inspection_table.set_widths([230, 220, 110, 90])
        self.inspection_table.opened.connect(self._open_inspection)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.inspection_summary)
        layout.addWidget(self.inspection_table, 1)
        return tab

    def _build_handovers(self) -> QWidget:
        tab = QWidget()
        self.handovers = HandoverHistoryModel(self)
        self.handover_table = RecordTable()
        self.handover_table.setModel(self.handovers)
        self.handover_table.set_widths([200, 230, 230])
        self.handover_table.opened.connect(self._open_handover)
        self.no_handovers = _empty_text(_("No handover has been recorded for this checkpoint."))
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.no_handovers)
        layout.addWidget(self.handover_table, 1)
        return tab

    # -- showing a checkpoint -------------------------------------------------------------------

    def show_checkpoint(self, checkpoint_id: str | None) -> None:
        if checkpoint_id == self.checkpoint_id:
            return
        self.checkpoint_id = checkpoint_id
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self.checkpoint_id is None:
            self.history = None
            self.inspections.set_rows([])
            self.handovers.set_rows([])
            self.stack.setCurrentIndex(self.EMPTY)
            return
        self.stack.setCurrentIndex(self.DETAIL)
        try:
            checkpoint = self._queries.checkpoint(self.checkpoint_id)
            row = self._queries.rows([self.checkpoint_id]).get(self.checkpoint_id)
            history = self._queries.history(self.checkpoint_id, HISTORY_LIMIT)
        except TaslimError as error:  # e.g. removed by an import, or the database is busy
            self.error.setText(str(error))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.history = history
        first, second = ((checkpoint.name_ar, checkpoint.name_en) if current_language() == "ar"
                         else (checkpoint.name_en, checkpoint.name_ar))
        self.title.setText(f"{ltr(checkpoint.code)} — {first}")
        self.other_name.setText(second)
        self.fields["district"].setText(
            in_language(row.district_ar, row.district_en) if row else "")
        self.fields["kind"].setText(_(CHECKPOINT_KIND_LABELS[checkpoint.kind]))
        self.fields["holder"].setText(
            (in_language(row.holder_ar, row.holder_en) if row else "") or _("Nobody recorded"))
        if checkpoint.latitude is None or checkpoint.longitude is None:
            self.fields["coordinates"].setText(_("Not recorded"))
        else:
            self.fields["coordinates"].setText(
                ltr(f"{checkpoint.latitude:.5f}, {checkpoint.longitude:.5f}"))
        self.fields["status"].setText(_(CHECKPOINT_STATUS_LABELS[checkpoint.status]))
        self.status_chip.setPixmap(status_chip(checkpoint.status).pixmap(16, 16))
        self._show_history(history)

    def _show_history(self, history: CheckpointHistory) -> None:
        self.inspections.set_rows(history.inspections)
        self.handovers.set_rows(history.handovers)
        total, shown = history.inspection_count, len(history.inspections)
        if total == 0:
            summary = _("This checkpoint has not been inspected yet.")
        elif shown < total:
            summary = _("The latest {shown} of {total} inspections.").format(
                shown=number(shown), total=number(total))
        else:
            summary = ngettext("{count} inspection, newest first.",
                               "{count} inspections, newest first.", total).format(
                count=number(total))
        self.inspection_summary.setText(summary)
        self.inspection_table.setVisible(total > 0)
        self.tabs.setTabText(0, _("Inspections ({count})").format(count=number(total)))
        self.tabs.setTabText(1, _("Handovers ({count})").format(
            count=number(len(history.handovers))))
        self.no_handovers.setVisible(not history.handovers)
        self.handover_table.setVisible(bool(history.handovers))

    # -- actions --------------------------------------------------------------------------------

    @Slot()
    def new_inspection(self) -> None:
        if self.checkpoint_id is not None:
            self._page_context.forms.open_inspection(self, checkpoint_id=self.checkpoint_id)

    @Slot()
    def start_handover(self) -> None:
        if self.checkpoint_id is not None:
            self._page_context.forms.open_handover(self, checkpoint_id=self.checkpoint_id)

    @Slot(QModelIndex)
    def _open_inspection(self, index: QModelIndex) -> None:
        record_id = self.inspections.record_id(index.row())
        if record_id is not None:
            self._page_context.forms.open_inspection(self, inspection_id=record_id)

    @Slot(QModelIndex)
    def _open_handover(self, index: QModelIndex) -> None:
        record_id = self.handovers.record_id(index.row())
        if record_id is not None:
            self._page_context.forms.open_handover(self, handover_id=record_id)
