"""Switching the interface language: gettext for our texts, QTranslator for Qt's own, direction.

Our texts are translated by ``desktop.i18n`` (gettext catalogues that the core shares). Qt's own
words (standard buttons, the About Qt box, context menus of text fields) come from Qt's shipped
catalogue, installed as a QTranslator. Arabic also turns the whole layout right to left.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from desktop.i18n import LANGUAGES, current_language, is_right_to_left, set_language
from desktop.settings import Settings

QT_TRANSLATOR_NAME = "taslim-qt-translator"
# qtbase_<lang> holds the widget texts; qt_<lang> is Qt's meta catalogue that includes it.
QT_CATALOGUES = ("qtbase", "qt")
QT_LOCALES = {"ar": "ar_IQ", "en": "en_GB"}

log = logging.getLogger(__name__)


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_translator(code: str) -> bool:
    """Replace the Qt catalogue on the running application; True if one was installed.

    The translators are children of the application (found again by object name), so no module
    keeps them alive and a second QApplication in the same process starts clean.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in app.findChildren(QTranslator, QT_TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    if code == "en":
        return False  # Qt's source texts are English
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        translator.setObjectName(QT_TRANSLATOR_NAME)
        if translator.load(f"{catalogue}_{code}", qt_translations_dir()):
            QCoreApplication.installTranslator(translator)
            return True
        translator.deleteLater()
    return False


def layout_direction(code: str | None = None) -> Qt.LayoutDirection:
    if is_right_to_left(code):
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def apply_language(code: str) -> None:
    """Make ``code`` the language of our texts, of Qt's texts and of the layout."""
    set_language(code)
    install_qt_translator(code)
    QLocale.setDefault(QLocale(QT_LOCALES.get(code, code)))
    if isinstance(QCoreApplication.instance(), QGuiApplication):
        QGuiApplication.setLayoutDirection(layout_direction(code))


def number(value: int) -> str:
    """A count written the way the reader expects (Arabic-Indic digits in Arabic)."""
    return QLocale(QT_LOCALES.get(current_language(), "en_GB")).toString(value)


class LanguageSwitch:
    """Applies a language chosen in the interface and remembers it in the settings file."""

    def __init__(self, settings: Settings, config_dir: Path) -> None:
        self._settings = settings
        self._config_dir = config_dir

    @property
    def current(self) -> str:
        return current_language()

    def choose(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}")
        apply_language(code)
        if self._settings.language != code:
            self._settings.language = code
            try:
                self._settings.save(self._config_dir)
            except OSError:  # the language works for this run; only remembering it failed
                log.warning("could not save the language setting", exc_info=True)
