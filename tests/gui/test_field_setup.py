"""A brand-new field laptop set up from the first-run dialog, with no command line.

Headquarters is a real master database with a Command CA and accounts (tests.sync.support_sync);
the laptop is an empty database. The dialog's own buttons are clicked; where a file dialog would
open, the test's chooser hands back a real file. Headquarters signs the request with its real
enrolment service, the laptop imports headquarters' real full bundle; afterwards an officer from
headquarters signs in on the laptop, and headquarters accepts the laptop's own bundle, which it
does only for an enrolled laptop. Every refusal is one sentence and leaves the laptop's database
exactly as it was (compared with sqlite3's iterdump).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.app import AppContext, open_context
from desktop.domain.entities import Person
from desktop.domain.enums import Role
from desktop.domain.ids import uuid7
from desktop.ui.devices.enrol import GROUP_SEPARATOR
from desktop.ui.field_setup import DONE, LATER, NEXT, FieldSetupPage, field_setup_service
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.language import LanguageSwitch, apply_language
from tests.gui.conftest import close_all, make_shell
from tests.support import PASSWORD, make_context, make_dirs
from tests.sync.support_sync import CA_PASSPHRASE, Headquarters

WAIT_MS = 30_000  # generous: the import runs on a worker thread; no assertion depends on speed
LAPTOP = "laptop.db"


@dataclass
class Chooser:
    """Stands in for the file dialogs: hands back the next file, and notes what was asked."""

    files: list[Path] = field(default_factory=list)
    asked: list[tuple[str, Path, list[str], bool]] = field(default_factory=list)

    def __call__(self, _parent: QWidget, caption: str, start: Path, filters: list[str],
                 saving: bool) -> Path | None:
        self.asked.append((caption, start, filters, saving))
        return self.files.pop(0) if self.files else None


class NewLaptop:
    """An empty laptop database, which can be closed and opened again like the app."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.context = make_context(root, LAPTOP)

    @property
    def path(self) -> Path:
        return self.context.database.path

    def reopen(self) -> AppContext:
        self.context.close()
        self.context = open_context(make_dirs(self.root / f"home-{LAPTOP}"), self.root / LAPTOP,
                                    create=False)
        return self.context


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Headquarters]:
    made = Headquarters(tmp_path / "hq")
    yield made
    made.context.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[NewLaptop]:
    made = NewLaptop(tmp_path / "field")
    yield made
    made.context.close()


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def first_run(qtbot, context: AppContext, chooser: Chooser) -> FirstRunDialog:
    dialog = FirstRunDialog(context.accounts, load_demo=None,
                            language=LanguageSwitch(context.settings, context.dirs.config),
                            field_setup=field_setup_service(context), choose_file=chooser)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def states(page: FieldSetupPage) -> list[str]:
    return [step.state.property("state")
            for step in (page.request_step, page.answer_step, page.data_step)]


def sign_at_headquarters(hq: Headquarters, request: Path, answer: Path) -> None:
    answer.write_bytes(hq.context.enrolment.sign_request(hq.supervisor, CA_PASSPHRASE,
                                                         request.read_bytes()))


def load_data(qtbot, page: FieldSetupPage, chooser: Chooser, bundle: Path) -> object:
    chooser.files.append(bundle)
    with qtbot.waitSignal(page.data_done, timeout=WAIT_MS) as done:
        click(qtbot, page.data_step.button)
    return done.args[0]


# -- the whole way, through the dialog's buttons --------------------------------------------------


