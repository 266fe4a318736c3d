"""The checkpoints table: ordered ids from SQL, rows fetched in blocks when the view asks.

The model never holds every row. Filtering and sorting are SQL (``CheckpointQueries.ids``);
``data()`` for a row not yet cached loads the block of ids around it in one query. A change
announced by the notifier drops or re-reads only the cached rows it can affect, and asks SQL
for the ids again only when the change can move rows in or out of the filter or change their
order (Anki's browser model, DESIGN.md §6).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)

from desktop.domain.clock import utc_now
from desktop.domain.enums import (
    CHECKPOINT_KIND_LABELS,
    CHECKPOINT_STATUS_LABELS,
    HANDOVER_STATE_LABELS,
    EntityKind,
)
from desktop.i18n import N_, _, ngettext
from desktop.services.base import Changes
from desktop.services.checkpoints import CheckpointQueries
from desktop.storage.checkpoint_list import CheckpointFilter, CheckpointListRow, SortKey
from desktop.ui.language import number
from desktop.ui.record_lists.display import (
    ERROR_RED,
    in_language,
    is_older_than,
    local_date_text,
    ltr,
    status_chip,
)
from desktop.ui.table_model import Index, LazyIdModel

ID_ROLE = Qt.ItemDataRole.UserRole



class Column(IntEnum):
    """In the order shown: what an officer scans for first comes first."""

    CODE = 0
    NAME = 1
    STATUS = 2
    LAST_INSPECTION = 3
    DISTRICT = 4
    KIND = 5
    HOLDER = 6


HEADERS = {
    Column.CODE: N_("Code"),
    Column.NAME: N_("Name"),
    Column.DISTRICT: N_("District"),
    Column.KIND: N_("Kind"),
    Column.HOLDER: N_("Held by"),
    Column.STATUS: N_("Status"),
    Column.LAST_INSPECTION: N_("Last inspection"),
}
SORT_KEYS = {
    Column.CODE: SortKey.CODE,
    Column.NAME: SortKey.NAME,
    Column.DISTRICT: SortKey.DISTRICT,
    Column.KIND: SortKey.KIND,
    Column.HOLDER: SortKey.HOLDER,
    Column.STATUS: SortKey.STATUS,
    Column.LAST_INSPECTION: SortKey.LAST_INSPECTION,
}
# What each way of sorting reads, so a change to anything else cannot reorder the rows.
SORT_DEPENDS = {
    SortKey.DISTRICT: EntityKind.DISTRICT,
    SortKey.HOLDER: EntityKind.UNIT,
    SortKey.LAST_INSPECTION: EntityKind.INSPECTION,
}
WATCHED = (
    EntityKind.CHECKPOINT,
    EntityKind.INSPECTION,
    EntityKind.HANDOVER,
    EntityKind.UNIT,
    EntityKind.DISTRICT,
)


class CheckpointTableModel(LazyIdModel[CheckpointListRow]):
    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(
        self,
        queries: CheckpointQueries,
        *,
        language: str,
        stale_days: int,
        now: Callable[[], datetime] = utc_now,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._queries = queries
        self._language = language
        self._stale_days = stale_days
        self._now = now
        self._filter = CheckpointFilter()
        self._sort = SortKey.CODE
        self._descending = False
        # Counters that say what the model did; tests and the bench read them.
        self.row_queries = 0
        self.id_queries = 0
        self.resets = 0
        self._set_ids(self._query_ids())

    # -- what the model shows -------------------------------------------------------------------

    @property
    def filter(self) -> CheckpointFilter:
        return self._filter

    @property
    def sort_key(self) -> SortKey:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    def checkpoint_id(self, row: int) -> str | None:
        return self.record_id(row)

    def count_text(self) -> str:
        count = len(self._ids)
        return ngettext("{count} checkpoint", "{count} checkpoints", count).format(
            count=number(count))

    # -- Qt model interface ---------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        checkpoint_id = self._ids[index.row()]
        if role == ID_ROLE:
            return checkpoint_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            return None
        row = self._row(index.row(), checkpoint_id)
        if row is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return status_chip(row.status) if column is Column.STATUS else None
        if column is Column.LAST_INSPECTION and self._stale(row):
            return ERROR_RED
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order in SQL; rows stay cached and the selection follows its checkpoint."""
        key = SORT_KEYS[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return
        ids = self._ids_for(self._filter, key, descending)
        self._sort, self._descending = key, descending
        self._reorder(ids)

    # -- filtering ------------------------------------------------------------------------------

    def set_filter(self, criteria: CheckpointFilter) -> None:
        """Ask SQL for the matching ids and start again with an empty row cache."""
        if criteria == self._filter:
            return
        ids = self._ids_for(criteria, self._sort, self._descending)
        self._filter = criteria  # only once SQL answered: a failure leaves the list as it was
        self._reset(ids)

    def reload(self) -> None:
        self._reset(self._query_ids())

    def _reset(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._set_ids(ids)
        self._cache = {}
        self.endResetModel()
        self.resets += 1

    # -- changes made elsewhere -----------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """Refresh only what a saved unit of work can have changed here."""
        kinds = changes.entities
        if not any(kind in kinds for kind in WATCHED):
            return
        if EntityKind.CHECKPOINT in kinds:
            self._invalidate(changes.records)
        if kinds & {EntityKind.INSPECTION, EntityKind.HANDOVER, EntityKind.UNIT,
                    EntityKind.DISTRICT}:
            # The rows do not say which checkpoint an inspection or a unit belongs to; reading
            # the cached rows again (one query) finds the few that really changed.
            self._refresh_cached()
        if self._order_may_change(kinds):
            self._restructure(self._query_ids())

    def _order_may_change(self, kinds: frozenset[EntityKind]) -> bool:
        if EntityKind.CHECKPOINT in kinds:
            return True  # added, removed, renamed, moved or its status changed
        if self._filter.text.strip() and kinds & {EntityKind.DISTRICT, EntityKind.UNIT}:
            return True  # the text filter also searches district and unit names
        depends = SORT_DEPENDS.get(self._sort)
        return depends is not None and depends in kinds

    def _restructure(self, ids: list[str]) -> None:
        if ids == self._ids:
            return
        if set(ids) == set(self._ids):
            self._reorder(ids)
            return
        # Rows came or went: a reset, keeping the cached rows that are still valid.
        self.beginResetModel()
        self._set_ids(ids)
        self._cache = {i: row for i, row in self._cache.items() if i in self._row_of}
        self.endResetModel()
        self.resets += 1

    def _reorder(self, ids: list[str]) -> None:
        """Same rows, new order: a layout change, so selections and the current row follow."""
        # Emitted without arguments: PySide6 crashes converting an empty parents list.
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._ids[index.row()] for index in old]
        self._set_ids(ids)
        new = [self.index(self._row_of[i], index.column()) if i in self._row_of else QModelIndex()
               for i, index in zip(old_ids, old, strict=True)]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- loading --------------------------------------------------------------------------------

    def _query_ids(self) -> list[str]:
        return self._ids_for(self._filter, self._sort, self._descending)

    def _ids_for(self, criteria: CheckpointFilter, sort: SortKey, descending: bool) -> list[str]:
        self.id_queries += 1
        return self._queries.ids(criteria, sort, descending, self._language)

    def _fetch(self, ids: list[str]) -> dict[str, CheckpointListRow]:
        self.row_queries += 1
        return self._queries.rows(ids)

    # -- cell texts -----------------------------------------------------------------------------

    def _stale(self, row: CheckpointListRow) -> bool:
        return row.last_inspected_at is None or is_older_than(
            row.last_inspected_at, self._stale_days, self._now())

    def _text(self, row: CheckpointListRow, column: Column) -> str:
        if column is Column.CODE:
            return ltr(row.code)
        if column is Column.NAME:
            return in_language(row.name_ar, row.name_en)
        if column is Column.DISTRICT:
            return in_language(row.district_ar, row.district_en)
        if column is Column.KIND:
            return _(CHECKPOINT_KIND_LABELS.get(row.kind, row.kind))
        if column is Column.HOLDER:
            return in_language(row.holder_ar, row.holder_en) or _("Nobody recorded")
        if column is Column.STATUS:
            return _(CHECKPOINT_STATUS_LABELS.get(row.status, row.status))
        if row.last_inspected_at is None:
            return _("Never")
        return local_date_text(row.last_inspected_at)

    def _tooltip(self, row: CheckpointListRow, column: Column) -> str | None:
        if column is Column.NAME:
            return f"{row.name_ar}\n{row.name_en}"
        if column is Column.STATUS and row.handover_state:
            state = HANDOVER_STATE_LABELS.get(row.handover_state)
            return _("Latest handover: {state}").format(state=_(state or row.handover_state))
        if column is Column.LAST_INSPECTION and self._stale(row):
            days = self._stale_days
            text = ngettext("Not inspected for more than {count} day",
                            "Not inspected for more than {count} days", days)
            return text.format(count=number(days))
        return None
