"""Pieces every wizard step uses: names in the reading language, the gap label, headings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextEdit, QWidget

from desktop.domain.entities import Person
from desktop.domain.enums import EquipmentCondition, ItemAnswer
from desktop.domain.rules import GapCheck, GapStatus
from desktop.domain.templates import ChecklistTemplate
from desktop.i18n import N_, _, current_language
from desktop.ui.handover.form import HandoverForm, HandoverWriter, gap_sentence, no_gap_sentence
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext

RED = "#b00020"
GREEN = "#1b7a3d"
GREY = "#5f6b77"

ANSWER_LABELS = {
    ItemAnswer.DONE: N_("Done"),
    ItemAnswer.NOT_DONE: N_("Not done"),
    ItemAnswer.NOT_APPLICABLE: N_("Not applicable"),
}

CONDITION_LABELS = {
    EquipmentCondition.GOOD: N_("Good"),
    EquipmentCondition.NEEDS_REPAIR: N_("Needs repair"),
    EquipmentCondition.UNSERVICEABLE: N_("Unserviceable"),
}

STYLE = f"""
QLabel#stepTitle {{ font-size: 18pt; font-weight: bold; color: #1d4f7a; }}
QLabel#stepHint {{ color: {GREY}; }}
QLabel#sectionTitle {{ font-size: 13pt; font-weight: bold; color: #0f2f4d; }}
QLabel#gapLabel {{ font-size: 13pt; font-weight: bold; padding: 10px 14px; border-radius: 6px; }}
QLabel#gapLabel[gap="no_gap"] {{ color: {GREEN}; background: #e3f3e8; border: 1px solid {GREEN}; }}
QLabel#gapLabel[gap="gap"] {{ color: white; background: {RED}; border: 1px solid #7a0016; }}
QLabel#gapLabel[gap="unknown"] {{ color: {GREY}; background: #eef1f4; border: 1px solid #c5ccd4; }}
QFrame#banner {{ border-radius: 6px; padding: 4px; }}
QFrame#banner[tone="error"] {{ background: #fdecee; border: 1px solid {RED}; }}
QFrame#banner[tone="info"] {{ background: #eef4fb; border: 1px solid #9dbad6; }}
QFrame#banner[tone="frozen"] {{ background: #fff6df; border: 1px solid #d0a640; }}
QLabel#bannerText {{ font-weight: bold; }}
QFrame#itemCard {{ background: #f6f8fb; border: 1px solid #d5dde8; border-radius: 8px; }}
QFrame#itemCard[exception="true"] {{ background: #fdecee; border: 2px solid {RED}; }}
QLabel#itemText {{ font-size: 15pt; }}
QLabel#exceptionText {{ color: {RED}; font-weight: bold; }}
QPushButton#answer {{ min-height: 56px; font-size: 13pt; border: 1px solid #c5d0dc;
                     border-radius: 6px; background: white; }}
QPushButton#answer:checked[answer="done"] {{ background: {GREEN}; color: white; }}
QPushButton#answer:checked[answer="not_done"] {{ background: {RED}; color: white; }}
QPushButton#answer:checked[answer="not_applicable"] {{ background: {GREY}; color: white; }}
QPushButton#itemDot {{ min-height: 34px; min-width: 34px; max-width: 34px; padding: 0;
                      border-radius: 17px; border: 1px solid #aab6c3; background: white; }}
QPushButton#itemDot[answer="done"] {{ background: #cfe9d7; border-color: {GREEN}; }}
QPushButton#itemDot[answer="not_done"] {{ background: {RED}; color: white; border-color: {RED}; }}
QPushButton#itemDot[answer="not_applicable"] {{ background: #dde2e7; }}
QPushButton#itemDot[current="true"] {{ border: 3px solid #1d4f7a; font-weight: bold; }}
QListWidget#steps {{ font-size: 13pt; border: none; background: #eef3f8; padding: 6px; }}
QListWidget#steps::item {{ min-height: 46px; padding: 2px 10px; border-radius: 6px; }}
QListWidget#steps::item:selected {{ background: #cddff0; color: #0f2f4d; font-weight: bold; }}
QFrame#padCard {{ background: #f6f8fb; border: 1px solid #d5dde8; border-radius: 8px; }}
QLabel#signedText {{ color: {GREEN}; font-weight: bold; }}
QPushButton#finalize {{ background: {GREEN}; color: white; font-weight: bold; font-size: 13pt;
                       border: 1px solid #12562b; border-radius: 4px; padding: 4px 24px; }}
