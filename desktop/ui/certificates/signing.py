"""The clerk's password before signing, and enrolment when there is no signing certificate yet.

Signing uses the clerk's own key, which is locked with the clerk's password: it is asked once
per certificate or once per batch, and the unlocked key lives only as long as that work. When
the laptop holds no usable signing certificate (never enrolled, or the password was reset), the
same dialog offers the two steps of enrolment instead: write a request file for the supervisor,
then import the supervisor's answer file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import AuthenticationFailed, TaslimError
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.enrolment import ClerkSigner, SignerNotEnrolled
from desktop.ui.certificates.common import STYLE, Note, documents_folder, hint, write_atomically
from desktop.ui.errors import show_error
from desktop.ui.look import error_label, plain_buttons
from desktop.ui.look import show_message as say
from desktop.ui.page_registry import PageContext

ENROLMENT_FILES = "*.json"


class UnlockDialog(QDialog):
    """Asks for the clerk's password and unlocks the signing key; emits ``unlocked(signer)``.

    Opened with ``open()``: the page goes on once ``unlocked`` arrives. A wrong password is said
    under the field and the dialog stays; "not enrolled" turns into the enrolment offer.
    """

    unlocked = Signal(object)  # ClerkSigner

    def __init__(self, page_context: PageContext, purpose: str,
                 action: Action = Action.CERTIFY_HANDOVER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._action = action
        self.enrolment: EnrolmentDialog | None = None
        self.setWindowTitle(_("Confirm with your password"))
        self.setMinimumWidth(520)
        self.setStyleSheet(STYLE)
        self.purpose = QLabel(purpose)
        self.purpose.setWordWrap(True)
        self.purpose.setObjectName("sectionTitle")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.password.setPlaceholderText(_("Your password"))
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Sign"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        plain_buttons(buttons)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.purpose)
        layout.addWidget(hint(_("Your signing key is locked with your password. It is used for "
                                "this work only and locked again afterwards.")))
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.textChanged.connect(self._typed)
        self._typed()
        self.finished.connect(self._forget)

    @Slot()
    def _typed(self) -> None:
        self.ok_button.setEnabled(bool(self.password.text()))
        say(self.error, None)

    @Slot()
    def confirm(self) -> None:
        password = self.password.text()
        if not password:
            return
        try:
            signer = self._page_context.context.certificates.unlock(
                self._page_context.session, password, self._action)
        except SignerNotEnrolled as error:
            self.enrolment = EnrolmentDialog(self._page_context, str(error), password,
                                             self.parentWidget())
            self.enrolment.open()
            self.reject()
            return
        except AuthenticationFailed as error:
            say(self.error, str(error))
            self.password.selectAll()
            self.password.setFocus()
            return
        except TaslimError as error:
            say(self.error, str(error))
            return
        self.accept()
        self.unlocked.emit(signer)

    @Slot()
    def _forget(self) -> None:
        self.password.clear()


def ask_for_signer(page_context: PageContext, parent: QWidget, purpose: str,
                   on_unlocked: Callable[[ClerkSigner], None],
                   action: Action = Action.CERTIFY_HANDOVER) -> UnlockDialog:
    """Open the password dialog; ``on_unlocked(signer)`` runs once the key is unlocked."""
    dialog = UnlockDialog(page_context, purpose, action, parent)
    dialog.unlocked.connect(on_unlocked)
    dialog.open()
    return dialog


class EnrolmentDialog(QDialog):
    """The two steps of getting a signing certificate, each through a file."""

    enrolled = Signal(object)  # SigningCertificate

    def __init__(self, page_context: PageContext, reason: str, password: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._password = password  # confirmed by unlock(); needed to lock the new key
        self.setWindowTitle(_("Signing certificate"))
        # Wrapped labels do not make a dialog tall enough by themselves: room for the three
        # steps and a two-line answer in either language.
        self.setMinimumSize(700, 470)
        self.setStyleSheet(STYLE)
        self.reason = Note()
        self.reason.say(reason, "info")
        steps = hint(_(
            "1. Ask for a signing certificate: Taslim makes your signing key on this laptop, "
            "locked with your password, and writes a request file. Give the file to your "
            "supervisor (on a USB stick).\n"
            "2. The supervisor signs it on the Command CA laptop and gives you an answer file.\n"
            "3. Import the answer here. Then you can issue certificates."))
        self.request_button = QPushButton(_("Ask for a signing certificate…"))
        self.request_button.setAutoDefault(False)
        self.request_button.clicked.connect(self.choose_request_path)
        self.import_button = QPushButton(_("Import the supervisor's answer…"))
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.choose_answer)
        actions = QHBoxLayout()
        actions.addWidget(self.request_button)
        actions.addWidget(self.import_button)
        actions.addStretch()
        self.result = Note()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        plain_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.reason)
        layout.addWidget(steps)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        layout.addStretch()
        layout.addWidget(buttons)
        self.finished.connect(self._forget)

    @Slot()
    def _forget(self) -> None:
        self._password = ""

    # -- step 1 ---------------------------------------------------------------------------------

    @Slot()
    def choose_request_path(self) -> None:
        name = f"signing-request-{self._page_context.session.username}.json"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the request file"), str(documents_folder() / name),
            _("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES))
        if path:
            self.write_request(Path(path))

    def write_request(self, path: Path) -> bool:
        try:
            request = self._page_context.context.enrolment.request_signing_key(
                self._page_context.session, self._password)
            write_atomically(path, request)
        except TaslimError as error:
            self.result.say(str(error), "error")
            return False
        self.result.say(_("Request written to {path}. Give it to your supervisor, then import "
                          "the answer here.").format(path=path), "good")
        return True

    # -- step 3 ---------------------------------------------------------------------------------

    @Slot()
    def choose_answer(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open the supervisor's answer"), str(documents_folder()),
            _("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES))
        if path:
            self.import_answer(Path(path))

    def import_answer(self, path: Path) -> bool:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.result.say(_("Cannot read {path}: {reason}.").format(
                path=path, reason=error.strerror or error), "error")
            return False
        try:
            outcome = self._page_context.context.enrolment.import_answer(
                self._page_context.session, data)
        except TaslimError as error:
            self.result.say(str(error), "error")
            return False
        except Exception as error:  # an unexpected failure: logged and shown once
            show_error(self, error)
            return False
        self._page_context.notifier.announce(outcome.changes)
        self.result.say(_("Signing certificate imported. You can now issue certificates."),
                        "good")
        self.enrolled.emit(outcome.value)
        return True

