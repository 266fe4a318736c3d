"""The checkpoints screen on a real database: SQL filters and sorting, the lazy row cache,
refreshing from the change notifier, and the history pane with its buttons."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.entities import Checkpoint, District
from desktop.domain.enums import CheckpointKind, CheckpointStatus, EntityKind
from desktop.domain.ids import uuid7
from desktop.i18n import _
from desktop.services.base import Changes
from desktop.storage.checkpoint_list import CheckpointFilter
from desktop.ui import checkpoints as checkpoints_package
from desktop.ui.changes import ChangeNotifier
from desktop.ui.checkpoints.model import ID_ROLE, CheckpointTableModel, Column
from desktop.ui.checkpoints.page import WIDE_PAGE, CheckpointsPage
from desktop.ui.language import apply_language
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.display import TypingFilter
from tests.domain.test_templates import good_answers
from tests.services.test_records import inspection, start_handover
from tests.support import World, make_context


class RecordingForms:
    """Stands in for the navigation to the forms (which other screens build): records calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def open_inspection(self, parent: Any, **kwargs: Any) -> None:
        self.calls.append(("inspection", kwargs))

    def open_handover(self, parent: Any, **kwargs: Any) -> None:
        self.calls.append(("handover", kwargs))


class Place:
    """The world of tests.support plus a second district and two more checkpoints."""

    def __init__(self, world: World) -> None:
        self.world = world
        context, supervisor = world.context, world.supervisor
        self.fallujah = District(uuid7(), "FLJ", "الفلوجة", "Fallujah")
        context.places.save_district(supervisor, self.fallujah)
        self.ramadi_gate = world.checkpoint  # RMD-CE-01, city entrance, held by the army
        self.amir_bridge = Checkpoint(
            uuid7(), "FLJ-BR-01", "سيطرة جسر الأمير", "Al-Amir bridge checkpoint",
            self.fallujah.id, CheckpointKind.BRIDGE, 33.35, 43.78, world.police.id,
            CheckpointStatus.HANDED_OVER)
        self.highway = Checkpoint(
            uuid7(), "RMD-HW-02", "سيطرة الطريق الخارجي", "Ramadi highway checkpoint 2",
            world.district.id, CheckpointKind.HIGHWAY, None, None, None,
            CheckpointStatus.HANDOVER_IN_PROGRESS)
        for checkpoint in (self.amir_bridge, self.highway):
            context.places.save_checkpoint(supervisor, checkpoint)
        self.inspect(self.ramadi_gate, "2026-03-01T08:00:00Z")
        self.inspect(self.amir_bridge, "2026-05-10T06:30:00Z")
        # The highway checkpoint is never inspected.

    def inspect(self, checkpoint: Checkpoint, when: str) -> Any:
        record = inspection(self.world, good_answers()).replace(
            checkpoint_id=checkpoint.id, inspected_at=when)
        return self.world.context.inspections.submit(self.world.officer, record)


@pytest.fixture
def place(tmp_path: Path) -> Iterator[Place]:
    context = make_context(tmp_path)
    yield Place(World(context))
    context.close()


@pytest.fixture
def forms() -> RecordingForms:
    return RecordingForms()


@pytest.fixture
def page(qtbot, place: Place, forms: RecordingForms) -> CheckpointsPage:
    world = place.world
    made = checkpoints_package.create_page(
        PageContext(world.context, world.officer, ChangeNotifier(), forms))
    assert isinstance(made, CheckpointsPage)
    qtbot.addWidget(made)
    made.resize(1100, 700)
    made.show()
    return made


def database_file(place: Place) -> Path:
    return Path(place.world.context.database.path)


def independent(place: Place, sql: str) -> list[Any]:
    """Ask the database file directly, not through the code under test."""
    connection = sqlite3.connect(database_file(place))
    try:
        return [row[0] for row in connection.execute(sql)]
    finally:
        connection.close()


def column_texts(model: CheckpointTableModel, column: Column) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, one key event a character (QTest.keyClicks is Latin-1 only)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, character))


def type_filter(qtbot, page: CheckpointsPage, text: str, expected: list[str]) -> None:
    page.search.clear()
    type_text(page.search, text)
    assert page.search.text() == text
    qtbot.waitUntil(lambda: page.model.ids() == expected)


