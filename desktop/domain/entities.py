"""Entities as immutable values, each with its revision payload.

A record's id is the revision's ``record_id`` and is not part of the payload. ``from_payload``
checks every field against the type hints, so a payload from another device or an old schema is
refused with a sentence rather than stored half-understood.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints

from desktop.domain.clock import parse_utc_text
from desktop.domain.enums import (
    CertificateState,
    CheckpointKind,
    CheckpointStatus,
    EntityKind,
    EquipmentCondition,
    HandoverState,
    InspectionState,
    ItemAnswer,
    Role,
    SignatureParty,
    UnitKind,
)
from desktop.domain.errors import ValidationError
from desktop.i18n import _

MAX_TEXT = 4000


@dataclasses.dataclass(frozen=True, slots=True)
class Entity:
    KIND: ClassVar[EntityKind]
    TIME_FIELDS: ClassVar[frozenset[str]] = frozenset()

    id: str

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            if field.name == "id":
                continue
            payload[field.name] = _to_json(getattr(self, field.name))
        return payload

    @classmethod
    def from_payload(cls, record_id: str, payload: dict[str, Any]) -> Self:
        if not isinstance(payload, dict):
            raise ValidationError(_("A {entity} record is not an object.").format(entity=cls.KIND))
        hints = get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "id"}
        names = list(fields)
        unknown = sorted(set(payload) - set(names))
        if unknown:
            raise ValidationError(
                _("A {entity} record has fields this version does not know: {fields}.").format(
                    entity=cls.KIND, fields=", ".join(unknown)
                )
            )
        values: dict[str, Any] = {"id": record_id}
        for name in names:
            if name not in payload and fields[name].default is not dataclasses.MISSING:
                # A field added in a later version: older records simply do not carry it.
                values[name] = fields[name].default
                continue
            if name not in payload:
                raise ValidationError(
                    _("A {entity} record lacks the field “{field}”.").format(
                        entity=cls.KIND, field=name
                    ),
                    name,
                )
            values[name] = _coerce(hints[name], payload[name], cls.KIND, name)
            if name in cls.TIME_FIELDS and values[name] is not None:
                parse_utc_text(values[name], name)
        return cls(**values)

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)


def _to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    return value


def _coerce(hint: Any, value: Any, entity: str, field: str) -> Any:
    def refuse() -> ValidationError:
        return ValidationError(
            _("The field “{field}” of a {entity} record has a value of the wrong kind.").format(
                field=field, entity=entity
            ),
            field,
        )

    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = get_args(hint)
        if value is None:
            if type(None) in options:
                return None
            raise refuse()
        inner = [option for option in options if option is not type(None)]
        return _coerce(inner[0], value, entity, field)
    if value is None:
        raise refuse()
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise refuse()
        (item_hint, _ellipsis) = get_args(hint)
        return tuple(_coerce(item_hint, item, entity, field) for item in value)
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise refuse()
        return dict(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise refuse() from None
    if hint is bool:
        if not isinstance(value, bool):
            raise refuse()
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse()
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise refuse()
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise refuse()
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("The field “{field}” is longer than {limit} characters.").format(
                    field=field, limit=MAX_TEXT
                ),
                field,
            )
        return value
    if hint is typing.Any:
        return value
    raise TypeError(f"no payload rule for {hint!r}")


@dataclasses.dataclass(frozen=True, slots=True)
class District(Entity):
    KIND = EntityKind.DISTRICT
    code: str
    name_ar: str
    name_en: str


@dataclasses.dataclass(frozen=True, slots=True)
class Unit(Entity):
    """A party to a handover: a faction unit, an army unit, a police unit, local government."""

    KIND = EntityKind.UNIT
    name_ar: str
    name_en: str
    kind: UnitKind


@dataclasses.dataclass(frozen=True, slots=True)
class Checkpoint(Entity):
    KIND = EntityKind.CHECKPOINT
    code: str
    name_ar: str
    name_en: str
    district_id: str
    kind: CheckpointKind
    latitude: float | None
    longitude: float | None
    holder_unit_id: str | None
    status: CheckpointStatus


@dataclasses.dataclass(frozen=True, slots=True)
class Person(Entity):
    KIND = EntityKind.PERSON
    name_ar: str
    name_en: str
    rank: str
    badge: str
    unit_id: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class Account(Entity):
    """A person who logs in. The password hash is argon2id; the role decides what they may do."""

    KIND = EntityKind.ACCOUNT
    person_id: str
    username: str
    role: Role
    password_hash: str
    active: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Device(Entity):
    KIND = EntityKind.DEVICE
    short_code: str
    name: str
    public_key: str


@dataclasses.dataclass(frozen=True, slots=True)
class Inspection(Entity):
    KIND = EntityKind.INSPECTION
    TIME_FIELDS = frozenset({"inspected_at"})
    checkpoint_id: str
    template_id: str
    template_version: int
    inspector_id: str
    inspected_at: str
    utc_offset_minutes: int
    latitude: float | None
    longitude: float | None
    answers: dict[str, Any]
    photo_ids: tuple[str, ...]
    state: InspectionState
    amend_reason: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Handover(Entity):
    KIND = EntityKind.HANDOVER
    TIME_FIELDS = frozenset({"handover_at", "assumed_duty_at", "departure_at"})
    checkpoint_id: str
    state: HandoverState
    template_id: str
    template_version: int
    officer_id: str
    handing_unit_id: str | None
    handing_rep_id: str | None
    receiving_unit_id: str | None
    receiving_rep_id: str | None
    witness_ids: tuple[str, ...]
    handover_at: str | None
    assumed_duty_at: str | None
    departure_at: str | None
    utc_offset_minutes: int
    notes: str
    reason: str | None  # why it was amended or voided


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistResponse(Entity):
    """One checklist item of one handover: its own record, so two people never conflict."""

    KIND = EntityKind.CHECKLIST_RESPONSE
    handover_id: str
    item_key: str
    answer: ItemAnswer | None
    note: str
    evidence_ids: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class EquipmentLine(Entity):
    KIND = EntityKind.EQUIPMENT_LINE
    handover_id: str
    item: str
    quantity: int
    serials: tuple[str, ...]
    condition: EquipmentCondition


@dataclasses.dataclass(frozen=True, slots=True)
class Attachment(Entity):
    """Metadata of a content-addressed file (photo, signature image); bytes live by sha256."""

    KIND = EntityKind.ATTACHMENT
    sha256: str
    media_type: str
    size: int
    name: str
    owner_id: str


@dataclasses.dataclass(frozen=True, slots=True)
class HandoverSignature(Entity):
    """A party's handwritten signature: the strokes (vector) and the rendered image by hash.

    Strokes are lists of [x, y] points in a 1000 x 400 box, whatever the pad's size on screen.
    """

    KIND = EntityKind.HANDOVER_SIGNATURE
    TIME_FIELDS = frozenset({"captured_at"})
    handover_id: str
    party: SignatureParty
    person_id: str
    strokes: tuple[Any, ...]
    image_sha256: str
    captured_at: str


@dataclasses.dataclass(frozen=True, slots=True)
class TrustAnchor(Entity):
    """The Command CA's certificate: what every laptop trusts signatures against."""

    KIND = EntityKind.TRUST_ANCHOR
    name: str
    certificate_pem: str
    fingerprint: str


