"""The Command CA and offline enrolment."""

import json

import pytest
from cryptography import x509

from desktop.domain.errors import ValidationError
from desktop.signing.ca import (
    HolderKind,
    WrongPassphrase,
    create_command_ca,
    issued_by,
    key_id,
    make_request,
    new_key_pair,
    read_answer,
    read_request,
    sign_request,
    subject_common_name,
)
from tests.signing.conftest import CA_PASSPHRASE


def test_the_root_key_is_encrypted_and_the_passphrase_is_needed(command_ca):
    assert command_ca.encrypted_key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    root = x509.load_pem_x509_certificate(command_ca.certificate_pem)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert issued_by(command_ca.certificate_pem, command_ca.certificate_pem)
    _pair, key = new_key_pair("another-passphrase")
    request = make_request(HolderKind.CLERK, "p", "Clerk", key)
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        sign_request(command_ca, "not-the-passphrase", request)


def test_a_short_passphrase_is_refused():
    with pytest.raises(ValidationError, match="at least 10"):
        create_command_ca("short")


def test_enrolment_round_trip_through_files(command_ca):
    pair, key = new_key_pair("clerk-passphrase-2")
    request_file = make_request(HolderKind.CLERK, "person-7", "كاتب الشهادات", key).to_file()
    assert b"PRIVATE" not in request_file  # only the request travels, never the key
    request = read_request(request_file)
    assert (request.kind, request.holder_id) == (HolderKind.CLERK, "person-7")
    answer_file = sign_request(command_ca, CA_PASSPHRASE, request).to_file()
    answer = read_answer(answer_file, pair.public_key_pem)
    assert issued_by(answer.certificate_pem, command_ca.certificate_pem)
    assert subject_common_name(answer.certificate_pem) == "كاتب الشهادات"
    assert len(key_id(pair.public_key_pem)) == 16


def test_an_answer_for_another_key_is_refused(command_ca):
    _pair, key = new_key_pair("clerk-passphrase-3")
    other_pair, _other = new_key_pair("clerk-passphrase-4")
    answer = sign_request(
        command_ca, CA_PASSPHRASE, make_request(HolderKind.CLERK, "p", "Clerk", key)
    )
    with pytest.raises(ValidationError, match="another request"):
        read_answer(answer.to_file(), other_pair.public_key_pem)


def test_a_device_request_must_carry_an_ed25519_key(command_ca):
    _pair, key = new_key_pair("clerk-passphrase-6")
    with pytest.raises(ValidationError, match="kind of key"):
        sign_request(command_ca, CA_PASSPHRASE, make_request(HolderKind.DEVICE, "d", "R07", key))


def test_an_answer_signed_by_a_different_ca_is_refused(command_ca):
    pair, key = new_key_pair("clerk-passphrase-5")
    impostor = create_command_ca("impostor-passphrase")
    answer = sign_request(
        impostor, "impostor-passphrase", make_request(HolderKind.CLERK, "p", "Clerk", key)
    )
    document = json.loads(answer.to_file())
    document["ca_certificate"] = command_ca.certificate_pem.decode()
    with pytest.raises(ValidationError, match="not signed by its CA"):
        read_answer(json.dumps(document).encode(), pair.public_key_pem)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b'{"format": "something else"}',
        '{"format": "\u0000"}'.encode(),
        json.dumps(
            {
                "format": "taslim-enrolment-request/1",
                "kind": "clerk",
                "holder_id": "x",
                "display_name": "x",
                "csr": "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                "-----END CERTIFICATE REQUEST-----\n",
            }
        ).encode(),
    ],
)
def test_bad_request_files_get_one_sentence(data):
    with pytest.raises(ValidationError, match="not a Taslim enrolment request"):
        read_request(data)
