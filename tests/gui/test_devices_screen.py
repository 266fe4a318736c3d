"""The supervisor's Devices page on real databases: laptops' figures, a tamper alarm, refresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.storage.sync_store import watermark
from desktop.ui.changes import ChangeNotifier
from desktop.ui.devices.model import DeviceColumn
from desktop.ui.devices.page import DevicesPage
from desktop.ui.page_registry import PageContext, build_page
from desktop.ui.pages import NAVIGATION
from desktop.ui.sync.import_run import imported_changes
from tests.gui.test_checkpoints import RecordingForms
from tests.services.test_device_overview import Scene, build_scene
from tests.sync.support_sync import add_work


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    made = build_scene(tmp_path)
    yield made
    for context in (made.hq.context, made.one.context, made.two.context):
        context.close()


def cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)) or "")


def open_page(qtbot, scene: Scene, notifier: ChangeNotifier) -> DevicesPage:
    page = DevicesPage(PageContext(scene.hq.context, scene.hq.supervisor, notifier,
                                   RecordingForms()))
    qtbot.addWidget(page)
    page.resize(1200, 860)
    page.show()
    return page


def held(scene: Scene, device_id: str) -> int:
    with scene.hq.context.database.read() as connection:
        return watermark(connection, device_id).seq


def test_the_page_stands_behind_the_supervisors_devices_entry(qtbot, scene: Scene) -> None:
    from desktop.domain.enums import Role

    entry = next(e for e in NAVIGATION[Role.SUPERVISOR] if e.key == "devices")
    page = build_page(entry, PageContext(scene.hq.context, scene.hq.supervisor,
                                         ChangeNotifier(), RecordingForms()))
    qtbot.addWidget(page)
    assert isinstance(page, DevicesPage)


def test_the_table_shows_both_laptops_and_the_tamper_alarm(qtbot, scene: Scene) -> None:
    page = open_page(qtbot, scene, ChangeNotifier())
    model = page.model
    one, two = scene.one.context.device, scene.two.context.device
    rows = {cell(model, row, DeviceColumn.CODE): row for row in range(model.rowCount())}
    assert {one.short_code, two.short_code} <= set(rows)
    first, second = rows[one.short_code], rows[two.short_code]
    assert cell(model, first, DeviceColumn.ENROLLED) == "Yes"
    assert cell(model, second, DeviceColumn.ENROLLED) == "Yes"
    assert cell(model, first, DeviceColumn.HELD) == str(held(scene, one.device_id))
    assert cell(model, second, DeviceColumn.HELD) == str(held(scene, two.device_id))
    assert cell(model, first, DeviceColumn.LAST_IMPORT) != "–"
    assert cell(model, first, DeviceColumn.LAST_RECEIPT) != "–"
    assert cell(model, second, DeviceColumn.LAST_RECEIPT) == "–"
    assert cell(model, first, DeviceColumn.ALARMS) == "1 tamper alarm"
    assert cell(model, second, DeviceColumn.ALARMS) == "1 clock warning"
    red = model.data(model.index(first, DeviceColumn.ALARMS), Qt.ItemDataRole.ForegroundRole)
    amber = model.data(model.index(second, DeviceColumn.ALARMS), Qt.ItemDataRole.ForegroundRole)
    assert red.name() == "#8c0016" and amber.name() == "#9a5b00"
    assert [page.refusals_model.refusals[0].file_name] == ["garbage.taslim"]
    assert page.refusals_table.isVisible()

    # The laptop with the tamper alarm is the one shown first; its sentence is there in red.
    assert page.current_device().device_id == one.device_id
    page.select_row(second)
    assert page.current_device().device_id == two.device_id
    assert "more than a day ahead" in " ".join(page.details.alarm_texts())
    page.select_row(first)
    texts = page.details.alarm_texts()
    assert len(texts) == 1 and "TAMPER ALARM: laptop " + one.short_code in texts[0]
    box = page.details.alarm_boxes[0]
    assert box.isVisible() and box.property("kind") == "tamper"
    assert box.text.palette().color(box.text.foregroundRole()).name() == "#8c0016"
    assert page.details.imports_model.rowCount() == 1


def test_the_page_reads_again_after_an_announced_import(qtbot, scene: Scene) -> None:
    notifier = ChangeNotifier()
    page = open_page(qtbot, scene, notifier)
    two = scene.two
    row = page.model.row_of(two.context.device.device_id)
    before = cell(page.model, row, DeviceColumn.HELD)
    add_work(two, "later")
    reports = scene.hq.context.imports.apply(scene.hq.supervisor, [two.export("-later")])
    assert [r.outcome for r in reports] == ["imported"]
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        notifier.announce(imported_changes(reports))
    row = page.model.row_of(two.context.device.device_id)
    after = cell(page.model, row, DeviceColumn.HELD)
    assert after == str(held(scene, two.context.device.device_id)) and after != before
