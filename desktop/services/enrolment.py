"""The Command CA and the enrolment of clerks, as the supervisor and the clerk see them.

The root key is made on the supervisor's laptop and kept there encrypted with a passphrase.
A clerk's signing key is made on the clerk's laptop and encrypted with the clerk's own
password, so it unlocks only when the clerk confirms who they are. Only the request and the
answer travel between laptops, as files.

Issuing a certificate and creating the Command CA are official acts, written as ``sign``
revisions; a laptop or clerk that loads an answer records it with a plain ``put``. The history of
enrolments (``enrolment_history``) tells the two apart by that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from desktop.domain.clock import parse_utc_text, to_utc_text, utc_now
from desktop.domain.entities import Account, Device, Person, SigningCertificate, TrustAnchor
from desktop.domain.enums import EntityKind, Role
from desktop.domain.errors import NotFound, PermissionDenied, TaslimError, ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action, require
from desktop.i18n import _, current_language
from desktop.services.accounts import AuthService
from desktop.services.base import ChangeSet, Outcome, Session, Store, load_required
from desktop.services.device import DeviceIdentity
from desktop.services.enrolment_history import EnrolmentEvent, issued_by_here
from desktop.signing import ca
from desktop.signing.device_keys import public_key_pem
from desktop.storage.engine import Connection
from desktop.storage.key_store import StoredKey, add_key, keys_for, set_certificate
from desktop.storage.queries import (
    current_rows,
    current_rows_where,
    load_entity,
    record_is_signed,
)

CA_PURPOSE = "command_ca"
CLERK_PURPOSE = "clerk"


class SignerNotEnrolled(TaslimError):
    pass


class AlreadyAnswered(ValidationError):
    """The request's key already holds a valid certificate of this Command CA."""


@dataclass(frozen=True, slots=True)
class RequestSummary:
    """What a request file asks for, in the words the supervisor checks before signing."""

    kind: ca.HolderKind
    holder_id: str
    display_name: str  # the laptop's short code, or the clerk's name, as the request says
    key_id: str
    fingerprint: tuple[str, ...]  # ca.spoken_fingerprint of the key, read aloud to compare
    name_ar: str  # the clerk's names as recorded here; the laptop's name if it is known here
    name_en: str
    username: str  # the clerk's account here
    known: bool  # the laptop or the person is already in this database
    answered: EnrolmentEvent | None  # a valid certificate of this CA was issued for the key
    problem: str | None  # why it cannot be signed here (one sentence), or None


@dataclass(frozen=True, slots=True)
class CommandCAStatus:
    """Whether this computer holds the Command CA's key, and which Command CAs it trusts."""

    held_here: bool
    fingerprint: str  # the held CA's, else the first trusted one's, else ""
    spoken: tuple[str, ...]  # its public key's fingerprint in groups of digits
    created_at: str  # when the key was made here; "" when not held here
    trusted: tuple[str, ...]  # fingerprints of every Command CA this database trusts


