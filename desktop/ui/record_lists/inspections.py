"""The officer's inspections: autosaved drafts first, then every saved inspection, newest first.

Saved inspections can be hundreds of thousands: the model asks SQL for one page of 200 at a
time (keyset paging) as the view scrolls to the end (``canFetchMore``/``fetchMore``).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import INSPECTION_STATE_LABELS, EntityKind, InspectionState
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, ngettext
from desktop.services.base import Changes
from desktop.services.checkpoints import RecordLists
from desktop.storage.record_lists import InspectionListRow
from desktop.ui.changes import touches
from desktop.ui.errors import show_error
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.look import icon
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    LIST_STYLE,
    RecordTable,
    TypingFilter,
    choice_box,
    count_label,
    in_language,
    laptop_time_text,
    local_time_text,
    ltr,
    page_title,
    search_box,
)
from desktop.ui.table_model import ColumnsModel, Index

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole
DRAFT_KIND = "inspection"


class Column(IntEnum):
    CHECKPOINT = 0
    WHEN = 1
    INSPECTOR = 2
    STATE = 3
    READINESS = 4


HEADERS = {
    Column.CHECKPOINT: N_("Checkpoint"),
    Column.WHEN: N_("Inspected at"),
    Column.INSPECTOR: N_("Inspector"),
    Column.STATE: N_("State"),
    Column.READINESS: N_("Readiness"),
}


class InspectionPageModel(ColumnsModel):
    """Saved inspections, newest first, loaded a page at a time as the view scrolls."""

    COLUMNS = Column
    HEADERS = HEADERS

    def __init__(self, lists: RecordLists, parent: Any = None) -> None:
        super().__init__(parent)
        self._lists = lists
        self._criteria: dict[str, Any] = {"text": "", "state": None, "inspector_id": None}
        self._rows: list[InspectionListRow] = []
        self._exhausted = True
        self.total = 0
        self.page_queries = 0  # how many pages SQL was asked for; tests read it
        self.reload()

    def set_criteria(self, *, text: str = "", state: str | None = None,
                     inspector_id: str | None = None) -> None:
        criteria = {"text": text, "state": state, "inspector_id": inspector_id}
        if criteria != self._criteria:
            self._criteria = criteria
            self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Start from the newest again; ``keep_loaded`` loads as many rows as were shown."""
        limit = max(PAGE_SIZE, len(self._rows)) if keep_loaded else PAGE_SIZE
        # Ask SQL first: a failure (a busy database) leaves the list as it was.
        total = self._lists.inspection_count(**self._criteria)
        rows = self._page(None, limit)
        self.beginResetModel()
        self.total = total
        self._rows = rows
        self._exhausted = len(rows) < limit
        self.endResetModel()

    def record_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def _page(self, after: InspectionListRow | None, limit: int) -> list[InspectionListRow]:
        """The rows after ``after`` (keyset: its time and id), newest first."""
        self.page_queries += 1
        return self._lists.inspection_page(
            after=(after.inspected_at, after.id) if after is not None else None,
            limit=limit, **self._criteria)

    # -- Qt model interface ---------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._page(self._rows[-1] if self._rows else None, PAGE_SIZE)
        self._exhausted = len(page) < PAGE_SIZE
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = Column(index.column())
        if column is Column.CHECKPOINT:
            name = in_language(row.checkpoint_ar, row.checkpoint_en)
            return f"{ltr(row.checkpoint_code)} — {name}"
        if column is Column.WHEN:
            return local_time_text(row.inspected_at, row.utc_offset_minutes)
        if column is Column.INSPECTOR:
            return in_language(row.inspector_ar, row.inspector_en)
        if column is Column.STATE:
            label = INSPECTION_STATE_LABELS.get(row.state)
            return _(label) if label else row.state
        if row.readiness is None:
            return "–"
        return _("{value} of 5").format(value=number(row.readiness))


