"""The Command CA on the supervisor's laptop, a clerk enrolled from another laptop by files."""

import pytest
from sqlalchemy import text

from desktop.domain.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationError
from desktop.services.enrolment import SignerNotEnrolled
from desktop.signing.ca import issued_by
from desktop.storage.queries import iter_revisions
from desktop.storage.revision_log import ingest
from tests.support import PASSWORD, World, make_context

CA_PASSPHRASE = "the-command-passphrase"


@pytest.fixture
def laptops(tmp_path):
    headquarters = make_context(tmp_path, "hq.db")
    world = World(headquarters)
    clerk_laptop = make_context(tmp_path, "clerk.db")
    with headquarters.database.read() as connection:
        revisions = list(iter_revisions(connection))
    with clerk_laptop.database.write() as connection:
        ingest(connection, revisions)
    yield world, headquarters, clerk_laptop
    headquarters.close()
    clerk_laptop.close()


def test_enrolment_by_files_then_the_clerk_can_sign(laptops):
    world, headquarters, clerk_laptop = laptops
    anchor = headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE).value
    request = clerk_laptop.enrolment.request_signing_key(world.clerk, PASSWORD)
    assert b"PRIVATE KEY" not in request
    answer = headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
    certificate = clerk_laptop.enrolment.import_answer(world.clerk, answer).value
    signer = clerk_laptop.enrolment.unlock_signer(world.clerk, PASSWORD)
    assert signer.key_id == certificate.key_id
    assert signer.chain_pems == [anchor.certificate_pem.encode()]
    assert issued_by(signer.certificate_pem, anchor.certificate_pem.encode())
    assert clerk_laptop.enrolment.export_root() == anchor.certificate_pem.encode()
    assert list(clerk_laptop.enrolment.signer_certificates()) == [certificate.key_id]
    with clerk_laptop.database.read() as connection:
        stored = connection.execute(text("SELECT encrypted_key_pem FROM key_store")).scalar_one()
    assert stored.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with headquarters.database.read() as connection:  # the CA key never left headquarters
        purposes = connection.execute(text("SELECT purpose FROM key_store")).scalars().all()
    assert purposes == ["command_ca"]


def test_roles_passphrases_and_passwords_are_checked(laptops):
    world, headquarters, clerk_laptop = laptops
    with pytest.raises(PermissionDenied):
        headquarters.enrolment.create_command_ca(world.officer, CA_PASSPHRASE)
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    with pytest.raises(ValidationError, match="already holds a Command CA"):
        headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    with pytest.raises(AuthenticationFailed):
        clerk_laptop.enrolment.request_signing_key(world.clerk, "wrong-password")
    with pytest.raises(PermissionDenied):
        clerk_laptop.enrolment.request_signing_key(world.officer, PASSWORD)
    request = clerk_laptop.enrolment.request_signing_key(world.clerk, PASSWORD)
    from desktop.signing.ca import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        headquarters.enrolment.sign_request(world.supervisor, "not-the-passphrase", request)
    with pytest.raises(NotFound, match="no Command CA"):
        clerk_laptop.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)


def test_before_enrolment_and_after_a_password_reset_signing_is_refused(laptops):
    world, headquarters, clerk_laptop = laptops
    with pytest.raises(SignerNotEnrolled, match="no signing certificate"):
        clerk_laptop.enrolment.unlock_signer(world.clerk, PASSWORD)
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    answer = headquarters.enrolment.sign_request(
        world.supervisor, CA_PASSPHRASE,
        clerk_laptop.enrolment.request_signing_key(world.clerk, PASSWORD))
    clerk_laptop.enrolment.import_answer(world.clerk, answer)
    clerk_laptop.accounts.reset_password(world.supervisor, world.clerk.account_id,
                                         "brand-new-password")
    with pytest.raises(SignerNotEnrolled, match="earlier password"):
        clerk_laptop.enrolment.unlock_signer(world.clerk, "brand-new-password")


def test_an_answer_for_someone_else_is_refused(laptops):
    world, headquarters, clerk_laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    clerk_laptop.enrolment.request_signing_key(world.clerk, PASSWORD)
    other_request = headquarters.enrolment.request_signing_key(world.clerk, PASSWORD)
    answer = headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, other_request)
    with pytest.raises(ValidationError, match="another request"):
        clerk_laptop.enrolment.import_answer(world.clerk, answer)
    with pytest.raises(ValidationError, match="not a Taslim enrolment answer"):
        clerk_laptop.enrolment.import_answer(world.clerk, b"garbage")


