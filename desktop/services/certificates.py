"""Issuing, reprinting and voiding signed handover certificates, and checking them.

Issuing is one unit of work: the serial is taken, the PDF built and signed by the clerk's
key, its bytes stored by hash, the register record written as a signed act, the handover
marked certified, and any earlier certificate of the same handover marked superseded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.domain.canonical import sha256_hex
from desktop.domain.certificate import CertificateData, CertificateKind
from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES, utc_now
from desktop.domain.entities import Certificate, Person
from desktop.domain.enums import CertificateState, HandoverState
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action, require
from desktop.i18n import _
from desktop.reports.certificate_pdf import SIGNATURE_FIELD_NAME, build_certificate_pdf
from desktop.services.base import ChangeSet, Outcome, Session, Store, load_required
from desktop.services.certificate_data import CertificateAssembler, format_serial
from desktop.services.enrolment import ClerkSigner, EnrolmentService
from desktop.services.handovers import HandoverService
from desktop.signing.pdf_signing import PdfVerdict, check_pdf, read_serial, sign_pdf
from desktop.signing.qr_payload import QrCheck, check_payload, make_payload, parse_payload
from desktop.storage.blobs import get_blob, put_blob
from desktop.storage.certificate_register import (
    ids_by_serial,
    ids_for_handover,
    next_sequence,
)

SIGNING_REASON = "Certificate of Handover of Security Responsibility"
SIGNING_LOCATION = "Al-Anbar"


class FileVerdict(StrEnum):
    VALID_TRUSTED = "valid_trusted"
    VALID_UNTRUSTED = "valid_untrusted"
    ALTERED = "altered"
    NOT_SIGNED = "not_signed"
    UNREADABLE = "unreadable"
    VOIDED = "voided"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    certificate: Certificate
    pdf: bytes


@dataclass(frozen=True, slots=True)
class FileCheck:
    verdict: FileVerdict
    signer: str | None
    serial: str | None


class CertificateService:
    def __init__(
        self,
        store: Store,
        handovers: HandoverService,
        enrolment: EnrolmentService,
        assembler: CertificateAssembler,
        device_code: str,
    ) -> None:
        self._store = store
        self._handovers = handovers
        self._enrolment = enrolment
        self._assembler = assembler
        self._device_code = device_code

    # --- issuing -------------------------------------------------------------------------------

    def unlock(self, session: Session, password: str, action: Action = Action.CERTIFY_HANDOVER
               ) -> ClerkSigner:
        """The clerk's key, unlocked once for a certificate or a whole batch of them."""
        require(session.role, action)  # the role first, before asking for the key
        return self._enrolment.unlock_signer(session, password)

    def issue(
        self, session: Session, handover_id: str, signer: ClerkSigner
    ) -> Outcome[IssuedCertificate]:
        parts = self._handovers.parts(handover_id)
        if parts.handover.state is not HandoverState.SIGNED:
            raise ValidationError(
                _("Only a finalized handover that has no valid certificate yet can be certified.")
            )
        with self._store.change(session, Action.CERTIFY_HANDOVER) as changes:
            clerk = load_required(changes.connection, Person, session.person_id)
            year = utc_now().year
            prefix = format_serial(self._device_code, year, 1)[:-6]
            serial = format_serial(
                self._device_code, year, next_sequence(changes.connection, prefix)
            )
            earlier = [
                changes.load(Certificate, i)
                for i in ids_for_handover(changes.connection, handover_id)
            ]
            live = [c for c in earlier if c.state is CertificateState.ISSUED]
            data = self._assembler.assemble(
                parts,
                serial=serial,
                clerk=clerk,
                device_code=self._device_code,
                utc_offset_minutes=BAGHDAD_OFFSET_MINUTES,
                supersedes_serial=live[-1].serial if live else None,
            )
            pdf = self._signed_pdf(data, signer)
            digest = sha256_hex(pdf)
            put_blob(changes.connection, digest, pdf)
            certificate = Certificate(
                uuid7(),
                serial,
                handover_id,
                data.handover_rev_id,
                data.content_hash(),
                CertificateState.ISSUED,
                0,
                None,
                live[-1].id if live else None,
                digest,
                data.issued_at,
                data.utc_offset_minutes,
                session.person_id,
                signer.key_id,
                self._device_code,
            )
            changes.sign(certificate)
            for old in live:
                changes.sign(old.replace(state=CertificateState.SUPERSEDED))
            self._handovers.apply_transition(changes, handover_id, HandoverState.CERTIFIED, None)
        return Outcome(IssuedCertificate(certificate, pdf), self._store.report(changes.drafts))

    def reprint(
        self, session: Session, certificate_id: str, signer: ClerkSigner
    ) -> Outcome[IssuedCertificate]:
        """A new signed PDF that says COPY / نسخة with its number; the register counts it."""
        with self._store.change(session, Action.CERTIFY_HANDOVER) as changes:
            certificate = changes.load(Certificate, certificate_id)
            if certificate.state is not CertificateState.ISSUED:
                raise ValidationError(
                    _("A void or superseded certificate is not reprinted; issue a new one instead.")
                )
            counted = certificate.replace(reprints=certificate.reprints + 1)
            data = replace(
                self._original_data(changes, certificate),
                kind=CertificateKind.COPY,
                copy_number=counted.reprints,
            )
            pdf = self._signed_pdf(data, signer)
            changes.sign(counted)
        return Outcome(IssuedCertificate(counted, pdf), self._store.report(changes.drafts))

    def void(
        self, session: Session, certificate_id: str, reason: str, signer: ClerkSigner
    ) -> Outcome[IssuedCertificate]:
        if not reason.strip():
            raise ValidationError(_("Give the reason for voiding the certificate."), "reason")
        with self._store.change(session, Action.VOID_HANDOVER) as changes:
            certificate = changes.load(Certificate, certificate_id)
            if certificate.state is CertificateState.VOID:
                raise ValidationError(_("This certificate is already void."))
            voided = certificate.replace(state=CertificateState.VOID, void_reason=reason.strip())
            data = replace(
                self._original_data(changes, certificate),
                kind=CertificateKind.VOID,
                void_reason=reason.strip(),
            )
            pdf = self._signed_pdf(data, signer)
            changes.sign(voided)
        return Outcome(IssuedCertificate(voided, pdf), self._store.report(changes.drafts))

    def pdf(self, certificate_id: str) -> bytes:
        with self._store.read() as connection:
            certificate = load_required(connection, Certificate, certificate_id)
            data = get_blob(connection, certificate.pdf_sha256)
        if data is None:
            raise NotFound(_("The PDF of this certificate is on the laptop that issued it."))
        return data

    # --- checking ------------------------------------------------------------------------------

    def check_file(self, pdf: bytes, extra_roots: list[bytes] | None = None) -> FileCheck:
        roots = self._enrolment.trust_roots() + list(extra_roots or [])
        result = check_pdf(pdf, roots)
        serial = read_serial(pdf)
        verdict = FileVerdict(result.verdict.value)
        if result.verdict in (PdfVerdict.VALID_TRUSTED, PdfVerdict.VALID_UNTRUSTED) and serial:
            state = self._state_of(serial)
            if state is CertificateState.VOID:
                verdict = FileVerdict.VOIDED
            elif state is CertificateState.SUPERSEDED:
                verdict = FileVerdict.SUPERSEDED
        return FileCheck(verdict, result.signer, serial)

    def check_qr(self, text: str) -> QrCheck:
        return check_payload(
            parse_payload(text),
            self._enrolment.signer_certificates(),
            self._enrolment.trust_roots(),
        )

    # --- inside ---------------------------------------------------------------------------------

    def _signed_pdf(self, data: CertificateData, signer: ClerkSigner) -> bytes:
        qr = make_payload(data.serial, data.content_hash(), signer.key).text()
        unsigned = build_certificate_pdf(data, qr_payload=qr)
        return sign_pdf(
            unsigned,
            key=signer.key,
            certificate_pem=signer.certificate_pem,
            chain_pems=signer.chain_pems,
            field_name=SIGNATURE_FIELD_NAME,
            reason=SIGNING_REASON,
            location=SIGNING_LOCATION,
        )

    def _original_data(self, changes: ChangeSet, certificate: Certificate) -> CertificateData:
        """The certificate's data as issued, rebuilt from the records and checked by hash."""
        changed = ValidationError(
            _(
                "The handover changed after this certificate was issued; "
                "issue a new certificate instead of a copy."
            )
        )
        parts = self._handovers.parts(certificate.handover_id)
        if parts.handover.state not in (HandoverState.SIGNED, HandoverState.CERTIFIED):
            raise changed
        data = replace(
            self._assembler.assemble(
                parts,
                serial=certificate.serial,
                clerk=changes.load(Person, certificate.clerk_id),
                device_code=certificate.device_code,
                utc_offset_minutes=certificate.utc_offset_minutes,
                supersedes_serial=self._serial_of(changes, certificate.supersedes_id),
            ),
            issued_at=certificate.issued_at,
            handover_rev_id=certificate.handover_rev_id,
        )
        if data.content_hash() != certificate.content_hash:
            raise changed
        return data

    @staticmethod
    def _serial_of(changes: ChangeSet, certificate_id: str | None) -> str | None:
        return None if certificate_id is None else changes.load(Certificate, certificate_id).serial

    def _state_of(self, serial: str) -> CertificateState | None:
        with self._store.read() as connection:
            ids = ids_by_serial(connection, serial)
            if not ids:
                return None
            return load_required(connection, Certificate, ids[0]).state
