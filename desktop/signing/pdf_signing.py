"""PAdES signatures on certificate PDFs (pyHanko), and checking them.

Two pitfalls measured here (DESIGN.md §4): pyHanko reports ``valid=True`` with
``intact=False`` for a changed file, so only its ``bottom_line`` (with ``intact``) decides;
and poppler's pdfsig exits 0 even on a digest mismatch, so tests read its text.
"""

from __future__ import annotations

import io
import json
import logging
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

log = logging.getLogger(__name__)

STAMP = TextStampStyle(
    stamp_text="Digitally signed by %(signer)s\n%(ts)s",
    timestamp_format="%Y-%m-%d %H:%M UTC",
    border_width=0,
    background=None,
)


class PdfVerdict(StrEnum):
    VALID_TRUSTED = "valid_trusted"
    VALID_UNTRUSTED = "valid_untrusted"  # intact, but the signer does not chain to our root
    ALTERED = "altered"  # the bytes changed after signing, or the signature is broken
    NOT_SIGNED = "not_signed"
    UNREADABLE = "unreadable"  # not a PDF at all


@dataclass(frozen=True, slots=True)
class PdfCheck:
    verdict: PdfVerdict
    signer: str | None
    field_name: str | None


def _asn1_certificate(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def sign_pdf(
    pdf: bytes,
    *,
    key: ec.EllipticCurvePrivateKey,
    certificate_pem: bytes,
    chain_pems: list[bytes],
    field_name: str,
    reason: str,
    location: str,
    new_field: tuple[int, tuple[int, int, int, int]] | None = None,
) -> bytes:
    """Sign (PAdES baseline, CAdES detached); the chain is embedded.

    The signature goes into the document's empty field ``field_name``, or, with ``new_field``
    = (page index, box in points), into a visible field made for it.
    """
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    signing_cert = _asn1_certificate(certificate_pem)
    chain = [_asn1_certificate(pem) for pem in chain_pems]
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, reason=reason,
        location=location, embed_validation_info=False)
    spec = None
    if new_field is not None:
        page_index, box = new_field
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=page_index, box=box)
    # Plain text in the box the page leaves for it; pyHanko's default stamp draws its own
    # logo behind the text, which has no place on a police certificate.
    pdf_signer = signers.PdfSigner(metadata, signer, new_field_spec=spec, stamp_style=STAMP)
    try:
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                                     bytes_reserved=_reserved_size(signing_cert, chain))
    except SigningError:  # the reservation was short after all: let pyHanko measure
        log.warning("signature larger than reserved; signing again with pyHanko's estimate")
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return bytes(output.getvalue())


# What a PAdES CMS holds besides the certificates: the signer's issuer name and serial twice
# (SignerInfo, signing-certificate-v2), the message digest, algorithm identifiers, the
# ECDSA signature (at most 72 bytes). Measured: 482 bytes with our CA's name of ~90 bytes.
_CMS_OVERHEAD = 1024


def _reserved_size(signing_cert: asn1_x509.Certificate,
                   chain: list[asn1_x509.Certificate]) -> int:
    """Hex digits to reserve for the signature container, computed rather than measured.

    Without it pyHanko makes a whole dummy signature to measure the container (nearly half
    of the signing time) and reserves 1.5 times that; this reserves about as much. If the
    real container does not fit, ``sign_pdf`` signs again with pyHanko's own estimate."""
    unique = {certificate.dump() for certificate in (signing_cert, *chain)}
    issuer = len(signing_cert.issuer.dump())
    return 2 * (sum(len(der) for der in unique) + 2 * issuer + _CMS_OVERHEAD)


def check_pdf(pdf: bytes, trust_root_pems: list[bytes]) -> PdfCheck:
    """What a reader should conclude about a certificate file, in one verdict."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError, TypeError, zlib.error):
        return PdfCheck(PdfVerdict.UNREADABLE, None, None)
    if not signatures:
        return PdfCheck(PdfVerdict.NOT_SIGNED, None, None)
    signature = signatures[-1]
    common_name = signature.signer_cert.subject.native.get("common_name")
    signer = common_name if isinstance(common_name, str) else None
    context = ValidationContext(trust_roots=[_asn1_certificate(p) for p in trust_root_pems])
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # a malformed signature is an altered file, whatever the library says
        log.info("signature validation failed", exc_info=True)
        return PdfCheck(PdfVerdict.ALTERED, signer, signature.field_name)
    covers_all = signature.coverage is not None and signature.coverage.name in (
        "ENTIRE_FILE", "ENTIRE_REVISION")
    if not status.intact or not status.valid or not covers_all:
        return PdfCheck(PdfVerdict.ALTERED, signer, signature.field_name)
    if status.bottom_line and status.trusted:
        return PdfCheck(PdfVerdict.VALID_TRUSTED, signer, signature.field_name)
    return PdfCheck(PdfVerdict.VALID_UNTRUSTED, signer, signature.field_name)


def read_certificate_json(pdf: bytes, name: str = "certificate.json") -> dict[str, Any] | None:
    """The certificate data embedded in the PDF as a JSON attachment, if there is one."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names) - 1, 2):
            if str(names[index]) == name:
                data = names[index + 1]["/EF"]["/F"].data
                document = json.loads(data.decode("utf-8"))
                return document if isinstance(document, dict) else None
    except (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error):
        return None
    return None


def read_serial(pdf: bytes) -> str | None:
    document = read_certificate_json(pdf)
    serial = None if document is None else document.get("serial")
    return serial if isinstance(serial, str) else None
