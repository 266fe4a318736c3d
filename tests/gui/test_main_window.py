"""The main window: what each role sees, real figures on the home page, menus, About box."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, APP_NAME_AR, __version__
from desktop.app import AppContext
from desktop.domain.entities import Person
from desktop.domain.enums import Role
from desktop.domain.ids import uuid7
from desktop.services.base import Session
from desktop.ui.language import LanguageSwitch
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import HomePage, PlaceholderPage

EXPECTED_PAGES = {
    Role.OFFICER: ["home", "checkpoints", "inspections", "handovers", "exchange"],
    Role.CLERK: ["home", "awaiting_certificate", "certificate_register", "verify_certificate",
                 "exchange"],
    Role.SUPERVISOR: ["home", "dashboard", "import", "conflicts", "devices", "people"],
}
EXPECTED_ARABIC = {
    Role.OFFICER: ["الرئيسية", "السيطرات", "التفتيش", "التسليم والاستلام",
                   "الإرسال إلى مقر القيادة"],
    Role.CLERK: ["الرئيسية", "محاضر بانتظار الشهادة", "سجل الشهادات", "التحقق من شهادة",
                 "الإرسال إلى مقر القيادة"],
    Role.SUPERVISOR: ["الرئيسية", "لوحة المتابعة", "استيراد البيانات", "التعارضات", "الأجهزة",
                      "الأشخاص والحسابات"],
}
SUPERVISOR_ONLY = {"dashboard", "import", "conflicts", "devices", "people"}


def make_window(qtbot, context: AppContext, session: Session, switch: LanguageSwitch,
                database_path: Path) -> MainWindow:
    window = MainWindow(session=session, overview=context.overview,
                        device_code=context.device.short_code, database_path=database_path,
                        language=switch)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("role", list(Role))
def test_navigation_matches_the_role(qtbot, context: AppContext, sessions: dict[Role, Session],
                                     switch: LanguageSwitch, database_path: Path, arabic: None,
                                     role: Role) -> None:
    window = make_window(qtbot, context, sessions[role], switch, database_path)
    assert window.navigation_keys() == EXPECTED_PAGES[role]
    assert window.navigation_texts() == EXPECTED_ARABIC[role]
    assert window.pages.count() == len(EXPECTED_PAGES[role])
    if role is not Role.SUPERVISOR:
        assert not SUPERVISOR_ONLY & set(window.navigation_keys())
    # Every entry opens its own page; the first is the home page with figures.
    assert isinstance(window.pages.currentWidget(), HomePage)
    for row, key in enumerate(EXPECTED_PAGES[role][1:], start=1):
        window.show_page(key)
        assert window.pages.currentIndex() == row
        assert isinstance(window.pages.currentWidget(), PlaceholderPage)


def test_a_placeholder_says_plainly_that_the_screen_is_not_there_yet(
    qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
    database_path: Path, arabic: None
) -> None:
    window = make_window(qtbot, context, sessions[Role.OFFICER], switch, database_path)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.navigation.visualItemRect(window.navigation.item(2)).center())
    page = window.pages.currentWidget()
    assert isinstance(page, PlaceholderPage)
    assert page.message.text() == "هذه الشاشة غير متوفرة في هذا الإصدار من تسليم بعد."


def test_home_page_shows_who_where_and_real_figures(
    qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
    database_path: Path, arabic: None
) -> None:
    session = sessions[Role.SUPERVISOR]
    window = make_window(qtbot, context, session, switch, database_path)
    home = window.home
    assert home is not None
    assert session.name_ar in home.greeting.text()
    assert "مشرف" in home.who.text()
    assert context.device.short_code in home.who.text()
    # Three people were recorded (supervisor, officer, clerk); Arabic-Indic digits in Arabic.
    assert home.figures["people"].text() == "٣"
    assert home.figures["checkpoints"].text() == "٠"
    assert home.figures["handovers"].text() == "٠"
    assert home.figures["conflicts"].text() == "٠"
    revisions = context.overview.overview().revisions
    assert revisions > 0
    assert home.figures["revisions"].text() == f"{revisions:d}".translate(
        str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    context.places.save_person(session, Person(id=uuid7(), name_ar="شاهد", name_en="Witness",
                                               rank="", badge="", unit_id=None))
    qtbot.mouseClick(home.refresh_button, Qt.MouseButton.LeftButton)
    assert home.figures["people"].text() == "٤"


def test_status_bar_and_title(qtbot, context: AppContext, sessions: dict[Role, Session],
                              switch: LanguageSwitch, database_path: Path, arabic: None) -> None:
    window = make_window(qtbot, context, sessions[Role.OFFICER], switch, database_path)
    assert window.windowTitle() == "تسليم — Taslim"
    assert database_path.name in window.database_status.text()
    assert sessions[Role.OFFICER].name_ar in window.user_status.text()
    assert "ضابط ميداني" in window.role_status.text()
    assert not window.windowIcon().isNull()


def test_english_window_is_left_to_right(qtbot, context: AppContext,
                                         sessions: dict[Role, Session], switch: LanguageSwitch,
                                         database_path: Path) -> None:
    switch.choose("en")
    window = make_window(qtbot, context, sessions[Role.CLERK], switch, database_path)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.navigation_texts() == ["Home", "Handovers waiting for a certificate",
                                         "Certificate register", "Verify a certificate",
                                         "Send to headquarters"]
    assert "Certificate clerk" in window.role_status.text()
    # The navigation is on the start side: left of the pages in English.
    assert window.navigation.geometry().x() < window.pages.geometry().x()


def test_arabic_window_puts_the_navigation_on_the_right(
    qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
    database_path: Path, arabic: None
) -> None:
    window = make_window(qtbot, context, sessions[Role.CLERK], switch, database_path)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.navigation.geometry().x() > window.pages.geometry().x()


def test_about_box_shows_version_names_database_and_device(
    qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
    database_path: Path, arabic: None
) -> None:
    window = make_window(qtbot, context, sessions[Role.OFFICER], switch, database_path)
    window.about_action.trigger()
    about = window.about_dialog
    assert about is not None
    qtbot.waitExposed(about)
    assert about.isVisible()
    assert about.version.text() == f"الإصدار {__version__}"
    assert APP_NAME in about.title.text() and APP_NAME_AR in about.title.text()
    assert about.database.text() == str(database_path)
    assert about.device.text() == context.device.short_code
    assert about.windowTitle() == "حول تسليم"
    about.close()  # a dialog left open would outlive the test and confuse later window checks


def test_menus_are_translated_and_quit_has_its_shortcut(
    qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
    database_path: Path, arabic: None
) -> None:
    window = make_window(qtbot, context, sessions[Role.SUPERVISOR], switch, database_path)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&ملف", "الإ&عدادات", "م&ساعدة"]
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.language_actions["ar"].isChecked()
    assert not window.language_actions["en"].isChecked()