QPushButton#finalize:disabled {{ background: #b9c9be; color: #eef2ef; }}
"""


def local_name(name_ar: str | None, name_en: str | None) -> str:
    """A name in the interface language, or in the other one if that is missing."""
    if current_language() == "ar":
        return name_ar or name_en or ""
    return name_en or name_ar or ""


def person_label(person: Person) -> str:
    """Rank, name and badge: how a representative is named on the page and on paper."""
    name = local_name(person.name_ar, person.name_en)
    parts = [part for part in (person.rank.strip(), name) if part]
    text = " ".join(parts)
    if person.badge.strip():
        text = _("{name} (badge {badge})").format(name=text, badge=person.badge.strip())
    return text


def text_box(accessible_name: str, placeholder: str, max_height: int) -> QTextEdit:
    """A plain-text box that lays Arabic out right to left.

    (QPlainTextEdit aligns every paragraph to the left whatever its direction; QTextEdit in
    plain-text mode follows each paragraph's own direction, as Arabic and English need.)
    """
    box = QTextEdit()
    box.setAcceptRichText(False)
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(max_height)
    return box


def step_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("stepTitle")
    label.setWordWrap(True)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("stepHint")
    label.setWordWrap(True)
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)
    return label


def gap_text(gap: GapCheck) -> str:
    if gap.status is GapStatus.GAP:
        return gap_sentence(gap.minutes)
    if gap.status is GapStatus.NO_GAP:
        return no_gap_sentence()
    return _("Gap unknown: record when the receiving force assumed duty and when the "
             "handing-over force left.")


class GapLabel(QLabel):
    """Green for no gap, red for a gap (with its minutes), grey while a time is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gapLabel")
        self.setWordWrap(True)
        self.status = GapStatus.UNKNOWN
        self.show_gap(GapCheck(GapStatus.UNKNOWN, 0))

    def show_gap(self, gap: GapCheck) -> None:
        self.status = gap.status
        self.setText(gap_text(gap))
        self.setProperty("gap", gap.status.value)
        repolish(self)


class Banner(QFrame):
    """A message across the top of the wizard: a refusal, a note, or why it is read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(12, 8, 12, 8)
        self.row.addWidget(self.text, 1)
        self.setVisible(False)

    def add_button(self, button: QPushButton) -> None:
        button.setAutoDefault(False)
        self.row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)

    def say(self, text: str, tone: str = "info") -> None:
        self.text.setText(text)
        self.setProperty("tone", tone)
        repolish(self)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.text.clear()
        self.setVisible(False)


class StepEnv:
    """What every step works on: the services, the form being typed and what is stored."""

    def __init__(self, page_context: PageContext, form: HandoverForm,
                 writer: HandoverWriter) -> None:
        self.page_context = page_context
        self.form = form
        self.writer = writer

    @property
    def template(self) -> ChecklistTemplate:
        return self.page_context.context.templates.checklist


class Step(QWidget):
    """One page of the wizard. It edits ``env.form`` as the person types and says so."""

    edited = Signal()  # the form changed: mark the wizard dirty, autosave soon

    def __init__(self, env: StepEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.read_only = False

    def title(self) -> str:
        raise NotImplementedError

    def show_form(self) -> None:
        """Fill the widgets from ``env.form`` (on entering the step, or after a reload)."""

    def leave(self, forward: bool) -> str | None:
        """A sentence saying why the person cannot go on yet, or None."""
        return None

    def complete(self) -> bool:
        """Whether this step has what a finished handover needs (for resuming, and the list)."""
        return True

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
