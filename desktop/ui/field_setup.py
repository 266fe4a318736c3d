"""First run on a new field laptop: enrol it with headquarters, then load headquarters' data.

Three numbered steps shown together, each with its state, so the person sees the whole way and
where they are: (1) write the enrolment request for the USB stick, and read the key's digits to
headquarters; (2) load the answer the supervisor signed; (3) load the bundle headquarters
exported, which brings the accounts. Then the dialog is done and the sign-in dialog follows.

The steps are often a day apart, with Taslim closed in between, so every state is read from the
database whenever the page shows (desktop.services.field_setup), never kept only on screen.
What the enrolment box of the Send to headquarters page says (desktop.ui.sync.enrol_laptop) is
said here with the same helpers, so the two places cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.domain.errors import TaslimError
from desktop.i18n import _
from desktop.services.field_setup import FieldSetupService, FieldSetupState
from desktop.services.sync_import import REFUSED, FileReport
from desktop.sync.bundle import BUNDLE_SUFFIX
from desktop.ui.certificates.common import (
    Note,
    documents_folder,
    hint,
    paragraph,
    write_atomically,
)
from desktop.ui.devices.enrol import fingerprint_label, spoken
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.look import repolish
from desktop.ui.record_lists.display import laptop_time_text, ltr
from desktop.ui.sync.common import SYNC_STYLE, say, section_title
from desktop.ui.sync.enrol_laptop import (
    ENROL_BOX_STYLE,
    answer_caption,
    answer_filters,
    answer_loaded_text,
    ca_line_text,
    compare_hint_text,
    read_answer_file,
    request_caption,
    request_file_name,
    request_filters,
    request_written_text,
    standing_text,
)
from desktop.ui.tasks import BackgroundTask

# (parent, caption, where to start, name filters, saving?) -> the chosen file, or None when the
# person cancelled. The real one is QFileDialog; tests hand in their own files.
FileChooser = Callable[[QWidget, str, Path, list[str], bool], Path | None]

DONE, NEXT, LATER = "done", "next", "later"  # a step's state, and the tone it is shown in

STEP_STYLE = SYNC_STYLE + ENROL_BOX_STYLE + """
QFrame#step { border-radius: 8px; background: #f6f8fb; border: 1px solid #d5dde8; }
QFrame#step[state="next"] { background: white; border: 2px solid #1d4f7a; }
QFrame#step[state="done"] { border: 1px solid #1b7a3d; }
QLabel#stepState { font-weight: bold; border-radius: 4px; padding: 2px 10px; }
QLabel#stepState[state="done"] { color: #1b7a3d; background: #e3f3e8; }
QLabel#stepState[state="next"] { color: white; background: #1d4f7a; }
QLabel#stepState[state="later"] { color: #5f6b77; background: #e8ecf0; }
QLabel#laptopCode { font-size: 15pt; font-weight: bold; color: #0f2f4d; }
"""


def field_setup_service(context: AppContext) -> FieldSetupService:
    """The set-up's steps on this laptop's own services (built on demand: only a database
    without accounts ever shows them)."""
    return FieldSetupService(context.store, context.auth, context.enrolment, context.imports,
                             context.device)


def ask_for_file(parent: QWidget, caption: str, start: Path, filters: list[str],
                 saving: bool) -> Path | None:
    if saving:
        path, _filter = QFileDialog.getSaveFileName(parent, caption, str(start),
                                                    ";;".join(filters))
    else:
        path, _filter = QFileDialog.getOpenFileName(parent, caption, str(start),
                                                    ";;".join(filters))
    return Path(path) if path else None


def bundle_filters() -> list[str]:
    return [_("Taslim bundles ({patterns})").format(patterns=f"*{BUNDLE_SUFFIX}"),
            _("All files (*)")]



def refusal_sentence(report: FileReport) -> str:
    """The import's own sentence, except where it speaks to headquarters rather than to a laptop
    being set up: a file whose maker this laptop's Command CA did not enrol comes from another
    headquarters (or a laptop of one), and enrolling anything here would not help."""
    if report.reason == "unknown_device":
        return _("This file was not made by the headquarters that enrolled this laptop: its "
                 "maker ({code}) is not enrolled with the same Command CA. Ask the supervisor who "
                 "signed this laptop's answer for the bundle exported on headquarters' own "
                 "computer.").format(code=ltr(report.device_code or "?"))
    return report.message

class StepBox(QFrame):
    """One numbered step: its title and state on one line, what to do, its button, its note."""

    def __init__(self, index: int, title: str, explanation: str, button_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("step")
        self.title = section_title(f"{number(index)}. {title}")
        self.state = QLabel()
        self.state.setObjectName("stepState")
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)
        self.explanation = hint(explanation)
        self.button = QPushButton(button_text)
        self.button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button)
        buttons.addStretch()
        self.note = Note()
        self.body = QVBoxLayout()  # what a step shows of its own (the fingerprint, the standing)
        self.body.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.explanation)
        layout.addLayout(self.body)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

    def set_state(self, state: str) -> None:
        words = {DONE: _("Done"), NEXT: _("Next step"),
                 LATER: _("After step {number}").format(number=number(self.index - 1))}
        self.state.setText(words[state])
        for widget in (self, self.state):
            widget.setProperty("state", state)
            repolish(widget)
        self.button.setObjectName("primary" if state == NEXT else "")
        repolish(self.button)

    def set_finished(self, finished: bool) -> None:
        """A finished step keeps its heading, its result and its note; what to do goes."""
        self.explanation.setVisible(not finished)
        self.button.setVisible(not finished)

    def say(self, text: str, tone: str) -> None:
        say(self.note, text, tone)


class FieldSetupPage(QWidget):
    """``finished`` once headquarters' data has brought the accounts: time to sign in."""

    finished = Signal()
    back_requested = Signal()
    data_done = Signal(object)  # the import's FileReport, or None (stopped, failed, refused)

    def __init__(self, service: FieldSetupService, *, choose_file: FileChooser | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._choose_file = choose_file or ask_for_file
        self.state: FieldSetupState | None = None
        self.task: BackgroundTask | None = None
        code = service.device.short_code
        title = QLabel(_("Set up a field laptop"))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        self.code_label = QLabel(paragraph(_("This laptop's code: {code}").format(
            code=ltr(code))))
        self.code_label.setObjectName("laptopCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.request_step = StepBox(
            1, _("Write the enrolment request"),
            _("Save the request on the USB stick and take it to the supervisor at headquarters, "
              "who signs it on the Devices page."),
            _("Write the enrolment request…"))
        self.request_step.button.clicked.connect(self.choose_request_path)
        self.fingerprint_title = QLabel(_("Fingerprint of this laptop's key, to read to "
                                          "headquarters:"))
        self.fingerprint_title.setWordWrap(True)
        self.fingerprint = fingerprint_label()
        self.compare_hint = hint(compare_hint_text())
        self.request_state = hint("")
        for widget in (self.fingerprint_title, self.fingerprint, self.compare_hint,
                       self.request_state):
            self.request_step.body.addWidget(widget)

        self.answer_step = StepBox(
            2, _("Load the answer from headquarters"),
            _("Headquarters gives back an answer file on the USB stick; loading it enrols this "
              "laptop with headquarters' Command CA."),
            _("Load the answer from headquarters…"))
        self.answer_step.button.clicked.connect(self.choose_answer)
        self.standing = QLabel()
        self.standing.setObjectName("enrolmentState")
        self.ca_line = hint("")
        for label in (self.standing, self.ca_line):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.answer_step.body.addWidget(label)

        self.data_step = StepBox(
            3, _("Load headquarters' data"),
            _("Choose the bundle file ({extension}) the supervisor exported on headquarters' "
              "computer (File, then Export for headquarters). It brings the accounts, people "
              "and checkpoints; then sign in with your account.").format(
                extension=ltr(BUNDLE_SUFFIX)),
            _("Load headquarters' data…"))
        self.data_step.button.clicked.connect(self.choose_bundle)

        self.back_button = QPushButton(_("Back"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back_requested)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.back_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(hint(_("A field laptop gets its accounts and records from "
                                "headquarters. Do the three steps in order; Taslim can be closed "
                                "between them, and picks up where you left off.")))
        column.addWidget(self.code_label)
        for step in (self.request_step, self.answer_step, self.data_step):
            column.addWidget(step)
        column.addStretch()
        # On a small laptop screen the three steps with their notes may not fit: they scroll,
        # while the title and the Back button stay in view.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self.setStyleSheet(STEP_STYLE)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # another copy of Taslim, or the command line, may have done a step

    @Slot()
    def refresh(self) -> None:
        try:
            state = self._service.state()
        except TaslimError as error:  # e.g. the database is busy: said where the steps are
            self._say(self.request_step, str(error), "error")
            return
        self.state = state
        self.fingerprint.setText(paragraph(spoken(state.standing.spoken)))
        self.request_state.setText(_("A request was written on {time}. If the file was lost, "
                                     "write it again: it is the same request.").format(
            time=laptop_time_text(state.request_written_at)) if state.request_written_at else "")
        # Once enrolled, the request and its digits are spent: step 1 shrinks to its heading.
        for widget in (self.fingerprint_title, self.fingerprint, self.compare_hint):
            widget.setVisible(not state.enrolled)
        self.request_state.setVisible(bool(state.request_written_at) and not state.enrolled)
        text, tone = standing_text(state.standing)
        self.standing.setText(text)
        self.standing.setProperty("tone", tone)
        repolish(self.standing)
        # Not enrolled yet, the step's own explanation says what the standing would.
        self.standing.setVisible(state.standing.enrolled)
        self.ca_line.setText(ca_line_text(state.standing) if state.standing.enrolled else "")
        self.ca_line.setVisible(state.standing.enrolled)
        steps = [(self.request_step, state.request_written),
                 (self.answer_step, state.enrolled),
                 (self.data_step, state.has_accounts)]
        before_done = True
        for step, done in steps:
            step.set_state(DONE if done else NEXT if before_done else LATER)
            step.set_finished(done and state.enrolled)
            before_done = done
        # Writing the request again stays possible until the answer is in (a lost file); once
        # enrolled the request is spent, and each later step waits for the one before it.
        self.request_step.button.setEnabled(not state.enrolled and not self.busy)
        self.answer_step.button.setEnabled(state.request_written and not state.enrolled
                                           and not self.busy)
        self.data_step.button.setEnabled(state.enrolled and not state.has_accounts
                                         and not self.busy)
        self.back_button.setEnabled(not self.busy)

    def _say(self, step: StepBox, text: str, tone: str) -> None:
        step.say(text, tone)
        # Once the layout has made room for the note, bring it into view: it may be below the
        # fold of a small screen, where the person would not know anything happened.
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(step.note))

    def current_step(self) -> int:
        """The number of the step to do now (4 when all are done)."""
        state = self.state
        if state is None or not state.request_written:
            return 1
        if not state.enrolled:
            return 2
        return 3 if not state.has_accounts else 4

    def focus_current_step(self) -> None:
        steps = {1: self.request_step, 2: self.answer_step, 3: self.data_step}
        step = steps.get(self.current_step())
        if step is not None and step.button.isEnabled():
            step.button.setFocus()

    # -- step 1: the request --------------------------------------------------------------------

    @Slot()
    def choose_request_path(self) -> None:
        start = documents_folder() / request_file_name(self._service.device.short_code)
        path = self._choose_file(self, request_caption(), start, request_filters(), True)
        if path is not None:
            self.write_request(path)

    def write_request(self, path: Path) -> bool:
        try:
            self._service.write_request(lambda request: write_atomically(path, request))
        except TaslimError as error:
            self._say(self.request_step, str(error), "error")
            return False
        self.refresh()
        self._say(self.request_step, request_written_text(path), "good")
        self.focus_current_step()
        return True

    # -- step 2: the answer ---------------------------------------------------------------------

    @Slot()
    def choose_answer(self) -> None:
        path = self._choose_file(self, answer_caption(), documents_folder(), answer_filters(),
                                 False)
        if path is not None:
            self.load_answer(path)

    def load_answer(self, path: Path) -> bool:
        try:
            self._service.load_answer(read_answer_file(path))
        except TaslimError as error:
            self._say(self.answer_step, str(error), "error")
            return False
        except Exception as error:  # an unexpected failure: logged and shown once
            show_error(self, error)
            return False
        self.refresh()
        self.request_step.note.clear()
        self._say(self.answer_step, answer_loaded_text(self.state.standing if self.state else None),
                             "good")
        self.focus_current_step()
        return True

    # -- step 3: headquarters' data -------------------------------------------------------------

    @Slot()
    def choose_bundle(self) -> None:
        path = self._choose_file(self, _("Open headquarters' data"), documents_folder(),
                                 bundle_filters(), False)
        if path is not None:
            self.load_data(path)

    def load_data(self, path: Path) -> None:
        """Import on a worker thread; ``data_done`` follows, and ``finished`` if it worked."""
        if self.task is not None:
            return
        service = self._service
        self.data_step.note.clear()
        self.task = BackgroundTask(
            lambda control: service.load_data(
                path, lambda _name, done, total: control.progress(done, total),
                lambda: control.cancelled),
            parent=self, label=_("Loading headquarters' data…"))
        self.task.succeeded.connect(self._data_loaded)
        self.task.failed.connect(self._data_failed)
        self.task.cancelled.connect(self._data_stopped)
        self.refresh()  # the buttons wait while it runs
        self.task.start()

    def _task_over(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.deleteLater()
        self.refresh()

    @Slot(object)
    def _data_loaded(self, report: FileReport) -> None:
        self._task_over()
        if report.outcome == REFUSED:
            self._say(self.data_step, refusal_sentence(report), "error")
            self.data_done.emit(None)
            return
        if self.state is None or not self.state.has_accounts:
            # A bundle of another laptop of the same headquarters is taken, but brings no
            # accounts: nobody could sign in yet.
            self._say(self.data_step, _("The file was loaded, but it holds no accounts. Load the "
                                 "bundle the supervisor exported on headquarters' own "
                                 "computer."), "warn")
            self.data_done.emit(report)
            return
        self.data_done.emit(report)
        self.finished.emit()

    @Slot(object)
    def _data_failed(self, error: BaseException) -> None:
        self._task_over()
        self.data_done.emit(None)
        if isinstance(error, TaslimError):
            self._say(self.data_step, str(error), "error")
        else:
            show_error(self, error)

    @Slot()
    def _data_stopped(self) -> None:
        self._task_over()
        self._say(self.data_step, _("Stopped: nothing was loaded. Load the file again when you are "
                             "ready."), "warn")
        self.data_done.emit(None)