def test_a_new_laptop_is_enrolled_and_gets_headquarters_data(
        qtbot, hq: Headquarters, laptop: NewLaptop, stick: Path, tmp_path: Path) -> None:
    context = laptop.context
    code = context.device.short_code
    assert not context.auth.has_accounts()
    chooser = Chooser()
    dialog = first_run(qtbot, context, chooser)
    assert dialog.pages.currentIndex() == dialog.CHOICE  # nothing started: the three choices
    click(qtbot, dialog.field_button)
    page = dialog.field_page
    assert page is not None and dialog.pages.currentWidget() is page
    assert code in page.code_label.text()
    assert states(page) == [NEXT, LATER, LATER]
    assert page.request_step.button.isEnabled()
    assert not page.answer_step.button.isEnabled() and not page.data_step.button.isEnabled()

    # 1. The request, saved where the person chose, with the laptop's digits on screen.
    request = stick / "request.json"
    chooser.files.append(request)
    click(qtbot, page.request_step.button)
    caption, start, filters, saving = chooser.asked[-1]
    assert saving and start.name == f"enrolment-request-{code}.json"
    assert caption == "Save the enrolment request" and filters == ["Enrolment files (*.json)"]
    written = json.loads(request.read_text(encoding="utf-8"))
    assert (written["kind"], written["holder_id"]) == ("device", context.device.device_id)
    assert "PRIVATE" not in request.read_text(encoding="utf-8")
    assert page.request_step.note.property("tone") == "good"
    assert page.request_step.note.text.text().startswith(f"Request written: {request}.")
    assert states(page) == [DONE, NEXT, LATER]
    assert page.answer_step.button.isEnabled() and not page.data_step.button.isEnabled()

    # Headquarters sees the same digits when it opens the request, then signs it.
    summary = hq.context.enrolment.describe_request(hq.supervisor, request.read_bytes())
    assert page.fingerprint.text() == GROUP_SEPARATOR.join(summary.fingerprint)
    assert summary.display_name == code and summary.problem is None
    answer = stick / "answer.json"
    sign_at_headquarters(hq, request, answer)

    # 2. The answer: enrolled with headquarters' Command CA.
    chooser.files.append(answer)
    click(qtbot, page.answer_step.button)
    assert not chooser.asked[-1][3]  # an open dialog, not a save dialog
    assert page.answer_step.note.property("tone") == "good"
    ca_digits = GROUP_SEPARATOR.join(hq.context.enrolment.command_ca_status().spoken)
    assert ca_digits in page.answer_step.note.text.text()
    assert page.ca_line.text() == f"Command CA fingerprint: {ca_digits}"
    assert page.standing.text().startswith("This laptop is enrolled")
    assert states(page) == [DONE, DONE, NEXT]
    assert not page.request_step.button.isVisible() and not page.answer_step.button.isVisible()
    assert context.enrolment.laptop_standing(context.device).enrolled

    # 3. Headquarters' full bundle: the accounts arrive and the dialog is done.
    bundle = hq.bundle("for-the-laptop.taslim")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        report = load_data(qtbot, page, chooser, bundle)
    assert getattr(report, "outcome", None) == "imported"
    assert chooser.asked[-1][2][0] == "Taslim bundles (*.taslim)"
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.username == ""
    assert context.auth.has_accounts()

    # An officer of headquarters signs in on the laptop and records something.
    officer = context.auth.login("officer", PASSWORD)
    assert officer.role is Role.OFFICER
    context.places.save_person(officer, Person(uuid7(), "شاهد", "Witness", "Sergeant", "77", None))

    # Headquarters accepts the laptop's own bundle: it does so only for an enrolled laptop.
    own = tmp_path / "from-the-laptop.taslim"
    context.exports.export(own, full=True)
    [imported] = hq.context.imports.apply(hq.supervisor, [own])
    assert imported.outcome == "imported", imported.message
    assert imported.device_code == code and imported.new > 0


# -- refusals: one sentence each, nothing changed -------------------------------------------------


def test_wrong_answers_and_wrong_data_are_refused_and_change_nothing(
        qtbot, hq: Headquarters, laptop: NewLaptop, stick: Path, tmp_path: Path) -> None:
    context = laptop.context
    other_laptop = make_context(tmp_path / "other-laptop", "other.db")
    elsewhere = Headquarters(tmp_path / "elsewhere")
    try:
        chooser = Chooser()
        dialog = first_run(qtbot, context, chooser)
        dialog.show_field_setup()
        page = dialog.field_page
        assert page is not None
        request = stick / "request.json"
        chooser.files.append(request)
        click(qtbot, page.request_step.button)

        for_other = stick / "answer-for-another-laptop.json"
        for_other.write_bytes(hq.context.enrolment.sign_request(
            hq.supervisor, CA_PASSPHRASE,
            other_laptop.enrolment.request_device_certificate(None, other_laptop.device)))
        random_file = stick / "random.json"
        random_file.write_bytes(bytes(range(256)) * 3)
        held = dump(laptop.path)
        for path, sentence in [
            (random_file, "This is not a Taslim enrolment answer file."),
            (for_other, "This answer is for another request, not for this key."),
        ]:
            chooser.files.append(path)
            click(qtbot, page.answer_step.button)
            assert page.answer_step.note.property("tone") == "error"
            assert page.answer_step.note.text.text() == sentence
            assert states(page) == [DONE, NEXT, LATER]
            assert dump(laptop.path) == held

        # Data before the answer: the button waits, and the page says why if asked anyway.
        assert not page.data_step.button.isEnabled()
        with qtbot.waitSignal(page.data_done, timeout=WAIT_MS) as done:
            page.load_data(hq.bundle("too-early.taslim"))
        assert done.args[0] is None
        assert page.data_step.note.text.text().startswith("Load headquarters' answer first")
        assert dump(laptop.path) == held

        answer = stick / "answer.json"
        sign_at_headquarters(hq, request, answer)
        chooser.files.append(answer)
        click(qtbot, page.answer_step.button)
        assert states(page) == [DONE, DONE, NEXT]

        enrolled = dump(laptop.path)
        foreign = elsewhere.bundle("another-command-ca.taslim")
        elsewhere_code = elsewhere.context.device.short_code
        random_bundle = stick / "random.taslim"
        random_bundle.write_bytes(bytes(range(256)) * 40)
        for path, sentence in [
            (foreign, "This file was not made by the headquarters that enrolled this laptop: "
                      f"its maker ({elsewhere_code}) is not enrolled with the same Command CA. "
                      "Ask the supervisor who signed this laptop's answer for the bundle "
                      "exported on headquarters' own computer."),
            (random_bundle, "It is neither a Taslim bundle (.taslim) nor a field laptop's "
                            "database; choose a file exported by Taslim."),
        ]:
            assert load_data(qtbot, page, chooser, path) is None
            assert page.data_step.note.property("tone") == "error"
            assert page.data_step.note.text.text() == sentence
            assert states(page) == [DONE, DONE, NEXT] and page.data_step.button.isEnabled()
            assert dialog.isVisible() and not context.auth.has_accounts()
            assert dump(laptop.path) == enrolled
    finally:
        other_laptop.close()
        elsewhere.context.close()


