"""Gathering what a certificate says from the handover's records (no signing, no storage)."""

from __future__ import annotations

import re

from desktop.domain.certificate import (
    CertificateData,
    CertificateKind,
    EquipmentLineInfo,
    ExceptionLine,
    PartyLine,
    PersonLine,
    SignatureLine,
)
from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import Checkpoint, District, Handover, Person, Unit
from desktop.domain.enums import HandoverState, ItemAnswer, SignatureParty
from desktop.domain.errors import ValidationError
from desktop.domain.rules import check_continuity
from desktop.domain.templates import ChecklistTemplate
from desktop.i18n import _
from desktop.services.base import Store, load_required
from desktop.services.handovers import HandoverParts
from desktop.storage.queries import winner_revision

SERIAL_PREFIX = "ANB"
_SERIAL = re.compile(r"^ANB-([A-Z0-9]{2,8})-(\d{4})-(\d{6})$")
CERTIFIABLE = frozenset({HandoverState.SIGNED, HandoverState.CERTIFIED})


def format_serial(device_code: str, year: int, sequence: int) -> str:
    """``ANB-R07-2026-000123``: unique without connectivity because the device code is in it."""
    if not 1 <= sequence <= 999_999:
        raise ValueError("a certificate sequence runs from 1 to 999999 per device and year")
    return f"{SERIAL_PREFIX}-{device_code}-{year:04d}-{sequence:06d}"


def parse_serial(serial: str) -> tuple[str, int, int]:
    match = _SERIAL.match(serial)
    if match is None:
        raise ValidationError(
            _("“{serial}” is not a certificate serial number.").format(serial=serial)
        )
    return match.group(1), int(match.group(2)), int(match.group(3))


def _person(person: Person) -> PersonLine:
    return PersonLine(person.name_ar, person.name_en, person.rank, person.badge)


class CertificateAssembler:
    def __init__(self, store: Store, template: ChecklistTemplate) -> None:
        self._store = store
        self._template = template

    def assemble(
        self,
        parts: HandoverParts,
        *,
        serial: str,
        clerk: Person,
        device_code: str,
        utc_offset_minutes: int,
        kind: CertificateKind = CertificateKind.ORIGINAL,
        copy_number: int = 0,
        void_reason: str | None = None,
        supersedes_serial: str | None = None,
    ) -> CertificateData:
        handover = parts.handover
        if handover.state not in CERTIFIABLE:
            raise ValidationError(
                _("Only a finalized (signed) handover can be certified; finish it first.")
            )
        with self._store.read() as connection:
            checkpoint = load_required(connection, Checkpoint, handover.checkpoint_id)
            district = load_required(connection, District, checkpoint.district_id)

            def unit(unit_id: str | None) -> Unit:
                return load_required(connection, Unit, unit_id or "")

            def person(person_id: str | None) -> Person:
                return load_required(connection, Person, person_id or "")

            handing = PartyLine(
                unit(handover.handing_unit_id).name_ar,
                unit(handover.handing_unit_id).name_en,
                _person(person(handover.handing_rep_id)),
            )
            receiving = PartyLine(
                unit(handover.receiving_unit_id).name_ar,
                unit(handover.receiving_unit_id).name_en,
                _person(person(handover.receiving_rep_id)),
            )
            witnesses = tuple(_person(person(w)) for w in handover.witness_ids)
            signatures = tuple(
                SignatureLine(
                    party.value,
                    person(sig.person_id).name_ar,
                    person(sig.person_id).name_en,
                    tuple(tuple((int(x), int(y)) for x, y in stroke) for stroke in sig.strokes),
                )
                for party in SignatureParty
                if (sig := parts.signatures.get(party)) is not None
            )
            revision = winner_revision(connection, handover.id)
        assert revision is not None
        return CertificateData(
            serial=serial,
            kind=kind,
            copy_number=copy_number,
            void_reason=void_reason,
            supersedes_serial=supersedes_serial,
            issued_at=to_utc_text(utc_now()),
            utc_offset_minutes=utc_offset_minutes,
            checkpoint_code=checkpoint.code,
            checkpoint_ar=checkpoint.name_ar,
            checkpoint_en=checkpoint.name_en,
            district_ar=district.name_ar,
            district_en=district.name_en,
            latitude=checkpoint.latitude,
            longitude=checkpoint.longitude,
            handing=handing,
            receiving=receiving,
            witnesses=witnesses,
            handover_at=handover.handover_at,
            assumed_duty_at=handover.assumed_duty_at,
            departure_at=handover.departure_at,
            gap_minutes=_gap(handover),
            checklist_total=len(self._template.items),
            checklist_done=_count(parts, ItemAnswer.DONE),
            checklist_not_applicable=_count(parts, ItemAnswer.NOT_APPLICABLE),
            exceptions=self._exceptions(parts),
            equipment=tuple(
                EquipmentLineInfo(line.item, line.quantity, line.serials, line.condition.value)
                for line in parts.equipment
                if line.quantity > 0
            ),
            signatures=signatures,
            clerk=_person(clerk),
            issuing_device=device_code,
            handover_id=handover.id,
            handover_rev_id=revision.rev_id,
        )

    def _exceptions(self, parts: HandoverParts) -> tuple[ExceptionLine, ...]:
        lines = []
        for item in self._template.items:
            response = parts.responses.get(item.key)
            if response is not None and response.answer is ItemAnswer.NOT_DONE:
                lines.append(ExceptionLine(item.number, item.text_ar, item.text_en, response.note))
        return tuple(lines)


def _count(parts: HandoverParts, answer: ItemAnswer) -> int:
    return sum(1 for r in parts.responses.values() if r.answer is answer)


def _gap(handover: Handover) -> int | None:
    check = check_continuity(handover.assumed_duty_at, handover.departure_at)
    return check.minutes if check.has_gap else None
