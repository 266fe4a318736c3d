"""The supervisor's People and accounts page on a real database: list, add, disable, passwords."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from desktop.domain.enums import Role
from desktop.domain.errors import AuthenticationFailed
from desktop.ui.changes import ChangeNotifier
from desktop.ui.page_registry import PageContext, build_page
from desktop.ui.pages import NAVIGATION
from desktop.ui.people.dialogs import AddAccountDialog, ResetPasswordDialog
from desktop.ui.people.model import AccountColumn, HistoryColumn
from desktop.ui.people.page import PeoplePage
from tests.gui.test_checkpoints import RecordingForms
from tests.support import PASSWORD, World, make_context


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    context = make_context(tmp_path)
    yield World(context)
    context.close()


def page_context(world: World) -> PageContext:
    return PageContext(world.context, world.supervisor, ChangeNotifier(), RecordingForms())


def open_page(qtbot, world: World) -> PeoplePage:
    page = PeoplePage(page_context(world))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def cell(page: PeoplePage, username: str, column: int) -> str:
    row = next(r for r, line in enumerate(page.model.lines) if line.username == username)
    return str(page.model.data(page.model.index(row, column)) or "")


def with_dialog(page: PeoplePage, maker: str, fill: Callable[[QDialog], None]) -> list[QDialog]:
    """Make the page's next dialog of ``maker`` be filled by ``fill`` once it is open."""
    made: list[QDialog] = []
    original = getattr(page, maker)

    def make(*args: object) -> QDialog:
        dialog = original(*args)
        made.append(dialog)
        QTimer.singleShot(0, lambda: fill(dialog))
        return dialog

    setattr(page, maker, make)
    return made


def test_the_page_stands_behind_the_supervisors_people_entry(qtbot, world: World) -> None:
    entry = next(e for e in NAVIGATION[Role.SUPERVISOR] if e.key == "people")
    page = build_page(entry, page_context(world))
    qtbot.addWidget(page)
    assert isinstance(page, PeoplePage)


def test_the_table_lists_the_three_accounts(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    assert sorted(line.username for line in page.model.lines) == ["clerk", "officer",
                                                                 "supervisor"]
    assert cell(page, "officer", AccountColumn.ROLE) == "Field officer"
    assert cell(page, "clerk", AccountColumn.ROLE) == "Certificate clerk"
    assert cell(page, "supervisor", AccountColumn.NAME_AR) == "المشرف"
    assert cell(page, "supervisor", AccountColumn.NAME_EN) == "Supervisor"
    assert cell(page, "officer", AccountColumn.ACTIVE) == "Yes"
    assert page.count.text() == "3 accounts"


def fill_new_account(dialog: QDialog) -> None:
    assert isinstance(dialog, AddAccountDialog)
    dialog.name_ar.setText("الملازم حسن العيساوي")
    dialog.name_en.setText("Lt. Hassan Al-Issawi")
    dialog.rank.setText("Lieutenant")
    dialog.badge.setText("4411")
    dialog.username.setText("hassan")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.OFFICER))
    dialog.password.setText("new-password-1")
    dialog.repeat.setText("new-password-1")
    dialog.ok_button.click()


def test_adding_an_account_through_the_dialog(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    made = with_dialog(page, "make_add_dialog", fill_new_account)
    page.add_button.click()
    assert made and made[0].result() == QDialog.DialogCode.Accepted
    assert page.model.rowCount() == 4
    assert cell(page, "hassan", AccountColumn.NAME_EN) == "Lt. Hassan Al-Issawi"
    assert cell(page, "hassan", AccountColumn.ROLE) == "Field officer"
    assert page.current_account() is not None
    assert page.current_account().username == "hassan"
    session = world.context.auth.login("hassan", "new-password-1")
    assert session.role is Role.OFFICER and session.name_ar == "الملازم حسن العيساوي"


def test_a_refused_account_keeps_what_was_typed(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    dialog = AddAccountDialog(page_context(world), page)
    qtbot.addWidget(dialog)
    dialog.name_ar.setText("اسم")
    dialog.name_en.setText("Name")
    dialog.username.setText("officer")  # taken
    dialog.password.setText("new-password-1")
    dialog.repeat.setText("new-password-1")
    dialog.ok_button.click()
    assert dialog.error.isVisibleTo(dialog)
    assert "taken" in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.name_en.text() == "Name" and dialog.password.text() == "new-password-1"
    dialog.username.setText("newcomer")
    dialog.repeat.setText("different-password")
    dialog.ok_button.click()
    assert "differ" in dialog.error.text()
    dialog.repeat.setText("new-password-1")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert world.context.auth.login("newcomer", "new-password-1").username == "newcomer"


def test_disabling_the_officer(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    page.select_account("officer")
    assert page.active_button.text() == "Disable"
    page.active_button.click()
    assert cell(page, "officer", AccountColumn.ACTIVE) == "No"
    assert page.current_account().username == "officer"
    assert page.active_button.text() == "Enable"
    with pytest.raises(AuthenticationFailed):
        world.context.auth.login("officer", PASSWORD)
    # The history pane: created, then disabled, by the supervisor.
    model = page.history_model
    assert model.rowCount() >= 2
    operations = [str(model.data(model.index(r, HistoryColumn.OPERATION)))
                  for r in range(model.rowCount())]
    assert operations[0] == "Disabled" and operations[-1] == "Account created"
    assert str(model.data(model.index(0, HistoryColumn.WHO))) == "Supervisor"
    page.active_button.click()
    assert cell(page, "officer", AccountColumn.ACTIVE) == "Yes"
    assert world.context.auth.login("officer", PASSWORD).username == "officer"


def test_the_supervisor_cannot_disable_their_own_account(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    page.select_account("supervisor")
    page.active_button.click()
    assert page.note.isVisibleTo(page)
    assert "own account" in page.note.text.text()
    assert cell(page, "supervisor", AccountColumn.ACTIVE) == "Yes"


def test_resetting_the_clerks_password(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    page.select_account("clerk")

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResetPasswordDialog)
        dialog.password.setText("short")
        dialog.repeat.setText("short")
        dialog.ok_button.click()  # refused: too short; the dialog stays open
        assert dialog.error.isVisibleTo(dialog) and dialog.isVisible()
        dialog.password.setText("battery-staple")
        dialog.repeat.setText("battery-staple")
        dialog.ok_button.click()

    made = with_dialog(page, "make_password_dialog", fill)
    page.password_button.click()
    assert made and made[0].result() == QDialog.DialogCode.Accepted
    assert world.context.auth.login("clerk", "battery-staple").username == "clerk"
    with pytest.raises(AuthenticationFailed):
        world.context.auth.login("clerk", PASSWORD)
    operations = [str(page.history_model.data(page.history_model.index(0, c)))
                  for c in HistoryColumn]
    assert operations[HistoryColumn.OPERATION] == "Password reset"


def test_the_page_follows_changes_made_elsewhere(qtbot, world: World) -> None:
    page = open_page(qtbot, world)
    world.add_account("another", Role.CLERK)
    page.refresh()
    assert page.model.rowCount() == 4