# -- closing Taslim between the steps -------------------------------------------------------------


def test_closing_between_the_steps_resumes_where_the_laptop_stands(
        qtbot, hq: Headquarters, laptop: NewLaptop, stick: Path) -> None:
    chooser = Chooser()
    dialog = first_run(qtbot, laptop.context, chooser)
    click(qtbot, dialog.field_button)
    page = dialog.field_page
    assert page is not None
    request = stick / "request.json"
    chooser.files.append(request)
    click(qtbot, page.request_step.button)
    dialog.reject()  # Quit: the request is on its way to headquarters

    # The next day: Taslim opens on the set-up, with the answer to load.
    context = laptop.reopen()
    dialog = first_run(qtbot, context, chooser)
    page = dialog.field_page
    assert page is not None and dialog.pages.currentWidget() is page
    assert page.current_step() == 2 and states(page) == [DONE, NEXT, LATER]
    assert page.request_state.isVisible()
    assert page.request_state.text().startswith("A request was written on ")
    answer = stick / "answer.json"
    sign_at_headquarters(hq, request, answer)
    chooser.files.append(answer)
    click(qtbot, page.answer_step.button)
    dialog.reject()

    # And the day after: step 3, the earlier steps done.
    context = laptop.reopen()
    dialog = first_run(qtbot, context, chooser)
    page = dialog.field_page
    assert page is not None and dialog.pages.currentWidget() is page
    assert page.current_step() == 3 and states(page) == [DONE, DONE, NEXT]
    assert page.data_step.button.isEnabled()
    assert not page.request_step.button.isVisible() and not page.answer_step.button.isVisible()
    assert page.ca_line.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        load_data(qtbot, page, chooser, hq.bundle())
    assert context.auth.login("officer", PASSWORD).role is Role.OFFICER


# -- in the application: the sign-in dialog follows -----------------------------------------------


def test_the_shell_offers_the_field_setup_and_then_the_sign_in(
        qtbot, hq: Headquarters, laptop: NewLaptop, stick: Path) -> None:
    context = laptop.context
    shell = make_shell(context, laptop.path, LanguageSwitch(context.settings, context.dirs.config))
    try:
        shell.start()
        dialog = shell.first_run
        assert isinstance(dialog, FirstRunDialog) and dialog.field_button.isVisible()
        click(qtbot, dialog.field_button)
        page = dialog.field_page
        assert page is not None
        request = stick / "request.json"
        assert page.write_request(request)  # what the save dialog leads to
        answer = stick / "answer.json"
        sign_at_headquarters(hq, request, answer)
        assert page.load_answer(answer)
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            page.load_data(hq.bundle())
        assert shell.first_run is None
        assert shell.login is not None and shell.login.isVisible()
    finally:
        close_all(shell)


def test_the_set_up_speaks_arabic_right_to_left(
        qtbot, laptop: NewLaptop, stick: Path) -> None:
    apply_language("ar")
    chooser = Chooser([stick / "request.json"])
    dialog = first_run(qtbot, laptop.context, chooser)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.field_button.title.text() == "إعداد حاسوب ميداني"
    click(qtbot, dialog.field_button)
    page = dialog.field_page
    assert page is not None
    assert page.request_step.title.text() == "١. كتابة طلب التسجيل"
    assert page.request_step.state.text() == "الخطوة التالية"
    assert page.answer_step.state.text() == "بعد الخطوة ١"
    digits = page.fingerprint.text().replace("\u200f", "").split(GROUP_SEPARATOR)
    assert len(digits) == 6 and all(set(group) <= set("٠١٢٣٤٥٦٧٨٩") for group in digits)
    click(qtbot, page.request_step.button)
    assert page.request_step.state.text() == "منجز"
