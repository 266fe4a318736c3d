"""Rows of the certificate register and the live certificates of handovers, for the clerk's lists.

The register's order and filter are ``certificate_register.register_ids``; this module turns ids
into the rows a table shows, in one query per block of ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from desktop.storage.tables import CertificateRow, CheckpointRow, HandoverRow, PersonRow, table

_certificate = table(CertificateRow)
_handover = table(HandoverRow)
_checkpoint = table(CheckpointRow)
_person = table(PersonRow)

ISSUED = "issued"  # CertificateState.ISSUED; storage speaks the stored text


@dataclass(frozen=True, slots=True)
class CertificateListRow:
    id: str
    serial: str
    state: str
    reprints: int
    issued_at: str
    utc_offset_minutes: int
    handover_id: str
    checkpoint_code: str
    checkpoint_ar: str
    checkpoint_en: str
    clerk_ar: str | None
    clerk_en: str | None
    void_reason: str | None


def certificate_rows(connection: Connection, ids: Sequence[str]) -> dict[str, CertificateListRow]:
    if not ids:
        return {}
    query = (
        select(
            _certificate.c.id,
            _certificate.c.serial,
            _certificate.c.state,
            _certificate.c.reprints,
            _certificate.c.issued_at,
            _certificate.c.utc_offset_minutes,
            _certificate.c.handover_id,
            _checkpoint.c.code.label("checkpoint_code"),
            _checkpoint.c.name_ar.label("checkpoint_ar"),
            _checkpoint.c.name_en.label("checkpoint_en"),
            _person.c.name_ar.label("clerk_ar"),
            _person.c.name_en.label("clerk_en"),
            _certificate.c.void_reason,
        )
        .select_from(
            _certificate.join(_handover, _handover.c.id == _certificate.c.handover_id)
            .join(_checkpoint, _checkpoint.c.id == _handover.c.checkpoint_id)
            # outer: a clerk's person record may not have arrived by import yet
            .outerjoin(_person, _person.c.id == _certificate.c.clerk_id)
        )
        .where(_certificate.c.id.in_(list(ids)))
    )
    return {row.id: CertificateListRow(**row._mapping) for row in connection.execute(query)}


def live_serials(connection: Connection, handover_ids: Sequence[str]) -> dict[str, str]:
    """handover id -> serial of its issued certificate, for handovers that have one.

    A handover amended and finalized again waits for a new certificate while its old one is
    still issued; the list says which serial the new one will supersede.
    """
    if not handover_ids:
        return {}
    query = (
        select(_certificate.c.handover_id, _certificate.c.serial)
        .where(_certificate.c.handover_id.in_(list(handover_ids)))
        .where(_certificate.c.state == ISSUED)
        .order_by(_certificate.c.issued_at)
    )
    return {row.handover_id: row.serial for row in connection.execute(query)}


def state_by_serial(connection: Connection, serial: str) -> str | None:
    return connection.execute(
        select(_certificate.c.state).where(_certificate.c.serial == serial)
    ).scalar()
