"""Enrolment through the screens, on real databases and real files: a laptop writes its request
on its Send to headquarters page, headquarters opens and signs it in the Devices page's dialog,
the laptop loads the answer; then the laptop's bundle is accepted by headquarters' import, and
by a database that knows only the Command CA (so the laptop's own certificate is what counts).
Each refusal is one sentence and leaves the database exactly as it was."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt

from desktop.app import AppContext
from desktop.domain.entities import Person
from desktop.domain.ids import uuid7
from desktop.storage.queries import iter_revisions
from desktop.storage.revision_log import ingest
from desktop.ui.certificates.signing import EnrolmentDialog
from desktop.ui.changes import ChangeNotifier
from desktop.ui.devices.enrol import GROUP_SEPARATOR, EnrolDialog
from desktop.ui.devices.model import DeviceColumn
from desktop.ui.devices.page import DevicesPage
from desktop.ui.page_registry import PageContext
from desktop.ui.people.model import HistoryColumn
from desktop.ui.people.page import PeoplePage
from desktop.ui.sync.exchange import ExchangePage
from tests.gui.test_checkpoints import RecordingForms
from tests.support import PASSWORD, World, make_context
from tests.sync.support_sync import CA_PASSPHRASE, Headquarters

WAIT_MS = 30_000  # generous: the export runs on a worker thread; no assertion depends on speed


class FieldLaptop:
    """A laptop that holds headquarters' records (its accounts too) but is not enrolled yet."""

    def __init__(self, hq: Headquarters, name: str) -> None:
        self.context = copy_of_headquarters(hq, name)
        self.officer = self.context.auth.login("officer", PASSWORD)
        self.clerk = self.context.auth.login("clerk", PASSWORD)

    @property
    def path(self) -> Path:
        return self.context.database.path


def copy_of_headquarters(hq: Headquarters, name: str) -> AppContext:
    context = make_context(hq.root, f"{name}.db")
    with hq.context.database.read() as connection:
        revisions = list(iter_revisions(connection))
    with context.database.write() as connection:
        ingest(connection, revisions)
    return context


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Headquarters]:
    made = Headquarters(tmp_path)
    yield made
    made.context.close()


@pytest.fixture
def field(hq: Headquarters) -> Iterator[FieldLaptop]:
    laptop = FieldLaptop(hq, "field")
    yield laptop
    laptop.context.close()


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1150, 860)
    widget.show()
    return widget


def page_context(context: AppContext, session) -> PageContext:
    return PageContext(context, session, ChangeNotifier(), RecordingForms())


def exchange_page(qtbot, laptop: FieldLaptop) -> ExchangePage:
    return show(qtbot, ExchangePage(page_context(laptop.context, laptop.officer)))


def devices_page(qtbot, hq: Headquarters) -> DevicesPage:
    return show(qtbot, DevicesPage(page_context(hq.context, hq.supervisor)))


