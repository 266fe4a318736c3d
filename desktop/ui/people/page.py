"""The supervisor's People and accounts page: who may sign in, with which role, and since when.

Above, one row per account: the person's names in Arabic and English, the user name, the role
and whether the account is active. Buttons add an account (a person and their account), disable
or enable the chosen one, and give it a new password. Below, the chosen account's history: every
change is a signed revision of the account record, so the history is those revisions (when, by
whom, what changed). The page reads again when shown and after any change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _, ngettext
from desktop.services.base import Changes
from desktop.services.people_admin import AccountLine, PeopleAdminService
from desktop.ui.certificates.common import STYLE, Note, hint, primary_button
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.page_registry import PageContext
from desktop.ui.people.dialogs import AddAccountDialog, ResetPasswordDialog
from desktop.ui.people.model import AccountColumn, AccountsModel, HistoryColumn, HistoryModel
from desktop.ui.record_lists.display import (
    LIST_STYLE,
    ROW_HEIGHT,
    RecordTable,
    count_label,
    ltr,
    page_title,
)
from desktop.ui.sync.common import SYNC_STYLE, section_title

HISTORY_ROWS = 5
PAGE_STYLE = LIST_STYLE + SYNC_STYLE + STYLE


class PeoplePage(QWidget):
    """``refreshed`` after each reading of the accounts."""

    refreshed = Signal()

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.service = PeopleAdminService(page_context.context.store)
        self.model = AccountsModel(self)
        self.history_model = HistoryModel(self)
        self._refreshing = False

        self.count = count_label()
        header = QHBoxLayout()
        header.addWidget(page_title(_("People and accounts")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        self.explanation = hint(_(
            "Everyone who may sign in on this computer, with their role. A disabled account "
            "cannot sign in; its records stay. Every change to an account is signed and kept "
            "in its history below."))
        self.note = Note()

        self.add_button = primary_button(_("Add an account…"))
        self.add_button.clicked.connect(self.add_account)
        self.active_button = QPushButton(_("Disable"))
        self.active_button.setAutoDefault(False)
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button = QPushButton(_("Reset password…"))
        self.password_button.setAutoDefault(False)
        self.password_button.clicked.connect(self.reset_password)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addStretch()
        actions.addWidget(self.active_button)
        actions.addWidget(self.password_button)

        self.table = RecordTable()
        self.table.setModel(self.model)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(AccountColumn.NAME_AR, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(AccountColumn.NAME_EN, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.history_title = section_title(_("History"))
        self.history_table = RecordTable()
        self.history_table.setModel(self.history_model)
        history_columns = self.history_table.horizontalHeader()
        history_columns.setStretchLastSection(False)
        history_columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_columns.setSectionResizeMode(HistoryColumn.OPERATION,
                                             QHeaderView.ResizeMode.Stretch)
        self.history_table.setFixedHeight(
            self.history_table.horizontalHeader().sizeHint().height()
            + HISTORY_ROWS * ROW_HEIGHT + 2 * self.history_table.frameWidth())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history_table)
        self.setStyleSheet(PAGE_STYLE)

        page_context.notifier.changed.connect(self._changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot(object)
    def _changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        try:
            lines = self.service.accounts()
        except TaslimError as error:  # e.g. the database is busy: said on the page
            self.note.say(str(error), "error")
            return
        chosen = self.current_account()
        target = chosen.account_id if chosen is not None else None
        self._refreshing = True
        try:
            self.model.set_lines(lines)
            row = self.model.row_of(target) if target is not None else None
            self.select_row(row if row is not None else 0)
        finally:
            self._refreshing = False
        self.count.setText(ngettext("{count} account", "{count} accounts", len(lines))
                           .format(count=number(len(lines))))
        self._show_current()
        self.refreshed.emit()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("People and accounts"), self.table, self._page_context.context)

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def select_account(self, username: str) -> None:
        row = next((r for r, line in enumerate(self.model.lines)
                    if line.username == username), None)
        if row is not None:
            self.select_row(row)

    def current_account(self) -> AccountLine | None:
        index = self.table.currentIndex()
        return self.model.line(index.row()) if index.isValid() else None

    @Slot()
    def _row_chosen(self, *_args: object) -> None:
        if not self._refreshing:
            self._show_current()

    def _show_current(self) -> None:
        line = self.current_account()
        self.active_button.setEnabled(line is not None)
        self.password_button.setEnabled(line is not None)
        if line is None:
            self.history_title.setText(_("History"))
            self.history_model.set_lines([])
            return
        self.active_button.setText(_("Disable") if line.active else _("Enable"))
        self.history_title.setText(_("History of the account {name}").format(
            name=ltr(line.username)))
        try:
            self.history_model.set_lines(self.service.history(line.account_id))
        except TaslimError as error:
            self.note.say(str(error), "error")

    # -- actions --------------------------------------------------------------------------------

    def make_add_dialog(self) -> AddAccountDialog:
        return AddAccountDialog(self._page_context, self)

    @Slot()
    def add_account(self) -> None:
        dialog = self.make_add_dialog()
        if dialog.exec() and dialog.outcome is not None:
            account = dialog.outcome.value
            self.refresh()
            self.select_account(account.username)
            self.note.say(_("The account {name} was added.").format(
                name=ltr(account.username)), "good")

    @Slot()
    def toggle_active(self) -> None:
        line = self.current_account()
        if line is None:
            return
        try:
            outcome = self._page_context.context.accounts.set_active(
                self._page_context.session, line.account_id, not line.active)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return
        self._page_context.notifier.announce(outcome.changes)
        self.refresh()
        self.note.say((_("The account {name} is disabled: it can no longer sign in.")
                       if line.active else _("The account {name} is enabled again."))
                      .format(name=ltr(line.username)), "good")

    def make_password_dialog(self, line: AccountLine) -> ResetPasswordDialog:
        return ResetPasswordDialog(self._page_context, line, self)

    @Slot()
    def reset_password(self) -> None:
        line = self.current_account()
        if line is None:
            return
        if self.make_password_dialog(line).exec():
            self.refresh()
            self.note.say(_("The account {name} has a new password.").format(
                name=ltr(line.username)), "good")
