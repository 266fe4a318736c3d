"""The supervisor's screens on a master built the way headquarters builds it (tests/gui/
province.py): the demo headquarters, three field laptops' bundles with their work, and two
checkpoints edited on two laptops each (planted conflicts).

Every figure is checked twice: against plain sqlite3 counts over the master file, and against
what the laptops are known to have done (the counts before the import plus the planted work).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import AppContext, open_context
from desktop.demo import DEMO_PASSWORDS
from desktop.domain.enums import CheckpointStatus, Op
from desktop.i18n import _
from desktop.storage.queries import record_heads, revisions_of
from desktop.ui.changes import ChangeNotifier
from desktop.ui.conflicts.model import ConflictColumn
from desktop.ui.conflicts.page import ConflictsPage
from desktop.ui.dashboard.page import MEASURES, DashboardPage, value_of
from desktop.ui.devices.model import DeviceColumn
from desktop.ui.devices.page import DevicesPage
from desktop.ui.language import number
from desktop.ui.page_registry import PageContext
from tests.gui.province import LAPTOPS, STALE_DAYS, build_province, count, stale_ids
from tests.gui.test_checkpoints import RecordingForms
from tests.support import make_dirs


@dataclass
class Province:
    """Headquarters' master (the demo) after the laptops' bundles were imported."""

    master: Path
    context: AppContext
    inspected: list[str]  # checkpoints that were stale and got an inspection on a laptop
    conflicted: dict[str, list[str]]  # checkpoint id -> the laptops that edited it
    stale_before: int
    written_by: dict[str, int]  # laptop code -> revisions it wrote, counted on the laptop

    def page_context(self) -> PageContext:
        supervisor = self.context.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
        return PageContext(self.context, supervisor, ChangeNotifier(), RecordingForms())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo headquarters and three laptops' bundles, made once; each test copies them."""
    root = tmp_path_factory.mktemp("province")
    build_province(root)
    return root


@dataclass
class Unmerged:
    """A copy of headquarters before the laptops' bundles came in."""

    master: Path
    context: AppContext
    bundles: list[Path]
    facts: dict


@pytest.fixture
def unmerged(built: Path, tmp_path: Path) -> Iterator[Unmerged]:
    import shutil

    shutil.copytree(built / "home", tmp_path / "home")
    master = tmp_path / "master.db"
    with sqlite3.connect(built / "master.db") as source, sqlite3.connect(master) as target:
        source.backup(target)
    context = open_context(make_dirs(tmp_path / "home"), master, create=False)
    yield Unmerged(master, context, [built / f"{name}.taslim" for name in LAPTOPS],
                   json.loads((built / "facts.json").read_text()))
    context.close()


@pytest.fixture
def province(unmerged: Unmerged) -> Province:
    stale_before = len(stale_ids(unmerged.master))
    context = unmerged.context
    supervisor = context.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
    reports = context.imports.apply(supervisor, unmerged.bundles)
    assert [r.outcome for r in reports] == ["imported"] * 3, reports
    facts = unmerged.facts
    return Province(unmerged.master, context, facts["inspected"], facts["conflicted"],
                    stale_before, facts["written_by"])


def open_page(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 860)
    widget.show()
    return widget


def test_the_dashboard_shows_the_counts_of_the_merged_master(qtbot, province: Province) -> None:
    page = open_page(qtbot, DashboardPage(province.page_context()))
    assert page.stale_days == STALE_DAYS
    path = province.master
    independent = {
        "held": count(path, "SELECT count(*) FROM checkpoint WHERE status = ?",
                      CheckpointStatus.HELD_BY_HANDING_PARTY.value),
        "in_progress": count(path, "SELECT count(*) FROM checkpoint WHERE status = ?",
                             CheckpointStatus.HANDOVER_IN_PROGRESS.value),
        "handed_over": count(path, "SELECT count(*) FROM checkpoint WHERE status = ?",
                             CheckpointStatus.HANDED_OVER.value),
        "certificates": count(path, "SELECT count(*) FROM certificate WHERE state = 'issued'"),
        "flagged": count(path, """
            SELECT count(*) FROM handover h WHERE h.state != 'voided' AND (
              h.assumed_duty_at > h.departure_at OR h.id IN (
                SELECT handover_id FROM checklist_response WHERE answer = 'not_done'))"""),
        "stale": len(stale_ids(path)),
    }
    # The laptops' inspections took exactly the three checkpoints they inspected off the list.
    assert independent["stale"] == province.stale_before - 3
    assert not set(province.inspected) & stale_ids(path)
    for measure in MEASURES:
        shown = page.cards[measure.key].button.text()
        assert shown == number(independent[measure.key]), measure.key
    assert page.dashboard is not None
    for measure in MEASURES:
        assert value_of(page.dashboard.province, measure) == independent[measure.key]
    # The district rows add up to the province row.
    total_row = page.district_row(None)
    for column, measure in enumerate(MEASURES, start=1):
        districts = sum(value_of(d.figures, measure) for d in page.dashboard.districts)
        assert districts == independent[measure.key]
        assert page.model.item(total_row, column).text() == number(independent[measure.key])