@dataclass(frozen=True, slots=True)
class LaptopStanding:
    """This laptop's own enrolment, as the Send to headquarters page shows it."""

    enrolled: bool  # a certificate of its key, issued by a Command CA trusted here
    expired: bool
    spoken: tuple[str, ...]  # this laptop's key, read aloud to headquarters
    ca_fingerprint: str
    ca_spoken: tuple[str, ...]
    not_after: str  # UTC text; "" when not enrolled


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
            changes.sign(anchor)  # the creation is the supervisor's official act
            if self._device is not None:
                # Headquarters' own laptop is enrolled at once: laptops check its bundles and
                # receipts against the same Command CA.
                request = ca.make_request(ca.HolderKind.DEVICE, self._device.device_id,
                                          self._device.short_code,
                                          self._device.signer.private_key())
                answer = ca.sign_request(command_ca, passphrase, request)
                self._record_certificate(changes, ca.HolderKind.DEVICE.value,
                                         self._device.device_id, answer.certificate_pem,
                                         command_ca.fingerprint, issued=True)
        return Outcome(anchor, self._store.report(changes.drafts))

    def sign_request(self, session: Session, passphrase: str, request_file: bytes,
                     deliver: Callable[[bytes], None] | None = None) -> bytes:
        """Sign a request into an answer file and record the certificate as issued.

        ``deliver(answer)`` runs inside the unit of work, before it is committed: when the answer
        cannot be written (the USB stick was pulled), nothing is recorded either.
        """
        request = ca.read_request(request_file)
        with self._store.change(session, Action.MANAGE_CA) as changes:
            command_ca = _held_ca(changes.connection)
            summary = _summary(changes.connection, request, command_ca)
            if summary.problem is not None:
                raise ValidationError(summary.problem)
            if summary.answered is not None:
                raise AlreadyAnswered(already_answered_sentence(summary.answered))
            answer = ca.sign_request(command_ca, passphrase, request)
            self._record_certificate(changes, request.kind.value, request.holder_id,
                                     answer.certificate_pem, command_ca.fingerprint, issued=True)
            data = answer.to_file()
            if deliver is not None:
                deliver(data)
        return data

    def describe_request(self, session: Session, request_file: bytes) -> RequestSummary:
        """What a request asks for, without signing it (nothing is written)."""
        require(session.role, Action.MANAGE_CA)
        request = ca.read_request(request_file)
        with self._store.read() as connection:
            return _summary(connection, request, _held_ca_or_none(connection))

    def earlier_answer(self, session: Session, request_file: bytes) -> bytes:
        """The answer to a request already answered, again (a lost USB stick); nothing written.

        The certificate is public; only the laptop or clerk holding the key can use it.
        """
        require(session.role, Action.MANAGE_CA)
        request = ca.read_request(request_file)
        with self._store.read() as connection:
            command_ca = _held_ca(connection)
            answered = _summary(connection, request, command_ca).answered
        if answered is None:
            raise NotFound(_("This request has not been answered here yet; sign it first."))
        return ca.EnrolmentAnswer(answered.certificate_pem.encode("ascii"),
                                  command_ca.certificate_pem).to_file()

    def command_ca_status(self) -> CommandCAStatus:
        with self._store.read() as connection:
            stored = [k for k in keys_for(connection, CA_PURPOSE) if k.certificate_pem]
            anchors = _anchors_of(connection)
        trusted = tuple(anchor.fingerprint for anchor in anchors)
        if stored:
            pem = stored[0].certificate_pem
            assert pem is not None
            return CommandCAStatus(True, ca.certificate_fingerprint(pem), _spoken_ca(pem),
                                   stored[0].created_at, trusted)
        if anchors:
            pem = anchors[0].certificate_pem.encode("ascii")
            return CommandCAStatus(False, anchors[0].fingerprint, _spoken_ca(pem), "", trusted)
        return CommandCAStatus(False, "", (), "", ())

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
            fingerprint = _trust_issuer(changes, answer)
            set_certificate(changes.connection, row.id, answer.certificate_pem)
            certificate = self._record_certificate(changes, ca.HolderKind.CLERK.value,
                                                   session.person_id, answer.certificate_pem,
                                                   fingerprint, issued=False)
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
            fingerprint = _trust_issuer(changes, answer)
            certificate = self._record_certificate(changes, ca.HolderKind.DEVICE.value,
                                                   device.device_id, answer.certificate_pem,
                                                   fingerprint, issued=False)
        return Outcome(certificate, self._store.report(changes.drafts))

    def laptop_standing(self, device: DeviceIdentity) -> LaptopStanding:
        """Whether this laptop's key is certified by a Command CA it trusts, and until when."""
        own_key = public_key_pem(device.public_key)
        with self._store.read() as connection:
            anchors = [a.certificate_pem.encode("ascii") for a in _anchors_of(connection)]
            certificates = [str(row["certificate_pem"]).encode("ascii") for row in
                            current_rows_where(connection, EntityKind.SIGNING_CERTIFICATE,
                                               holder_kind=ca.HolderKind.DEVICE.value,
                                               holder_id=device.device_id)]
        found = [(ca.certificate_not_after(pem), anchor) for pem in certificates
                 for anchor in anchors
                 if ca.device_is_trusted(device.device_id, device.public_key, [pem], [anchor])]
        spoken = ca.spoken_fingerprint(own_key)
        if not found:
            return LaptopStanding(False, False, spoken, "", (), "")
        not_after, anchor = max(found)
        return LaptopStanding(True, not_after <= utc_now(), spoken,
                              ca.certificate_fingerprint(anchor), _spoken_ca(anchor),
                              to_utc_text(not_after))

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
                            certificate_pem: bytes, issuer_fingerprint: str, *, issued: bool
                            ) -> SigningCertificate:
        """Record a certificate: ``issued`` by the CA here (a signed act), or received by its
        holder from an answer file (a plain record, and none if the same one is already here)."""
        record = SigningCertificate(
            uuid7(), holder_kind, holder_id,
            ca.key_id(ca.certificate_public_key_pem(certificate_pem)),
            certificate_pem.decode("ascii"),
            to_utc_text(ca.certificate_not_after(certificate_pem)), issuer_fingerprint)
        connection = changes.connection
        existing = current_rows_where(connection, EntityKind.SIGNING_CERTIFICATE,
                                      key_id=record.key_id)
        signed = [row for row in existing if record_is_signed(connection, row["id"])]
        if issued:
            # A renewal is a new signed act on the record of the key's earlier certificate.
            if signed:
                record = record.replace(id=signed[0]["id"])
            changes.sign(record)
            return record
        same = [row for row in existing if row["certificate_pem"] == record.certificate_pem]
        if same:  # e.g. the supervisor's own clerk key, issued in this very database
            return record.replace(id=same[0]["id"])
        plain = [row for row in existing if row not in signed]
        if plain:
            record = record.replace(id=plain[0]["id"])
        changes.put(record)
        return record


