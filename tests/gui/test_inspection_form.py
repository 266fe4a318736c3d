"""The inspection form driven as an officer drives it, on a real database: fill, save a draft,
reopen, submit, amend with a reason; findings next to their fields; autosave and closing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget

from desktop.app import AppContext
from desktop.domain.entities import Checkpoint, District, Inspection
from desktop.domain.enums import CheckpointKind, CheckpointStatus, InspectionState, Op, Role
from desktop.domain.ids import uuid7
from desktop.services.base import Session
from desktop.storage.queries import revisions_of
from desktop.ui.inspection import open_form
from desktop.ui.inspection.dialogs import AmendDialog
from desktop.ui.inspection.form import InspectionForm
from desktop.ui.language import apply_language
from desktop.ui.page_registry import PageContext
from desktop.ui.widgets.autosave import Autosaver
from tests.domain.test_templates import good_answers
from tests.gui.draft_driver import Hands, page_context_for, type_text, widget_values, write_image

Responder = Callable[[QWidget], None]


# -- dialogs, answered as a person answers them ---------------------------------------------


def describe(widget: QWidget) -> str:
    if isinstance(widget, QMessageBox):
        return f"{widget.text()}\n{widget.informativeText()}"
    if isinstance(widget, AmendDialog):
        return "\n".join(" | ".join(row) for row in widget.rows)
    return widget.windowTitle()


def click(label: str) -> Responder:
    def respond(widget: QWidget) -> None:
        buttons = [b for b in widget.findChildren(QPushButton) if b.text() == label]
        assert buttons, f"no button {label!r} in {describe(widget)!r}"
        buttons[0].click()

    return respond


def give_reason(reason: str) -> Responder:
    def respond(widget: QWidget) -> None:
        assert isinstance(widget, AmendDialog)
        type_text(widget.reason_edit, reason)
        widget.save_button.click()

    return respond


class Modals:
    """Answers the form's modal dialogs in the expected order. A dialog nobody expected is
    recorded and closed, so a wrong turn fails the test instead of hanging it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.unexpected: list[str] = []
        self._responders: list[Responder] = []
        self._answered: QWidget | None = None
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def expect(self, *responders: Responder) -> None:
        self._responders.extend(responders)

    @property
    def pending(self) -> int:
        return len(self._responders)

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or widget is self._answered:
            return
        self._answered = widget
        self.seen.append(describe(widget))
        if self._responders:
            self._responders.pop(0)(widget)
            return
        self.unexpected.append(describe(widget))
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()


@pytest.fixture
def modals() -> Iterator[Modals]:
    made = Modals()
    yield made
    made._timer.stop()
    assert not made.unexpected, f"dialogs nobody expected: {made.unexpected}"


# -- the world ------------------------------------------------------------------------------


@pytest.fixture
def checkpoints(context: AppContext, sessions: dict[Role, Session]) -> list[Checkpoint]:
    supervisor = sessions[Role.SUPERVISOR]
    district = District(uuid7(), "RMD", "الرمادي", "Ramadi")
    context.places.save_district(supervisor, district)
    made = [
        Checkpoint(uuid7(), "RMD-CE-01", "سيطرة المدخل الشرقي", "East entrance checkpoint",
                   district.id, CheckpointKind.CITY_ENTRANCE, 33.4263, 43.299, None,
                   CheckpointStatus.HELD_BY_HANDING_PARTY),
        Checkpoint(uuid7(), "HIT-BR-02", "سيطرة جسر هيت", "Hit bridge checkpoint",
                   district.id, CheckpointKind.BRIDGE, 33.64, 42.83, None,
                   CheckpointStatus.HELD_BY_HANDING_PARTY),
    ]
    for checkpoint in made:
        context.places.save_checkpoint(supervisor, checkpoint)
    return made


@pytest.fixture
def officer(context: AppContext, sessions: dict[Role, Session]) -> PageContext:
    return page_context_for(context, sessions[Role.OFFICER])


@pytest.fixture
def parent(qtbot) -> Iterator[QWidget]:  # type: ignore[no-untyped-def]
    """Stands for the main window the forms open over."""
    window = QWidget()
    window.resize(400, 300)
    window.show()
    yield window
    for form in window.findChildren(InspectionForm):
        form.autosaver.stop()
        form._closed = True  # a form left open must not ask anything at the end of a test
        form.close()
    window.close()
    window.deleteLater()


