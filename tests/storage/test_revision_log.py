"""The revision log: append-only, content-addressed, chained, and order-independent."""

import itertools
import json
import random
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.domain.canonical import canonical_text
from desktop.domain.entities import ChecklistResponse, Handover, Inspection
from desktop.domain.enums import EntityKind, HandoverState, InspectionState, ItemAnswer, Op
from desktop.domain.errors import FrozenRecord
from desktop.domain.ids import uuid7
from desktop.domain.revision import winner_key
from desktop.signing.device_keys import verify_signature
from desktop.storage.engine import open_database
from desktop.storage.queries import iter_revisions, load_entity, record_heads, revisions_of
from desktop.storage.revision_log import ingest
from tests.support import World, make_context, table_dump

DERIVED_TABLES = [
    "revision",
    "record",
    "conflict_head",
    "district",
    "unit",
    "checkpoint",
    "person",
    "account",
    "device",
    "inspection",
    "handover",
    "checklist_response",
    "equipment_line",
    "attachment",
]


def all_revisions(context):
    with context.database.read() as connection:
        return list(iter_revisions(connection))


def ingest_all(context, revisions):
    with context.database.write() as connection:
        ingest(connection, revisions)


def new_inspection(world, checkpoint_id):
    return Inspection(
        uuid7(),
        checkpoint_id,
        "inspection",
        1,
        world.officer.person_id,
        "2026-02-01T09:00:00Z",
        180,
        None,
        None,
        {"readiness": 3},
        (),
        InspectionState.DRAFT,
    )


@pytest.fixture(scope="module")
def two_devices(tmp_path_factory):
    """Two laptops that share a start, then edit the same and different records apart."""
    root = tmp_path_factory.mktemp("devices")
    laptop_a = make_context(root, "a.db")
    world = World(laptop_a)
    laptop_b = make_context(root, "b.db")
    ingest_all(laptop_b, all_revisions(laptop_a))

    # Concurrent edits of the same checkpoint on both laptops: a conflict.
    laptop_a.places.save_checkpoint(world.supervisor, world.checkpoint.replace(name_en="A name"))
    laptop_b.places.save_checkpoint(world.supervisor, world.checkpoint.replace(name_en="B name"))
    # Different records on each laptop: no conflict.
    handover = Handover(
        uuid7(),
        world.checkpoint.id,
        HandoverState.DRAFT,
        "handover-checklist",
        1,
        world.officer.person_id,
        None,
        None,
        None,
        None,
        (),
        None,
        None,
        None,
        180,
        "",
        None,
    )
    laptop_a.handovers.save(world.officer, handover)
    laptop_a.handovers.answer(
        world.officer, ChecklistResponse(uuid7(), handover.id, "item-01", ItemAnswer.DONE, "", ())
    )
    inspection = new_inspection(world, world.checkpoint.id)
    laptop_b.inspections.save_draft(world.officer, inspection)
    with laptop_b.store.change(None, None) as changes:
        changes.sign(inspection.replace(state=InspectionState.SUBMITTED))
    with laptop_b.store.change(None, None) as changes:
        changes.delete(EntityKind.UNIT, world.council.id)
    union = {r.rev_id: r for r in all_revisions(laptop_a) + all_revisions(laptop_b)}
    yield world, laptop_a, laptop_b, list(union.values())
    laptop_a.close()
    laptop_b.close()


def merged_database(revisions, order_seed, chunk_sizes):
    """A fresh database holding the revisions, inserted in a shuffled order in several imports."""
    shuffled = list(revisions)
    random.Random(order_seed).shuffle(shuffled)
    folder = Path(tempfile.mkdtemp(prefix="merge-"))
    database = open_database(folder / "merged.db", create=True)
    start, index = 0, 0
    while start < len(shuffled):
        size = chunk_sizes[index % len(chunk_sizes)]
        with database.write() as connection:
            ingest(connection, shuffled[start : start + size])
        start, index = start + size, index + 1
    database.close()
    return folder / "merged.db"


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order_seed=st.integers(0, 2**32 - 1),
    chunk_sizes=st.lists(st.integers(1, 40), min_size=1, max_size=5),
)
def test_derived_state_is_the_same_whatever_the_insertion_order(
    two_devices, order_seed, chunk_sizes
):
    *_ignored, revisions = two_devices
    reference = table_dump(merged_database(revisions, 0, [len(revisions)]), DERIVED_TABLES)
    shuffled = table_dump(merged_database(revisions, order_seed, chunk_sizes), DERIVED_TABLES)
    assert shuffled == reference


def test_concurrent_edits_are_a_conflict_with_a_deterministic_winner(two_devices):
    world, _a, _b, revisions = two_devices
    database = open_database(merged_database(revisions, 7, [5]))
    with database.read() as connection:
        heads = record_heads(connection, world.checkpoint.id)
        assert len(heads) == 2
        head_revisions = [r for r in revisions if r.rev_id in heads]
        expected = max(head_revisions, key=winner_key)
        shown = load_entity(connection, EntityKind.CHECKPOINT, world.checkpoint.id)
        assert shown.name_en == expected.payload_object()["name_en"]
        conflicts = (
            connection.execute(text("SELECT record_id FROM record WHERE head_count > 1"))
            .scalars()
            .all()
        )
        assert conflicts == [world.checkpoint.id]
    database.close()


def test_a_tombstone_removes_the_current_row_and_keeps_the_history(two_devices):
    world, _a, laptop_b, _revisions = two_devices
    with laptop_b.database.read() as connection:
        assert load_entity(connection, EntityKind.UNIT, world.council.id) is None
        history = revisions_of(connection, world.council.id)
        assert [r.op for r in history] == [Op.PUT, Op.DELETE]
        deleted = connection.execute(
            text("SELECT deleted FROM record WHERE record_id = :id"), {"id": world.council.id}
        ).scalar_one()
        assert deleted == 1


