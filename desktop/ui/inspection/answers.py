"""One editor per template field type, and the cell that shows its label and its finding.

Every editor answers ``value()`` (``None`` while not answered), takes ``set_value``, emits
``changed`` when the person changes it (not when the form sets it) and lists its focusable
controls in visual order, so the form can chain the tab order through them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.templates import InspectionField, InspectionTemplate
from desktop.i18n import _, current_language
from desktop.ui.language import number
from desktop.ui.look import repolish

NOT_ANSWERED = "—"
ANSWER_HEIGHT = 44


def field_label(field: InspectionField) -> str:
    return field.label_ar if current_language() == "ar" else field.label_en


class AnswerSpinBox(QSpinBox):
    """A whole number that may also be "not answered": the value just below the minimum, shown
    as a dash. Typing a digit over the dash replaces it; clearing the text un-answers."""

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText(NOT_ANSWERED)
        self.setValue(minimum - 1)
        self.setAccelerated(True)
        self.setMinimumHeight(ANSWER_HEIGHT)
        self.setMinimumWidth(150)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.value() == self.minimum() and event.text()[:1].isdigit():
            self.lineEdit().clear()
        super().keyPressEvent(event)

    def validate(self, text: str, position: int) -> object:
        if text.strip() == "":
            return QValidator.State.Acceptable, text, position
        return super().validate(text, position)

    def valueFromText(self, text: str) -> int:
        if text.strip() in ("", NOT_ANSWERED):
            return self.minimum()
        return super().valueFromText(text)


class AnswerEditor(QWidget):
    changed = Signal()

    def __init__(self, field: InspectionField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focusables(self) -> list[QWidget]:
        raise NotImplementedError

    def set_editable(self, editable: bool) -> None:
        for widget in self.focusables():
            widget.setEnabled(editable)


class NumberEditor(AnswerEditor):
    """count and number: a spin box bounded by the template's range."""

    def __init__(self, field: InspectionField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.spin = AnswerSpinBox(field.minimum or 0, field.maximum or 1_000_000)
        self.spin.setAccessibleName(field_label(field))
        self._setting = False
        self.spin.valueChanged.connect(self._spun)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addStretch()

    def value(self) -> int | None:
        return None if self.spin.value() == self.spin.minimum() else self.spin.value()

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            if isinstance(value, int) and not isinstance(value, bool):
                self.spin.setValue(value)
            else:
                self.spin.setValue(self.spin.minimum())
        finally:
            self._setting = False

    def focusables(self) -> list[QWidget]:
        return [self.spin]

    @Slot(int)
    def _spun(self, _value: int) -> None:
        if not self._setting:
            self.changed.emit()


class ToggleEditor(AnswerEditor):
    """yes_no, choice and scale: big buttons of which at most one is pressed (none at first)."""

    def __init__(self, field: InspectionField, options: list[tuple[Any, str]],
                 parent: QWidget | None = None, *, square: bool = False) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        self._values: list[Any] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for value, text in options:
            button = QPushButton(text)
            button.setObjectName("answerButton")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setMinimumHeight(ANSWER_HEIGHT)
            # A pressed answer is drawn bold: leave room for that, or its text is clipped.
            bold = button.font()
            bold.setBold(True)
            wide = QFontMetrics(bold).horizontalAdvance(text) + 40
            button.setMinimumWidth(max(wide, ANSWER_HEIGHT + 16 if square else 110))
            button.setAccessibleName(f"{field_label(field)}: {text}")
            self.group.addButton(button, len(self.buttons))
            self.buttons.append(button)
            self._values.append(value)
            layout.addWidget(button)
        layout.addStretch()
        self.group.buttonClicked.connect(self._clicked)

    def value(self) -> Any:
        index = self.group.checkedId()
        return None if index < 0 else self._values[index]

    def set_value(self, value: Any) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot return to "none pressed"
        for index, button in enumerate(self.buttons):
            button.setChecked(value is not None and self._values[index] == value
                              and type(self._values[index]) is type(value))
        self.group.setExclusive(True)

    def button_for(self, value: Any) -> QPushButton:
        return self.buttons[self._values.index(value)]

    def focusables(self) -> list[QWidget]:
        return list(self.buttons)

    @Slot(QAbstractButton)
    def _clicked(self, _button: QAbstractButton) -> None:
        self.changed.emit()


class TextEditor(AnswerEditor):
    """Free text up to the template's limit, with a counter; Tab moves on, it never indents."""

    def __init__(self, field: InspectionField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.limit = field.max_length or 4000
        # QTextEdit in plain-text mode, not QPlainTextEdit: the latter sets Arabic paragraphs
        # flush left even in a right-to-left window; QTextEdit takes each paragraph's
        # direction from its own text (Arabic right, English left).
        self.edit = QTextEdit()
        self.edit.setAcceptRichText(False)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(110)
        self.edit.setAccessibleName(field_label(field))
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self._setting = False
        self.edit.textChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self._count()

    def value(self) -> str | None:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self.edit.setPlainText(value if isinstance(value, str) else "")
        finally:
            self._setting = False
        self._count()

    def focusables(self) -> list[QWidget]:
        return [self.edit]

    def set_editable(self, editable: bool) -> None:
        # Read-only rather than disabled: a long text can still be scrolled, selected, copied.
        self.edit.setReadOnly(not editable)

    @Slot()
    def _typed(self) -> None:
        text = self.edit.toPlainText()
        if len(text) > self.limit:  # a paste beyond the limit: keep what fits, say so
            cursor = self.edit.textCursor()
            position = min(cursor.position(), self.limit)
            self._setting = True
            self.edit.setPlainText(text[: self.limit])
            self._setting = False
            cursor = self.edit.textCursor()
            cursor.setPosition(position)
            self.edit.setTextCursor(cursor)
        self._count()
        if not self._setting:
            self.changed.emit()

    def _count(self) -> None:
        self.counter.setText(
            _("{count} of {limit} characters").format(
                count=number(len(self.edit.toPlainText())), limit=number(self.limit)
            )
        )


def make_editor(field: InspectionField) -> AnswerEditor:
    if field.type in ("count", "number"):
        return NumberEditor(field)
    if field.type == "yes_no":
        return ToggleEditor(field, [(True, _("Yes")), (False, _("No"))])
    if field.type == "choice":
        language_ar = current_language() == "ar"
        return ToggleEditor(
            field, [(c.key, c.label_ar if language_ar else c.label_en) for c in field.choices]
        )
    if field.type == "scale":
        low, high = field.minimum or 1, field.maximum or 5
        return ToggleEditor(field, [(v, number(v)) for v in range(low, high + 1)], square=True)
    if field.type == "text":
        return TextEditor(field)
    raise ValueError(f"no editor for field type {field.type!r}")


class FieldCell(QFrame):
    """A question: its label, its editor, and under them what is wrong with the answer."""

    SEVERITY_NAMES: ClassVar[dict[str, str]] = {
        "impossible": "findingImpossible",
        "missing": "findingMissing",
        "suspicious": "findingSuspicious",
    }

    def __init__(self, field: InspectionField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName("fieldCell")
        self.title = QLabel(field_label(field) + ("" if field.required else _(" (optional)")))
        self.title.setObjectName("fieldTitle")
        self.title.setWordWrap(True)
        self.editor = make_editor(field)
        self.title.setBuddy(self.editor.focusables()[0])
        self.finding = QLabel()
        self.finding.setWordWrap(True)
        self.finding.setVisible(False)
        self.severity: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.editor)
        layout.addWidget(self.finding)
        layout.addStretch()  # beside a taller neighbour, keep the question at the top

    def set_finding(self, severity: str | None, message: str = "") -> None:
        self.severity = severity
        self.finding.setText(message)
        self.finding.setVisible(severity is not None)
        name = self.SEVERITY_NAMES.get(severity or "", "finding")
        if self.finding.objectName() != name:
            self.finding.setObjectName(name)
            repolish(self.finding)
        state = severity or "ok"
        if self.property("finding") != state:
            self.setProperty("finding", state)
            repolish(self)


def field_rows(template: InspectionTemplate) -> list[tuple[InspectionField, ...]]:
    """The fields grouped the way the paper form pairs them, from the template's own order.

    Two counts in a row are a pair (present / required, working / issued, ...); a yes/no followed
    by a number belongs with it (generator working; fuel left). Everything else stands alone.
    """
    rows: list[tuple[InspectionField, ...]] = []
    fields = list(template.fields)
    index = 0
    while index < len(fields):
        field = fields[index]
        following = fields[index + 1] if index + 1 < len(fields) else None
        if following is not None and (
            (field.type == "count" and following.type == "count")
            or (field.type == "yes_no" and following.type == "number")
        ):
            rows.append((field, following))
            index += 2
        else:
            rows.append((field,))
            index += 1
    return rows
