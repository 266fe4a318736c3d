"""The handover wizard, driven as an officer against a real database.

A whole handover (a gap, exceptions, equipment, three drawn signatures) finalized; an
incomplete one refused with the service's reasons; a signed one read-only, editing refused
and an amendment with a reason; an empty signature refused; the live gap label; closing
without losing work; Arabic right to left.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.app import AppContext
from desktop.domain.entities import ChecklistResponse, Handover, Person
from desktop.domain.enums import (
    CheckpointStatus,
    EquipmentCondition,
    HandoverState,
    ItemAnswer,
    SignatureParty,
)
from desktop.domain.ids import uuid7
from desktop.domain.rules import GapStatus
from desktop.domain.signature import render_png, synthetic_signature
from desktop.i18n import _
from desktop.ui.changes import ChangeNotifier
from desktop.ui.handover import open_wizard
from desktop.ui.handover.form import draft_key, gap_sentence
from desktop.ui.handover.wizard import (
    CHECKLIST,
    EQUIPMENT,
    PARTIES,
    SIGNATURES,
    SUMMARY,
    TIMES,
    HandoverWizard,
)
from desktop.ui.language import apply_language
from desktop.ui.page_registry import PageContext
from tests.support import World, make_context

EXCEPTIONS = (5, 10)  # the two items the officer marks "not done"


class NoForms:
    """The wizard opens no other form; the page context still needs something here."""

    def open_inspection(self, *args: object, **kwargs: object) -> None: ...

    def open_handover(self, *args: object, **kwargs: object) -> None: ...


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    context = make_context(tmp_path)
    made = World(context)
    yield made
    context.close()


@pytest.fixture
def people(world: World) -> dict[str, Person]:
    return {
        "handing": world.person(world.army, "Col. Khalid"),
        "receiving": world.person(world.police, "Lt. Col. Saad"),
        "witness": world.person(world.council, "Mahmoud"),
    }


@pytest.fixture
def page(world: World) -> PageContext:
    return PageContext(world.context, world.officer, ChangeNotifier(), NoForms())


@pytest.fixture
def host(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def revision_count(context: AppContext) -> int:
    connection = sqlite3.connect(context.database.path)
    try:
        return connection.execute("SELECT count(*) FROM revision").fetchone()[0]
    finally:
        connection.close()


def start(page: PageContext, host: QWidget, **where: str) -> HandoverWizard:
    wizard = open_wizard(page, host, **where)
    assert isinstance(wizard, HandoverWizard)
    return wizard


def press(qtbot, wizard: HandoverWizard, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed in the wizard as the active window (where shortcuts act)."""
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    QTest.keyClick(QApplication.focusWidget() or wizard, key, modifier)


def choose(combo, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def fill_parties(wizard: HandoverWizard, people: dict[str, Person], world: World) -> None:
    parties = wizard.parties_step
    assert parties.handing.unit_id() == world.army.id  # the checkpoint's holder, preset
    choose(parties.handing.person, people["handing"].id)
    choose(parties.receiving.unit, world.police.id)
    choose(parties.receiving.person, people["receiving"].id)
    choose(parties.witness_box.unit, world.council.id)
    choose(parties.witness_box.person, people["witness"].id)
    QTest.mouseClick(parties.add_witness_button, Qt.MouseButton.LeftButton)


def set_times(wizard: HandoverWizard, *, assumed: datetime | None,
              departed: datetime | None) -> None:
    times = wizard.times_step
    for field, value in ((times.assumed_duty_at, assumed), (times.departure_at, departed)):
        if value is None:
            field.clear()
        else:
            field.set_local(value)


def answer_everything(wizard: HandoverWizard, *, exceptions: tuple[int, ...] = ()) -> None:
    step = wizard.checklist_step
    for position, item in enumerate(step.items):
        step.go_to(position)
        if item.rule:  # item 17 follows the recorded times
            continue
        answer = ItemAnswer.NOT_DONE if item.number in exceptions else ItemAnswer.DONE
        QTest.mouseClick(step.answer_buttons[answer], Qt.MouseButton.LeftButton)
        if answer is ItemAnswer.NOT_DONE:
            step.note.setPlainText(f"Exception at item {item.number}")


def draw_signature(pad, seed: int) -> None:
    """Sign with the mouse, point by point, at the pad's present size."""
    canvas = pad.canvas
    for stroke in synthetic_signature(seed):
        points = [canvas.to_widget(point).toPoint() for point in stroke]
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         points[0])
        for point in points[1:]:
            QTest.mouseMove(canvas, point)
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           points[-1])


