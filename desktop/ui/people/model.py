"""The People and accounts page's tables: the accounts, and one account's history."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.enums import ROLE_LABELS
from desktop.i18n import N_, _
from desktop.services import people_admin
from desktop.services.people_admin import AccountLine, HistoryLine
from desktop.ui.certificates.common import GREEN, RED
from desktop.ui.record_lists.display import in_language, laptop_time_text, ltr
from desktop.ui.table_model import ColumnsModel, Index

CENTRED = int(Qt.AlignmentFlag.AlignCenter)

CHANGE_LABELS = {
    people_admin.CREATED: N_("Account created"),
    people_admin.DISABLED: N_("Disabled"),
    people_admin.ENABLED: N_("Enabled"),
    people_admin.PASSWORD: N_("Password reset"),
    people_admin.ROLE: N_("Role changed"),
    people_admin.CHANGED: N_("Changed"),
    people_admin.DELETED: N_("Deleted"),
    people_admin.MERGED: N_("Versions merged"),
    people_admin.CERTIFICATE_ISSUED: N_("Signing certificate issued"),
    people_admin.CERTIFICATE_RECEIVED: N_("Signing certificate loaded on the clerk's laptop"),
}


class AccountColumn(IntEnum):
    NAME_AR = 0
    NAME_EN = 1
    USERNAME = 2
    ROLE = 3
    ACTIVE = 4


ACCOUNT_HEADERS = {
    AccountColumn.NAME_AR: N_("Name in Arabic"),
    AccountColumn.NAME_EN: N_("Name in English"),
    AccountColumn.USERNAME: N_("User name"),
    AccountColumn.ROLE: N_("Role"),
    AccountColumn.ACTIVE: N_("Active"),
}


class AccountsModel(ColumnsModel):
    COLUMNS = AccountColumn
    HEADERS = ACCOUNT_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[AccountLine] = []

    def set_lines(self, lines: list[AccountLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> AccountLine | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def row_of(self, account_id: str) -> int | None:
        return next((row for row, line in enumerate(self.lines)
                     if line.account_id == account_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = AccountColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is AccountColumn.NAME_AR:
                return line.name_ar
            if column is AccountColumn.NAME_EN:
                return ltr(line.name_en)
            if column is AccountColumn.USERNAME:
                return ltr(line.username)
            if column is AccountColumn.ROLE:
                return _(ROLE_LABELS[line.role])
            return _("Yes") if line.active else _("No")
        if role == Qt.ItemDataRole.ToolTipRole and column in (
                AccountColumn.NAME_AR, AccountColumn.NAME_EN):
            return " · ".join(part for part in (line.rank, line.badge) if part) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is AccountColumn.ACTIVE:
            return CENTRED
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is AccountColumn.ACTIVE:
                return QColor(GREEN) if line.active else QColor(RED)
            if not line.active:
                return QColor("#7a8590")  # a disabled account is greyed out
        return None


class HistoryColumn(IntEnum):
    TIME = 0
    WHO = 1
    OPERATION = 2


HISTORY_HEADERS = {
    HistoryColumn.TIME: N_("Time"),
    HistoryColumn.WHO: N_("By"),
    HistoryColumn.OPERATION: N_("Operation"),
}


class HistoryModel(ColumnsModel):
    """The account record's revisions, newest first."""

    COLUMNS = HistoryColumn
    HEADERS = HISTORY_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[HistoryLine] = []

    def set_lines(self, lines: list[HistoryLine]) -> None:
        self.beginResetModel()
        self.lines = list(reversed(lines))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        column = HistoryColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is HistoryColumn.TIME:
                return laptop_time_text(line.written_at)
            if column is HistoryColumn.WHO:
                return in_language(line.author_ar, line.author_en) or "–"
            return _(CHANGE_LABELS.get(line.change, CHANGE_LABELS[people_admin.CHANGED]))
        if role == Qt.ItemDataRole.ToolTipRole and column is HistoryColumn.OPERATION:
            if line.key_id:  # a signing certificate: which key it certifies
                return _("Key {key}").format(key=ltr(line.key_id))
            return ltr(f"{line.op} · {line.rev_id[:12]}")
        return None
