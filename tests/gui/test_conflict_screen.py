"""The supervisor's Conflicts page on real databases: headquarters and two laptops that changed
the same checkpoint; the supervisor merges it field by field, or is stopped by a fresh import."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from desktop.domain.entities import Checkpoint
from desktop.domain.enums import EntityKind, Op, Role
from desktop.services.base import Changes
from desktop.services.conflicts import DELETED
from desktop.storage.queries import load_entity, record_heads, revisions_of
from desktop.ui.changes import ChangeNotifier
from desktop.ui.conflicts.model import ConflictColumn
from desktop.ui.conflicts.page import ConflictsPage
from desktop.ui.page_registry import PageContext, build_page
from desktop.ui.pages import NAVIGATION
from tests.gui.test_checkpoints import RecordingForms
from tests.support import PASSWORD
from tests.sync.support_sync import Headquarters, Laptop
from tests.sync.test_conflict_review import conflicted

__all__ = ["conflicted"]  # the fixture: headquarters with one checkpoint in conflict


def make_page(qtbot, hq: Headquarters, notifier: ChangeNotifier | None = None) -> ConflictsPage:
    page = ConflictsPage(PageContext(hq.context, hq.supervisor, notifier or ChangeNotifier(),
                                     RecordingForms()))
    qtbot.addWidget(page)
    page.resize(1200, 860)
    page.show()
    return page


def cell(page: ConflictsPage, row: int, column: ConflictColumn) -> str:
    return str(page.model.data(page.model.index(row, column)) or "")


def test_the_supervisors_navigation_opens_the_conflicts_page(qtbot, conflicted) -> None:
    hq, _one, _two, _checkpoint = conflicted
    entry = next(e for e in NAVIGATION[Role.SUPERVISOR] if e.key == "conflicts")
    page = build_page(entry, PageContext(hq.context, hq.supervisor, ChangeNotifier(),
                                         RecordingForms()))
    qtbot.addWidget(page)
    assert isinstance(page, ConflictsPage)


def test_the_conflict_is_listed_and_shown_side_by_side(qtbot, conflicted) -> None:
    hq, one, two, checkpoint = conflicted
    page = make_page(qtbot, hq)
    assert page.model.rowCount() == 1
    assert cell(page, 0, ConflictColumn.KIND) == "Checkpoint"
    assert cell(page, 0, ConflictColumn.TITLE) == checkpoint.code
    assert cell(page, 0, ConflictColumn.VERSIONS) == "2"
    codes = {one.context.device.short_code, two.context.device.short_code}
    assert set(cell(page, 0, ConflictColumn.LAPTOPS).split(", ")) == codes
    assert not page.empty.isVisible() and page.table.isVisible()

    page.select_row(0)
    comparison = page.comparison
    assert page.detail.isVisible()
    assert set(comparison.version_codes()) == codes and len(comparison.headers) == 2
    header_texts = [h.title.text() for h in comparison.headers]
    assert all(any(code in text for text in header_texts) for code in codes)
    assert all("+03:00" in h.when.text() for h in comparison.headers)  # local time, with offset
    assert all("Supervisor" in h.author.text() for h in comparison.headers)

    # Only the fields that differ, each with one choice per version; the newest is chosen.
    assert comparison.only_differences.isChecked()
    assert set(comparison.shown_fields()) == {"name_en", "latitude", "longitude"}
    newest = comparison.conflict.heads[-1].rev_id
    assert comparison.choices() == dict.fromkeys(("name_en", "latitude", "longitude"), newest)
    assert comparison.cells[("name_en", newest)].property("chosen") is True
    comparison.only_differences.setChecked(False)
    assert comparison.shown_fields() == comparison.conflict.fields
    assert "code" in comparison.shown_fields()
    comparison.only_differences.setChecked(True)
    assert set(comparison.shown_fields()) == {"name_en", "latitude", "longitude"}


def test_choosing_field_by_field_saves_one_merge(qtbot, conflicted) -> None:
    hq, one, two, checkpoint = conflicted
    notifier = ChangeNotifier()
    announced: list[Changes] = []
    notifier.changed.connect(announced.append)
    page = make_page(qtbot, hq, notifier)
    page.select_row(0)
    comparison = page.comparison
    conflict = comparison.conflict
    by_code = {h.device_code: h.rev_id for h in conflict.heads}
    from_one = by_code[one.context.device.short_code]
    from_two = by_code[two.context.device.short_code]
    # The first laptop's name (clicking anywhere on its cell) and the second's longitude.
    name_cell = comparison.cells[("name_en", from_one)]
    qtbot.mouseClick(name_cell.text, Qt.MouseButton.LeftButton)
    assert name_cell.radio.isChecked()
    comparison.choose("longitude", from_two)
    assert comparison.choices()["name_en"] == from_one
    assert comparison.choices()["longitude"] == from_two

    with qtbot.waitSignal(page.resolved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and not page.table.isVisible()
    assert page.empty.text() == "No conflicts: every record has one version."
    assert page.note.isVisible() and page.note.property("tone") == "good"
    assert "merged" in page.note.text.text() and checkpoint.code in page.note.text.text()
    assert announced and EntityKind.CHECKPOINT in announced[-1].entities
    with hq.context.database.read() as connection:
        current = load_entity(connection, EntityKind.CHECKPOINT, checkpoint.id)
        heads = record_heads(connection, checkpoint.id)
        history = revisions_of(connection, checkpoint.id)
    assert isinstance(current, Checkpoint)
    assert (current.name_en, current.longitude) == ("Name from one", 43.9)
    [merge] = [r for r in history if r.op is Op.MERGE]
    assert heads == [merge.rev_id]
    assert set(merge.parents) == {from_one, from_two}
    assert hq.context.conflicts.conflicts() == []


def test_an_import_while_looking_stops_the_save_and_shows_the_record_again(
        qtbot, conflicted) -> None:
    hq, _one, _two, checkpoint = conflicted
    three = Laptop(hq, "three")  # given headquarters' data (with the conflict) when enrolled
    page = make_page(qtbot, hq)
    page.select_row(0)
    looked_at = page.comparison.conflict.head_ids
    assert len(looked_at) == 2

    supervisor = three.context.auth.login("supervisor", PASSWORD)
    three.context.places.save_checkpoint(supervisor, replace(
        checkpoint, name_en="Name from three"))
    hq.context.imports.apply(hq.supervisor, [three.export()])
    with hq.context.database.read() as connection:
        before = revisions_of(connection, checkpoint.id)

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    assert page.note.isVisible() and page.note.property("tone") == "error"
    assert "changed while you were looking at it" in page.note.text.text()
    with hq.context.database.read() as connection:
        assert revisions_of(connection, checkpoint.id) == before  # nothing written
        assert not any(r.op is Op.MERGE for r in before)
    # The record is shown again, as it is now.
    assert page.model.rowCount() == 1
    assert page.comparison.conflict.head_ids != looked_at
    assert len(page.comparison.headers) == len(hq.context.conflicts.conflict(
        checkpoint.id).heads)
    three.context.close()


def test_a_deleted_version_offers_to_keep_the_deletion(qtbot, tmp_path) -> None:
    hq = Headquarters(tmp_path)
    one, two = Laptop(hq, "one"), Laptop(hq, "two")
    checkpoint = hq.world.checkpoint
    one.context.places.save_checkpoint(one.context.auth.login("supervisor", PASSWORD),
                                       replace(checkpoint, name_en="Name from one"))
    _delete(two, checkpoint)
    hq.context.imports.apply(hq.supervisor, [one.export(), two.export()])
    page = make_page(qtbot, hq)
    page.select_row(0)
    comparison = page.comparison
    [deleted] = [h for h in comparison.headers if h.head.deleted]
    assert deleted.keep_deletion is not None and deleted.keep_deletion.isVisible()
    assert "Deleted on this laptop" in [label.text() for label in deleted.findChildren(
        type(deleted.title))]
    # Only the deletion differs: every field is shown, the values of the version that kept it.
    assert not comparison.only_differences.isEnabled()
    assert comparison.shown_fields() == comparison.conflict.fields
    assert deleted.newest.isVisible()  # the deletion came last
    assert comparison.choices() == {}  # keeping the record is the default; deleting is chosen
    comparison.keep_deletion(deleted.head.rev_id)
    assert comparison.choices() == {DELETED: deleted.head.rev_id}
    assert "deleted when you save" in comparison.summary.text()
    with qtbot.waitSignal(page.resolved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    with hq.context.database.read() as connection:
        assert load_entity(connection, EntityKind.CHECKPOINT, checkpoint.id) is None
    assert page.model.rowCount() == 0


def test_the_list_follows_announced_changes_and_says_when_there_is_nothing(
        qtbot, conflicted) -> None:
    hq, _one, _two, checkpoint = conflicted
    notifier = ChangeNotifier()
    page = make_page(qtbot, hq, notifier)
    assert page.model.rowCount() == 1
    [conflict] = hq.context.conflicts.conflicts()
    outcome = hq.context.conflicts.resolve(hq.supervisor, checkpoint.id, {}, conflict.head_ids)
    notifier.announce(outcome.changes)  # e.g. settled from another window
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    assert not page.save_button.isVisible()


def _delete(laptop: Laptop, checkpoint: Checkpoint) -> None:
    """A deletion as the storage layer writes it (no screen deletes checkpoints yet)."""
    from desktop.domain.permissions import Action
    from desktop.storage.revision_log import Draft

    store = laptop.context.store
    session = laptop.context.auth.login("supervisor", PASSWORD)
    with store.change(session, Action.RESOLVE_CONFLICT) as changes:
        changes.drafts.append(Draft(checkpoint.id, EntityKind.CHECKPOINT, Op.DELETE, None))
