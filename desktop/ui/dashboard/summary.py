"""The dashboard's "Province summary (PDF)…": choose a period, save, and the bilingual PDF is
written on a worker thread (the window stays responsive); when it is done the dialog says where
and offers to open it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TaslimError, ValidationError
from desktop.i18n import _
from desktop.services.base import Session
from desktop.services.province_summary import MAX_STALE_DAYS, ProvinceSummaryService
from desktop.services.report_lists import DateRange
from desktop.ui.certificates.common import Note, documents_folder, hint, primary_button
from desktop.ui.errors import show_error
from desktop.ui.look import FIELD_HEIGHT, form_label, form_layout, plain_buttons
from desktop.ui.record_lists.display import ltr
from desktop.ui.sync.common import SYNC_STYLE, section_title
from desktop.ui.tasks import BackgroundTask

DATE_FORMAT = "yyyy-MM-dd"


def date_editor(accessible_name: str) -> QDateEdit:
    """A date typed and read left to right in Western digits in both languages (as on the
    PDF). The direction is set before the format: in a right-to-left editor Qt reverses the
    order of the format's sections. The calendar popup speaks the interface language."""
    editor = QDateEdit()
    editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    editor.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    editor.setDisplayFormat(DATE_FORMAT)
    editor.setCalendarPopup(True)
    editor.calendarWidget().setLocale(QLocale())
    editor.calendarWidget().setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    editor.setMinimumHeight(FIELD_HEIGHT)
    editor.setMinimumWidth(170)
    editor.setAccessibleName(accessible_name)
    return editor


def as_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def default_file_name(dates: DateRange) -> str:
    first = dates.first.isoformat() if dates.first else "start"
    last = dates.last.isoformat() if dates.last else "today"
    return f"province-summary-{first}-to-{last}.pdf"


class SummaryDialog(QDialog):
    """From, To and the days without an inspection; Save as PDF…; then Open."""

    written = Signal(object)  # the Path, once the file is complete

    def __init__(self, service: ProvinceSummaryService, session: Session, stale_days: int,
                 parent: QWidget | None = None, *, today: QDate | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._session = session
        self.task: BackgroundTask | None = None
        self.path: Path | None = None
        self.setWindowTitle(_("Province summary (PDF)"))
        today = today or QDate.currentDate()
        self.first = date_editor(_("First day of the period"))
        self.first.setDate(QDate(today.year(), today.month(), 1))
        self.last = date_editor(_("Last day of the period"))
        self.last.setDate(today)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_STALE_DAYS)
        self.days.setValue(stale_days)
        self.days.setMinimumHeight(FIELD_HEIGHT)
        self.days.setAccessibleName(_("Days without an inspection"))
        form = form_layout()
        for text, field in ((_("From"), self.first), (_("To"), self.last),
                            (_("Days without an inspection"), self.days)):
            label = form_label(text)
            label.setBuddy(field)
            row = QHBoxLayout()
            row.addWidget(field)
            row.addStretch()
            form.addRow(label, row)
        self.note = Note()
        self.save_button = primary_button(_("Save as PDF…"))
        self.save_button.setMinimumHeight(FIELD_HEIGHT)
        self.save_button.clicked.connect(self.choose_path)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setAutoDefault(False)
        self.open_button.setMinimumHeight(FIELD_HEIGHT)
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_file)
        self.note.row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        plain_buttons(buttons)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.save_button.setDefault(True)  # Enter saves; Close is not the highlighted one
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(section_title(_("Province summary (PDF)")))
        layout.addWidget(hint(_(
            "The province and each district for the period, in Arabic and English: checkpoints "
            "by status, handovers, certificates, gaps and exceptions, inspections, and "
            "handovers per month. Both days are included.")))
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch()
        layout.addWidget(buttons)
        for editor in (self.first, self.last):
            editor.dateChanged.connect(self._dates_changed)
        self.setStyleSheet(SYNC_STYLE)
        self.resize(560, 380)

    def dates(self) -> DateRange:
        """The period chosen, or a ValidationError when it ends before it starts."""
        return DateRange(as_date(self.first.date()), as_date(self.last.date()))

    @Slot()
    def _dates_changed(self) -> None:
        try:
            self.dates()
        except ValidationError as error:
            self.note.say(str(error), "error")
            self.open_button.setVisible(False)
            self.save_button.setEnabled(False)
            return
        if self.note.property("tone") == "error":
            self.note.clear()
        self.save_button.setEnabled(self.task is None or not self.task.running)

    @Slot()
    def choose_path(self) -> None:
        try:
            dates = self.dates()
        except ValidationError as error:
            self.note.say(str(error), "error")
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the province summary"),
            str(documents_folder() / default_file_name(dates)), _("PDF files (*.pdf)"))
        if path:
            self.write_to(Path(path))

    def write_to(self, path: Path) -> None:
        """Make the summary and write the PDF on a worker; ``written`` when it is there."""
        if self.task is not None and self.task.running:
            return
        try:
            dates = self.dates()
        except ValidationError as error:
            self.note.say(str(error), "error")
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        service, session, days = self._service, self._session, self.days.value()

        def work(_control: object) -> Path:
            summary = service.summary(dates, stale_days=days, session=session)
            service.write_pdf(summary, path)
            return path

        self.note.say(_("Writing the province summary…"), "info")
        self.open_button.setVisible(False)
        task = BackgroundTask(work, parent=self, label=_("Writing the province summary…"),
                              cancellable=False)
        task.succeeded.connect(self._written)
        task.failed.connect(self._failed)
        task.done.connect(self._idle)
        self.task = task
        self.save_button.setEnabled(False)
        task.start()

    @Slot(object)
    def _written(self, path: Path) -> None:
        self.path = path
        # The file's name, not its whole path: a long path breaks at its hyphens and slashes
        # inside an Arabic sentence; the folder is the one just chosen, and the tooltip has it.
        self.note.say(_("Province summary written: {path}.").format(path=ltr(path.name)),
                      "good")
        self.note.setToolTip(str(path))
        self.open_button.setVisible(True)
        self.written.emit(path)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        if isinstance(error, TaslimError):
            self.note.say(str(error), "error")
        else:
            self.note.clear()
            show_error(self, error)

    @Slot()
    def _idle(self) -> None:
        self._dates_changed()

    @Slot()
    def open_file(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            return  # the file is being written: closing now would hide where it went
        super().reject()