@dataclasses.dataclass(frozen=True, slots=True)
class SigningCertificate(Entity):
    """A clerk's or a device's X.509 certificate, issued by the Command CA (public only)."""

    KIND = EntityKind.SIGNING_CERTIFICATE
    TIME_FIELDS = frozenset({"not_after"})
    holder_kind: str
    holder_id: str
    key_id: str
    certificate_pem: str
    not_after: str
    issuer_fingerprint: str


@dataclasses.dataclass(frozen=True, slots=True)
class Certificate(Entity):
    """One handover certificate in the register. Issuing, reprinting and voiding are signed acts."""

    KIND = EntityKind.CERTIFICATE
    TIME_FIELDS = frozenset({"issued_at"})
    serial: str
    handover_id: str
    handover_rev_id: str
    content_hash: str
    state: CertificateState
    reprints: int
    void_reason: str | None
    supersedes_id: str | None
    pdf_sha256: str
    issued_at: str
    utc_offset_minutes: int
    clerk_id: str
    key_id: str
    device_code: str


ENTITY_TYPES: dict[EntityKind, type[Entity]] = {
    cls.KIND: cls
    for cls in (
        District,
        Unit,
        Checkpoint,
        Person,
        Account,
        Device,
        Inspection,
        Handover,
        ChecklistResponse,
        EquipmentLine,
        Attachment,
        HandoverSignature,
        TrustAnchor,
        SigningCertificate,
        Certificate,
    )
}


def entity_from_payload(kind: EntityKind, record_id: str, payload: dict[str, Any]) -> Entity:
    return ENTITY_TYPES[kind].from_payload(record_id, payload)
