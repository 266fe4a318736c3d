"""Step 5: equipment handed over, one line each: what, how many, serial numbers, condition.

The lines show in a table; the fields under it edit the chosen line or make a new one, so the
whole step works from the keyboard (Enter in a field keeps the line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.domain.enums import EquipmentCondition
from desktop.domain.ids import uuid7
from desktop.i18n import _
from desktop.ui.handover.common import CONDITION_LABELS, Step, StepEnv, hint, step_title, text_box
from desktop.ui.handover.form import EquipmentDraft, split_serials
from desktop.ui.language import number
from desktop.ui.look import error_label, form_label, form_layout
from desktop.ui.look import show_message as show_error

MAX_QUANTITY = 1_000_000


class EquipmentStep(Step):
    def __init__(self, env: StepEnv) -> None:
        super().__init__(env)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Item"), _("Quantity"), _("Serial numbers"), _("Condition")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(_("Equipment lines"))

        self.item = QLineEdit()
        self.item.setPlaceholderText(_("e.g. Radio sets, Generator 30 kVA"))
        self.quantity = QSpinBox()
        self.quantity.setRange(0, MAX_QUANTITY)
        self.quantity.setValue(1)
        self.quantity.setMinimumHeight(38)
        self.serials = text_box(_("Serial numbers"), _("One per line, or separated by commas"),
                                80)
        self.condition = QComboBox()
        for condition in EquipmentCondition:
            self.condition.addItem(_(CONDITION_LABELS[condition]), condition.value)
        self.serial_hint = hint("")
        self.error = error_label()

        self.new_button = QPushButton(_("New line"))
        self.keep_button = QPushButton(_("Add line"))
        self.remove_button = QPushButton(_("Remove line"))
        for button in (self.new_button, self.keep_button, self.remove_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch()
        buttons.addWidget(self.remove_button)

        form = form_layout()
        form.addRow(form_label(_("Item")), self.item)
        form.addRow(form_label(_("Quantity")), self.quantity)
        form.addRow(form_label(_("Serial numbers")), self.serials)
        form.addRow(form_label(_("Condition")), self.condition)

        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.title()))
        layout.addWidget(hint(_("List what the handing-over party leaves at the checkpoint. "
                                "Choose a line to change it.")))
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.serial_hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.editing: str | None = None  # id of the line in the fields; None = a new line
        self.table.currentCellChanged.connect(self._row_chosen)
        self.keep_button.clicked.connect(self.keep_line)
        self.new_button.clicked.connect(self.new_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.item.returnPressed.connect(self.keep_line)
        self.serials.textChanged.connect(self._check_serials)
        self.quantity.valueChanged.connect(self._check_serials)

    def title(self) -> str:
        return _("Equipment")

    def complete(self) -> bool:
        return bool(self.env.form.equipment)  # (an empty list is allowed; it just gets no tick)

    def show_form(self) -> None:
        self._fill_table()
        self.new_line()
        self._apply_read_only()

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for line in self.env.form.equipment:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [line.item, number(line.quantity), ", ".join(line.serials),
                     _(CONDITION_LABELS[line.condition])]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, line.id)
                if column == 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.blockSignals(False)

    def _line(self, line_id: str | None) -> EquipmentDraft | None:
        return next((line for line in self.env.form.equipment if line.id == line_id), None)

    @Slot()
    def new_line(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.item.clear()
        self.quantity.setValue(1)
        self.serials.clear()
        self.condition.setCurrentIndex(0)
        self.keep_button.setText(_("Add line"))
        show_error(self.error, None)
        self._apply_read_only()

    @Slot(int, int, int, int)
    def _row_chosen(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        cell = self.table.item(row, 0) if row >= 0 else None
        line = self._line(cell.data(Qt.ItemDataRole.UserRole)) if cell else None
        if line is None:
            return
        self.editing = line.id
        self.item.setText(line.item)
        self.quantity.setValue(line.quantity)
        self.serials.setPlainText("\n".join(line.serials))
        self.condition.setCurrentIndex(self.condition.findData(line.condition.value))
        self.keep_button.setText(_("Update line"))
        show_error(self.error, None)
        self._apply_read_only()

    @Slot()
    def keep_line(self) -> None:
        if self.read_only:
            return
        text = self.item.text().strip()
        if not text:
            show_error(self.error, _("Enter what the equipment is."))
            self.item.setFocus()
            return
        line = self._line(self.editing)
        if line is None:
            line = EquipmentDraft(uuid7())
            self.env.form.equipment.append(line)
        line.item = text
        line.quantity = self.quantity.value()
        line.serials = split_serials(self.serials.toPlainText())
        line.condition = EquipmentCondition(self.condition.currentData())
        self._fill_table()
        self.edited.emit()
        self.new_line()
        self.item.setFocus()

    @Slot()
    def remove_line(self) -> None:
        line = self._line(self.editing)
        if line is None or self.read_only:
            return
        self.env.form.equipment.remove(line)
        self._fill_table()
        self.edited.emit()
        self.new_line()

    @Slot()
    def _check_serials(self) -> None:
        serials = split_serials(self.serials.toPlainText())
        if serials and len(serials) != self.quantity.value():
            self.serial_hint.setText(
                _("{serials} serial numbers for a quantity of {quantity}: check both.").format(
                    serials=number(len(serials)), quantity=number(self.quantity.value())))
        else:
            self.serial_hint.setText("")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        editable = not self.read_only
        for widget in (self.item, self.serials):
            widget.setReadOnly(not editable)
        self.quantity.setReadOnly(not editable)
        self.condition.setEnabled(editable)
        self.keep_button.setEnabled(editable)
        self.new_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and self.editing is not None)
