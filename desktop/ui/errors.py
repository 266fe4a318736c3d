"""The three kinds of failure, shown the Electrum way (see desktop.domain.errors).

* ``Cancelled``: the person stopped the work; nothing is shown.
* ``TaslimError``: a translated sentence saying what is wrong and what to do, in a message box.
* anything else: logged with its traceback and shown once, with a button that copies the details
  so they can be sent to whoever maintains the installation.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, APP_NAME_AR, __version__
from desktop.domain.errors import Cancelled, TaslimError
from desktop.i18n import _
from desktop.paths import user_dirs
from desktop.ui.look import plain_buttons

log = logging.getLogger(__name__)


def app_title() -> str:
    return f"{APP_NAME_AR} — {APP_NAME}"


def show_user_error(parent: QWidget | None, error: TaslimError) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, app_title(), str(error),
                      QMessageBox.StandardButton.Ok, parent)
    plain_buttons(box)
    box.exec()


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show any failure the right way; the one place that decides which kind it is."""
    if isinstance(error, Cancelled):
        return
    if isinstance(error, TaslimError):
        show_user_error(parent, error)
        return
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    UnexpectedErrorDialog(details(error), parent).exec()


def logs_folder() -> Path:
    """Where desktop.logsetup writes taslim.log (portable mode and TASLIM_HOME included)."""
    return user_dirs().logs


def logs_folder_url(folder: Path | None = None) -> QUrl:
    return QUrl.fromLocalFile(str(logs_folder() if folder is None else folder))


def open_logs_folder(parent: QWidget | None = None) -> None:
    """Shows the log folder in the desktop's file manager; where there is none, says where the
    folder is."""
    folder = logs_folder()
    folder.mkdir(parents=True, exist_ok=True)  # a file manager cannot show a missing folder
    if not QDesktopServices.openUrl(logs_folder_url(folder)):
        log.warning("no file manager opened %s", folder)
        logs_folder_message(folder, parent).exec()


def logs_folder_message(folder: Path, parent: QWidget | None = None) -> QMessageBox:
    """The folder's path on a line of its own (a path must not wrap into the sentence), in text
    that can be selected and copied."""
    box = QMessageBox(QMessageBox.Icon.Information, app_title(),
                      _("No file manager could be opened. The logs are in this folder:"),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(str(folder))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if box.isRightToLeft():
        # A label aligns by its own text's direction: the left-to-right path would sit on the
        # far side of an Arabic box. It keeps its characters as they are, so a copy works.
        for label in box.findChildren(QLabel):
            if label.text() == str(folder):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    plain_buttons(box)
    return box


def details(error: BaseException) -> str:
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return f"{APP_NAME} {__version__}\n" + "".join(lines)


class UnexpectedErrorDialog(QDialog):
    """Says that something went wrong that Taslim did not expect, with copyable details."""

    def __init__(self, detail_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(app_title())
        self.setMinimumWidth(560)
        self.detail_text = detail_text
        message = QLabel(
            _("Something went wrong that Taslim did not expect. Your saved work is safe. "
              "If it happens again, copy the details and give them to your supervisor.")
        )
        message.setWordWrap(True)
        self.details_view = QPlainTextEdit(detail_text)
        self.details_view.setReadOnly(True)
        # A traceback reads left to right whatever the interface language.
        self.details_view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.details_view.setVisible(False)
        self.show_button = QPushButton(_("Show details"))
        self.show_button.setCheckable(True)
        self.show_button.setAutoDefault(False)
        self.show_button.toggled.connect(self.details_view.setVisible)
        self.copy_button = QPushButton(_("Copy details"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        plain_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details_view)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.detail_text)
        self.copy_button.setText(_("Copied"))


class ExceptionHook(QObject):
    """Catches what nothing else caught: logs it, and shows it once from the GUI thread.

    Errors raised on a worker thread reach the GUI through a queued signal, so no widget is ever
    touched from the worker. While one unexpected-error dialog is open, further ones are only
    logged: a cascade of dialogs would hide the first, most useful, report.
    """

    _report = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._dialog: UnexpectedErrorDialog | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.installed = False

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self.installed = True

    def uninstall(self) -> None:
        if self.installed:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self.installed = False

    def handle(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        if isinstance(error, Cancelled):
            return
        if isinstance(error, KeyboardInterrupt):
            QApplication.quit()
            return
        if not isinstance(error, TaslimError):
            log.error("unexpected error", exc_info=(kind, error, trace))
        self._report.emit(error)

    def _handle_thread(self, arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_value is not None:
            self.handle(arguments.exc_type, arguments.exc_value, arguments.exc_traceback)

    @property
    def dialog(self) -> UnexpectedErrorDialog | None:
        return self._dialog

    @Slot(object)
    def _show(self, error: BaseException) -> None:
        parent = QApplication.activeWindow()
        if isinstance(error, TaslimError):
            show_user_error(parent, error)
            return
        if self._dialog is not None:
            log.info("an unexpected-error dialog is already open; not showing another")
            return
        self._dialog = UnexpectedErrorDialog(details(error), parent)
        self._dialog.finished.connect(self._dialog_closed)
        self._dialog.open()

    @Slot()
    def _dialog_closed(self) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
        self._dialog = None
