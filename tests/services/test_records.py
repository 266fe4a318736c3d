"""Roles are enforced by the services; handovers follow their state machine."""

import pytest
from sqlalchemy import text

from desktop.domain.entities import ChecklistResponse, EquipmentLine, Handover, Inspection
from desktop.domain.enums import (
    CheckpointStatus,
    EntityKind,
    EquipmentCondition,
    HandoverState,
    InspectionState,
    ItemAnswer,
    Op,
    SignatureParty,
)
from desktop.domain.errors import (
    FrozenRecord,
    IllegalTransition,
    PermissionDenied,
    ValidationError,
)
from desktop.domain.ids import uuid7
from desktop.domain.signature import synthetic_signature
from desktop.storage.queries import load_entity, revisions_of
from tests.domain.test_templates import good_answers
from tests.support import World, make_context


@pytest.fixture
def world(tmp_path):
    context = make_context(tmp_path)
    yield World(context)
    context.close()


def revision_count(world):
    with world.context.database.read() as connection:
        return connection.execute(text("SELECT count(*) FROM revision")).scalar_one()


def inspection(world, answers):
    return Inspection(
        uuid7(),
        world.checkpoint.id,
        "inspection",
        1,
        world.officer.person_id,
        "2026-03-01T08:00:00Z",
        180,
        33.4,
        43.3,
        answers,
        (),
        InspectionState.DRAFT,
    )


def test_a_clerk_cannot_record_an_inspection_and_nothing_is_written(world):
    before = revision_count(world)
    with pytest.raises(PermissionDenied, match="Certificate clerk may not record inspections"):
        world.context.inspections.save_draft(world.clerk, inspection(world, {}))
    assert revision_count(world) == before


def test_an_officer_cannot_manage_checkpoints(world):
    with pytest.raises(PermissionDenied):
        world.context.places.save_checkpoint(world.officer, world.checkpoint.replace(code="X"))


def test_an_inspection_draft_keeps_partial_answers_and_submit_signs_it(world):
    service = world.context.inspections
    draft = service.save_draft(world.officer, inspection(world, {"readiness": 3})).value
    with pytest.raises(ValidationError, match="not answered"):
        service.submit(world.officer, draft)
    submitted = service.submit(world.officer, draft.replace(answers=good_answers())).value
    assert submitted.state is InspectionState.SUBMITTED
    with world.context.database.read() as connection:
        assert [r.op for r in revisions_of(connection, draft.id)] == [Op.PUT, Op.SIGN]


def test_an_impossible_value_is_refused_even_in_a_draft(world):
    with pytest.raises(ValidationError, match="cannot be more than 5") as caught:
        world.context.inspections.save_draft(world.officer, inspection(world, {"readiness": 9}))
    assert caught.value.field == "readiness"


def start_handover(world, **changes):
    receiving_rep = world.person(world.police, "Receiving rep")
    handing_rep = world.person(world.army, "Handing rep")
    witness = world.person(world.council, "Witness")
    handover = Handover(
        uuid7(),
        world.checkpoint.id,
        HandoverState.DRAFT,
        "handover-checklist",
        1,
        world.officer.person_id,
        world.army.id,
        handing_rep.id,
        world.police.id,
        receiving_rep.id,
        (witness.id,),
        "2026-03-01T08:00:00Z",
        "2026-03-01T08:00:00Z",
        "2026-03-01T09:00:00Z",
        180,
        "",
        None,
    ).replace(**changes)
    return world.context.handovers.save(world.officer, handover).value


def sign_all(world, handover):
    strokes = [[list(point) for point in stroke] for stroke in synthetic_signature(1)]
    service = world.context.handovers
    service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                              handover.handing_rep_id, strokes)
    service.capture_signature(world.officer, handover.id, SignatureParty.RECEIVING,
                              handover.receiving_rep_id, strokes)
    service.capture_signature(world.officer, handover.id, SignatureParty.WITNESS,
                              handover.witness_ids[0], strokes)


def answer_all(world, handover, skip=()):
    for item in world.context.templates.checklist.items:
        if item.number in skip:
            continue
        world.context.handovers.answer(
            world.officer,
            ChecklistResponse(uuid7(), handover.id, item.key, ItemAnswer.DONE, "", ()),
        )


