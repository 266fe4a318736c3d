"""run_gui, the self-test, and Qt's own texts in the chosen language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from desktop.app import AppContext
from desktop.domain.enums import Role
from desktop.i18n import current_language
from desktop.paths import UserDirs
from desktop.settings import Settings
from desktop.ui import application
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.language import apply_language, number
from desktop.ui.login import LoginDialog
from desktop.ui.selftest import build_windows_offscreen
from tests.gui.conftest import Login


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def fake_exec(monkeypatch: pytest.MonkeyPatch):
    """Replaces the event loop: records what is on screen when run_gui would start it."""
    seen: dict[str, object] = {}

    def exec_(*_args: object) -> int:
        windows = visible_windows()
        seen["windows"] = windows
        seen["language"] = current_language()
        seen["direction"] = QApplication.layoutDirection()
        seen["quit_on_last"] = QApplication.quitOnLastWindowClosed()
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    return seen


def test_run_gui_opens_sign_in_in_arabic_by_default(
    qtbot, fake_exec: dict, dirs: UserDirs, database_path: Path,
    empty_context: AppContext, logins: dict[Role, Login]
) -> None:
    empty_context.close()  # run_gui opens its own
    assert application.run_gui(dirs, database_path, create=False, language=None) == 0
    assert fake_exec["language"] == "ar"
    assert fake_exec["direction"] == Qt.LayoutDirection.RightToLeft
    assert fake_exec["quit_on_last"] is False  # the shell decides when Taslim ends
    assert [type(w) for w in fake_exec["windows"]] == [LoginDialog]
    assert fake_exec["windows"][0].sign_in_button.text() == "تسجيل الدخول"


def test_run_gui_honours_the_saved_setting_and_the_command_line(
    qtbot, fake_exec: dict, dirs: UserDirs, database_path: Path
) -> None:
    Settings(language="en").save(dirs.config)
    assert application.run_gui(dirs, database_path, create=True, language=None) == 0
    assert fake_exec["language"] == "en"
    assert fake_exec["direction"] == Qt.LayoutDirection.LeftToRight
    assert [type(w) for w in fake_exec["windows"]] == [FirstRunDialog]  # a new database

    assert application.run_gui(dirs, database_path, create=False, language="ar") == 0
    assert fake_exec["language"] == "ar"
    assert Settings.load(dirs.config).language == "en"  # --lang is for this run only


def test_run_gui_shows_a_database_problem_and_returns_its_exit_code(
    qtbot, monkeypatch: pytest.MonkeyPatch, fake_exec: dict, dirs: UserDirs, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(application, "show_user_error", lambda _p, e: shown.append(str(e)))
    missing = tmp_path / "nowhere" / "missing.db"
    assert application.run_gui(dirs, missing, create=False, language="en") == 4
    assert len(shown) == 1 and str(missing) in shown[0]
    assert "windows" not in fake_exec  # no event loop, no window


def test_self_test_builds_every_window_and_loads_every_icon(
    qtbot, context: AppContext, arabic: None
) -> None:
    lines = list(build_windows_offscreen(context))
    assert any(line.startswith("qt: ") for line in lines)
    assert "qt translations ar: installed" in lines
    assert "window: sign-in dialog" in lines
    for role, pages in ((Role.OFFICER, 5), (Role.CLERK, 5), (Role.SUPERVISOR, 6)):
        assert f"window: main window for {role.value} ({pages} pages)" in lines
    icons = sorted(Path(__file__).resolve().parents[2].joinpath("resources", "icons")
                   .glob("*.svg"))
    assert len(icons) >= 15
    assert f"qt icons: {len(icons)} loaded" in lines
    assert visible_windows() == []  # everything it opened is closed again


def test_qt_own_buttons_follow_the_language(qtbot) -> None:
    apply_language("ar")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    arabic = {b.text() for b in box.buttons()}
    assert "OK" not in arabic and "&OK" not in arabic
    assert all(any("\u0600" <= c <= "\u06ff" for c in text) for text in arabic)
    assert number(1234) == "١٬٢٣٤"

    apply_language("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.buttons()[0].text() in {"OK", "&OK"}
    assert number(1234) == "1,234"
