"""Certificate build + sign against a bare reportlab page + a bare pyHanko signature, same run.

    .venv/bin/python bench/bench_certificate_pdf.py [--repeat 30] [--batch 200]

Prints medians (of --repeat runs, after one warm-up run) for:

(a) a bare reportlab page: one canvas, a dozen lines of text in the same bundled Amiri font;
(b) a bare pyHanko signature of that page: pyHanko's defaults (it measures the signature
    container with a dummy signature first), ECDSA P-256, the key and certificate enrolled
    with a throwaway Command CA made by desktop.signing.ca, the signer object made once;
(c) a typical certificate (tests.reports.samples.normal) as CertificateService makes it: the
    QR payload signed, the PDF built, then signed with desktop.signing.pdf_signing.sign_pdf;
(d) the same for a two-page certificate (samples.long);

then the ratio (c) / ((a) + (b)) against the goal of 2x, and (e) a batch of certificates
built and signed one after another with different serials and badges (total, per
certificate, and the median of one certificate), as a clerk's "print the day's certificates"
would. No assertions: figures only. The machine may be shared: (a) to (d) are timed in
rounds so that load slows them alike; the batch is one stretch and feels load more.
The database's part of issuing is measured by bench/bench_certificate_issue.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.reports.samples

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.domain.certificate import CertificateData
from desktop.reports.arabic import visual
from desktop.reports.certificate_pdf import SIGNATURE_FIELD_NAME, build_certificate_pdf
from desktop.reports.fonts import REGULAR, register_fonts
from desktop.signing.ca import (
    EnrolmentAnswer,
    HolderKind,
    create_command_ca,
    load_private_key,
    make_request,
    new_key_pair,
    read_answer,
    sign_request,
)
from desktop.signing.pdf_signing import sign_pdf
from desktop.signing.qr_payload import make_payload
from tests.reports import samples

GOAL = 2.0
CA_PASSPHRASE = "bench-command-passphrase"
CLERK_PASSPHRASE = "bench-clerk-passphrase"
# As desktop.services.certificates signs (not imported: that pulls in the database layer).
REASON = "Certificate of Handover of Security Responsibility"
LOCATION = "Al-Anbar"


@dataclasses.dataclass(frozen=True)
class Clerk:
    key: ec.EllipticCurvePrivateKey
    answer: EnrolmentAnswer


def enrolled_clerk() -> Clerk:
    """A throwaway Command CA and a clerk key enrolled with it, as in the field."""
    command_ca = create_command_ca(CA_PASSPHRASE)
    pair, key = new_key_pair(CLERK_PASSPHRASE)
    request = make_request(HolderKind.CLERK, "bench-clerk", "Bench Clerk", key)
    answer = read_answer(sign_request(command_ca, CA_PASSPHRASE, request).to_file(),
                         pair.public_key_pem)
    return Clerk(load_private_key(pair.encrypted_key_pem, CLERK_PASSPHRASE), answer)


def bare_page() -> bytes:
    """One A4 page with a dozen lines in the same font: the least a PDF of this kind costs."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(REGULAR, 10)
    lines = ["Certificate of Handover of Security Responsibility", "ANB-R07-2026-000123",
             "Trebil border crossing, Rutba district", "Demo Brigade 1 (army)",
             "Ahmed Khalil Ibrahim — Lt. Colonel, Badge No. 41872",
             "Demo Border Police Battalion 3", "Omar Saadoun Al-Dulaimi — Major",
             "2026-03-14 09:30 (UTC+03:00)", "No gap", "18 items: 15 done",
             visual("شهادة تسليم واستلام المسؤولية الأمنية"), visual("منفذ طريبيل الحدودي")]
    for index, line in enumerate(lines):
        canvas.drawString(60, 780 - index * 16, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _asn1(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def bare_signer(clerk: Clerk) -> signers.SimpleSigner:
    der_key = clerk.key.private_bytes(serialization.Encoding.DER,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    return signers.SimpleSigner(
        signing_cert=_asn1(clerk.answer.certificate_pem),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [_asn1(clerk.answer.ca_certificate_pem)]),
    )


def bare_signature(pdf: bytes, signer: signers.SimpleSigner) -> bytes:
    """pyHanko with its defaults: a new invisible field, the signature size measured first."""
    output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                              signers.PdfSignatureMetadata(field_name="Signature1"),
                              signer=signer)
    return bytes(output.getvalue())


def unsigned_certificate(data: CertificateData, clerk: Clerk) -> bytes:
    qr = make_payload(data.serial, data.content_hash(), clerk.key).text()
    return build_certificate_pdf(data, qr_payload=qr)


def sign_certificate(pdf: bytes, clerk: Clerk) -> bytes:
    return sign_pdf(pdf, key=clerk.key, certificate_pem=clerk.answer.certificate_pem,
                    chain_pems=[clerk.answer.ca_certificate_pem],
                    field_name=SIGNATURE_FIELD_NAME, reason=REASON, location=LOCATION)


def signed_certificate(data: CertificateData, clerk: Clerk) -> bytes:
    """What CertificateService._signed_pdf does: QR payload, PDF, signature."""
    return sign_certificate(unsigned_certificate(data, clerk), clerk)


def interleaved_medians(actions: dict[str, Callable[[], bytes]], repeat: int
                        ) -> dict[str, float]:
    """Median milliseconds of each action, timed in rounds (each action once a round) so
    that a busy machine slows every figure alike and the ratios stay fair."""
    for action in actions.values():
        action()  # warm: fonts parsed, caches filled
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def batch_of(count: int) -> list[CertificateData]:
    """Different serials and badges, so per-text caches help only as much as in real use."""
    normal = samples.normal()
    return [
        dataclasses.replace(
            normal, serial=f"ANB-R07-2026-{n:06d}",
            witnesses=(dataclasses.replace(normal.witnesses[0], badge=str(70000 + n)),),
        )
        for n in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    arguments = parser.parse_args()
    repeat = arguments.repeat
    register_fonts()
    clerk = enrolled_clerk()
    pyhanko_signer = bare_signer(clerk)
    normal, long = samples.normal(), samples.long()

    page = bare_page()
    unsigned = unsigned_certificate(normal, clerk)
    medians = interleaved_medians({
        "a": bare_page,
        "b": lambda: bare_signature(page, pyhanko_signer),
        "c": lambda: signed_certificate(normal, clerk),
        "c_build": lambda: unsigned_certificate(normal, clerk),
        "c_sign": lambda: sign_certificate(unsigned, clerk),
        "d": lambda: signed_certificate(long, clerk),
    }, repeat)
    a, b, c, d = medians["a"], medians["b"], medians["c"], medians["d"]
    c_build, c_sign = medians["c_build"], medians["c_sign"]
    baseline = a + b
    sizes = {
        "page": len(bare_signature(page, pyhanko_signer)),
        "normal": len(signed_certificate(normal, clerk)),
        "long": len(signed_certificate(long, clerk)),
    }

    batch_times: list[float] = []
    total_bytes = 0
    for data in batch_of(arguments.batch):
        started = time.perf_counter()
        total_bytes += len(signed_certificate(data, clerk))
        batch_times.append(time.perf_counter() - started)
    elapsed = sum(batch_times)
    per_certificate = elapsed / arguments.batch * 1000

    def row(label: str, ms: float, ratio: str = "", note: str = "") -> None:
        print(f"{label:<48}{ms:8.1f}  {ratio:>6}  {note}".rstrip())

    print(f"medians of {repeat} interleaved runs; ratio = time / ((a) + (b))")
    print(f"{'':<48}{'ms':>8}  {'ratio':>6}")
    row("(a) bare reportlab page", a)
    row("(b) bare pyHanko signature of (a)", b, "", f"signed page {sizes['page'] // 1024} KB")
    row("(a)+(b)", baseline, "1.00x")
    row("(c) typical certificate, built + signed", c, f"{c / baseline:.2f}x",
        f"goal <= {GOAL:.0f}x: {'met' if c / baseline <= GOAL else 'NOT met'}; "
        f"{sizes['normal'] // 1024} KB")
    row("      build alone (QR payload + PDF)", c_build, f"{c_build / baseline:.2f}x")
    row("      sign alone", c_sign, f"{c_sign / baseline:.2f}x")
    row("(d) two-page certificate, built + signed", d, f"{d / baseline:.2f}x",
        f"{sizes['long'] // 1024} KB")
    row(f"(e) batch of {arguments.batch} built + signed, per certificate",
        per_certificate, f"{per_certificate / baseline:.2f}x",
        f"total {elapsed:.2f} s, {total_bytes / 1024 / 1024:.1f} MB; median "
        f"{statistics.median(batch_times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