def test_starting_a_handover_marks_the_checkpoint_in_progress(world):
    start_handover(world)
    with world.context.database.read() as connection:
        checkpoint = load_entity(connection, EntityKind.CHECKPOINT, world.checkpoint.id)
    assert checkpoint.status is CheckpointStatus.HANDOVER_IN_PROGRESS


def test_signing_an_incomplete_handover_is_refused_with_the_missing_items(world):
    handover = start_handover(world)
    answer_all(world, handover, skip=(4, 17))
    service = world.context.handovers
    service.transition(world.officer, handover.id, HandoverState.READY)
    with pytest.raises(ValidationError, match="Checklist items 4, 17 are not answered"):
        service.transition(world.officer, handover.id, HandoverState.SIGNED)


def test_a_whole_handover_signed_certified_amended_and_voided(world):
    handover = start_handover(world)
    answer_all(world, handover)
    world.context.handovers.save_equipment(
        world.officer,
        EquipmentLine(
            uuid7(), handover.id, "Radio sets", 6, ("SN-1", "SN-2"), EquipmentCondition.GOOD
        ),
    )
    service = world.context.handovers
    sign_all(world, handover)
    service.transition(world.officer, handover.id, HandoverState.READY)
    service.transition(world.officer, handover.id, HandoverState.SIGNED)
    with pytest.raises(PermissionDenied):
        service.transition(world.officer, handover.id, HandoverState.CERTIFIED)
    service.transition(world.clerk, handover.id, HandoverState.CERTIFIED)
    with world.context.database.read() as connection:
        checkpoint = load_entity(connection, EntityKind.CHECKPOINT, world.checkpoint.id)
        responses = (
            connection.execute(
                text("SELECT r.op FROM checklist_response c JOIN revision r ON r.rev_id = c.rev_id")
            )
            .scalars()
            .all()
        )
    assert checkpoint.status is CheckpointStatus.HANDED_OVER
    assert checkpoint.holder_unit_id == world.police.id
    assert set(responses) == {"sign"}  # the answers were frozen with the signature
    with pytest.raises(ValidationError, match="reason"):
        service.transition(world.clerk, handover.id, HandoverState.AMENDED)
    amended = service.transition(
        world.clerk, handover.id, HandoverState.AMENDED, "Badge number corrected"
    ).value
    assert amended.reason == "Badge number corrected"
    with pytest.raises(IllegalTransition):
        service.transition(world.clerk, handover.id, HandoverState.CERTIFIED)
    service.transition(world.supervisor, handover.id, HandoverState.VOIDED, "Wrong checkpoint")
    with world.context.database.read() as connection:
        ops = [r.op for r in revisions_of(connection, handover.id)]
    assert ops == [Op.PUT, Op.PUT, Op.SIGN, Op.SIGN, Op.AMEND, Op.SIGN]


def test_a_signed_handover_cannot_be_edited_directly(world):
    handover = start_handover(world)
    answer_all(world, handover)
    sign_all(world, handover)
    signed = world.context.handovers.finalize(world.officer, handover.id).value
    assert signed.state is HandoverState.SIGNED
    with pytest.raises(FrozenRecord, match="amendment"):
        world.context.handovers.save(world.officer, signed.replace(notes="changed"))
    with pytest.raises(FrozenRecord, match="amendment"):
        world.context.handovers.answer(world.officer, ChecklistResponse(
            uuid7(), handover.id, "item-02", ItemAnswer.NOT_DONE, "", ()))


def test_equipment_input_is_checked(world):
    handover = start_handover(world)
    with pytest.raises(ValidationError, match="negative"):
        world.context.handovers.save_equipment(
            world.officer,
            EquipmentLine(uuid7(), handover.id, "Radios", -1, (), EquipmentCondition.GOOD),
        )


def test_finalizing_lists_everything_still_missing(world):
    handover = start_handover(world, witness_ids=())
    answer_all(world, handover, skip=(3,))
    missing = world.context.handovers.missing_for_signing(handover.id)
    assert missing[0] == "Checklist items 3 are not answered yet."
    assert "a witness" in missing[1]
    assert "The handing-over representative has not signed." in missing
    with pytest.raises(ValidationError, match="not answered"):
        world.context.handovers.finalize(world.officer, handover.id)


