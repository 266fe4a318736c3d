"""Private keys made on this machine, stored encrypted (never synced, never exported)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from desktop.storage.tables import KeyStoreRow, table

_keys = table(KeyStoreRow)


@dataclass(frozen=True, slots=True)
class StoredKey:
    id: str
    purpose: str
    holder_id: str
    key_id: str
    encrypted_key_pem: bytes
    public_key_pem: bytes
    certificate_pem: bytes | None
    created_at: str


def _stored(row: object) -> StoredKey:
    mapping = dict(row._mapping)  # type: ignore[attr-defined]
    for name in ("encrypted_key_pem", "public_key_pem", "certificate_pem"):
        if mapping[name] is not None:
            mapping[name] = bytes(mapping[name])
    return StoredKey(**mapping)


def add_key(connection: Connection, key: StoredKey) -> None:
    connection.execute(insert(_keys).values(
        id=key.id, purpose=key.purpose, holder_id=key.holder_id, key_id=key.key_id,
        encrypted_key_pem=key.encrypted_key_pem, public_key_pem=key.public_key_pem,
        certificate_pem=key.certificate_pem, created_at=key.created_at))


def keys_for(connection: Connection, purpose: str, holder_id: str | None = None
             ) -> list[StoredKey]:
    query = select(_keys).where(_keys.c.purpose == purpose)
    if holder_id is not None:
        query = query.where(_keys.c.holder_id == holder_id)
    return [_stored(row) for row in connection.execute(query.order_by(_keys.c.created_at.desc()))]


def set_certificate(connection: Connection, key_row_id: str, certificate_pem: bytes) -> None:
    connection.execute(update(_keys).where(_keys.c.id == key_row_id)
                       .values(certificate_pem=certificate_pem))