def _anchors(changes: ChangeSet) -> list[TrustAnchor]:
    return _anchors_of(changes.connection)


def _anchors_of(connection: Connection) -> list[TrustAnchor]:
    return [load_required(connection, TrustAnchor, row["id"])
            for row in current_rows(connection, EntityKind.TRUST_ANCHOR, ("id",))]


def _trust_issuer(changes: ChangeSet, answer: ca.EnrolmentAnswer) -> str:
    """The answer's Command CA, trusted from now on; refused if another one is trusted here.

    A laptop that knows no Command CA yet learns it from its first answer (and shows its
    fingerprint to compare); once it trusts one, an answer from any other CA is not taken.
    """
    fingerprint = ca.certificate_fingerprint(answer.ca_certificate_pem)
    known = {anchor.fingerprint for anchor in _anchors(changes)}
    if known and fingerprint not in known:
        raise ValidationError(_("This answer was signed by a Command CA this laptop does not "
                                "trust; only an answer from your own headquarters can be "
                                "loaded."))
    if fingerprint not in known:
        changes.put(TrustAnchor(uuid7(), ca.CA_NAME, answer.ca_certificate_pem.decode("ascii"),
                                fingerprint))
    return fingerprint


def _held_ca_or_none(connection: Connection) -> ca.CommandCA | None:
    stored = keys_for(connection, CA_PURPOSE)
    if not stored or stored[0].certificate_pem is None:
        return None
    return ca.CommandCA(stored[0].certificate_pem, stored[0].encrypted_key_pem)


def _held_ca(connection: Connection) -> ca.CommandCA:
    held = _held_ca_or_none(connection)
    if held is None:
        raise NotFound(_("There is no Command CA on this laptop. Create it first, on "
                         "the supervisor's laptop."))
    return held


def _spoken_ca(certificate_pem: bytes) -> tuple[str, ...]:
    return ca.spoken_fingerprint(ca.certificate_public_key_pem(certificate_pem))


def _summary(connection: Connection, request: ca.EnrolmentRequest,
             command_ca: ca.CommandCA | None) -> RequestSummary:
    public_pem = ca.request_public_key_pem(request)
    key_id = ca.key_id(public_pem)
    name_ar = name_en = username = ""
    problem: str | None = None
    if not ca.carries_expected_key(request):
        problem = _("The enrolment request does not carry the kind of key it should.")
    if request.kind is ca.HolderKind.DEVICE:
        device = load_entity(connection, EntityKind.DEVICE, request.holder_id)
        known = isinstance(device, Device)
        if isinstance(device, Device) and device.name != device.short_code:
            name_ar = name_en = device.name
    else:
        person = load_entity(connection, EntityKind.PERSON, request.holder_id)
        known = isinstance(person, Person)
        if isinstance(person, Person):
            name_ar, name_en = person.name_ar, person.name_en
        accounts = [load_required(connection, Account, row["id"]) for row in current_rows_where(
            connection, EntityKind.ACCOUNT, person_id=request.holder_id)]
        account = accounts[0] if accounts else None
        username = account.username if account is not None else ""
        shown = (name_ar if current_language() == "ar" else name_en) or request.display_name
        problem = problem or _clerk_problem(account, shown)
    answered = None
    if command_ca is not None:
        answered = issued_by_here(connection, key_id, command_ca.fingerprint)
        if answered is not None and parse_utc_text(answered.not_after) <= utc_now():
            answered = None  # an expired certificate is renewed by signing again
    return RequestSummary(request.kind, request.holder_id, request.display_name, key_id,
                          ca.spoken_fingerprint(public_pem), name_ar, name_en, username, known,
                          answered, problem)


def _clerk_problem(account: Account | None, name: str) -> str | None:
    if account is None:
        return _("This request names {name}, who has no account here. Check where the file "
                 "came from, or add the account first.").format(name=name)
    if not account.active:
        return _("The account of {name} is disabled; enable it before signing this "
                 "request.").format(name=name)
    if account.role is not Role.CLERK:
        return _("{name} is not a certificate clerk here; only clerks get a signing "
                 "certificate.").format(name=name)
    return None


def already_answered_sentence(answered: EnrolmentEvent) -> str:
    author = (answered.author_ar if current_language() == "ar" else answered.author_en) or (
        answered.author_en or answered.author_ar or "–")
    return _("This request was already answered on {date} by {name}; nothing was signed again. "
             "If the answer file was lost, save the earlier answer again.").format(
        date=f"{parse_utc_text(answered.at).astimezone():%Y-%m-%d}", name=author)
