"""``taslim self-test``: build every window offscreen and load every icon, without a display.

Proves inside a PyInstaller bundle that Qt, its plugins (platform, SVG), the translations and our
windows load. Nothing is saved: the sessions are made up and never reach the database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from desktop.domain.enums import Role
from desktop.domain.errors import TaslimError
from desktop.i18n import _, current_language

if TYPE_CHECKING:
    from desktop.app import AppContext


def _needs_offscreen() -> bool:
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def build_windows_offscreen(context: AppContext) -> Iterator[str]:
    if _needs_offscreen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication exists

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.services.base import Session
    from desktop.ui.application import create_application
    from desktop.ui.language import LanguageSwitch, apply_language, install_qt_translator
    from desktop.ui.login import LoginDialog
    from desktop.ui.look import all_icons, apply_look
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages import NAVIGATION

    app = create_application()
    yield f"qt: {app.platformName()} platform"
    apply_look(app)
    code = current_language()
    apply_language(code)  # our catalogue, Qt's catalogue and the layout direction
    translated = install_qt_translator(code)
    yield f"qt translations {code}: " + ("installed" if translated else "not needed")
    language = LanguageSwitch(context.settings, context.dirs.config)

    login = LoginDialog(context.auth, language, database_name=context.database.path.name)
    login.show()
    yield "window: sign-in dialog"
    login.close()
    login.deleteLater()

    for role in Role:
        session = Session(account_id="self-test", person_id="self-test", username="self-test",
                          role=role, name_ar="اختبار", name_en="Self-test")
        window = MainWindow(session=session, overview=context.overview,
                            device_code=context.device.short_code,
                            database_path=context.database.path, language=language)
        window.show()
        expected = [entry.key for entry in NAVIGATION[role]]
        if window.navigation_keys() != expected or window.pages.count() != len(expected):
            raise SelfTestFailed(_("The main window for the role “{role}” was not built right.")
                                 .format(role=role.value))
        for key in expected:
            window.show_page(key)
        yield f"window: main window for {role.value} ({len(expected)} pages)"
        window.close()
        window.deleteLater()

    icons = all_icons()
    for path in icons:
        if QIcon(str(path)).isNull() or QIcon(str(path)).pixmap(32, 32).isNull():
            raise SelfTestFailed(_("The icon {name} does not load; reinstall Taslim.")
                                 .format(name=path.name))
    yield f"qt icons: {len(icons)} loaded"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # run deleteLater
    QApplication.processEvents()


class SelfTestFailed(TaslimError):
    """A part of the interface did not build or load."""
