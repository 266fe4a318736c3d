"""What a handover certificate carries, as one immutable value.

The same value feeds the PDF, the JSON attachment inside it, the document metadata and the
hash in the QR code, so the paper, the file and the register can never say different things.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.domain.canonical import canonical_bytes, sha256_hex

CERTIFICATE_FORMAT = 1


class CertificateKind(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"  # a reprint: "COPY / نسخة"
    VOID = "void"  # "VOID / ملغاة" with the reason


@dataclass(frozen=True, slots=True)
class PersonLine:
    name_ar: str
    name_en: str
    rank: str
    badge: str


@dataclass(frozen=True, slots=True)
class PartyLine:
    unit_ar: str
    unit_en: str
    representative: PersonLine


@dataclass(frozen=True, slots=True)
class ExceptionLine:
    """A checklist item marked "not done": every one is printed."""

    number: int
    text_ar: str
    text_en: str
    note: str


@dataclass(frozen=True, slots=True)
class EquipmentLineInfo:
    item: str
    quantity: int
    serials: tuple[str, ...]
    condition: str


@dataclass(frozen=True, slots=True)
class SignatureLine:
    party: str  # handing / receiving / witness
    name_ar: str
    name_en: str
    strokes: tuple[tuple[tuple[int, int], ...], ...]  # in the 1000 x 400 pad box


@dataclass(frozen=True, slots=True)
class CertificateData:
    serial: str  # e.g. ANB-R07-2026-000123
    kind: CertificateKind
    copy_number: int  # 0 for the original, 1.. for reprints
    void_reason: str | None
    supersedes_serial: str | None
    issued_at: str  # UTC text
    utc_offset_minutes: int
    checkpoint_code: str
    checkpoint_ar: str
    checkpoint_en: str
    district_ar: str
    district_en: str
    latitude: float | None
    longitude: float | None
    handing: PartyLine
    receiving: PartyLine
    witnesses: tuple[PersonLine, ...]
    handover_at: str | None
    assumed_duty_at: str | None
    departure_at: str | None
    gap_minutes: int | None  # None: no gap; >0: the checkpoint was unmanned that long
    checklist_total: int
    checklist_done: int
    checklist_not_applicable: int
    exceptions: tuple[ExceptionLine, ...]
    equipment: tuple[EquipmentLineInfo, ...]
    signatures: tuple[SignatureLine, ...]
    clerk: PersonLine
    issuing_device: str  # short code
    handover_id: str
    handover_rev_id: str

    def to_json(self) -> dict[str, Any]:
        """The certificate's data in logical order, for the JSON attachment and the hash."""
        data: dict[str, Any] = _jsonable(dataclasses.asdict(self))
        data["format"] = CERTIFICATE_FORMAT
        return data

    def content_hash(self) -> str:
        """sha256 of the canonical JSON of what the certificate says (kind and copy excluded,
        so an original, its reprints and its voiding all name the same content)."""
        data = self.to_json()
        for key in ("kind", "copy_number", "void_reason"):
            data.pop(key)
        return sha256_hex(canonical_bytes(data))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value
