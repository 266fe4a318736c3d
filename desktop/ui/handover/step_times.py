"""Step 3: when the handover happened, when the receiving force assumed duty and when the
handing-over force left, with the continuity gap (checklist item 17) shown as the times change.

Times are typed in local time and stored as UTC text plus the offset in minutes. The editors
work in a fixed UTC zone holding the *local* wall-clock value, so the laptop's own time-zone
rules (daylight saving elsewhere) never shift what was typed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimeZone, Signal, Slot
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import as_local, to_utc_text
from desktop.i18n import _
from desktop.ui.handover.common import (
    GapLabel,
    Step,
    StepEnv,
    hint,
    section_title,
    step_title,
    text_box,
)
from desktop.ui.look import form_label, form_layout

WALL = QTimeZone(QTimeZone.Initialization.UTC)  # holds local wall-clock values, see above
EMPTY = QDateTime(QDate(2000, 1, 1), QTime(0, 0), WALL)
DISPLAY_FORMAT = "yyyy-MM-dd   HH:mm"


def offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


class _Editor(QDateTimeEdit):
    """A date-time editor with an empty state: stepping from empty starts at the present."""

    now_wanted = Signal()

    def stepBy(self, steps: int) -> None:
        if self.dateTime() == EMPTY:
            self.now_wanted.emit()
            return
        super().stepBy(steps)


class TimeField(QWidget):
    """A local time or nothing; ``utc_text()`` is what is stored."""

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offset_minutes = 0
        self.editor = _Editor()
        # A date is typed and read left to right, in Latin digits, in both languages (as on
        # the certificate). Set before the display format: in a right-to-left widget Qt
        # reverses the order of the format's sections. The calendar popup speaks the language.
        self.editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.editor.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        self.editor.setTimeZone(WALL)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat(DISPLAY_FORMAT)
        self.editor.setMinimumDateTime(EMPTY)
        self.editor.setSpecialValueText(_("not recorded"))
        self.editor.setDateTime(EMPTY)
        self.editor.calendarWidget().setLocale(QLocale())
        self.editor.calendarWidget().setLayoutDirection(self.layoutDirection())
        self.editor.setMinimumWidth(240)
        self.editor.setMinimumHeight(38)
        self.editor.setAccessibleName(accessible_name)
        self.now_button = QPushButton(_("Now"))
        self.clear_button = QPushButton(_("Clear"))
        for button in (self.now_button, self.clear_button):
            button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor)
        row.addWidget(self.now_button)
        row.addWidget(self.clear_button)
        row.addStretch()
        self.editor.dateTimeChanged.connect(self._edited)
        self.editor.now_wanted.connect(self.set_now)
        self.now_button.clicked.connect(self.set_now)
        self.clear_button.clicked.connect(self.clear)

    def set_value(self, utc_text: str | None, offset_minutes: int) -> None:
        self.offset_minutes = offset_minutes
        self.editor.blockSignals(True)
        if utc_text:
            local = as_local(utc_text, offset_minutes)
            self.editor.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                              QTime(local.hour, local.minute), WALL))
        else:
            self.editor.setDateTime(EMPTY)
        self.editor.blockSignals(False)
        self._update_buttons()

    def set_local(self, moment: datetime) -> None:
        """Set a local wall-clock time (what a person would type)."""
        self.editor.setDateTime(QDateTime(QDate(moment.year, moment.month, moment.day),
                                          QTime(moment.hour, moment.minute), WALL))

    def utc_text(self) -> str | None:
        value = self.editor.dateTime()
        if value == EMPTY:
            return None
        date, time = value.date(), value.time()
        zone = timezone(timedelta(minutes=self.offset_minutes))
        return to_utc_text(datetime(date.year(), date.month(), date.day(), time.hour(),
                                    time.minute(), tzinfo=zone))

    @Slot()
    def set_now(self) -> None:
        now = datetime.now(UTC).astimezone(timezone(timedelta(minutes=self.offset_minutes)))
        self.set_local(now)

    @Slot()
    def clear(self) -> None:
        self.editor.setDateTime(EMPTY)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.editor.setCalendarPopup(not read_only)
        self._update_buttons(read_only)

    def _update_buttons(self, read_only: bool | None = None) -> None:
        locked = self.editor.isReadOnly() if read_only is None else read_only
        self.now_button.setEnabled(not locked)
        self.clear_button.setEnabled(not locked and self.editor.dateTime() != EMPTY)

    @Slot()
    def _edited(self) -> None:
        self._update_buttons()
        self.changed.emit()


class TimesStep(Step):
    def __init__(self, env: StepEnv) -> None:
        super().__init__(env)
        self.handover_at = TimeField(_("Handover time"))
        self.assumed_duty_at = TimeField(_("Receiving force assumed duty"))
        self.departure_at = TimeField(_("Handing-over force left"))
        self.gap = GapLabel()
        self.zone_hint = hint("")
        self.notes = text_box(_("Notes about the handover"),
                              _("Anything the certificate should mention (optional)"), 120)
        form = form_layout()
        form.addRow(form_label(_("Handover time")), self.handover_at)
        form.addRow(form_label(_("Receiving force assumed duty")), self.assumed_duty_at)
        form.addRow(form_label(_("Handing-over force left")), self.departure_at)
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.title()))
        layout.addWidget(self.zone_hint)
        layout.addLayout(form)
        layout.addWidget(section_title(_("Continuity (checklist item 17)")))
        layout.addWidget(self.gap)
        layout.addWidget(hint(_("There is no gap when the receiving force assumed duty no later "
                                "than the handing-over force left. A gap is printed in red on "
                                "the certificate.")))
        layout.addWidget(section_title(_("Notes")))
        layout.addWidget(self.notes)
        layout.addStretch()
        for field in (self.handover_at, self.assumed_duty_at, self.departure_at):
            field.changed.connect(self._times_changed)
        self.notes.textChanged.connect(self._notes_changed)
        self._defaulted = False

    def title(self) -> str:
        return _("Times")

    def show_form(self) -> None:
        form = self.env.form
        offset = form.utc_offset_minutes
        self.zone_hint.setText(
            _("Local times ({zone}). “Now” fills in the present time.").format(
                zone=offset_text(offset)))
        if form.handover_at is None and not self.read_only and not self._defaulted:
            # The handover is usually recorded as it happens: start from the present minute.
            self._defaulted = True
            form.handover_at = to_utc_text(datetime.now(UTC).replace(second=0, microsecond=0))
            self.edited.emit()
        self.handover_at.set_value(form.handover_at, offset)
        self.assumed_duty_at.set_value(form.assumed_duty_at, offset)
        self.departure_at.set_value(form.departure_at, offset)
        self.notes.blockSignals(True)
        if self.notes.toPlainText() != form.notes:
            self.notes.setPlainText(form.notes)
        self.notes.blockSignals(False)
        self.gap.show_gap(form.gap())

    def complete(self) -> bool:
        form = self.env.form
        return bool(form.assumed_duty_at and form.departure_at)

    @Slot()
    def _times_changed(self) -> None:
        if self.read_only:
            return
        form = self.env.form
        form.handover_at = self.handover_at.utc_text()
        form.assumed_duty_at = self.assumed_duty_at.utc_text()
        form.departure_at = self.departure_at.utc_text()
        form.apply_continuity_rule(self.env.template)
        self.gap.show_gap(form.gap())
        self.edited.emit()

    @Slot()
    def _notes_changed(self) -> None:
        if self.read_only:
            return
        self.env.form.notes = self.notes.toPlainText()
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for field in (self.handover_at, self.assumed_duty_at, self.departure_at):
            field.set_read_only(read_only)
        self.notes.setReadOnly(read_only)
