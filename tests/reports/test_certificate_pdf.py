"""The certificate PDF, checked with tools nobody here wrote: poppler (pdftotext, pdffonts,
pdfinfo, pdfdetach, pdftoppm), qpdf and zbarimg. ``make test`` installs them
(tools/ensure-system-packages.sh test)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.domain.certificate import CertificateData
from desktop.reports.certificate_pdf import (
    ATTACHMENT_NAME,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIGNATURE_FIELD_NAME,
    build_certificate_pdf,
    signature_box,
)
from tests.reports import samples


def run(*command: str) -> str:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: run tools/ensure-system-packages.sh test")
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The sample certificates as PDF files, built once for the module."""
    folder = tmp_path_factory.mktemp("certificates")
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            path = folder / f"{name}.pdf"
            path.write_bytes(build_certificate_pdf(samples.ALL[name](),
                                                   qr_payload=samples.QR_PAYLOAD))
            cache[name] = path
        return cache[name]

    return get


def text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, str(path), "-")


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(path)), re.MULTILINE)
    assert match is not None
    return int(match.group(1))


# --- content --------------------------------------------------------------------------------------


def test_normal_certificate_is_one_page_with_everything_english_readable(
        built: Callable[[str], Path]) -> None:
    path, data = built("normal"), samples.normal()
    assert page_count(path) == 1
    found = text(path)
    for expected in (
        data.serial, data.checkpoint_code, data.checkpoint_en, data.district_en,
        data.handing.unit_en, data.handing.representative.name_en,
        data.receiving.unit_en, data.receiving.representative.name_en,
        data.witnesses[0].name_en, data.clerk.name_en, data.issuing_device,
        "Certificate of Handover of Security", "Anbar Police Command",
        "2026-03-14 09:30 (UTC+03:00)",  # handover time, local
        "No gap", "18 items: 15 done, 2 not done, 1 not applicable",
        "Generator, fuel and water supplies checked", "List dated 2026-02-28",
        "MTR-2231, MTR-2232, MTR-2240", "Needs repair",
        "Digital signature", "Page 1 of 1", data.content_hash(),
    ):
        assert expected in found, expected
    assert "COPY" not in found and "VOID" not in found


def test_a_gap_is_printed_with_its_minutes(built: Callable[[str], Path]) -> None:
    assert "GAP: unmanned interval of 37 minutes" in text(built("long"))


def test_reprint_says_copy_with_its_number(built: Callable[[str], Path]) -> None:
    found = text(built("copy"))
    assert "COPY No. 2" in found
    assert page_count(built("copy")) == 1


def test_void_says_void_and_why(built: Callable[[str], Path]) -> None:
    found = text(built("void"))
    assert "VOID" in found
    assert "Wrong receiving unit recorded; reissued as ANB-R07-2026-000131" in found


def test_superseding_certificate_names_the_one_it_replaces(built: Callable[[str], Path]) -> None:
    found = text(built("superseding"))
    assert "supersedes certificate ANB-R07-2026-000123" in found


def test_missing_times_and_empty_lists_still_make_a_certificate(tmp_path: Path) -> None:
    import dataclasses

    data = dataclasses.replace(samples.normal(), assumed_duty_at=None, departure_at=None,
                               witnesses=(), exceptions=(), equipment=(), signatures=(),
                               latitude=None, longitude=None)
    path = tmp_path / "sparse.pdf"
    path.write_bytes(build_certificate_pdf(data, qr_payload="x"))
    found = text(path)
    for expected in ("Not checked: a time is missing", "not recorded", "No witness recorded",
                     "No exceptions", "No equipment transferred",
                     "No handwritten signature recorded"):
        assert expected in found, expected


def _stretched(value: object, text: str) -> object:
    """Every free-text field of a certificate value replaced by ``text`` (times kept)."""
    import dataclasses

    if isinstance(value, tuple):
        return tuple(_stretched(item, text) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, object] = {}
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        if field.name.endswith("_at") or field.name == "kind":
            continue
        if isinstance(current, str):
            changes[field.name] = text
        elif isinstance(current, tuple) or dataclasses.is_dataclass(current):
            changes[field.name] = _stretched(current, text)
    return dataclasses.replace(value, **changes)  # type: ignore[type-var]


