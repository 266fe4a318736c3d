"""A supervisor settles a conflict field by field; the conflict ends, the history stays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.entities import Checkpoint
from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.conflicts import DELETED
from desktop.storage.queries import load_entity, record_heads, revisions_of
from tests.support import PASSWORD
from tests.sync.support_sync import Headquarters, Laptop


@pytest.fixture
def conflicted(tmp_path):
    hq = Headquarters(tmp_path)
    one, two = Laptop(hq, "one"), Laptop(hq, "two")
    checkpoint = hq.world.checkpoint
    supervisor_one = one.context.auth.login("supervisor", PASSWORD)
    supervisor_two = two.context.auth.login("supervisor", PASSWORD)
    one.context.places.save_checkpoint(supervisor_one, replace(
        checkpoint, name_en="Name from one", latitude=33.1))
    two.context.places.save_checkpoint(supervisor_two, replace(
        checkpoint, name_en="Name from two", longitude=43.9))
    hq.context.imports.apply(hq.supervisor, [one.export(), two.export()])
    return hq, one, two, checkpoint


def test_the_conflict_shows_both_versions_and_the_fields_that_differ(conflicted):
    hq, one, two, checkpoint = conflicted
    [conflict] = hq.context.conflicts.conflicts()
    assert conflict.record_id == checkpoint.id and conflict.entity is EntityKind.CHECKPOINT
    assert conflict.title == checkpoint.code
    assert {h.device_code for h in conflict.heads} == {one.context.device.short_code,
                                                       two.context.device.short_code}
    assert all(h.author == "Supervisor" for h in conflict.heads)
    assert set(conflict.differing) == {"name_en", "latitude", "longitude"}


def test_choosing_field_by_field_writes_one_merge_and_keeps_the_history(conflicted):
    hq, one, _two, checkpoint = conflicted
    [conflict] = hq.context.conflicts.conflicts()
    by_device = {h.device_code: h for h in conflict.heads}
    from_one = by_device[one.context.device.short_code].rev_id
    other = next(h.rev_id for h in conflict.heads if h.rev_id != from_one)
    hq.context.conflicts.resolve(hq.supervisor, checkpoint.id,
                                 {"name_en": from_one, "latitude": from_one,
                                  "longitude": other}, conflict.head_ids)
    assert hq.context.conflicts.conflicts() == []
    with hq.context.database.read() as connection:
        current = load_entity(connection, EntityKind.CHECKPOINT, checkpoint.id)
        heads = record_heads(connection, checkpoint.id)
        history = revisions_of(connection, checkpoint.id)
    assert isinstance(current, Checkpoint)
    assert (current.name_en, current.latitude, current.longitude) == (
        "Name from one", 33.1, 43.9)
    [merge] = [r for r in history if r.op is Op.MERGE]
    assert heads == [merge.rev_id]
    assert set(merge.parents) == set(conflict.head_ids)  # both versions stay in the history
    assert merge.author_id == hq.supervisor.person_id
    with pytest.raises(NotFound):
        hq.context.conflicts.resolve(hq.supervisor, checkpoint.id, {}, conflict.head_ids)


def test_a_stale_view_an_unknown_version_or_an_officer_writes_nothing(conflicted):
    hq, _one, _two, checkpoint = conflicted
    [conflict] = hq.context.conflicts.conflicts()
    with pytest.raises(ValidationError, match="changed while you were looking"):
        hq.context.conflicts.resolve(hq.supervisor, checkpoint.id, {},
                                     (conflict.head_ids[0],))
    with pytest.raises(ValidationError, match="not one of this record's"):
        hq.context.conflicts.resolve(hq.supervisor, checkpoint.id, {"name_en": "0" * 64},
                                     conflict.head_ids)
    officer = hq.context.auth.login("officer", PASSWORD)
    with pytest.raises(PermissionDenied):
        hq.context.conflicts.resolve(officer, checkpoint.id, {}, conflict.head_ids)
    with pytest.raises(ValidationError, match="not a deletion"):
        hq.context.conflicts.resolve(hq.supervisor, checkpoint.id,
                                     {DELETED: conflict.head_ids[0]}, conflict.head_ids)
    assert len(hq.context.conflicts.conflicts()) == 1


def test_the_merge_travels_back_to_a_laptop_and_ends_the_conflict_there(conflicted):
    hq, one, two, checkpoint = conflicted
    [conflict] = hq.context.conflicts.conflicts()
    hq.context.conflicts.resolve(hq.supervisor, checkpoint.id, {}, conflict.head_ids)
    # The laptop gets the other laptop's edit and the merge through headquarters' bundles.
    supervisor = one.context.auth.login("supervisor", PASSWORD)
    reports = one.context.imports.apply(supervisor, [two.export("-again", full=True),
                                                     hq.bundle("hq-after-merge.taslim")])
    assert [r.outcome for r in reports] == ["imported", "imported"]
    with one.context.database.read() as connection:
        assert len(record_heads(connection, checkpoint.id)) == 1