def test_every_checkpoint_is_listed_by_code_with_its_columns(page: CheckpointsPage,
                                                             place: Place) -> None:
    model = page.model
    assert column_texts(model, Column.CODE) == independent(
        place, "SELECT code FROM checkpoint ORDER BY code")
    row = model.row_of(place.amir_bridge.id)
    assert row is not None
    texts = {column: model.index(row, column).data() for column in Column}
    assert texts == {
        Column.CODE: "FLJ-BR-01",
        Column.NAME: "Al-Amir bridge checkpoint",
        Column.DISTRICT: "Fallujah",
        Column.KIND: "Bridge",
        Column.HOLDER: "Demo Police Battalion 1",
        Column.STATUS: "Handed over",
        Column.LAST_INSPECTION: "2026-05-10",
    }
    highway = model.row_of(place.highway.id)
    assert model.index(highway, Column.LAST_INSPECTION).data() == "Never"
    assert model.index(highway, Column.HOLDER).data() == "Nobody recorded"
    assert page.count.text() == "3 checkpoints"
    assert not model.index(row, Column.STATUS).data(Qt.ItemDataRole.DecorationRole).isNull()
    # Opening the screen shows the first checkpoint's history, not an empty pane.
    assert page.detail.checkpoint_id == model.ids()[0]
    assert page.table.currentIndex().row() == 0


def test_arabic_typed_without_hamza_finds_the_name_with_hamza(qtbot, page: CheckpointsPage,
                                                              place: Place) -> None:
    type_filter(qtbot, page, "جسر الامير", [place.amir_bridge.id])  # the name has الأمير
    assert page.count.text() == "1 checkpoint"
    type_filter(qtbot, page, "ramadi", [place.ramadi_gate.id, place.highway.id])
    type_filter(qtbot, page, "rmd-hw", [place.highway.id])
    type_filter(qtbot, page, "police battalion", [place.amir_bridge.id])  # the holder's name
    type_filter(qtbot, page, "nothing like this", [])
    assert page.count.text() == "0 checkpoints"


def test_district_kind_and_status_filters(page: CheckpointsPage, place: Place) -> None:
    def choose(box: Any, value: str | None) -> None:
        box.setCurrentIndex(box.findData(value))

    choose(page.district, place.fallujah.id)
    assert page.model.ids() == [place.amir_bridge.id]
    choose(page.district, None)
    choose(page.kind, CheckpointKind.HIGHWAY.value)
    assert page.model.ids() == [place.highway.id]
    choose(page.kind, None)
    choose(page.status, CheckpointStatus.HELD_BY_HANDING_PARTY.value)
    assert page.model.ids() == [place.ramadi_gate.id]
    choose(page.district, place.world.district.id)  # filters combine
    assert page.model.ids() == [place.ramadi_gate.id]
    choose(page.status, None)
    assert page.model.ids() == [place.ramadi_gate.id, place.highway.id]
    assert page.district.itemText(0) == "All districts"


def test_sorting_by_last_inspection_is_sql_and_keeps_the_chosen_checkpoint(
    page: CheckpointsPage, place: Place
) -> None:
    assert page.select_checkpoint(place.ramadi_gate.id)
    page.table.sortByColumn(Column.LAST_INSPECTION, Qt.SortOrder.DescendingOrder)
    inspected = independent(place, "SELECT checkpoint_id FROM inspection GROUP BY checkpoint_id "
                                   "ORDER BY max(inspected_at) DESC")
    assert page.model.ids() == [*inspected, place.highway.id]  # never inspected: last
    assert page.model.ids()[0] == place.amir_bridge.id
    current = page.table.currentIndex()
    assert current.data(ID_ROLE) == place.ramadi_gate.id  # the selection followed its row
    assert page.detail.checkpoint_id == place.ramadi_gate.id
    page.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert column_texts(page.model, Column.NAME) == independent(
        place, "SELECT name_en FROM checkpoint ORDER BY name_en")


def test_rows_are_fetched_in_blocks_only_when_the_view_asks(
    monkeypatch: pytest.MonkeyPatch, place: Place
) -> None:
    monkeypatch.setattr(CheckpointTableModel, "BLOCK", 2)
    model = CheckpointTableModel(place.world.context.checkpoints, language="en", stale_days=14)
    assert model.rowCount() == 3
    assert model.cached_ids() == set() and model.row_queries == 0
    assert model.index(0, Column.CODE).data(ID_ROLE) == model.ids()[0]  # the id costs no query
    assert model.row_queries == 0
    assert model.index(0, Column.NAME).data() == "Al-Amir bridge checkpoint"
    assert model.cached_ids() == set(model.ids()[:2]) and model.row_queries == 1
    model.index(1, Column.CODE).data()
    assert model.row_queries == 1  # same block
    model.index(2, Column.CODE).data()
    assert model.cached_ids() == set(model.ids()) and model.row_queries == 2
    model.set_filter(CheckpointFilter(text="ramadi"))
    assert model.cached_ids() == set() and model.rowCount() == 2


