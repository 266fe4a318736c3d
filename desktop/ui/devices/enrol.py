"""Headquarters enrols a laptop or a clerk: open the request file, check it, sign, save the answer.

The laptop (or the clerk) writes a request file and brings it on a USB stick. The dialog says in
plain words what the file asks for, and shows its key's fingerprint as groups of digits to read
aloud: the supervisor compares them with the laptop's screen, by telephone or in person, before
typing the Command CA's passphrase. The answer file is written under a temporary name and
renamed, and the certificate is recorded (a signed act, in the history) only once the file is
written. A headquarters without a Command CA is offered to create it first.

Every refusal (not a request, already answered, wrong passphrase, unreadable) is one sentence
in the dialog; nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _, current_language
from desktop.services.enrolment import CommandCAStatus, RequestSummary
from desktop.signing.ca import MAX_ENROLMENT_FILE_BYTES, MIN_PASSPHRASE, HolderKind
from desktop.ui.certificates.common import (
    Note,
    documents_folder,
    hint,
    paragraph,
    primary_button,
    write_atomically,
)
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.look import form_label, form_layout, plain_buttons
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import in_language, laptop_time_text, local_date_text, ltr
from desktop.ui.sync.common import SYNC_STYLE, section_title

ENROLMENT_FILES = "*.json"
GROUP_SEPARATOR = "\u00a0\u00a0"
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")

ENROL_STYLE = SYNC_STYLE + """
QLabel#fingerprint { font-size: 19pt; font-weight: bold; color: #0f2f4d; }
QLabel#fingerprintSmall { font-size: 13pt; font-weight: bold; color: #0f2f4d; }
QFrame#request { border-radius: 6px; background: #f6f8fb; border: 1px solid #d5dde8; }
QLabel#asksFor { font-size: 14pt; font-weight: bold; }
"""


def spoken(groups: tuple[str, ...]) -> str:
    """Fingerprint groups as they are read aloud: Arabic-Indic digits in Arabic.

    In a right-to-left line the first group stands on the right, where an Arabic reader starts;
    in English it stands on the left. Either way the groups are read in the same order. Two
    no-break spaces keep the groups on one line (a single one would join two groups into one
    number for the bidirectional algorithm).
    """
    text = GROUP_SEPARATOR.join(groups)
    return text.translate(_ARABIC_DIGITS) if current_language() == "ar" else text


def fingerprint_label(object_name: str = "fingerprint") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(_("Fingerprint"))
    return label


def read_small_file(path: Path) -> bytes:
    """At most a little more than an enrolment file can be: a bigger one is refused anyway."""
    with path.open("rb") as handle:
        return handle.read(MAX_ENROLMENT_FILE_BYTES + 1)


def answer_file_name(summary: RequestSummary) -> str:
    """answer-R07.json for a laptop, answer-clerk.json for a clerk's account; plain letters."""
    base = summary.display_name if summary.kind is HolderKind.DEVICE else (
        summary.username or summary.holder_id[:12])
    cleaned = _SAFE_NAME.sub("-", base).strip("-") or summary.holder_id[:12]
    return f"answer-{cleaned}.json"


def asks_for(summary: RequestSummary) -> str:
    if summary.kind is HolderKind.DEVICE:
        return _("It asks for a certificate for the laptop {code}.").format(
            code=ltr(summary.display_name))
    name = in_language(summary.name_ar, summary.name_en) or summary.display_name
    if summary.username:
        return _("It asks for a signing certificate for the clerk {name} (user name "
                 "{username}).").format(name=name, username=ltr(summary.username))
    return _("It asks for a signing certificate for {name}.").format(name=name)


def compare_text(summary: RequestSummary) -> str:
    if summary.kind is HolderKind.DEVICE:
        return _("Read these digits with the person at the laptop, by telephone or in person. "
                 "Sign only if they are the same as on its screen.")
    return _("A clerk's request is handed over in person: sign it only if the USB stick comes "
             "from the clerk named above.")


