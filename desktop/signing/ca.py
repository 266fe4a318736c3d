"""The Command CA and offline enrolment: request files, signed answers, imported certificates.

The Command CA's root key lives on the supervisor's machine, encrypted with a passphrase.
A clerk's (or a device's) key is made on its own laptop; only a certificate signing request
leaves it, on a USB stick, and the signed certificate comes back the same way. Private keys
never travel. Keys are ECDSA P-256: PDF readers (NSS, Adobe) and pyHanko all verify them.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.domain.canonical import sha256_hex
from desktop.domain.errors import TaslimError, ValidationError
from desktop.i18n import _

ORGANIZATION = "Anbar Police Command"
CA_NAME = "Taslim Command CA"
CA_YEARS = 15
HOLDER_DAYS = 3 * 365
MIN_PASSPHRASE = 10
REQUEST_FORMAT = "taslim-enrolment-request/1"
ANSWER_FORMAT = "taslim-enrolment-answer/1"
# A request or an answer is a few kilobytes; anything much larger is not one (read no further).
MAX_ENROLMENT_FILE_BYTES = 64 * 1024
FINGERPRINT_GROUPS = 6
_OTHER_PROGRAM_MARKS = (b"-----BEGIN CERTIFICATE REQUEST-----",
                        b"-----BEGIN NEW CERTIFICATE REQUEST-----")


class HolderKind(StrEnum):
    CLERK = "clerk"
    DEVICE = "device"


class WrongPassphrase(TaslimError):
    exit_code = 3


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A private key, encrypted, and what may be shown of it."""

    encrypted_key_pem: bytes
    public_key_pem: bytes


@dataclass(frozen=True, slots=True)
class CommandCA:
    certificate_pem: bytes
    encrypted_key_pem: bytes

    @property
    def fingerprint(self) -> str:
        return certificate_fingerprint(self.certificate_pem)


@dataclass(frozen=True, slots=True)
class EnrolmentRequest:
    kind: HolderKind
    holder_id: str  # person id of a clerk, or device id
    display_name: str
    csr_pem: bytes

    def to_file(self) -> bytes:
        return json.dumps(
            {
                "format": REQUEST_FORMAT,
                "kind": self.kind.value,
                "holder_id": self.holder_id,
                "display_name": self.display_name,
                "csr": self.csr_pem.decode("ascii"),
            },
            ensure_ascii=False,
            indent=2,
        ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class EnrolmentAnswer:
    certificate_pem: bytes
    ca_certificate_pem: bytes

    def to_file(self) -> bytes:
        return json.dumps(
            {
                "format": ANSWER_FORMAT,
                "certificate": self.certificate_pem.decode("ascii"),
                "ca_certificate": self.ca_certificate_pem.decode("ascii"),
            },
            indent=2,
        ).encode("utf-8")


def _check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            _("A passphrase needs at least {count} characters.").format(count=MIN_PASSPHRASE),
            "passphrase",
        )
    return passphrase.encode("utf-8")


def _encrypt(key: ec.EllipticCurvePrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_check_passphrase(passphrase)),
    )


