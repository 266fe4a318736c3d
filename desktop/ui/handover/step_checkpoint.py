"""Step 1: which checkpoint is handed over (searchable), with who holds it now."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.domain.enums import CHECKPOINT_STATUS_LABELS, CheckpointStatus
from desktop.domain.errors import TaslimError
from desktop.i18n import _, current_language
from desktop.services.checkpoints import CheckpointFilter, CheckpointListRow, SortKey
from desktop.ui.handover.common import Step, StepEnv, hint, local_name
from desktop.ui.handover.common import step_title as make_title
from desktop.ui.look import error_label
from desktop.ui.look import show_message as show_error

SEARCH_DELAY_MS = 120
MAX_SHOWN = 500  # a search narrows it; nobody scrolls through more


class CheckpointStep(Step):
    def __init__(self, env: StepEnv) -> None:
        super().__init__(env)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by code or name…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search checkpoints"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Checkpoints"))
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { min-height: 40px; padding: 2px 6px; }")
        self.details = QLabel()
        self.details.setObjectName("sectionTitle")
        self.details.setWordWrap(True)
        self.locked = hint(_("The handover is already recorded for this checkpoint; start a new "
                             "handover to record another checkpoint."))
        self.locked.setVisible(False)
        self.error = error_label()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._take_first)
        self.list.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(make_title(self.title()))
        layout.addWidget(hint(_("Choose the checkpoint being handed over. Type part of its code "
                                "or name to find it.")))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.locked)
        layout.addWidget(self.error)
        self._rows: dict[str, CheckpointListRow] = {}

    def title(self) -> str:
        return _("Checkpoint")

    def show_form(self) -> None:
        self.refresh_list()
        self._show_details()
        stored = self.env.writer.stored is not None
        self.locked.setVisible(stored)
        self.list.setEnabled(not stored and not self.read_only)
        self.search.setEnabled(not stored and not self.read_only)

    def complete(self) -> bool:
        return self.env.form.checkpoint_id is not None

    def leave(self, forward: bool) -> str | None:
        if forward and self.env.form.checkpoint_id is None:
            return _("Choose the checkpoint first.")
        return None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.show_form()

    @Slot()
    def refresh_list(self) -> None:
        queries = self.env.page_context.context.checkpoints
        chosen = self.env.form.checkpoint_id
        try:
            ids = queries.ids(CheckpointFilter(text=self.search.text().strip()), SortKey.CODE,
                              language=current_language())[:MAX_SHOWN]
            if chosen and chosen not in ids:
                ids = [chosen, *ids]  # the chosen one stays visible whatever is typed
            self._rows = queries.rows(ids)
        except TaslimError as error:
            show_error(self.error, str(error))
            return
        show_error(self.error, None)
        self.list.blockSignals(True)
        self.list.clear()
        for checkpoint_id in ids:
            row = self._rows.get(checkpoint_id)
            if row is None:
                continue
            item = QListWidgetItem(self._line(row))
            item.setData(Qt.ItemDataRole.UserRole, checkpoint_id)
            self.list.addItem(item)
            if checkpoint_id == chosen:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    @staticmethod
    def _line(row: CheckpointListRow) -> str:
        name = local_name(row.name_ar, row.name_en)
        line = f"{row.code} — {name} · {local_name(row.district_ar, row.district_en)}"
        holder = local_name(row.holder_ar, row.holder_en)
        return line + (" · " + _("held by {holder}").format(holder=holder) if holder else "")

    @Slot()
    def _take_first(self) -> None:
        if self.list.count() and self.env.writer.stored is None:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None or self.read_only or self.env.writer.stored is not None:
            return
        checkpoint_id = current.data(Qt.ItemDataRole.UserRole)
        if checkpoint_id != self.env.form.checkpoint_id:
            form = self.env.form
            form.checkpoint_id = checkpoint_id
            # Parties chosen for another checkpoint's holder no longer apply.
            form.handing_unit_id = form.handing_rep_id = None
            self.edited.emit()
        self._show_details()

    def _show_details(self) -> None:
        checkpoint_id = self.env.form.checkpoint_id
        row = self._rows.get(checkpoint_id or "")
        if row is None and checkpoint_id:
            row = self.env.page_context.context.checkpoints.rows([checkpoint_id]).get(
                checkpoint_id)
        if row is None:
            self.details.setText(_("No checkpoint chosen yet."))
            return
        holder = local_name(row.holder_ar, row.holder_en) or _("nobody recorded")
        status = _(CHECKPOINT_STATUS_LABELS[CheckpointStatus(row.status)])
        self.details.setText(
            _("{code} — {name}\nHeld by: {holder} · {status}").format(
                code=row.code, name=local_name(row.name_ar, row.name_en), holder=holder,
                status=status))
