"""The sequence of windows: first run, sign in, main window, log out, language, quit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import AppContext
from desktop.domain.enums import Role
from desktop.domain.errors import ValidationError
from desktop.settings import Settings
from desktop.ui.first_run import DEMO_LOGINS, FirstRunDialog
from desktop.ui.language import LanguageSwitch
from desktop.ui.main_window import MainWindow
from desktop.ui.shell import Shell
from tests.gui.conftest import Login, close_all, make_shell


def sign_in(qtbot, shell: Shell, username: str, password: str) -> MainWindow:
    login = shell.login
    assert login is not None and login.isVisible()
    login.username.setText(username)
    login.password.setText(password)
    qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    assert shell.window is not None, login.error_label.text()
    return shell.window


def test_accounts_exist_so_sign_in_comes_first(qtbot, shell: Shell) -> None:
    shell.start()
    assert shell.first_run is None
    assert shell.login is not None and shell.login.isVisible()
    assert shell.window is None


def test_sign_in_opens_the_main_window_for_the_role(
    qtbot, shell: Shell, logins: dict[Role, Login]
) -> None:
    shell.start()
    window = sign_in(qtbot, shell, "officer", logins[Role.OFFICER].password)
    assert window.isVisible()
    assert window.session.role is Role.OFFICER
    assert "import" not in window.navigation_keys()
    assert shell.login is None


def test_log_out_returns_to_sign_in_without_quitting(
    qtbot, shell: Shell, logins: dict[Role, Login]
) -> None:
    shell.start()
    window = sign_in(qtbot, shell, "clerk", logins[Role.CLERK].password)
    quits: list[bool] = []
    shell.quit_requested.connect(lambda: quits.append(True))
    window.logout_action.trigger()
    assert shell.window is None
    assert not window.isVisible()
    assert shell.login is not None and shell.login.isVisible()
    assert shell.login.username.text() == "clerk"
    assert shell.login.password.text() == ""
    assert quits == []
    # And someone else can sign in after.
    window = sign_in(qtbot, shell, "supervisor", logins[Role.SUPERVISOR].password)
    assert window.session.role is Role.SUPERVISOR


def test_closing_the_main_window_quits(qtbot, shell: Shell, logins: dict[Role, Login]) -> None:
    shell.start()
    window = sign_in(qtbot, shell, "clerk", logins[Role.CLERK].password)
    with qtbot.waitSignal(shell.quit_requested):
        window.quit_action.trigger()


def test_quitting_from_sign_in_quits(qtbot, shell: Shell) -> None:
    shell.start()
    assert shell.login is not None
    with qtbot.waitSignal(shell.quit_requested):
        qtbot.mouseClick(shell.login.quit_button, Qt.MouseButton.LeftButton)


def test_switching_language_rebuilds_the_window_for_the_same_session(
    qtbot, shell: Shell, logins: dict[Role, Login], dirs
) -> None:
    shell.start()
    window = sign_in(qtbot, shell, "supervisor", logins[Role.SUPERVISOR].password)
    assert window.navigation_texts()[1] == "لوحة المتابعة"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    window.show_page("conflicts")
    quits: list[bool] = []
    shell.quit_requested.connect(lambda: quits.append(True))

    window.language_actions["en"].trigger()

    rebuilt = shell.window
    assert rebuilt is not None and rebuilt is not window
    assert rebuilt.isVisible() and not window.isVisible()
    assert rebuilt.session == window.session  # no new sign-in
    assert rebuilt.navigation_texts() == ["Home", "Dashboard", "Import", "Conflicts", "Devices",
                                          "People and accounts"]
    assert [a.text() for a in rebuilt.menuBar().actions()] == ["&File", "&Settings", "&Help"]
    assert rebuilt.current_key() == "conflicts"
    assert rebuilt.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert rebuilt.language_actions["en"].isChecked()
    assert Settings.load(dirs.config).language == "en"
    assert quits == []


def test_an_empty_database_starts_with_the_first_run_dialog(
    qtbot, empty_context: AppContext, database_path: Path, switch: LanguageSwitch, arabic: None
) -> None:
    shell = make_shell(empty_context, database_path, switch)
    try:
        shell.start()
        assert shell.login is None
        dialog = shell.first_run
        assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert not dialog.demo_button.isEnabled()  # no demo loader given
        assert dialog.pages.currentIndex() == dialog.CHOICE
    finally:
        close_all(shell)


def test_a_new_installation_creates_a_supervisor_who_can_sign_in(
    qtbot, empty_context: AppContext, database_path: Path, switch: LanguageSwitch, arabic: None
) -> None:
    shell = make_shell(empty_context, database_path, switch)
    try:
        shell.start()
        dialog = shell.first_run
        assert dialog is not None
        qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
        assert dialog.pages.currentIndex() == dialog.SETUP
        dialog.name_ar.setText("العقيد سالم الدليمي")  # QTest types ASCII only
        qtbot.keyClicks(dialog.name_en, "Col. Salim Al-Dulaimi")
        dialog.rank.setText("عقيد")
        qtbot.keyClicks(dialog.badge, "1001")
        qtbot.keyClicks(dialog.new_username, "salim")
        qtbot.keyClicks(dialog.new_password, "a-good-password")
        qtbot.keyClicks(dialog.new_password_again, "a-different-one")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert dialog.setup_error.text() == "كلمتا المرور غير متطابقتين؛ أعد كتابتهما."
        assert not empty_context.auth.has_accounts()
        assert dialog.isVisible()

        # Too short: the service's own rule and sentence.
        dialog.new_password.setText("short")
        dialog.new_password_again.setText("short")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert "8" in dialog.setup_error.text() or "٨" in dialog.setup_error.text()
        assert not empty_context.auth.has_accounts()

        dialog.new_password.setText("a-good-password")
        dialog.new_password_again.setText("a-good-password")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

        assert empty_context.auth.has_accounts()
        assert shell.first_run is None
        assert shell.login is not None and shell.login.username.text() == "salim"
        window = sign_in(qtbot, shell, "salim", "a-good-password")
        assert window.session.role is Role.SUPERVISOR
        assert window.session.name_en == "Col. Salim Al-Dulaimi"
        assert "people" in window.navigation_keys()
    finally:
        close_all(shell)


def test_first_run_switches_language_live(
    qtbot, empty_context: AppContext, switch: LanguageSwitch, arabic: None
) -> None:
    dialog = FirstRunDialog(empty_context.accounts, load_demo=None, language=switch)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.setup_button.title.text() == "إعداد تثبيت جديد"
    qtbot.mouseClick(dialog.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert dialog.setup_button.title.text() == "Set up a new installation"
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.language_buttons["en"].isChecked()


def test_loading_the_demo_runs_on_a_worker_and_shows_the_logins(
    qtbot, empty_context: AppContext, database_path: Path, switch: LanguageSwitch, arabic: None
) -> None:
    threads: list[threading.Thread] = []

    def fake_demo(progress):
        threads.append(threading.current_thread())
        for step in range(3):
            progress(step, 3)
        empty_context.accounts.create_first_supervisor(
            name_ar="مشرف تجريبي", name_en="Demo supervisor", rank="", badge="",
            username="supervisor", password="demo-supervisor")
        return "report"

    shell = make_shell(empty_context, database_path, switch, load_demo=fake_demo)
    try:
        shell.start()
        dialog = shell.first_run
        assert dialog is not None and dialog.demo_button.isEnabled()
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        task = dialog.task
        assert task is not None
        assert not dialog.setup_button.isEnabled()  # nothing else while the demo is written
        with qtbot.waitSignal(task.done, timeout=20000):
            pass
        assert threads and threads[0] is not threading.main_thread()
        assert dialog.pages.currentIndex() == dialog.DEMO_DONE
        assert dialog.demo_report == "report"
        assert dialog.demo_login_labels == [(u, p) for _r, u, p in DEMO_LOGINS]
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        window = sign_in(qtbot, shell, "supervisor", "demo-supervisor")
        assert window.session.role is Role.SUPERVISOR
    finally:
        close_all(shell)


def test_a_failed_demo_load_is_reported_and_the_choice_stays(
    qtbot, monkeypatch: pytest.MonkeyPatch, empty_context: AppContext, switch: LanguageSwitch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr("desktop.ui.first_run.show_error", lambda _parent, e: shown.append(e))

    def failing_demo(progress):
        raise ValidationError("the demo cannot go here")

    dialog = FirstRunDialog(empty_context.accounts, load_demo=failing_demo, language=switch)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.done, timeout=20000):
        pass
    assert [str(e) for e in shown] == ["the demo cannot go here"]
    assert dialog.pages.currentIndex() == dialog.CHOICE
    assert dialog.demo_button.isEnabled() and dialog.setup_button.isEnabled()
    assert dialog.isVisible()


def test_the_real_demo_loads_from_the_first_run_dialog_and_its_logins_work(
    qtbot, empty_context: AppContext, database_path: Path, switch: LanguageSwitch
) -> None:
    demo = pytest.importorskip("desktop.demo")

    def load(progress):
        return demo.populate_demo(empty_context, inspections=5, progress=progress)

    shell = make_shell(empty_context, database_path, switch, load_demo=load)
    try:
        shell.start()
        dialog = shell.first_run
        assert dialog is not None
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert dialog.task is not None
        with qtbot.waitSignal(dialog.task.done, timeout=120000):
            pass
        assert dialog.pages.currentIndex() == dialog.DEMO_DONE, dialog.choice_status.text()
        # The logins the dialog shows are the demo's own.
        assert dict(dialog.demo_login_labels) == dict(dialog.demo_report.logins)
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
        for role, username, password in DEMO_LOGINS:
            window = sign_in(qtbot, shell, username, password)
            assert window.session.role is role
            assert window.home is not None
            assert window.home.figures["checkpoints"].text() not in {"0", "٠"}
            window.logout_action.trigger()
    finally:
        close_all(shell)
