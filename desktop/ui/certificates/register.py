"""The certificate register: every certificate newest first, searchable, exportable.

From here the clerk looks at an original, prints a counted copy (it says COPY / نسخة), voids a
certificate with a reason (the notice says VOID / ملغاة) and exports the list to CSV.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CERTIFICATE_STATE_LABELS, CertificateState
from desktop.domain.errors import TaslimError
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.base import Changes, Outcome
from desktop.services.certificates import IssuedCertificate
from desktop.services.enrolment import ClerkSigner
from desktop.storage.certificate_lists import CertificateListRow
from desktop.ui.certificates.common import (
    STYLE,
    Note,
    certificate_file_name,
    documents_folder,
    hint,
    paragraph,
    primary_button,
    text_box,
    write_atomically,
)
from desktop.ui.certificates.preview import PdfPreviewDialog
from desktop.ui.certificates.register_model import WATCHED, RegisterModel, state_label
from desktop.ui.certificates.signing import UnlockDialog, ask_for_signer
from desktop.ui.changes import touches
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.look import error_label, plain_buttons
from desktop.ui.look import show_message as say
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    LIST_STYLE,
    RecordTable,
    TypingFilter,
    choice_box,
    count_label,
    ltr,
    page_title,
    search_box,
)
from desktop.ui.tasks import BackgroundTask, Work

COLUMN_WIDTHS = [200, 235, 115, 80, 240, 200]


class VoidDialog(QDialog):
    """The reason for voiding, required; the certificate is voided only after the password."""

    def __init__(self, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Void certificate {serial}").format(serial=serial))
        self.setMinimumWidth(560)
        self.setStyleSheet(STYLE)
        self.reason = text_box(_("Reason for voiding"),
                               _("e.g. Issued for the wrong checkpoint."), 120)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Void the certificate"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        plain_buttons(buttons)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(_("A void certificate stays in the register, marked void with "
                                "this reason; anyone who checks its file is told it is void. "
                                "It cannot be undone.")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(self._typed)
        self._typed()
        self.discard_box: QMessageBox | None = None
        self.discard_button: QPushButton | None = None

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def reject(self) -> None:
        """Esc or Cancel: a typed reason is not thrown away without asking."""
        if not self.reason_text():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          _("Discard the reason you typed? The certificate stays as it is."),
                          QMessageBox.StandardButton.NoButton, self)
        self.discard_button = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep writing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: self._discard_answered(box))
        self.discard_box = box
        box.open()

    def _discard_answered(self, box: QMessageBox) -> None:
        if box.clickedButton() is self.discard_button:
            super().reject()
        self.discard_box = None

    @Slot()
    def _typed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))
        say(self.error, None)

    @Slot()
    def _confirm(self) -> None:
        if not self.reason_text():
            say(self.error, _("Give the reason for voiding the certificate."))
            return
        self.accept()


class RegisterPage(QWidget):
    """``acted(IssuedCertificate)`` after a reprint or a void, once its changes are announced."""

    acted = Signal(object)

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.model = RegisterModel(page_context.context.certificate_queries, self)
        self.unlock_dialog: UnlockDialog | None = None
        self.void_dialog: VoidDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self.task: BackgroundTask | None = None
        self.exported_to: Path | None = None

        self.count = count_label()
        header = QHBoxLayout()
        header.addWidget(page_title(_("Certificate register")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = search_box(_("Search by serial, checkpoint code or name"))
        self.search.setToolTip(_("Arabic is found with or without hamza and diacritics."))
        self.state = choice_box(_("All states"), [
            (state.value, _(label)) for state, label in CERTIFICATE_STATE_LABELS.items()])
        self.state.setToolTip(_("State"))
        self.state.currentIndexChanged.connect(self.apply_filter)
        self._typing = TypingFilter(self, self.apply_filter)
        self.search.textChanged.connect(self._typing.typed)
        self.export_button = QPushButton(_("Export to CSV…"))
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(_("Save the certificates listed here as a spreadsheet file"))
        self.export_button.clicked.connect(self.choose_export_path)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state, 1)
        filters.addWidget(self.export_button)

        self.note = Note()
        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.set_widths(COLUMN_WIDTHS)
        self.table.opened.connect(lambda _index: self.preview_current())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setToolTip(_("Look at the original as issued (Enter)"))
        self.reprint_button = primary_button(_("Reprint a copy…"))
        self.reprint_button.setToolTip(_("A new signed print that says COPY; the register "
                                         "counts it"))
        self.void_button = QPushButton(_("Void…"))
        self.void_button.setToolTip(_("Cancel the certificate, with a reason"))
        for button in (self.preview_button, self.void_button):
            button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.preview_current)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.void_button.clicked.connect(self.void_current)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addStretch()
        actions.addWidget(self.void_button)
        actions.addWidget(self.reprint_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        self.setStyleSheet(LIST_STYLE + STYLE)

        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.Print, self, self.reprint_current)
        page_context.notifier.changed.connect(self._changed)
        self.setTabOrder(self.search, self.state)
        self.setTabOrder(self.state, self.export_button)
        self.setTabOrder(self.export_button, self.table)
        self.setTabOrder(self.table, self.preview_button)
        self.setTabOrder(self.preview_button, self.void_button)
        self.setTabOrder(self.void_button, self.reprint_button)
        self._after_reset()

    # -- the list -------------------------------------------------------------------------------

    @Slot()
    def apply_filter(self) -> None:
        self._typing.cancel()
        try:
            self.model.set_filter(self.search.text(), self.state.currentData())
        except TaslimError as error:
            show_error(self, error)

    @Slot()
    def _after_reset(self) -> None:
        self.count.setText(self.model.count_text())
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)
        self._current_changed()

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def select_certificate(self, certificate_id: str) -> bool:
        row = self.model.row_of(certificate_id)
        if row is None:
            return False
        self.select_row(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def current_row(self) -> CertificateListRow | None:
        index = self.table.currentIndex()
        return self.model.list_row(index.row()) if index.isValid() else None

    @Slot()
    def _current_changed(self, *_args: object) -> None:
        row = self.current_row()
        busy = self.task is not None and self.task.running
        live = row is not None and row.state == CertificateState.ISSUED.value
        self.preview_button.setEnabled(row is not None and not busy)
        self.reprint_button.setEnabled(live and not busy)
        self.void_button.setEnabled(row is not None and row.state != CertificateState.VOID.value
                                    and not busy)
        self.detail.setText(paragraph(self._detail(row)))
        self.detail.setVisible(row is not None)

    @staticmethod
    def _detail(row: CertificateListRow | None) -> str:
        if row is None:
            return ""
        if row.state == CertificateState.VOID.value:
            return _("{serial} is VOID: {reason}").format(serial=ltr(row.serial),
                                                          reason=row.void_reason or "")
        if row.state == CertificateState.SUPERSEDED.value:
            return _("{serial} was superseded by a later certificate after the handover was "
                     "amended. It cannot be reprinted.").format(serial=ltr(row.serial))
        return _("{serial}: {state}; copies printed so far: {count}.").format(
            serial=ltr(row.serial), state=state_label(row.state), count=number(row.reprints))

    # -- preview, reprint, void -----------------------------------------------------------------

    @Slot()
    def preview_current(self) -> PdfPreviewDialog | None:
        row = self.current_row()
        if row is None:
            return None
        try:
            pdf = self._page_context.context.certificates.pdf(row.id)
            preview = PdfPreviewDialog(
                pdf, title=_("Certificate {serial}").format(serial=row.serial),
                file_name=certificate_file_name(row.serial), can_print=False, parent=self)
        except TaslimError as error:
            show_error(self, error)
            return None
        if row.state == CertificateState.ISSUED.value:
            preview.note.say(_("The original as issued. To print it again, make a copy: "
                               "copies say COPY and are counted in the register."), "info")
            copy_button = primary_button(_("Reprint a copy…"))
            copy_button.clicked.connect(preview.accept)
            copy_button.clicked.connect(self.reprint_current)
            preview.add_action(copy_button)
        else:
            preview.note.say(self._detail(row), "error")
        self.preview = preview
        preview.open()
        return preview

    @Slot()
    def reprint_current(self) -> None:
        row = self.current_row()
        if row is None or row.state != CertificateState.ISSUED.value or self._busy():
            return
        certificate_id, serial = row.id, row.serial
        certificates, session = self._page_context.context.certificates, self._page_context.session

        def unlocked(signer: ClerkSigner) -> None:
            self._run(lambda _control: certificates.reprint(session, certificate_id, signer),
                      _("Signing the copy…"))

        self.note.clear()
        self.unlock_dialog = ask_for_signer(
            self._page_context, self,
            _("Print a copy of certificate {serial}. The copy says COPY and is counted.")
            .format(serial=ltr(serial)), unlocked)

    @Slot()
    def void_current(self) -> None:
        row = self.current_row()
        if row is None or row.state == CertificateState.VOID.value or self._busy():
            return
        certificate_id, serial = row.id, row.serial
        dialog = VoidDialog(serial, self)
        self.void_dialog = dialog

        def reason_given() -> None:
            reason = dialog.reason_text()
            certificates = self._page_context.context.certificates
            session = self._page_context.session

            def unlocked(signer: ClerkSigner) -> None:
                self._run(lambda _control: certificates.void(session, certificate_id, reason,
                                                              signer),
                          _("Voiding the certificate…"))

            self.unlock_dialog = ask_for_signer(
                self._page_context, self,
                _("Void certificate {serial}.").format(serial=ltr(serial)), unlocked,
                Action.VOID_HANDOVER)

        dialog.accepted.connect(reason_given)
        self.note.clear()
        dialog.open()

    def _busy(self) -> bool:
        return self.task is not None and self.task.running

    def _run(self, work: Work, label: str) -> None:
        task = BackgroundTask(work, parent=self, label=label, cancellable=False)
        task.succeeded.connect(self._acted)
        task.failed.connect(lambda error: show_error(self, error))
        task.done.connect(self._current_changed)
        self.task = task
        task.start()
        self._current_changed()

    @Slot(object)
    def _acted(self, outcome: Outcome[IssuedCertificate]) -> None:
        self._page_context.notifier.announce(outcome.changes)
        done = outcome.value
        certificate = done.certificate
        self.select_certificate(certificate.id)
        if certificate.state is CertificateState.VOID:
            title = _("Void notice {serial}").format(serial=certificate.serial)
            file_name = certificate_file_name(certificate.serial, "-void")
            said = _("Certificate {serial} is void. Print this notice for the file.").format(
                serial=ltr(certificate.serial))
        else:
            title = _("Copy {number} of certificate {serial}").format(
                number=number(certificate.reprints), serial=certificate.serial)
            file_name = certificate_file_name(certificate.serial,
                                              f"-copy-{certificate.reprints}")
            said = _("Copy {number} of {serial} is signed and counted in the register. Print "
                     "it now.").format(number=number(certificate.reprints),
                                     serial=ltr(certificate.serial))
        self.note.say(said, "good")
        try:
            preview = PdfPreviewDialog(done.pdf, title=title, file_name=file_name, parent=self)
        except TaslimError as error:
            show_error(self, error)
        else:
            preview.note.say(said, "good")
            self.preview = preview
            preview.open()
        self.acted.emit(done)

    # -- export ---------------------------------------------------------------------------------

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Certificate register"), self.table, self._page_context.context)

    @Slot()
    def choose_export_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the register"), str(documents_folder() / "certificate-register.csv"),
            _("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        try:
            write_atomically(path, self.model.csv_bytes())
        except TaslimError as error:
            show_error(self, error)
            return False
        self.exported_to = path
        self.note.say(_("Exported {count} to {path}.").format(
            count=self.model.count_text(), path=path), "good")
        return True

    # -- changes saved elsewhere ----------------------------------------------------------------

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if not touches(changes, *WATCHED):
            return
        current = self.current_row()
        try:
            self.model.apply_changes(changes)
        except TaslimError as error:
            show_error(self, error)
        if current is not None:
            self.select_certificate(current.id)
        self.count.setText(self.model.count_text())
        self._current_changed()

