"""Step 4: the checklist, one item at a time: done, not done or not applicable, a note, and
photos where the template asks for evidence. An item not done is an exception that the
certificate lists, so it is shown in red wherever it appears."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.domain.enums import ItemAnswer
from desktop.domain.templates import ChecklistItem
from desktop.i18n import _, current_language
from desktop.ui.handover.common import (
    ANSWER_LABELS,
    Step,
    StepEnv,
    hint,
    section_title,
    step_title,
    text_box,
)
from desktop.ui.handover.form import CONTINUITY_RULE
from desktop.ui.language import number
from desktop.ui.look import repolish
from desktop.ui.widgets.photos import PhotoStrip

DOTS_PER_ROW = 18
ANSWER_KEYS = {ItemAnswer.DONE: "Alt+1", ItemAnswer.NOT_DONE: "Alt+2",
               ItemAnswer.NOT_APPLICABLE: "Alt+3"}


class ChecklistStep(Step):
    def __init__(self, env: StepEnv) -> None:
        super().__init__(env)
        self.items: tuple[ChecklistItem, ...] = env.template.items
        self.index = 0
        self.progress_text = QLabel()
        self.progress_text.setObjectName("sectionTitle")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.exceptions_text = QLabel()
        self.exceptions_text.setObjectName("exceptionText")

        # One round button per item: where you are, what is answered, what is an exception.
        self.dots: list[QPushButton] = []
        dots = QGridLayout()
        dots.setSpacing(6)
        for position, item in enumerate(self.items):
            dot = QPushButton(number(item.number))
            dot.setObjectName("itemDot")
            dot.setAutoDefault(False)
            dot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Page Up/Down walk the items instead
            dot.clicked.connect(lambda _c=False, p=position: self.go_to(p))
            dots.addWidget(dot, position // DOTS_PER_ROW, position % DOTS_PER_ROW)
            self.dots.append(dot)
        dots.setColumnStretch(DOTS_PER_ROW, 1)

        self.card = QFrame()
        self.card.setObjectName("itemCard")
        self.section = section_title("")
        self.number_text = QLabel()
        self.number_text.setObjectName("stepHint")
        self.item_text = QLabel()
        self.item_text.setObjectName("itemText")
        self.item_text.setWordWrap(True)
        self.rule_text = hint("")
        self.answer_group = QButtonGroup(self)
        self.answer_group.setExclusive(False)  # so an answer can be taken back (clicked again)
        self.answer_buttons: dict[ItemAnswer, QPushButton] = {}
        answers = QHBoxLayout()
        for answer in ItemAnswer:
            button = QPushButton(_(ANSWER_LABELS[answer]))
            button.setObjectName("answer")
            button.setProperty("answer", answer.value)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(ANSWER_KEYS[answer])
            button.clicked.connect(lambda checked, a=answer: self.choose(a if checked else None))
            QShortcut(QKeySequence(ANSWER_KEYS[answer]), self,
                      activated=lambda a=answer: self.choose(a))
            self.answer_group.addButton(button)
            self.answer_buttons[answer] = button
            answers.addWidget(button)
        self.exception_notice = QLabel(_("Exception: this item is not done. It will be listed on "
                                         "the certificate; say why in the note."))
        self.exception_notice.setObjectName("exceptionText")
        self.exception_notice.setWordWrap(True)
        self.note = text_box(_("Note"), _("Note (what was found, why it is not done)"), 90)
        self.evidence_title = section_title(_("Evidence photos"))
        self.photos = PhotoStrip(env.page_context.context.attachments, env.page_context.session,
                                 env.form.handover_id)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(16, 12, 16, 12)
        heading = QHBoxLayout()
        heading.addWidget(self.section)
        heading.addStretch()
        heading.addWidget(self.number_text)
        card.addLayout(heading)
        card.addWidget(self.item_text)
        card.addWidget(self.rule_text)
        card.addLayout(answers)
        card.addWidget(self.exception_notice)
        card.addWidget(self.note)
        card.addWidget(self.evidence_title)
        card.addWidget(self.photos)
        card.addStretch()

        self.previous_button = QPushButton(_("Previous item"))
        self.next_button = QPushButton(_("Next item"))
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(True)
        self.previous_button.clicked.connect(lambda: self.go_to(self.index - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.index + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=self.next_button.click)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=self.previous_button.click)
        walk = QHBoxLayout()
        walk.addWidget(self.previous_button)
        walk.addStretch()
        walk.addWidget(self.next_button)

        top = QHBoxLayout()
        top.addWidget(self.progress_text)
        top.addStretch()
        top.addWidget(self.exceptions_text)
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.title()))
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addLayout(dots)
        layout.addWidget(self.card, 1)
        layout.addLayout(walk)
        self.note.textChanged.connect(self._note_changed)
        self.photos.changed.connect(self._photos_changed)

    def title(self) -> str:
        return _("Checklist")

    # --- showing -------------------------------------------------------------------------------

    def show_form(self) -> None:
        if not self.read_only:
            self.env.form.apply_continuity_rule(self.env.template)
        self.photos.owner_id = self.env.form.handover_id
        self.go_to(self.index)

    def first_unanswered(self) -> int | None:
        for position, item in enumerate(self.items):
            response = self.env.form.responses.get(item.key)
            if item.required and (response is None or response.answer is None):
                return position
        return None

    def complete(self) -> bool:
        return self.first_unanswered() is None

    def go_to(self, position: int) -> None:
        self.index = max(0, min(len(self.items) - 1, position))
        item = self.items[self.index]
        response = self.env.form.responses.get(item.key)
        sections = {s.key: s for s in self.env.template.sections}
        section = sections.get(item.section)
        arabic = current_language() == "ar"
        self.section.setText((section.title_ar if arabic else section.title_en) if section else "")
        self.number_text.setText(_("Item {number}").format(number=number(item.number)))
        self.item_text.setText(item.text_ar if arabic else item.text_en)
        self.rule_text.setVisible(item.rule == CONTINUITY_RULE)
        if item.rule == CONTINUITY_RULE:
            self.rule_text.setText(
                _("Answered from the recorded times (step “Times”) until you answer it yourself.")
                if response is None or response.automatic else
                _("You answered this yourself; the recorded times no longer change it."))
        for answer, button in self.answer_buttons.items():
            button.setChecked(response is not None and response.answer is answer)
        self.note.blockSignals(True)
        self.note.setPlainText(response.note if response else "")
        self.note.blockSignals(False)
        self.evidence_title.setVisible(item.evidence)
        self.photos.setVisible(item.evidence)
        if item.evidence:
            self.photos.set_attachment_ids(response.evidence_ids if response else [])
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.items) - 1)
        self._show_progress()
        self._apply_read_only()

    def _show_progress(self) -> None:
        form = self.env.form
        answered = sum(1 for i in self.items
                       if form.responses.get(i.key) and form.responses[i.key].answer is not None)
        exceptions = sum(1 for i in self.items if form.responses.get(i.key)
                         and form.responses[i.key].answer is ItemAnswer.NOT_DONE)
        self.progress_text.setText(_("Item {number} of {total} · {answered} answered").format(
            number=number(self.index + 1), total=number(len(self.items)),
            answered=number(answered)))
        self.progress.setRange(0, len(self.items))
        self.progress.setValue(answered)
        self.exceptions_text.setText(
            _("Exceptions: {count}").format(count=number(exceptions)) if exceptions else "")
        for position, (dot, item) in enumerate(zip(self.dots, self.items, strict=True)):
            response = form.responses.get(item.key)
            dot.setProperty("answer", response.answer.value if response and response.answer
                            else "")
            dot.setProperty("current", "true" if position == self.index else "false")
            label = _(ANSWER_LABELS[response.answer]) if response and response.answer else \
                _("Not answered yet")
            dot.setToolTip(_("Item {number}: {state}").format(number=number(item.number),
                                                               state=label))
            repolish(dot)
        current = form.responses.get(self.items[self.index].key)
        is_exception = current is not None and current.answer is ItemAnswer.NOT_DONE
        self.card.setProperty("exception", "true" if is_exception else "false")
        repolish(self.card)
        self.exception_notice.setVisible(is_exception)

    # --- editing -------------------------------------------------------------------------------

    def choose(self, answer: ItemAnswer | None) -> None:
        if self.read_only:
            return
        item = self.items[self.index]
        response = self.env.form.response(item.key)
        response.answer = answer
        response.automatic = False  # a person's answer is never overwritten by the rule
        for other, button in self.answer_buttons.items():
            button.setChecked(other is answer)
        self._show_progress()
        if item.rule == CONTINUITY_RULE:
            self.rule_text.setText(
                _("You answered this yourself; the recorded times no longer change it."))
        if answer is ItemAnswer.NOT_DONE:
            self.note.setFocus()  # an exception wants its reason
        elif self.next_button.isEnabled():
            self.next_button.setFocus()  # Enter goes on to the next item
        self.edited.emit()

    @Slot()
    def _note_changed(self) -> None:
        if self.read_only:
            return
        response = self.env.form.response(self.items[self.index].key)
        response.note = self.note.toPlainText()
        self.edited.emit()

    @Slot()
    def _photos_changed(self) -> None:
        if self.read_only:
            return
        response = self.env.form.response(self.items[self.index].key)
        response.evidence_ids = self.photos.attachment_ids()
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        for button in self.answer_buttons.values():
            button.setEnabled(not self.read_only)
        self.note.setReadOnly(self.read_only)
        self.photos.set_read_only(self.read_only)
