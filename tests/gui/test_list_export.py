"""Any list on screen saved as XLSX or CSV (desktop.ui.list_export), on a real demo database.

The files are written by the real code path (the writers of desktop.reports.tables, on a worker
thread) and read back here with openpyxl and csv; what they hold is compared with the rows the
view shows, read from its model by this test, and with counts asked of the database file with
sqlite3. The save dialog is Qt's own, driven as a person would (a name typed, Save), or the
export is handed a path where the dialog is not the point of the test.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QTableView, QWidget

from desktop.app import AppContext, open_context
from desktop.demo import build_demo
from desktop.domain.enums import Role
from desktop.i18n import _
from desktop.ui.certificates.register import RegisterPage
from desktop.ui.changes import ChangeNotifier
from desktop.ui.checkpoints.model import Column
from desktop.ui.checkpoints.page import CheckpointsPage
from desktop.ui.dashboard.page import MEASURES, DashboardPage, value_of
from desktop.ui.language import LanguageSwitch, apply_language, number
from desktop.ui.list_export import SHORTCUT, ExportableList, ListExport
from desktop.ui.list_table import CSV, XLSX, cell_value, format_for, suggested_name, with_suffix
from desktop.ui.main_window import MainWindow
from desktop.ui.page_registry import PageContext
from desktop.ui.people.page import PeoplePage
from desktop.ui.record_lists.inspections import InspectionListPage
from desktop.ui.shell import Shell
from tests.gui.conftest import close_all
from tests.gui.test_checkpoints import RecordingForms, type_text
from tests.support import make_dirs

INSPECTIONS = 10_000
PASSWORDS = {Role.OFFICER: "demo-officer", Role.CLERK: "demo-clerk",
             Role.SUPERVISOR: "demo-supervisor"}
MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BOM = b"\xef\xbb\xbf"
WAIT_MS = 120_000  # an upper bound for the worker, never a measure of speed


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("list-export")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"), inspections=INSPECTIONS)
    return path


@pytest.fixture
def demo(demo_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(make_dirs(tmp_path / "home"), demo_path, create=False)
    yield context
    context.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def page_context(context: AppContext, role: Role) -> PageContext:
    session = context.auth.login(role.value, PASSWORDS[role])
    return PageContext(context, session, ChangeNotifier(), RecordingForms())


def shown(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def query_rows(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Ask the database file directly, not through the code under test."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.execute(sql, args))
    finally:
        connection.close()


def query(path: Path, sql: str, *args: Any) -> list[Any]:
    return [row[0] for row in query_rows(path, sql, *args)]


def plain(text: Any) -> str:
    return MARKS.sub("", "" if text is None else str(text))


def view_table(view: QTableView) -> tuple[list[str], list[list[str]]]:
    """The headers and rows the view shows, read from its model here: every row (a model that
    loads in pages is asked for all of them), the visible columns in the view's order."""
    model = view.model()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    header = view.horizontalHeader()
    columns = [header.logicalIndex(visual) for visual in range(header.count())]
    columns = [column for column in columns if not header.isSectionHidden(column)]
    headers = [plain(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    rows = [[plain(model.index(row, c).data()) for c in columns]
            for row in range(model.rowCount())]
    return headers, rows


def same(text: str, written: Any) -> bool:
    """A written cell says what the screen said: the text itself, or the number it shows."""
    if written is None or written == "":
        return text == ""
    if str(written) == text:
        return True
    try:
        return int(text) == int(written)  # int() reads Arabic-Indic digits too
    except ValueError:
        return False


def assert_rows(view_rows: list[list[str]], file_rows: list[list[Any]]) -> None:
    assert len(file_rows) == len(view_rows)
    for row, (screen, written) in enumerate(zip(view_rows, file_rows, strict=True)):
        assert len(written) == len(screen), row
        assert all(same(t, w) for t, w in zip(screen, written, strict=True)), (row, screen,
                                                                               written)


def read_xlsx(path: Path) -> tuple[Any, list[list[Any]]]:
    sheet = load_workbook(path).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(BOM)  # UTF-8 with its byte-order mark, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def chooser(path: Path, name_filter: str = "") -> Any:
    """Stands where the person answers the save dialog: this path, this filter."""
    def choose(_parent: QWidget, _caption: str, _suggested: Path,
               filters: list[str]) -> tuple[str, str]:
        return str(path), name_filter or filters[0]
    return choose


def export(qtbot: Any, source: ExportableList | None, parent: QWidget,
           **options: Any) -> tuple[ListExport, Path | None]:
    """Run one export to its end; returns it and the path it wrote (None: nothing written)."""
    assert source is not None
    job = ListExport(source, parent, **options)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        job.start()
    return job, finished.args[0]


def said_where(message: str, path: Path) -> bool:
    """The confirmation names the file and its folder."""
    return path.name in plain(message) and str(path.parent) in plain(message)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- the checkpoints page: a filter typed, a sort chosen, a column hidden and one moved ------------


def test_checkpoints_as_the_view_shows_them_in_arabic(qtbot: Any, demo: AppContext,
                                                      demo_path: Path, out: Path) -> None:
    apply_language("ar")
    page = shown(qtbot, CheckpointsPage(page_context(demo, Role.OFFICER)))
    assert isinstance(page, CheckpointsPage)
    type_text(page.search, "-HW-")
    page.apply_filter()
    header = page.table.horizontalHeader()
    code = header.sectionViewportPosition(Column.CODE) + header.sectionSize(Column.CODE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(code, 5))
    assert page.model.descending  # the second order of the column already sorted by
    header.hideSection(Column.HOLDER)
    header.moveSection(header.visualIndex(Column.DISTRICT), 1)

    job, written = export(qtbot, page.exportable_list(), page,
                          choose_path=chooser(out / "checkpoints.xlsx"))
    assert written == out / "checkpoints.xlsx" and job.file_format == XLSX
    sheet, values = read_xlsx(written)
    headers, rows = view_table(page.table)
    expected_codes = query(demo_path, "SELECT code FROM checkpoint WHERE code LIKE '%-HW-%' "
                                      "ORDER BY code DESC")
    assert sheet.sheet_view.rightToLeft is True and sheet.title == "السيطرات"
    assert values[0] == headers == ["الرمز", "القضاء", _("Name"), _("Status"),
                                    _("Last inspection"), _("Kind")]
    assert_rows(rows, values[1:])
    assert [row[0] for row in values[1:]] == expected_codes and len(expected_codes) > 3
    assert job.message.startswith("حُفظ") and number(len(rows)) in job.message
    assert said_where(job.message, written)

    job, written = export(qtbot, page.exportable_list(), page,
                          choose_path=chooser(out / "checkpoints", CSV.name_filter))
    assert written == out / "checkpoints.csv" and job.file_format == CSV  # suffix added
    text = read_csv(written)
    assert text[0] == headers
    assert_rows(rows, text[1:])
    assert [row[0] for row in text[1:]] == expected_codes
    assert leftovers(out) == ["checkpoints.csv", "checkpoints.xlsx"]  # no temporary file left
    # The folder is remembered for the next export, in the settings file too.
    assert demo.settings.export_folder == str(out)
    assert str(out) in (demo.dirs.config / "settings.json").read_text(encoding="utf-8")


# -- the certificate register: copies shown in Arabic digits are numbers in the workbook -----------


def test_register_copies_are_numbers_and_every_certificate_is_there(
        qtbot: Any, demo: AppContext, demo_path: Path, out: Path) -> None:
    apply_language("ar")
    page = shown(qtbot, RegisterPage(page_context(demo, Role.CLERK)))
    assert isinstance(page, RegisterPage)
    _job, written = export(qtbot, page.exportable_list(), page,
                           choose_path=chooser(out / "register.xlsx"))
    assert written is not None
    sheet, values = read_xlsx(written)
    headers, rows = view_table(page.table)
    assert sheet.sheet_view.rightToLeft is True and sheet.title == "سجل الشهادات"
    assert values[0] == headers and values[0][:4] == ["الرقم التسلسلي", "السيطرة", _("State"),
                                                      "النسخ"]
    assert_rows(rows, values[1:])
    assert all(re.fullmatch("[٠-٩]+", row[3]) for row in rows)  # Arabic-Indic on screen ...
    copies = {row[0]: row[3] for row in values[1:]}
    assert all(type(count) is int for count in copies.values())  # ... numbers in the file
    assert copies == dict(query_rows(demo_path, "SELECT serial, reprints FROM certificate"))
    assert leftovers(out) == ["register.xlsx"]


# -- the people list through File ▸ Export this list…, Qt's save dialog, Arabic then English -------


@pytest.fixture
def shells() -> Iterator[list[Shell]]:
    """Shells opened by a test; their window is closed after it (the shell deletes the windows
    it replaces itself)."""
    opened: list[Shell] = []
    yield opened
    for shell in opened:
        close_all(shell)


def open_window(shells: list[Shell], demo: AppContext, demo_path: Path, role: Role,
                page: str) -> tuple[Shell, MainWindow]:
    switch = LanguageSwitch(demo.settings, demo.dirs.config)
    shell = Shell(demo, database_path=demo_path, language=switch, load_demo=None)
    shells.append(shell)
    window = shell.open_main(demo.auth.login(role.value, PASSWORDS[role]), page=page)
    return shell, window


def save_in_dialog(qtbot: Any, job: ListExport | None, path: Path) -> Path | None:
    """Answer Qt's save dialog as a person does: type the name, press Save."""
    assert job is not None and isinstance(job.file_dialog, QFileDialog)
    assert job.file_dialog.isVisible()
    name = job.file_dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        name.setText(str(path))
        job.file_dialog.accept()
    return finished.args[0]


def test_people_through_the_file_menu_in_arabic_then_in_english(
        qtbot: Any, shells: list[Shell], demo: AppContext, demo_path: Path, out: Path) -> None:
    apply_language("ar")
    shell, window = open_window(shells, demo, demo_path, Role.SUPERVISOR, "home")
    action = window.export_list_action
    assert action.shortcut().toString() == SHORTCUT == "Ctrl+Shift+E"
    assert action.text() == "تصدير هذه ال&قائمة…"
    assert not action.isEnabled()  # the home page has no list
    window.show_page("people")
    assert action.isEnabled()
    action.trigger()
    job = action.export
    assert job is not None and job.file_dialog is not None
    suggested = Path(job.file_dialog.selectedFiles()[0])
    # The day first in an Arabic name: after Arabic letters its digits would show reversed.
    assert suggested.name == f"{date.today().isoformat()} الأشخاص والحسابات.xlsx"
    assert job.file_dialog.selectedNameFilter() == "مصنف Excel (*.xlsx)"
    written = save_in_dialog(qtbot, job, out / "people")  # typed without a suffix
    assert written == out / "people.xlsx"
    assert window.statusBar().currentMessage() == job.message
    assert job.message.startswith("حُفظ") and said_where(job.message, written)
    page = window.pages.currentWidget()
    assert isinstance(page, PeoplePage)
    sheet, values = read_xlsx(written)
    headers, rows = view_table(page.table)
    assert sheet.sheet_view.rightToLeft is True
    assert values[0] == headers == ["الاسم بالعربية", "الاسم بالإنكليزية", "اسم المستخدم",
                                    "الصفة", "فعّال"]
    assert_rows(rows, values[1:])
    assert sorted(row[2] for row in values[1:]) == sorted(
        query(demo_path, "SELECT username FROM account"))

    window.choose_language("en")  # the shell builds the window again, on the same page
    window = shell.window
    assert window is not None and window.current_key() == "people"
    window.export_list_action.trigger()
    job = window.export_list_action.export
    assert job is not None and job.file_dialog is not None
    assert Path(job.file_dialog.directory().absolutePath()) == out  # the folder remembered
    written = save_in_dialog(qtbot, job, out / "people.csv")
    assert written == out / "people.csv" and job.file_format == CSV
    page = window.pages.currentWidget()
    assert isinstance(page, PeoplePage)
    text = read_csv(written)
    headers, rows = view_table(page.table)
    assert text[0] == headers == ["Name in Arabic", "Name in English", "User name", "Role",
                                  "Active"]
    assert_rows(rows, text[1:])
    saved = json.loads((demo.dirs.config / "settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "en" and saved["export_folder"] == str(out)
    assert leftovers(out) == ["people.csv", "people.xlsx"]


@pytest.mark.parametrize(("role", "with_list", "without"), [
    (Role.OFFICER, ["checkpoints", "inspections", "handovers"], ["home", "exchange"]),
    (Role.CLERK, ["awaiting_certificate", "certificate_register"],
     ["home", "verify_certificate", "exchange"]),
    (Role.SUPERVISOR, ["dashboard", "import", "conflicts", "devices", "people"], ["home"]),
])
def test_the_action_is_enabled_on_the_pages_with_a_list(
        shells: list[Shell], demo: AppContext, demo_path: Path, role: Role, with_list: list[str],
        without: list[str]) -> None:
    _shell, window = open_window(shells, demo, demo_path, role, "home")
    assert sorted(with_list + without) == sorted(window.navigation_keys())
    for key in with_list + without:
        window.show_page(key)
        assert window.export_list_action.isEnabled() is (key in with_list), key


def test_an_empty_list_says_so_and_asks_nothing(shells: list[Shell], demo: AppContext,
                                                demo_path: Path) -> None:
    _shell, window = open_window(shells, demo, demo_path, Role.SUPERVISOR, "conflicts")
    assert query(demo_path, "SELECT count(*) FROM record WHERE head_count > 1") == [0]
    window.export_list_action.trigger()
    job = window.export_list_action.export
    assert job is not None and job.done and job.file_dialog is None
    assert window.statusBar().currentMessage() == "The list is empty: there is nothing to save."


# -- the dashboard: the drill-down dialog's Export… button, and the table by district --------------


def test_the_dashboard_drill_down_and_the_table_by_district(
        qtbot: Any, demo: AppContext, demo_path: Path, out: Path) -> None:
    apply_language("ar")
    page = shown(qtbot, DashboardPage(page_context(demo, Role.SUPERVISOR)))
    assert isinstance(page, DashboardPage)
    page.open_list(next(m for m in MEASURES if m.key == "handed_over"), None)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    button = dialog.export_button
    assert button.text() == "تصدير…" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    job = button.exports[-1]
    written = save_in_dialog(qtbot, job, out / "handed-over.xlsx")
    assert written == out / "handed-over.xlsx"
    assert job.message_box is not None and job.message_box.isVisible()
    assert job.message_box.text() == job.message and said_where(job.message, written)
    job.message_box.close()
    sheet, values = read_xlsx(written)
    assert sheet.sheet_view.rightToLeft is True and values[0] == ["الرمز", "السيطرة"]
    assert_rows(view_table(dialog.table)[1], values[1:])
    assert [row[0] for row in values[1:]] == query(
        demo_path, "SELECT code FROM checkpoint WHERE status = 'handed_over' ORDER BY code")
    assert demo.settings.export_folder == str(out)  # remembered through the dialog's page

    job, written = export(qtbot, page.exportable_list(), page,
                          choose_path=chooser(out / "districts.xlsx"))
    assert written is not None
    sheet, values = read_xlsx(written)
    headers, rows = view_table(page.table)
    assert values[0] == headers and values[0][0] == "القضاء"
    assert_rows(rows, values[1:])
    figures = demo.dashboard.figures(page.stale_days)
    assert values[-1] == [_("Province total")] + [value_of(figures.province, m) for m in MEASURES]
    assert len(values) - 2 == len(figures.districts)
    assert all(type(cell) is int for row in values[1:] for cell in row[1:])


# -- ten thousand inspections: read between turns of the event loop, with Cancel -------------------


@pytest.mark.slow
def test_ten_thousand_inspections_while_the_window_keeps_working(
        qtbot: Any, demo: AppContext, demo_path: Path, out: Path) -> None:
    page = shown(qtbot, InspectionListPage(page_context(demo, Role.OFFICER)))
    assert isinstance(page, InspectionListPage)
    assert page.model.rowCount() < INSPECTIONS  # one page loaded; the rest is still in SQL
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    seen: list[tuple[int, bool]] = []  # at each step: heartbeats so far, dialog up
    job = ListExport(page.exportable_list(), page, progress_delay_ms=0,
                     choose_path=chooser(out / "inspections.xlsx"))
    job.progressed.connect(lambda _done, _total: seen.append(
        (len(ticks), job.progress is not None and job.progress.isVisible())))
    heartbeat.start()
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        job.start()
    heartbeat.stop()
    written = finished.args[0]
    assert written == out / "inspections.xlsx"
    # Read over many turns of the event loop, other timers running in between, the progress
    # dialog (with its Cancel button) up from the first step.
    assert job.steps > 10 and len(seen) == job.steps - 1
    assert seen[-1][0] > seen[0][0]
    assert all(up for _ticks, up in seen)
    _sheet, values = read_xlsx(written)
    headers, rows = view_table(page.table)
    assert len(values) - 1 == INSPECTIONS == query(demo_path, "SELECT count(*) FROM inspection")[0]
    assert values[0] == headers
    assert_rows(rows, values[1:])


def press_cancel(qtbot: Any, job: ListExport) -> None:
    if job.progress is not None and not job.done:
        cancel = job.progress.findChild(QPushButton)
        assert cancel is not None and cancel.text() == _("Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)


def test_a_cancelled_export_leaves_no_file(qtbot: Any, demo: AppContext, out: Path) -> None:
    page = shown(qtbot, InspectionListPage(page_context(demo, Role.OFFICER)))
    assert isinstance(page, InspectionListPage)
    job = ListExport(page.exportable_list(), page, progress_delay_ms=0, rows_per_step=50,
                     choose_path=chooser(out / "cancelled.xlsx"))
    job.progressed.connect(lambda _done, _total: press_cancel(qtbot, job))
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        job.start()
    assert finished.args[0] is None and job.cancelled and job.task is None
    assert job.progress is None and job.message == ""  # cancelled: nothing to say
    assert leftovers(out) == []


def test_a_list_that_changes_while_it_is_read_is_not_saved(qtbot: Any, demo: AppContext,
                                                           out: Path) -> None:
    page = shown(qtbot, CheckpointsPage(page_context(demo, Role.OFFICER)))
    assert isinstance(page, CheckpointsPage)
    job = ListExport(page.exportable_list(), page, rows_per_step=2,
                     choose_path=chooser(out / "changed.xlsx"))

    def filter_meanwhile(_done: int, _total: int) -> None:
        if not page.search.text():  # once, after the first rows were read
            page.search.setText("RMD")
            page.apply_filter()

    job.progressed.connect(filter_meanwhile)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as finished:
        job.start()
    assert finished.args[0] is None
    assert job.message == ("The list changed while it was being saved, so nothing was written: "
                           "export it again.")
    assert job.message_box is not None and job.message_box.text() == job.message
    assert leftovers(out) == []


# -- a folder that cannot be written ---------------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """The folder made read-only for real: its mode, and for root (whom modes do not stop) the
    immutable attribute."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0 and subprocess.run(
        ["chattr", "+i", str(folder)], capture_output=True, check=False).returncode == 0
    try:
        try:
            (folder / "probe").write_text("x")
        except OSError:
            pass
        else:
            (folder / "probe").unlink()
            pytest.skip("this machine cannot make a folder read-only")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_folder_gets_one_sentence_and_no_file(qtbot: Any, demo: AppContext,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    page = shown(qtbot, PeoplePage(page_context(demo, Role.SUPERVISOR)))
    assert isinstance(page, PeoplePage)
    with read_only(folder):
        job, written = export(qtbot, page.exportable_list(), page,
                              choose_path=chooser(folder / "people.xlsx"))
        assert written is None
        assert job.message == (
            f"Taslim may not write in the folder {folder}, or the file is open in another "
            "program: close the file or choose another folder, then export again; the list "
            "was not saved.")
        assert job.message_box is not None and job.message_box.isVisible()
        assert job.message_box.text() == job.message
        assert leftovers(folder) == []
    assert demo.settings.export_folder == ""  # a folder that failed is not remembered


# -- what a cell, a name and a suffix become -------------------------------------------------------


@pytest.mark.parametrize(("display", "exact", "expected"), [
    (42, (), 42),
    ("42", (), 42),
    ("١٬٢٣٤", (), 1234),  # number() in Arabic
    ("\u061c-٥", (), -5),
    ("1,234", (), 1234),
    ("007", (), "007"),  # a code keeps its zeros ...
    ("007", (7, "0194350c"), 7),  # ... unless the model holds it as the number 7
    ("3 of 5", (3,), "3 of 5"),  # a sentence with a figure stays a sentence
    ("2026-03-01", ("0194350c-8300",), "2026-03-01"),
    ("\u202aRMD-CE-01\u202c", (), "RMD-CE-01"),  # the screen's direction marks go
    ("1234567890123456", (), "1234567890123456"),  # beyond a spreadsheet's 15 digits
    (True, (), "True"),
    (None, (), None),
])
def test_what_a_cell_becomes(display: Any, exact: tuple[Any, ...], expected: Any) -> None:
    value = cell_value(display, lambda: exact)
    assert value == expected and type(value) is type(expected)


def test_names_suffixes_and_formats() -> None:
    day = date(2026, 3, 1)
    assert suggested_name("Handed over — Ramadi / Hit", day) == (
        "Handed over — Ramadi Hit 2026-03-01")
    assert suggested_name("\u202a?*\u202c", day) == "list 2026-03-01"
    assert suggested_name("سجل الشهادات", day, right_to_left=True) == "2026-03-01 سجل الشهادات"
    assert with_suffix(Path("/x/report"), XLSX) == Path("/x/report.xlsx")
    assert with_suffix(Path("/x/report.XLSX"), XLSX) == Path("/x/report.XLSX")
    assert with_suffix(Path("/x/v1.2"), CSV) == Path("/x/v1.2.csv")
    assert format_for(Path("a.csv"), XLSX.name_filter) == CSV  # the name's suffix wins
    assert format_for(Path("a"), CSV.name_filter) == CSV
    assert format_for(Path("a.txt")) == XLSX
