"""The Command CA and the enrolment of clerks, as the supervisor and the clerk see them.

The root key is made on the supervisor's laptop and kept there encrypted with a passphrase.
A clerk's signing key is made on the clerk's laptop and encrypted with the clerk's own
password, so it unlocks only when the clerk confirms who they are. Only the request and the
answer travel between laptops, as files.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import Person, SigningCertificate, TrustAnchor
from desktop.domain.enums import EntityKind
from desktop.domain.errors import NotFound, PermissionDenied, TaslimError, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action, require
from desktop.i18n import _
from desktop.services.accounts import AuthService
from desktop.services.base import ChangeSet, Outcome, Session, Store, load_required
from desktop.services.device import DeviceIdentity
from desktop.signing import ca
from desktop.signing.device_keys import public_key_pem
from desktop.storage.engine import Connection
from desktop.storage.key_store import StoredKey, add_key, keys_for, set_certificate
from desktop.storage.queries import current_rows

CA_PURPOSE = "command_ca"
CLERK_PURPOSE = "clerk"


class SignerNotEnrolled(TaslimError):
    pass


@dataclass(frozen=True, slots=True)
class ClerkSigner:
    """An unlocked clerk key with its certificate and the chain to the Command CA."""

    key: ec.EllipticCurvePrivateKey
    certificate_pem: bytes
    chain_pems: list[bytes]
    key_id: str


class EnrolmentService:
    def __init__(self, store: Store, auth: AuthService,
                 device: DeviceIdentity | None = None) -> None:
        self._store = store
        self._auth = auth
        self._device = device

    # --- the supervisor's side -----------------------------------------------------------------

    def create_command_ca(self, session: Session, passphrase: str) -> Outcome[TrustAnchor]:
        command_ca = ca.create_command_ca(passphrase)
        with self._store.change(session, Action.MANAGE_CA) as changes:
            if keys_for(changes.connection, CA_PURPOSE):
                raise ValidationError(_("This laptop already holds a Command CA."))
            public_pem = ca.certificate_public_key_pem(command_ca.certificate_pem)
            add_key(changes.connection, StoredKey(
                uuid7(), CA_PURPOSE, session.person_id, ca.key_id(public_pem),
                command_ca.encrypted_key_pem, public_pem, command_ca.certificate_pem,
                to_utc_text(utc_now())))
            anchor = TrustAnchor(uuid7(), ca.CA_NAME, command_ca.certificate_pem.decode("ascii"),
                                 command_ca.fingerprint)
            changes.put(anchor)
            if self._device is not None:
                # Headquarters' own laptop is enrolled at once: laptops check its bundles and
                # receipts against the same Command CA.
                request = ca.make_request(ca.HolderKind.DEVICE, self._device.device_id,
                                          self._device.short_code,
                                          self._device.signer.private_key())
                answer = ca.sign_request(command_ca, passphrase, request)
                self._record_certificate(changes, ca.HolderKind.DEVICE.value,
                                         self._device.device_id, answer.certificate_pem,
                                         command_ca.fingerprint)
        return Outcome(anchor, self._store.report(changes.drafts))

    def sign_request(self, session: Session, passphrase: str, request_file: bytes) -> bytes:
        request = ca.read_request(request_file)
        with self._store.change(session, Action.MANAGE_CA) as changes:
            stored = keys_for(changes.connection, CA_PURPOSE)
            if not stored or stored[0].certificate_pem is None:
                raise NotFound(_("There is no Command CA on this laptop. Create it first, on "
                                 "the supervisor's laptop."))
            command_ca = ca.CommandCA(stored[0].certificate_pem, stored[0].encrypted_key_pem)
            answer = ca.sign_request(command_ca, passphrase, request)
            self._record_certificate(changes, request.kind.value, request.holder_id,
                                     answer.certificate_pem, command_ca.fingerprint)
        return answer.to_file()

    # --- the clerk's side ----------------------------------------------------------------------

    def request_signing_key(self, session: Session, password: str) -> bytes:
        """Make the clerk's key (encrypted with their password) and return the request file."""
        self._confirm(session, password)
        pair, key = ca.new_key_pair(password)
        with self._store.change(session, Action.ENROL_SIGNER) as changes:
            person = load_required(changes.connection, Person, session.person_id)
            add_key(changes.connection, StoredKey(
                uuid7(), CLERK_PURPOSE, session.person_id, ca.key_id(pair.public_key_pem),
                pair.encrypted_key_pem, pair.public_key_pem, None, to_utc_text(utc_now())))
        request = ca.make_request(ca.HolderKind.CLERK, session.person_id,
                                  person.name_en or person.name_ar, key)
        return request.to_file()

    def import_answer(self, session: Session, answer_file: bytes) -> Outcome[SigningCertificate]:
        with self._store.change(session, Action.ENROL_SIGNER) as changes:
            pending = keys_for(changes.connection, CLERK_PURPOSE, session.person_id)
            if not pending:
                raise NotFound(_("No signing key is waiting for an answer on this laptop; make "
                                 "a request first."))
            answer, row = self._matching_answer(answer_file, pending)
            set_certificate(changes.connection, row.id, answer.certificate_pem)
            fingerprint = ca.certificate_fingerprint(answer.ca_certificate_pem)
            if fingerprint not in {a.fingerprint for a in _anchors(changes)}:
                changes.put(TrustAnchor(uuid7(), ca.CA_NAME,
                                        answer.ca_certificate_pem.decode("ascii"), fingerprint))
            certificate = self._record_certificate(changes, ca.HolderKind.CLERK.value,
                                                   session.person_id, answer.certificate_pem,
                                                   fingerprint)
        return Outcome(certificate, self._store.report(changes.drafts))

    @staticmethod
    def _matching_answer(answer_file: bytes, pending: list[StoredKey]
                         ) -> tuple[ca.EnrolmentAnswer, StoredKey]:
        """The answer and the waiting key it was issued for (newest request first)."""
        refusal: ValidationError | None = None
        for candidate in pending:
            try:
                return ca.read_answer(answer_file, candidate.public_key_pem), candidate
            except ValidationError as error:
                refusal = error
        assert refusal is not None
        raise refusal

    # --- a laptop's own key ----------------------------------------------------------------------

    def request_device_certificate(self, session: Session | None,
                                   device: DeviceIdentity) -> bytes:
        """The request for this laptop's Ed25519 key (the one that signs its revisions).

        ``session`` may be None only while the database has no accounts: a new laptop is
        enrolled before headquarters' data (with the accounts) is imported into it.
        """
        self._require_device_enrolment(session)
        request = ca.make_request(ca.HolderKind.DEVICE, device.device_id, device.short_code,
                                  device.signer.private_key())
        return request.to_file()

    def import_device_answer(self, session: Session | None, device: DeviceIdentity,
                             answer_file: bytes) -> Outcome[SigningCertificate]:
        self._require_device_enrolment(session)
        answer = ca.read_answer(answer_file, public_key_pem(device.public_key))
        with self._store.change(session, Action.ENROL_DEVICE) as changes:
            fingerprint = ca.certificate_fingerprint(answer.ca_certificate_pem)
            if fingerprint not in {a.fingerprint for a in _anchors(changes)}:
                changes.put(TrustAnchor(uuid7(), ca.CA_NAME,
                                        answer.ca_certificate_pem.decode("ascii"), fingerprint))
            certificate = self._record_certificate(changes, ca.HolderKind.DEVICE.value,
                                                   device.device_id, answer.certificate_pem,
                                                   fingerprint)
        return Outcome(certificate, self._store.report(changes.drafts))

    def _require_device_enrolment(self, session: Session | None) -> None:
        if session is not None:
            require(session.role, Action.ENROL_DEVICE)
        elif self._auth.has_accounts():
            raise PermissionDenied(_("Sign in to enrol this laptop."))

    def unlock_signer(self, session: Session, password: str) -> ClerkSigner:
        """The clerk's key, unlocked with their password, ready to sign certificates."""
        self._confirm(session, password)
        with self._store.read() as connection:
            keys = [k for k in keys_for(connection, CLERK_PURPOSE, session.person_id)
                    if k.certificate_pem is not None]
            anchors = [a.certificate_pem.encode("ascii") for a in _anchors_of(connection)]
        if not keys:
            raise SignerNotEnrolled(
                _("You have no signing certificate on this laptop yet. Ask for one (Enrol) and "
                  "import the supervisor's answer."))
        stored = keys[0]
        assert stored.certificate_pem is not None
        try:
            key = ca.load_private_key(stored.encrypted_key_pem, password)
        except ca.WrongPassphrase:
            raise SignerNotEnrolled(
                _("Your signing key was locked with an earlier password. Ask for a new "
                  "signing certificate.")) from None
        chain = [pem for pem in anchors if ca.issued_by(stored.certificate_pem, pem)]
        return ClerkSigner(key, stored.certificate_pem, chain, stored.key_id)

    def export_root(self) -> bytes:
        with self._store.read() as connection:
            anchors = _anchors_of(connection)
        if not anchors:
            raise NotFound(_("No Command CA is known on this laptop yet."))
        return "".join(a.certificate_pem for a in anchors).encode("ascii")

    def trust_roots(self) -> list[bytes]:
        with self._store.read() as connection:
            return [a.certificate_pem.encode("ascii") for a in _anchors_of(connection)]

    def signer_certificates(self) -> dict[str, bytes]:
        """Enrolled signers' certificates by key id (for checking QR codes offline)."""
        with self._store.read() as connection:
            rows = current_rows(connection, EntityKind.SIGNING_CERTIFICATE, ("key_id",))
        return {row["key_id"]: row["certificate_pem"].encode("ascii") for row in rows}

    def _confirm(self, session: Session, password: str) -> None:
        self._auth.login(session.username, password)

    @staticmethod
    def _record_certificate(changes: ChangeSet, holder_kind: str, holder_id: str,
                            certificate_pem: bytes, issuer_fingerprint: str
                            ) -> SigningCertificate:
        record = SigningCertificate(
            uuid7(), holder_kind, holder_id,
            ca.key_id(ca.certificate_public_key_pem(certificate_pem)),
            certificate_pem.decode("ascii"),
            to_utc_text(ca.certificate_not_after(certificate_pem)), issuer_fingerprint)
        existing = [row for row in current_rows(changes.connection,
                                                 EntityKind.SIGNING_CERTIFICATE, ("id",))
                    if row["key_id"] == record.key_id]
        if existing:
            record = record.replace(id=existing[0]["id"])
        changes.put(record)
        return record


def _anchors(changes: ChangeSet) -> list[TrustAnchor]:
    return _anchors_of(changes.connection)


def _anchors_of(connection: Connection) -> list[TrustAnchor]:
    return [load_required(connection, TrustAnchor, row["id"])
            for row in current_rows(connection, EntityKind.TRUST_ANCHOR, ("id",))]
