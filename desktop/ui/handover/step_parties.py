"""Step 2: the handing-over and receiving parties with their representatives, and witnesses.

Units are not restricted by kind (a handing-over party is usually an army or faction unit, the
receiving one police, a witness often local government), only ordered so the likely ones come
first. People are picked from the unit, or recorded on the spot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.entities import Person
from desktop.domain.enums import UnitKind
from desktop.i18n import _
from desktop.ui.handover.common import (
    Step,
    StepEnv,
    hint,
    local_name,
    person_label,
    section_title,
    step_title,
)
from desktop.ui.handover.people import PersonDialog
from desktop.ui.look import error_label
from desktop.ui.look import show_message as show_error
from desktop.ui.page_registry import PageContext

HANDING_KINDS = (UnitKind.ARMY, UnitKind.FACTION)
RECEIVING_KINDS = (UnitKind.POLICE,)
WITNESS_KINDS = (UnitKind.LOCAL_GOVERNMENT,)


def _set_combo(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class PartyBox(QWidget):
    """A unit, and a person of that unit: pick one, record a new one, or correct one."""

    changed = Signal()

    def __init__(self, page_context: PageContext, preferred: tuple[UnitKind, ...], *,
                 person_text: str, rank_and_badge_required: bool = False) -> None:
        super().__init__()
        self._page_context = page_context
        self._preferred = preferred
        self._required = rank_and_badge_required
        self._people: dict[str, Person] = {}
        self.dialog: PersonDialog | None = None
        self.unit = QComboBox()
        self.person = QComboBox()
        self.unit.setAccessibleName(_("Unit"))
        self.person.setAccessibleName(person_text)
        self.new_button = QPushButton(_("New person…"))
        self.edit_button = QPushButton(_("Correct details…"))
        for button in (self.new_button, self.edit_button):
            button.setAutoDefault(False)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setObjectName("stepHint")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(QLabel(_("Unit")), 0, 0)
        grid.addWidget(self.unit, 0, 1, 1, 3)
        grid.addWidget(QLabel(person_text), 1, 0)
        grid.addWidget(self.person, 1, 1)
        grid.addWidget(self.new_button, 1, 2)
        grid.addWidget(self.edit_button, 1, 3)
        grid.addWidget(self.details, 2, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        self.load_units()
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.person.currentIndexChanged.connect(self._person_changed)
        self.new_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.correct_person)

    def load_units(self) -> None:
        queries = self._page_context.context.checkpoints
        units = [queries.unit(choice.id) for choice in queries.units()]
        rank = {kind: index for index, kind in enumerate(self._preferred)}
        units.sort(key=lambda u: (rank.get(u.kind, len(rank)), local_name(u.name_ar, u.name_en)))
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(_("— choose the unit —"), None)
        for unit in units:
            self.unit.addItem(local_name(unit.name_ar, unit.name_en), unit.id)
        self.unit.blockSignals(False)

    def set_values(self, unit_id: str | None, person_id: str | None) -> None:
        self.unit.blockSignals(True)
        _set_combo(self.unit, unit_id)
        self.unit.blockSignals(False)
        self._load_people(person_id)

    def unit_id(self) -> str | None:
        return self.unit.currentData()

    def person_id(self) -> str | None:
        return self.person.currentData()

    def chosen_person(self) -> Person | None:
        return self._people.get(self.person_id() or "")

    def _load_people(self, keep: str | None) -> None:
        queries = self._page_context.context.checkpoints
        unit_id = self.unit_id()
        people = queries.people(unit_id) if unit_id else []
        self._people = {p.id: p for p in people}
        if keep and keep not in self._people:
            # Someone recorded without this unit (or moved since) still shows as chosen.
            extra = [p for p in queries.people() if p.id == keep]
            self._people.update({p.id: p for p in extra})
            people = [*extra, *people]
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(_("— choose the person —") if people else _("— nobody recorded in "
                                                                          "this unit yet —"), None)
        for person in people:
            self.person.addItem(person_label(person), person.id)
        _set_combo(self.person, keep)
        self.person.blockSignals(False)
        self._show_details()

    def _show_details(self) -> None:
        person = self.chosen_person()
        self.edit_button.setEnabled(person is not None and self.isEnabled())
        if person is None:
            self.details.setText("")
            return
        missing = self._required and not (person.rank.strip() and person.badge.strip())
        self.details.setText(
            _("Rank and badge number are missing: correct the details.") if missing else "")

    def missing_rank_or_badge(self) -> bool:
        person = self.chosen_person()
        return bool(self._required and person and not (person.rank.strip()
                                                         and person.badge.strip()))

    @Slot()
    def _unit_changed(self) -> None:
        self._load_people(None)
        self.changed.emit()

    @Slot()
    def _person_changed(self) -> None:
        self._show_details()
        self.changed.emit()

    @Slot()
    def add_person(self) -> None:
        self._open_dialog(None)

    @Slot()
    def correct_person(self) -> None:
        self._open_dialog(self.chosen_person())

    def _open_dialog(self, person: Person | None) -> None:
        self.dialog = PersonDialog(self._page_context, self, unit_id=self.unit_id(),
                                   rank_and_badge_required=self._required, person=person)
        self.dialog.accepted.connect(self._person_saved)
        self.dialog.open()

    @Slot()
    def _person_saved(self) -> None:
        if self.dialog is None or self.dialog.person is None:
            return
        saved = self.dialog.person
        if saved.unit_id and saved.unit_id != self.unit_id():
            self.unit.blockSignals(True)
            _set_combo(self.unit, saved.unit_id)
            self.unit.blockSignals(False)
        self._load_people(saved.id)
        self.changed.emit()


class PartiesStep(Step):
    def __init__(self, env: StepEnv) -> None:
        super().__init__(env)
        pc = env.page_context
        self.handing = PartyBox(pc, HANDING_KINDS, person_text=_("Representative"))
        self.receiving = PartyBox(pc, RECEIVING_KINDS, person_text=_("Representative"),
                                  rank_and_badge_required=True)
        self.witness_box = PartyBox(pc, WITNESS_KINDS, person_text=_("Witness"))
        self.add_witness_button = QPushButton(_("Add as witness"))
        self.remove_witness_button = QPushButton(_("Remove witness"))
        for button in (self.add_witness_button, self.remove_witness_button):
            button.setAutoDefault(False)
        self.witnesses = QListWidget()
        self.witnesses.setAccessibleName(_("Witnesses"))
        self.witnesses.setMaximumHeight(130)
        self.witnesses.setStyleSheet("QListWidget::item { min-height: 36px; }")
        self.error = error_label()

        body = QWidget()
        column = QVBoxLayout(body)
        column.setSpacing(10)
        column.addWidget(step_title(self.title()))
        column.addWidget(section_title(_("Handing-over party")))
        column.addWidget(self.handing)
        column.addWidget(section_title(_("Receiving party")))
        column.addWidget(self.receiving)
        column.addWidget(section_title(_("Witnesses")))
        column.addWidget(hint(_("Choose a person and add them; add as many witnesses as were "
                                "present. The first witness signs for the witnesses.")))
        column.addWidget(self.witness_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_witness_button)
        buttons.addWidget(self.remove_witness_button)
        buttons.addStretch()
        column.addLayout(buttons)
        column.addWidget(self.witnesses)
        column.addWidget(self.error)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.handing.changed.connect(self._parties_changed)
        self.receiving.changed.connect(self._parties_changed)
        self.add_witness_button.clicked.connect(self.add_witness)
        self.remove_witness_button.clicked.connect(self.remove_witness)
        self.witness_box.changed.connect(self._update_buttons)
        self.witnesses.currentRowChanged.connect(self._update_buttons)

    def title(self) -> str:
        return _("Parties")

    def show_form(self) -> None:
        form = self.env.form
        if form.handing_unit_id is None and form.checkpoint_id and not self.read_only:
            # The party handing over is, nearly always, whoever holds the checkpoint now.
            holder = self.env.page_context.context.checkpoints.checkpoint(
                form.checkpoint_id).holder_unit_id
            if holder:
                form.handing_unit_id = holder
                self.edited.emit()
        for box in (self.handing, self.receiving, self.witness_box):
            box.load_units()
        self.handing.set_values(form.handing_unit_id, form.handing_rep_id)
        self.receiving.set_values(form.receiving_unit_id, form.receiving_rep_id)
        if self.witness_box.unit_id() is None:
            # Units are ordered local government first: the usual witness.
            combo = self.witness_box.unit
            self.witness_box.set_values(combo.itemData(1) if combo.count() > 1 else None, None)
        self._show_witnesses()
        self._apply_read_only()

    def _show_witnesses(self) -> None:
        people = {p.id: p for p in self.env.page_context.context.checkpoints.people()}
        self.witnesses.clear()
        for witness_id in self.env.form.witness_ids:
            person = people.get(witness_id)
            item = QListWidgetItem(person_label(person) if person else witness_id)
            item.setData(Qt.ItemDataRole.UserRole, witness_id)
            self.witnesses.addItem(item)
        self._update_buttons()

    def complete(self) -> bool:
        form = self.env.form
        return bool(form.handing_unit_id and form.handing_rep_id and form.receiving_unit_id
                    and form.receiving_rep_id and form.witness_ids)

    def leave(self, forward: bool) -> str | None:
        problem = None
        if forward and self.receiving.missing_rank_or_badge():
            problem = _("Record the receiving representative's rank and badge number "
                        "(Correct details…).")
        show_error(self.error, problem)
        return problem

    @Slot()
    def _parties_changed(self) -> None:
        if self.read_only:
            return
        form = self.env.form
        form.handing_unit_id = self.handing.unit_id()
        form.handing_rep_id = self.handing.person_id()
        form.receiving_unit_id = self.receiving.unit_id()
        form.receiving_rep_id = self.receiving.person_id()
        show_error(self.error, None)
        self.edited.emit()

    @Slot()
    def add_witness(self) -> None:
        person_id = self.witness_box.person_id()
        if person_id is None or person_id in self.env.form.witness_ids:
            return
        self.env.form.witness_ids.append(person_id)
        self._show_witnesses()
        self.edited.emit()

    @Slot()
    def remove_witness(self) -> None:
        item = self.witnesses.currentItem()
        if item is None:
            return
        self.env.form.witness_ids.remove(item.data(Qt.ItemDataRole.UserRole))
        self._show_witnesses()
        self.edited.emit()

    @Slot()
    def _update_buttons(self) -> None:
        editable = not self.read_only
        chosen = self.witness_box.person_id()
        self.add_witness_button.setEnabled(
            editable and chosen is not None and chosen not in self.env.form.witness_ids)
        self.remove_witness_button.setEnabled(editable and self.witnesses.currentItem() is not None)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        for box in (self.handing, self.receiving, self.witness_box):
            box.setEnabled(not self.read_only)
        self._update_buttons()
