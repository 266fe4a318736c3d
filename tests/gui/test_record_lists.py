"""The officer's inspections and handovers lists on a real demo database: paging past 200 rows,
drafts first, SQL filters, opening records, refreshing after a save."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.app import AppContext, open_context
from desktop.demo import populate_demo
from desktop.domain.entities import Inspection
from desktop.domain.enums import HandoverState, InspectionState
from desktop.domain.ids import uuid7
from desktop.services.base import Session
from desktop.ui.changes import ChangeNotifier
from desktop.ui.page_registry import PageContext
from desktop.ui.record_lists.handovers import Column as HandoverColumn
from desktop.ui.record_lists.handovers import HandoverListPage
from desktop.ui.record_lists.inspections import PAGE_SIZE, InspectionListPage
from tests.domain.test_templates import good_answers
from tests.gui.test_checkpoints import RecordingForms, type_text
from tests.support import make_dirs

DEMO_INSPECTIONS = 450  # more than two pages of 200


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the module; each test works on its own copy."""
    root = tmp_path_factory.mktemp("demo")
    context = open_context(make_dirs(root / "home"), root / "demo.db", create=True)
    try:
        populate_demo(context, inspections=DEMO_INSPECTIONS)
    finally:
        context.close()
    return root


@pytest.fixture
def demo(demo_root: Path, tmp_path: Path) -> Iterator[AppContext]:
    root = tmp_path / "copy"
    shutil.copytree(demo_root, root)
    context = open_context(make_dirs(root / "home"), root / "demo.db", create=False)
    yield context
    context.close()


@pytest.fixture
def officer(demo: AppContext) -> Session:
    return demo.auth.login("officer", "demo-officer")


@pytest.fixture
def forms() -> RecordingForms:
    return RecordingForms()


@pytest.fixture
def page_context(demo: AppContext, officer: Session, forms: RecordingForms) -> PageContext:
    return PageContext(demo, officer, ChangeNotifier(), forms)


