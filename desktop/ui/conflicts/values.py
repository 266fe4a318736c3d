"""How a record in conflict reads: its kind, its fields' names, and each value as short text.

A head's payload holds stored values (ids, enum values, UTC times); the supervisor reads names,
labels and local times instead. References to districts, units, people and checkpoints are
shown by name when the record is known here; anything else is shown as compact text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES
from desktop.domain.enums import (
    CERTIFICATE_STATE_LABELS,
    CHECKPOINT_KIND_LABELS,
    CHECKPOINT_STATUS_LABELS,
    HANDOVER_STATE_LABELS,
    INSPECTION_STATE_LABELS,
    ROLE_LABELS,
    SIGNATURE_PARTY_LABELS,
    EntityKind,
    EquipmentCondition,
    ItemAnswer,
    UnitKind,
)
from desktop.domain.errors import TaslimError
from desktop.i18n import N_, _, is_right_to_left
from desktop.services.conflicts import HeadVersion
from desktop.ui.record_lists.display import (
    in_language,
    local_time_text,
    ltr,
)

MAX_VALUE_CHARS = 400  # longer values (a whole inspection's answers) are cut; the tooltip has all
EMPTY = "—"

ENTITY_LABELS: dict[EntityKind, str] = {
    EntityKind.DISTRICT: N_("District"),
    EntityKind.UNIT: N_("Unit"),
    EntityKind.CHECKPOINT: N_("Checkpoint"),
    EntityKind.PERSON: N_("Person"),
    EntityKind.ACCOUNT: N_("Account"),
    EntityKind.DEVICE: N_("Laptop"),
    EntityKind.INSPECTION: N_("Inspection"),
    EntityKind.HANDOVER: N_("Handover"),
    EntityKind.CHECKLIST_RESPONSE: N_("Checklist answer"),
    EntityKind.EQUIPMENT_LINE: N_("Equipment line"),
    EntityKind.ATTACHMENT: N_("Photo or attachment"),
    EntityKind.HANDOVER_SIGNATURE: N_("Handover signature"),
    EntityKind.TRUST_ANCHOR: N_("Trusted authority"),
    EntityKind.SIGNING_CERTIFICATE: N_("Signing certificate"),
    EntityKind.CERTIFICATE: N_("Handover certificate"),
}

FIELD_LABELS: dict[str, str] = {
    "code": N_("Code"),
    "name_ar": N_("Name in Arabic"),
    "name_en": N_("Name in English"),
    "name": N_("Name"),
    "district_id": N_("District"),
    "kind": N_("Kind"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "holder_unit_id": N_("Held by"),
    "status": N_("Status"),
    "rank": N_("Rank"),
    "badge": N_("Badge number"),
    "unit_id": N_("Unit"),
    "person_id": N_("Person"),
    "username": N_("User name"),
    "role": N_("Role"),
    "password_hash": N_("Password (protected)"),
    "active": N_("Account active"),
    "short_code": N_("Laptop code"),
    "public_key": N_("Public key"),
    "checkpoint_id": N_("Checkpoint"),
    "template_id": N_("Form"),
    "template_version": N_("Form version"),
    "inspector_id": N_("Inspector"),
    "inspected_at": N_("Inspected at"),
    "utc_offset_minutes": N_("Time zone offset"),
    "answers": N_("Answers"),
    "photo_ids": N_("Photos"),
    "state": N_("State"),
    "amend_reason": N_("Reason for the amendment"),
    "officer_id": N_("Officer"),
    "handing_unit_id": N_("Handing-over unit"),
    "handing_rep_id": N_("Handing-over representative"),
    "receiving_unit_id": N_("Receiving unit"),
    "receiving_rep_id": N_("Receiving representative"),
    "witness_ids": N_("Witnesses"),
    "handover_at": N_("Handover time"),
    "assumed_duty_at": N_("Assumed duty at"),
    "departure_at": N_("Departed at"),
    "notes": N_("Notes"),
    "reason": N_("Reason"),
    "handover_id": N_("Handover"),
    "item_key": N_("Checklist item"),
    "answer": N_("Answer"),
    "note": N_("Note"),
    "evidence_ids": N_("Evidence photos"),
    "item": N_("Item"),
    "quantity": N_("Quantity"),
    "serials": N_("Serial numbers"),
    "condition": N_("Condition"),
    "sha256": N_("File fingerprint"),
    "media_type": N_("File type"),
    "size": N_("Size in bytes"),
    "owner_id": N_("Belongs to"),
    "party": N_("Party"),
    "strokes": N_("Handwriting"),
    "image_sha256": N_("Picture fingerprint"),
    "captured_at": N_("Signed at"),
    "certificate_pem": N_("Certificate text"),
    "fingerprint": N_("Fingerprint"),
    "holder_kind": N_("Kind of holder"),
    "holder_id": N_("Held by"),
    "key_id": N_("Key"),
    "not_after": N_("Valid until"),
    "issuer_fingerprint": N_("Issuer's fingerprint"),
    "serial": N_("Serial number"),
    "handover_rev_id": N_("Handover version"),
    "content_hash": N_("Content fingerprint"),
    "reprints": N_("Copies printed"),
    "void_reason": N_("Reason for voiding"),
    "supersedes_id": N_("Replaces certificate"),
    "pdf_sha256": N_("PDF fingerprint"),
    "issued_at": N_("Issued at"),
    "clerk_id": N_("Clerk"),
    "device_code": N_("Laptop code"),
}

_UNIT_KIND_LABELS = {
    UnitKind.FACTION: N_("Faction"),
    UnitKind.ARMY: N_("Army"),
    UnitKind.POLICE: N_("Police"),
    UnitKind.LOCAL_GOVERNMENT: N_("Local government"),
}
_ANSWER_LABELS = {
    ItemAnswer.DONE: N_("Done"),
    ItemAnswer.NOT_DONE: N_("Not done"),
    ItemAnswer.NOT_APPLICABLE: N_("Not applicable"),
}
_CONDITION_LABELS = {
    EquipmentCondition.GOOD: N_("Good"),
    EquipmentCondition.NEEDS_REPAIR: N_("Needs repair"),
    EquipmentCondition.UNSERVICEABLE: N_("Unserviceable"),
}
# Stored words of a closed vocabulary, by (kind of record, field): shown with their label.
_CHOICES: dict[tuple[EntityKind | None, str], Mapping[Any, str]] = {
    (EntityKind.CHECKPOINT, "kind"): CHECKPOINT_KIND_LABELS,
    (EntityKind.CHECKPOINT, "status"): CHECKPOINT_STATUS_LABELS,
    (EntityKind.UNIT, "kind"): _UNIT_KIND_LABELS,
    (EntityKind.HANDOVER, "state"): HANDOVER_STATE_LABELS,
    (EntityKind.INSPECTION, "state"): INSPECTION_STATE_LABELS,
    (EntityKind.CERTIFICATE, "state"): CERTIFICATE_STATE_LABELS,
    (None, "role"): ROLE_LABELS,
    (None, "party"): SIGNATURE_PARTY_LABELS,
    (None, "answer"): _ANSWER_LABELS,
    (None, "condition"): _CONDITION_LABELS,
}
_TIMES = frozenset({"inspected_at", "handover_at", "assumed_duty_at", "departure_at",
                    "captured_at", "issued_at", "not_after"})
# Fields holding the id of another record, and which kind of record that is.
_REFERENCES: dict[str, EntityKind] = {
    "district_id": EntityKind.DISTRICT,
    "holder_unit_id": EntityKind.UNIT,
    "unit_id": EntityKind.UNIT,
    "handing_unit_id": EntityKind.UNIT,
    "receiving_unit_id": EntityKind.UNIT,
    "person_id": EntityKind.PERSON,
    "inspector_id": EntityKind.PERSON,
    "officer_id": EntityKind.PERSON,
    "handing_rep_id": EntityKind.PERSON,
    "receiving_rep_id": EntityKind.PERSON,
    "witness_ids": EntityKind.PERSON,
    "clerk_id": EntityKind.PERSON,
    "checkpoint_id": EntityKind.CHECKPOINT,
}


def entity_label(kind: EntityKind) -> str:
    label = ENTITY_LABELS.get(kind)
    return _(label) if label else str(kind)


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else ltr(name)


class Names:
    """Names of the records a payload points at, read once per conflict shown.

    ``lookup(kind, id)`` returns the name in the interface language or None; reading the
    names may fail (a busy database): the ids are then shown as they are.
    """

    def __init__(self, people: Callable[[], Mapping[str, tuple[str, str]]],
                 places: Callable[[EntityKind], Mapping[str, tuple[str, str]]],
                 checkpoint: Callable[[str], tuple[str, str, str] | None]) -> None:
        self._people_source = people
        self._places_source = places
        self._checkpoint_source = checkpoint
        self._known: dict[EntityKind, Mapping[str, tuple[str, str]]] = {}
        self._checkpoints: dict[str, str | None] = {}

    def lookup(self, kind: EntityKind, record_id: str) -> str | None:
        if kind is EntityKind.CHECKPOINT:
            if record_id not in self._checkpoints:
                found = self._safely(lambda: self._checkpoint_source(record_id), None)
                self._checkpoints[record_id] = (
                    None if found is None
                    else f"{ltr(found[0])} — {in_language(found[1], found[2])}")
            return self._checkpoints[record_id]
        if kind not in self._known:
            source = (self._people_source if kind is EntityKind.PERSON
                      else lambda: self._places_source(kind))
            self._known[kind] = self._safely(source, {})
        names = self._known[kind].get(record_id)
        return in_language(*names) if names else None

    def person(self, author: str) -> str:
        """A version's author (the service gives the English name) in the reading language."""
        if not is_right_to_left():
            return author
        for name_ar, name_en in self._known_people().values():
            if author in (name_en, name_ar):
                return in_language(name_ar, name_en)
        return author

    def _known_people(self) -> Mapping[str, tuple[str, str]]:
        if EntityKind.PERSON not in self._known:
            self._known[EntityKind.PERSON] = self._safely(self._people_source, {})
        return self._known[EntityKind.PERSON]

    @staticmethod
    def _safely(read: Callable[[], Any], default: Any) -> Any:
        try:
            return read()
        except TaslimError:
            return default


