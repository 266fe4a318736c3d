"""The exchange screens on real databases: headquarters checks and imports the laptops' bundles
(a conflict, a garbage file), writes receipts; a laptop exports and reads its receipt."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.domain.enums import Role
from desktop.services.base import Changes
from desktop.storage.queries import record_heads
from desktop.ui.changes import ChangeNotifier
from desktop.ui.language import apply_language
from desktop.ui.page_registry import PageContext, build_page
from desktop.ui.pages import NAVIGATION
from desktop.ui.sync.common import FORK, STOPPED
from desktop.ui.sync.exchange import ExchangePage
from desktop.ui.sync.import_model import FileColumn, HistoryColumn
from desktop.ui.sync.import_page import ImportPage
from tests.gui.test_checkpoints import RecordingForms
from tests.sync.crafting import lines_of, read_entries, rechain, resign, write_entries
from tests.sync.support_sync import Headquarters, Laptop

WAIT_MS = 30_000  # generous: the work runs on a worker thread; no assertion depends on speed


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Headquarters]:
    made = Headquarters(tmp_path)
    yield made
    made.context.close()


@pytest.fixture
def laptops(hq: Headquarters) -> Iterator[tuple[Laptop, Laptop]]:
    one, two = Laptop(hq, "one"), Laptop(hq, "two")
    yield one, two
    one.context.close()
    two.context.close()


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def drop_files(target, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)) or "")


def conflicting_bundles(hq: Headquarters, one: Laptop, two: Laptop,
                        tmp_path: Path) -> list[Path]:
    checkpoint = hq.world.checkpoint
    one.rename_checkpoint(checkpoint, "Renamed on one")
    two.rename_checkpoint(checkpoint, "Renamed on two")
    garbage = tmp_path / "garbage.taslim"
    garbage.write_bytes(os.urandom(4096))
    return [one.export(), two.export(), garbage]


# -- headquarters ---------------------------------------------------------------------------------


def test_the_supervisor_checks_imports_and_writes_receipts(qtbot, hq: Headquarters,
                                                           laptops, tmp_path: Path) -> None:
    one, two = laptops
    files = conflicting_bundles(hq, one, two, tmp_path)
    notifier = ChangeNotifier()
    announced: list[Changes] = []
    notifier.changed.connect(announced.append)
    page = show(qtbot, ImportPage(PageContext(hq.context, hq.supervisor, notifier,
                                              RecordingForms())))
    assert page.drop_area.isVisible() and not page.table.isVisible()
    assert not page.check_button.isEnabled() and not page.import_button.isEnabled()

    drop_files(page, files)
    model = page.model
    assert model.rowCount() == 3 and page.table.isVisible()
    assert cell(model, 0, FileColumn.RESULT) == "Not checked yet"
    assert not page.import_button.isEnabled()

    with qtbot.waitSignal(page.checked, timeout=WAIT_MS):
        click(qtbot, page.check_button)
    results = [cell(model, row, FileColumn.RESULT) for row in range(3)]
    assert results == ["Ready to import"] * 2 + ["Refused"]
    assert [cell(model, row, FileColumn.LAPTOP) for row in range(2)] == [
        one.context.device.short_code, two.context.device.short_code]
    assert cell(model, 2, FileColumn.NEW) == "–"
    assert model.data(model.index(2, FileColumn.RESULT), Qt.ItemDataRole.ForegroundRole) \
        .name() == "#b00020"
    # The refused file is selected at once and its sentence is shown in full, in red.
    assert page.table.currentIndex().row() == 2
    assert page.details.isVisible() and page.details.property("tone") == "error"
    refusal = page.details.text.text()
    assert refusal == model.rows[2].report.message and "Taslim" in refusal
    assert not page.alarm.isVisible()
    assert hq.context.overview.overview().conflicts == 0  # a check writes nothing
    assert page.history_model.rowCount() == 0

    assert page.import_button.isEnabled()
    with qtbot.waitSignal(page.imported, timeout=WAIT_MS):
        click(qtbot, page.import_button)
    results = [cell(model, row, FileColumn.RESULT) for row in range(3)]
    assert results == ["Imported", "Imported", "Refused"]
    assert cell(model, 1, FileColumn.CONFLICTS) == "1"
    with hq.context.database.read() as connection:
        assert len(record_heads(connection, hq.world.checkpoint.id)) == 2
    assert hq.context.overview.overview().conflicts == 1
    assert "Files imported: 2 · nothing new: 0 · refused: 1" in page.note.text.text()
    assert "conflicts: 1" in page.note.text.text()
    assert announced and announced[-1].entities  # other screens are told
    assert not page.import_button.isEnabled()  # imported: a new check comes first

    history = page.history_model
    assert history.rowCount() == 3
    assert {cell(history, row, HistoryColumn.RESULT) for row in range(3)} == {
        "Imported", "Refused"}
    assert cell(history, 0, HistoryColumn.FILE) == "garbage.taslim"  # newest first
    assert cell(history, 0, HistoryColumn.MESSAGE) == refusal
    assert cell(history, 0, HistoryColumn.BY) == "supervisor"

    folder = tmp_path / "stick"
    folder.mkdir()
    assert page.receipts_button.isVisible() and page.receipts_button.isEnabled()
    with qtbot.waitSignal(page.receipts_written, timeout=WAIT_MS):
        page.write_receipts_to(folder)
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(f"receipt-{laptop.context.device.short_code}.json"
                           for laptop in (one, two))
    for laptop in (one, two):
        receipt = folder / f"receipt-{laptop.context.device.short_code}.json"
        holdings = laptop.context.exports.accept_receipt(receipt.read_bytes())
        assert holdings.pending == 0
    assert "Receipts written to" in page.note.text.text()


def forked_bundle(hq: Headquarters, laptop: Laptop, tmp_path: Path) -> Path:
    """A bundle whose last revision differs from the one headquarters already holds: the
    laptop's database was restored from a copy and written again (see tests/sync)."""
    laptop.rename_checkpoint(hq.world.checkpoint, "First story")
    held = laptop.export("-held")
    hq.context.imports.apply(hq.supervisor, [held])
    entries = read_entries(held)
    lines = lines_of(entries)
    payload = json.loads(lines[-1]["payload"])
    payload["latitude"] = 30.0
    lines[-1]["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":"))
    sign = laptop.context.device.signer.sign
    rechain(lines, sign, start=len(lines) - 1)
    return write_entries(tmp_path / "fork.taslim", resign(entries, sign, lines=lines))


def test_a_tamper_alarm_is_shown_in_red_above_everything(qtbot, hq: Headquarters, laptops,
                                                        tmp_path: Path) -> None:
    one, two = laptops
    fork = forked_bundle(hq, one, tmp_path)
    two.rename_checkpoint(hq.world.checkpoint, "Renamed on two")
    good = two.export()
    page = show(qtbot, ImportPage(PageContext(hq.context, hq.supervisor, ChangeNotifier(),
                                              RecordingForms())))
    assert page.add_paths([good, fork]) == 2
    assert page.add_paths([fork]) == 0  # a file is listed once
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS):
        click(qtbot, page.check_button)
    model = page.model
    assert model.rows[1].state == FORK
    assert cell(model, 1, FileColumn.RESULT) == "Refused: TAMPER ALARM"
    assert model.data(model.index(1, FileColumn.FILE), Qt.ItemDataRole.BackgroundRole) \
        .name() == "#fde0e4"
    assert page.alarm.isVisible() and page.alarm.property("tone") == "alarm"
    assert "TAMPER ALARM" in page.alarm.text.text()
    assert page.table.currentIndex().row() == 1  # the alarm's row is the one shown
    assert page.details.property("tone") == "alarm"
    assert page.details.text.text().startswith("TAMPER ALARM")

    with qtbot.waitSignal(page.imported, timeout=WAIT_MS):
        click(qtbot, page.import_button)
    assert [row.state for row in model.rows] == ["imported", FORK]
    assert page.note.property("tone") == "alarm"
    history = page.history_model
    assert cell(history, 0, HistoryColumn.RESULT) == "Refused: TAMPER ALARM"
    assert history.data(history.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None


def test_stopping_an_import_keeps_what_was_imported(qtbot, hq: Headquarters, laptops,
                                                    tmp_path: Path) -> None:
    one, two = laptops
    one.rename_checkpoint(hq.world.checkpoint, "Renamed on one")
    two.rename_checkpoint(hq.world.checkpoint, "Renamed on two")
    files = [one.export(), two.export()]
    page = show(qtbot, ImportPage(PageContext(hq.context, hq.supervisor, ChangeNotifier(),
                                              RecordingForms())))
    page.add_paths(files)
    with qtbot.waitSignal(page.checked, timeout=WAIT_MS):
        click(qtbot, page.check_button)

    def stop_at_the_second(done: int, total: int) -> None:
        if done >= total // 2 and page.task is not None:
            page.task.cancel()  # as the Stop button of the progress dialog does

    with qtbot.waitSignal(page.imported, timeout=WAIT_MS):
        click(qtbot, page.import_button)
        assert page.task is not None
        # The worker waits for this slot on each report, so the Stop lands exactly as the
        # second file begins, however fast the machine (the worker reports before each file).
        page.task._signals.progress.connect(stop_at_the_second,
                                            Qt.ConnectionType.BlockingQueuedConnection)
    states = [row.state for row in page.model.rows]
    assert states == ["imported", STOPPED], states
    assert cell(page.model, 1, FileColumn.RESULT) == "Not imported (stopped)"
    assert "Stopped" in page.note.text.text()
    assert page.history_model.rowCount() == 1
    assert [r.outcome for r in hq.context.imports.examine(files)] == [
        "nothing_new", "would_import"]


def test_a_folder_brings_the_bundles_inside_it(qtbot, hq: Headquarters, laptops,
                                               tmp_path: Path) -> None:
    one, _two = laptops
    one.rename_checkpoint(hq.world.checkpoint, "Renamed on one")
    stick = tmp_path / "stick"
    stick.mkdir()
    one.export().rename(stick / "one.taslim")
    (stick / "notes.txt").write_text("not a bundle")
    page = show(qtbot, ImportPage(PageContext(hq.context, hq.supervisor, ChangeNotifier(),
                                              RecordingForms())))
    drop_files(page, [stick])
    assert page.model.paths() == [stick / "one.taslim"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert page.add_paths([empty]) == 0
    assert "no bundle file" in page.note.text.text()
    page.table.selectRow(0)
    click(qtbot, page.remove_button)
    assert page.model.rowCount() == 0 and page.drop_area.isVisible()


# -- the laptop -----------------------------------------------------------------------------------


def test_a_laptop_exports_and_reads_the_receipt(qtbot, hq: Headquarters, laptops,
                                                tmp_path: Path) -> None:
    one, _two = laptops
    one.rename_checkpoint(hq.world.checkpoint, "Renamed on one")
    page = show(qtbot, ExchangePage(PageContext(one.context, one.officer, ChangeNotifier(),
                                                RecordingForms())))
    holdings = one.context.exports.holdings()
    assert holdings.pending > 0
    text = page.standing_text.text()
    assert f"This laptop has written {holdings.written} records." in text
    assert "No receipt from headquarters has been read" in text

    bundle = tmp_path / "for-hq"  # the suffix is added
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        page.export_to(bundle)
    bundle = bundle.with_name("for-hq.taslim")
    assert bundle.is_file() and "Bundle written" in page.note.text.text()
    reports = hq.context.imports.apply(hq.supervisor, [bundle])
    assert [r.outcome for r in reports] == ["imported"]

    receipt = tmp_path / "receipt.json"
    receipt.write_bytes(hq.context.receipts.make(one.context.device.device_id))
    with qtbot.waitSignal(page.receipt_read, timeout=WAIT_MS):
        assert page.read_receipt(receipt)
    assert "headquarters confirmed it holds all of them" in page.standing_text.text()
    assert page.standing.property("tone") == "good"
    assert one.context.exports.holdings().pending == 0

    # Nothing left to send: said as information, not as an error; "everything" still exports.
    page.export_to(tmp_path / "again.taslim")
    qtbot.waitUntil(lambda: page.task is not None and not page.task.running, timeout=WAIT_MS)
    assert page.note.isVisible() and page.note.property("tone") == "info"
    assert "Headquarters already holds everything" in page.note.text.text()
    assert not (tmp_path / "again.taslim").exists()
    page.full_box.setChecked(True)
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        page.export_to(tmp_path / "everything.taslim")
    assert (tmp_path / "everything.taslim").is_file()


def test_a_receipt_for_another_laptop_is_refused_with_its_sentence(qtbot, hq: Headquarters,
                                                                  laptops,
                                                                  tmp_path: Path) -> None:
    one, two = laptops
    two.rename_checkpoint(hq.world.checkpoint, "Renamed on two")
    hq.context.imports.apply(hq.supervisor, [two.export()])
    receipt = tmp_path / "receipt-two.json"
    receipt.write_bytes(hq.context.receipts.make(two.context.device.device_id))
    page = show(qtbot, ExchangePage(PageContext(one.context, one.officer, ChangeNotifier(),
                                                RecordingForms())))
    assert not page.read_receipt(receipt)
    assert page.note.property("tone") == "error"
    assert page.note.text.text() == "This receipt is for another laptop, not for this one."


def test_officers_and_clerks_have_the_exchange_page(hq: Headquarters, qtbot) -> None:
    for role in (Role.OFFICER, Role.CLERK):
        assert "exchange" in [entry.key for entry in NAVIGATION[role]]
    assert "exchange" not in [entry.key for entry in NAVIGATION[Role.SUPERVISOR]]
    context = PageContext(hq.context, hq.supervisor, ChangeNotifier(), RecordingForms())
    entries = {entry.key: entry for role in Role for entry in NAVIGATION[role]}
    assert isinstance(show(qtbot, build_page(entries["import"], context)), ImportPage)
    assert isinstance(show(qtbot, build_page(entries["exchange"], context)), ExchangePage)


def test_the_exchange_page_speaks_arabic_right_to_left(qtbot, hq: Headquarters,
                                                      laptops) -> None:
    one, _two = laptops
    one.rename_checkpoint(hq.world.checkpoint, "Renamed on one")
    apply_language("ar")
    page = show(qtbot, ExchangePage(PageContext(one.context, one.officer, ChangeNotifier(),
                                                RecordingForms())))
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    written = one.context.exports.holdings().written
    digits = str(written).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert page.standing_text.text().startswith(f"سجّل هذا الحاسوب {digits} قيود.")
    assert "لم يُقرأ على هذا الحاسوب أي إيصال" in page.standing_text.text()
    assert page.export_button.text() == "تصدير حزمة لمقر القيادة…"


def test_the_file_menu_exports_for_headquarters(qtbot, hq: Headquarters, laptops,
                                                tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.language import LanguageSwitch
    from desktop.ui.main_window import MainWindow

    one, _two = laptops
    one.rename_checkpoint(hq.world.checkpoint, "Renamed on one")
    page_context = PageContext(one.context, one.officer, ChangeNotifier(), RecordingForms())
    window = MainWindow(session=one.officer, overview=one.context.overview,
                        device_code=one.context.device.short_code,
                        database_path=one.context.database.path,
                        language=LanguageSwitch(one.context.settings, one.context.dirs.config),
                        page_factory=lambda entry: build_page(entry, page_context))
    qtbot.addWidget(window)
    window.show()
    assert window.export_action is not None
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    target = tmp_path / "from-menu.taslim"
    # The save dialog is the platform's; it answers with the path a clerk would choose.
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    window.export_action.trigger()
    assert window.current_key() == "exchange"
    page = window.pages.currentWidget()
    assert isinstance(page, ExchangePage)
    qtbot.waitUntil(target.is_file, timeout=WAIT_MS)
    [report] = hq.context.imports.examine([target])
    assert report.outcome == "would_import"
