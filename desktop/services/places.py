"""Districts, units, checkpoints and people: the reference records other records point at."""

from __future__ import annotations

from desktop.domain.entities import Checkpoint, District, Person, Unit
from desktop.domain.errors import ValidationError
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.base import Outcome, Session, Store


def _require_text(value: str, field: str, label: str) -> None:
    if not value.strip():
        raise ValidationError(_("Enter the {label}.").format(label=label), field)


def _check_coordinates(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Enter both latitude and longitude, or neither."), "latitude")
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError(_("Latitude must be between -90 and 90 degrees."), "latitude")
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError(_("Longitude must be between -180 and 180 degrees."), "longitude")


class PlacesService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def save_district(self, session: Session, district: District) -> Outcome[District]:
        _require_text(district.code, "code", _("district code"))
        _require_text(district.name_ar, "name_ar", _("Arabic name"))
        _require_text(district.name_en, "name_en", _("English name"))
        with self._store.change(session, Action.MANAGE_PLACES) as changes:
            changes.put(district)
        return Outcome(district, self._store.report(changes.drafts))

    def save_unit(self, session: Session, unit: Unit) -> Outcome[Unit]:
        _require_text(unit.name_ar, "name_ar", _("Arabic name"))
        _require_text(unit.name_en, "name_en", _("English name"))
        with self._store.change(session, Action.MANAGE_PLACES) as changes:
            changes.put(unit)
        return Outcome(unit, self._store.report(changes.drafts))

    def save_checkpoint(self, session: Session, checkpoint: Checkpoint) -> Outcome[Checkpoint]:
        _require_text(checkpoint.code, "code", _("checkpoint code"))
        _require_text(checkpoint.name_ar, "name_ar", _("Arabic name"))
        _require_text(checkpoint.name_en, "name_en", _("English name"))
        _check_coordinates(checkpoint.latitude, checkpoint.longitude)
        with self._store.change(session, Action.MANAGE_PLACES) as changes:
            changes.load(District, checkpoint.district_id)
            changes.put(checkpoint)
        return Outcome(checkpoint, self._store.report(changes.drafts))

    def save_person(self, session: Session, person: Person) -> Outcome[Person]:
        _require_text(person.name_ar, "name_ar", _("Arabic name"))
        _require_text(person.name_en, "name_en", _("English name"))
        with self._store.change(session, Action.RECORD_PEOPLE) as changes:
            changes.put(person)
        return Outcome(person, self._store.report(changes.drafts))
