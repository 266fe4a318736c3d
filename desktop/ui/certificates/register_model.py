"""The certificate register as a table: ordered ids from SQL, rows fetched in blocks.

Like the checkpoints table, the model holds the filtered ids and only the rows the view has
asked for. A saved certificate (issued, reprinted, voided, superseded) asks SQL for the ids
again and re-reads only the cached rows it names.
"""

from __future__ import annotations

import csv
import io
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from desktop.domain.enums import CERTIFICATE_STATE_LABELS, CertificateState, EntityKind
from desktop.i18n import N_, _, ngettext
from desktop.services.base import Changes
from desktop.services.certificate_queries import CertificateQueries
from desktop.storage.certificate_lists import CertificateListRow
from desktop.ui.certificates.common import checkpoint_text, plain
from desktop.ui.language import number
from desktop.ui.record_lists.display import ERROR_RED, in_language, local_time_text, ltr
from desktop.ui.table_model import Index, LazyIdModel

ID_ROLE = Qt.ItemDataRole.UserRole
GREY_TEXT = QColor("#6b7580")
STATE_COLOURS = {
    CertificateState.ISSUED: QColor("#1b7a3d"),
    CertificateState.VOID: QColor("#b00020"),
    CertificateState.SUPERSEDED: QColor("#8a939c"),
}
WATCHED = (EntityKind.CERTIFICATE, EntityKind.CHECKPOINT, EntityKind.PERSON)



class Column(IntEnum):
    SERIAL = 0
    CHECKPOINT = 1
    STATE = 2
    REPRINTS = 3
    ISSUED = 4
    CLERK = 5
    REASON = 6


HEADERS = {
    Column.SERIAL: N_("Serial"),
    Column.CHECKPOINT: N_("Checkpoint"),
    Column.STATE: N_("State"),
    Column.REPRINTS: N_("Copies"),
    Column.ISSUED: N_("Issued on"),
    Column.CLERK: N_("Clerk"),
    Column.REASON: N_("Reason for voiding"),
}

_chips: dict[str, QIcon] = {}


def state_chip(state: str) -> QIcon:
    chip = _chips.get(state)
    if chip is None:
        colour = STATE_COLOURS.get(CertificateState(state), GREY_TEXT) \
            if state in CertificateState._value2member_map_ else GREY_TEXT
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(colour.darker(130))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(2, 2, 12, 12)
        painter.end()
        chip = QIcon(pixmap)
        _chips[state] = chip
    return chip


def state_label(state: str) -> str:
    label = CERTIFICATE_STATE_LABELS.get(state)  # type: ignore[call-overload]
    return _(label) if label else state


class RegisterModel(LazyIdModel[CertificateListRow]):
    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, queries: CertificateQueries, parent: Any = None) -> None:
        super().__init__(parent)
        self._queries = queries
        self._text = ""
        self._state: str | None = None
        self.row_queries = 0
        self._set_ids(self._queries.ids())

    # -- what it shows --------------------------------------------------------------------------

    def set_filter(self, text: str, state: str | None) -> None:
        if (text, state) == (self._text, self._state):
            return
        ids = self._queries.ids(text, state)  # first: a failure leaves the list as it was
        self._text, self._state = text, state
        self.beginResetModel()
        self._set_ids(ids)
        self._cache = {}
        self.endResetModel()

    def certificate_id(self, row: int) -> str | None:
        return self.record_id(row)

    def count_text(self) -> str:
        count = len(self._ids)
        return ngettext("{count} certificate", "{count} certificates", count).format(
            count=number(count))

    # -- Qt model interface ---------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        certificate_id = self._ids[index.row()]
        if role == ID_ROLE:
            return certificate_id
        row = self._row(index.row(), certificate_id)
        if row is None:
            return None
        column = Column(index.column())
        live = row.state == CertificateState.ISSUED.value
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return state_chip(row.state) if column is Column.STATE else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state == CertificateState.VOID.value and column in (Column.SERIAL,
                                                                       Column.STATE):
                return ERROR_RED
            return None if live else GREY_TEXT
        if role == Qt.ItemDataRole.FontRole:
            if column is Column.SERIAL and not live:
                font = QFont()
                font.setStrikeOut(True)  # a void or superseded serial must not be relied on
                return font
            if column is Column.STATE and not live:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.REPRINTS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text_of(self, row: CertificateListRow, column: Column) -> str:
        if column is Column.SERIAL:
            return ltr(row.serial)
        if column is Column.CHECKPOINT:
            return checkpoint_text(row.checkpoint_code, row.checkpoint_ar, row.checkpoint_en)
        if column is Column.STATE:
            return state_label(row.state)
        if column is Column.REPRINTS:
            return number(row.reprints)
        if column is Column.ISSUED:
            return local_time_text(row.issued_at, row.utc_offset_minutes)
        if column is Column.CLERK:
            return in_language(row.clerk_ar, row.clerk_en)
        return row.void_reason or ""

    def _tooltip(self, row: CertificateListRow, column: Column) -> str | None:
        if column is Column.STATE and row.state == CertificateState.VOID.value:
            return _("Void: {reason}").format(reason=row.void_reason or "")
        if column is Column.STATE and row.state == CertificateState.SUPERSEDED.value:
            return _("Superseded by a later certificate of the same handover, issued after an "
                     "amendment.")
        if column is Column.REPRINTS:
            return _("Each reprint says COPY and is counted here.")
        if column is Column.CHECKPOINT:
            return plain(self._text_of(row, column))
        if column is Column.REASON and row.void_reason:
            return row.void_reason
        return None

    # -- export ---------------------------------------------------------------------------------

    def table_rows(self) -> list[list[str]]:
        """Every row of the filtered list as the table shows it (without direction marks)."""
        rows = []
        for row_number, certificate_id in enumerate(self._ids):
            row = self._row(row_number, certificate_id)
            if row is None:
                continue
            rows.append([plain(self._text_of(row, column)) for column in Column])
        return rows

    def csv_bytes(self) -> bytes:
        """The list as CSV in UTF-8 with a byte-order mark, so Excel reads the Arabic."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([_(HEADERS[column]) for column in Column])
        writer.writerows(self.table_rows())
        return buffer.getvalue().encode("utf-8-sig")

    # -- changes made elsewhere -----------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        kinds = changes.entities
        if not any(kind in kinds for kind in WATCHED):
            return
        if EntityKind.CERTIFICATE in kinds:
            self._invalidate(changes.records)
            ids = self._queries.ids(self._text, self._state)
            if ids != self._ids:
                self.beginResetModel()
                self._set_ids(ids)
                self._cache = {i: r for i, r in self._cache.items() if i in self._row_of}
                self.endResetModel()
        if kinds & {EntityKind.CHECKPOINT, EntityKind.PERSON}:
            self._refresh_cached()

    # -- loading --------------------------------------------------------------------------------

    def _fetch(self, ids: list[str]) -> dict[str, CertificateListRow]:
        self.row_queries += 1
        return self._queries.rows(ids)
