"""PAdES signing checked by pyHanko and by poppler's pdfsig with an NSS trust store."""

import subprocess

import pytest

from desktop.signing.ca import create_command_ca
from desktop.signing.pdf_signing import PdfVerdict, check_pdf, sign_pdf
from tests.signing.conftest import simple_pdf


@pytest.fixture(scope="module")
def signed(clerk, command_ca):
    key, answer = clerk
    return sign_pdf(
        simple_pdf(),
        key=key,
        certificate_pem=answer.certificate_pem,
        chain_pems=[answer.ca_certificate_pem],
        field_name="TaslimSignature",
        new_field=(0, (350, 40, 560, 110)),
        reason="Handover certificate",
        location="Al-Anbar",
    )


@pytest.fixture(scope="module")
def nss_dir(tmp_path_factory, command_ca):
    folder = tmp_path_factory.mktemp("nss")
    root = folder / "root.pem"
    root.write_bytes(command_ca.certificate_pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True)
    subprocess.run(
        [
            "certutil",
            "-A",
            "-d",
            f"sql:{folder}",
            "-n",
            "taslim-root",
            "-t",
            "C,C,C",
            "-i",
            str(root),
        ],
        check=True,
    )
    return folder


def pdfsig(path, nss_dir=None):
    command = (
        ["pdfsig", str(path)]
        if nss_dir is None
        else ["pdfsig", "-nssdir", f"sql:{nss_dir}", str(path)]
    )
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def test_pyhanko_says_valid_and_trusted_with_the_command_ca(signed, command_ca, clerk):
    check = check_pdf(signed, [command_ca.certificate_pem])
    assert check.verdict is PdfVerdict.VALID_TRUSTED
    assert check.signer == "Clerk One" and check.field_name == "TaslimSignature"


def test_without_our_root_it_is_valid_but_not_trusted(signed):
    other_root = create_command_ca("other-passphrase").certificate_pem
    assert check_pdf(signed, [other_root]).verdict is PdfVerdict.VALID_UNTRUSTED
    assert check_pdf(signed, []).verdict is PdfVerdict.VALID_UNTRUSTED


def test_pdfsig_reports_valid_and_trusted(signed, tmp_path, nss_dir):
    path = tmp_path / "c.pdf"
    path.write_bytes(signed)
    plain = pdfsig(path)
    assert "Signature is Valid." in plain
    assert "Certificate is Trusted." not in plain
    trusted = pdfsig(path, nss_dir)
    assert "Signature is Valid." in trusted and "Certificate is Trusted." in trusted
    assert "Signer Certificate Common Name: Clerk One" in trusted


def test_one_changed_byte_is_caught_by_pyhanko_and_pdfsig(signed, tmp_path, command_ca):
    position = signed.index(b"handover certificate")
    altered = bytearray(signed)
    altered[position] ^= 0x01
    check = check_pdf(bytes(altered), [command_ca.certificate_pem])
    assert check.verdict is PdfVerdict.ALTERED
    path = tmp_path / "altered.pdf"
    path.write_bytes(bytes(altered))
    assert "Digest Mismatch." in pdfsig(path)


def test_an_unsigned_pdf_and_a_non_pdf(command_ca, tmp_path):
    assert check_pdf(simple_pdf(), [command_ca.certificate_pem]).verdict is PdfVerdict.NOT_SIGNED
    assert check_pdf(b"hello", [command_ca.certificate_pem]).verdict is PdfVerdict.UNREADABLE
