"""The full service path of issuing a certificate, on a demo database, against the bare baseline.

    .venv/bin/python bench/bench_certificate_issue.py [--issues 20] [--repeat 20]

Builds a demo (desktop.demo.build_demo, in a temporary TASLIM_HOME), logs in as the demo's
enrolled clerk, unlocks the clerk's key once, and times ``CertificateService.issue`` for
--issues handovers. The demo leaves a few finalized handovers waiting ("signed"); once those
are certified, each is amended and finalized again by the officer (not timed) and issued
again, which also supersedes its earlier certificate. Each issue is split into the PDF part
(the service's own build + sign, timed by wrapping it) and the rest: the serial taken inside
BEGIN IMMEDIATE, the data assembled from the records, the blob stored and the register and
handover records written as signed acts. The ratio is against a bare reportlab page + a bare
pyHanko signature measured in the same run (see bench/bench_certificate_pdf.py). No
assertions: figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for desktop and tests

from bench_certificate_pdf import (  # the same baseline as the build + sign bench
    bare_page,
    bare_signature,
    bare_signer,
    enrolled_clerk,
    interleaved_medians,
)

from desktop.app import AppContext, open_context
from desktop.demo import build_demo
from desktop.domain.certificate import CertificateData
from desktop.domain.enums import HandoverState
from desktop.domain.errors import TaslimError
from desktop.paths import user_dirs
from desktop.reports.fonts import register_fonts
from desktop.services.base import Session
from desktop.services.enrolment import ClerkSigner

CLERK = ("clerk", "demo-clerk")
OFFICERS = (("officer", "demo-officer"), ("officer2", "demo-officer"),
            ("officer3", "demo-officer"))


@dataclass
class Issues:
    unlock_ms: float
    totals: list[float]  # milliseconds per issue, in order
    pdf_parts: list[float]  # of which the service's build + sign
    first_issues: int  # the first ones certify a handover for the first time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20, help="runs of the baseline")
    arguments = parser.parse_args()
    register_fonts()
    signer = bare_signer(enrolled_clerk())
    page = bare_page()
    baseline = interleaved_medians({"a": bare_page,
                                    "b": lambda: bare_signature(page, signer)},
                                   arguments.repeat)

    with tempfile.TemporaryDirectory() as folder:
        os.environ["TASLIM_HOME"] = str(Path(folder) / "home")
        database = Path(folder) / "demo.db"
        started = time.perf_counter()
        build_demo(database, user_dirs())
        demo_seconds = time.perf_counter() - started
        context = open_context(user_dirs(), database, create=False)
        try:
            issues = issue_many(context, arguments.issues)
        finally:
            context.close()

    bare = baseline["a"] + baseline["b"]
    totals, fresh = issues.totals, issues.first_issues
    total = statistics.median(totals)
    pdf = statistics.median(issues.pdf_parts)
    rest = statistics.median([whole - part for whole, part
                              in zip(totals, issues.pdf_parts, strict=True)])

    def row(label: str, ms: float, ratio: float | None = None, note: str = "") -> None:
        shown = f"{ratio:.2f}x" if ratio is not None else ""
        print(f"{label:<48}{ms:8.1f}  {shown:>6}  {note}".rstrip())

    print(f"demo database built in {demo_seconds:.1f} s; the clerk's key unlocked once in "
          f"{issues.unlock_ms:.0f} ms (not counted below)")
    print(f"medians over {len(totals)} issues ({fresh} first issues, {len(totals) - fresh} "
          f"reissues that supersede); ratio = time / ((a) + (b))")
    print(f"{'':<48}{'ms':>8}  {'ratio':>6}")
    row("(a) bare reportlab page", baseline["a"])
    row("(b) bare pyHanko signature of (a)", baseline["b"])
    row("(a)+(b)", bare, 1.0)
    row("(f) CertificateService.issue", total, total / bare,
        f"total {sum(totals) / 1000:.2f} s")
    row("      PDF: data to signed bytes (_signed_pdf)", pdf, pdf / bare)
    row("      the rest: records, serial, blob, acts", rest, rest / bare,
        f"{rest / total:.0%} of an issue")
    if 0 < fresh < len(totals):
        row("      first issues only", statistics.median(totals[:fresh]))
        row("      reissues only", statistics.median(totals[fresh:]))


def issue_many(context: AppContext, count: int) -> Issues:
    """Issue ``count`` certificates as the demo clerk, one key unlock for all of them."""
    clerk = context.auth.login(*CLERK)
    started = time.perf_counter()
    key = context.certificates.unlock(clerk, CLERK[1])
    unlock_ms = (time.perf_counter() - started) * 1000

    service = context.certificates
    build_and_sign = service._signed_pdf  # timed by wrapping it, on this instance only
    pdf_parts: list[float] = []

    def timed(data: CertificateData, signer: ClerkSigner) -> bytes:
        begun = time.perf_counter()
        pdf = build_and_sign(data, signer)
        pdf_parts.append((time.perf_counter() - begun) * 1000)
        return pdf

    service._signed_pdf = timed  # type: ignore[method-assign]
    waiting = [row.id for row in context.lists.handovers(states=("signed",))]
    if not waiting:
        raise SystemExit("the demo has no finalized handover waiting for a certificate")
    first_issues = min(count, len(waiting))
    totals: list[float] = []
    certified: list[str] = []
    while len(totals) < count:
        if not waiting:  # all certified: amend, finalize again (not timed), then reissue
            waiting = [refinalize(context, clerk, handover_id) for handover_id in certified]
            certified = []
        handover_id = waiting.pop(0)
        begun = time.perf_counter()
        service.issue(clerk, handover_id, key)
        totals.append((time.perf_counter() - begun) * 1000)
        certified.append(handover_id)
    return Issues(unlock_ms, totals, pdf_parts, first_issues)


def refinalize(context: AppContext, clerk: Session, handover_id: str) -> str:
    """Amend a certified handover (the clerk) and finalize it again (an officer)."""
    context.handovers.transition(clerk, handover_id, HandoverState.AMENDED,
                                 "Badge number corrected (bench).")
    for username, password in OFFICERS:
        try:
            context.handovers.finalize(context.auth.login(username, password), handover_id)
            return handover_id
        except TaslimError:
            continue  # not this officer's handover
    raise SystemExit("no demo officer could finalize the amended handover")


if __name__ == "__main__":
    main()
