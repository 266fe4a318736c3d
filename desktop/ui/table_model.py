"""What every list model here shares: translated column headers from an IntEnum of columns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class ColumnsModel(QAbstractTableModel):
    """A flat table whose columns are ``COLUMNS`` and whose headers are ``HEADERS``.

    Headers are English source strings marked with N_ and translated when Qt asks, so a
    language switch needs no rebuilt model.
    """

    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[Mapping[Any, str]]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[self.COLUMNS(section)])
        return None


class LazyIdModel(ColumnsModel, Generic[R]):
    """A table over an ordered list of record ids, rows fetched in blocks when first shown.

    Subclasses say how rows are fetched (``_fetch``); filtering and sorting happen in SQL
    before the ids arrive, so the model never holds more than the ids and what was on screen.
    """

    BLOCK: ClassVar[int] = 100  # ids fetched per query when the view reaches an uncached row

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._cache: dict[str, R | None] = {}  # None: the record went since the ids came

    def ids(self) -> list[str]:
        return list(self._ids)

    def cached_ids(self) -> set[str]:
        return set(self._cache)

    def row_of(self, record_id: str) -> int | None:
        return self._row_of.get(record_id)

    def record_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def list_row(self, row: int) -> R | None:
        record_id = self.record_id(row)
        return None if record_id is None else self._row(row, record_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def _fetch(self, ids: list[str]) -> dict[str, R]:
        raise NotImplementedError

    def _set_ids(self, ids: list[str]) -> None:
        self._ids = ids
        self._row_of = {record_id: row for row, record_id in enumerate(ids)}

    def _row(self, row: int, record_id: str) -> R | None:
        if record_id not in self._cache:
            start = row - row % self.BLOCK
            block = [i for i in self._ids[start:start + self.BLOCK] if i not in self._cache]
            fetched = self._fetch(block)
            for i in block:
                self._cache[i] = fetched.get(i)
        return self._cache[record_id]

    def _invalidate(self, record_ids: Iterable[str]) -> None:
        for record_id in record_ids:
            if record_id in self._cache:
                del self._cache[record_id]
                self._row_changed(record_id)

    def _refresh_cached(self) -> None:
        """Re-read the rows on screen in one query; repaint only those that differ."""
        known = [i for i, row in self._cache.items() if row is not None]
        if not known:
            return
        fresh = self._fetch(known)
        for record_id in known:
            row = fresh.get(record_id)
            if row != self._cache.get(record_id):
                self._cache[record_id] = row
                self._row_changed(record_id)

    def _row_changed(self, record_id: str) -> None:
        row = self._row_of.get(record_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