def test_every_text_field_at_the_longest_the_domain_allows_still_lays_out(
        tmp_path: Path) -> None:
    # 4000 characters (desktop.domain.entities.MAX_TEXT), Arabic and Latin mixed: a note
    # that long must continue over rows and pages, never fail to fit
    longest = ("ملاحظة طويلة (رقم 12) عن الحاجز 2026-03-14 and an English clause, " * 80)[:4000]
    data = _stretched(samples.void(), longest)
    assert isinstance(data, CertificateData)
    path = tmp_path / "huge.pdf"
    path.write_bytes(build_certificate_pdf(data, qr_payload=samples.QR_PAYLOAD))
    assert page_count(path) > 2
    run("qpdf", "--check", str(path))
    assert "VOID" in text(path, 1)


# --- long content ---------------------------------------------------------------------------------


def test_long_certificate_flows_onto_a_second_page_cleanly(built: Callable[[str], Path]) -> None:
    path, data = built("long"), samples.long()
    assert page_count(path) == 2
    first, second = text(path, 1), text(path, 2)
    assert "Page 1 of 2" in first and "Continued on page 2" in first
    assert "Page 2 of 2" in second
    # page 2 opens with the running header (title and serial), then a section heading
    lines = [line.strip() for line in second.splitlines() if line.strip()]
    assert lines[0].startswith(f"Certificate of Handover of Security Responsibility — "
                               f"{data.serial}")
    headings = ("Checkpoint", "Parties", "Times and continuity", "Handover checklist",
                "Equipment transferred", "Signatures of the parties")
    assert lines[1].startswith(headings)
    # no row is cut in half: every exception and equipment line is on exactly one page
    both = first + second
    for line in data.exceptions:
        start = " ".join(line.text_en.split()[:3])
        assert both.count(start) == 1, start
    english_items = [item.item for item in data.equipment if item.item.isascii()]
    assert english_items
    for item in english_items:  # "... (unit 1)" is not inside "... (unit 10)"
        assert both.count(item) == 1, item
    # the digital-signature field and the clerk are on the last page only
    assert "Digital signature" in second and "Digital signature" not in first
    assert data.clerk.name_en in second


def test_a_table_continued_on_the_next_page_repeats_its_heading(
        built: Callable[[str], Path]) -> None:
    path = built("very_long")
    assert page_count(path) >= 3
    for page in range(2, page_count(path)):
        lines = [line.strip() for line in text(path, page).splitlines() if line.strip()]
        assert lines[1].startswith(("Handover checklist", "Equipment transferred")), lines[1]
        if lines[1].startswith("Equipment"):
            assert lines[2].startswith("No.")  # the column titles come back too


# --- the file -------------------------------------------------------------------------------------


def test_font_is_embedded_as_a_subset_and_nothing_else_is_used(
        built: Callable[[str], Path]) -> None:
    rows = run("pdffonts", str(built("normal"))).splitlines()[2:]
    assert rows, "no fonts"
    names = []
    for row in rows:
        name, *rest = row.split()
        embedded, subset = rest[-5], rest[-4]
        assert (embedded, subset) == ("yes", "yes"), row
        names.append(name.split("+", 1)[1])
    assert sorted(names) == ["Amiri-Bold", "Amiri-Regular"]


@pytest.mark.parametrize("name", ["normal", "long", "void"])
def test_qpdf_finds_no_fault(built: Callable[[str], Path], name: str) -> None:
    done = subprocess.run(["qpdf", "--check", str(built(name))], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr


def test_qr_code_decodes_from_a_150_dpi_render(built: Callable[[str], Path],
                                               tmp_path: Path) -> None:
    run("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(built("normal")),
        str(tmp_path / "page"))
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "page-1.png"))
    assert decoded.strip() == samples.QR_PAYLOAD