def known_text(summary: RequestSummary) -> str:
    if summary.kind is HolderKind.DEVICE:
        if summary.known:
            return _("This laptop is known here: its bundles have been imported before.")
        return _("This laptop is new here: none of its bundles has been imported yet.")
    return ""


class EnrolDialog(QDialog):
    """``signed(Path)`` once an answer file is written; ``ca_created()`` after creating the CA."""

    signed = Signal(object)
    ca_created = Signal()

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._enrolment = page_context.context.enrolment
        self.request_path: Path | None = None
        self.request_data: bytes | None = None
        self.summary: RequestSummary | None = None
        self.setWindowTitle(_("Enrol a laptop or clerk"))
        # Wrapped labels do not make a dialog tall enough by themselves: room for the request's
        # description, the fingerprint and a two-line answer in either language.
        self.setMinimumSize(760, 640)
        self.setStyleSheet(ENROL_STYLE)

        self.steps = hint(_(
            "The laptop (or the clerk) writes an enrolment request file and brings it on a USB "
            "stick. Open it here, compare the fingerprint with the one on the laptop's screen, "
            "then sign it with the Command CA's passphrase and save the answer on the stick."))
        self.ca_line = QLabel()
        self.ca_line.setObjectName("hintText")
        self.ca_line.setWordWrap(True)
        self.ca_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.create_box = self._creation_box()
        self.request_box = self._request_box()

        self.note = Note()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        # Not the default: Enter in the passphrase signs, it must not also close the dialog.
        close.setAutoDefault(False)
        close.setDefault(False)
        plain_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.steps)
        layout.addWidget(self.ca_line)
        layout.addWidget(self.create_box)
        layout.addWidget(self.request_box)
        layout.addWidget(self.note)
        layout.addStretch()
        layout.addWidget(buttons)
        self.finished.connect(self._forget)
        self.show_ca_status()

    # -- building -------------------------------------------------------------------------------

    def _creation_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("request")
        self.no_ca = Note()
        self.new_passphrase = self._secret(_("New Command CA passphrase"))
        self.repeat_passphrase = self._secret(_("The passphrase again"))
        self.create_button = primary_button(_("Create the Command CA"))
        self.create_button.clicked.connect(self.create_ca)
        row = QHBoxLayout()
        row.addWidget(self.create_button)
        row.addStretch()
        inside = QVBoxLayout(box)
        inside.setContentsMargins(14, 10, 14, 12)
        inside.setSpacing(8)
        inside.addWidget(self.no_ca)
        self.create_hint = hint(_(
            "At least {count} characters. Keep it where only you can find it: without it no "
            "laptop or clerk can be enrolled, and it cannot be recovered.").format(
            count=number(MIN_PASSPHRASE)))
        inside.addWidget(self.create_hint)
        self.create_form = QWidget()
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(form_label(_("New Command CA passphrase")), self.new_passphrase)
        form.addRow(form_label(_("The passphrase again")), self.repeat_passphrase)
        self.create_form.setLayout(form)
        inside.addWidget(self.create_form)
        inside.addLayout(row)
        return box

    def _request_box(self) -> QWidget:
        box = QWidget()
        self.choose_button = QPushButton(_("Open the request file…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_request)
        self.file_label = QLabel()
        self.file_label.setObjectName("hintText")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.file_label, 1)

        self.details = QFrame()
        self.details.setObjectName("request")
        self.asks_for = QLabel()
        self.asks_for.setObjectName("asksFor")
        self.known = QLabel()
        self.known.setObjectName("hintText")
        self.fingerprint_title = QLabel(_("Fingerprint of its key:"))
        self.fingerprint = fingerprint_label()
        self.compare = hint("")
        inside = QVBoxLayout(self.details)
        inside.setContentsMargins(14, 10, 14, 12)
        inside.setSpacing(6)
        for label in (self.asks_for, self.known):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.asks_for, self.known, self.fingerprint_title, self.fingerprint,
                       self.compare):
            inside.addWidget(widget)
        self.details.setVisible(False)

        self.passphrase = self._secret(_("Command CA passphrase"))
        self.passphrase.returnPressed.connect(self.choose_answer_path)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(form_label(_("Command CA passphrase")))
        passphrase_row.addWidget(self.passphrase, 1)
        self.sign_button = primary_button(_("Sign and save the answer…"))
        self.sign_button.clicked.connect(self.choose_answer_path)
        self.again_button = QPushButton(_("Save the earlier answer again…"))
        self.again_button.setAutoDefault(False)
        self.again_button.clicked.connect(self.choose_earlier_answer_path)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_button)
        sign_row.addWidget(self.again_button)
        sign_row.addStretch()

        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(section_title(_("1. The request")))
        layout.addLayout(choose_row)
        layout.addWidget(self.details)
        layout.addWidget(section_title(_("2. Sign it")))
        layout.addLayout(passphrase_row)
        layout.addLayout(sign_row)
        self.passphrase.textChanged.connect(self._update_buttons)
        self._update_buttons()
        return box

    @staticmethod
    def _secret(accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(accessible)  # the label beside it says the same
        return edit

    @Slot()
    def _forget(self) -> None:
        for edit in (self.passphrase, self.new_passphrase, self.repeat_passphrase):
            edit.clear()

    # -- the Command CA -------------------------------------------------------------------------

    def show_ca_status(self) -> CommandCAStatus | None:
        try:
            status = self._enrolment.command_ca_status()
        except TaslimError as error:
            self.note.say(str(error), "error")
            return None
        self.create_box.setVisible(not status.held_here)
        self.request_box.setVisible(status.held_here)
        if status.held_here:
            self.ca_line.setText(paragraph(_("This computer holds the Command CA. Its "
                                             "fingerprint: {digits}").format(
                digits=spoken(status.spoken))))
        elif status.trusted:
            # Another computer made the Command CA: a second one here would split the trust.
            self.ca_line.setText("")
            self.no_ca.say(_("The Command CA of this headquarters is kept on another computer "
                             "(fingerprint {digits}). Requests are signed there.").format(
                digits=spoken(status.spoken)), "error")
            for widget in (self.create_hint, self.create_form, self.create_button):
                widget.setVisible(False)
        else:
            self.ca_line.setText("")
            self.no_ca.say(_("This computer has no Command CA yet. Create it once, here at "
                             "headquarters: it signs the certificate of every laptop and every "
                             "clerk."), "info")
        self.ca_line.setVisible(bool(self.ca_line.text()))
        return status

    @Slot()
    def create_ca(self) -> bool:
        first, second = self.new_passphrase.text(), self.repeat_passphrase.text()
        if first != second:
            self.note.say(_("The two passphrases differ; type the same passphrase twice."),
                          "error")
            return False
        try:
            outcome = self._enrolment.create_command_ca(self._page_context.session, first)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        except Exception as error:  # an unexpected failure: logged and shown once
            show_error(self, error)
            return False
        self._page_context.notifier.announce(outcome.changes)
        self.new_passphrase.clear()
        self.repeat_passphrase.clear()
        status = self.show_ca_status()
        digits = spoken(status.spoken) if status is not None else ""
        self.note.say(_("The Command CA was created. Its fingerprint is {digits}; laptops show "
                        "it after loading their answer.").format(digits=digits), "good")
        self.ca_created.emit()
        return True

    # -- the request ----------------------------------------------------------------------------

    @Slot()
    def choose_request(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open the enrolment request"), str(documents_folder()),
            ";;".join([_("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES),
                       _("All files (*)")]))
        if path:
            self.load_request(Path(path))

    def load_request(self, path: Path) -> bool:
        """Read and describe the request; the sign button waits for a request that can be."""
        self._clear_request()
        try:
            data = read_small_file(path)
        except OSError as error:
            self.note.say(_("Cannot read {path}: {reason}.").format(
                path=ltr(str(path)), reason=error.strerror or error), "error")
            return False
        try:
            summary = self._enrolment.describe_request(self._page_context.session, data)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        self.request_path, self.request_data, self.summary = path, data, summary
        self._show_summary(summary)
        return True

    def _clear_request(self) -> None:
        self.request_path = self.request_data = self.summary = None
        self.passphrase.clear()  # typed for one request; another one is checked afresh
        self.file_label.clear()
        self.details.setVisible(False)
        self.note.clear()
        self._update_buttons()

    def _show_summary(self, summary: RequestSummary) -> None:
        assert self.request_path is not None
        self.file_label.setText(paragraph(ltr(self.request_path.name)))
        self.file_label.setToolTip(str(self.request_path))
        self.asks_for.setText(paragraph(asks_for(summary)))
        self.known.setText(paragraph(known_text(summary)))
        self.known.setVisible(bool(self.known.text()))
        self.fingerprint.setText(paragraph(spoken(summary.fingerprint)))
        self.compare.setText(compare_text(summary))
        self.details.setVisible(True)
        if summary.problem is not None:
            self.note.say(summary.problem, "error")
        elif summary.answered is not None:
            self.note.say(answered_text(summary), "info")
        else:
            self.note.clear()
            self.passphrase.setFocus()
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        summary = self.summary
        can_sign = summary is not None and summary.problem is None and summary.answered is None
        self.sign_button.setEnabled(can_sign and bool(self.passphrase.text()))
        self.passphrase.setEnabled(can_sign)
        self.again_button.setVisible(summary is not None and summary.answered is not None)

    # -- signing --------------------------------------------------------------------------------

    def _answer_start(self) -> str:
        assert self.summary is not None and self.request_path is not None
        return str(self.request_path.parent / answer_file_name(self.summary))

    @Slot()
    def choose_answer_path(self) -> None:
        if not self.sign_button.isEnabled():
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the answer file"), self._answer_start(),
            _("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES))
        if path:
            self.sign_and_save(Path(path))

    def sign_and_save(self, path: Path) -> bool:
        """Sign with the passphrase typed; the certificate is recorded once the file is written."""
        if self.request_data is None or self.request_path is None:
            return False
        if path.resolve() == self.request_path.resolve():
            self.note.say(_("Save the answer under another name: the request file must stay as "
                            "it is."), "error")
            return False
        try:
            self._enrolment.sign_request(self._page_context.session, self.passphrase.text(),
                                         self.request_data,
                                         deliver=lambda answer: write_atomically(path, answer))
        except TaslimError as error:
            self.note.say(str(error), "error")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return False
        except Exception as error:  # an unexpected failure: logged and shown once
            show_error(self, error)
            return False
        self.passphrase.clear()
        self._refresh_summary()
        self.note.say(_("Answer saved: {path}. Give it back to be loaded on the laptop (or by "
                        "the clerk). The enrolment is recorded in the history.").format(
            path=ltr(str(path))), "good")
        self.signed.emit(path)
        return True

    def _refresh_summary(self) -> None:
        """Read the request again: now answered (and by whom) instead of waiting."""
        if self.request_data is None:
            return
        try:
            self.summary = self._enrolment.describe_request(self._page_context.session,
                                                            self.request_data)
        except TaslimError:
            return
        self._update_buttons()

    @Slot()
    def choose_earlier_answer_path(self) -> None:
        if self.summary is None or self.summary.answered is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the answer file"), self._answer_start(),
            _("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES))
        if path:
            self.save_earlier_answer(Path(path))

    def save_earlier_answer(self, path: Path) -> bool:
        """The certificate issued before, written again for a lost stick; nothing recorded."""
        if self.request_data is None:
            return False
        try:
            answer = self._enrolment.earlier_answer(self._page_context.session,
                                                    self.request_data)
            write_atomically(path, answer)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        self.note.say(_("The earlier answer was saved again: {path}.").format(
            path=ltr(str(path))), "good")
        return True


def answered_text(summary: RequestSummary) -> str:
    answered = summary.answered
    assert answered is not None
    return paragraph(_("Already answered on {time} by {name}: the key holds a certificate of "
                       "this Command CA until {until}. Nothing needs signing; if the answer "
                       "file was lost, save the earlier answer again.").format(
        time=laptop_time_text(answered.at),
        name=in_language(answered.author_ar, answered.author_en) or "–",
        until=local_date_text(answered.not_after)))