def value_text(kind: EntityKind, name: str, value: Any, payload: Mapping[str, Any],
               names: Names | None = None) -> str:
    """One field's value as the supervisor reads it (may be long; see ``short``)."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    labels = _CHOICES.get((kind, name)) or _CHOICES.get((None, name))
    if labels is not None and isinstance(value, str) and value in labels:
        return _(labels[value])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in _TIMES and isinstance(value, str):
        offset = payload.get("utc_offset_minutes")
        return local_time_text(value, offset if isinstance(offset, int)
                               else BAGHDAD_OFFSET_MINUTES)
    reference = _REFERENCES.get(name)
    if reference is not None and names is not None:
        ids = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(i, str) for i in ids):
            return list_separator().join(names.lookup(reference, i) or ltr(i) for i in ids)
    if isinstance(value, dict | list | tuple):
        return ltr(compact(value))
    if isinstance(value, float | int):
        return ltr(str(value))
    return str(value)


def compact(value: Any, nested: bool = False) -> str:
    """Nested values (an inspection's answers) as one line: ``a: 1; b: (c: 2, d: [3, 4])``."""
    if isinstance(value, dict):
        text = (", " if nested else "; ").join(
            f"{key}: {compact(item, True)}" for key, item in value.items())
        return f"({text})" if nested else text
    if isinstance(value, list | tuple):
        text = ", ".join(compact(item, True) for item in value)
        return f"[{text}]" if nested else text
    if isinstance(value, str):
        return value or EMPTY
    return json.dumps(value, ensure_ascii=False)


def short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def head_values(kind: EntityKind, head: HeadVersion, fields: list[str],
                names: Names | None) -> dict[str, str]:
    payload = head.payload or {}
    return {name: value_text(kind, name, payload.get(name), payload, names) for name in fields}


def list_separator() -> str:
    return "، " if is_right_to_left() else ", "
