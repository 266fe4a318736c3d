"""The supervisor's dashboard: the province in big numbers, a table by district, and a chart of
checkpoints handed over per month. Every number opens the list of checkpoints behind it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QFont, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import CHECKPOINT_STATUS_LABELS, CheckpointStatus, EntityKind
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, ngettext
from desktop.services.base import Changes
from desktop.services.dashboard import CheckpointLine, Dashboard, Figures
from desktop.services.province_summary import ProvinceSummaryService
from desktop.ui.certificates.common import Note, hint
from desktop.ui.changes import touches
from desktop.ui.dashboard.chart import MonthChart, month_name
from desktop.ui.dashboard.summary import SummaryDialog
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList, add_export_button
from desktop.ui.look import plain_buttons
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    ROW_HEIGHT,
    RecordTable,
    count_label,
    in_language,
    ltr,
    page_title,
)
from desktop.ui.sync.common import SYNC_STYLE, section_title

PAGE_STYLE = SYNC_STYLE + """
QFrame#figureCard { background: #f6f8fb; border: 1px solid #d5dde8; border-radius: 8px; }
QLabel#figureTitle { font-weight: bold; color: #2b3640; }
QPushButton#bigNumber { font-size: 24pt; font-weight: bold; color: #1d4f7a; border: none;
                        background: transparent; text-align: center; padding: 0 8px; }
QPushButton#bigNumber:hover, QPushButton#bigNumber:focus { color: #0f2f4d;
                        text-decoration: underline; }
"""
DEFAULT_STALE_DAYS = 7
WATCHED = (EntityKind.CHECKPOINT, EntityKind.HANDOVER, EntityKind.INSPECTION,
           EntityKind.CERTIFICATE, EntityKind.DISTRICT, EntityKind.CHECKLIST_RESPONSE)


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    title: str  # English source
    status: CheckpointStatus | None = None
    certified: bool = False
    flagged: bool = False
    stale: bool = False


MEASURES = (
    Measure("held", CHECKPOINT_STATUS_LABELS[CheckpointStatus.HELD_BY_HANDING_PARTY],
            status=CheckpointStatus.HELD_BY_HANDING_PARTY),
    Measure("in_progress", CHECKPOINT_STATUS_LABELS[CheckpointStatus.HANDOVER_IN_PROGRESS],
            status=CheckpointStatus.HANDOVER_IN_PROGRESS),
    Measure("handed_over", CHECKPOINT_STATUS_LABELS[CheckpointStatus.HANDED_OVER],
            status=CheckpointStatus.HANDED_OVER),
    Measure("certificates", N_("Certificates issued"), certified=True),
    Measure("flagged", N_("Handovers with a gap or exceptions"), flagged=True),
    Measure("stale", N_("Not inspected recently"), stale=True),
)


def value_of(figures: Figures, measure: Measure) -> int:
    if measure.status is not None:
        return figures.by_status[measure.status]
    if measure.certified:
        return figures.certificates
    return figures.flagged_handovers if measure.flagged else figures.stale


def stale_title(days: int) -> str:
    return ngettext("Not inspected for {days} day", "Not inspected for {days} days",
                    days).format(days=number(days))


class CheckpointListDialog(QDialog):
    """The checkpoints behind one number: code and name."""

    def __init__(self, title: str, lines: list[CheckpointLine],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lines = lines
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([_("Code"), _("Checkpoint")])
        for line in lines:
            code = QStandardItem(ltr(line.code))
            name = QStandardItem(in_language(line.name_ar, line.name_en))
            self.model.appendRow([code, name])
        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        heading.setWordWrap(True)
        self.count = count_label()
        self.count.setText(ngettext("{count} line", "{count} lines", len(lines))
                           .format(count=number(len(lines))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        plain_buttons(buttons)
        buttons.rejected.connect(self.reject)
        # Export… (desktop.ui.list_export): this list as an Excel workbook or a CSV file.
        self.export_button = add_export_button(buttons, title, self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setStyleSheet(SYNC_STYLE)
        self.resize(560, 480)

    def codes(self) -> list[str]:
        return [line.code for line in self.lines]


class FigureCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.title = QLabel(title)
        self.title.setObjectName("figureTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.button = QPushButton("–")
        self.button.setObjectName("bigNumber")
        self.button.setAutoDefault(False)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(10, 8, 10, 8)
        self.layout_.setSpacing(2)
        self.layout_.addWidget(self.title, 1)
        self.layout_.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)


class FigureTable(RecordTable):
    """Cells open their list on a click or Enter (not only on a double-click)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doubleClicked.disconnect(self.opened)
        self.clicked.connect(self.opened)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)


