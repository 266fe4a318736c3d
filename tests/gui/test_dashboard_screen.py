"""The supervisor's dashboard on a real demo database: the numbers and the lists behind them,
the chart's bars, and the province summary PDF written from the page."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.app import AppContext, open_context
from desktop.demo import build_demo
from desktop.domain.enums import CheckpointStatus
from desktop.ui.changes import ChangeNotifier
from desktop.ui.dashboard.chart import month_name
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


# --- the chart's bars open their checkpoints (issue 6) ---------------------------------------


def handed_over_in(path: Path, month: str) -> list[str]:
    """The checkpoints behind a bar, by plain SQL: handed over, latest done handover that
    month (the rule of the chart's figures)."""
    with sqlite3.connect(path) as connection:
        return [code for (code,) in connection.execute("""
            SELECT c.code FROM checkpoint c
            WHERE c.status = 'handed_over'
              AND (SELECT substr(max(h.handover_at), 1, 7) FROM handover h
                   WHERE h.checkpoint_id = c.id AND h.handover_at IS NOT NULL
                     AND h.state IN ('signed', 'certified', 'amended')) = ?
            ORDER BY c.code, c.id""", (month,))]


def test_clicking_a_bar_lists_the_checkpoints_handed_over_that_month(
        qtbot, page: DashboardPage, demo_path: Path) -> None:
    chart = page.chart
    index = max(range(len(chart.bars)), key=lambda i: chart.bars[i][1])  # the tallest bar
    month, count = chart.bars[index]
    rect = chart.bar_rects()[index]
    page.scroll.ensureWidgetVisible(chart)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert page.dialog is not None and page.dialog.isVisible()
    expected = handed_over_in(demo_path, month)
    assert len(expected) == count > 1
    assert page.dialog.codes() == expected
    assert month_name(month) in page.dialog.windowTitle()
    assert chart.tooltip_at(rect.center()) == f"{month_name(month)}: {count} checkpoints " \
                                              "handed over"


def test_an_empty_month_opens_nothing(qtbot, page: DashboardPage) -> None:
    chart = page.chart
    empty = next(i for i, (_month, count) in enumerate(chart.bars) if not count)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart.column_rect(empty).center().toPoint())
    assert page.dialog is None


def test_the_bars_are_reached_with_the_keyboard(qtbot, page: DashboardPage,
                                                demo_path: Path) -> None:
    chart = page.chart
    with_handovers = [i for i, (_month, count) in enumerate(chart.bars) if count]
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    assert chart.current == with_handovers[-1]  # the latest month first
    qtbot.keyClick(chart, Qt.Key.Key_Left)  # English: left is earlier
    assert chart.current == with_handovers[-2]
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert page.dialog is not None
    assert page.dialog.codes() == handed_over_in(demo_path, chart.bars[with_handovers[-2]][0])


def test_in_arabic_left_is_later_and_the_click_still_finds_its_bar(
        qtbot, demo: AppContext, demo_path: Path) -> None:
    apply_language("ar")
    widget = DashboardPage(PageContext(demo, demo.auth.login("supervisor", "demo-supervisor"),
                                       ChangeNotifier(), RecordingForms()))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    chart = widget.chart
    with_handovers = [i for i, (_month, count) in enumerate(chart.bars) if count]
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    qtbot.keyClick(chart, Qt.Key.Key_Right)  # right is earlier in Arabic
    assert chart.current == with_handovers[-2]
    first = with_handovers[0]
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart.bar_rects()[first].center().toPoint())
    assert widget.dialog is not None
    assert widget.dialog.codes() == handed_over_in(demo_path, chart.bars[first][0])


# --- the province summary PDF from the dashboard ------------------------------------------------


def test_the_summary_button_writes_the_pdf_in_the_background(
        qtbot, page: DashboardPage, tmp_path: Path) -> None:
    qtbot.mouseClick(page.summary_button, Qt.MouseButton.LeftButton)
    dialog = page.summary_dialog
    assert dialog is not None and dialog.isVisible()
    today = QDate.currentDate()
    assert dialog.first.date() == QDate(today.year(), today.month(), 1)
    assert dialog.last.date() == today
    assert dialog.days.value() == page.stale_days
    dialog.first.setDate(QDate(2025, 7, 1))
    dialog.last.setDate(QDate(2026, 6, 30))
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "summary"  # the suffix is added
    with qtbot.waitSignal(dialog.written, timeout=60_000) as written:
        dialog.write_to(out)
        assert dialog.task is not None and dialog.task.running  # not on the GUI thread
    path = written.args[0]
    assert path == folder / "summary.pdf" and path.is_file()
    assert dialog.open_button.isVisible()
    assert path.name in dialog.note.text.text() and dialog.note.toolTip() == str(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "2025-07-01 to 2026-06-30" in text
    assert "Saad Khalid Al-Issawi (supervisor)" in text  # generated by the signed-in person
    assert [p.name for p in folder.iterdir()] == ["summary.pdf"]  # no temporary left


def test_a_period_that_ends_before_it_starts_cannot_be_saved(qtbot, page: DashboardPage
                                                             ) -> None:
    page.open_summary()
    dialog = page.summary_dialog
    assert dialog is not None
    dialog.first.setDate(QDate(2026, 3, 1))
    dialog.last.setDate(QDate(2026, 1, 31))
    assert not dialog.save_button.isEnabled()
    assert dialog.note.text.text() == (
        "The period starts on 2026-03-01, after it ends on 2026-01-31; choose a first date "
        "no later than the last.")
    dialog.last.setDate(QDate(2026, 3, 31))
    assert dialog.save_button.isEnabled() and not dialog.note.isVisible()


def test_the_dates_read_left_to_right_in_arabic_too(qtbot, demo: AppContext) -> None:
    apply_language("ar")
    widget = DashboardPage(PageContext(demo, demo.auth.login("supervisor", "demo-supervisor"),
                                       ChangeNotifier(), RecordingForms()))
    qtbot.addWidget(widget)
    widget.show()
    widget.open_summary()
    dialog = widget.summary_dialog
    assert dialog is not None and dialog.isRightToLeft()
    dialog.first.setDate(QDate(2026, 3, 14))
    assert dialog.first.text() == "2026-03-14"
    assert not dialog.first.isRightToLeft()
