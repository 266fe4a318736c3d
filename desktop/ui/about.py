"""The About box: name in both languages, version, and what support needs to know."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, APP_NAME_AR, __version__
from desktop.i18n import _
from desktop.ui.look import APP_ICON, form_layout, icon, plain_buttons


class AboutDialog(QDialog):
    def __init__(self, *, database_path: Path, device_code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Taslim"))
        self.setMinimumWidth(560)
        logo = QLabel()
        logo.setPixmap(icon(APP_ICON).pixmap(QSize(80, 80)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(f"{APP_NAME_AR}  ·  {APP_NAME}")
        self.title.setObjectName("appTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.version = QLabel(_("Version {version}").format(version=__version__))
        self.version.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.description = QLabel(
            _("Records the handover of security checkpoints without a network: inspections, "
              "handover checklists, signed certificates, and merging the records of field "
              "laptops at headquarters.")
        )
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # Paths and versions read left to right in any language; support staff copy them.
        def value(text: str) -> QLabel:
            label = QLabel(text)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            return label

        self.database = value(str(database_path))
        self.database.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.device = value(device_code)
        self.versions = value(
            f"Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}"
        )
        details = form_layout()
        details.addRow(_("Database"), self.database)
        details.addRow(_("This device"), self.device)
        details.addRow(_("Built with"), self.versions)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        plain_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(logo)
        layout.addWidget(self.title)
        layout.addWidget(self.version)
        layout.addWidget(self.description)
        layout.addSpacing(6)
        layout.addLayout(details)
        layout.addWidget(buttons)