class DraftList(QListWidget):
    """Autosaved drafts: a click or Enter continues one."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.itemClicked.emit(item)
            return
        super().keyPressEvent(event)


class InspectionListPage(QWidget):
    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        context = page_context.context
        self.model = InspectionPageModel(context.lists, self)

        self.new_button = QPushButton(icon("inspection"), _("New inspection"))
        self.new_button.clicked.connect(self.new_inspection)
        header = QHBoxLayout()
        header.addWidget(page_title(_("Inspections")), 1)
        header.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.drafts_title = QLabel(_("Drafts kept on this laptop"))
        self.drafts_title.setObjectName("sectionTitle")
        self.drafts = DraftList()
        self.drafts.setObjectName("drafts")
        self.drafts.itemClicked.connect(self._draft_chosen)

        self.search = search_box(_("Search by checkpoint code or name"))
        self.state = choice_box(_("All states"), [
            (state.value, _(INSPECTION_STATE_LABELS[state])) for state in InspectionState])
        self.state.setToolTip(_("State"))
        self.state.currentIndexChanged.connect(self.apply_filter)
        self.mine = QCheckBox(_("Only mine"))
        self.mine.setMinimumHeight(40)
        self.mine.toggled.connect(self.apply_filter)
        self.count = count_label()
        self._typing = TypingFilter(self, self.apply_filter)
        self.search.textChanged.connect(self._typing.typed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state, 1)
        filters.addWidget(self.mine)
        filters.addWidget(self.count)

        self.saved_title = QLabel(_("Saved inspections"))
        self.saved_title.setObjectName("sectionTitle")
        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.set_widths([300, 232, 200, 100])
        self.table.opened.connect(self._row_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.drafts_title)
        layout.addWidget(self.drafts)
        layout.addWidget(self.saved_title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setStyleSheet(LIST_STYLE)

        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_inspection)
        page_context.notifier.changed.connect(self._changed)
        self.refresh_drafts()
        self._update_count()

    # -- drafts ---------------------------------------------------------------------------------

    @Slot()
    def refresh_drafts(self) -> None:
        context = self._page_context.context
        try:
            drafts = context.drafts.list(self._page_context.session, DRAFT_KIND)
        except TaslimError:
            drafts = []  # the saved list below still works; drafts show on the next refresh
        self.drafts.clear()
        for draft in drafts:
            title = draft.title or _("Inspection without a title")
            item = QListWidgetItem(icon("inspection"), _("{title} — autosaved {time}").format(
                title=title, time=laptop_time_text(draft.updated_at)))
            item.setData(ID_ROLE, draft.key)
            item.setToolTip(_("Continue this draft"))
            self.drafts.addItem(item)
        shown = bool(drafts)
        self.drafts_title.setVisible(shown)
        self.drafts.setVisible(shown)
        # Tall enough for every draft up to four, then it scrolls.
        self.drafts.setFixedHeight(min(len(drafts), 4) * 44 + 8)

    def draft_keys(self) -> list[str]:
        return [self.drafts.item(row).data(ID_ROLE) for row in range(self.drafts.count())]

    @Slot(QListWidgetItem)
    def _draft_chosen(self, item: QListWidgetItem) -> None:
        self._page_context.forms.open_inspection(self, draft_key=item.data(ID_ROLE))
        self.refresh_drafts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_drafts()  # a form may have autosaved or discarded one meanwhile

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Back from a form window: its autosaved draft may be new, or gone after saving.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and self.isVisible():
            self.refresh_drafts()

    # -- saved inspections ----------------------------------------------------------------------

    @Slot()
    def apply_filter(self) -> None:
        self._typing.cancel()
        state = self.state.currentData()
        inspector = self._page_context.session.person_id if self.mine.isChecked() else None
        try:
            self.model.set_criteria(text=self.search.text(), state=state, inspector_id=inspector)
        except TaslimError as error:
            show_error(self, error)
        self._update_count()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Inspections"), self.table, self._page_context.context)

    def _update_count(self) -> None:
        total = self.model.total
        self.count.setText(ngettext("{count} inspection", "{count} inspections", total).format(
            count=number(total)))

    @Slot()
    def new_inspection(self) -> None:
        self._page_context.forms.open_inspection(self)
        self.refresh_drafts()

    @Slot(QModelIndex)
    def _row_opened(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row())
        if record_id is not None:
            self._page_context.forms.open_inspection(self, inspection_id=record_id)

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if touches(changes, EntityKind.INSPECTION, EntityKind.CHECKPOINT, EntityKind.PERSON):
            try:
                self.model.reload(keep_loaded=True)
            except TaslimError as error:
                show_error(self, error)
            self._update_count()
        self.refresh_drafts()  # saving a form discards its draft
