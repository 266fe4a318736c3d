"""A Command CA and an enrolled clerk, made once per module (key generation is not free)."""

import io

import pytest
from reportlab.pdfgen import canvas

from desktop.signing.ca import (
    HolderKind,
    create_command_ca,
    load_private_key,
    make_request,
    new_key_pair,
    read_answer,
    sign_request,
)

CA_PASSPHRASE = "command-ca-passphrase"
CLERK_PASSPHRASE = "clerk-passphrase-1"


@pytest.fixture(scope="module")
def command_ca():
    return create_command_ca(CA_PASSPHRASE)


@pytest.fixture(scope="module")
def clerk(command_ca):
    pair, key = new_key_pair(CLERK_PASSPHRASE)
    request = make_request(HolderKind.CLERK, "person-1", "Clerk One", key)
    answer = read_answer(
        sign_request(command_ca, CA_PASSPHRASE, request).to_file(), pair.public_key_pem
    )
    return load_private_key(pair.encrypted_key_pem, CLERK_PASSPHRASE), answer


def simple_pdf(text: str = "ANB-R07-2026-000001 handover certificate") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=0)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return buffer.getvalue()