def load_private_key(encrypted_pem: bytes, passphrase: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(encrypted_pem, password=passphrase.encode())
    except (ValueError, TypeError):
        raise WrongPassphrase(_("The passphrase is wrong; the key stays locked.")) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise WrongPassphrase(_("This key is not an ECDSA key made by Taslim."))
    return key


def _name(common_name: str, unit: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION)]
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def create_command_ca(passphrase: str, now: datetime.datetime | None = None) -> CommandCA:
    moment = now or datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(CA_NAME)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - datetime.timedelta(minutes=5))
        .not_valid_after(moment + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CommandCA(
        certificate.public_bytes(serialization.Encoding.PEM), _encrypt(key, passphrase)
    )


def new_key_pair(passphrase: str) -> tuple[KeyPair, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return KeyPair(_encrypt(key, passphrase), public), key


def make_request(
    kind: HolderKind,
    holder_id: str,
    display_name: str,
    key: ec.EllipticCurvePrivateKey | Ed25519PrivateKey,
) -> EnrolmentRequest:
    """A request signed by the key it asks a certificate for.

    A clerk's key is ECDSA P-256 (it signs PDFs); a device asks for its existing Ed25519 key,
    the one that signs its revisions, so the Command CA vouches for what the laptop wrote.
    """
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        _name(display_name, f"{kind.value}:{holder_id}")
    )
    csr = (
        builder.sign(key, None)
        if isinstance(key, Ed25519PrivateKey)
        else builder.sign(key, hashes.SHA256())
    )
    return EnrolmentRequest(
        kind, holder_id, display_name, csr.public_bytes(serialization.Encoding.PEM)
    )


def read_request(data: bytes) -> EnrolmentRequest:
    if len(data) > MAX_ENROLMENT_FILE_BYTES:
        raise ValidationError(_("This file is too large to be an enrolment request."))
    if data.lstrip().startswith(_OTHER_PROGRAM_MARKS):
        # A bare certificate request from OpenSSL or a similar tool names nobody Taslim knows.
        raise ValidationError(_("This certificate request was made by another program; only a "
                                "request written by Taslim can be signed here."))
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") == ANSWER_FORMAT:
            raise _Misplaced()
        if document.get("format") != REQUEST_FORMAT:
            raise ValueError("format")
        request = EnrolmentRequest(
            HolderKind(document["kind"]),
            str(document["holder_id"]),
            str(document["display_name"]),
            document["csr"].encode("ascii"),
        )
        csr = x509.load_pem_x509_csr(request.csr_pem)
    except _Misplaced:
        raise ValidationError(_("This is an answer file, not a request: it goes back to the "
                                "laptop that asked for it.")) from None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise ValidationError(_("This is not a Taslim enrolment request file.")) from None
    if not csr.is_signature_valid:
        raise ValidationError(_("The enrolment request is damaged: its signature does not match."))
    # The file's own fields are not signed; only the request inside is. They must say the same,
    # or the screen would show one holder while the certificate named another.
    if (_attribute(csr.subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
            != f"{request.kind.value}:{request.holder_id}"
            or _attribute(csr.subject, NameOID.COMMON_NAME) != request.display_name):
        raise ValidationError(_("The enrolment request is damaged: its file does not match the "
                                "signed request inside it."))
    return request


class _Misplaced(Exception):
    """The file is the other half of enrolment (an answer where a request belongs)."""


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    value = values[0].value if values else ""
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def request_public_key_pem(request: EnrolmentRequest) -> bytes:
    return x509.load_pem_x509_csr(request.csr_pem).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def spoken_fingerprint(public_key_pem: bytes) -> tuple[str, ...]:
    """A key's fingerprint as groups of five digits, to be read aloud and compared.

    Digits rather than hexadecimal, so that it reads the same in Arabic and in English over a
    telephone; six groups carry about 100 bits of the key's sha256 (as Signal's safety numbers).
    """
    key = serialization.load_pem_public_key(public_key_pem)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = bytes.fromhex(sha256_hex(der))
    return tuple(
        f"{int.from_bytes(digest[5 * i:5 * i + 5], 'big') % 100_000:05d}"
        for i in range(FINGERPRINT_GROUPS)
    )


def carries_expected_key(request: EnrolmentRequest) -> bool:
    """A device asks for its Ed25519 revision key; a clerk for an ECDSA P-256 signing key."""
    public_key = x509.load_pem_x509_csr(request.csr_pem).public_key()
    expected = Ed25519PublicKey if request.kind is HolderKind.DEVICE else ec.EllipticCurvePublicKey
    return isinstance(public_key, expected)


def sign_request(
    ca: CommandCA, passphrase: str, request: EnrolmentRequest, now: datetime.datetime | None = None
) -> EnrolmentAnswer:
    """The supervisor's step: the CA signs the request into a certificate."""
    ca_key = load_private_key(ca.encrypted_key_pem, passphrase)
    ca_certificate = x509.load_pem_x509_certificate(ca.certificate_pem)
    csr = x509.load_pem_x509_csr(request.csr_pem)
    public_key = csr.public_key()
    if not carries_expected_key(request):
        raise ValidationError(_("The enrolment request does not carry the kind of key it should."))
    moment = now or datetime.datetime.now(datetime.UTC)
    usage = (
        [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]
        if request.kind is HolderKind.CLERK
        else [ExtendedKeyUsageOID.CLIENT_AUTH]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(csr.subject)
        .issuer_name(ca_certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - datetime.timedelta(minutes=5))
        .not_valid_after(
            min(moment + datetime.timedelta(days=HOLDER_DAYS), ca_certificate.not_valid_after_utc)
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return EnrolmentAnswer(certificate.public_bytes(serialization.Encoding.PEM), ca.certificate_pem)


def read_answer(data: bytes, expected_public_key_pem: bytes) -> EnrolmentAnswer:
    """The requester's step: check the answer is for our key and from a real CA, then keep it."""
    if len(data) > MAX_ENROLMENT_FILE_BYTES:
        raise ValidationError(_("This file is too large to be an enrolment answer."))
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") == REQUEST_FORMAT:
            raise _Misplaced()
        if document.get("format") != ANSWER_FORMAT:
            raise ValueError("format")
        answer = EnrolmentAnswer(
            document["certificate"].encode("ascii"), document["ca_certificate"].encode("ascii")
        )
        certificate = x509.load_pem_x509_certificate(answer.certificate_pem)
        ca_certificate = x509.load_pem_x509_certificate(answer.ca_certificate_pem)
    except _Misplaced:
        raise ValidationError(_("This is a request file, not an answer: headquarters signs it "
                                "first and gives back the answer file.")) from None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise ValidationError(_("This is not a Taslim enrolment answer file.")) from None
    ours = serialization.load_pem_public_key(expected_public_key_pem)
    theirs = certificate.public_key()
    raw = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if ours.public_bytes(*raw) != theirs.public_bytes(*raw):
        raise ValidationError(_("This answer is for another request, not for this key."))
    if not issued_by(answer.certificate_pem, answer.ca_certificate_pem):
        raise ValidationError(_("The certificate in this answer was not signed by its CA."))
    if not _is_self_signed_ca(ca_certificate):
        raise ValidationError(_("The CA certificate in this answer is not a Command CA."))
    return answer


def issued_by(certificate_pem: bytes, ca_certificate_pem: bytes) -> bool:
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    ca_public = x509.load_pem_x509_certificate(ca_certificate_pem).public_key()
    if not isinstance(ca_public, ec.EllipticCurvePublicKey):
        return False
    try:
        ca_public.verify(
            certificate.signature, certificate.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        return False
    return certificate.issuer == x509.load_pem_x509_certificate(ca_certificate_pem).subject


def _is_self_signed_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    return constraints.ca and issued_by(pem, pem)


def certificate_fingerprint(certificate_pem: bytes) -> str:
    der = x509.load_pem_x509_certificate(certificate_pem).public_bytes(serialization.Encoding.DER)
    return sha256_hex(der)


def key_id(public_key_pem: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SPKI's sha256."""
    key = serialization.load_pem_public_key(public_key_pem)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return sha256_hex(der)[:16]


def subject_common_name(certificate_pem: bytes) -> str:
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    return _attribute(certificate.subject, NameOID.COMMON_NAME)


def certificate_public_key_pem(certificate_pem: bytes) -> bytes:
    public_key = x509.load_pem_x509_certificate(certificate_pem).public_key()
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def certificate_not_after(certificate_pem: bytes) -> datetime.datetime:
    return x509.load_pem_x509_certificate(certificate_pem).not_valid_after_utc


def certifies_device(certificate_pem: bytes, device_id: str, public_key_hex: str) -> bool:
    """Whether this certificate names that device (``device:<id>``) and carries that Ed25519 key."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem)
        public_key = certificate.public_key()
    except ValueError:
        return False
    if not isinstance(public_key, Ed25519PublicKey):
        return False
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    units = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    return raw.hex() == public_key_hex and any(
        unit.value == f"{HolderKind.DEVICE.value}:{device_id}" for unit in units
    )


def device_is_trusted(
    device_id: str, public_key_hex: str, certificates: list[bytes], anchors: list[bytes]
) -> bool:
    """Whether one of ``certificates`` certifies the device's key and was issued by an anchor."""
    for certificate in certificates:
        if not certifies_device(certificate, device_id, public_key_hex):
            continue
        for anchor in anchors:
            try:
                if issued_by(certificate, anchor):
                    return True
            except ValueError:
                continue
    return False
