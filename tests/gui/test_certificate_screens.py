"""The clerk's certificate screens on a real database with a Command CA and an enrolled clerk:
issuing one and many (with Stop), the in-app preview, printing, saving, the register's copies,
voids and CSV export, the verify screen, and enrolment for a clerk who has no certificate."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.domain.entities import Checkpoint
from desktop.domain.enums import CertificateState, CheckpointKind, CheckpointStatus, HandoverState
from desktop.domain.ids import uuid7
from desktop.i18n import _, set_language
from desktop.services.certificates import IssuedCertificate
from desktop.ui.certificates.batch import BatchResult
from desktop.ui.certificates.common import plain
from desktop.ui.certificates.pdf_pages import render_page
from desktop.ui.certificates.preview import PdfPreviewDialog
from desktop.ui.certificates.register import RegisterPage
from desktop.ui.certificates.register_model import Column as RegisterColumn
from desktop.ui.certificates.signing import EnrolmentDialog
from desktop.ui.certificates.verify import VERDICTS, VerifyPage
from desktop.ui.certificates.waiting import Column as WaitingColumn
from desktop.ui.certificates.waiting import WaitingPage
from desktop.ui.changes import ChangeNotifier
from desktop.ui.language import apply_language
from desktop.ui.page_registry import PageContext
from tests.gui.test_checkpoints import RecordingForms
from tests.services.test_certificate_data import finalized
from tests.support import PASSWORD, World, make_context

CA_PASSPHRASE = "the-command-passphrase"
WAIT_MS = 30_000  # generous: signing runs on a worker thread; no assertion depends on speed


# -- set-up ---------------------------------------------------------------------------------------


def make_world(tmp_path: Path, *, enrol: bool) -> World:
    context = make_context(tmp_path)
    world = World(context)
    enrolment = context.enrolment
    enrolment.create_command_ca(world.supervisor, CA_PASSPHRASE)
    if enrol:
        request = enrolment.request_signing_key(world.clerk, PASSWORD)
        enrolment.import_answer(
            world.clerk, enrolment.sign_request(world.supervisor, CA_PASSPHRASE, request))
    return world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    world = make_world(tmp_path, enrol=True)
    yield world
    world.context.close()


@pytest.fixture
def page_context(world: World) -> PageContext:
    return PageContext(world.context, world.clerk, ChangeNotifier(), RecordingForms())


def finalized_at(world: World, number: int, not_done: tuple[int, ...] = (5, 12)) -> str:
    """A finalized handover at a checkpoint of its own (one handover per checkpoint at a time)."""
    if number:
        world.checkpoint = Checkpoint(
            uuid7(), f"RMD-CE-{number + 1:02d}", f"سيطرة تجريبية {number + 1}",
            f"Demo checkpoint {number + 1}", world.district.id, CheckpointKind.CITY_ENTRANCE,
            33.4, 43.3, world.army.id, CheckpointStatus.HELD_BY_HANDING_PARTY)
        world.context.places.save_checkpoint(world.supervisor, world.checkpoint)
    return finalized(world, not_done).id


def issue(world: World, handover_id: str) -> IssuedCertificate:
    signer = world.context.certificates.unlock(world.clerk, PASSWORD)
    return world.context.certificates.issue(world.clerk, handover_id, signer).value


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    return widget


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def pdf_pages(path: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.MULTILINE)
    assert found is not None
    return int(found.group(1))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return run("pdftotext", str(path), "-")


def answer_password(qtbot, page, password: str = PASSWORD) -> None:
    """Type the password into the dialog the page opened and press Sign, as the clerk would."""
    dialog = page.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText(password)
    dialog.ok_button.click()


def cell(model, row: int, column: int) -> str:
    return plain(model.data(model.index(row, column)) or "")


def table_texts(model) -> list[list[str]]:
    return [[cell(model, row, column) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


# -- waiting list, issuing, preview -----------------------------------------------------------


def test_issuing_moves_the_handover_from_the_waiting_list_into_the_register(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    handover_id = finalized_at(world, 0)
    page = show(qtbot, WaitingPage(page_context))
    register = show(qtbot, RegisterPage(page_context))
    assert page.model.ids() == [handover_id]
    assert cell(page.model, 0, WaitingColumn.CHECKPOINT).startswith("RMD-CE-01")
    # finalized() records the old force leaving 45 minutes before the new one took over
    assert cell(page.model, 0, WaitingColumn.CONTINUITY) == "Gap of 45 minutes"
    assert page.model.data(page.model.index(0, WaitingColumn.CONTINUITY),
                           Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(page.model, 0, WaitingColumn.CERTIFICATE) == "First"
    assert register.model.rowCount() == 0

    page.issue_button.click()
    answer_password(qtbot, page, "not-the-password")
    assert page.unlock_dialog.isVisible() and page.unlock_dialog.error.isVisible()
    assert page.batch is None  # nothing was signed with a wrong password
    answer_password(qtbot, page)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)

    assert page.model.rowCount() == 0
    assert "1 certificate issued" in page.note.text.text()
    assert world.context.handovers.parts(handover_id).handover.state is HandoverState.CERTIFIED
    assert register.model.rowCount() == 1
    serial = page.batch.result.issued[0].certificate.serial
    assert cell(register.model, 0, RegisterColumn.SERIAL) == serial
    assert cell(register.model, 0, RegisterColumn.STATE) == "Issued"
    assert cell(register.model, 0, RegisterColumn.REPRINTS) == "0"
    assert re.fullmatch(r"ANB-[A-Z0-9]+-\d{4}-000001", serial)


def test_the_preview_shows_every_page_and_save_as_writes_a_valid_signed_file(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    issued = issue(world, finalized_at(world, 0))
    page = show(qtbot, WaitingPage(page_context))
    preview = page.show_preview(issued)
    assert preview is not None and preview.isVisible()
    original = tmp_path / "original.pdf"
    original.write_bytes(issued.pdf)
    pages = pdf_pages(original)
    assert preview.pages == pages == len(preview.page_labels)
    assert preview.page_number.text() == f"Page 1 of {pages}"
    image = preview.page_images()[0]
    assert not image.isNull() and abs(image.height() / image.width() - 297 / 210) < 0.01

    preview.save_to(tmp_path / "saved")  # the suffix is added
    saved = tmp_path / "saved.pdf"
    assert preview.saved_to == saved and saved.read_bytes() == issued.pdf
    assert not list(tmp_path.glob(".*.part"))
    nss = tmp_path / "nss"
    nss.mkdir()
    root = tmp_path / "root.pem"
    root.write_bytes(world.context.enrolment.export_root())
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "root", "-t", "C,C,C", "-i",
                    str(root)], check=True, capture_output=True)
    report = run("pdfsig", "-nssdir", f"sql:{nss}", str(saved))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report

    before = preview.zoom
    preview.step_zoom(+1)
    assert preview.zoom > before
    assert preview.page_labels[0].width() > 0


def test_print_preview_paints_every_page_onto_the_printer(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    # Every item not done: each exception is listed with its note, and the page runs over.
    issued = issue(world, finalized_at(world, 0, not_done=tuple(range(1, 19))))
    signer = world.context.certificates.unlock(world.clerk, PASSWORD)
    notice = world.context.certificates.void(world.clerk, issued.certificate.id, "Wrong place",
                                             signer).value
    source = tmp_path / "notice.pdf"
    source.write_bytes(notice.pdf)
    pages = pdf_pages(source)
    assert pages >= 2  # each page must reach the printer

    preview = PdfPreviewDialog(notice.pdf, title="t", file_name="n.pdf")
    qtbot.addWidget(preview)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    dialog = preview.open_print_preview(printer)
    assert dialog is not None
    widget = dialog.findChild(QPrintPreviewWidget)
    widget.updatePreview()
    assert widget.pageCount() == pages
    widget.print()
    assert pdf_pages(printed) == pages
    dialog.close()

    direct = QPrinter(QPrinter.PrinterMode.HighResolution)
    direct.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    direct.setOutputFileName(str(tmp_path / "direct.pdf"))
    assert preview.print_to(direct) == pages
    assert pdf_pages(tmp_path / "direct.pdf") == pages


# -- batches ----------------------------------------------------------------------------------


def start_batch(qtbot, page: WaitingPage, ids: list[str]):
    page.select_ids(ids)
    assert page.selected_ids() == sorted(ids, key=page.model.ids().index)
    assert page.batch_button.isEnabled() and not page.issue_button.isEnabled()
    page.batch_button.click()
    answer_password(qtbot, page)
    assert page.batch is not None and page.batch.running
    return page.batch


def test_a_batch_of_three_shows_progress_and_issues_each(
        qtbot, world: World, page_context: PageContext) -> None:
    ids = [finalized_at(world, n) for n in range(3)]
    page = show(qtbot, WaitingPage(page_context))
    register = show(qtbot, RegisterPage(page_context))
    batch = start_batch(qtbot, page, ids)
    assert batch.dialog is not None and batch.dialog.maximum() == 3
    values: list[int] = []
    batch.issued.connect(lambda _issued: values.append(batch.dialog.value()))
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS) as finished:
        pass
    result: BatchResult = finished.args[0]
    assert values == [1, 2, 3]
    assert len(result.issued) == 3 and not result.stopped and not result.failures
    assert len({i.certificate.serial for i in result.issued}) == 3
    assert {i.certificate.handover_id for i in result.issued} == set(ids)
    assert page.model.rowCount() == 0 and batch.dialog is None
    assert register.model.rowCount() == 3


def test_stopping_a_batch_after_the_first_keeps_exactly_the_issued_one(
        qtbot, world: World, page_context: PageContext) -> None:
    ids = [finalized_at(world, n) for n in range(3)]
    page = show(qtbot, WaitingPage(page_context))
    register = show(qtbot, RegisterPage(page_context))
    batch = start_batch(qtbot, page, ids)
    # Stop as a person would, with the progress dialog's button, once the first is issued.
    stop = batch.dialog.findChild(QPushButton)
    assert stop is not None and stop.text() == "Stop after this certificate"
    batch.issued.connect(lambda _issued: stop.click() if batch.running else None)
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS) as finished:
        pass
    result: BatchResult = finished.args[0]
    assert result.stopped and len(result.issued) == 1 and len(result.not_started) == 2
    done = result.issued[0].certificate
    assert set(page.model.ids()) == set(ids) - {done.handover_id}
    assert register.model.ids() == [done.id]
    assert world.context.certificates.pdf(done.id) == result.issued[0].pdf
    for handover_id in result.not_started:
        assert world.context.handovers.parts(handover_id).handover.state is HandoverState.SIGNED
    assert "Stopped: 2 handovers were not certified." in page.note.text.text()


def test_after_an_amendment_the_reissue_supersedes_the_old_certificate(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    handover_id = finalized_at(world, 0)
    old = issue(world, handover_id)
    handovers = world.context.handovers
    handovers.transition(world.clerk, handover_id, HandoverState.AMENDED, "Badge corrected")
    handovers.save(world.officer, replace(handovers.parts(handover_id).handover,
                                          departure_at="2026-03-01T10:30:00Z"))
    handovers.finalize(world.officer, handover_id)

    page = show(qtbot, WaitingPage(page_context))
    register = show(qtbot, RegisterPage(page_context))
    assert page.model.ids() == [handover_id]
    assert cell(page.model, 0, WaitingColumn.CERTIFICATE) == (
        f"Reissue: replaces {old.certificate.serial}")
    assert cell(page.model, 0, WaitingColumn.CONTINUITY) == "No gap"  # the amended times
    page.issue_button.click()
    answer_password(qtbot, page)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)

    new = page.batch.result.issued[0].certificate
    assert new.supersedes_id == old.certificate.id
    assert register.model.ids() == [new.id, old.certificate.id]
    assert cell(register.model, 1, RegisterColumn.STATE) == "Superseded"
    assert register.model.data(register.model.index(1, RegisterColumn.SERIAL),
                               Qt.ItemDataRole.FontRole).strikeOut()
    register.select_certificate(old.certificate.id)
    assert not register.reprint_button.isEnabled() and register.void_button.isEnabled()
    verify = show(qtbot, VerifyPage(page_context))
    (tmp_path / "old.pdf").write_bytes(old.pdf)
    assert verify_drop(qtbot, verify, tmp_path / "old.pdf") == "superseded"


# -- the register -----------------------------------------------------------------------------


def test_a_reprint_is_counted_and_says_copy(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    issued = issue(world, finalized_at(world, 0))
    page = show(qtbot, RegisterPage(page_context))
    assert page.select_certificate(issued.certificate.id)

    original = page.preview_current()
    assert original is not None and not original.can_print  # printing again is a reprint
    assert original.pdf == issued.pdf
    original.close()

    for expected in (1, 2):
        page.reprint_button.click()
        answer_password(qtbot, page)
        with qtbot.waitSignal(page.acted, timeout=WAIT_MS) as acted:
            pass
        copy: IssuedCertificate = acted.args[0]
        assert copy.certificate.reprints == expected
        assert cell(page.model, 0, RegisterColumn.REPRINTS) == str(expected)
        assert page.preview is not None and page.preview.can_print
        assert page.preview.pdf == copy.pdf != issued.pdf
        text = pdf_text(copy.pdf, tmp_path)
        assert "COPY" in text and issued.certificate.serial in text
    assert "COPY" not in pdf_text(issued.pdf, tmp_path)


def test_voiding_needs_a_reason_and_the_register_shows_void(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    issued = issue(world, finalized_at(world, 0))
    page = show(qtbot, RegisterPage(page_context))
    page.select_certificate(issued.certificate.id)
    page.void_button.click()
    dialog = page.void_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog._confirm()  # even forced, a blank reason goes no further
    assert dialog.isVisible() and page.unlock_dialog is None
    dialog.reason.setPlainText("Issued for the wrong checkpoint")
    dialog.reject()  # Esc: the typed reason is not thrown away without asking
    assert dialog.isVisible() and dialog.discard_box is not None
    keep = next(b for b in dialog.discard_box.buttons() if b is not dialog.discard_button)
    keep.click()
    assert dialog.isVisible() and dialog.reason_text() == "Issued for the wrong checkpoint"
    dialog.ok_button.click()
    answer_password(qtbot, page)
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS) as acted:
        pass
    voided: IssuedCertificate = acted.args[0]
    assert voided.certificate.state is CertificateState.VOID
    assert cell(page.model, 0, RegisterColumn.STATE) == "Voided"
    assert cell(page.model, 0, RegisterColumn.REASON) == "Issued for the wrong checkpoint"
    assert page.model.data(page.model.index(0, RegisterColumn.SERIAL),
                           Qt.ItemDataRole.FontRole).strikeOut()
    assert "VOID" in page.detail.text()
    assert not page.reprint_button.isEnabled() and not page.void_button.isEnabled()
    text = pdf_text(page.preview.pdf, tmp_path)
    assert "VOID" in text and "Issued for the wrong checkpoint" in text


def test_search_state_filter_and_csv_export_hold_the_table_rows(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    first = issue(world, finalized_at(world, 0))
    issue(world, finalized_at(world, 1))
    signer = world.context.certificates.unlock(world.clerk, PASSWORD)
    world.context.certificates.void(world.clerk, first.certificate.id, "سبب، مع \"فاصلة\"",
                                    signer)
    page = show(qtbot, RegisterPage(page_context))
    assert page.model.rowCount() == 2

    page.export_to(tmp_path / "register")
    exported = tmp_path / "register.csv"
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [page.model.headerData(c, Qt.Orientation.Horizontal)
                       for c in range(page.model.columnCount())]
    assert rows[1:] == table_texts(page.model)
    reasons = [r[RegisterColumn.REASON] for r in rows[1:] if r[RegisterColumn.REASON]]
    assert reasons == ["سبب، مع \"فاصلة\""]  # a comma and quotes survive the CSV

    page.state.setCurrentIndex(page.state.findData(CertificateState.VOID.value))
    assert page.model.ids() == [first.certificate.id]
    page.state.setCurrentIndex(0)
    page.search.setText("RMD-CE-02")
    page.apply_filter()
    assert page.model.rowCount() == 1 and cell(page.model, 0, 1).startswith("RMD-CE-02")
    page.export_to(exported)
    rows = list(csv.reader(io.StringIO(exported.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[1:] == table_texts(page.model)


def test_the_csv_in_arabic_has_arabic_headers_and_no_direction_marks(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    issue(world, finalized_at(world, 0))
    apply_language("ar")
    try:
        page = show(qtbot, RegisterPage(page_context))
        page.export_to(tmp_path / "ar.csv")
        text = (tmp_path / "ar.csv").read_bytes().decode("utf-8-sig")
    finally:
        apply_language("en")
        set_language("en")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][RegisterColumn.SERIAL] != "Serial" and re.search("[\u0600-\u06ff]", rows[0][0])
    assert not re.search("[\u200e\u200f\u202a-\u202e]", text)
    assert rows[1][RegisterColumn.SERIAL].startswith("ANB-")


# -- verifying --------------------------------------------------------------------------------


def drop_file(area, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(area, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(area, drop)
    assert drop.isAccepted()


def verify_drop(qtbot, page: VerifyPage, path: Path) -> str:
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS) as checked:
        drop_file(page.drop, path)
    return checked.args[0]


def plain_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(100, 700, "An ordinary letter, not a certificate")
    document.showPage()
    document.save()
    return buffer.getvalue()


def test_the_verify_screen_gives_the_verdict_of_a_dropped_file(
        qtbot, world: World, page_context: PageContext, tmp_path: Path) -> None:
    issued = issue(world, finalized_at(world, 0))
    serial = issued.certificate.serial
    page = show(qtbot, VerifyPage(page_context))
    good = tmp_path / "good.pdf"
    good.write_bytes(issued.pdf)
    assert verify_drop(qtbot, page, good) == "valid_trusted"
    assert page.headline.text() == "Valid and trusted" and page.result.property("tone") == "good"
    assert plain(page.serial.text()) == serial and page.signer.text() == "clerk en"

    altered = bytearray(issued.pdf)
    where = altered.find(b"/Desc (Certificate data")  # inside the signed bytes, a harmless text
    assert 0 < where < len(altered) // 2
    altered[where + 7] ^= 0x20
    (tmp_path / "altered.pdf").write_bytes(bytes(altered))
    assert verify_drop(qtbot, page, tmp_path / "altered.pdf") == "altered"
    assert page.result.property("tone") == "bad"

    (tmp_path / "letter.pdf").write_bytes(plain_pdf())
    assert verify_drop(qtbot, page, tmp_path / "letter.pdf") == "not_signed"
    assert page.result.property("tone") == "none" and page.serial.text() == "not found"

    signer = world.context.certificates.unlock(world.clerk, PASSWORD)
    world.context.certificates.void(world.clerk, issued.certificate.id, "Error", signer)
    assert verify_drop(qtbot, page, good) == "voided"
    assert page.headline.text() == "Voided" and plain(page.serial.text()) == serial


def test_a_pasted_qr_text_is_verified(qtbot, world: World, page_context: PageContext,
                                      tmp_path: Path) -> None:
    issued = issue(world, finalized_at(world, 0))
    # The QR text read from the preview's own rendering, as a scanner would read the paper.
    image = render_page(issued.pdf, 0, 150)
    picture = tmp_path / "page.png"
    assert image.save(str(picture))
    scanned = run("zbarimg", "--raw", "-q", str(picture)).strip()
    assert scanned.startswith("TSL1|" + issued.certificate.serial)
    page = show(qtbot, VerifyPage(page_context))

    page.qr_text.setText(scanned)
    page.qr_button.click()
    assert page.verdict == "qr_valid" and page.result.property("tone") == "good"
    assert plain(page.serial.text()) == issued.certificate.serial

    content_hash = issued.certificate.content_hash
    page.qr_text.setText(scanned.replace(content_hash, "0" * 64))
    page.qr_button.click()
    assert page.verdict == "qr_forged"

    page.qr_text.setText("just some words")
    page.qr_button.click()
    assert page.verdict == "qr_unreadable" and "QR code" in page.explanation.text()

    signer = world.context.certificates.unlock(world.clerk, PASSWORD)
    world.context.certificates.void(world.clerk, issued.certificate.id, "Error", signer)
    page.qr_text.setText(scanned)
    page.qr_button.click()
    assert page.verdict == "voided"


def test_the_verify_screen_speaks_arabic(qtbot, world: World, page_context: PageContext,
                                         tmp_path: Path) -> None:
    (tmp_path / "letter.pdf").write_bytes(plain_pdf())
    apply_language("ar")
    try:
        page = show(qtbot, VerifyPage(page_context))
        assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert verify_drop(qtbot, page, tmp_path / "letter.pdf") == "not_signed"
        headline = page.headline.text()
        expected = _(VERDICTS["not_signed"].headline)
    finally:
        apply_language("en")
        set_language("en")
    assert headline == expected != "Not signed"
    assert re.search("[\u0600-\u06ff]", headline)


# -- enrolment --------------------------------------------------------------------------------


def test_a_clerk_without_a_signing_certificate_is_offered_enrolment(
        qtbot, tmp_path: Path) -> None:
    world = make_world(tmp_path, enrol=False)
    try:
        context = world.context
        handover_id = finalized_at(world, 0)
        page_context = PageContext(context, world.clerk, ChangeNotifier(), RecordingForms())
        page = show(qtbot, WaitingPage(page_context))
        page.issue_button.click()
        answer_password(qtbot, page)
        offer = page.unlock_dialog.enrolment
        assert isinstance(offer, EnrolmentDialog) and offer.isVisible()
        assert not page.unlock_dialog.isVisible() and page.batch is None
        assert "no signing certificate" in offer.reason.text.text()
        assert offer.request_button.isEnabled() and offer.import_button.isEnabled()

        request = tmp_path / "request.json"
        assert offer.write_request(request)
        assert json.loads(request.read_text())["csr"].startswith("-----BEGIN CERTIFICATE REQ")
        answer = tmp_path / "answer.json"
        answer.write_bytes(context.enrolment.sign_request(
            world.supervisor, CA_PASSPHRASE, request.read_bytes()))
        with qtbot.waitSignal(offer.enrolled, timeout=WAIT_MS):
            assert offer.import_answer(answer)
        assert "imported" in offer.result.text.text()
        offer.close()

        page.issue_button.click()
        answer_password(qtbot, page)
        qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
        assert page.model.rowCount() == 0
        assert context.handovers.parts(handover_id).handover.state is HandoverState.CERTIFIED
    finally:
        world.context.close()
