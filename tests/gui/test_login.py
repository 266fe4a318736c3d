"""The sign-in dialog: refusals stay on screen with the service's reason; Enter signs in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop import __version__
from desktop.app import AppContext
from desktop.domain.enums import Role
from desktop.i18n import _, current_language
from desktop.ui.language import LanguageSwitch
from desktop.ui.login import LoginDialog
from tests.gui.conftest import Login


def make_dialog(qtbot, context: AppContext, switch: LanguageSwitch,
                username: str = "") -> LoginDialog:
    dialog = LoginDialog(context.auth, switch, database_name="t.db", username=username)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_wrong_password_shows_the_reason_and_the_dialog_stays(
    qtbot, context: AppContext, switch: LanguageSwitch, logins: dict[Role, Login], arabic: None
) -> None:
    dialog = make_dialog(qtbot, context, switch)
    signed_in: list[object] = []
    dialog.logged_in.connect(signed_in.append)
    qtbot.keyClicks(dialog.username, "officer")
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert signed_in == []
    assert dialog.error_label.isVisible()
    # The service's own (translated) sentence, not a generic one.
    assert dialog.error_label.text() == _("Wrong user name or password.")
    assert dialog.error_label.text() == "اسم المستخدم أو كلمة المرور غير صحيحة."
    assert dialog.username.text() == "officer"
    assert dialog.password.text() == ""


def test_an_empty_form_is_refused_with_a_reason(
    qtbot, context: AppContext, switch: LanguageSwitch, logins: dict[Role, Login]
) -> None:
    dialog = make_dialog(qtbot, context, switch)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Enter your user name and password."
    assert dialog.isVisible()


def test_enter_with_the_right_password_signs_in(
    qtbot, context: AppContext, switch: LanguageSwitch, logins: dict[Role, Login]
) -> None:
    dialog = make_dialog(qtbot, context, switch, username="clerk")
    assert dialog.username.text() == "clerk"
    qtbot.keyClicks(dialog.password, logins[Role.CLERK].password)
    with qtbot.waitSignal(dialog.logged_in) as blocker:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    session = blocker.args[0]
    assert session.role is Role.CLERK
    assert session.username == "clerk"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert not dialog.error_label.isVisible()


def test_escape_does_not_close_the_dialog(
    qtbot, context: AppContext, switch: LanguageSwitch, logins: dict[Role, Login]
) -> None:
    dialog = make_dialog(qtbot, context, switch)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert dialog.isVisible()


def test_shows_the_name_in_both_languages_and_the_version(
    qtbot, context: AppContext, switch: LanguageSwitch, arabic: None
) -> None:
    dialog = make_dialog(qtbot, context, switch)
    texts = [label.text() for label in dialog.findChildren(type(dialog.version_label))]
    assert any("تسليم" in text and "Taslim" in text for text in texts)
    assert __version__ in dialog.version_label.text()
    assert dialog.version_label.text() == f"الإصدار {__version__}"


def test_arabic_by_default_right_to_left_and_english_one_click_away(
    qtbot, context: AppContext, switch: LanguageSwitch, dirs, logins: dict[Role, Login],
    arabic: None
) -> None:
    assert current_language() == "ar"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    dialog = make_dialog(qtbot, context, switch)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.sign_in_button.text() == "تسجيل الدخول"
    assert dialog.language_buttons["ar"].isChecked()
    qtbot.keyClicks(dialog.username, "officer")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()

    qtbot.mouseClick(dialog.language_buttons["en"], Qt.MouseButton.LeftButton)

    assert current_language() == "en"
    assert dialog.sign_in_button.text() == "Sign in"
    assert dialog.version_label.text() == f"Version {__version__}"
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.language_buttons["en"].isChecked()
    assert not dialog.language_buttons["ar"].isChecked()
    assert dialog.username.text() == "officer"  # what was typed survives the switch
    assert not dialog.error_label.isVisible()  # the old message was in the old language
    # Remembered for the next start.
    from desktop.settings import Settings

    assert Settings.load(dirs.config).language == "en"

    qtbot.mouseClick(dialog.language_buttons["ar"], Qt.MouseButton.LeftButton)
    assert dialog.sign_in_button.text() == "تسجيل الدخول"
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