@pytest.mark.parametrize("name", ["normal", "long"])
def test_json_attachment_round_trips(built: Callable[[str], Path], tmp_path: Path,
                                     name: str) -> None:
    listed = run("pdfdetach", "-list", str(built(name)))
    assert ATTACHMENT_NAME in listed
    run("pdfdetach", "-saveall", "-o", str(tmp_path), str(built(name)))
    attached = json.loads((tmp_path / ATTACHMENT_NAME).read_text("utf-8"))
    data: CertificateData = samples.ALL[name]()
    assert attached == data.to_json()
    assert list(attached) == list(data.to_json())  # logical order kept
    assert data.district_ar in (tmp_path / ATTACHMENT_NAME).read_text("utf-8")  # not escaped


def test_metadata_carries_serial_hash_and_the_whole_certificate(
        built: Callable[[str], Path]) -> None:
    path, data = built("copy"), samples.copy()
    info = run("pdfinfo", "-custom", str(path))
    assert re.search(rf"^TaslimSerial:\s*{data.serial}$", info, re.MULTILINE)
    assert re.search(rf"^TaslimContentHash:\s*{data.content_hash()}$", info, re.MULTILINE)
    assert re.search(r"^TaslimKind:\s*copy$", info, re.MULTILINE)
    assert re.search(rf"^Title:\s+.*{data.serial}$", info, re.MULTILINE)
    assert re.search(r"^Keywords:.*sha256:" + data.content_hash(), info, re.MULTILINE)
    xmp = run("pdfinfo", "-meta", str(path))
    match = re.search(r"<taslim:certificate>(.*)</taslim:certificate>", xmp, re.DOTALL)
    assert match is not None
    from xml.sax.saxutils import unescape

    assert json.loads(unescape(match.group(1))) == data.to_json()


def test_same_data_gives_the_same_bytes() -> None:
    data = samples.normal()
    assert build_certificate_pdf(data, qr_payload="a") == build_certificate_pdf(data,
                                                                                qr_payload="a")


# --- the digital-signature field -----------------------------------------------------------------


def _signature_field(path: Path) -> tuple[int, list[float]]:
    form = json.loads(run("qpdf", "--json", "--json-key=acroform", str(path)))["acroform"]
    fields = [f for f in form["fields"] if f["fullname"] == SIGNATURE_FIELD_NAME]
    assert len(fields) == 1
    field = fields[0]
    assert field["fieldtype"] == "/Sig" and field["value"] is None  # empty, ready to sign
    number = field["object"].split()[0]
    shown = run("qpdf", f"--show-object={number}", str(path))
    rect = re.search(r"/Rect \[ ([^\]]+) \]", shown)
    assert rect is not None
    return field["pageposfrom1"], [float(v) for v in rect.group(1).split()]


@pytest.mark.parametrize("name", ["normal", "long", "very_long"])
def test_empty_signature_field_sits_on_the_last_page_at_signature_box(
        built: Callable[[str], Path], name: str) -> None:
    path = built(name)
    pages = page_count(path)
    page, rect = _signature_field(path)
    index, box = signature_box(pages)
    assert page == pages == index + 1
    assert rect == pytest.approx(list(box), abs=0.01)
    x1, y1, x2, y2 = box
    assert 0 < x1 < x2 < PAGE_WIDTH and 0 < y1 < y2 < PAGE_HEIGHT
    assert x2 - x1 >= 150 and y2 - y1 >= 45  # room for a readable signature stamp


def test_pyhanko_signs_into_the_field(built: Callable[[str], Path]) -> None:
    """The contract with the signing code: the empty field takes a PAdES signature that
    covers the whole file."""
    import datetime
    import io

    pytest.importorskip("pyhanko")
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Clerk")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    asn1_certificate = asn1_x509.Certificate.load(
        certificate.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=asn1_certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        cert_registry=None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(built("long").read_bytes()))
    signed = signers.sign_pdf(writer, signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES),
        signer=signer).getvalue()
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert [signature.field_name for signature in embedded] == [SIGNATURE_FIELD_NAME]
    status = validate_pdf_signature(embedded[0],
                                    ValidationContext(trust_roots=[asn1_certificate]))
    assert status.intact and status.valid
    assert embedded[0].coverage is not None and embedded[0].coverage.name == "ENTIRE_FILE"
