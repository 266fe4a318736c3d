"""Icons, fonts and the few style rules that make targets big and text easy to read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QWidget

from desktop.paths import resource

APP_ICON = "app"
BASE_POINT_SIZE = 12
FIELD_HEIGHT = 38  # px; matches the QLineEdit rule below (min-height 36 plus its frame)
# Fonts that shape Arabic well, tried in order; fontconfig falls back to whatever has the glyphs.
FONT_FAMILIES = ["Noto Sans Arabic UI", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans"]

STYLE_SHEET = """
QPushButton { min-height: 40px; padding: 4px 18px; }
QPushButton:default { background: #1d4f7a; color: white; font-weight: bold;
                      border: 1px solid #143a5c; border-radius: 4px; }
QPushButton:default:disabled { background: #8aa4bd; }
QPushButton:checked { background: #d6e4f2; color: #0f2f4d; border: 2px solid #1d4f7a;
                      border-radius: 4px; }
QPushButton#choice { background: white; border: 1px solid #c5d0dc; border-radius: 6px; }
QPushButton#choice:hover, QPushButton#choice:focus { background: #e8f0f8; border-color: #1d4f7a; }
QPushButton#choice:disabled { background: #f3f3f3; }
QLabel#choiceTitle { font-size: 14pt; font-weight: bold; color: #0f2f4d; }
QLineEdit, QComboBox { min-height: 36px; padding: 0 6px; }
QListWidget#navigation { font-size: 14pt; border: none; background: #eef3f8; padding: 6px; }
QListWidget#navigation::item { min-height: 52px; padding: 4px 10px; border-radius: 6px; }
QListWidget#navigation::item:selected { background: #cddff0; color: #0f2f4d; font-weight: bold; }
QListWidget#navigation::item:hover:!selected { background: #e0eaf4; }
QLabel#errorText { color: #b00020; font-weight: bold; }
QLabel#pageTitle { font-size: 20pt; font-weight: bold; color: #1d4f7a; }
QLabel#appTitle { font-size: 26pt; font-weight: bold; color: #1d4f7a; }
QFrame#card { background: #f6f8fb; border: 1px solid #d5dde8; border-radius: 8px; }
QLabel#cardNumber { font-size: 24pt; font-weight: bold; color: #1d4f7a; }
QLabel#cardTitle { font-size: 13pt; font-weight: bold; }
QLabel#conflictNumber { font-size: 24pt; font-weight: bold; color: #b00020; }
"""


def icon_dir() -> Path:
    return resource("icons")


def icon_path(name: str) -> Path:
    return icon_dir() / f"{name}.svg"


def all_icons() -> list[Path]:
    return sorted(icon_dir().glob("*.svg"))


def icon(name: str) -> QIcon:
    """An icon from resources/icons; a missing one is an empty icon, never a crash."""
    return QIcon(str(icon_path(name)))


def plain_buttons(box: QDialogButtonBox | QMessageBox) -> None:
    """Drop the style's icons from standard buttons: beside Arabic text they crowd it.

    (A QProxyStyle overriding styleHint would do this everywhere, but PySide6 6.12 mishandles
    the null ``returnData`` pointer and the process crashes at exit.)
    """
    for button in box.buttons():
        button.setIcon(QIcon())


def form_layout() -> QFormLayout:
    """A form whose labels sit level with the middle of their (tall) fields."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(10)
    return form


def form_label(text: str = "") -> QLabel:
    """A form label as tall as the fields, with its text centred on them."""
    label = QLabel(text)
    label.setMinimumHeight(FIELD_HEIGHT)
    label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return label


def apply_look(app: QGuiApplication) -> None:
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setWindowIcon(icon(APP_ICON))
    if hasattr(app, "setStyleSheet"):
        app.setStyleSheet(STYLE_SHEET)


def error_label() -> QLabel:
    """A red sentence under a form, hidden until there is something to say."""
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def repolish(widget: QWidget) -> None:
    """Re-read the style sheet after an object name or dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
