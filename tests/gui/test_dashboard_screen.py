"""The supervisor's dashboard on a real demo database: the numbers and the lists behind them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import AppContext, open_context
from desktop.demo import build_demo
from desktop.domain.enums import CheckpointStatus
from desktop.ui.changes import ChangeNotifier
from desktop.ui.dashboard.page import MEASURES, DashboardPage, value_of
from desktop.ui.language import apply_language, number
from desktop.ui.page_registry import PageContext
from tests.gui.test_checkpoints import RecordingForms
from tests.support import make_dirs


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dashboard-gui")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"))
    return path


@pytest.fixture
def demo(demo_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(make_dirs(tmp_path / "home"), demo_path, create=False)
    yield context
    context.close()


@pytest.fixture
def page(qtbot, demo: AppContext) -> DashboardPage:
    supervisor = demo.auth.login("supervisor", "demo-supervisor")
    widget = DashboardPage(PageContext(demo, supervisor, ChangeNotifier(), RecordingForms()))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def test_the_province_numbers_are_the_services(page: DashboardPage, demo: AppContext) -> None:
    figures = demo.dashboard.figures(page.stale_days)
    for measure in MEASURES:
        assert page.cards[measure.key].button.text() == number(
            value_of(figures.province, measure))
    total_row = page.district_row(None)
    for column, measure in enumerate(MEASURES, start=1):
        assert page.model.item(total_row, column).text() == number(
            value_of(figures.province, measure))
    assert sum(count for _month, count in page.chart.bars) == figures.province.by_status[
        CheckpointStatus.HANDED_OVER]


def test_clicking_a_districts_handed_over_number_lists_those_checkpoints(
        qtbot, page: DashboardPage, demo: AppContext, demo_path: Path) -> None:
    assert page.dashboard is not None
    district = next(d for d in page.dashboard.districts
                    if d.figures.by_status[CheckpointStatus.HANDED_OVER])
    index = page.model.index(page.district_row(district.district_id),
                             page.column_of("handed_over"))
    page.table.scrollTo(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.table.visualRect(index).center())
    assert page.dialog is not None and page.dialog.isVisible()
    with sqlite3.connect(demo_path) as connection:
        expected = [code for (code,) in connection.execute(
            "SELECT code FROM checkpoint WHERE district_id = ? AND status = 'handed_over' "
            "ORDER BY code", (district.district_id,))]
    assert expected and page.dialog.codes() == expected
    assert page.dialog.model.rowCount() == len(expected)


def test_enter_on_a_cell_and_the_stale_days_box(qtbot, page: DashboardPage,
                                                demo: AppContext) -> None:
    page.days.setValue(30)
    figures = demo.dashboard.figures(30)
    assert page.cards["stale"].button.text() == number(figures.province.stale)
    index = page.model.index(page.district_row(None), page.column_of("stale"))
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.dialog is not None
    assert len(page.dialog.lines) == figures.province.stale


def test_arabic_mirrors_the_chart_and_uses_arabic_digits(qtbot, demo: AppContext) -> None:
    apply_language("ar")
    supervisor = demo.auth.login("supervisor", "demo-supervisor")
    widget = DashboardPage(PageContext(demo, supervisor, ChangeNotifier(), RecordingForms()))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    assert widget.isRightToLeft()
    rects = widget.chart.bar_rects()
    assert len(rects) > 1 and rects[0].center().x() > rects[-1].center().x()
    assert all(ch in "٠١٢٣٤٥٦٧٨٩٬" for ch in widget.cards["handed_over"].button.text())
