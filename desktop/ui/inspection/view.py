"""The inspection form's widgets and their arrangement, without behaviour (see form.py).

Top: a banner saying what state the inspection is in. Then, scrolling: where and when (the
header), one cell per template question (pairs side by side, lone short questions two by two,
text across the width), the photos. Bottom: what went wrong, the autosave status, the buttons.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.i18n import _, current_language
from desktop.services.base import Session
from desktop.ui.inspection.answers import FieldCell, field_rows
from desktop.ui.inspection.header import InspectionHeader
from desktop.ui.look import repolish
from desktop.ui.widgets.photos import PhotoStrip

STYLE = """
QFrame#fieldCell { background: #f7f9fc; border: 1px solid #dde4ee; border-radius: 6px; }
QFrame#fieldCell[finding="impossible"], QFrame#fieldCell[finding="missing"] {
    border: 2px solid #b00020; background: #fff5f6; }
QFrame#fieldCell[finding="suspicious"] { border: 2px solid #c77700; background: #fffaf0; }
QLabel#fieldTitle { font-weight: bold; }
QLabel#findingImpossible, QLabel#findingMissing { color: #b00020; font-weight: bold; }
QLabel#findingSuspicious { color: #8a4b00; font-weight: bold; }
QPushButton#answerButton { background: white; border: 1px solid #b8c4d2; border-radius: 6px;
                           padding: 4px 16px; }
QPushButton#answerButton:hover { background: #e8f0f8; }
QPushButton#answerButton:focus { border: 2px solid #1d4f7a; }
QPushButton#answerButton:checked { background: #1d4f7a; color: white; border-color: #143a5c;
                                   font-weight: bold; }
QPushButton#answerButton:disabled { background: #f1f1f1; color: #8a8a8a; }
QPushButton#answerButton:checked:disabled { background: #5d7e9e; color: white; }
QLabel#sectionTitle { font-size: 14pt; font-weight: bold; color: #1d4f7a; }
QFrame#banner_new, QFrame#banner_draft, QFrame#banner_amending {
    background: #e8f0f8; border: 1px solid #b7cde3; border-radius: 6px; }
QFrame#banner_submitted { background: #e6f4ea; border: 1px solid #8cc79b; border-radius: 6px; }
QFrame#banner_restored { background: #fff4d6; border: 1px solid #e0bd5a; border-radius: 6px; }
QLabel#bannerText { font-size: 13pt; font-weight: bold; }
QLabel#autosaveStatus { color: #4a5a6a; }
QSpinBox:disabled, QDateTimeEdit:disabled, QComboBox:disabled {
    color: #1f2a36; background: #eef1f5; }
"""


class InspectionFormView(QWidget):
    """A window of its own (not modal): the officer may look at other screens meanwhile."""

    def __init__(self, context: AppContext, session: Session, *, inspection_id: str,
                 inspector_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        # Closed forms go away; they would otherwise pile up as hidden children of the page.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.template = context.templates.inspection
        self.setObjectName("inspectionForm")
        self.setStyleSheet(STYLE)
        self.resize(1100, 860)
        self.setMinimumSize(860, 600)
        self.banner = QFrame()
        self.banner_text = QLabel()
        self.banner_text.setObjectName("bannerText")
        self.banner_text.setWordWrap(True)
        self.discard_restored_button = QPushButton(_("Drop the restored changes"))
        self.discard_restored_button.setAutoDefault(False)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 8, 14, 8)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.discard_restored_button)

        self.header = InspectionHeader(context.checkpoints, inspector_name)
        self.cells: dict[str, FieldCell] = {}
        answers = QGridLayout()
        answers.setSpacing(10)
        answers.setColumnStretch(0, 1)
        answers.setColumnStretch(1, 1)
        for row_index, row in enumerate(self._packed_rows()):
            for column, field in enumerate(row):
                cell = FieldCell(field)
                self.cells[field.key] = cell
                # Text takes the whole width; everything else half, so the cells line up.
                span = 2 if field.type == "text" else 1
                answers.addWidget(cell, row_index, column, 1, span)
        self.photos = PhotoStrip(context.attachments, session, inspection_id)
        self.photos.changed.connect(self._chain_tab_order)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(18, 12, 18, 18)
        body.setSpacing(12)
        body.addWidget(self._section(_("Where and when")))
        body.addWidget(self.header)
        body.addWidget(self._section(self._template_title()))
        body.addLayout(answers)
        body.addWidget(self._section(_("Photos")))
        body.addWidget(self.photos)
        body.addStretch()
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.form_error = QLabel()
        self.form_error.setObjectName("errorText")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("autosaveStatus")
        self.close_button = self._button(_("Close"))
        self.cancel_amendment_button = self._button(_("Cancel amendment"))
        self.save_button = self._button(_("Save draft"))
        self.save_button.setToolTip(_("Save a draft (Ctrl+S)"))
        self.submit_button = self._button(_("Submit"))
        self.amend_button = self._button(_("Amend"))
        self.save_amendment_button = self._button(_("Save amendment…"))
        self.save_amendment_button.setToolTip(_("Save the amendment (Ctrl+S)"))
        bar = QHBoxLayout()
        bar.setContentsMargins(18, 6, 18, 12)
        bar.addWidget(self.status, 1)
        for button in (self.close_button, self.cancel_amendment_button, self.save_button,
                       self.amend_button, self.save_amendment_button, self.submit_button):
            bar.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        top = QVBoxLayout()
        top.setContentsMargins(18, 12, 18, 4)
        top.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        error_row = QVBoxLayout()
        error_row.setContentsMargins(18, 4, 18, 0)
        error_row.addWidget(self.form_error)
        layout.addLayout(error_row)
        layout.addLayout(bar)
        self._chain_tab_order()

    def _packed_rows(self) -> list[tuple[Any, ...]]:
        """Pairs stay together; lone short questions share a row two by two; text stands alone."""
        rows: list[tuple[Any, ...]] = []
        waiting: list[Any] = []
        for row in field_rows(self.template):
            if len(row) == 1 and row[0].type != "text":
                waiting.append(row[0])
                if len(waiting) == 2:
                    rows.append(tuple(waiting))
                    waiting = []
                continue
            if waiting:
                rows.append(tuple(waiting))
                waiting = []
            rows.append(row)
        if waiting:
            rows.append(tuple(waiting))
        return rows

    def _chain_tab_order(self) -> None:
        """Tab follows what the eye follows: header, questions in template order, photos,
        then the buttons (called again when photos come and go)."""
        chain: list[QWidget] = list(self.header.focusables())
        for field in self.template.fields:
            chain.extend(self.cells[field.key].editor.focusables())
        chain.extend(self.photos.focusables())
        chain.extend([self.close_button, self.cancel_amendment_button, self.save_button,
                      self.amend_button, self.save_amendment_button, self.submit_button])
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    @staticmethod
    def _button(text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setMinimumHeight(44)
        # Wide enough for the bold text of a default button, which the size hint does not know.
        bold = button.font()
        bold.setBold(True)
        button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(text) + 48)
        return button

    def _template_title(self) -> str:
        return self.template.title_ar if current_language() == "ar" else self.template.title_en

    def show_banner(self, kind: str, text: str, *, can_drop: bool = False) -> None:
        self.banner.setObjectName(f"banner_{kind}")
        repolish(self.banner)
        self.banner_text.setText(text)
        self.discard_restored_button.setVisible(can_drop)
