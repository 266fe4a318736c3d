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
