"""How records read in lists: times with their offset, names in the interface language, state
labels, the continuity gap, status chips, and the table and search box every list uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from desktop.domain.clock import as_local, parse_utc_text
from desktop.domain.enums import CheckpointStatus
from desktop.domain.errors import ValidationError
from desktop.domain.rules import GapStatus, check_continuity
from desktop.i18n import _, current_language, is_right_to_left, ngettext
from desktop.ui.language import number

ERROR_RED = QColor("#b00020")
GOOD_GREEN = QColor("#1b7a3d")
ROW_HEIGHT = 40  # px: rows are click targets too
# Keys closer together than this are a burst, filtered once when it ends; any other key filters
# at once (filtering the checkpoints takes about 10 ms; bench/bench_checkpoint_filter.py).
FILTER_DELAY_MS = 60

# Set on each list page (the application's style sheet belongs to desktop.ui.look).
LIST_STYLE = """
QLabel#detailTitle { font-size: 15pt; font-weight: bold; color: #1d4f7a; }
QLabel#factLabel { color: #4a5866; font-weight: bold; }
QLabel#otherName { color: #4a5866; }
QLabel#emptyText { color: #4a5866; font-size: 13pt; padding: 24px; }
QLabel#countLabel { color: #4a5866; font-size: 13pt; }
QLabel#sectionTitle { font-size: 13pt; font-weight: bold; color: #0f2f4d; }
QListWidget#drafts { background: #fff8e6; border: 1px solid #e6cf8f; border-radius: 6px; }
QListWidget#drafts::item { min-height: 40px; padding: 2px 8px; }
QListWidget#drafts::item:selected { background: #f3dd9c; color: #0f2f4d; }
"""

# One colour per checkpoint status, shown as a round chip beside the label.
STATUS_COLOURS = {
    CheckpointStatus.HELD_BY_HANDING_PARTY: QColor("#d98b00"),
    CheckpointStatus.HANDOVER_IN_PROGRESS: QColor("#2f6db5"),
    CheckpointStatus.HANDED_OVER: QColor("#1b7a3d"),
}

_LRE, _PDF = "\u202a", "\u202c"


def ltr(text: str) -> str:
    """Keep a Latin run (a date, a code) in its own order inside right-to-left text.

    Without the marks, "2026-03-01 11:00" in an Arabic cell shows its date and time swapped.
    """
    return f"{_LRE}{text}{_PDF}" if text and is_right_to_left() else text


def in_language(arabic: str | None, english: str | None) -> str:
    """A name in the interface language, or in the other one if that is missing."""
    first, second = (arabic, english) if current_language() == "ar" else (english, arabic)
    return first or second or ""


def offset_text(offset_minutes: int) -> str:
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def local_time_text(utc_text: str | None, offset_minutes: int) -> str:
    """The time where it was recorded, with that place's offset: 2026-03-01 11:00 +03:00."""
    if not utc_text:
        return ""
    try:
        moment = as_local(utc_text, offset_minutes)
    except ValidationError:
        return utc_text  # a malformed time from an import is shown as it is, not hidden
    return ltr(f"{moment:%Y-%m-%d %H:%M} {offset_text(offset_minutes)}")


def laptop_time_text(utc_text: str) -> str:
    """A time on this laptop's clock, e.g. when a draft was autosaved here."""
    try:
        moment = parse_utc_text(utc_text).astimezone()
    except ValidationError:
        return utc_text
    return ltr(f"{moment:%Y-%m-%d %H:%M}")


def local_date_text(utc_text: str) -> str:
    """The date on this laptop's clock (the list rows carry no offset of their own)."""
    try:
        return ltr(f"{parse_utc_text(utc_text).astimezone():%Y-%m-%d}")
    except ValidationError:
        return utc_text


def is_older_than(utc_text: str, days: int, now: datetime) -> bool:
    try:
        return now - parse_utc_text(utc_text) > timedelta(days=days)
    except ValidationError:
        return False


def gap_text(assumed_duty_at: str | None, departure_at: str | None) -> tuple[str, bool]:
    """What checklist item 17's rule says about two recorded times, and whether it is a gap."""
    check = check_continuity(assumed_duty_at, departure_at)
    if check.status is GapStatus.GAP:
        text = ngettext("Gap of {count} minute", "Gap of {count} minutes", check.minutes)
        return text.format(count=number(check.minutes)), True
    if check.status is GapStatus.NO_GAP:
        return _("No gap"), False
    return _("Times not recorded yet"), False


_chips: dict[str, QIcon] = {}


def status_chip(status: str) -> QIcon:
    """A round coloured chip for a checkpoint status (cached: the view asks for it often)."""
    chip = _chips.get(status)
    if chip is None:
        colour = STATUS_COLOURS.get(status, QColor("#888888"))  # StrEnum keys match text
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(colour.darker(130))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(2, 2, 12, 12)
        painter.end()
        chip = QIcon(pixmap)
        _chips[status] = chip
    return chip


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    return label


def count_label() -> QLabel:
    label = QLabel()
    label.setObjectName("countLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return label


def search_box(placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setMinimumWidth(260)
    return box


def choice_box(all_label: str, choices: list[tuple[str, str]]) -> QComboBox:
    """A filter choice: "All" (data None) first, then (value, label) pairs."""
    box = QComboBox()
    box.addItem(all_label, None)
    for value, label in choices:
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class TypingFilter(QObject):
    """Filters as a search box is typed in: at once for a key after a pause, and once at the
    end for the keys of a fast burst (a paste, a held key), so the list follows every key
    without filtering dozens of times a second."""

    def __init__(self, parent: QObject, apply: Callable[[], None],
                 delay_ms: int = FILTER_DELAY_MS) -> None:
        super().__init__(parent)
        self._apply = apply
        self._pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._burst_ended)

    @Slot()
    def typed(self) -> None:
        if self.timer.isActive():
            self._pending = True  # within a burst: wait for the pause
        else:
            self._apply()
        self.timer.start()

    def cancel(self) -> None:
        """The filter was just applied with the current text: nothing is left to do."""
        self._pending = False

    @property
    def pending(self) -> bool:
        return self._pending

    @Slot()
    def _burst_ended(self) -> None:
        if self._pending:
            self._pending = False
            self._apply()


class RecordTable(QTableView):
    """Records in rows: one selected at a time, tall rows, ``opened`` on double-click or Enter."""

    opened = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(60)
        self.doubleClicked.connect(self.opened)

    def select_row(self, row: int) -> None:
        """Make ``row`` the current and only selected row (nothing happens outside the model)."""
        model = self.model()
        if model is not None and 0 <= row < model.rowCount():
            self.selectionModel().setCurrentIndex(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def set_widths(self, widths: list[int]) -> None:
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)

