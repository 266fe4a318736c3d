"""Pieces the clerk's certificate screens share: styles, notes, safe file writing, file names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextEdit, QWidget

from desktop.domain.errors import ValidationError
from desktop.i18n import _, is_right_to_left
from desktop.reports.files import write_bytes_replacing
from desktop.ui.look import repolish
from desktop.ui.record_lists.display import in_language, ltr

RED = "#b00020"
GREEN = "#1b7a3d"
AMBER = "#9a5b00"
GREY = "#5f6b77"

STYLE = f"""
QLabel#hintText {{ color: {GREY}; }}
QFrame#note {{ border-radius: 6px; }}
QFrame#note[tone="good"] {{ background: #e3f3e8; border: 1px solid {GREEN}; }}
QFrame#note[tone="error"] {{ background: #fdecee; border: 1px solid {RED}; }}
QFrame#note[tone="info"] {{ background: #eef4fb; border: 1px solid #9dbad6; }}
QLabel#noteText {{ font-weight: bold; }}
QPushButton#primary {{ background: #1d4f7a; color: white; font-weight: bold;
                      border: 1px solid #143a5c; border-radius: 4px; padding: 4px 20px; }}
QPushButton#primary:disabled {{ background: #b7c6d4; color: #eef2f6; }}
"""

# Bidi marks that ltr() puts around Latin runs for the screen; a file gets the plain text.
_MARKS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    return text.translate(_MARKS)


def checkpoint_text(code: str, name_ar: str | None, name_en: str | None) -> str:
    """RMD-CE-01 — the checkpoint's name in the interface language."""
    return f"{ltr(code)} — {in_language(name_ar, name_en)}"


def paragraph(text: str) -> str:
    """Text for a label that starts on the reading side even when it begins with Latin.

    A QLabel takes its paragraph direction from the first strong letter, so a serial or an
    English name would sit on the left of an Arabic page; a right-to-left mark in front fixes it.
    """
    return f"\u200f{text}" if text and is_right_to_left() else text


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hintText")
    label.setWordWrap(True)
    return label


def primary_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("primary")
    button.setAutoDefault(False)
    return button


def text_box(accessible_name: str, placeholder: str, max_height: int) -> QTextEdit:
    """A plain-text box that lays Arabic out right to left (QPlainTextEdit would not)."""
    box = QTextEdit()
    box.setAcceptRichText(False)
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(max_height)
    return box


class Note(QFrame):
    """A line across a page saying what just happened: issued, stopped, or what went wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note")
        self.text = QLabel()
        self.text.setObjectName("noteText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(12, 8, 12, 8)
        self.row.addWidget(self.text, 1)
        self.setVisible(False)

    def say(self, text: str, tone: str = "info") -> None:
        self.text.setText(text)
        self.setProperty("tone", tone)
        repolish(self)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.text.clear()
        self.setVisible(False)


def write_atomically(path: Path, data: bytes) -> None:
    """Write under a temporary name beside the file, then rename over it.

    A pulled USB stick or a full disk leaves the old file (or none), never half a certificate.
    """
    try:
        write_bytes_replacing(path, data)
    except OSError as error:
        raise ValidationError(_("Cannot write {path}: {reason}.").format(
            path=path, reason=error.strerror or error)) from None


def certificate_file_name(serial: str, suffix: str = "") -> str:
    """ANB-R07-2026-000123.pdf, or ANB-R07-2026-000123-copy-2.pdf for a reprint."""
    return f"{serial}{suffix}.pdf"


def documents_folder() -> Path:
    """Where file dialogs start: the person's Documents folder if there is one, else home."""
    home = Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home