def new_form(officer: PageContext, parent: QWidget, checkpoint: Checkpoint) -> InspectionForm:
    form = open_form(officer, parent, checkpoint_id=checkpoint.id)
    assert isinstance(form, InspectionForm)
    return form


def ops(context: AppContext, record_id: str) -> list[Op]:
    with context.database.read() as connection:
        return [revision.op for revision in revisions_of(connection, record_id)]


def press(qtbot, form: InspectionForm, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed in the form's active window (shortcuts only work in the active one)."""
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    QTest.keyClick(form.cells["personnel_present"].editor.spin, key, modifier)


# -- the officer's path ---------------------------------------------------------------------


def test_fill_save_reopen_submit_and_amend(qtbot, officer, parent, checkpoints, context,
                                           modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    assert form.mode == "new"
    assert form.header.latitude.text() == "33.4263"  # the checkpoint's position by default
    answers = good_answers() | {"observations": "Gate 2 lamp broken."}
    Hands(form).fill(answers)
    announced: list[object] = []
    officer.notifier.changed.connect(announced.append)

    press(qtbot, form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ops(context, form.inspection_id) == [Op.PUT]
    assert form.mode == "draft" and not form.unsaved
    assert context.drafts.load(officer.session, form.autosaver.key) is None  # all in the record
    assert announced and form.inspection_id in announced[-1].records  # type: ignore[attr-defined]
    saved = context.inspections.load(form.inspection_id)
    assert saved.answers == {k: v for k, v in answers.items() if v != ""}
    assert saved.checkpoint_id == checkpoints[0].id and saved.latitude == 33.4263

    form.close()  # nothing unsaved: closes without asking
    assert not form.isVisible()
    again = open_form(officer, parent, inspection_id=saved.id)
    assert again is not form
    assert widget_values(again)["answers"] == saved.answers
    assert again.header.checkpoint.checkpoint_id() == checkpoints[0].id

    modals.expect(click("Submit"))
    assert again.submit()
    assert ops(context, saved.id) == [Op.PUT, Op.SIGN]
    assert context.inspections.load(saved.id).state is InspectionState.SUBMITTED
    assert "Submitted — read-only" in again.banner_text.text()
    assert not again.cells["readiness"].editor.buttons[0].isEnabled()
    assert not again.cells["personnel_present"].editor.spin.isEnabled()
    assert again.cells["observations"].editor.edit.isReadOnly()
    assert not again.header.checkpoint.isEnabled()
    assert again.amend_button.isVisible() and not again.submit_button.isVisible()

    again.amend_button.click()
    assert again.mode == "amending"
    Hands(again).press("readiness", 2)
    modals.expect(give_reason("Readiness re-assessed after the night patrol."))
    assert again.save_amendment()
    assert modals.seen[-1] == "Overall readiness | 4 | 2"
    assert ops(context, saved.id) == [Op.PUT, Op.SIGN, Op.AMEND]
    amended = context.inspections.load(saved.id)
    assert amended.answers["readiness"] == 2
    assert amended.amend_reason == "Readiness re-assessed after the night patrol."
    assert again.mode == "submitted" and "Amended:" in again.banner_text.text()


def test_an_impossible_value_blocks_saving_with_the_message_beside_the_field(
        qtbot, officer, parent, checkpoints, context, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    hands = Hands(form)
    hands.fill(good_answers() | {"radios_working": 5, "radios_issued": 3})
    cell = form.cells["radios_working"]
    assert cell.finding.isVisible() and cell.finding.text() == "More radios working than issued."
    assert cell.finding.objectName() == "findingImpossible"

    assert not form.submit()
    assert not form.save_draft()
    assert ops(context, form.inspection_id) == []
    assert "marked in red" in form.form_error.text()
    assert QApplication.focusWidget() in (cell.editor.spin, cell.editor.spin.lineEdit(), None)

    hands.number("radios_issued", 6)
    assert not cell.finding.isVisible()
    assert form.save_draft()
    assert ops(context, form.inspection_id) == [Op.PUT]


def test_a_suspicious_value_is_asked_about(qtbot, officer, parent, checkpoints, context,
                                           modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    Hands(form).fill(good_answers() | {"personnel_present": 40, "personnel_required": 30})
    cell = form.cells["personnel_present"]
    assert cell.finding.objectName() == "findingSuspicious"
    assert "required strength" in cell.finding.text()

    modals.expect(click("No, let me correct it"))
    assert not form.submit()
    assert modals.seen[-1].startswith("Is this right?")
    assert "More personnel present than the required strength" in modals.seen[-1]
    assert ops(context, form.inspection_id) == []

    modals.expect(click("Yes, it is right"), click("Submit"))
    assert form.submit()
    assert ops(context, form.inspection_id) == [Op.SIGN]


def test_missing_answers_are_named_and_the_first_gets_the_focus(
        qtbot, officer, parent, checkpoints, context, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    partial = good_answers()
    for key in ("fuel_days", "readiness", "night_lighting"):
        partial.pop(key)
    Hands(form).fill(partial)
    assert form.save_draft()  # a draft may be incomplete

    modals.expect(click("OK"))
    assert not form.submit()
    listed = modals.seen[-1]
    assert "Night lighting working" in listed and "Fuel left (days)" in listed
    assert "Overall readiness" in listed
    finding = form.cells["night_lighting"].finding
    assert finding.text() == "“Night lighting working” is not answered."
    assert ops(context, form.inspection_id) == [Op.PUT]


def test_a_clerk_is_told_why_and_nothing_is_written(qtbot, context, sessions, parent,
                                                    checkpoints, modals) -> None:
    clerk = page_context_for(context, sessions[Role.CLERK])
    modals.expect(click("OK"))
    assert open_form(clerk, parent, checkpoint_id=checkpoints[0].id) is None
    assert "Certificate clerk may not record inspections" in modals.seen[-1]

    form = InspectionForm(clerk, checkpoint_id=checkpoints[0].id, parent=parent)
    Hands(form).fill(good_answers())
    modals.expect(click("OK"))
    assert not form.save_draft()
    assert "Certificate clerk may not record inspections" in modals.seen[-1]
    assert ops(context, form.inspection_id) == []


def test_autosave_keeps_everything_typed_and_reopening_restores_it(
        qtbot, officer, parent, checkpoints, context, tmp_path: Path, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    form.header.checkpoint.lineEdit().selectAll()
    type_text(form.header.checkpoint.lineEdit(), "جسر هيت")  # the Arabic name finds it too
    form.header.checkpoint.lineEdit().editingFinished.emit()
    assert form.header.checkpoint.checkpoint_id() == checkpoints[1].id
    assert form.header.latitude.text() == "33.64"  # the position followed the checkpoint
    hands = Hands(form)
    hands.number("vehicles_assigned", 7)
    hands.press("barriers", "missing")
    hands.write("observations", "الحاجز مفقود عند المدخل.")
    photo = form.photos.add_files([write_image(tmp_path / "gate.png", "#2a6f97")])
    key = form.autosaver.key

    def written() -> bool:
        draft = context.drafts.load(officer.session, key)
        return draft is not None and draft.content["answers"].get("vehicles_assigned") == 7

    qtbot.waitUntil(written, timeout=20_000)
    content = context.drafts.load(officer.session, key).content
    assert content["checkpoint_id"] == checkpoints[1].id
    assert content["answers"]["observations"] == "الحاجز مفقود عند المدخل."
    assert content["photo_ids"] == photo

    expected = widget_values(form)
    modals.expect(click("Keep as autosaved draft and close"))
    form.close()
    assert not form.isVisible()
    assert ops(context, form.inspection_id) == []  # kept locally, no revision

    again = open_form(officer, parent, draft_key=key)
    assert widget_values(again) == expected
    assert again.photos.cells[0].thumbnail.icon().availableSizes()
    assert again.unsaved and "restored" in again.banner_text.text()


def test_closing_with_changes_asks_and_never_discards(qtbot, officer, parent, checkpoints,
                                                      context, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    Hands(form).number("personnel_present", 12)

    modals.expect(click("Cancel"))
    press(qtbot, form, Qt.Key.Key_Escape)
    assert form.isVisible()
    assert "not saved yet" in modals.seen[-1]

    modals.expect(click("Save draft"))
    form.close()
    assert not form.isVisible()
    assert ops(context, form.inspection_id) == [Op.PUT]
    assert context.drafts.load(officer.session, form.autosaver.key) is None  # all in the record


def test_photos_are_stored_by_content_with_thumbnails(qtbot, officer, parent, checkpoints,
                                                      context, tmp_path: Path, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    png = write_image(tmp_path / "front.png", "#bb3e03")
    jpeg = write_image(tmp_path / "side.jpg", "#005f73", "JPEG")
    not_a_photo = tmp_path / "notes.png"
    not_a_photo.write_text("not a picture")
    added = form.photos.add_files([png, not_a_photo, jpeg])
    assert len(added) == 2
    assert "notes.png is not a PNG or JPEG photo" in form.photos.error.text()
    assert all(not cell.thumbnail.icon().isNull() for cell in form.photos.cells)
    viewer = form.photos.view(added[0])
    assert viewer is not None and viewer.picture.pixmap().width() == 640
    viewer.close()

    form.photos.cells[1].remove_button.click()
    assert form.photos.attachment_ids() == added[:1]
    Hands(form).fill(good_answers())
    assert form.save_draft()
    record = context.inspections.load(form.inspection_id)
    assert record.photo_ids == (added[0],)
    assert context.attachments.data(
        __import__("hashlib").sha256(png.read_bytes()).hexdigest()) == png.read_bytes()


def test_arabic_form_reads_right_to_left_with_arabic_findings(qtbot, officer, parent,
                                                             checkpoints, modals) -> None:
    apply_language("ar")
    try:
        form = new_form(officer, parent, checkpoints[0])
        assert form.isRightToLeft()
        assert form.cells["radios_working"].title.text() == "أجهزة اللاسلكي العاملة"
        assert form.cells["officer_present"].editor.buttons[0].text() == "نعم"
        Hands(form).fill({"radios_working": 4, "radios_issued": 2})
        assert form.cells["radios_working"].finding.text() == (
            "عدد أجهزة اللاسلكي العاملة أكبر من المسلَّمة.")
        assert form.header.when.text().startswith("٢٠")  # the date reads left to right
        assert not form.header.when.isRightToLeft()
    finally:
        apply_language("en")


def test_keyboard_order_and_big_targets(qtbot, officer, parent, checkpoints, modals) -> None:
    form = new_form(officer, parent, checkpoints[0])
    qtbot.waitExposed(form)
    chain: list[QWidget] = []
    widget: QWidget = form.header.checkpoint
    for _step in range(200):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.header.checkpoint:
            break
    firsts = [form.cells[f.key].editor.focusables()[0] for f in form.template.fields]
    positions = [chain.index(w) for w in firsts]
    assert positions == sorted(positions), "tab order must follow the template's order"
    assert chain.index(form.header.longitude) < positions[0] < chain.index(form.submit_button)
    buttons = [b for b in form.findChildren(QPushButton) if b.isVisible()]
    assert buttons and all(b.height() >= 40 for b in buttons)


def test_a_saved_inspection_reopens_with_its_own_time_and_offset(
        qtbot, officer, parent, checkpoints, context, modals) -> None:
    record = Inspection(uuid7(), checkpoints[0].id, "inspection", 1, officer.session.person_id,
                        "2026-03-01T05:30:00Z", 180, None, None, {"readiness": 3}, (),
                        InspectionState.DRAFT)
    context.inspections.save_draft(officer.session, record)
    form = open_form(officer, parent, inspection_id=record.id)
    assert form.header.local_time() == "2026-03-01T08:30:00"
    assert "UTC+03:00" in form.header.offset.text()
    assert form.header.latitude.text() == ""  # no position was recorded: none is invented
    assert open_form(officer, parent, inspection_id=record.id) is form  # not opened twice


def test_the_autosaver_tries_again_when_a_write_is_refused(qtbot, context, sessions) -> None:
    officer_session = sessions[Role.OFFICER]
    content: dict[str, object] = {"text": "x" * 6_000_000}  # over the draft service's limit
    saver = Autosaver(context.drafts, officer_session, key="inspection:test", kind="inspection",
                      state=lambda: content, title=lambda: "Test", interval_ms=50)
    with qtbot.waitSignal(saver.failed, timeout=10_000) as refused:
        saver.mark_dirty()
    assert "too large to keep as a draft" in str(refused.args[0])
    assert saver.dirty and context.drafts.load(officer_session, "inspection:test") is None

    content = {"text": "small enough"}
    with qtbot.waitSignal(saver.saved, timeout=10_000):
        pass  # the next interval writes it, without anyone asking again
    assert not saver.dirty
    assert context.drafts.load(officer_session, "inspection:test").content == content


def test_a_damaged_draft_is_refused_with_a_sentence(qtbot, officer, parent, checkpoints,
                                                   context, modals) -> None:
    context.drafts.save(officer.session, "inspection:broken", "inspection", "Broken",
                        {"inspection_id": "x", "local_time": "yesterday"})
    modals.expect(click("OK"))
    assert open_form(officer, parent, draft_key="inspection:broken") is None
    assert "cannot be read any more" in modals.seen[-1]