def test_stale_and_never_inspected_checkpoints_are_red(place: Place) -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    model = CheckpointTableModel(place.world.context.checkpoints, language="en", stale_days=14,
                                 now=lambda: now)
    red = Qt.ItemDataRole.ForegroundRole

    def colour(checkpoint: Checkpoint) -> Any:
        return model.index(model.row_of(checkpoint.id), Column.LAST_INSPECTION).data(red)

    assert colour(place.ramadi_gate) is None  # nine days ago
    assert colour(place.highway) is not None  # never
    later = CheckpointTableModel(place.world.context.checkpoints, language="en", stale_days=14,
                                 now=lambda: datetime(2026, 3, 20, tzinfo=UTC))
    index = later.index(later.row_of(place.ramadi_gate.id), Column.LAST_INSPECTION)
    assert index.data(red) is not None
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Not inspected for more than 14 days"


def test_a_rename_by_the_supervisor_updates_only_that_row(page: CheckpointsPage,
                                                          place: Place) -> None:
    model = page.model
    column_texts(model, Column.NAME)  # everything on screen is cached
    resets, queries = model.resets, model.row_queries
    world = place.world
    renamed = place.highway.replace(name_en="Ramadi western highway checkpoint")
    outcome = world.context.places.save_checkpoint(world.supervisor, renamed)
    page._page_context.notifier.announce(outcome.changes)
    assert model.resets == resets  # no reset: the order and the filter did not change
    assert model.cached_ids() == {place.ramadi_gate.id, place.amir_bridge.id}
    row = model.row_of(place.highway.id)
    assert model.index(row, Column.NAME).data() == "Ramadi western highway checkpoint"
    assert model.row_queries == queries + 1


def test_a_new_inspection_updates_the_row_and_the_history_without_a_reset(
    page: CheckpointsPage, place: Place
) -> None:
    model = page.model
    page.select_checkpoint(place.highway.id)
    row = model.row_of(place.highway.id)
    assert model.index(row, Column.LAST_INSPECTION).data() == "Never"
    assert page.detail.inspections.rowCount() == 0
    resets, id_queries = model.resets, model.id_queries
    outcome = place.inspect(place.highway, "2026-06-01T07:00:00Z")
    page._page_context.notifier.announce(outcome.changes)
    assert model.index(row, Column.LAST_INSPECTION).data() == "2026-06-01"
    assert (model.resets, model.id_queries) == (resets, id_queries)  # sorted by code: no reorder
    assert page.detail.inspections.rowCount() == 1


def test_a_new_inspection_reorders_a_list_sorted_by_last_inspection(page: CheckpointsPage,
                                                                    place: Place) -> None:
    model = page.model
    page.table.sortByColumn(Column.LAST_INSPECTION, Qt.SortOrder.DescendingOrder)
    page.select_checkpoint(place.ramadi_gate.id)
    assert model.ids()[0] == place.amir_bridge.id
    resets = model.resets
    outcome = place.inspect(place.ramadi_gate, "2026-07-01T07:00:00Z")
    page._page_context.notifier.announce(outcome.changes)
    assert model.ids()[0] == place.ramadi_gate.id  # now the most recently inspected
    assert model.resets == resets  # same rows, new order: a layout change
    assert page.table.currentIndex().data(ID_ROLE) == place.ramadi_gate.id
    assert page.table.currentIndex().row() == 0


def test_a_new_checkpoint_appears_and_the_chosen_one_stays_chosen(page: CheckpointsPage,
                                                                   place: Place) -> None:
    page.select_checkpoint(place.highway.id)
    world = place.world
    added = place.highway.replace(id=uuid7(), code="AAA-01", name_en="First by code")
    outcome = world.context.places.save_checkpoint(world.supervisor, added)
    page._page_context.notifier.announce(outcome.changes)
    assert page.model.ids()[0] == added.id
    assert page.count.text() == "4 checkpoints"
    assert page.table.currentIndex().data(ID_ROLE) == place.highway.id
    # A change to something this screen does not show costs nothing.
    before = page.model.row_queries, page.model.resets
    page._page_context.notifier.announce(Changes(frozenset({"x"}),
                                                 frozenset({EntityKind.ACCOUNT})))
    assert (page.model.row_queries, page.model.resets) == before


