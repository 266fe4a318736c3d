"""The top of the inspection form: which checkpoint, who inspects, when, and where.

Time is edited as the wall-clock time where the inspection happened; the form keeps that place's
offset from UTC beside it (the machine's own offset for a new inspection) and stores the instant
in UTC. The edit itself runs in UTC so that no daylight-saving rule of the machine's zone can
shift or refuse a wall-clock time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QSortFilterProxyModel,
    Qt,
    QTime,
    QTimeZone,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.domain.clock import utc_now
from desktop.domain.errors import TaslimError, ValidationError
from desktop.domain.inspection_rules import Finding
from desktop.domain.text import fold
from desktop.i18n import _, current_language
from desktop.services.checkpoints import CheckpointFilter, CheckpointQueries, SortKey
from desktop.ui.inspection.answers import ANSWER_HEIGHT, FieldCell
from desktop.ui.inspection.state import (
    LOCAL_FORMAT,
    coordinate_text,
    offset_text,
    outside_iraq,
    parse_position,
)
from desktop.ui.look import repolish

FUTURE_TOLERANCE = timedelta(minutes=10)


SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # code and both names, folded


class FoldingFilter(QSortFilterProxyModel):
    """Matches what was typed anywhere in the code or either name (Arabic or English),
    ignoring hamza forms, diacritics and the kind of digits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: object) -> bool:
        index = self.sourceModel().index(row, 0, parent)  # type: ignore[arg-type]
        return self.needle in str(index.data(SEARCH_ROLE) or "")


