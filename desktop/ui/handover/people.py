"""Recording a representative or witness on site: names in both languages, rank and badge."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.entities import Person
from desktop.domain.errors import TaslimError, ValidationError
from desktop.domain.ids import uuid7
from desktop.i18n import _
from desktop.ui.handover.common import hint, local_name
from desktop.ui.look import error_label, form_label, form_layout, plain_buttons
from desktop.ui.look import show_message as show_error
from desktop.ui.page_registry import PageContext


class PersonDialog(QDialog):
    """Adds a person (or corrects one) through PlacesService.save_person.

    Opened with ``open()`` so the wizard stays responsive; ``person`` holds the saved record
    once ``accepted`` is emitted.
    """

    def __init__(self, page_context: PageContext, parent: QWidget | None, *,
                 unit_id: str | None, rank_and_badge_required: bool,
                 person: Person | None = None) -> None:
        super().__init__(parent)
        self._page_context = page_context
        self._existing = person
        self._required = rank_and_badge_required
        self.person: Person | None = None
        self.setWindowTitle(_("Correct a person's details") if person else _("Add a person"))
        self.setMinimumWidth(520)
        self.name_ar = QLineEdit(person.name_ar if person else "")
        self.name_en = QLineEdit(person.name_en if person else "")
        self.rank = QLineEdit(person.rank if person else "")
        self.badge = QLineEdit(person.badge if person else "")
        self.unit = QComboBox()
        self.unit.addItem(_("No unit"), None)
        chosen = person.unit_id if person else unit_id
        for unit in page_context.context.checkpoints.units():
            self.unit.addItem(local_name(unit.name_ar, unit.name_en), unit.id)
            if unit.id == chosen:
                self.unit.setCurrentIndex(self.unit.count() - 1)
        self.name_ar.setPlaceholderText(_("As written on the identity card"))
        self.name_en.setPlaceholderText(_("In Latin letters"))
        self.badge.setPlaceholderText(_("Badge or service number"))
        form = form_layout()
        form.addRow(form_label(_("Name in Arabic")), self.name_ar)
        form.addRow(form_label(_("Name in English")), self.name_en)
        form.addRow(form_label(_("Rank")), self.rank)
        form.addRow(form_label(_("Badge number")), self.badge)
        form.addRow(form_label(_("Unit")), self.unit)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        plain_buttons(buttons)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if rank_and_badge_required:
            layout.addWidget(hint(_("The receiving representative's rank and badge number are "
                                    "printed on the certificate: both are required.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @Slot()
    def save(self) -> None:
        fields = {"name_ar": self.name_ar, "name_en": self.name_en, "rank": self.rank,
                  "badge": self.badge}
        try:
            if self._required and not self.rank.text().strip():
                raise ValidationError(_("Enter the rank."), "rank")
            if self._required and not self.badge.text().strip():
                raise ValidationError(_("Enter the badge number."), "badge")
            person = Person(
                self._existing.id if self._existing else uuid7(),
                self.name_ar.text().strip(), self.name_en.text().strip(),
                self.rank.text().strip(), self.badge.text().strip(), self.unit.currentData())
            outcome = self._page_context.context.places.save_person(
                self._page_context.session, person)
        except ValidationError as error:
            show_error(self.error, str(error))
            target = fields.get(error.field or "")
            if target is not None:
                target.setFocus()
            return
        except TaslimError as error:
            show_error(self.error, str(error))
            return
        self._page_context.notifier.announce(outcome.changes)
        self.person = outcome.value
        self.accept()