def test_reingesting_the_same_revisions_changes_nothing(two_devices, tmp_path):
    *_ignored, revisions = two_devices
    path = merged_database(revisions, 3, [17])
    before = table_dump(path, DERIVED_TABLES)
    database = open_database(path)
    with database.write() as connection:
        result = ingest(connection, revisions)
    database.close()
    assert (result.new, result.present) == (0, len(revisions))
    assert table_dump(path, DERIVED_TABLES) == before


def test_each_device_chains_its_revisions_and_signs_them(two_devices):
    _world, laptop_a, _b, _revisions = two_devices
    with laptop_a.database.read() as connection:
        mine = [r for r in iter_revisions(connection) if r.device_id == laptop_a.device.device_id]
    assert [r.device_seq for r in mine] == list(range(1, len(mine) + 1))
    assert mine[0].prev_hash is None
    for previous, revision in itertools.pairwise(mine):
        assert revision.prev_hash == previous.rev_id
    for revision in mine:
        assert revision.expected_id() == revision.rev_id
        assert verify_signature(
            laptop_a.device.public_key, revision.signature, bytes.fromhex(revision.rev_id)
        )
    forged = mine[-1]
    assert not verify_signature(
        laptop_a.device.public_key, forged.signature, bytes.fromhex(mine[0].rev_id)
    )


def test_an_edited_payload_no_longer_matches_its_id(two_devices):
    *_ignored, revisions = two_devices
    revision = next(r for r in revisions if r.entity is EntityKind.CHECKPOINT)
    from dataclasses import replace

    edited = replace(revision, payload=revision.payload.replace("Demo", "Fake"))
    assert edited.expected_id() != edited.rev_id


def test_revisions_cannot_be_updated_or_deleted(tmp_path):
    context = make_context(tmp_path)
    world = World(context)
    context.places.save_checkpoint(world.supervisor, world.checkpoint.replace(name_en="Edited"))
    with pytest.raises(IntegrityError, match="append-only"), context.database.write() as connection:
        connection.execute(text("UPDATE revision SET payload = '{}'"))
    with pytest.raises(IntegrityError, match="append-only"), context.database.write() as connection:
        connection.execute(text("DELETE FROM revision"))
    context.close()
    raw = sqlite3.connect(tmp_path / "t.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE revision SET op = 'put' WHERE op = 'put'")
    raw.close()


def test_a_signed_record_is_frozen_and_only_an_amendment_follows(tmp_path):
    context = make_context(tmp_path)
    world = World(context)
    inspection = new_inspection(world, world.checkpoint.id)
    with context.store.change(None, None) as changes:
        changes.sign(inspection.replace(state=InspectionState.SUBMITTED))
    with pytest.raises(FrozenRecord, match="amendment"), context.store.change(None, None) as c:
        c.put(inspection.replace(answers={"readiness": 1}))
    with pytest.raises(FrozenRecord), context.store.change(None, None) as changes:
        changes.delete(EntityKind.INSPECTION, inspection.id)
    with context.store.change(None, None) as changes:
        changes.amend(inspection.replace(answers={"readiness": 2}, state=InspectionState.SUBMITTED))
    with context.database.read() as connection:
        history = revisions_of(connection, inspection.id)
        assert [r.op for r in history] == [Op.SIGN, Op.AMEND]
        assert history[1].parents == (history[0].rev_id,)
        assert load_entity(connection, EntityKind.INSPECTION, inspection.id).answers == {
            "readiness": 2
        }
    context.close()


def test_a_failed_unit_of_work_writes_nothing(tmp_path):
    context = make_context(tmp_path)
    world = World(context)
    before = table_dump(tmp_path / "t.db", DERIVED_TABLES)
    with pytest.raises(RuntimeError), context.store.change(None, None) as changes:
        changes.put(world.checkpoint.replace(name_en="half-written"))
        raise RuntimeError("power cut in the middle")
    assert table_dump(tmp_path / "t.db", DERIVED_TABLES) == before
    context.close()


def test_revisions_of_finds_every_revision_of_each_record(two_devices):
    """revisions_of finds exactly what a scan of the revision table finds, for every record,
    oldest clock first."""
    *_ignored, revisions = two_devices
    path = merged_database(revisions, 3, [4, 9])
    raw = sqlite3.connect(path)
    by_scan: dict[str, list[str]] = {}
    for record_id, rev_id in raw.execute("SELECT record_id, rev_id FROM revision"):
        by_scan.setdefault(record_id, []).append(rev_id)
    raw.close()
    assert any(len(found) > 1 for found in by_scan.values())
    database = open_database(path)
    with database.read() as connection:
        for record_id, expected in by_scan.items():
            found = revisions_of(connection, record_id)
            assert sorted(r.rev_id for r in found) == sorted(expected), record_id
            assert [r.hlc for r in found] == sorted(r.hlc for r in found)
    database.close()


@pytest.mark.parametrize("parents", [
    [], ["a" * 64], sorted(["f" * 64, "0" * 64]), ['x","y'], ["back\\slash"], ["عربي", "z"],
])
def test_stored_parents_read_back_as_written(parents):
    from desktop.storage.derive import _parents
    from desktop.storage.revision_rows import parents_text

    text = parents_text(tuple(parents))
    assert text == canonical_text(sorted(parents))
    assert list(_parents(text)) == json.loads(text) == sorted(parents)
