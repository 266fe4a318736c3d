"""On a field laptop: whether it is enrolled with headquarters, and the two steps of enrolling it.

Headquarters accepts a laptop's bundles only when the Command CA has certified the laptop's key.
The laptop writes a request file (its key, never the private half) for the USB stick; the
supervisor signs it and gives back an answer file, which is loaded here. The laptop's key
fingerprint is shown as groups of digits, the same the supervisor sees when opening the
request, so the two can be compared by telephone or in person. A wrong answer (for another
laptop, from another program or another Command CA, damaged) is one sentence; nothing changes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.domain.errors import TaslimError, ValidationError
from desktop.i18n import _
from desktop.services.enrolment import LaptopStanding
from desktop.ui.certificates.common import (
    Note,
    documents_folder,
    hint,
    paragraph,
    write_atomically,
)
from desktop.ui.devices.enrol import ENROLMENT_FILES, fingerprint_label, read_small_file, spoken
from desktop.ui.errors import show_error
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import local_date_text, ltr
from desktop.ui.sync.common import section_title

ENROL_BOX_STYLE = """
QFrame#enrolment { border-radius: 8px; background: #f6f8fb; border: 1px solid #d5dde8; }
QLabel#enrolmentState { font-weight: bold; }
QLabel#enrolmentState[tone="good"] { color: #1b7a3d; }
QLabel#enrolmentState[tone="warn"] { color: #9a5b00; }
QLabel#fingerprint { font-size: 17pt; font-weight: bold; color: #0f2f4d; }
"""


def standing_text(standing: LaptopStanding) -> tuple[str, str]:
    """What the laptop's enrolment is, in a sentence, with a tone (good or warn)."""
    if standing.enrolled and not standing.expired:
        return _("This laptop is enrolled: headquarters' Command CA certified its key until "
                 "{date}. Headquarters accepts its bundles.").format(
            date=local_date_text(standing.not_after)), "good"
    if standing.enrolled:
        return _("This laptop's certificate expired on {date}. Write a new enrolment request "
                 "for headquarters.").format(date=local_date_text(standing.not_after)), "warn"
    return _("This laptop is not enrolled yet: headquarters refuses its bundles until it is. "
             "Write an enrolment request, have the supervisor sign it, then load the answer "
             "here."), "warn"


def request_file_name(code: str) -> str:
    return f"enrolment-request-{code}.json"


# -- shared with the first-run screen's field laptop set-up (desktop.ui.field_setup) -------------


def request_caption() -> str:
    return _("Save the enrolment request")


def request_filters() -> list[str]:
    return [_("Enrolment files ({pattern})").format(pattern=ENROLMENT_FILES)]


def answer_caption() -> str:
    return _("Open the answer from headquarters")


def answer_filters() -> list[str]:
    return [*request_filters(), _("All files (*)")]


def read_answer_file(path: Path) -> bytes:
    """The answer's bytes; an unreadable file is one sentence (a ValidationError)."""
    try:
        return read_small_file(path)
    except OSError as error:
        raise ValidationError(_("Cannot read {path}: {reason}.").format(
            path=ltr(str(path)), reason=error.strerror or error)) from None


def compare_hint_text() -> str:
    return _("The supervisor sees the same digits when opening the request, and signs it only "
             "if they match.")


def request_written_text(path: Path) -> str:
    return _("Request written: {path}. Take it to headquarters; when the supervisor opens it, "
             "compare the fingerprint above with theirs.").format(path=ltr(str(path)))


def answer_loaded_text(standing: LaptopStanding | None) -> str:
    digits = spoken(standing.ca_spoken) if standing is not None else ""
    return _("The answer is loaded: this laptop is enrolled. Ask headquarters to confirm the "
             "Command CA's fingerprint: {digits}.").format(digits=digits)


def ca_line_text(standing: LaptopStanding) -> str:
    return _("Command CA fingerprint: {digits}").format(digits=spoken(standing.ca_spoken))


class LaptopEnrolmentBox(QFrame):
    """``request_written(Path)`` and ``enrolled(SigningCertificate)`` follow a finished step."""

    request_written = Signal(object)
    enrolled = Signal(object)

    def __init__(self, page_context: PageContext, parent: QFrame | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._enrolment = page_context.context.enrolment
        self._device = page_context.context.device
        self.standing: LaptopStanding | None = None
        self.setObjectName("enrolment")
        self.title = section_title(_("Enrolment of this laptop with headquarters"))
        self.state = QLabel()
        self.state.setObjectName("enrolmentState")
        self.ca_line = QLabel()
        self.ca_line.setObjectName("hintText")
        self.fingerprint_title = QLabel(_("Fingerprint of this laptop's key, to read to "
                                          "headquarters:"))
        self.fingerprint = fingerprint_label()
        for label in (self.state, self.ca_line, self.fingerprint_title):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.request_button = QPushButton(_("Write an enrolment request…"))
        self.request_button.setAutoDefault(False)
        self.request_button.clicked.connect(self.choose_request_path)
        self.answer_button = QPushButton(_("Load the answer from headquarters…"))
        self.answer_button.setAutoDefault(False)
        self.answer_button.clicked.connect(self.choose_answer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.request_button)
        buttons.addWidget(self.answer_button)
        buttons.addStretch()
        self.note = Note()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.ca_line)
        layout.addWidget(self.fingerprint_title)
        layout.addWidget(self.fingerprint)
        layout.addWidget(hint(compare_hint_text()))
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.setStyleSheet(ENROL_BOX_STYLE)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        try:
            standing = self._enrolment.laptop_standing(self._device)
        except TaslimError as error:  # e.g. the database is busy
            self.state.setText(str(error))
            return
        self.standing = standing
        text, tone = standing_text(standing)
        self.state.setText(text)
        self.state.setProperty("tone", tone)
        repolish(self.state)
        self.ca_line.setText(ca_line_text(standing) if standing.enrolled else "")
        self.ca_line.setVisible(standing.enrolled)
        self.fingerprint.setText(paragraph(spoken(standing.spoken)))

    # -- step 1: the request --------------------------------------------------------------------

    @Slot()
    def choose_request_path(self) -> None:
        name = request_file_name(self._device.short_code)
        path, _filter = QFileDialog.getSaveFileName(
            self, request_caption(), str(documents_folder() / name), ";;".join(request_filters()))
        if path:
            self.write_request(Path(path))

    def write_request(self, path: Path) -> bool:
        try:
            request = self._enrolment.request_device_certificate(self._page_context.session,
                                                                 self._device)
            write_atomically(path, request)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        self.note.say(request_written_text(path), "good")
        self.request_written.emit(path)
        return True

    # -- step 3: the answer ---------------------------------------------------------------------

    @Slot()
    def choose_answer(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, answer_caption(), str(documents_folder()), ";;".join(answer_filters()))
        if path:
            self.load_answer(Path(path))

    def load_answer(self, path: Path) -> bool:
        try:
            data = read_answer_file(path)
            outcome = self._enrolment.import_device_answer(self._page_context.session,
                                                           self._device, data)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return False
        except Exception as error:  # an unexpected failure: logged and shown once
            show_error(self, error)
            return False
        self._page_context.notifier.announce(outcome.changes)
        self.refresh()
        self.note.say(answer_loaded_text(self.standing), "good")
        self.enrolled.emit(outcome.value)
        return True
