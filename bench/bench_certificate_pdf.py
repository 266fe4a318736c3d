"""Certificate PDF build time (unsigned) against a bare reportlab page, same run.

    .venv/bin/python bench/bench_certificate_pdf.py [--repeat 30] [--batch 200]

Prints medians for: a bare reportlab page (one canvas, a dozen lines of text in the same
bundled font, saved), a typical certificate and a long (two-page) one, with the ratios; then
a batch of certificates built one after another (total and per certificate), as a clerk's
"print the day's certificates" would. The difference from the bare page is what the layout
costs: Arabic shaping and reordering, tables, the QR code, the attachment and the metadata.
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

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.arabic import visual
from desktop.reports.certificate_pdf import build_certificate_pdf
from desktop.reports.fonts import REGULAR, register_fonts
from tests.reports import samples


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


def median_seconds(action: Callable[[], bytes], repeat: int) -> float:
    action()  # warm: fonts parsed, caches filled
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    arguments = parser.parse_args()
    register_fonts()

    normal, long = samples.normal(), samples.long()
    bare = median_seconds(bare_page, arguments.repeat)
    typical = median_seconds(lambda: build_certificate_pdf(normal, qr_payload=samples.QR_PAYLOAD),
                             arguments.repeat)
    two_pages = median_seconds(lambda: build_certificate_pdf(long, qr_payload=samples.QR_PAYLOAD),
                               arguments.repeat)
    size = len(build_certificate_pdf(normal, qr_payload=samples.QR_PAYLOAD))
    print(f"bare reportlab page       {bare * 1000:8.1f} ms (median of {arguments.repeat})")
    print(f"typical certificate       {typical * 1000:8.1f} ms  = {typical / bare:5.1f} x bare"
          f"  ({size // 1024} KB)")
    print(f"long certificate (2 pp.)  {two_pages * 1000:8.1f} ms  = {two_pages / bare:5.1f} x bare")

    # A batch: different serials and names, so per-text caches help only as much as in real use.
    batch = [
        dataclasses.replace(
            normal, serial=f"ANB-R07-2026-{n:06d}",
            witnesses=(dataclasses.replace(normal.witnesses[0], badge=str(70000 + n)),),
        )
        for n in range(1, arguments.batch + 1)
    ]
    started = time.perf_counter()
    total_bytes = 0
    for data in batch:
        payload = f"{samples.QR_PAYLOAD}{data.serial}"
        total_bytes += len(build_certificate_pdf(data, qr_payload=payload))
    elapsed = time.perf_counter() - started
    print(f"batch of {arguments.batch} certificates  {elapsed:8.2f} s   "
          f"= {elapsed / arguments.batch * 1000:.1f} ms per certificate, "
          f"{total_bytes / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
