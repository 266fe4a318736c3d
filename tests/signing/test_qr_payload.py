"""The QR payload: signed serial and hash, checked offline against enrolled certificates."""

import pytest

from desktop.domain.errors import ValidationError
from desktop.signing.ca import (
    HolderKind,
    create_command_ca,
    make_request,
    new_key_pair,
    sign_request,
)
from desktop.signing.qr_payload import QrVerdict, check_payload, make_payload, parse_payload

HASH = "ab" * 32


def enrolled(clerk):
    key, answer = clerk
    payload = make_payload("ANB-R07-2026-000123", HASH, key)
    return payload, {payload.key_id: answer.certificate_pem}


def test_a_scanned_payload_round_trips_and_verifies(clerk, command_ca):
    payload, certificates = enrolled(clerk)
    text = payload.text()
    assert text.startswith("TSL1|ANB-R07-2026-000123|" + HASH + "|")
    check = check_payload(parse_payload(text), certificates, [command_ca.certificate_pem])
    assert check.verdict is QrVerdict.VALID and check.signer == "Clerk One"


@pytest.mark.parametrize(("old", "new"), [("000123", "000124"), ("ab" * 32, "ac" + "ab" * 31)])
def test_an_edited_payload_is_forged(clerk, command_ca, old, new):
    payload, certificates = enrolled(clerk)
    edited = parse_payload(payload.text().replace(old, new, 1))
    assert check_payload(edited, certificates, [command_ca.certificate_pem]).verdict is (
        QrVerdict.FORGED
    )


def test_unknown_and_untrusted_signers(clerk, command_ca):
    payload, certificates = enrolled(clerk)
    assert check_payload(payload, {}, [command_ca.certificate_pem]).verdict is (
        QrVerdict.UNKNOWN_SIGNER
    )
    other = create_command_ca("other-passphrase").certificate_pem
    assert check_payload(payload, certificates, [other]).verdict is QrVerdict.UNTRUSTED_SIGNER


def test_a_key_signed_by_an_impostor_ca_is_untrusted(command_ca):
    _pair, key = new_key_pair("impostor-clerk")
    impostor = create_command_ca("impostor-passphrase")
    answer = sign_request(
        impostor, "impostor-passphrase", make_request(HolderKind.CLERK, "x", "Impostor", key)
    )
    payload = make_payload("ANB-X01-2026-000001", HASH, key)
    check = check_payload(
        payload, {payload.key_id: answer.certificate_pem}, [command_ca.certificate_pem]
    )
    assert check.verdict is QrVerdict.UNTRUSTED_SIGNER


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "TSL1|x|y|z|w",
        "TSL2|ANB-R07-2026-000123|" + HASH + "|0123456789abcdef|" + "A" * 90,
    ],
)
def test_garbage_is_one_sentence(text):
    with pytest.raises(ValidationError, match="not the QR code of a Taslim certificate"):
        parse_payload(text)
