"""The device's Ed25519 key: made on first run, stored encrypted, never exported.

The private key is PKCS#8 encrypted with a random secret that lives in the per-user secrets
folder, apart from the database: a copied database file alone does not yield the key.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.domain.errors import TaslimError
from desktop.i18n import _

SECRET_BYTES = 32


class DeviceKeyUnavailable(TaslimError):
    pass


@dataclass(frozen=True, slots=True)
class NewDeviceKey:
    public_key_hex: str
    encrypted_pem: bytes


def secret_path(secrets_dir: Path, device_id: str) -> Path:
    return secrets_dir / f"device-{device_id}.secret"


def create_device_key(secrets_dir: Path, device_id: str) -> NewDeviceKey:
    secrets_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_hex(SECRET_BYTES).encode("ascii")
    path = secret_path(secrets_dir, device_id)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secret)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret),
    )
    return NewDeviceKey(public_key_hex(key.public_key()), pem)


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


class DeviceSigner:
    """Signs with the device key, decrypted once when first needed."""

    def __init__(self, secrets_dir: Path, device_id: str, encrypted_pem: bytes) -> None:
        self._secrets_dir = secrets_dir
        self._device_id = device_id
        self._encrypted_pem = encrypted_pem
        self._key: Ed25519PrivateKey | None = None

    def _load(self) -> Ed25519PrivateKey:
        path = secret_path(self._secrets_dir, self._device_id)
        try:
            secret = path.read_bytes()
            key = serialization.load_pem_private_key(self._encrypted_pem, password=secret)
        except (OSError, ValueError, TypeError):
            raise DeviceKeyUnavailable(
                _(
                    "This database belongs to a device whose key is not on this computer, so "
                    "nothing can be recorded in it here. Open it on its own laptop, or import its "
                    "data at headquarters."
                )
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise DeviceKeyUnavailable(_("The device key is not an Ed25519 key."))
        return key

    def sign(self, data: bytes) -> bytes:
        return self.private_key().sign(data)

    def private_key(self) -> Ed25519PrivateKey:
        if self._key is None:
            self._key = self._load()
        return self._key


def verify_signature(public_key_hex_text: str, signature_hex: str, data: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex_text))
        key.verify(bytes.fromhex(signature_hex), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_pem(public_key_hex_text: str) -> bytes:
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex_text))
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)
