"""This machine's device row: identity, clock and sequence counters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from desktop.storage.tables import LocalDeviceRow, table

_device = table(LocalDeviceRow)


@dataclass(frozen=True, slots=True)
class LocalDevice:
    device_id: str
    short_code: str
    public_key: str
    private_key_pem: bytes
    hlc: int
    seq: int
    last_rev_id: str | None
    created_at: str


def load_local_device(connection: Connection) -> LocalDevice | None:
    row = connection.execute(select(_device)).first()
    if row is None:
        return None
    return LocalDevice(
        device_id=row.device_id,
        short_code=row.short_code,
        public_key=row.public_key,
        private_key_pem=bytes(row.private_key_pem),
        hlc=row.hlc,
        seq=row.seq,
        last_rev_id=row.last_rev_id,
        created_at=row.created_at,
    )


def insert_local_device(connection: Connection, device: LocalDevice) -> None:
    connection.execute(
        insert(_device).values(
            device_id=device.device_id,
            short_code=device.short_code,
            public_key=device.public_key,
            private_key_pem=device.private_key_pem,
            hlc=device.hlc,
            seq=device.seq,
            last_rev_id=device.last_rev_id,
            created_at=device.created_at,
        )
    )
