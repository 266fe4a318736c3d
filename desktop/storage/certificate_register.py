"""The certificate register: serial numbers, lookups by serial and handover, and the list."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from desktop.domain.text import like_pattern
from desktop.storage.tables import CertificateRow, CheckpointRow, HandoverRow, table

_certificate = table(CertificateRow)
_handover = table(HandoverRow)
_checkpoint = table(CheckpointRow)


def next_sequence(connection: Connection, prefix: str) -> int:
    """The next number after the highest serial starting with ``prefix`` (e.g. ANB-R07-2026-).

    Called inside the issuing write transaction (BEGIN IMMEDIATE), so two issues on this
    laptop can never take the same number; other laptops have other device codes.
    """
    highest = connection.execute(
        select(func.max(_certificate.c.serial)).where(_certificate.c.serial.like(prefix + "%"))
    ).scalar()
    return 1 if highest is None else int(str(highest)[len(prefix) :]) + 1


def ids_by_serial(connection: Connection, serial: str) -> list[str]:
    return list(
        connection.execute(
            select(_certificate.c.id).where(_certificate.c.serial == serial)
        ).scalars()
    )


def ids_for_handover(connection: Connection, handover_id: str) -> list[str]:
    return list(
        connection.execute(
            select(_certificate.c.id)
            .where(_certificate.c.handover_id == handover_id)
            .order_by(_certificate.c.issued_at)
        ).scalars()
    )


def register_ids(connection: Connection, text: str = "", state: str | None = None) -> list[str]:
    """Certificates newest first, filtered by serial, checkpoint code or name, and state."""
    query = (
        select(_certificate.c.id)
        .select_from(
            _certificate.join(_handover, _handover.c.id == _certificate.c.handover_id).join(
                _checkpoint, _checkpoint.c.id == _handover.c.checkpoint_id
            )
        )
        .order_by(_certificate.c.issued_at.desc(), _certificate.c.serial.desc())
    )
    if text.strip():
        pattern = like_pattern(text)
        query = query.where(
            or_(
                *(
                    func.taslim_fold(column).like(pattern, escape="\\")
                    for column in (
                        _certificate.c.serial,
                        _checkpoint.c.code,
                        _checkpoint.c.name_ar,
                        _checkpoint.c.name_en,
                    )
                )
            )
        )
    if state:
        query = query.where(_certificate.c.state == state)
    return list(connection.execute(query).scalars())