def test_a_laptop_enrols_its_own_revision_key(laptops):
    world, headquarters, clerk_laptop = laptops
    anchor = headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE).value
    request = clerk_laptop.enrolment.request_device_certificate(world.officer,
                                                                clerk_laptop.device)
    answer = headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
    with pytest.raises(ValidationError, match="another request"):
        headquarters.enrolment.import_device_answer(world.officer, headquarters.device, answer)
    certificate = clerk_laptop.enrolment.import_device_answer(
        world.officer, clerk_laptop.device, answer).value
    assert (certificate.holder_kind, certificate.holder_id) == ("device",
                                                                clerk_laptop.device.device_id)
    assert issued_by(certificate.certificate_pem.encode(), anchor.certificate_pem.encode())
    from desktop.signing.ca import certificate_public_key_pem
    from desktop.signing.device_keys import public_key_pem

    assert certificate_public_key_pem(certificate.certificate_pem.encode()) == public_key_pem(
        clerk_laptop.device.public_key)


# --- what headquarters sees before signing, and what the history keeps ---------------------------


def revision_count(context) -> int:
    with context.database.read() as connection:
        return sum(1 for _revision in iter_revisions(connection))


def test_a_request_is_described_before_it_is_signed_and_answered_once(laptops):
    from desktop.services.enrolment import AlreadyAnswered
    from desktop.signing.ca import HolderKind, read_answer
    from desktop.signing.device_keys import public_key_pem

    world, headquarters, laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    request = laptop.enrolment.request_device_certificate(world.officer, laptop.device)
    summary = headquarters.enrolment.describe_request(world.supervisor, request)
    assert (summary.kind, summary.holder_id) == (HolderKind.DEVICE, laptop.device.device_id)
    assert summary.display_name == laptop.device.short_code
    assert not summary.known and summary.answered is None and summary.problem is None
    # The digits the supervisor reads are the ones the laptop shows.
    assert summary.fingerprint == laptop.enrolment.laptop_standing(laptop.device).spoken
    assert len(summary.fingerprint) == 6 and all(len(g) == 5 and g.isdigit()
                                                 for g in summary.fingerprint)
    with pytest.raises(PermissionDenied):
        headquarters.enrolment.describe_request(world.officer, request)

    answer = headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
    answered = headquarters.enrolment.describe_request(world.supervisor, request).answered
    assert answered is not None and answered.author_en == "Supervisor"
    held = revision_count(headquarters)
    with pytest.raises(AlreadyAnswered, match=r"already answered on .* by Supervisor"):
        headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
    again = headquarters.enrolment.earlier_answer(world.supervisor, request)
    assert revision_count(headquarters) == held
    key = public_key_pem(laptop.device.public_key)
    assert read_answer(again, key).certificate_pem == read_answer(answer, key).certificate_pem
    laptop.enrolment.import_device_answer(world.officer, laptop.device, again)
    standing = laptop.enrolment.laptop_standing(laptop.device)
    assert standing.enrolled and not standing.expired
    assert standing.ca_spoken == headquarters.enrolment.command_ca_status().spoken


def test_an_answer_that_cannot_be_delivered_is_not_recorded(laptops):
    world, headquarters, laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    request = laptop.enrolment.request_device_certificate(world.officer, laptop.device)
    held = revision_count(headquarters)

    def stick_pulled(_answer: bytes) -> None:
        raise ValidationError("Cannot write answer.json: No such device.")

    with pytest.raises(ValidationError, match="No such device"):
        headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request,
                                            deliver=stick_pulled)
    assert revision_count(headquarters) == held
    assert headquarters.enrolment.describe_request(world.supervisor, request).answered is None


def test_requests_that_cannot_be_signed_say_why(laptops):
    import json

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    world, headquarters, laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    enrolment = headquarters.enrolment

    def refused(data: bytes, sentence: str) -> None:
        with pytest.raises(ValidationError, match=sentence):
            enrolment.describe_request(world.supervisor, data)

    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "x")]))
           .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    refused(csr, "made by another program")
    refused(b"{" + b" " * 70_000 + b"}", "too large to be an enrolment request")
    request = laptop.enrolment.request_device_certificate(world.officer, laptop.device)
    answer = enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
    refused(answer, "This is an answer file, not a request")
    swapped = json.loads(request)
    swapped["display_name"] = "Z99"  # the file says one laptop, the signed request another
    refused(json.dumps(swapped).encode(), "its file does not match the signed request")
    with pytest.raises(ValidationError, match="This is a request file, not an answer"):
        laptop.enrolment.import_device_answer(world.officer, laptop.device, request)

    # A clerk's request names a person who must hold an active clerk account here.
    clerk_request = laptop.enrolment.request_signing_key(world.clerk, PASSWORD)
    assert enrolment.describe_request(world.supervisor, clerk_request).problem is None
    headquarters.accounts.set_active(world.supervisor, world.clerk.account_id, False)
    summary = enrolment.describe_request(world.supervisor, clerk_request)
    assert summary.problem == ("The account of clerk en is disabled; enable it before signing "
                               "this request.")
    held = revision_count(headquarters)
    with pytest.raises(ValidationError, match="is disabled"):
        enrolment.sign_request(world.supervisor, CA_PASSPHRASE, clerk_request)
    assert revision_count(headquarters) == held


