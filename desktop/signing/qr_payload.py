"""The QR code on a certificate: serial, content hash and a signature, checkable offline.

Text form: ``TSL1|<serial>|<sha256 of the certificate data>|<signer key id>|<signature>``,
the signature (ECDSA P-256, base64url) covering everything before it. A paper copy is
checked by scanning it and asking ``taslim verify-qr``: the signer's certificate is looked up
by key id among the enrolled certificates and must chain to the Command CA.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from desktop.domain.errors import ValidationError
from desktop.i18n import _
from desktop.signing.ca import issued_by, key_id, subject_common_name

PREFIX = "TSL1"
_SERIAL = re.compile(r"^[A-Z]{3}-[A-Z0-9]{2,8}-\d{4}-\d{6}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")
_B64URL = re.compile(r"^[A-Za-z0-9_-]{40,200}$")


class QrVerdict(StrEnum):
    VALID = "valid"
    FORGED = "forged"  # the signature does not match the text: edited or made up
    UNKNOWN_SIGNER = "unknown_signer"  # no enrolled certificate with that key id here
    UNTRUSTED_SIGNER = "untrusted_signer"  # the certificate does not chain to the Command CA


@dataclass(frozen=True, slots=True)
class QrPayload:
    serial: str
    content_hash: str
    key_id: str
    signature: bytes

    @property
    def signed_text(self) -> str:
        return f"{PREFIX}|{self.serial}|{self.content_hash}|{self.key_id}"

    def text(self) -> str:
        encoded = base64.urlsafe_b64encode(self.signature).rstrip(b"=").decode("ascii")
        return f"{self.signed_text}|{encoded}"


@dataclass(frozen=True, slots=True)
class QrCheck:
    verdict: QrVerdict
    payload: QrPayload
    signer: str | None


def make_payload(serial: str, content_hash: str, key: ec.EllipticCurvePrivateKey) -> QrPayload:
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    unsigned = QrPayload(serial, content_hash, key_id(public), b"")
    signature = key.sign(unsigned.signed_text.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    return QrPayload(serial, content_hash, unsigned.key_id, signature)


def parse_payload(text: str) -> QrPayload:
    parts = text.strip().split("|")
    if (
        len(parts) != 5
        or parts[0] != PREFIX
        or not _SERIAL.match(parts[1])
        or not _HEX64.match(parts[2])
        or not _HEX16.match(parts[3])
        or not _B64URL.match(parts[4])
    ):
        raise ValidationError(
            _(
                "This is not the QR code of a Taslim certificate, or it was not read completely. "
                "Scan it again."
            )
        )
    signature = base64.urlsafe_b64decode(parts[4] + "=" * (-len(parts[4]) % 4))
    return QrPayload(parts[1], parts[2], parts[3], signature)


def check_payload(
    payload: QrPayload, certificates: Mapping[str, bytes], trust_root_pems: list[bytes]
) -> QrCheck:
    """``certificates`` maps key ids to the enrolled signers' certificates (PEM)."""
    certificate_pem = certificates.get(payload.key_id)
    if certificate_pem is None:
        return QrCheck(QrVerdict.UNKNOWN_SIGNER, payload, None)
    signer = subject_common_name(certificate_pem)
    public_key = x509.load_pem_x509_certificate(certificate_pem).public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        return QrCheck(QrVerdict.FORGED, payload, signer)
    try:
        public_key.verify(
            payload.signature, payload.signed_text.encode("ascii"), ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        return QrCheck(QrVerdict.FORGED, payload, signer)
    if not any(issued_by(certificate_pem, root) for root in trust_root_pems):
        return QrCheck(QrVerdict.UNTRUSTED_SIGNER, payload, signer)
    return QrCheck(QrVerdict.VALID, payload, signer)