def test_the_stale_number_opens_the_checkpoints_behind_it(qtbot, province: Province) -> None:
    page = open_page(qtbot, DashboardPage(province.page_context()))
    qtbot.mouseClick(page.cards["stale"].button, Qt.MouseButton.LeftButton)
    assert page.dialog is not None and page.dialog.isVisible()
    with sqlite3.connect(province.master) as connection:
        codes = {row[0]: row[1] for row in connection.execute("SELECT id, code FROM checkpoint")}
    expected = sorted(codes[i] for i in stale_ids(province.master))
    assert sorted(page.dialog.codes()) == expected
    assert not {codes[i] for i in province.inspected} & set(page.dialog.codes())


def test_both_planted_conflicts_are_listed_and_one_is_resolved(qtbot, province: Province) -> None:
    page = open_page(qtbot, ConflictsPage(province.page_context()))
    assert page.model.rowCount() == 2
    with sqlite3.connect(province.master) as connection:
        code_of = dict(connection.execute("SELECT id, code FROM checkpoint").fetchall())
    listed = {str(page.model.data(page.model.index(row, ConflictColumn.TITLE)))
              for row in range(2)}
    assert listed == {code_of[record] for record in province.conflicted}

    page.select_row(0)
    conflict = page.comparison.conflict
    record_id = conflict.record_id
    heads_before = set(conflict.head_ids)
    assert len(heads_before) == 2
    with province.context.database.read() as connection:
        history_before = {r.rev_id for r in revisions_of(connection, record_id)}
    chosen = conflict.heads[0].rev_id
    for name in page.comparison.shown_fields():
        page.comparison.choose(name, chosen)
    with qtbot.waitSignal(page.resolved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    # The resolved record leaves the list; the other conflict stays.
    assert page.model.rowCount() == 1
    remaining = str(page.model.data(page.model.index(0, ConflictColumn.TITLE)))
    assert remaining != code_of[record_id] and remaining in listed
    assert [c.record_id for c in province.context.conflicts.conflicts()] != [record_id]
    # Its history stays whole: every version, and one merge over both heads.
    with province.context.database.read() as connection:
        history = revisions_of(connection, record_id)
        heads = record_heads(connection, record_id)
    assert history_before < {r.rev_id for r in history}
    [merge] = [r for r in history if r.op is Op.MERGE]
    assert set(merge.parents) == heads_before and heads == [merge.rev_id]


def test_the_devices_page_lists_each_laptop_with_what_headquarters_holds(
        qtbot, province: Province) -> None:
    page = open_page(qtbot, DevicesPage(province.page_context()))
    model = page.table.model()

    def text(row: int, column: DeviceColumn) -> str:
        return str(model.data(model.index(row, column)) or "")

    rows = {text(row, DeviceColumn.CODE): row for row in range(model.rowCount())}
    assert set(province.written_by) <= set(rows)
    for code, written in province.written_by.items():
        assert written > 0
        assert text(rows[code], DeviceColumn.HELD) == number(written), code
        assert text(rows[code], DeviceColumn.LAST_IMPORT), code
        assert text(rows[code], DeviceColumn.ALARMS) == _("None"), code


def test_an_import_on_the_page_updates_the_open_dashboard(qtbot, unmerged: Unmerged) -> None:
    from desktop.ui.sync.import_model import FileColumn
    from desktop.ui.sync.import_page import ImportPage
    from tests.gui.test_sync_screens import WAIT_MS, click, drop_files

    supervisor = unmerged.context.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
    notifier = ChangeNotifier()
    dashboard = open_page(qtbot, DashboardPage(
        PageContext(unmerged.context, supervisor, notifier, RecordingForms())))
    importer = open_page(qtbot, ImportPage(
        PageContext(unmerged.context, supervisor, notifier, RecordingForms())))
    stale_before = len(stale_ids(unmerged.master))
    assert dashboard.cards["stale"].button.text() == number(stale_before)

    drop_files(importer, unmerged.bundles)
    with qtbot.waitSignal(importer.checked, timeout=WAIT_MS):
        click(qtbot, importer.check_button)
    with qtbot.waitSignal(importer.imported, timeout=WAIT_MS):
        click(qtbot, importer.import_button)

    def column(number: int) -> list[str]:
        return [str(importer.model.data(importer.model.index(row, number))) for row in range(3)]

    assert column(FileColumn.RESULT) == ["Imported"] * 3
    assert column(FileColumn.CONFLICTS) == ["0", "1", "1"]  # south meets north, west meets south
    # The dashboard that was open follows the import without being reopened.
    qtbot.waitUntil(lambda: dashboard.cards["stale"].button.text() == number(stale_before - 3))
    assert len(stale_ids(unmerged.master)) == stale_before - 3


def test_lists_exported_from_the_screens_hold_the_rows_shown(qtbot, province: Province,
                                                             tmp_path: Path) -> None:
    from tests.gui.test_list_export import (
        assert_rows,
        chooser,
        export,
        read_csv,
        read_xlsx,
        save_in_dialog,
        view_table,
    )

    out = tmp_path / "exports"
    out.mkdir()
    with sqlite3.connect(province.master) as connection:
        code_of = dict(connection.execute("SELECT id, code FROM checkpoint").fetchall())

    conflicts = open_page(qtbot, ConflictsPage(province.page_context()))
    _job, written = export(qtbot, conflicts.exportable_list(), conflicts,
                           choose_path=chooser(out / "conflicts.xlsx"))
    assert written == out / "conflicts.xlsx"
    _sheet, values = read_xlsx(written)
    headers, rows = view_table(conflicts.table)
    assert values[0] == headers and len(rows) == 2
    assert_rows(rows, values[1:])
    titles = {str(row[ConflictColumn.TITLE]) for row in values[1:]}
    assert titles == {code_of[record] for record in province.conflicted}

    devices = open_page(qtbot, DevicesPage(province.page_context()))
    _job, written = export(qtbot, devices.exportable_list(), devices,
                           choose_path=chooser(out / "devices.csv"))
    assert written == out / "devices.csv"
    text = read_csv(written)
    headers, rows = view_table(devices.table)
    assert text[0] == headers and len(rows) == devices.table.model().rowCount()
    # A CSV holds numbers without the grouping the screen shows them with (1,720 -> 1720).
    assert_rows([[cell.replace(",", "") if cell.replace(",", "").isdigit() else cell
                  for cell in row] for row in rows], text[1:])
    held = {row[DeviceColumn.CODE]: row[DeviceColumn.HELD] for row in text[1:]}
    for code, written_by in province.written_by.items():
        assert held[code] == str(written_by)

    # The list behind a dashboard number, through the Export button of its dialog.
    dashboard = open_page(qtbot, DashboardPage(province.page_context()))
    qtbot.mouseClick(dashboard.cards["stale"].button, Qt.MouseButton.LeftButton)
    dialog = dashboard.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = save_in_dialog(qtbot, dialog.export_button.exports[-1], out / "stale.xlsx")
    assert written == out / "stale.xlsx"
    _sheet, values = read_xlsx(written)
    assert_rows(view_table(dialog.table)[1], values[1:])
    assert sorted(str(row[0]) for row in values[1:]) == sorted(
        code_of[i] for i in stale_ids(province.master))


def test_the_people_page_lists_every_account_and_keeps_what_is_done_to_them(
        qtbot, province: Province) -> None:
    from desktop.ui.people.model import AccountColumn, HistoryColumn
    from desktop.ui.people.page import PeoplePage
    from tests.gui.test_people_screen import fill_new_account, with_dialog

    page = open_page(qtbot, PeoplePage(province.page_context()))
    with sqlite3.connect(province.master) as connection:
        usernames = sorted(row[0] for row in connection.execute("SELECT username FROM account"))
    assert sorted(line.username for line in page.model.lines) == usernames

    made = with_dialog(page, "make_add_dialog", fill_new_account)
    page.add_button.click()
    assert made and made[0].result() == made[0].DialogCode.Accepted
    assert count(province.master, "SELECT count(*) FROM account") == len(usernames) + 1
    page.select_account("hassan")
    page.active_button.click()  # disabled by the supervisor
    row = next(r for r, line in enumerate(page.model.lines) if line.username == "hassan")
    assert str(page.model.data(page.model.index(row, AccountColumn.ACTIVE))) == "No"
    history = page.history_model
    operations = [str(history.data(history.index(r, HistoryColumn.OPERATION)))
                  for r in range(history.rowCount())]
    authors = {str(history.data(history.index(r, HistoryColumn.WHO)))
               for r in range(history.rowCount())}
    assert operations[0] == "Disabled" and "Account created" in operations
    assert authors == {"Saad Khalid Al-Issawi"}  # the demo supervisor, who did both


def test_the_summary_pdf_counts_the_laptops_inspections(qtbot, province: Province,
                                                        tmp_path: Path) -> None:
    import re
    import subprocess

    from PySide6.QtCore import QDate

    page = open_page(qtbot, DashboardPage(province.page_context()))
    page.open_summary()
    dialog = page.summary_dialog
    assert dialog is not None
    today = QDate.currentDate()
    # Yesterday to tomorrow: the laptops inspected two hours ago, whatever the hour here.
    dialog.first.setDate(today.addDays(-1))
    dialog.last.setDate(today.addDays(1))
    with qtbot.waitSignal(dialog.written, timeout=60_000) as written:
        dialog.write_to(tmp_path / "summary.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(written.args[0]), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = re.search(r"Inspections in the period\s+(\d+)", text)
    assert found is not None, text
    recent = count(province.master, "SELECT count(*) FROM inspection WHERE state != 'draft' "
                                     "AND inspected_at >= ?", _days_ago(3))
    assert int(found.group(1)) == recent == len(province.inspected)


def _days_ago(days: int) -> str:
    from datetime import timedelta

    from desktop.domain.clock import to_utc_text, utc_now

    return to_utc_text(utc_now() - timedelta(days=days))
