"""The device identity, made on first run: id, short code, Ed25519 key encrypted at rest."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import Device
from desktop.domain.enums import EntityKind, Op
from desktop.domain.ids import uuid7
from desktop.signing.device_keys import DeviceSigner, create_device_key
from desktop.storage.device_store import LocalDevice, insert_local_device, load_local_device
from desktop.storage.engine import Database
from desktop.storage.revision_log import Draft, RevisionLog

SHORT_CODE_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IO")


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    device_id: str
    short_code: str
    public_key: str
    signer: DeviceSigner


def new_short_code(rng: random.Random) -> str:
    """Like ``R07``: printed in certificate serials, so it must read clearly (no I or O)."""
    return f"{rng.choice(SHORT_CODE_LETTERS)}{rng.randrange(100):02d}"


def ensure_device(
    database: Database,
    secrets_dir: Path,
    *,
    device_id: str | None = None,
    short_code: str | None = None,
    name: str | None = None,
) -> DeviceIdentity:
    """Load this database's device, or make one (and record it as a Device revision)."""
    with database.write() as connection:
        device = load_local_device(connection)
        if device is None:
            new_id = device_id or uuid7()
            key = create_device_key(secrets_dir, new_id)
            code = short_code or new_short_code(random.SystemRandom())
            device = LocalDevice(
                device_id=new_id,
                short_code=code,
                public_key=key.public_key_hex,
                private_key_pem=key.encrypted_pem,
                hlc=0,
                seq=0,
                last_rev_id=None,
                created_at=to_utc_text(utc_now()),
            )
            insert_local_device(connection, device)
            signer = DeviceSigner(secrets_dir, new_id, key.encrypted_pem)
            record = Device(
                id=new_id, short_code=code, name=name or code, public_key=device.public_key
            )
            RevisionLog(connection, signer).append(
                None, [Draft(new_id, EntityKind.DEVICE, Op.PUT, record.to_payload())]
            )
            return DeviceIdentity(new_id, code, device.public_key, signer)
    signer = DeviceSigner(secrets_dir, device.device_id, device.private_key_pem)
    return DeviceIdentity(device.device_id, device.short_code, device.public_key, signer)
