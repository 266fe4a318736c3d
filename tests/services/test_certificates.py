"""Issuing, reprinting, voiding and checking certificates, with tools nobody here wrote."""

import re
import subprocess
from dataclasses import replace

import pytest

from desktop.domain.enums import CertificateState, HandoverState
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services.certificates import FileVerdict
from desktop.signing.qr_payload import QrVerdict, parse_payload
from tests.services.test_certificate_data import finalized
from tests.support import PASSWORD, World, make_context

CA_PASSPHRASE = "the-command-passphrase"


@pytest.fixture
def world(tmp_path):
    context = make_context(tmp_path)
    world = World(context)
    enrolment = context.enrolment
    enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    answer = enrolment.sign_request(
        world.supervisor, CA_PASSPHRASE, enrolment.request_signing_key(world.clerk, PASSWORD)
    )
    enrolment.import_answer(world.clerk, answer)
    yield world
    context.close()


@pytest.fixture
def issued(world):
    handover = finalized(world)
    return handover, world.context.certificates.issue(world.clerk, handover.id, signer(world)).value


def signer(world):
    return world.context.certificates.unlock(world.clerk, PASSWORD)


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_an_issued_certificate_is_valid_and_trusted_everywhere(world, issued, tmp_path):
    handover, result = issued
    certificate = result.certificate
    assert (
        certificate.serial
        == f"ANB-{world.context.device.short_code}-" + certificate.issued_at[:4] + "-000001"
    )
    path = tmp_path / "certificate.pdf"
    path.write_bytes(result.pdf)
    assert world.context.certificates.check_file(result.pdf).verdict is FileVerdict.VALID_TRUSTED
    nss = tmp_path / "nss"
    nss.mkdir()
    root = tmp_path / "root.pem"
    root.write_bytes(world.context.enrolment.export_root())
    assert run("certutil", "-N", "-d", f"sql:{nss}", "--empty-password").returncode == 0
    assert (
        run(
            "certutil", "-A", "-d", f"sql:{nss}", "-n", "root", "-t", "C,C,C", "-i", str(root)
        ).returncode
        == 0
    )
    report = run("pdfsig", "-nssdir", f"sql:{nss}", str(path)).stdout
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    text = run("pdftotext", "-layout", str(path), "-").stdout
    assert certificate.serial in text and "RMD-CE-01" in text and "Receiving rep" in text
    parts = world.context.handovers.parts(handover.id)
    assert parts.handover.state is HandoverState.CERTIFIED


def test_the_qr_code_decodes_from_a_150_dpi_render_and_verifies(world, issued, tmp_path):
    _handover, result = issued
    path = tmp_path / "certificate.pdf"
    path.write_bytes(result.pdf)
    assert (
        run(
            "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")
        ).returncode
        == 0
    )
    page = sorted(tmp_path.glob("page*.png"))[0]
    scanned = run("zbarimg", "--raw", "-q", str(page)).stdout.strip()
    payload = parse_payload(scanned)
    assert payload.serial == result.certificate.serial
    assert payload.content_hash == result.certificate.content_hash
    assert world.context.certificates.check_qr(scanned).verdict is QrVerdict.VALID
    edited = scanned.replace(payload.content_hash, "0" * 64)
    assert world.context.certificates.check_qr(edited).verdict is QrVerdict.FORGED


def test_one_changed_byte_is_altered_for_pyhanko_and_pdfsig(world, issued, tmp_path):
    _handover, result = issued
    altered = bytearray(result.pdf)
    # A byte inside the first compressed page stream: the file still parses, the hash breaks.
    position = result.pdf.index(b"stream", result.pdf.index(b"/FlateDecode")) + 40
    altered[position] ^= 0x01
    assert world.context.certificates.check_file(bytes(altered)).verdict is FileVerdict.ALTERED
    path = tmp_path / "altered.pdf"
    path.write_bytes(bytes(altered))
    assert "Digest Mismatch." in run("pdfsig", str(path)).stdout