class CheckpointChooser(QComboBox):
    """A list of every checkpoint ("code — name") that can be searched by typing."""

    chosen = Signal()  # the person picked another checkpoint (not when the form sets one)

    def __init__(self, queries: CheckpointQueries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumHeight(ANSWER_HEIGHT)
        self.setMaxVisibleItems(15)
        self.lineEdit().setPlaceholderText(_("Type a code or a name, or open the list"))
        language = current_language()
        ids = queries.ids(CheckpointFilter(), SortKey.CODE, False, language)
        rows = queries.rows(ids)
        for checkpoint_id in ids:
            row = rows[checkpoint_id]
            name = row.name_ar if language == "ar" else row.name_en
            self.addItem(f"{row.code} — {name}", checkpoint_id)
            self.setItemData(self.count() - 1, fold(f"{row.code} {row.name_ar} {row.name_en}"),
                             SEARCH_ROLE)
        self._filter = FoldingFilter(self)
        self._filter.setSourceModel(self.model())
        completer = QCompleter(self._filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._filter.set_needle)
        completer.activated[str].connect(self._completed)
        self._setting = False
        self._chosen_index = -1
        self.setCurrentIndex(-1)
        self.activated.connect(self._picked)
        self.lineEdit().editingFinished.connect(self._settle)

    def checkpoint_id(self) -> str | None:
        index = self._chosen_index
        return str(self.itemData(index)) if index >= 0 else None

    def set_checkpoint_id(self, checkpoint_id: str | None) -> None:
        self._setting = True
        try:
            index = self.findData(checkpoint_id) if checkpoint_id else -1
            self._chosen_index = index
            self.setCurrentIndex(index)
            if index < 0:
                self.lineEdit().clear()
        finally:
            self._setting = False

    def name_of(self, checkpoint_id: str | None) -> str:
        index = self.findData(checkpoint_id) if checkpoint_id else -1
        return self.itemText(index) if index >= 0 else _("not chosen")

    @Slot(int)
    def _picked(self, index: int) -> None:
        self._choose(index)

    @Slot(str)
    def _completed(self, text: str) -> None:
        self._choose(self.findText(text))

    @Slot()
    def _settle(self) -> None:
        """Typed text that is not an item: take the one item it matches, or go back."""
        text = self.lineEdit().text()
        if self._chosen_index >= 0 and text == self.itemText(self._chosen_index):
            return
        needle = fold(text.strip())
        if not needle:
            self._choose(-1)
            return
        matches = [i for i in range(self.count())
                   if needle in str(self.itemData(i, SEARCH_ROLE) or "")]
        if len(matches) == 1:
            self._choose(matches[0])
        else:
            self.set_checkpoint_id(self.checkpoint_id())

    def _choose(self, index: int) -> None:
        if self._setting:
            return
        self._setting = True
        try:
            self.setCurrentIndex(index)
            if index < 0:
                self.lineEdit().clear()
        finally:
            self._setting = False
        if index != self._chosen_index:
            self._chosen_index = index
            self.chosen.emit()


class InspectionHeader(QWidget):
    changed = Signal()

    def __init__(self, queries: CheckpointQueries, inspector_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queries = queries
        self._setting = False
        self.offset_minutes = 0
        self._default_position: tuple[str, str] = ("", "")

        self.checkpoint = CheckpointChooser(queries)
        self.checkpoint.chosen.connect(self._checkpoint_chosen)
        self.inspector = QLabel(inspector_name)
        self.inspector.setObjectName("inspectorName")
        self.when = QDateTimeEdit()
        # A date and time read left to right in both languages. The direction must be set
        # before the format: in a right-to-left widget Qt reverses the sections of the format,
        # and "05:11" would show as "11:05".
        self.when.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.when.setTimeZone(QTimeZone.utc())
        self.when.setDisplayFormat("yyyy-MM-dd  HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMinimumHeight(ANSWER_HEIGHT)
        self.when.dateTimeChanged.connect(self._edited)
        self.offset = QLabel()
        self.latitude = self._coordinate_edit("33.4263")
        self.longitude = self._coordinate_edit("43.2990")
        self.use_checkpoint_position = QPushButton(_("Use the checkpoint's position"))
        self.use_checkpoint_position.setAutoDefault(False)
        self.use_checkpoint_position.clicked.connect(self._reset_position)
        self.checkpoint_finding = self._finding_label()
        self.time_finding = self._finding_label()
        self.position_finding = self._finding_label()

        def label(text: str, buddy: QWidget) -> QLabel:
            made = QLabel(text)
            made.setBuddy(buddy)
            made.setMinimumHeight(ANSWER_HEIGHT)
            return made

        when_row = QHBoxLayout()
        when_row.setSpacing(10)
        when_row.addWidget(self.when)
        when_row.addWidget(self.offset)
        when_row.addStretch()
        position_row = QHBoxLayout()
        position_row.setSpacing(8)
        position_row.addWidget(label(_("Latitude"), self.latitude))
        position_row.addWidget(self.latitude)
        position_row.addSpacing(12)
        position_row.addWidget(label(_("Longitude"), self.longitude))
        position_row.addWidget(self.longitude)
        position_row.addSpacing(12)
        position_row.addWidget(self.use_checkpoint_position)
        position_row.addStretch()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.addWidget(label(_("Checkpoint"), self.checkpoint), 0, 0)
        grid.addWidget(self.checkpoint, 0, 1)
        grid.addWidget(self.checkpoint_finding, 1, 1)
        grid.addWidget(label(_("Inspector"), self.inspector), 2, 0)
        grid.addWidget(self.inspector, 2, 1)
        grid.addWidget(label(_("Time of the inspection"), self.when), 3, 0)
        grid.addLayout(when_row, 3, 1)
        grid.addWidget(self.time_finding, 4, 1)
        grid.addWidget(QLabel(_("Position (optional)")), 5, 0)
        grid.addLayout(position_row, 5, 1)
        grid.addWidget(self.position_finding, 6, 1)

    def _coordinate_edit(self, example: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(example)
        edit.setMaxLength(24)
        edit.setFixedWidth(150)
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # numbers read left to right
        edit.textEdited.connect(self._edited)
        return edit

    @staticmethod
    def _finding_label() -> QLabel:
        found = QLabel()
        found.setWordWrap(True)
        found.setVisible(False)
        return found

    # -- values --------------------------------------------------------------------------------

    def focusables(self) -> list[QWidget]:
        return [self.checkpoint, self.when, self.latitude, self.longitude,
                self.use_checkpoint_position]

    def local_time(self) -> str:
        value = self.when.dateTime()
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                        time.second()).strftime(LOCAL_FORMAT)

    def set_time(self, local_time: str, offset_minutes: int) -> None:
        wall = datetime.strptime(local_time, LOCAL_FORMAT)
        self._setting = True
        try:
            self.offset_minutes = offset_minutes
            self.when.setDateTime(QDateTime(QDate(wall.year, wall.month, wall.day),
                                            QTime(wall.hour, wall.minute, wall.second),
                                            QTimeZone.utc()))
            self.offset.setText(
                _("local time, {offset}").format(offset=offset_text(offset_minutes)))
        finally:
            self._setting = False

    def set_position(self, latitude: str, longitude: str) -> None:
        self.latitude.setText(latitude)
        self.longitude.setText(longitude)

    def set_checkpoint(self, checkpoint_id: str | None) -> None:
        """Preset the checkpoint; its position becomes the default of the position fields."""
        self.checkpoint.set_checkpoint_id(checkpoint_id)
        self._default_position = self._position_of(checkpoint_id)

    def checkpoint_position(self) -> tuple[str, str]:
        """The chosen checkpoint's recorded position, as the position fields show it."""
        return self._default_position

    def set_editable(self, editable: bool) -> None:
        for widget in (self.checkpoint, self.when, self.use_checkpoint_position):
            widget.setEnabled(editable)
        for edit in (self.latitude, self.longitude):
            edit.setReadOnly(not editable)

    # -- checks --------------------------------------------------------------------------------

    def findings(self, *, complete: bool) -> list[Finding]:
        found: list[Finding] = []
        if complete and self.checkpoint.checkpoint_id() is None:
            found.append(Finding("checkpoint_id", "missing",
                                 _("Choose the checkpoint this inspection is for.")))
        try:
            latitude, longitude = parse_position(self.latitude.text(), self.longitude.text())
        except ValidationError as error:
            found.append(Finding(error.field or "latitude", "impossible", str(error)))
        else:
            if outside_iraq(latitude, longitude):
                found.append(Finding("latitude", "suspicious",
                                     _("This position is outside Iraq: is it right?")))
        when = datetime.strptime(self.local_time(), LOCAL_FORMAT)
        now_there = utc_now().replace(tzinfo=None) + timedelta(minutes=self.offset_minutes)
        if when > now_there + FUTURE_TOLERANCE:
            found.append(Finding("inspected_at", "suspicious",
                                 _("This time is in the future: is it right?")))
        return found

    def show_findings(self, findings: list[Finding]) -> None:
        places = {"checkpoint_id": self.checkpoint_finding, "inspected_at": self.time_finding,
                  "latitude": self.position_finding, "longitude": self.position_finding}
        shown: dict[QLabel, Finding] = {}
        for finding in findings:
            target = places.get(finding.field)
            if target is not None and target not in shown:
                shown[target] = finding
        for target in set(places.values()):
            finding = shown.get(target)
            target.setVisible(finding is not None)
            target.setText(finding.message if finding else "")
            name = FieldCell.SEVERITY_NAMES.get(finding.severity if finding else "", "finding")
            if target.objectName() != name:
                target.setObjectName(name)
                repolish(target)

    def widget_for(self, field: str) -> QWidget | None:
        return {"checkpoint_id": self.checkpoint, "inspected_at": self.when,
                "latitude": self.latitude, "longitude": self.longitude}.get(field)

    # -- inside --------------------------------------------------------------------------------

    def _position_of(self, checkpoint_id: str | None) -> tuple[str, str]:
        if not checkpoint_id:
            return "", ""
        try:
            checkpoint = self._queries.checkpoint(checkpoint_id)
        except TaslimError:
            return "", ""
        return coordinate_text(checkpoint.latitude), coordinate_text(checkpoint.longitude)

    @Slot()
    def _checkpoint_chosen(self) -> None:
        typed = (self.latitude.text().strip(), self.longitude.text().strip())
        previous_default = self._default_position
        self._default_position = self._position_of(self.checkpoint.checkpoint_id())
        # The position follows the checkpoint unless the person typed one of their own.
        if typed in (("", ""), previous_default):
            self.set_position(*self._default_position)
        self.changed.emit()

    @Slot()
    def _reset_position(self) -> None:
        if (self.latitude.text(), self.longitude.text()) != self._default_position:
            self.set_position(*self._default_position)
            self.changed.emit()

    @Slot()
    def _edited(self) -> None:
        if not self._setting:
            self.changed.emit()