def open_dialog(qtbot, page: DevicesPage) -> EnrolDialog:
    qtbot.mouseClick(page.enrol_button, Qt.MouseButton.LeftButton)
    dialog = page.enrol_dialog
    assert isinstance(dialog, EnrolDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def row_of_code(page: DevicesPage, code: str) -> int:
    model = page.model
    return next(row for row in range(model.rowCount())
                if str(model.data(model.index(row, DeviceColumn.CODE))) == code)


def bundle_certificates(bundle: Path) -> list[bytes]:
    """The device certificates a bundle's manifest carries, read with zipfile and json only."""
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return [pem.encode("ascii") for pem in manifest["device_certificates"]]


# -- the whole enrolment of a laptop ------------------------------------------------------------


def test_a_laptop_is_enrolled_through_both_screens(qtbot, hq: Headquarters,
                                                   field: FieldLaptop, tmp_path: Path) -> None:
    witness = copy_of_headquarters(hq, "witness")  # knows the Command CA, not the laptop
    try:
        _enrol_and_send(qtbot, hq, field, witness, tmp_path)
    finally:
        witness.close()


def _enrol_and_send(qtbot, hq: Headquarters, field: FieldLaptop, witness: AppContext,
                    tmp_path: Path) -> None:
    code = field.context.device.short_code
    laptop_page = exchange_page(qtbot, field)
    box = laptop_page.enrolment
    assert box.isVisible()
    assert "This laptop is not enrolled yet" in box.state.text()
    assert box.state.property("tone") == "warn"
    before = tmp_path / "before.taslim"
    field.context.exports.export(before, full=True)
    [refused] = witness.imports.examine([before])
    assert refused.outcome == "refused" and "not enrolled" in refused.message

    # The laptop writes its request; its fingerprint is on its screen.
    request = tmp_path / "stick" / f"request-{code}.json"
    request.parent.mkdir()
    with qtbot.waitSignal(box.request_written, timeout=WAIT_MS):
        assert box.write_request(request)
    assert "Request written" in box.note.text.text()
    written = json.loads(request.read_text(encoding="utf-8"))
    assert (written["kind"], written["holder_id"]) == ("device", field.context.device.device_id)
    assert "PRIVATE" not in request.read_text(encoding="utf-8")
    laptop_digits = box.fingerprint.text()
    assert len(laptop_digits.split()) == 6 and all(len(g) == 5 for g in laptop_digits.split())

    # Headquarters opens it in the Devices page's dialog: the same digits, in plain words.
    page = devices_page(qtbot, hq)
    dialog = open_dialog(qtbot, page)
    assert dialog.request_box.isVisible() and not dialog.create_box.isVisible()
    assert "This computer holds the Command CA" in dialog.ca_line.text()
    assert not dialog.sign_button.isEnabled()
    assert dialog.load_request(request)
    assert dialog.asks_for.text() == f"It asks for a certificate for the laptop {code}."
    assert "new here" in dialog.known.text()
    assert dialog.fingerprint.text() == laptop_digits
    assert dialog.compare.text().startswith("Read these digits with the person at the laptop")
    assert not dialog.sign_button.isEnabled()  # no passphrase yet
    dialog.passphrase.setText(CA_PASSPHRASE)
    assert dialog.sign_button.isEnabled()
    answer = request.parent / f"answer-{code}.json"
    with qtbot.waitSignal(dialog.signed, timeout=WAIT_MS):
        assert dialog.sign_and_save(answer)
    assert answer.is_file() and not list(answer.parent.glob(".*part"))
    assert dialog.note.property("tone") == "good" and "Answer saved" in dialog.note.text.text()
    assert dialog.passphrase.text() == "" and not dialog.sign_button.isEnabled()

    # The laptop is on the Devices page at once, enrolled, with who signed.
    row = row_of_code(page, code)
    assert str(page.model.data(page.model.index(row, DeviceColumn.ENROLLED))) == "Yes"
    page.select_row(row)
    [issued] = page.details.enrolments.texts()
    assert "Certificate issued by Supervisor (key " in issued
    dialog.close()

    # The laptop loads the answer: enrolled, by headquarters' Command CA.
    with qtbot.waitSignal(box.enrolled, timeout=WAIT_MS):
        assert box.load_answer(answer)
    assert box.state.text().startswith("This laptop is enrolled")
    assert box.state.property("tone") == "good"
    ca_digits = hq.context.enrolment.command_ca_status().spoken
    assert box.ca_line.text() == "Command CA fingerprint: " + GROUP_SEPARATOR.join(ca_digits)
    assert GROUP_SEPARATOR.join(ca_digits) in box.note.text.text()

    # Its bundle now carries a certificate that OpenSSL verifies against the Command CA.
    person = Person(uuid7(), "شاهد", "Witness", "Sergeant", "77", None)
    field.context.places.save_person(field.officer, person)
    bundle = tmp_path / "field"
    with qtbot.waitSignal(laptop_page.exported, timeout=WAIT_MS):
        laptop_page.export_to(bundle)
    bundle = bundle.with_name("field.taslim")
    [certificate] = bundle_certificates(bundle)
    (tmp_path / "device.pem").write_bytes(certificate)
    (tmp_path / "ca.pem").write_bytes(hq.context.enrolment.export_root())
    verified = subprocess.run(["openssl", "verify", "-CAfile", str(tmp_path / "ca.pem"),
                               str(tmp_path / "device.pem")], capture_output=True, text=True)
    assert verified.returncode == 0 and ": OK" in verified.stdout, verified.stderr
    subject = x509.load_pem_x509_certificate(certificate).subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == code

    # Accepted by the database that knows only the CA, and by headquarters' real import.
    [witnessed] = witness.imports.apply(witness.auth.login("supervisor", PASSWORD), [bundle])
    assert witnessed.outcome == "imported", witnessed.message
    [imported] = hq.context.imports.apply(hq.supervisor, [bundle])
    assert imported.outcome == "imported", imported.message

    # Headquarters' Devices page: who signed, and when the laptop loaded the answer.
    page.refresh()
    row = row_of_code(page, code)
    page.select_row(row)
    texts = page.details.enrolments.texts()
    assert len(texts) == 2
    assert "Answer loaded on the laptop by officer en (key " in texts[0]  # newest first
    assert "Certificate issued by Supervisor" in texts[1]
    assert str(page.model.data(page.model.index(row, DeviceColumn.ENROLLED))) == "Yes"


# -- a clerk's request, signed through the same dialog -------------------------------------------


def test_a_clerks_request_is_signed_and_shows_in_the_account_history(
        qtbot, hq: Headquarters, field: FieldLaptop, tmp_path: Path) -> None:
    offer = EnrolmentDialog(page_context(field.context, field.clerk), "Enrol first.", PASSWORD)
    qtbot.addWidget(offer)
    request = tmp_path / "clerk-request.json"
    assert offer.write_request(request)

    page = devices_page(qtbot, hq)  # kept: qtbot holds its widgets weakly
    dialog = open_dialog(qtbot, page)
    assert dialog.load_request(request)
    assert dialog.asks_for.text() == ("It asks for a signing certificate for the clerk clerk en "
                                      "(user name clerk).")
    assert not dialog.known.isVisibleTo(dialog)
    assert dialog.compare.text().startswith("A clerk's request is handed over in person")
    dialog.passphrase.setText(CA_PASSPHRASE)
    answer = tmp_path / "answer-clerk.json"
    assert dialog.sign_and_save(answer)
    with qtbot.waitSignal(offer.enrolled, timeout=WAIT_MS):
        assert offer.import_answer(answer)
    assert field.context.enrolment.unlock_signer(field.clerk, PASSWORD).key_id

    people = show(qtbot, PeoplePage(page_context(hq.context, hq.supervisor)))
    people.select_account("clerk")
    rows = history_rows(people)
    assert ["Supervisor", "Signing certificate issued"] in rows

    # The laptop's own record of loading the answer arrives with its bundle (once the laptop
    # itself is enrolled too).
    enrolment = field.context.enrolment
    enrolment.import_device_answer(field.clerk, field.context.device, hq.context.enrolment
                                   .sign_request(hq.supervisor, CA_PASSPHRASE, enrolment
                                                 .request_device_certificate(
                                                     field.clerk, field.context.device)))
    bundle = tmp_path / "clerk-laptop.taslim"
    field.context.exports.export(bundle, full=True)
    [report] = hq.context.imports.apply(hq.supervisor, [bundle])
    assert report.outcome == "imported", report.message
    people.refresh()
    people.select_account("clerk")
    rows = history_rows(people)
    assert rows[0] == ["clerk en", "Signing certificate loaded on the clerk's laptop"]
    assert rows[1] == ["Supervisor", "Signing certificate issued"]
    assert rows[-1][1] == "Account created"


def history_rows(page: PeoplePage) -> list[list[str]]:
    model = page.history_model
    return [[str(model.data(model.index(row, column)))
             for column in (HistoryColumn.WHO, HistoryColumn.OPERATION)]
            for row in range(model.rowCount())]


# -- refusals at headquarters ---------------------------------------------------------------------


def foreign_request(path: Path) -> Path:
    """A certificate request made the way OpenSSL makes one: PEM, no Taslim wrapping."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone")]))
           .sign(key, hashes.SHA256()))
    path.write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    return path


def test_refusals_at_headquarters_say_one_sentence_and_write_nothing(
        qtbot, hq: Headquarters, field: FieldLaptop, tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_bytes(field.context.enrolment.request_device_certificate(
        field.officer, field.context.device))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\x01 not json at all")
    page = devices_page(qtbot, hq)
    dialog = open_dialog(qtbot, page)
    held = dump(hq.path)

    cases = [
        (garbage, "This is not a Taslim enrolment request file."),
        (foreign_request(tmp_path / "openssl.csr"),
         "This certificate request was made by another program; only a request written by "
         "Taslim can be signed here."),
        (tmp_path / "missing.json", "Cannot read "),
        (tmp_path, "Cannot read "),  # a folder, not a file
    ]
    for path, sentence in cases:
        assert not dialog.load_request(path)
        assert dialog.note.property("tone") == "error"
        assert dialog.note.text.text().startswith(sentence), dialog.note.text.text()
        assert not dialog.details.isVisible() and not dialog.sign_button.isEnabled()
    assert dump(hq.path) == held

    # The right file, the wrong passphrase: said, the passphrase selected, no answer written.
    assert dialog.load_request(request)
    dialog.passphrase.setText("not-the-passphrase")
    answer = tmp_path / "answer.json"
    assert not dialog.sign_and_save(answer)
    assert dialog.note.text.text() == "The passphrase is wrong; the key stays locked."
    assert dialog.passphrase.selectedText() == "not-the-passphrase"
    assert not answer.exists()
    assert dump(hq.path) == held

    # Signed once; the same request again is refused as already answered, by whom.
    dialog.passphrase.setText(CA_PASSPHRASE)
    assert dialog.sign_and_save(answer)
    signed = dump(hq.path)
    assert signed != held
    assert dialog.load_request(request)
    assert dialog.note.property("tone") == "info"
    assert dialog.note.text.text().startswith("Already answered on ")
    assert " by Supervisor: " in dialog.note.text.text()
    assert not dialog.passphrase.isEnabled() and not dialog.sign_button.isEnabled()
    assert not dialog.sign_and_save(tmp_path / "again.json")  # the service refuses it too
    assert "already answered" in dialog.note.text.text()
    assert not (tmp_path / "again.json").exists()
    # A lost stick: the earlier answer is written again, and nothing is recorded.
    assert dialog.again_button.isVisible()
    assert dialog.save_earlier_answer(tmp_path / "again.json")
    assert (json.loads((tmp_path / "again.json").read_bytes())["certificate"]
            == json.loads(answer.read_bytes())["certificate"])
    # An answer file where the request belongs.
    assert not dialog.load_request(answer)
    assert dialog.note.text.text() == ("This is an answer file, not a request: it goes back to "
                                       "the laptop that asked for it.")
    assert dump(hq.path) == signed


def test_a_wrong_answer_on_the_laptop_changes_nothing(qtbot, hq: Headquarters,
                                                      field: FieldLaptop,
                                                      tmp_path: Path) -> None:
    other = FieldLaptop(hq, "other")
    elsewhere = Headquarters(tmp_path / "elsewhere")
    try:
        for_other = tmp_path / "answer-other.json"
        for_other.write_bytes(hq.context.enrolment.sign_request(
            hq.supervisor, CA_PASSPHRASE,
            other.context.enrolment.request_device_certificate(other.officer,
                                                               other.context.device)))
        request = field.context.enrolment.request_device_certificate(field.officer,
                                                                     field.context.device)
        foreign_ca = tmp_path / "answer-elsewhere.json"
        foreign_ca.write_bytes(elsewhere.context.enrolment.sign_request(
            elsewhere.supervisor, CA_PASSPHRASE, request))
        good = json.loads(hq.context.enrolment.sign_request(hq.supervisor, CA_PASSPHRASE,
                                                            request))
        damaged = tmp_path / "answer-damaged.json"
        damaged.write_text(json.dumps({**good, "certificate": good["certificate"][:200]}))
        garbage = tmp_path / "garbage.json"
        garbage.write_bytes(b"PK\x03\x04 a zip, not an answer")

        page = exchange_page(qtbot, field)  # kept: qtbot holds its widgets weakly
        box = page.enrolment
        held = dump(field.path)
        cases = [
            (for_other, "This answer is for another request, not for this key."),
            (foreign_ca, "This answer was signed by a Command CA this laptop does not trust; "
                         "only an answer from your own headquarters can be loaded."),
            (damaged, "This is not a Taslim enrolment answer file."),
            (garbage, "This is not a Taslim enrolment answer file."),
        ]
        for path, sentence in cases:
            assert not box.load_answer(path)
            assert box.note.property("tone") == "error"
            assert box.note.text.text() == sentence
            assert "This laptop is not enrolled yet" in box.state.text()
        assert dump(field.path) == held
    finally:
        other.context.close()
        elsewhere.context.close()


# -- a headquarters without a Command CA -----------------------------------------------------------


def test_a_headquarters_without_a_command_ca_is_offered_to_create_it(qtbot,
                                                                    tmp_path: Path) -> None:
    context = make_context(tmp_path, "new-hq.db")
    try:
        world = World(context)
        page = show(qtbot, DevicesPage(page_context(context, world.supervisor)))
        dialog = open_dialog(qtbot, page)
        assert dialog.create_box.isVisible() and not dialog.request_box.isVisible()
        assert dialog.no_ca.text.text().startswith("This computer has no Command CA yet.")
        held = dump(context.database.path)

        dialog.new_passphrase.setText("long-enough-passphrase")
        dialog.repeat_passphrase.setText("long-enough-passphrase!")
        assert not dialog.create_ca()
        assert dialog.note.text.text() == ("The two passphrases differ; type the same "
                                           "passphrase twice.")
        dialog.new_passphrase.setText("short")
        dialog.repeat_passphrase.setText("short")
        assert not dialog.create_ca()
        assert dialog.note.text.text() == "A passphrase needs at least 10 characters."
        assert dump(context.database.path) == held

        dialog.new_passphrase.setText("long-enough-passphrase")
        dialog.repeat_passphrase.setText("long-enough-passphrase")
        with qtbot.waitSignal(dialog.ca_created, timeout=WAIT_MS):
            assert dialog.create_ca()
        assert not dialog.create_box.isVisible() and dialog.request_box.isVisible()
        digits = GROUP_SEPARATOR.join(context.enrolment.command_ca_status().spoken)
        assert digits in dialog.ca_line.text() and digits in dialog.note.text.text()

        # This computer's own enrolment and the Command CA's creation are in its history.
        page.select_row(page.model.row_of(context.device.device_id))
        texts = page.details.enrolments.texts()
        assert any("Command CA created by Supervisor" in text for text in texts)
        assert any("Certificate issued by Supervisor" in text for text in texts)
        assert str(page.model.data(page.model.index(
            page.model.row_of(context.device.device_id), DeviceColumn.ENROLLED))) == "Yes"
    finally:
        context.close()


def test_only_a_supervisor_may_open_a_request(qtbot, hq: Headquarters,
                                             field: FieldLaptop, tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_bytes(field.context.enrolment.request_device_certificate(
        field.officer, field.context.device))
    officer = hq.context.auth.login("officer", PASSWORD)
    dialog = EnrolDialog(page_context(hq.context, officer))
    qtbot.addWidget(dialog)
    assert not dialog.load_request(request)
    assert dialog.note.text.text().startswith("A Field officer may not run the Command CA.")
    assert not dialog.details.isVisible()