def signed_gap(pdf: bytes) -> range:
    """The bytes the signature does not cover: its own /Contents hex string."""
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert found is not None
    start, length, resume, _rest = (int(value) for value in found.groups())
    return range(start + length, resume)


def test_no_single_flipped_byte_anywhere_passes_or_crashes_the_check(world, issued):
    _handover, result = issued
    gap = signed_gap(result.pdf)
    step = max(1, len(result.pdf) // 40)
    positions = [p for p in range(0, len(result.pdf), step) if p not in gap]
    positions.append(gap.start + 2)  # inside the signature's own DER bytes
    for position in positions:
        altered = bytearray(result.pdf)
        altered[position] ^= 0x20
        verdict = world.context.certificates.check_file(bytes(altered)).verdict
        assert verdict in (FileVerdict.ALTERED, FileVerdict.UNREADABLE,
                           FileVerdict.NOT_SIGNED), position


def test_reprints_say_copy_and_are_counted(world, issued, tmp_path):
    _handover, result = issued
    service = world.context.certificates
    first = service.reprint(world.clerk, result.certificate.id, signer(world)).value
    second = service.reprint(world.clerk, result.certificate.id, signer(world)).value
    assert (first.certificate.reprints, second.certificate.reprints) == (1, 2)
    path = tmp_path / "copy.pdf"
    path.write_bytes(second.pdf)
    text = run("pdftotext", str(path), "-").stdout
    assert "COPY" in text
    assert service.check_file(second.pdf).verdict is FileVerdict.VALID_TRUSTED


def test_voiding_needs_a_reason_prints_void_and_the_original_then_checks_as_voided(
    world, issued, tmp_path
):
    _handover, result = issued
    service = world.context.certificates
    with pytest.raises(ValidationError, match="reason"):
        service.void(world.clerk, result.certificate.id, " ", signer(world))
    voided = service.void(
        world.clerk, result.certificate.id, "Issued in error", signer(world)
    ).value
    assert voided.certificate.state is CertificateState.VOID
    path = tmp_path / "void.pdf"
    path.write_bytes(voided.pdf)
    text = run("pdftotext", str(path), "-").stdout
    assert "VOID" in text and "Issued in error" in text
    assert service.check_file(result.pdf).verdict is FileVerdict.VOIDED
    with pytest.raises(ValidationError, match="not reprinted"):
        service.reprint(world.clerk, result.certificate.id, signer(world))


def test_after_an_amendment_a_reissue_supersedes_the_old_certificate(world, issued):
    handover, result = issued
    handovers = world.context.handovers
    handovers.transition(world.clerk, handover.id, HandoverState.AMENDED, "Badge corrected")
    parts = handovers.parts(handover.id)
    handovers.save(world.officer, replace(parts.handover, departure_at="2026-03-01T10:30:00Z"))
    handovers.finalize(world.officer, handover.id)
    with pytest.raises(ValidationError, match="changed after this certificate"):
        world.context.certificates.reprint(world.clerk, result.certificate.id, signer(world))
    second = world.context.certificates.issue(world.clerk, handover.id, signer(world)).value
    assert second.certificate.supersedes_id == result.certificate.id
    assert second.certificate.serial.endswith("-000002")
    assert world.context.certificates.check_file(result.pdf).verdict is FileVerdict.SUPERSEDED
    assert world.context.certificates.check_file(second.pdf).verdict is (FileVerdict.VALID_TRUSTED)


def test_only_a_clerk_issues_and_only_a_finalized_handover(world):
    handover = finalized(world)
    with pytest.raises(PermissionDenied):
        world.context.certificates.unlock(world.officer, PASSWORD)
    world.context.certificates.issue(world.clerk, handover.id, signer(world))
    with pytest.raises(ValidationError, match="no valid certificate yet"):
        world.context.certificates.issue(world.clerk, handover.id, signer(world))
