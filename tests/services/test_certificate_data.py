"""Assembling a certificate's data from a finalized handover."""

from dataclasses import replace

import pytest

from desktop.domain.certificate import CertificateKind
from desktop.domain.entities import ChecklistResponse, EquipmentLine, Person
from desktop.domain.enums import EquipmentCondition, HandoverState, ItemAnswer
from desktop.domain.errors import ValidationError
from desktop.domain.ids import uuid7
from desktop.services.certificate_data import CertificateAssembler, format_serial, parse_serial
from tests.services.test_records import sign_all, start_handover
from tests.support import World, make_context


@pytest.fixture
def world(tmp_path):
    context = make_context(tmp_path)
    yield World(context)
    context.close()


def finalized(world, not_done=(5, 12)):
    handover = start_handover(
        world, assumed_duty_at="2026-03-01T10:00:00Z", departure_at="2026-03-01T09:15:00Z"
    )
    for item in world.context.templates.checklist.items:
        answer = ItemAnswer.NOT_DONE if item.number in not_done else ItemAnswer.DONE
        world.context.handovers.answer(
            world.officer,
            ChecklistResponse(uuid7(), handover.id, item.key, answer, f"note {item.number}", ()),
        )
    world.context.handovers.save_equipment(
        world.officer,
        EquipmentLine(uuid7(), handover.id, "Radio sets", 6, ("SN-1",), EquipmentCondition.GOOD),
    )
    sign_all(world, handover)
    world.context.handovers.finalize(world.officer, handover.id)
    return handover


def test_serials_carry_the_device_code_and_parse_back():
    assert format_serial("R07", 2026, 123) == "ANB-R07-2026-000123"
    assert parse_serial("ANB-R07-2026-000123") == ("R07", 2026, 123)
    with pytest.raises(ValidationError, match="not a certificate serial"):
        parse_serial("ANB-R07-26-1")
    with pytest.raises(ValueError):
        format_serial("R07", 2026, 1_000_000)


def test_a_finalized_handover_gives_every_part_of_the_certificate(world):
    handover = finalized(world)
    assembler = CertificateAssembler(world.context.store, world.context.templates.checklist)
    clerk = Person(uuid7(), "الكاتب", "Clerk", "Captain", "77", None)
    data = assembler.assemble(
        world.context.handovers.parts(handover.id),
        serial="ANB-R07-2026-000001",
        clerk=clerk,
        device_code="R07",
        utc_offset_minutes=180,
    )
    assert data.kind is CertificateKind.ORIGINAL
    assert data.checkpoint_code == "RMD-CE-01" and data.district_en == "Ramadi"
    assert data.handing.unit_en == "Demo Army Brigade 1"
    assert data.receiving.representative.name_en == "Receiving rep"
    assert [w.name_en for w in data.witnesses] == ["Witness"]
    assert data.gap_minutes == 45
    assert (data.checklist_total, data.checklist_done) == (18, 16)
    assert [(e.number, e.note) for e in data.exceptions] == [(5, "note 5"), (12, "note 12")]
    assert [(e.item, e.quantity) for e in data.equipment] == [("Radio sets", 6)]
    assert {s.party for s in data.signatures} == {"handing", "receiving", "witness"}
    assert len(data.content_hash()) == 64
    json_data = data.to_json()
    assert json_data["serial"] == "ANB-R07-2026-000001" and json_data["format"] == 1


def test_the_content_hash_ignores_copy_and_void_marks_but_not_content(world):
    handover = finalized(world)
    assembler = CertificateAssembler(world.context.store, world.context.templates.checklist)
    clerk = Person(uuid7(), "الكاتب", "Clerk", "Captain", "77", None)
    parts = world.context.handovers.parts(handover.id)
    original = assembler.assemble(
        parts, serial="ANB-R07-2026-000001", clerk=clerk, device_code="R07", utc_offset_minutes=180
    )
    copy = replace(original, kind=CertificateKind.COPY, copy_number=2)
    assert copy.content_hash() == original.content_hash()
    assert replace(original, gap_minutes=5).content_hash() != original.content_hash()


def test_a_draft_handover_cannot_be_certified(world):
    handover = start_handover(world)
    assembler = CertificateAssembler(world.context.store, world.context.templates.checklist)
    clerk = Person(uuid7(), "الكاتب", "Clerk", "Captain", "77", None)
    with pytest.raises(ValidationError, match="finalized"):
        assembler.assemble(
            world.context.handovers.parts(handover.id),
            serial="ANB-R07-2026-000001",
            clerk=clerk,
            device_code="R07",
            utc_offset_minutes=180,
        )
    assert world.context.handovers.parts(handover.id).handover.state is HandoverState.DRAFT
