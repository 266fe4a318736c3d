"""The dialogs of the People and accounts page: a new account, a new password.

Each dialog does its own saving when OK is pressed; a refusal (a user name taken, a password too
short) is said in red under the form and everything typed stays, so the supervisor corrects it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.entities import Account, Person
from desktop.domain.enums import ROLE_LABELS, Role
from desktop.domain.errors import TaslimError
from desktop.domain.ids import uuid7
from desktop.i18n import _
from desktop.services.accounts import MIN_PASSWORD_LENGTH
from desktop.services.base import Outcome
from desktop.services.people_admin import AccountLine, PeopleAdminService
from desktop.ui.certificates.common import STYLE, hint, paragraph
from desktop.ui.look import error_label, plain_buttons
from desktop.ui.page_registry import PageContext

DIALOG_STYLE = STYLE + "QLabel#errorText { color: #b00020; font-weight: bold; }\n"


def _line(accessible: str, *, latin: bool = False, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    if latin:  # user names and English names are written left to right even in Arabic
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class Refused(TaslimError):
    """A check made in the dialog before the service is asked."""


def password_problem(first: str, second: str) -> str | None:
    if len(first) < MIN_PASSWORD_LENGTH:
        return _("A password needs at least {count} characters.").format(
            count=MIN_PASSWORD_LENGTH)
    if first != second:
        return _("The two passwords differ; type the same password twice.")
    return None


class _FormDialog(QDialog):
    """A form, a red sentence under it and OK / Cancel; OK runs ``save``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.setStyleSheet(DIALOG_STYLE)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(ok, QPushButton)
        self.ok_button = ok
        self.ok_button.setText(ok_text)
        bold = QFont(self.ok_button.font())
        bold.setBold(True)  # the look draws the default button bold: room for the bold text
        self.ok_button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(ok_text) + 48)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        plain_buttons(buttons)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(buttons)

    def say(self, text: str) -> None:
        self.error.setText(paragraph(text))
        self.error.setVisible(True)

    @Slot()
    def _confirm(self) -> None:
        try:
            self.save()
        except TaslimError as error:  # said under the form; what was typed stays
            self.say(str(error))
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class AddAccountDialog(_FormDialog):
    """A person and their account: names, rank, badge, user name, role and password."""

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Add an account"), _("Add the account"), parent)
        self._page_context = page_context
        self._person_id = uuid7()  # kept across attempts: a retry amends the same person
        self.outcome: Outcome[Account] | None = None
        self.name_ar = _line(_("Name in Arabic"))
        self.name_en = _line(_("Name in English"), latin=True)
        self.rank = _line(_("Rank"))
        self.badge = _line(_("Badge number"), latin=True)
        self.username = _line(_("User name"), latin=True)
        self.role = QComboBox()
        self.role.setAccessibleName(_("Role"))
        for role in (Role.OFFICER, Role.CLERK, Role.SUPERVISOR):
            self.role.addItem(_(ROLE_LABELS[role]), role)
        self.password = _line(_("Password"), latin=True, secret=True)
        self.repeat = _line(_("Password again"), latin=True, secret=True)
        self.form.addRow(_("Name in Arabic"), self.name_ar)
        self.form.addRow(_("Name in English"), self.name_en)
        self.form.addRow(_("Rank"), self.rank)
        self.form.addRow(_("Badge number"), self.badge)
        self.form.addRow(_("User name"), self.username)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow(_("Password"), self.password)
        self.form.addRow(_("Password again"), self.repeat)
        self.layout_.insertWidget(0, hint(_(
            "The user name is one word; the person signs in with it and this password, and "
            "can be given a new password here later.")))

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())

    def save(self) -> None:
        service = PeopleAdminService(self._page_context.context.store)
        username = self.username.text().strip()
        if not self.name_ar.text().strip() or not self.name_en.text().strip():
            raise Refused(_("Enter the name in Arabic and in English."))
        if not username:
            raise Refused(_("Enter the user name."))
        if service.username_taken(username):
            raise Refused(_("The user name “{name}” is taken; choose another.").format(
                name=username))
        problem = password_problem(self.password.text(), self.repeat.text())
        if problem:
            raise Refused(problem)
        context, session = self._page_context.context, self._page_context.session
        person = Person(self._person_id, self.name_ar.text().strip(),
                        self.name_en.text().strip(), self.rank.text().strip(),
                        self.badge.text().strip(), None)
        saved = context.places.save_person(session, person)
        self._page_context.notifier.announce(saved.changes)
        self.outcome = context.accounts.create_account(
            session, person_id=person.id, username=username, role=self.chosen_role(),
            password=self.password.text())
        self._page_context.notifier.announce(self.outcome.changes)


class ResetPasswordDialog(_FormDialog):
    """A new password for one account, typed twice."""

    def __init__(self, page_context: PageContext, line: AccountLine,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("New password for {name}").format(name=line.username),
                         _("Set the password"), parent)
        self._page_context = page_context
        self._line = line
        self.password = _line(_("New password"), latin=True, secret=True)
        self.repeat = _line(_("New password again"), latin=True, secret=True)
        self.form.addRow(_("New password"), self.password)
        self.form.addRow(_("New password again"), self.repeat)
        self.layout_.insertWidget(0, hint(_(
            "The old password stops working at once, and a lock after failed attempts is "
            "lifted. Tell the person the new password in person.")))

    def save(self) -> None:
        problem = password_problem(self.password.text(), self.repeat.text())
        if problem:
            raise Refused(problem)
        outcome = self._page_context.context.accounts.reset_password(
            self._page_context.session, self._line.account_id, self.password.text())
        self._page_context.notifier.announce(outcome.changes)