def test_the_detail_pane_shows_inspections_handovers_and_a_gap(
    qtbot, page: CheckpointsPage, place: Place, forms: RecordingForms
) -> None:
    world = place.world
    handover = start_handover(world, assumed_duty_at="2026-03-01T09:30:00Z",
                              departure_at="2026-03-01T08:45:00Z")
    page.select_checkpoint(place.ramadi_gate.id)
    detail = page.detail
    assert detail.stack.currentIndex() == detail.DETAIL
    assert detail.title.text() == "RMD-CE-01 — Demo checkpoint 1"
    assert detail.other_name.text() == "سيطرة تجريبية"
    assert detail.fields["district"].text() == "Ramadi"
    assert detail.fields["holder"].text() == "Demo Army Brigade 1"
    assert detail.fields["coordinates"].text() == "33.40000, 43.30000"
    assert detail.tabs.tabText(0) == "Inspections (1)"
    assert detail.tabs.tabText(1) == "Handovers (1)"
    assert detail.inspection_summary.text() == "1 inspection, newest first."
    when = detail.inspections.index(0, 0).data()
    assert when == "2026-03-01 11:00 +03:00"  # recorded at 08:00 UTC in Baghdad
    gap = detail.handovers.index(0, 3)
    assert gap.data() == "Gap of 45 minutes"
    assert gap.data(Qt.ItemDataRole.ForegroundRole) is not None  # red
    assert detail.certificates_text.text() == "No certificates are issued on this laptop yet."

    qtbot.mouseClick(detail.new_inspection_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.start_handover_button, Qt.MouseButton.LeftButton)
    detail.tabs.setCurrentIndex(1)
    double_click(qtbot, detail.handover_table, detail.handovers.index(0, 0))
    detail.tabs.setCurrentIndex(0)
    double_click(qtbot, detail.inspection_table, detail.inspections.index(0, 0))
    inspection_id = independent(place, "SELECT id FROM inspection WHERE checkpoint_id = '"
                                       + place.ramadi_gate.id + "'")[0]
    assert forms.calls == [
        ("inspection", {"checkpoint_id": place.ramadi_gate.id}),
        ("handover", {"checkpoint_id": place.ramadi_gate.id}),
        ("handover", {"handover_id": handover.id}),
        ("inspection", {"inspection_id": inspection_id}),
    ]


def test_filtering_out_the_chosen_checkpoint_empties_the_pane(qtbot, page: CheckpointsPage,
                                                              place: Place) -> None:
    page.select_checkpoint(place.highway.id)
    assert page.detail.stack.currentIndex() == page.detail.DETAIL
    type_filter(qtbot, page, "FLJ", [place.amir_bridge.id])
    assert page.detail.stack.currentIndex() == page.detail.EMPTY
    assert page.detail.tabs.tabText(0)  # built, just not shown


def test_the_screen_reads_right_to_left_in_arabic(qtbot, place: Place,
                                                  forms: RecordingForms) -> None:
    apply_language("ar")
    try:
        world = place.world
        page = CheckpointsPage(PageContext(world.context, world.officer, ChangeNotifier(), forms))
        qtbot.addWidget(page)
        page.show()
        assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
        model = page.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
        assert headers[:2] == ["الرمز", "الاسم"]
        row = model.row_of(place.amir_bridge.id)
        assert model.index(row, Column.NAME).data() == "سيطرة جسر الأمير"
        assert model.index(row, Column.KIND).data() == "جسر"
        assert model.index(row, Column.STATUS).data() == "تم التسليم"
        assert page.count.text() == "٣ سيطرات"
        assert page.search.placeholderText() == _("Search by code, name, district or unit")
        # Beside the history, the table is on the start side: the right in Arabic.
        page.resize(WIDE_PAGE + 100, 700)
        qtbot.waitUntil(lambda: page.splitter.orientation() == Qt.Orientation.Horizontal)
        table = page.table.mapTo(page, page.table.rect().center()).x()
        assert table > page.detail.mapTo(page, page.detail.rect().center()).x()
    finally:
        apply_language("en")


def double_click(qtbot, table: Any, index: QModelIndex) -> None:
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()


def test_a_key_after_a_pause_filters_at_once_and_a_burst_once_at_its_end(qtbot) -> None:
    applied: list[int] = []
    owner = QWidget()
    qtbot.addWidget(owner)
    typing = TypingFilter(owner, lambda: applied.append(1), delay_ms=10_000)
    typing.typed()
    assert applied == [1]  # the first key: no waiting
    typing.typed()
    typing.typed()
    assert applied == [1] and typing.pending  # within the burst: held back
    typing.timer.setInterval(1)
    typing.timer.start()
    qtbot.waitUntil(lambda: len(applied) == 2)  # once, when the burst ends
    assert not typing.pending


def test_the_history_goes_beside_the_table_on_a_wide_page_and_under_it_otherwise(
    qtbot, page: CheckpointsPage
) -> None:
    page.resize(WIDE_PAGE + 100, 800)
    qtbot.waitUntil(lambda: page.splitter.orientation() == Qt.Orientation.Horizontal)
    assert page.detail.narrow
    page.resize(WIDE_PAGE - 200, 800)
    qtbot.waitUntil(lambda: page.splitter.orientation() == Qt.Orientation.Vertical)
    assert not page.detail.narrow
