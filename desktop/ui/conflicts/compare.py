"""One record in conflict, its versions side by side: a column per version, a row per field.

Rows whose values differ are highlighted and hold one choice per version (the newest version's
value is chosen to begin with); rows that are the same everywhere are written once, muted, and
hidden while "Show only differences" is ticked. A version that deleted the record says so and
offers to keep the deletion instead of any field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES
from desktop.i18n import _, is_right_to_left, ngettext
from desktop.services.conflicts import DELETED, Conflict, HeadVersion
from desktop.ui.certificates.common import GREEN, GREY, RED, paragraph
from desktop.ui.conflicts.values import EMPTY, Names, field_label, head_values, short
from desktop.ui.language import number
from desktop.ui.look import repolish
from desktop.ui.record_lists.display import local_time_text, ltr

AMBER = "#9a5b00"
FIELD_COLUMN_WIDTH = 190
VERSION_MIN_WIDTH = 220

COMPARE_STYLE = f"""
QFrame#versionHeader {{ background: #eef4fb; border: 1px solid #9dbad6; border-radius: 6px; }}
QFrame#versionHeader[deleted="true"] {{ background: #fdf0f2; border: 1px solid {RED}; }}
QLabel#versionTitle {{ font-size: 13pt; font-weight: bold; color: #0f2f4d; }}
QLabel#versionFacts {{ color: #33414f; }}
QLabel#newestTag {{ color: {GREEN}; font-weight: bold; }}
QLabel#deletedText {{ color: {RED}; font-weight: bold; }}
QLabel#fieldName {{ font-weight: bold; color: #0f2f4d; padding: 8px 6px;
                    background: #fff4df; border: 1px solid #e6c48a; border-radius: 6px; }}
QLabel#sameName {{ color: {GREY}; padding: 4px 6px; }}
QLabel#sameValue {{ color: {GREY}; padding: 4px 6px; border-bottom: 1px solid #e3e8ee; }}
QFrame#choiceCell {{ background: #fff8ea; border: 1px solid #e6c48a; border-radius: 6px; }}
QFrame#choiceCell[chosen="true"] {{ background: #e3f3e8; border: 2px solid {GREEN}; }}
QFrame#choiceCell:disabled {{ background: #f3f3f3; border: 1px solid #d5d5d5; }}
QLabel#choiceText:disabled, QLabel#sameName:disabled, QLabel#sameValue:disabled {{
    color: #a9b1b9; }}
QLabel#fieldName:disabled {{ color: #8a939c; background: #f3f3f3; border-color: #d5d5d5; }}
QLabel#deletedCell {{ color: {GREY}; padding: 8px 6px; background: #f6f6f6;
                      border: 1px dashed #c9c9c9; border-radius: 6px; }}