def strokes(seed: int) -> list[list[list[int]]]:
    return [[list(point) for point in stroke] for stroke in synthetic_signature(seed)]


def make_complete_draft(world: World, people: dict[str, Person]) -> Handover:
    """A draft with everything but the finalizing, made through the services."""
    service = world.context.handovers
    handover = Handover(
        uuid7(), world.checkpoint.id, HandoverState.DRAFT, "handover-checklist", 1,
        world.officer.person_id, world.army.id, people["handing"].id, world.police.id,
        people["receiving"].id, (people["witness"].id,), "2026-03-01T08:00:00Z",
        "2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z", 180, "", None)
    service.save(world.officer, handover)
    for item in world.context.templates.checklist.items:
        service.answer(world.officer, ChecklistResponse(uuid7(), handover.id, item.key,
                                                        ItemAnswer.DONE, "", ()))
    for party, person in ((SignatureParty.HANDING, people["handing"]),
                          (SignatureParty.RECEIVING, people["receiving"]),
                          (SignatureParty.WITNESS, people["witness"])):
        service.capture_signature(world.officer, handover.id, party, person.id, strokes(2))
    return handover


# --- the whole way --------------------------------------------------------------------------


def test_a_whole_handover_with_a_gap_and_exceptions_is_finalized(
        qtbot, world: World, people: dict[str, Person], page: PageContext, host: QWidget,
        tmp_path: Path) -> None:
    announced = []
    page.notifier.changed.connect(announced.append)
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    # The checkpoint was given: the wizard opens at the parties, nothing recorded yet.
    assert wizard.current == PARTIES
    assert wizard.writer.stored is None
    fill_parties(wizard, people, world)
    assert wizard.form.witness_ids == [people["witness"].id]
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Leaving the parties step recorded a draft handover; the checkpoint is now in progress.
    assert wizard.current == TIMES
    handover_id = wizard.form.handover_id
    stored = world.context.handovers.parts(handover_id).handover
    assert stored.state is HandoverState.DRAFT
    assert stored.receiving_rep_id == people["receiving"].id
    assert world.context.checkpoints.checkpoint(world.checkpoint.id).status \
        is CheckpointStatus.HANDOVER_IN_PROGRESS
    assert announced, "every save is announced to the open screens"

    # The handing-over force left 45 minutes before the receiving force assumed duty.
    set_times(wizard, departed=datetime(2026, 3, 1, 9, 30), assumed=datetime(2026, 3, 1, 10, 15))
    assert wizard.times_step.gap.status is GapStatus.GAP
    assert wizard.times_step.gap.text() == gap_sentence(45)
    press(qtbot, wizard, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Alt+N: next
    assert wizard.current == CHECKLIST

    # Item 17 already says "not done", from the recorded times.
    continuity = next(i for i in wizard.checklist_step.items if i.rule)
    assert wizard.form.responses[continuity.key].answer is ItemAnswer.NOT_DONE
    answer_everything(wizard, exceptions=EXCEPTIONS)
    step = wizard.checklist_step
    step.go_to(EXCEPTIONS[0] - 1)
    assert step.card.property("exception") == "true" and step.exception_notice.isVisible()
    # Evidence where the template asks for it (item 1): a photo is stored at once.
    photo = tmp_path / "barrier.png"
    photo.write_bytes(render_png(synthetic_signature(9)))
    step.go_to(0)
    assert step.photos.isVisible()
    (photo_id,) = step.photos.add_files([photo])
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current == EQUIPMENT
    responses = world.context.handovers.parts(handover_id).responses
    assert len(responses) == len(step.items)
    assert sorted(i.number for i in step.items
                  if responses[i.key].answer is ItemAnswer.NOT_DONE) == [*EXCEPTIONS, 17]
    assert responses["item-01"].evidence_ids == (photo_id,)
    assert responses["item-05"].note == "Exception at item 5"

    equipment = wizard.equipment_step
    for item, quantity, serials, condition in (
            ("Radio sets", 3, "RS-1, RS-2\nRS-3", EquipmentCondition.GOOD),
            ("Generator", 1, "G-77", EquipmentCondition.NEEDS_REPAIR)):
        equipment.item.setText(item)
        equipment.quantity.setValue(quantity)
        equipment.serials.setPlainText(serials)
        choose(equipment.condition, condition.value)
        QTest.mouseClick(equipment.keep_button, Qt.MouseButton.LeftButton)
    assert equipment.table.rowCount() == 2
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current == SIGNATURES
    lines = {line.item: line for line in world.context.handovers.parts(handover_id).equipment}
    assert lines["Radio sets"].serials == ("RS-1", "RS-2", "RS-3")
    assert lines["Generator"].condition is EquipmentCondition.NEEDS_REPAIR

    pads = wizard.signatures_step.pads
    wizard.resize(1200, 1000)
    draw_signature(pads[SignatureParty.HANDING].pad, 1)  # drawn with the mouse
    pads[SignatureParty.RECEIVING].pad.set_strokes(synthetic_signature(2))
    pads[SignatureParty.WITNESS].pad.set_strokes(synthetic_signature(3))
    assert people["receiving"].name_en in pads[SignatureParty.RECEIVING].person_text.text()
    for party in SignatureParty:
        QTest.mouseClick(pads[party].accept_button, Qt.MouseButton.LeftButton)
        assert pads[party].accepted(), pads[party].error.text()
        assert pads[party].stored_image.isVisible()
    signatures = world.context.handovers.parts(handover_id).signatures
    assert signatures[SignatureParty.HANDING].strokes == tuple(
        pads[SignatureParty.HANDING].pad.strokes())
    assert signatures[SignatureParty.WITNESS].person_id == people["witness"].id

    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    summary = wizard.summary_step
    assert wizard.current == SUMMARY
    assert summary.missing_sentences == []
    text = summary.browser.toPlainText()
    assert gap_sentence(45) in text
    for number in (*EXCEPTIONS, 17):
        item = next(i for i in step.items if i.number == number)
        assert item.text_en in text
    assert "Radio sets" in text and "Generator" in text
    assert summary.finalize_button.isEnabled()
    QTest.mouseClick(summary.finalize_button, Qt.MouseButton.LeftButton)

    assert world.context.handovers.parts(handover_id).handover.state is HandoverState.SIGNED
    assert wizard.read_only
    assert not summary.finalize_button.isVisible()
    assert world.context.drafts.load(world.officer, draft_key(handover_id)) is None
    wizard.close()

    # Opened again from the list: read-only at the summary, with Amend offered.
    again = start(page, host, handover_id=handover_id)
    assert again.read_only and again.current == SUMMARY
    assert again.amend_button.isVisible()
    assert not again.times_step.handover_at.now_button.isEnabled()
    assert all(not b.isEnabled() for b in again.checklist_step.answer_buttons.values())
    # Nothing is left in progress: the handover waits for a clerk.
    assert world.context.lists.handovers("", ("draft", "ready", "amended")) == []
    assert [row.state for row in world.context.lists.handovers()] == ["signed"]


def test_finalizing_an_incomplete_handover_is_refused_with_the_reasons(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    fill_parties(wizard, people, world)
    assert wizard.go_to(SUMMARY)
    handover_id = wizard.form.handover_id
    summary = wizard.summary_step
    expected = world.context.handovers.missing_for_signing(handover_id)
    assert expected and summary.missing_sentences == expected
    assert all(sentence in summary.missing.text() for sentence in expected)
    assert summary.missing.isVisible()
    assert not summary.finalize_button.isEnabled()

    before = revision_count(world.context)
    wizard.finalize()  # as if the button were pressed anyway (Ctrl+S, a stale window)
    assert wizard.banner.isVisible()
    assert _("The handing-over representative has not signed.") in wizard.banner.text.text()
    assert revision_count(world.context) == before
    assert world.context.handovers.parts(handover_id).handover.state is HandoverState.DRAFT
    assert not wizard.read_only


def test_editing_after_finalize_is_refused_and_an_amendment_is_offered(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    handover = make_complete_draft(world, people)
    wizard = start(page, host, handover_id=handover.id)
    assert wizard.current == SUMMARY  # nothing incomplete: it resumes at the summary
    wizard.go_to(TIMES)
    # Meanwhile the handover is finalized elsewhere (another window, another officer).
    world.context.handovers.finalize(world.officer, handover.id)
    wizard.times_step.notes.setPlainText("Checkpoint lighting replaced")
    before = revision_count(world.context)
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    refusal = _("This handover is signed and can no longer be edited. Make an amendment with a "
                "reason to change it.")
    assert wizard.current == TIMES
    assert wizard.banner.text.text() == refusal
    assert wizard.amend_button.isVisible() and wizard.read_only
    assert revision_count(world.context) == before  # the refused edit wrote nothing
    # What was typed is kept as a local draft, not lost.
    kept = world.context.drafts.load(world.officer, draft_key(handover.id))
    assert kept is not None and kept.content["form"]["notes"] == "Checkpoint lighting replaced"

    QTest.mouseClick(wizard.amend_button, Qt.MouseButton.LeftButton)
    dialog = wizard.amend_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.reason.setPlainText("Lighting was replaced during the handover")
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    amended = world.context.handovers.parts(handover.id).handover
    assert amended.state is HandoverState.AMENDED
    assert amended.reason == "Lighting was replaced during the handover"
    assert not wizard.read_only and not wizard.amend_button.isVisible()
    assert wizard.times_step.notes.toPlainText() == "Checkpoint lighting replaced"
    assert wizard.go_to(SUMMARY)
    assert world.context.handovers.parts(handover.id).handover.notes == \
        "Checkpoint lighting replaced"
    assert wizard.summary_step.finalize_button.isEnabled()
    QTest.mouseClick(wizard.summary_step.finalize_button, Qt.MouseButton.LeftButton)
    assert world.context.handovers.parts(handover.id).handover.state is HandoverState.SIGNED


def test_a_signed_handover_opens_read_only_and_ctrl_s_says_why(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    handover = make_complete_draft(world, people)
    world.context.handovers.finalize(world.officer, handover.id)
    wizard = start(page, host, handover_id=handover.id)
    assert wizard.read_only and wizard.current == SUMMARY
    assert wizard.amend_button.isVisible()
    before = revision_count(world.context)
    press(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert wizard.banner.text.text().startswith(
        _("This handover is signed and can no longer be edited."))
    assert revision_count(world.context) == before


def test_an_empty_or_trivial_signature_is_refused_and_nothing_is_stored(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    fill_parties(wizard, people, world)
    assert wizard.go_to(SIGNATURES)
    party = wizard.signatures_step.pads[SignatureParty.RECEIVING]
    refusal = _("The signature is empty or too small. Ask the person to sign across the pad.")
    before = revision_count(world.context)
    QTest.mouseClick(party.accept_button, Qt.MouseButton.LeftButton)
    assert party.error.isVisible() and party.error.text() == refusal
    party.pad.set_strokes([[[400, 200], [430, 210]]])  # a dash
    QTest.mouseClick(party.accept_button, Qt.MouseButton.LeftButton)
    assert party.error.text() == refusal
    assert revision_count(world.context) == before
    assert world.context.handovers.parts(wizard.form.handover_id).signatures == {}
    assert not party.accepted()


def test_the_gap_label_follows_the_times_as_they_change(
        qtbot, world: World, page: PageContext, host: QWidget) -> None:
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    wizard.go_to(TIMES)
    label = wizard.times_step.gap
    assert label.status is GapStatus.UNKNOWN and label.property("gap") == "unknown"
    set_times(wizard, assumed=datetime(2026, 3, 1, 8, 0), departed=datetime(2026, 3, 1, 9, 0))
    assert label.status is GapStatus.NO_GAP and label.property("gap") == "no_gap"
    assert label.text() == _("No gap: the receiving force assumed duty before the "
                             "handing-over force left.")
    wizard.times_step.assumed_duty_at.set_local(datetime(2026, 3, 1, 11, 5))
    assert label.status is GapStatus.GAP and label.text() == gap_sentence(125)
    wizard.times_step.departure_at.clear()
    assert label.status is GapStatus.UNKNOWN


def test_closing_with_unsaved_changes_asks_and_keeps_a_draft(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    fill_parties(wizard, people, world)
    press(qtbot, wizard, Qt.Key.Key_Escape)
    box = wizard.close_question
    assert isinstance(box, QMessageBox) and box.isVisible()
    buttons = {button.text(): button for button in box.buttons()}
    QTest.mouseClick(buttons[_("Cancel")], Qt.MouseButton.LeftButton)
    assert wizard.isVisible()  # nothing discarded, still open

    wizard.reject()
    buttons = {button.text(): button for button in wizard.close_question.buttons()}
    QTest.mouseClick(buttons[_("Keep as draft")], Qt.MouseButton.LeftButton)
    handover_id = wizard.form.handover_id
    # Not recorded (the parties step was never left) but kept on this laptop...
    assert world.context.lists.handovers() == []
    kept = world.context.drafts.load(world.officer, draft_key(handover_id))
    assert kept is not None and kept.content["form"]["receiving_rep_id"] == people["receiving"].id

    # ...and starting at the same checkpoint again brings it back.
    again = start(page, host, checkpoint_id=world.checkpoint.id)
    assert again.form.handover_id == handover_id
    assert again.parties_step.receiving.person_id() == people["receiving"].id
    assert again.banner.isVisible()

    again.reject()
    buttons = {button.text(): button for button in again.close_question.buttons()}
    QTest.mouseClick(buttons[_("Save")], Qt.MouseButton.LeftButton)
    assert world.context.handovers.parts(handover_id).handover.witness_ids == (
        people["witness"].id,)
    assert world.context.drafts.load(world.officer, draft_key(handover_id)) is None


def test_a_representative_is_recorded_on_site_with_rank_and_badge(
        qtbot, world: World, page: PageContext, host: QWidget) -> None:
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    receiving = wizard.parties_step.receiving
    choose(receiving.unit, world.police.id)
    QTest.mouseClick(receiving.new_button, Qt.MouseButton.LeftButton)
    dialog = receiving.dialog
    assert dialog is not None
    dialog.name_ar.setText("المقدم سعد")
    dialog.name_en.setText("Lt. Col. Saad")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == _("Enter the rank.")  # required for the receiving party
    dialog.rank.setText("Lt. Col.")
    dialog.badge.setText("P-5567")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = dialog.person
    assert saved is not None and saved.unit_id == world.police.id
    assert receiving.person_id() == saved.id
    assert wizard.form.receiving_rep_id == saved.id
    assert saved.id in {p.id for p in world.context.checkpoints.people(world.police.id)}


def test_the_receiving_representative_needs_rank_and_badge_to_go_on(
        qtbot, world: World, people: dict[str, Person], page: PageContext,
        host: QWidget) -> None:
    nameless = Person(uuid7(), "شرطي", "Policeman", "", "", world.police.id)
    world.context.places.save_person(world.officer, nameless)
    wizard = start(page, host, checkpoint_id=world.checkpoint.id)
    fill_parties(wizard, people, world)
    receiving = wizard.parties_step.receiving
    choose(receiving.person, nameless.id)
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current == PARTIES
    assert wizard.banner.text.text() == _("Record the receiving representative's rank and "
                                          "badge number (Correct details…).")
    assert world.context.lists.handovers() == []  # refused before anything was recorded

    QTest.mouseClick(receiving.edit_button, Qt.MouseButton.LeftButton)
    dialog = receiving.dialog
    assert dialog is not None and dialog.name_en.text() == "Policeman"
    dialog.rank.setText("Sergeant")
    dialog.badge.setText("P-9")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert receiving.person_id() == nameless.id  # the same person, corrected
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current == TIMES
    stored = world.context.handovers.parts(wizard.form.handover_id).handover
    assert stored.receiving_rep_id == nameless.id
    # The handover time starts at the present minute, recorded when the step is left.
    assert wizard.times_step.handover_at.utc_text() == wizard.form.handover_at is not None
    QTest.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert world.context.handovers.parts(wizard.form.handover_id).handover.handover_at == \
        wizard.form.handover_at


def test_the_wizard_is_arabic_and_right_to_left_when_the_language_is_arabic(
        qtbot, world: World, page: PageContext, host: QWidget) -> None:
    apply_language("ar")
    try:
        wizard = start(page, host, checkpoint_id=world.checkpoint.id)
        assert wizard.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert wizard.next_button.text() == "التالي"
        assert wizard.step_list.item(PARTIES).text().startswith("2. الأطراف")
        assert wizard.parties_step.add_witness_button.text() == "إضافة كشاهد"
        # The step list sits on the start side: the right, in Arabic.
        assert wizard.step_list.mapTo(wizard, wizard.step_list.rect().topLeft()).x() > \
            wizard.stack.mapTo(wizard, wizard.stack.rect().topLeft()).x()
        wizard.go_to(TIMES)
        set_times(wizard, assumed=datetime(2026, 3, 1, 10, 0),
                  departed=datetime(2026, 3, 1, 9, 58))
        assert wizard.times_step.gap.text() == "فجوة مدتها دقيقتان: كانت السيطرة بلا قوة."
        # Dates keep their left-to-right order and Latin digits inside Arabic screens.
        assert wizard.times_step.assumed_duty_at.editor.text().startswith("2026-03-01")
    finally:
        apply_language("en")


def test_the_officers_handovers_page_is_the_handover_list(
        qtbot, page: PageContext) -> None:
    from desktop.ui.handover import create_page
    from desktop.ui.record_lists.handovers import HandoverListPage

    made = create_page(page)
    qtbot.addWidget(made)
    assert isinstance(made, HandoverListPage)
