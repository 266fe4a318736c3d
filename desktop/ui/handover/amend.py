"""Asking for the reason of an amendment: a signed handover changes only with one."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.domain.enums import HandoverState
from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.ui.handover.common import hint, text_box
from desktop.ui.look import error_label, plain_buttons
from desktop.ui.look import show_message as show_error
from desktop.ui.page_registry import PageContext


class AmendDialog(QDialog):
    """Reason first, then ``transition(AMENDED)``; opened with ``open()``; ends in ``accepted``."""

    def __init__(self, page_context: PageContext, handover_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._handover_id = handover_id
        self.setWindowTitle(_("Amend the handover"))
        self.setMinimumWidth(560)
        self.reason = text_box(_("Reason for the amendment"),
                               _("e.g. The receiving representative's badge number was written "
                                 "wrongly."), 120)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Start the amendment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        plain_buttons(buttons)
        buttons.accepted.connect(self.amend)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("The signed handover stays on record. Say why it must change: "
                                "the reason is kept with the amendment and shown to the clerk.")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._reason_changed)
        self._reason_changed()

    @Slot()
    def _reason_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.toPlainText().strip()))

    @Slot()
    def amend(self) -> None:
        try:
            outcome = self._page_context.context.handovers.transition(
                self._page_context.session, self._handover_id, HandoverState.AMENDED,
                self.reason.toPlainText())
        except TaslimError as error:
            show_error(self.error, str(error))
            return
        self._page_context.notifier.announce(outcome.changes)
        self.accept()