def independent_rows(context: AppContext, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    """Ask the database file directly, not through the code under test."""
    connection = sqlite3.connect(context.database.path)
    try:
        return list(connection.execute(sql, parameters))
    finally:
        connection.close()


def independent(context: AppContext, sql: str, *parameters: Any) -> list[Any]:
    return [row[0] for row in independent_rows(context, sql, *parameters)]


def show(qtbot, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def row_ids(model: Any) -> list[str]:
    return [model.record_id(row) for row in range(model.rowCount())]


# -- inspections ---------------------------------------------------------------------------------


def test_inspections_page_through_every_row_newest_first(qtbot, demo: AppContext,
                                                         page_context: PageContext) -> None:
    page = show(qtbot, InspectionListPage(page_context))
    model = page.model
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    assert page.count.text() == f"{DEMO_INSPECTIONS} inspections"
    # Scrolling to the end makes the view ask for the next page, as a person scrolling would.
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert row_ids(model) == independent(
        demo, "SELECT id FROM inspection ORDER BY inspected_at DESC, id DESC")
    assert model.page_queries == 3  # 200 + 200 + 50: nothing fetched twice


def test_state_and_text_filters_are_sql(qtbot, demo: AppContext,
                                        page_context: PageContext) -> None:
    page = show(qtbot, InspectionListPage(page_context))
    page.state.setCurrentIndex(page.state.findData(InspectionState.DRAFT.value))
    drafts = independent(demo, "SELECT id FROM inspection WHERE state = 'draft' "
                               "ORDER BY inspected_at DESC, id DESC")
    assert drafts and row_ids(page.model) == drafts
    assert page.count.text() == f"{len(drafts)} inspections"
    page.state.setCurrentIndex(0)
    type_text(page.search, "BC-TRB")
    expected = independent(
        demo, "SELECT i.id FROM inspection i JOIN checkpoint c ON c.id = i.checkpoint_id "
              "WHERE c.code = 'BC-TRB' ORDER BY i.inspected_at DESC, i.id DESC")
    qtbot.waitUntil(lambda: page.model.total == len(expected))
    while page.model.canFetchMore(QModelIndex()):
        page.model.fetchMore(QModelIndex())
    assert row_ids(page.model) == expected
    assert page.model.index(0, 0).data().startswith("BC-TRB — ")


def test_only_mine_shows_the_officers_own_inspections(qtbot, demo: AppContext,
                                                     officer: Session,
                                                     page_context: PageContext) -> None:
    page = show(qtbot, InspectionListPage(page_context))
    page.mine.setChecked(True)
    mine = independent(demo, "SELECT count(*) FROM inspection WHERE inspector_id = ?",
                       officer.person_id)[0]
    assert 0 < page.model.total == mine < DEMO_INSPECTIONS


def test_drafts_come_first_and_open_with_their_key(qtbot, demo: AppContext, officer: Session,
                                                   page_context: PageContext,
                                                   forms: RecordingForms) -> None:
    page = show(qtbot, InspectionListPage(page_context))
    assert page.drafts.isHidden()  # none yet: no empty box
    demo.drafts.save(officer, "inspection-draft-1", "inspection", "BC-TRB — Trebil",
                     {"answers": {"readiness": 3}})
    demo.drafts.save(officer, "handover-draft-1", "handover", "A handover", {})
    page.refresh_drafts()
    assert page.draft_keys() == ["inspection-draft-1"]  # only inspection drafts
    assert page.drafts.isVisible()
    assert page.drafts.mapTo(page, page.drafts.rect().topLeft()).y() < \
        page.table.mapTo(page, page.table.rect().topLeft()).y()
    item = page.drafts.item(0)
    assert item.text().startswith("BC-TRB — Trebil — autosaved ")
    qtbot.mouseClick(page.drafts.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.drafts.visualItemRect(item).center())
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert forms.calls == [
        ("inspection", {"draft_key": "inspection-draft-1"}),
        ("inspection", {}),
        ("inspection", {"inspection_id": page.model.record_id(0)}),
    ]


def test_a_saved_inspection_appears_and_the_discarded_draft_goes(
    qtbot, demo: AppContext, officer: Session, page_context: PageContext
) -> None:
    demo.drafts.save(officer, "inspection-draft-1", "inspection", "Draft", {})
    page = show(qtbot, InspectionListPage(page_context))
    assert page.draft_keys() == ["inspection-draft-1"]
    checkpoint_id = independent(demo, "SELECT id FROM checkpoint ORDER BY code")[0]
    template = demo.templates.inspection
    record = Inspection(uuid7(), checkpoint_id, template.id, template.version, officer.person_id,
                        "2027-01-01T08:00:00Z", 180, None, None, good_answers(), (),
                        InspectionState.DRAFT)
    outcome = demo.inspections.submit(officer, record)
    demo.drafts.discard(officer, "inspection-draft-1")
    page_context.notifier.announce(outcome.changes)
    assert page.model.total == DEMO_INSPECTIONS + 1
    assert page.model.record_id(0) == record.id  # the newest comes first
    assert page.draft_keys() == []


# -- handovers -----------------------------------------------------------------------------------


def test_handovers_filter_by_state_and_show_gaps(qtbot, demo: AppContext,
                                                 page_context: PageContext,
                                                 forms: RecordingForms) -> None:
    page = show(qtbot, HandoverListPage(page_context))
    everything = independent(demo, "SELECT count(*) FROM handover")[0]
    assert page.model.rowCount() == everything
    assert page.count.text() == f"{everything} handovers"
    page.state.setCurrentIndex(page.state.findData(HandoverState.SIGNED.value))
    signed = set(independent(demo, "SELECT id FROM handover WHERE state = 'signed'"))
    assert signed and set(row_ids(page.model)) == signed
    states = {page.model.index(r, HandoverColumn.STATE).data()
              for r in range(page.model.rowCount())}
    assert states == {"Signed, waiting for a certificate"}
    page.state.setCurrentIndex(0)
    # The demo records some handovers whose handing-over force left before relief came.
    gaps = [r for r in range(page.model.rowCount())
            if page.model.index(r, HandoverColumn.CONTINUITY).data().startswith("Gap of ")]
    expected_gaps = independent(
        demo, "SELECT count(*) FROM handover WHERE departure_at < assumed_duty_at")[0]
    assert len(gaps) == expected_gaps > 0
    red = page.model.index(gaps[0], HandoverColumn.CONTINUITY).data(
        Qt.ItemDataRole.ForegroundRole)
    assert red is not None
    first_ok = next(r for r in range(page.model.rowCount()) if r not in gaps)
    assert page.model.index(first_ok, HandoverColumn.CONTINUITY).data(
        Qt.ItemDataRole.ForegroundRole) is None

    index = page.model.index(gaps[0], 0)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert forms.calls == [("handover", {"handover_id": page.model.record_id(gaps[0])}),
                           ("handover", {})]


def test_handovers_text_filter_and_refresh_after_a_transition(
    qtbot, demo: AppContext, page_context: PageContext
) -> None:
    page = show(qtbot, HandoverListPage(page_context))
    code, handover_id = independent_rows(
        demo, "SELECT c.code, h.id FROM handover h JOIN checkpoint c ON c.id = h.checkpoint_id "
              "WHERE h.state = 'draft' ORDER BY c.code")[0]
    everything = page.model.rowCount()
    type_text(page.search, code.lower())
    qtbot.waitUntil(lambda: page.model.rowCount() < everything)
    assert handover_id in row_ids(page.model)
    assert all(page.model.index(r, 0).data().startswith(code)
               for r in range(page.model.rowCount()))
    clerk = demo.auth.login("supervisor", "demo-supervisor")
    outcome = demo.handovers.transition(clerk, handover_id, HandoverState.VOIDED, "Test")
    page_context.notifier.announce(outcome.changes)
    row = row_ids(page.model).index(handover_id)
    assert page.model.index(row, HandoverColumn.STATE).data() == "Void"
