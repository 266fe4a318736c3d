"""GUI test set-up: a real database in tmp_path with one account per role, and Qt state reset.

The root conftest already gives every test its own TASLIM_HOME and English messages; here the
Qt side (Qt's own catalogue, the layout direction) is put back after each test too, so a test that
switched to Arabic leaves nothing behind for the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import AppContext, open_context
from desktop.domain.entities import Person
from desktop.domain.enums import Role
from desktop.domain.ids import uuid7
from desktop.paths import UserDirs, user_dirs
from desktop.services.base import Session
from desktop.ui.language import LanguageSwitch, apply_language, install_qt_translator
from desktop.ui.look import apply_look
from desktop.ui.shell import Shell

PASSWORDS = {
    Role.SUPERVISOR: "supervisor-password",
    Role.OFFICER: "officer-password",
    Role.CLERK: "clerk-password",
}
NAMES = {
    Role.SUPERVISOR: ("العقيد سالم الدليمي", "Col. Salim Al-Dulaimi"),
    Role.OFFICER: ("النقيب أحمد الفهداوي", "Capt. Ahmed Al-Fahdawi"),
    Role.CLERK: ("علي الكبيسي", "Ali Al-Kubaisi"),
}


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    name_ar: str
    name_en: str


@pytest.fixture(autouse=True)
def qt_state(qapp: QApplication) -> Iterator[None]:
    apply_look(qapp)
    yield
    install_qt_translator("en")
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def dirs(taslim_home: Path) -> UserDirs:
    return user_dirs().ensure()


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def empty_context(dirs: UserDirs, database_path: Path) -> Iterator[AppContext]:
    context = open_context(dirs, database_path, create=True)
    yield context
    context.close()


@pytest.fixture
def logins(empty_context: AppContext) -> dict[Role, Login]:
    """A supervisor made the way a new installation makes one, then an officer and a clerk."""
    name_ar, name_en = NAMES[Role.SUPERVISOR]
    supervisor = empty_context.accounts.create_first_supervisor(
        name_ar=name_ar, name_en=name_en, rank="عقيد", badge="1001",
        username="supervisor", password=PASSWORDS[Role.SUPERVISOR],
    ).value
    made = {Role.SUPERVISOR: Login("supervisor", PASSWORDS[Role.SUPERVISOR], name_ar, name_en)}
    for role in (Role.OFFICER, Role.CLERK):
        name_ar, name_en = NAMES[role]
        person = Person(id=uuid7(), name_ar=name_ar, name_en=name_en, rank="نقيب",
                        badge=f"2{len(made)}", unit_id=None)
        empty_context.places.save_person(supervisor, person)
        empty_context.accounts.create_account(supervisor, person_id=person.id,
                                              username=role.value, role=role,
                                              password=PASSWORDS[role])
        made[role] = Login(role.value, PASSWORDS[role], name_ar, name_en)
    return made


@pytest.fixture
def context(empty_context: AppContext, logins: dict[Role, Login]) -> AppContext:
    return empty_context


@pytest.fixture
def sessions(context: AppContext, logins: dict[Role, Login]) -> dict[Role, Session]:
    return {role: context.auth.login(login.username, login.password)
            for role, login in logins.items()}


@pytest.fixture
def arabic(dirs: UserDirs) -> None:
    """What a fresh installation starts in (Settings' default), as run_gui applies it."""
    from desktop.settings import Settings

    apply_language(Settings.load(dirs.config).language)


@pytest.fixture
def switch(empty_context: AppContext, dirs: UserDirs) -> LanguageSwitch:
    return LanguageSwitch(empty_context.settings, dirs.config)


def make_shell(context: AppContext, database_path: Path, switch: LanguageSwitch,
               load_demo: object = None) -> Shell:
    return Shell(context, database_path=database_path, language=switch,
                 load_demo=load_demo)  # type: ignore[arg-type]


@pytest.fixture
def shell(context: AppContext, database_path: Path, switch: LanguageSwitch,
          arabic: None) -> Iterator[Shell]:
    made = make_shell(context, database_path, switch)
    yield made
    close_all(made)


def close_all(shell: Shell) -> None:
    for widget in (shell.window, shell.login, shell.first_run):
        if widget is not None:
            widget.close()
    shell.window = shell.login = shell.first_run = None
