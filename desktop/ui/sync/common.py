"""What the exchange screens share: outcome words, colours, styles, the drop target, file names.

Bundles travel on USB sticks between field laptops and headquarters; these screens put the
sync services (desktop.services.sync_*) in front of a clerk or a supervisor. Every word here is
the person's language; file names, laptop codes and times are Latin runs kept in their order
inside Arabic text (``ltr``).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.services.sync_import import IMPORTED, NOTHING_NEW, REFUSED, WOULD_IMPORT
from desktop.ui.certificates.common import GREEN, RED, STYLE, Note
from desktop.ui.look import repolish
from desktop.ui.record_lists.display import LIST_STYLE

UNCHECKED = "unchecked"  # a file in the list that has not been checked yet
STOPPED = "stopped"  # the import was stopped before this file
FORK = "fork"  # the reason of a refusal that is a tamper alarm

AMBER = "#9a5b00"
ALARM_RED = QColor("#8c0016")
REFUSED_RED = QColor(RED)
GOOD = QColor(GREEN)
WARN = QColor(AMBER)
SELECTED = QColor("#cddff0")  # the navigation's selection colour
SELECTED_TEXT = QColor("#0f2f4d")

OUTCOME_LABELS: dict[str, str] = {
    UNCHECKED: N_("Not checked yet"),
    WOULD_IMPORT: N_("Ready to import"),
    NOTHING_NEW: N_("Nothing new"),
    IMPORTED: N_("Imported"),
    REFUSED: N_("Refused"),
    FORK: N_("Refused: TAMPER ALARM"),
    STOPPED: N_("Not imported (stopped)"),
}

SYNC_STYLE = LIST_STYLE + STYLE + f"""
QFrame#note[tone="warn"] {{ background: #fff4df; border: 1px solid {AMBER}; }}
QFrame#note[tone="alarm"] {{ background: #fde0e4; border: 3px solid #8c0016; }}
QFrame#note[tone="alarm"] QLabel#noteText {{ color: #8c0016; font-size: 14pt; }}
QFrame#details {{ border-radius: 6px; background: #f6f8fb; border: 1px solid #d5dde8; }}
QFrame#details[tone="good"] {{ border: 1px solid {GREEN}; background: #eef8f1; }}
QFrame#details[tone="warn"] {{ border: 1px solid {AMBER}; background: #fff8ea; }}
QFrame#details[tone="error"] {{ border: 1px solid {RED}; background: #fdf0f2; }}
QFrame#details[tone="alarm"] {{ border: 3px solid #8c0016; background: #fde0e4; }}
QLabel#detailsTitle {{ font-weight: bold; }}
QFrame#details[tone="error"] QLabel#detailsText {{ color: {RED}; font-weight: bold; }}
QFrame#details[tone="alarm"] QLabel#detailsText {{ color: #8c0016; font-weight: bold;
                                                   font-size: 14pt; }}
QLabel#warningText {{ color: {AMBER}; }}
QFrame#dropArea {{ border: 3px dashed #9dbad6; border-radius: 12px; background: #f6f9fc; }}
QFrame#dropArea[hover="true"] {{ border-color: #1d4f7a; background: #e3eef8; }}
QLabel#dropText {{ font-size: 15pt; color: #1d4f7a; }}
QFrame#standing {{ border-radius: 8px; background: #eef4fb; border: 1px solid #9dbad6; }}
QFrame#standing[tone="good"] {{ background: #e3f3e8; border: 1px solid {GREEN}; }}
QFrame#standing[tone="warn"] {{ background: #fff4df; border: 1px solid {AMBER}; }}
QLabel#standingText {{ font-size: 14pt; }}
"""

_SAFE_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


def outcome_key(outcome: str, reason: str = "") -> str:
    """The key of OUTCOME_LABELS for a report: a fork is not just another refusal."""
    return FORK if outcome == REFUSED and reason == FORK else outcome


def outcome_text(outcome: str, reason: str = "") -> str:
    return _(OUTCOME_LABELS.get(outcome_key(outcome, reason), outcome))


def receipt_file_name(device_code: str, device_id: str) -> str:
    """receipt-R07.json; the code comes from a file, so only plain letters reach a file name."""
    code = device_code if _SAFE_CODE.fullmatch(device_code or "") else device_id[:12]
    return f"receipt-{code}.json"


def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def say(note: Note, text: str, tone: str) -> None:
    """Note.say, and the text's own style again: the alarm tone also makes the text larger."""
    note.say(text, tone)
    repolish(note.text)


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)
    return label


class DropArea(QFrame):
    """The big dashed target shown while no file is chosen; the page itself takes the drop."""

    def __init__(self, text: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setMinimumHeight(150)
        self.text = QLabel(text)
        self.text.setObjectName("dropText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.choose_button = QPushButton(button_text)
        self.choose_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.text)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def hover(self, on: bool) -> None:
        self.setProperty("hover", on)
        repolish(self)


class DropTarget(QWidget):
    """A page that takes files dropped anywhere on it; emits ``dropped(list[Path])``."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.drop_area: DropArea | None = None

    def _hover(self, on: bool) -> None:
        if self.drop_area is not None:
            self.drop_area.hover(on)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()
            self._hover(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        paths = local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(paths)


class KeepColours(QStyledItemDelegate):
    """A chosen row keeps its colours: a refusal stays red, an alarm stays on its red ground.

    The style would draw every selected cell white on dark blue, and the row a supervisor has
    just been taken to (the refused one) would be the one row whose colour says nothing.
    """

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if not option.state & QStyle.StateFlag.State_Selected:
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        highlight = QColor(background).darker(112) if background is not None else SELECTED
        option.palette.setColor(QPalette.ColorRole.Highlight, highlight)
        option.palette.setColor(QPalette.ColorRole.HighlightedText,
                                QColor(foreground) if foreground is not None else SELECTED_TEXT)