class DashboardPage(QWidget):
    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.dashboard: Dashboard | None = None
        self.dialog: CheckpointListDialog | None = None
        self.summary_dialog: SummaryDialog | None = None

        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.summary_button = QPushButton(_("Province summary (PDF)…"))
        self.summary_button.setAutoDefault(False)
        self.summary_button.clicked.connect(self.open_summary)
        header = QHBoxLayout()
        header.addWidget(page_title(_("Dashboard")), 1)
        header.addWidget(self.summary_button, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.explanation = hint(_(
            "Where the handover of the province stands. Click any number to see its "
            "checkpoints."))
        self.note = Note()

        self.cards: dict[str, FigureCard] = {}
        cards = QGridLayout()
        cards.setSpacing(10)
        for column, measure in enumerate(MEASURES):
            card = FigureCard(_(measure.title))
            card.button.clicked.connect(
                lambda _checked=False, m=measure: self.open_list(m, None))
            self.cards[measure.key] = card
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(DEFAULT_STALE_DAYS)
        self.days.setAccessibleName(_("Days without an inspection"))
        self.days.setMinimumHeight(34)
        self.days.valueChanged.connect(self.refresh)
        self.cards["stale"].layout_.insertWidget(1, self.days, 0, Qt.AlignmentFlag.AlignHCenter)

        self.model = QStandardItemModel(0, len(MEASURES) + 1, self)
        self.table = FigureTable()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.opened.connect(self._cell_opened)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

        self.chart = MonthChart()
        self.chart.month_opened.connect(self.open_month)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        inside = QVBoxLayout(body)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.setSpacing(10)
        inside.addLayout(cards)
        inside.addWidget(section_title(_("By district")))
        inside.addWidget(self.table)
        inside.addWidget(section_title(_("Checkpoints handed over per month")))
        inside.addWidget(self.chart)
        inside.addStretch()
        self.scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)
        self.setStyleSheet(PAGE_STYLE)
        page_context.notifier.changed.connect(self._changed)
        self.refresh()

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves: the table by district (desktop.ui.list_export)."""
        return ExportableList(_("Dashboard by district"), self.table, self._page_context.context)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # files may have been imported on another page

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        if self.isVisible() and touches(changes, *WATCHED):
            self.refresh()

    @property
    def stale_days(self) -> int:
        return self.days.value()

    @Slot()
    def refresh(self) -> None:
        try:
            dashboard = self._page_context.context.dashboard.figures(self.stale_days)
        except TaslimError as error:  # e.g. the database is busy: say so on the page
            self.note.say(str(error), "error")
            return
        self.note.clear()
        self.dashboard = dashboard
        for measure in MEASURES:
            self.cards[measure.key].button.setText(number(value_of(dashboard.province, measure)))
        self.cards["stale"].title.setText(stale_title(dashboard.stale_days))
        self._fill_table(dashboard)
        self.chart.set_months(dashboard.handed_over_by_month)

    def _fill_table(self, dashboard: Dashboard) -> None:
        self.model.removeRows(0, self.model.rowCount())
        titles = [_("District")] + [
            stale_title(dashboard.stale_days) if m.stale else _(m.title) for m in MEASURES]
        self.model.setHorizontalHeaderLabels(titles)
        rows = [(d.district_id, in_language(d.name_ar, d.name_en) or "–", d.figures)
                for d in dashboard.districts]
        rows.append((None, _("Province total"), dashboard.province))
        bold = QFont(self.font())
        bold.setBold(True)
        for district_id, name, figures in rows:
            cells = [QStandardItem(name)]
            for measure in MEASURES:
                cell = QStandardItem(number(value_of(figures, measure)))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setToolTip(_("Click to see these checkpoints"))
                cells.append(cell)
            for cell in cells:
                cell.setData(district_id, Qt.ItemDataRole.UserRole)
                cell.setEditable(False)
                if district_id is None:
                    cell.setFont(bold)
            self.model.appendRow(cells)
        header = self.table.horizontalHeader()
        header.setMinimumHeight(2 * self.fontMetrics().height() + 12)
        self.table.setFixedHeight(header.minimumHeight() + len(rows) * ROW_HEIGHT
                                  + 2 * self.table.frameWidth() + 2)

    def district_row(self, district_id: str | None) -> int:
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(Qt.ItemDataRole.UserRole) == district_id:
                return row
        raise KeyError(district_id)

    @staticmethod
    def column_of(key: str) -> int:
        return 1 + [m.key for m in MEASURES].index(key)

    @Slot(QModelIndex)
    def _cell_opened(self, index: QModelIndex) -> None:
        if not index.isValid() or index.column() == 0:
            return
        measure = MEASURES[index.column() - 1]
        self.open_list(measure, index.data(Qt.ItemDataRole.UserRole))

    def open_list(self, measure: Measure, district_id: str | None) -> None:
        service = self._page_context.context.dashboard
        try:
            lines = service.checkpoints(
                district_id, measure.status, self.stale_days if measure.stale else None,
                certified=measure.certified, flagged=measure.flagged)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return
        where = _("Province total")
        if district_id is not None and self.dashboard is not None:
            district = next((d for d in self.dashboard.districts
                             if d.district_id == district_id), None)
            if district is not None:
                where = in_language(district.name_ar, district.name_en) or "–"
        what = stale_title(self.stale_days) if measure.stale else _(measure.title)
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = CheckpointListDialog(
            _("{what} — {where}").format(what=what, where=where), lines, self)
        self.dialog.open()

    # --- the chart's bars and the province summary (issue 6) ------------------------------------

    @Slot(str)
    def open_month(self, month: str) -> None:
        """The checkpoints behind one bar of the chart: handed over in that month."""
        try:
            lines = self._page_context.context.dashboard.checkpoints(month=month)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = CheckpointListDialog(
            _("Handed over in {month}").format(month=month_name(month)), lines, self)
        self.dialog.open()

    @Slot()
    def open_summary(self) -> None:
        context = self._page_context.context
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        self.summary_dialog = SummaryDialog(
            ProvinceSummaryService(context.store, context.device.short_code),
            self._page_context.session, self.stale_days, self)
        self.summary_dialog.open()
