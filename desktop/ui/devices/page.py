"""The supervisor's Devices page: every laptop known at headquarters, and what it has sent.

Above, one row per laptop: its code and name, whether it is enrolled with the Command CA, how
many of its records are held (without a gap), when a file of it was last imported, when a
receipt was last written for it, and its alarms: a tamper alarm (a file showing a history
different from the one held) in red, a clock far ahead in amber. Below, the chosen laptop's
alarms with their sentences and its imported files; at the bottom, refused files that name no
laptop at all (not a bundle, damaged). The page reads again when shown and after any import.
"Enrol a laptop or clerk…" signs a request file (desktop.ui.devices.enrol); the chosen laptop's
enrolments (issued by whom, loaded when) are read from the certificate records' revisions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError
from desktop.i18n import _, ngettext
from desktop.services.base import Changes
from desktop.services.devices import CLOCK, TAMPER, DeviceAlarm, DeviceImport, DeviceStatus
from desktop.services.enrolment_history import EnrolmentEvent, EnrolmentHistory
from desktop.ui.certificates.common import Note, hint, paragraph
from desktop.ui.devices.enrol import EnrolDialog
from desktop.ui.devices.history import EnrolmentLines
from desktop.ui.devices.model import (
    NONE,
    DeviceColumn,
    DevicesModel,
    ImportColumn,
    ImportsModel,
    RefusalColumn,
    RefusalsModel,
    alarm_tone,
    device_code,
    device_name,
    held_text,
    sentence,
)
from desktop.ui.language import number
from desktop.ui.list_export import ExportableList
from desktop.ui.look import repolish
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import (
    ROW_HEIGHT,
    RecordTable,
    count_label,
    laptop_time_text,
    ltr,
    page_title,
)
from desktop.ui.sync.common import SYNC_STYLE, KeepColours, section_title

MAX_DEVICE_ROWS = 6
MAX_IMPORT_ROWS = 4
MAX_REFUSAL_ROWS = 3
PAGE_STYLE = SYNC_STYLE + """
QFrame#alarm { border-radius: 6px; background: #fdf0f2; border: 1px solid #b00020; }
QFrame#alarm[kind="tamper"] { background: #fde0e4; border: 3px solid #8c0016; }
QFrame#alarm[kind="clock"] { background: #fff4df; border: 1px solid #9a5b00; }
QLabel#alarmWhen { color: #4a5866; }
QLabel#alarmText { color: #b00020; font-weight: bold; }
QLabel#alarmText[kind="tamper"] { color: #8c0016; font-size: 14pt; }
QLabel#alarmText[kind="clock"] { color: #9a5b00; }
QLabel#quietText { color: #1b7a3d; }
"""


def _fit(table: RecordTable, rows: int, most: int) -> None:
    shown = min(max(rows, 1), most)
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + shown * ROW_HEIGHT + 2 * table.frameWidth())


def alarm_title(alarm: DeviceAlarm) -> str:
    kind = {TAMPER: _("Tamper alarm"), CLOCK: _("Clock far ahead")}.get(
        alarm.kind, _("File refused"))
    return paragraph(_("{kind} · {time} · {file}").format(
        kind=kind, time=laptop_time_text(alarm.at) if alarm.at else "–",
        file=ltr(alarm.file_name or "–")))


class AlarmBox(QFrame):
    """One alarm: what it is, when and which file; then its sentence in full."""

    def __init__(self, alarm: DeviceAlarm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alarm = alarm
        self.setObjectName("alarm")
        self.setProperty("kind", alarm.kind)
        self.when = QLabel(alarm_title(alarm))
        self.when.setObjectName("alarmWhen")
        self.text = QLabel(sentence(alarm.message))
        self.text.setObjectName("alarmText")
        self.text.setProperty("kind", alarm.kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        for label in (self.when, self.text):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)


class DeviceDetails(QFrame):
    """The chosen laptop: its figures in sentences, its alarms, its imported files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.facts = QLabel()
        self.facts.setObjectName("hintText")
        self.enrolments = EnrolmentLines()  # issued by whom, loaded when (issue 6, item 5)
        self.alarms_title = section_title(_("Alarms"))
        self.quiet = QLabel(_("No alarm: every file of this laptop was taken."))
        self.quiet.setObjectName("quietText")
        self.alarm_boxes: list[AlarmBox] = []
        self._alarms = QVBoxLayout()
        self._alarms.setSpacing(6)
        self.imports_title = section_title(_("Files imported"))
        self.imports_model = ImportsModel(self)
        self.imports_table = RecordTable()
        self.imports_table.setModel(self.imports_model)
        header = self.imports_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ImportColumn.FILE, QHeaderView.ResizeMode.Stretch)
        self.imports_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.no_imports = hint(_("Nothing of this laptop has been imported here."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        for label in (self.title, self.facts, self.quiet):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.enrolments)
        layout.addWidget(self.alarms_title)
        layout.addWidget(self.quiet)
        layout.addLayout(self._alarms)
        layout.addWidget(self.imports_title)
        layout.addWidget(self.no_imports)
        layout.addWidget(self.imports_table)

    def show_device(self, status: DeviceStatus | None, imports: list[DeviceImport]) -> None:
        if status is None:
            self.setVisible(False)
            return
        name = device_name(status)
        title = (_("Laptop {code} — {name}").format(code=device_code(status), name=name)
                 if name != NONE else _("Laptop {code}").format(code=device_code(status)))
        self.title.setText(paragraph(title))
        self.facts.setText(paragraph(" · ".join(facts(status))))
        for box in self.alarm_boxes:
            self._alarms.removeWidget(box)
            box.hide()  # at once: deleteLater waits for the event loop
            box.deleteLater()
        self.alarm_boxes = [AlarmBox(alarm) for alarm in status.alarms]
        for box in self.alarm_boxes:
            self._alarms.addWidget(box)
            box.show()  # on a page already shown, a new child would wait for the event loop
        self.quiet.setVisible(not status.alarms)
        self.imports_model.set_imports(imports)
        self.no_imports.setVisible(not imports)
        self.imports_table.setVisible(bool(imports))
        _fit(self.imports_table, len(imports), MAX_IMPORT_ROWS)
        self.setProperty("tone", {"alarm": "alarm", "warn": "warn"}.get(alarm_tone(status),
                                                                        "info"))
        repolish(self)
        self.setVisible(True)

    def alarm_texts(self) -> list[str]:
        return [box.text.text() for box in self.alarm_boxes]


def facts(status: DeviceStatus) -> list[str]:
    found = [_("Enrolled with the Command CA") if status.enrolled
             else _("Not enrolled with the Command CA")]
    found.append(_("Records held: {held}").format(held=held_text(status)))
    found.append(ngettext("{count} file imported", "{count} files imported", status.imports)
                 .format(count=number(status.imports)))
    receipt = status.last_receipt
    if receipt is not None:
        found.append(_("Last receipt {time}, up to No. {seq}").format(
            time=laptop_time_text(receipt.at), seq=number(receipt.held_seq)))
    else:
        found.append(_("No receipt written yet"))
    return found


class DevicesPage(QWidget):
    """``refreshed`` after each reading of the devices."""

    refreshed = Signal()

    def __init__(self, page_context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self.model = DevicesModel(self)
        self.refusals_model = RefusalsModel(self)
        self._refreshing = False

        self.count = count_label()
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(page_title(_("Devices")), 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        # -- enrolment (issue 6, item 5): sign a laptop's or a clerk's request file
        self.enrol_dialog: EnrolDialog | None = None
        self.enrol_button = QPushButton(_("Enrol a laptop or clerk…"))
        self.enrol_button.setAutoDefault(False)
        self.enrol_button.clicked.connect(self.open_enrol_dialog)
        header.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.explanation = hint(_(
            "Every laptop known at headquarters: whether it is enrolled, how many of its "
            "records are held here, when it was last imported and given a receipt, and its "
            "alarms. A tamper alarm (red) means a file showed a history different from the one "
            "held: keep the USB stick and report it."))
        self.note = Note()
        self.empty = hint(_("No laptop is known here yet: import a laptop's bundle first."))

        self.table = RecordTable()
        self.table.setItemDelegate(KeepColours(self.table))
        self.table.setModel(self.model)
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The alarms are never cut short; a long name gives way instead.
        columns.setSectionResizeMode(DeviceColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.details = DeviceDetails()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()  # the frame is as tall as what it says; the room below stays plain
        holding = QVBoxLayout(holder)
        holding.setContentsMargins(0, 0, 0, 0)
        holding.addWidget(self.details)
        holding.addStretch()
        self.scroll.setWidget(holder)

        self.refusals_title = section_title(_("Files refused that name no laptop"))
        self.no_refusals = hint(_("None: every refused file named its laptop."))
        self.refusals_table = RecordTable()
        self.refusals_table.setModel(self.refusals_model)
        self.refusals_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header_view = self.refusals_table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(RefusalColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.explanation)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.refusals_title)
        layout.addWidget(self.no_refusals)
        layout.addWidget(self.refusals_table)
        self.setStyleSheet(PAGE_STYLE)

        page_context.notifier.changed.connect(self._changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # files may have been imported on another page or the command line

    @Slot(object)
    def _changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        service = self._page_context.context.devices
        try:
            statuses = service.devices()
            refusals = service.unidentified_refusals()
        except (TaslimError, OSError) as error:  # the database is busy, the journal unreadable
            self.note.say(str(error), "error")
            return
        self.note.clear()
        chosen = self.current_device()
        target = chosen.device_id if chosen is not None else None
        self._refreshing = True
        try:
            self.model.set_statuses(statuses)
            row = self.model.row_of(target) if target is not None else None
            self.select_row(row if row is not None else self._first_to_look_at())
        finally:
            self._refreshing = False
        laptops = len([s for s in statuses if not s.this_computer])
        self.count.setText(ngettext("{count} laptop", "{count} laptops", laptops)
                           .format(count=number(laptops)))
        self.empty.setVisible(not laptops)
        _fit(self.table, len(statuses), MAX_DEVICE_ROWS)
        self.refusals_model.set_refusals(refusals)
        self.no_refusals.setVisible(not refusals)
        self.refusals_table.setVisible(bool(refusals))
        _fit(self.refusals_table, len(refusals), MAX_REFUSAL_ROWS)
        self._show_current()
        self.refreshed.emit()

    def _first_to_look_at(self) -> int:
        """The laptop that needs the supervisor most: a tamper alarm, else the first."""
        for row, status in enumerate(self.model.statuses):
            if status.tamper_alarms:
                return row
        return 0

    def exportable_list(self) -> ExportableList:
        """What File ▸ Export this list saves (desktop.ui.list_export)."""
        return ExportableList(_("Devices"), self.table, self._page_context.context)

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def current_device(self) -> DeviceStatus | None:
        index = self.table.currentIndex()
        return self.model.status(index.row()) if index.isValid() else None

    @Slot()
    def _row_chosen(self, *_args: object) -> None:
        if not self._refreshing:
            self._show_current()

    def _show_current(self) -> None:
        status = self.current_device()
        imports: list[DeviceImport] = []
        if status is not None and status.known:
            try:
                imports = self._page_context.context.devices.imports(status.device_id)
            except TaslimError as error:
                self.note.say(str(error), "error")
        self.details.show_device(status, imports)
        self.details.enrolments.show_events(self._enrolments(status))
        self.scroll.setVisible(status is not None)

    # -- enrolment (issue 6, item 5) --------------------------------------------------------------

    def _enrolments(self, status: DeviceStatus | None) -> list[EnrolmentEvent]:
        if status is None:
            return []
        try:
            return EnrolmentHistory(self._page_context.context.store).of_device(status.device_id)
        except TaslimError as error:
            self.note.say(str(error), "error")
            return []

    def make_enrol_dialog(self) -> EnrolDialog:
        return EnrolDialog(self._page_context, self)

    @Slot()
    def open_enrol_dialog(self) -> None:
        dialog = self.make_enrol_dialog()
        self.enrol_dialog = dialog
        dialog.signed.connect(self.refresh)
        dialog.ca_created.connect(self.refresh)
        dialog.finished.connect(self.refresh)
        dialog.open()
