"""The handover wizard: seven steps on one window, a step list on the start side.

Each step edits the working copy (``HandoverForm``); leaving a step writes what changed through
the handover service (from the parties step on the handover exists as a draft), and the working
copy is also autosaved locally, so closing the window or losing power loses nothing typed.
Signed handovers open read-only at the summary, with "Amend…" (a reason, then editing again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import HANDOVER_STATE_LABELS, HandoverState
from desktop.domain.errors import FrozenRecord, TaslimError
from desktop.domain.permissions import Action, may
from desktop.i18n import _
from desktop.ui.errors import app_title
from desktop.ui.handover.amend import AmendDialog
from desktop.ui.handover.common import STYLE, Banner, Step, StepEnv, local_name
from desktop.ui.handover.form import DRAFT_KIND, HandoverForm, HandoverWriter, draft_key
from desktop.ui.handover.step_checklist import ChecklistStep
from desktop.ui.handover.step_checkpoint import CheckpointStep
from desktop.ui.handover.step_equipment import EquipmentStep
from desktop.ui.handover.step_parties import PartiesStep
from desktop.ui.handover.step_signatures import SignaturesStep
from desktop.ui.handover.step_summary import SummaryStep
from desktop.ui.handover.step_times import TimesStep
from desktop.ui.look import plain_buttons
from desktop.ui.page_registry import PageContext
from desktop.ui.widgets.autosave import Autosaver

CHECKPOINT, PARTIES, TIMES, CHECKLIST, EQUIPMENT, SIGNATURES, SUMMARY = range(7)
STEP_LIST_WIDTH = 240


class HandoverWizard(QDialog):
    def __init__(self, page_context: PageContext, form: HandoverForm, writer: HandoverWriter,
                 parent: QWidget | None = None, *, start_step: int | None = None) -> None:
        super().__init__(parent)
        self.page_context = page_context
        self.writer = writer
        self.env = StepEnv(page_context, form, writer)
        self.read_only = False
        self.amend_dialog: AmendDialog | None = None
        self.close_question: QMessageBox | None = None
        self._closing = False
        self.setWindowTitle(_("Handover") + " — " + app_title())
        self.setStyleSheet(STYLE)
        self.setMinimumSize(980, 680)
        self.resize(1200, 820)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.checkpoint_step = CheckpointStep(self.env)
        self.parties_step = PartiesStep(self.env)
        self.times_step = TimesStep(self.env)
        self.checklist_step = ChecklistStep(self.env)
        self.equipment_step = EquipmentStep(self.env)
        self.signatures_step = SignaturesStep(self.env, lambda: self.commit(create=True),
                                              self.refused)
        self.summary_step = SummaryStep(self.env, self.finalize)
        self.steps: list[Step] = [self.checkpoint_step, self.parties_step, self.times_step,
                                  self.checklist_step, self.equipment_step,
                                  self.signatures_step, self.summary_step]

        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setFixedWidth(STEP_LIST_WIDTH)
        self.step_list.setAccessibleName(_("Steps of the handover"))
        self.stack = QStackedWidget()
        for step in self.steps:
            self.step_list.addItem(QListWidgetItem(step.title()))
            self.stack.addWidget(step)
            step.edited.connect(self._edited)

        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        self.banner = Banner()
        self.amend_button = QPushButton(_("Amend…"))
        self.amend_button.setVisible(False)
        self.amend_button.clicked.connect(self.request_amend)
        self.banner.add_button(self.amend_button)

        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save now (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.status = QLabel()
        self.status.setObjectName("stepHint")
        self.back_button = QPushButton(_("Back"))
        self.back_button.setToolTip("Alt+B")
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(_("Next"))
        self.next_button.setToolTip("Alt+N")
        self.next_button.setDefault(True)  # Enter in a field goes on to the next step
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAutoDefault(False)
        for button in (self.back_button, self.next_button, self.save_button, self.close_button):
            button.setMinimumWidth(120)
            button.setMinimumHeight(44)
        bar = QHBoxLayout()
        bar.addWidget(self.save_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.back_button)
        bar.addWidget(self.next_button)

        column = QVBoxLayout()
        column.addWidget(self.header)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        column.addLayout(bar)
        layout = QHBoxLayout(self)
        layout.addWidget(self.step_list)
        layout.addLayout(column, 1)

        self.step_list.currentRowChanged.connect(self._step_chosen)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Alt+N"), self, activated=self.next)
        QShortcut(QKeySequence("Alt+B"), self, activated=self.back)

        self.autosaver = Autosaver(
            page_context.context.drafts, page_context.session,
            key=draft_key(form.handover_id), kind=DRAFT_KIND,
            state=self._draft_state, title=self._draft_title, parent=self)
        self.autosaver.saved.connect(lambda _key: self.status.setText(
            _("Draft kept on this laptop.")))

        self.current = -1
        self._apply_state()
        self._show_step(self._resume_step() if start_step is None else start_step)

    # --- the form and its state ----------------------------------------------------------------

    @property
    def form(self) -> HandoverForm:
        return self.env.form

    def _draft_state(self) -> dict[str, object]:
        return {"form": self.form.to_content(), "step": max(self.current, 0)}

    def _draft_title(self) -> str:
        checkpoint_id = self.form.checkpoint_id
        if not checkpoint_id:
            return _("Handover")
        try:
            checkpoint = self.page_context.context.checkpoints.checkpoint(checkpoint_id)
        except TaslimError:
            return _("Handover")
        return _("Handover at {checkpoint}").format(
            checkpoint=f"{checkpoint.code} {local_name(checkpoint.name_ar, checkpoint.name_en)}")

    def _apply_state(self) -> None:
        """Read-only when the stored handover is signed; the header says which state it is in."""
        stored = self.writer.stored
        state = stored.handover.state if stored else HandoverState.DRAFT
        self.read_only = self.writer.frozen
        for step in self.steps:
            step.set_read_only(self.read_only)
        self.header.setText(self._draft_title() + " · " + _(HANDOVER_STATE_LABELS[state]))
        self.save_button.setEnabled(not self.read_only)
        may_amend = may(self.page_context.session.role, Action.AMEND_HANDOVER)
        if self.read_only:
            self.banner.say(
                _("This handover is signed and waits for a clerk; it can no longer be edited. "
                  "To change it, make an amendment with a reason.")
                if state is HandoverState.SIGNED else
                _("This handover is “{state}” and can no longer be edited.").format(
                    state=_(HANDOVER_STATE_LABELS[state])), "frozen")
            self.amend_button.setVisible(may_amend and state is not HandoverState.VOIDED)
        else:
            self.amend_button.setVisible(False)
            if self.banner.property("tone") == "frozen":
                self.banner.clear()

    def _resume_step(self) -> int:
        if self.read_only:
            return SUMMARY
        for index, step in enumerate(self.steps[:SUMMARY]):
            if index != EQUIPMENT and not step.complete():  # equipment may rightly be empty
                return index
        return SUMMARY

    # --- moving between steps ------------------------------------------------------------------

    def _show_step(self, index: int) -> None:
        self.current = index
        step = self.steps[index]
        step.show_form()
        self.stack.setCurrentIndex(index)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        self._mark_steps()
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < SUMMARY)
        self.next_button.setDefault(index < SUMMARY)
        self._focus_first(step)

    @staticmethod
    def _focus_first(step: Step) -> None:
        """Put the keyboard in the step's first field, so typing can start at once."""
        widget = step.nextInFocusChain()
        while widget is not None and widget is not step and step.isAncestorOf(widget):
            if widget.isVisibleTo(step) and widget.isEnabled() \
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _mark_steps(self) -> None:
        for index, step in enumerate(self.steps):
            done = index != SUMMARY and step.complete()
            item = self.step_list.item(index)
            item.setText(f"{index + 1}. {step.title()}" + ("  ✓" if done else ""))

    def go_to(self, index: int) -> bool:
        """Leave the current step (its data written) and show another; False if refused."""
        index = max(0, min(SUMMARY, index))
        if index == self.current:
            return True
        problem = self.steps[self.current].leave(index > self.current)
        if problem:
            self.banner.say(problem, "error")
            return False
        # The handover is recorded (a draft) once the parties step is passed going forward;
        # looking at the parties and going back to the checkpoint records nothing.
        create = index > PARTIES or (self.current >= PARTIES and index > self.current)
        if not self.read_only and not self.commit(create=create):
            return False
        if self.banner.property("tone") == "error":
            self.banner.clear()
        self._show_step(index)
        return True

    @Slot()
    def next(self) -> None:
        self.go_to(self.current + 1)

    @Slot()
    def back(self) -> None:
        self.go_to(self.current - 1)

    @Slot(int)
    def _step_chosen(self, row: int) -> None:
        if row >= 0 and not self.go_to(row):
            self.step_list.blockSignals(True)
            self.step_list.setCurrentRow(self.current)
            self.step_list.blockSignals(False)

    # --- saving ----------------------------------------------------------------------------------

    @Slot()
    def _edited(self) -> None:
        self.autosaver.mark_dirty()
        self.status.setText(_("Changed; not saved yet."))
        self._mark_steps()

    def commit(self, *, create: bool) -> bool:
        """Write what changed through the services; a refusal is shown, never lost."""
        try:
            self.writer.write(self.form, create=create)
        except FrozenRecord as error:
            self.refused(error)
            return False
        except TaslimError as error:
            self.banner.say(str(error), "error")
            return False
        if self.writer.stored is not None and not self.writer.pending(self.form):
            # The form is now what is stored: the local draft has nothing more to keep.
            self.autosaver.discard()
            self.status.setText(_("Saved."))
        self._apply_header()
        return True

    def _apply_header(self) -> None:
        stored = self.writer.stored
        state = stored.handover.state if stored else HandoverState.DRAFT
        self.header.setText(self._draft_title() + " · " + _(HANDOVER_STATE_LABELS[state]))

    @Slot()
    def save(self) -> None:
        if self.read_only:
            self._try_frozen_save()
            return
        if self.steps[self.current].leave(False) is None and self.commit(create=True):
            self._show_step(self.current)

    def _try_frozen_save(self) -> None:
        """Saving a signed handover: the service refuses with its sentence; offer an amendment."""
        stored = self.writer.stored
        if stored is None:
            return
        try:
            self.page_context.context.handovers.save(self.page_context.session, stored.handover)
        except TaslimError as error:
            self.refused(error)

    def refused(self, error: TaslimError) -> None:
        """A service said no. A frozen record gets the sentence and the way out: amend."""
        if isinstance(error, FrozenRecord):
            self.writer.load(self.form.handover_id)
            self.read_only = True
            for step in self.steps:
                step.set_read_only(True)
            self.save_button.setEnabled(False)
            self.banner.say(str(error), "frozen")
            self.amend_button.setVisible(
                may(self.page_context.session.role, Action.AMEND_HANDOVER))
            self.autosaver.write()  # what was typed stays on this laptop as a draft
            self._apply_header()
        else:
            self.banner.say(str(error), "error")

    # --- finalizing and amending ---------------------------------------------------------------

    @Slot()
    def finalize(self) -> None:
        if self.read_only or not self.commit(create=True):
            return
        handovers = self.page_context.context.handovers
        handover_id = self.form.handover_id
        # Refuse here with the service's own sentences, before any state changes.
        missing = handovers.missing_for_signing(handover_id)
        if missing:
            self.banner.say(" ".join(missing), "error")
            self._show_step(SUMMARY)
            return
        try:
            outcome = handovers.finalize(self.page_context.session, handover_id)
        except TaslimError as error:
            self.refused(error)
            self._show_step(SUMMARY)
            return
        self.page_context.notifier.announce(outcome.changes)
        self.autosaver.discard()
        self.writer.load(handover_id)
        self._apply_state()
        self.banner.say(_("The handover is finalized and signed. It now waits for a clerk to "
                          "issue the certificate."), "info")
        self._show_step(SUMMARY)

    @Slot()
    def request_amend(self) -> None:
        self.amend_dialog = AmendDialog(self.page_context, self.form.handover_id, self)
        self.amend_dialog.accepted.connect(self._amended)
        self.amend_dialog.open()

    @Slot()
    def _amended(self) -> None:
        draft = self.page_context.context.drafts.load(self.page_context.session,
                                                      self.autosaver.key)
        parts = self.writer.load(self.form.handover_id)
        assert parts is not None
        # What was typed into a stale window (kept as a draft when refused) comes back now.
        self.env.form = (HandoverForm.from_content(draft.content["form"]) if draft
                         else HandoverForm.from_parts(parts))
        self._apply_state()
        self.banner.say(_("Amendment started. Make the changes, then finalize again to sign "
                          "the amended handover."), "info")
        self._show_step(self.current)
        if draft:
            self._edited()

    # --- closing -------------------------------------------------------------------------------

    def has_unsaved(self) -> bool:
        return not self.read_only and self.writer.pending(self.form)

    def reject(self) -> None:
        """Esc, Close and the window's X: never discard typed work without asking."""
        if self._closing or not self.has_unsaved():
            self._close_now(keep_draft=False)
            return
        box = QMessageBox(QMessageBox.Icon.Question, app_title(),
                          _("This handover has changes that are not saved yet."), parent=self)
        box.setInformativeText(_("Save them now, keep them as a draft on this laptop for later, "
                                 "or go back to the handover."))
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("Keep as draft"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        plain_buttons(box)
        self.close_question = box

        def answered() -> None:
            clicked = box.clickedButton()
            self.close_question = None
            if clicked is save:
                if self.commit(create=True):
                    self._close_now(keep_draft=False)
            elif clicked is keep:
                self._close_now(keep_draft=True)

        box.finished.connect(answered)
        box.open()

    def _close_now(self, *, keep_draft: bool) -> None:
        self._closing = True
        if keep_draft:
            self.autosaver.write()
        elif self.writer.stored is not None and not self.writer.pending(self.form):
            self.autosaver.discard()
        else:
            self.autosaver.flush()
        self.autosaver.stop()
        super().reject()