QLabel#summaryText {{ color: #33414f; }}
QLabel#summaryText[tone="warn"] {{ color: {AMBER}; font-weight: bold; }}
"""


def reading_side(text: str) -> str:
    """A value that starts on the reading side, whatever its script (an Arabic name in the
    English screen sits on the left like the English ones, and the other way round)."""
    return paragraph(text) if is_right_to_left() else f"\u200e{text}"


class ChoiceCell(QFrame):
    """One version's value of a differing field, with the radio button that keeps it."""

    def __init__(self, field: str, head: HeadVersion, text: str, group: QButtonGroup,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceCell")
        self.field = field
        self.rev_id = head.rev_id
        self.radio = QRadioButton()
        self.radio.setAccessibleName(_("Keep “{value}” from laptop {code}").format(
            value=text, code=head.device_code))
        self.radio.setToolTip(_("Keep this value"))
        group.addButton(self.radio)
        self.text = QLabel(reading_side(short(text)))
        self.text.setObjectName("choiceText")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if len(text) > len(short(text)):
            self.text.setToolTip(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text, 1)
        self.radio.toggled.connect(self._toggled)
        self.setProperty("chosen", False)

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        self.setProperty("chosen", on)
        repolish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """The whole cell is the target, not only the small round button."""
        if self.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.radio.setChecked(True)
            self.radio.setFocus()
            event.accept()
            return
        super().mousePressEvent(event)


class VersionHeader(QFrame):
    """Which laptop, who, when; a deleted version says so and offers to keep the deletion."""

    def __init__(self, head: HeadVersion, author: str, newest: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionHeader")
        self.setProperty("deleted", head.deleted)
        self.head = head
        self.title = QLabel(paragraph(_("Laptop {code}").format(code=ltr(head.device_code))))
        self.title.setObjectName("versionTitle")
        self.author = QLabel(paragraph(_("By {name}").format(name=author)))
        # No-break spaces: a narrow column wraps before the time, never inside it.
        when = local_time_text(head.written_at, BAGHDAD_OFFSET_MINUTES).replace(" ", "\u00a0")
        self.when = QLabel(paragraph(_("Written {time}").format(time=ltr(when))))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        for label in (self.author, self.when):
            label.setObjectName("versionFacts")
            label.setWordWrap(True)
            layout.addWidget(label)
        self.newest = QLabel(_("Newest version"))
        self.newest.setObjectName("newestTag")
        self.newest.setVisible(newest)
        layout.addWidget(self.newest)
        self.keep_deletion: QCheckBox | None = None
        if head.deleted:
            deleted = QLabel(_("Deleted on this laptop"))
            deleted.setObjectName("deletedText")
            deleted.setWordWrap(True)
            layout.addWidget(deleted)
            self.keep_deletion = QCheckBox(_("Keep the deletion"))
            self.keep_deletion.setToolTip(_("Delete the record instead of keeping any of its "
                                            "values"))
            layout.addWidget(self.keep_deletion)
        layout.addStretch()


class ComparisonView(QWidget):
    """``choice_changed`` whenever a value or the deletion is chosen."""

    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Conflict | None = None
        self.headers: list[VersionHeader] = []
        self.groups: dict[str, QButtonGroup] = {}
        self.cells: dict[tuple[str, str], ChoiceCell] = {}
        self.field_rows: dict[str, list[QWidget]] = {}
        self.summary = QLabel()
        self.summary.setObjectName("summaryText")
        self.summary.setWordWrap(True)
        self.only_differences = QCheckBox(_("Show only differences"))
        self.only_differences.setChecked(True)
        self.only_differences.setToolTip(_("Hide the fields that are the same in every version"))
        self.only_differences.toggled.connect(self._show_rows)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_differences)
        layout.addWidget(self.scroll, 1)

    # -- building -------------------------------------------------------------------------------

    def show_conflict(self, conflict: Conflict | None, names: Names | None = None) -> None:
        self.conflict = conflict
        self.headers, self.groups, self.cells, self.field_rows = [], {}, {}, {}
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(2, 2, 2, 2)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.scroll.setWidget(host)  # the old grid and its widgets go with the old host
        if conflict is None:
            self.summary.clear()
            return
        heads = conflict.heads
        kept = [h for h in heads if not h.deleted]
        # The values chosen at first are the newest version's that kept the record; deleting
        # is never chosen for the supervisor, even when the deletion is the newest version.
        newest = kept[-1] if kept else heads[-1]
        corner = QLabel()
        grid.addWidget(corner, 0, 0)
        grid.setColumnMinimumWidth(0, FIELD_COLUMN_WIDTH)
        for column, head in enumerate(heads, start=1):
            author = names.person(head.author) if names is not None else head.author
            header = VersionHeader(head, author, head is heads[-1])
            if header.keep_deletion is not None:
                header.keep_deletion.toggled.connect(
                    lambda on, rev=head.rev_id: self._deletion_toggled(rev, on))
            self.headers.append(header)
            grid.addWidget(header, 0, column)
            grid.setColumnStretch(column, 1)
            grid.setColumnMinimumWidth(column, VERSION_MIN_WIDTH)
        values = {h.rev_id: head_values(conflict.entity, h, conflict.fields, names)
                  for h in kept}
        differing = set(conflict.differing)
        for row, name in enumerate(conflict.fields, start=1):
            if name in differing:
                self._differing_row(grid, row, name, heads, values, newest)
            else:
                self._same_row(grid, row, name, len(heads), values.get(newest.rev_id, {}))
        grid.setRowStretch(len(conflict.fields) + 1, 1)  # spare height below, not in the rows
        if not kept:  # every version deleted the record: the deletion is the only choice
            first = self.headers[0].keep_deletion
            if first is not None:
                first.setChecked(True)
        self._say_summary()
        self._show_rows()

    def _differing_row(self, grid: QGridLayout, row: int, name: str, heads: list[HeadVersion],
                       values: dict[str, dict[str, str]], newest: HeadVersion) -> None:
        label = QLabel(field_label(name))
        label.setObjectName("fieldName")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(label, row, 0)
        widgets: list[QWidget] = [label]
        group = QButtonGroup(self)
        group.setExclusive(True)
        self.groups[name] = group
        for column, head in enumerate(heads, start=1):
            if head.deleted:
                cell: QWidget = QLabel(_("(deleted)"))
                cell.setObjectName("deletedCell")
            else:
                choice = ChoiceCell(name, head, values[head.rev_id][name], group)
                choice.radio.toggled.connect(self._choice_toggled)
                self.cells[(name, head.rev_id)] = choice
                if head is newest:
                    choice.radio.setChecked(True)
                cell = choice
            grid.addWidget(cell, row, column)
            widgets.append(cell)
        self.field_rows[name] = widgets

    def _same_row(self, grid: QGridLayout, row: int, name: str, columns: int,
                  values: dict[str, str]) -> None:
        label = QLabel(field_label(name))
        label.setObjectName("sameName")
        label.setWordWrap(True)
        text = values.get(name, EMPTY)
        value = QLabel(reading_side(short(text)))
        value.setObjectName("sameValue")
        value.setWordWrap(True)
        value.setToolTip(_("The same in every version"))
        grid.addWidget(label, row, 0)
        grid.addWidget(value, row, 1, 1, max(columns, 1))
        self.field_rows[name] = [label, value]

    def _say_summary(self) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        count = len(conflict.differing)
        sentences = []
        if self.kept_deletion() is not None:
            self.summary.setText(_("The record is deleted when you save; every version stays "
                                   "in its history."))
            return
        if count:
            sentences.append(ngettext(
                "{count} field differs between the versions. In its row, choose the value to "
                "keep; the newest version's value is chosen to begin with.",
                "{count} fields differ between the versions. In each highlighted row, choose "
                "the value to keep; the newest version's value is chosen to begin with.",
                count).format(count=number(count)))
        if any(h.deleted for h in conflict.heads):
            sentences.append(_("A laptop deleted this record: keep the deletion, or keep the "
                               "record with the values chosen here."))
        elif not count:
            sentences.append(_("The versions hold the same values; saving makes them one "
                               "version again."))
        self.summary.setText(" ".join(sentences))

    # -- choosing -------------------------------------------------------------------------------

    @Slot()
    def _show_rows(self) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        differing = set(conflict.differing)
        # Nothing differs but a deletion: every field is shown, or there would be none.
        self.only_differences.setEnabled(bool(differing))
        only = self.only_differences.isChecked() and bool(differing)
        for name, widgets in self.field_rows.items():
            for widget in widgets:
                widget.setVisible(name in differing or not only)

    @Slot(bool)
    def _choice_toggled(self, on: bool) -> None:
        if on:
            self.choice_changed.emit()

    def _deletion_toggled(self, rev_id: str, on: bool) -> None:
        for header in self.headers:
            box = header.keep_deletion
            if on and box is not None and header.head.rev_id != rev_id and box.isChecked():
                box.setChecked(False)  # one deletion at most is kept
        keeping = self.kept_deletion() is not None
        for widgets in self.field_rows.values():
            for widget in widgets:
                widget.setEnabled(not keeping)  # no value is kept: the rows are greyed
        self._say_summary()
        self.choice_changed.emit()

    def kept_deletion(self) -> str | None:
        for header in self.headers:
            if header.keep_deletion is not None and header.keep_deletion.isChecked():
                return header.head.rev_id
        return None

    def choices(self) -> dict[str, str]:
        """What ``ConflictService.resolve`` takes: field -> the chosen version's rev_id."""
        deletion = self.kept_deletion()
        if deletion is not None:
            return {DELETED: deletion}
        chosen: dict[str, str] = {}
        for (name, rev_id), cell in self.cells.items():
            if cell.radio.isChecked():
                chosen[name] = rev_id
        return chosen

    def choose(self, name: str, rev_id: str) -> None:
        self.cells[(name, rev_id)].radio.setChecked(True)

    def keep_deletion(self, rev_id: str, on: bool = True) -> None:
        for header in self.headers:
            if header.head.rev_id == rev_id and header.keep_deletion is not None:
                header.keep_deletion.setChecked(on)

    # -- what is on screen (for tests and screenshots) ------------------------------------------

    def version_codes(self) -> list[str]:
        return [header.head.device_code for header in self.headers]

    def shown_fields(self) -> list[str]:
        return [name for name, widgets in self.field_rows.items()
                if widgets[0].isVisibleTo(self)]
