"""Starting the GUI: the QApplication, language and direction, the error hook, then the shell."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop import APP_ID, APP_NAME, __version__
from desktop.domain.errors import TaslimError
from desktop.paths import UserDirs
from desktop.settings import Settings
from desktop.ui.errors import ExceptionHook, show_user_error
from desktop.ui.language import LanguageSwitch, apply_language
from desktop.ui.look import apply_look
from desktop.ui.shell import Shell, demo_loader

log = logging.getLogger(__name__)
ORGANISATION = "Anbar Police Command"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication, or a new one named for Taslim."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(APP_ID)
    return app


def run_gui(dirs: UserDirs, database_path: Path, *, create: bool, language: str | None) -> int:
    """Open the window and run until the person quits; returns the process exit code.

    Logging is already set up by the caller (desktop.cli), as for every other command.
    """
    app = create_application()
    # --lang applies to this run only; the saved setting changes when the person picks a language.
    apply_language(language or Settings.load(dirs.config).language)
    apply_look(app)
    # The shell decides when Taslim ends (between sign-in and main window no window is shown
    # for a moment, and logging out must not quit).
    app.setQuitOnLastWindowClosed(False)
    hook = ExceptionHook(app)
    hook.install()
    try:
        from desktop.app import open_context  # after the language, so its errors are translated

        try:
            context = open_context(dirs, database_path, create=create)
        except TaslimError as error:
            log.warning("cannot open the database %s: %s", database_path, error)
            show_user_error(None, error)
            return error.exit_code
        try:
            shell = Shell(
                context,
                database_path=database_path,
                language=LanguageSwitch(context.settings, dirs.config),
                load_demo=demo_loader(context),
            )
            shell.quit_requested.connect(app.quit)
            shell.start()
            return app.exec()
        finally:
            context.close()
    finally:
        hook.uninstall()
