import pytest

from desktop.domain.entities import Checkpoint, Handover, Inspection, entity_from_payload
from desktop.domain.enums import CheckpointKind, CheckpointStatus, EntityKind, HandoverState
from desktop.domain.errors import ValidationError
from desktop.domain.ids import uuid7


def checkpoint() -> Checkpoint:
    return Checkpoint(
        uuid7(),
        "RMD-CE-01",
        "سيطرة",
        "Checkpoint",
        uuid7(),
        CheckpointKind.BRIDGE,
        33.1,
        43.2,
        None,
        CheckpointStatus.HELD_BY_HANDING_PARTY,
    )


def test_payload_round_trip_keeps_every_field():
    original = checkpoint()
    payload = original.to_payload()
    assert "id" not in payload
    assert payload["kind"] == "bridge"
    assert entity_from_payload(EntityKind.CHECKPOINT, original.id, payload) == original


def test_tuples_become_lists_and_back():
    handover = Handover(
        uuid7(),
        uuid7(),
        HandoverState.DRAFT,
        "t",
        1,
        uuid7(),
        None,
        None,
        None,
        None,
        ("w1", "w2"),
        None,
        None,
        None,
        180,
        "",
        None,
    )
    payload = handover.to_payload()
    assert payload["witness_ids"] == ["w1", "w2"]
    assert Handover.from_payload(handover.id, payload).witness_ids == ("w1", "w2")


def test_unknown_field_is_refused():
    payload = checkpoint().to_payload() | {"colour": "red"}
    with pytest.raises(ValidationError, match="colour"):
        Checkpoint.from_payload(uuid7(), payload)


def test_missing_field_is_refused():
    payload = checkpoint().to_payload()
    del payload["code"]
    with pytest.raises(ValidationError, match="code"):
        Checkpoint.from_payload(uuid7(), payload)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "castle"), ("latitude", "north"), ("code", 12), ("status", None), ("latitude", True)],
)
def test_wrong_kinds_of_value_are_refused(field, value):
    payload = checkpoint().to_payload() | {field: value}
    with pytest.raises(ValidationError) as caught:
        Checkpoint.from_payload(uuid7(), payload)
    assert caught.value.field == field


def test_time_fields_must_be_utc_text():
    inspection = Inspection(
        uuid7(),
        uuid7(),
        "inspection",
        1,
        uuid7(),
        "2026-01-01T10:00:00Z",
        180,
        None,
        None,
        {},
        (),
        "draft",
    )  # type: ignore[arg-type]
    payload = inspection.to_payload() | {"inspected_at": "01/01/2026"}
    with pytest.raises(ValidationError, match="is not a time"):
        Inspection.from_payload(inspection.id, payload)


def test_enormous_text_is_refused():
    payload = checkpoint().to_payload() | {"name_en": "x" * 5000}
    with pytest.raises(ValidationError, match="longer than"):
        Checkpoint.from_payload(uuid7(), payload)