def test_an_empty_or_trivial_signature_is_refused(world):
    handover = start_handover(world)
    service = world.context.handovers
    for strokes in ([], [[[10, 10]]], [[[100, 100], [110, 102], [120, 101]]]):
        with pytest.raises(ValidationError, match="empty or too small"):
            service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                                      handover.handing_rep_id, strokes)
    with pytest.raises(ValidationError, match="outside the signing area"):
        service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                                  handover.handing_rep_id, [[[5000, 10], [10, 10]]])


def test_only_the_recorded_person_signs_for_a_party_and_signing_again_replaces(world):
    handover = start_handover(world)
    service = world.context.handovers
    strokes = [[list(p) for p in stroke] for stroke in synthetic_signature(2)]
    with pytest.raises(ValidationError, match="not recorded as that party"):
        service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                                  handover.receiving_rep_id, strokes)
    first = service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                                      handover.handing_rep_id, strokes).value
    second = service.capture_signature(world.officer, handover.id, SignatureParty.HANDING,
                                       handover.handing_rep_id, strokes).value
    assert first.id == second.id
    parts = service.parts(handover.id)
    assert set(parts.signatures) == {SignatureParty.HANDING}
    image = world.context.attachments.data(parts.signatures[SignatureParty.HANDING].image_sha256)
    assert image.startswith(b"\x89PNG")


def test_an_amendment_changes_signed_answers_by_amend_revisions(world):
    handover = start_handover(world)
    answer_all(world, handover)
    sign_all(world, handover)
    service = world.context.handovers
    service.finalize(world.officer, handover.id)
    service.transition(world.officer, handover.id, HandoverState.AMENDED, "Item 2 was wrong")
    response = service.parts(handover.id).responses["item-02"]
    service.answer(world.officer, response.replace(answer=ItemAnswer.NOT_DONE, note="No light"))
    with world.context.database.read() as connection:
        ops = [r.op for r in revisions_of(connection, response.id)]
    assert ops == [Op.PUT, Op.SIGN, Op.AMEND]
    assert service.parts(handover.id).responses["item-02"].answer is ItemAnswer.NOT_DONE
    assert service.finalize(world.officer, handover.id).value.state is HandoverState.SIGNED


def test_a_submitted_inspection_is_amended_with_a_reason_and_the_change_is_shown(world):
    from desktop.domain.diff import field_changes

    service = world.context.inspections
    submitted = service.submit(world.officer, inspection(world, good_answers())).value
    changed = submitted.replace(answers=good_answers() | {"readiness": 2})
    with pytest.raises(ValidationError, match="reason"):
        service.amend(world.officer, changed, "  ")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        service.amend(world.officer, submitted, "no change")
    amended = service.amend(world.officer, changed, "Readiness re-assessed").value
    assert service.load(submitted.id).amend_reason == "Readiness re-assessed"
    diff = field_changes(submitted, amended, ignore=("amend_reason",))
    assert [(c.field, c.before, c.after) for c in diff] == [("answers.readiness", 4, 2)]
    with world.context.database.read() as connection:
        assert [r.op for r in revisions_of(connection, submitted.id)] == [Op.SIGN, Op.AMEND]


def test_an_old_draft_copy_never_writes_over_a_signed_handover(world):
    draft = start_handover(world)
    answer_all(world, draft)
    sign_all(world, draft)
    world.context.handovers.finalize(world.officer, draft.id)
    with pytest.raises(FrozenRecord):
        world.context.handovers.save(world.officer, draft.replace(notes="stale window"))
    with world.context.database.read() as connection:
        stored = load_entity(connection, EntityKind.HANDOVER, draft.id)
        ops = [r.op for r in revisions_of(connection, draft.id)]
    assert stored.state is HandoverState.SIGNED
    assert ops == [Op.PUT, Op.PUT, Op.SIGN]


def test_saving_keeps_the_stored_state(world):
    handover = start_handover(world)
    world.context.handovers.transition(world.officer, handover.id, HandoverState.READY)
    saved = world.context.handovers.save(world.officer, handover.replace(notes="more")).value
    assert saved.state is HandoverState.READY