def test_an_answer_from_another_command_ca_is_refused_once_one_is_trusted(laptops, tmp_path):
    world, headquarters, laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    request = laptop.enrolment.request_device_certificate(world.officer, laptop.device)
    laptop.enrolment.import_device_answer(world.officer, laptop.device,
                                          headquarters.enrolment.sign_request(
                                              world.supervisor, CA_PASSPHRASE, request))
    elsewhere = make_context(tmp_path, "elsewhere.db")
    try:
        other = World(elsewhere)
        elsewhere.enrolment.create_command_ca(other.supervisor, CA_PASSPHRASE)
        foreign = elsewhere.enrolment.sign_request(other.supervisor, CA_PASSPHRASE, request)
        held = revision_count(laptop)
        with pytest.raises(ValidationError, match="a Command CA this laptop does not trust"):
            laptop.enrolment.import_device_answer(world.officer, laptop.device, foreign)
        assert revision_count(laptop) == held
    finally:
        elsewhere.close()


def test_the_history_tells_issuing_from_loading_and_names_who(laptops):
    from desktop.domain.enums import Op
    from desktop.services import people_admin
    from desktop.services.enrolment_history import (
        CA_CREATED,
        ISSUED,
        RECEIVED,
        EnrolmentHistory,
    )
    from desktop.services.people_admin import PeopleAdminService

    world, headquarters, laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    history = EnrolmentHistory(headquarters.store)
    [created, own] = history.of_device(headquarters.device.device_id)
    assert (created.kind, created.op, created.author_en) == (CA_CREATED, Op.SIGN, "Supervisor")
    assert (own.kind, own.op) == (ISSUED, Op.SIGN)
    assert [event.kind for event in history.command_ca()] == [CA_CREATED]

    device_request = laptop.enrolment.request_device_certificate(world.officer, laptop.device)
    clerk_request = laptop.enrolment.request_signing_key(world.clerk, PASSWORD)
    for request, session in ((device_request, None), (clerk_request, world.clerk)):
        answer = headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
        if session is None:
            laptop.enrolment.import_device_answer(world.officer, laptop.device, answer)
        else:
            laptop.enrolment.import_answer(session, answer)
    # Headquarters receives the laptop's records (as an import would bring them).
    with laptop.database.read() as connection:
        revisions = [r for r in iter_revisions(connection)
                     if r.device_id == laptop.device.device_id]
    with headquarters.database.write() as connection:
        ingest(connection, revisions)

    events = history.of_device(laptop.device.device_id)
    assert [(e.kind, e.author_en, e.device_id) for e in events] == [
        (ISSUED, "Supervisor", headquarters.device.device_id),
        (RECEIVED, "officer en", laptop.device.device_id)]
    assert events[0].key_id == events[1].key_id and events[0].not_after
    assert [event.kind for event in history.of_person(world.clerk.person_id)] == [ISSUED,
                                                                                RECEIVED]
    lines = PeopleAdminService(headquarters.store).history(world.clerk.account_id)
    assert [(line.change, line.author_en) for line in lines][-2:] == [
        (people_admin.CERTIFICATE_ISSUED, "Supervisor"),
        (people_admin.CERTIFICATE_RECEIVED, "clerk en")]
    assert lines[0].change == people_admin.CREATED


def test_a_laptop_enrolled_here_is_listed_before_its_first_bundle(laptops):
    world, headquarters, _laptop = laptops
    headquarters.enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    fresh = make_context(headquarters.database.path.parent, "fresh.db")
    try:
        request = fresh.enrolment.request_device_certificate(None, fresh.device)
        headquarters.enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request)
        [status] = [s for s in headquarters.devices.devices()
                    if s.device_id == fresh.device.device_id]
        assert status.enrolled and status.known and status.short_code == fresh.device.short_code
        assert status.imports == 0 and not status.this_computer
    finally:
        fresh.close()
