"""The frame around the screens: the Help menu's logs folder, and an unexpected error in the
middle of typing (shown once, and nothing typed is lost)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.app import AppContext
from desktop.domain.entities import Checkpoint, District
from desktop.domain.enums import CheckpointKind, CheckpointStatus, Role
from desktop.domain.ids import uuid7
from desktop.paths import UserDirs
from desktop.services.base import Session
from desktop.ui.errors import (
    ExceptionHook,
    UnexpectedErrorDialog,
    logs_folder_message,
    logs_folder_url,
)
from desktop.ui.inspection import open_form
from desktop.ui.inspection.form import InspectionForm
from desktop.ui.language import LanguageSwitch
from desktop.ui.main_window import MainWindow
from tests.gui.draft_driver import Hands, page_context_for, widget_values


class UrlCatcher(QObject):
    """Stands in for the file manager through Qt's own hook for a URL scheme
    (QDesktopServices.setUrlHandler), so that no file manager starts during the tests."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show_url(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def file_manager(qapp: QApplication) -> Iterator[UrlCatcher]:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "show_url")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def main_window(qtbot, context: AppContext, session: Session, switch: LanguageSwitch,
                database_path: Path) -> MainWindow:
    window = MainWindow(session=session, overview=context.overview,
                        device_code=context.device.short_code, database_path=database_path,
                        language=switch)
    qtbot.addWidget(window)
    window.show()
    return window


def help_menu_texts(window: MainWindow) -> list[str]:
    help_menu = window.menuBar().actions()[-1].menu()
    return [action.text() for action in help_menu.actions() if not action.isSeparator()]


def test_help_opens_the_logs_folder_of_this_installation(
        qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
        database_path: Path, dirs: UserDirs, taslim_home: Path,
        file_manager: UrlCatcher) -> None:
    window = main_window(qtbot, context, sessions[Role.OFFICER], switch, database_path)
    assert help_menu_texts(window) == ["Open the &logs folder", "&About Taslim", "About &Qt"]
    logs = taslim_home / "logs"  # TASLIM_HOME's logs folder, where desktop.logsetup writes
    assert dirs.logs == logs
    assert logs_folder_url() == QUrl.fromLocalFile(str(logs))
    assert window.logs_action.statusTip() == str(logs)  # shown in the status bar on hover

    window.logs_action.trigger()
    assert file_manager.opened == [QUrl.fromLocalFile(str(logs))]
    assert logs.is_dir()


def test_the_logs_folder_action_reads_arabic(
        qtbot, context: AppContext, sessions: dict[Role, Session], switch: LanguageSwitch,
        database_path: Path, arabic: None) -> None:
    window = main_window(qtbot, context, sessions[Role.SUPERVISOR], switch, database_path)
    assert help_menu_texts(window) == ["فتح مجلد ال&سجلات", "&حول تسليم", "حول &Qt"]


def test_without_a_file_manager_the_path_is_given_on_its_own_line(
        qtbot, taslim_home: Path, arabic: None) -> None:
    folder = taslim_home / "logs"
    box = logs_folder_message(folder)
    qtbot.addWidget(box)
    box.show()
    assert box.text() == "تعذّر فتح مدير الملفات. السجلات محفوظة في هذا المجلد:"
    assert box.informativeText() == str(folder)  # no direction marks: a copy is the real path
    path = next(label for label in box.findChildren(QLabel) if label.text() == str(folder))
    assert path.alignment() & Qt.AlignmentFlag.AlignRight  # under the Arabic sentence
    assert path.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


# -- an unexpected error while a form is being filled in --------------------------------------


@pytest.fixture
def hook(qapp: QApplication) -> Iterator[ExceptionHook]:
    made = ExceptionHook()
    made.install()
    yield made
    made.uninstall()
    if made.dialog is not None:
        made.dialog.close()


@pytest.fixture
def form(qtbot, context: AppContext, sessions: dict[Role, Session]) -> Iterator[InspectionForm]:
    supervisor = sessions[Role.SUPERVISOR]
    district = District(uuid7(), "HIT", "هيت", "Hit")
    context.places.save_district(supervisor, district)
    checkpoint = Checkpoint(uuid7(), "HIT-BR-02", "سيطرة جسر هيت", "Hit bridge checkpoint",
                            district.id, CheckpointKind.BRIDGE, 33.64, 42.83, None,
                            CheckpointStatus.HELD_BY_HANDING_PARTY)
    context.places.save_checkpoint(supervisor, checkpoint)
    parent = QWidget()
    parent.show()
    opened = open_form(page_context_for(context, sessions[Role.OFFICER]), parent,
                       checkpoint_id=checkpoint.id)
    assert isinstance(opened, InspectionForm)
    yield opened
    # Closed and deleted here, while the database is open: a window left for a later test's
    # event loop would close into a closed database (and crashed the next test that did).
    opened.autosaver.stop()
    opened._closed = True  # as in test_inspection_form: a form left open asks nothing at the end
    opened.close()
    parent.close()
    parent.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_an_unexpected_error_while_typing_shows_once_and_loses_nothing(
        qtbot, context: AppContext, sessions: dict[Role, Session], hook: ExceptionHook,
        form: InspectionForm) -> None:
    hands = Hands(form)
    hands.number("vehicles_assigned", 4)
    hands.write("observations", "البوابة الشمالية مغلقة.")
    typed = widget_values(form)

    # Something nobody expected fails in a slot (Qt hands it to sys.excepthook), twice.
    for error in (RuntimeError("a bug"), KeyError("another")):
        caught = raised(error)
        sys.excepthook(type(caught), caught, caught.__traceback__)
    qtbot.waitUntil(lambda: hook.dialog is not None)
    dialog = hook.dialog
    assert isinstance(dialog, UnexpectedErrorDialog)
    QApplication.processEvents()
    assert hook.dialog is dialog
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, UnexpectedErrorDialog) and w.isVisible()]
    assert shown == [dialog]  # once, not once per error
    assert "RuntimeError: a bug" in dialog.detail_text

    # The form is still there with everything typed, and its autosave still works.
    assert form.isVisible() and widget_values(form) == typed
    dialog.reject()
    qtbot.waitUntil(lambda: hook.dialog is None)
    assert widget_values(form) == typed
    hands.write("observations", " والجنوبية مفتوحة.")
    key = form.autosaver.key
    officer = sessions[Role.OFFICER]

    def autosaved() -> bool:
        draft = context.drafts.load(officer, key)
        return draft is not None and draft.content["answers"].get("observations") == (
            "البوابة الشمالية مغلقة. والجنوبية مفتوحة.")

    qtbot.waitUntil(autosaved, timeout=20_000)
    assert context.drafts.load(officer, key).content["answers"]["vehicles_assigned"] == 4
