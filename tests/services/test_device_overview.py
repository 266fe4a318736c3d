"""The Devices overview on real databases: figures from the master, alarms from the journal."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from desktop.domain.clock import now_ms
from desktop.services.base import Store
from desktop.services.devices import CLOCK, TAMPER, DeviceStatus
from desktop.storage.sync_store import watermark
from tests.sync.crafting import lines_of, read_entries, rechain, resign, write_entries
from tests.sync.support_sync import Headquarters, Laptop, add_work

TEN_DAYS_MS = 10 * 24 * 3600 * 1000


@dataclass
class Scene:
    hq: Headquarters
    one: Laptop
    two: Laptop
    first_bundle: Path


def forked_bundle(laptop: Laptop, held: Path, target: Path) -> Path:
    """The laptop's bundle with its last revision rewritten (and signed again): a second
    history of a sequence number headquarters already holds."""
    entries = read_entries(held)
    lines = lines_of(entries)
    payload = json.loads(lines[-1]["payload"])
    payload["latitude"] = 30.0
    lines[-1]["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":"))
    sign = laptop.context.device.signer.sign
    rechain(lines, sign, start=len(lines) - 1)
    return write_entries(target, resign(entries, sign, lines=lines))


def future_clock_bundle(hq: Headquarters, laptop: Laptop) -> Path:
    skewed = Store(laptop.context.database, laptop.context.device.signer,
                   lambda: now_ms() + TEN_DAYS_MS)
    supervisor = laptop.context.auth.login("supervisor", "correct-horse")
    with skewed.change(supervisor, None) as changes:
        changes.put(replace(hq.world.checkpoint, name_en="From the future"))
    return laptop.export("-future")


def build_scene(root: Path) -> Scene:
    """Laptop one imported and given a receipt, then its forked bundle, laptop two's bundle
    with a clock ten days ahead and a garbage file are offered in one run."""
    hq = Headquarters(root)
    one, two = Laptop(hq, "one"), Laptop(hq, "two")
    add_work(one, "a")
    first = one.export(full=True)
    reports = hq.context.imports.apply(hq.supervisor, [first])
    assert [r.outcome for r in reports] == ["imported"]
    hq.context.receipts.make(one.context.device.device_id)
    fork = forked_bundle(one, first, root / "fork.taslim")
    future = future_clock_bundle(hq, two)
    garbage = root / "garbage.taslim"
    garbage.write_bytes(os.urandom(4096))
    reports = hq.context.imports.apply(hq.supervisor, [fork, future, garbage])
    assert [(r.outcome, r.reason) for r in reports] == [
        ("refused", "fork"), ("imported", ""), ("refused", reports[2].reason)]
    assert reports[1].flagged >= 1
    return Scene(hq, one, two, first)


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    made = build_scene(tmp_path_factory.mktemp("devices"))
    yield made
    for context in (made.hq.context, made.one.context, made.two.context):
        context.close()


def status_of(scene: Scene, laptop: Laptop) -> DeviceStatus:
    found = {s.device_id: s for s in scene.hq.context.devices.devices()}
    return found[laptop.context.device.device_id]


def test_laptop_one_is_enrolled_held_imported_receipted_and_has_a_tamper_alarm(scene):
    status = status_of(scene, scene.one)
    device = scene.one.context.device
    assert status.short_code == device.short_code and status.known
    assert status.enrolled and not status.this_computer
    with scene.hq.context.database.read() as connection:
        mark = watermark(connection, device.device_id)
    assert mark.count > 0
    assert (status.held_seq, status.held_count) == (mark.seq, mark.count)
    assert status.imports == 1
    assert status.last_import is not None
    assert status.last_import.file_name == scene.first_bundle.name
    assert status.last_import.new == mark.count and status.last_import.at
    assert status.last_receipt is not None
    assert status.last_receipt.held_seq == mark.seq and status.last_receipt.at
    assert [a.kind for a in status.alarms] == [TAMPER]
    alarm = status.tamper_alarms[0]
    assert alarm.file_name == "fork.taslim" and alarm.at
    assert alarm.message.startswith("TAMPER ALARM: laptop " + device.short_code)
    assert not status.clock_warnings and not status.refusals
    imports = scene.hq.context.devices.imports(device.device_id)
    assert [i.file_name for i in imports] == [scene.first_bundle.name]


def test_laptop_two_has_a_clock_warning_and_no_receipt(scene):
    status = status_of(scene, scene.two)
    assert status.enrolled and status.last_receipt is None
    assert status.last_import is not None and status.last_import.flagged >= 1
    assert [a.kind for a in status.alarms] == [CLOCK]
    assert "more than a day ahead" in status.clock_warnings[0].message
    assert not status.tamper_alarms


def test_headquarters_itself_is_listed_last_as_this_computer(scene):
    statuses = scene.hq.context.devices.devices()
    assert statuses[-1].this_computer
    assert statuses[-1].device_id == scene.hq.context.device.device_id
    assert sum(s.this_computer for s in statuses) == 1


def test_a_garbage_file_is_a_refusal_that_names_no_laptop(scene):
    refusals = scene.hq.context.devices.unidentified_refusals()
    assert [r.file_name for r in refusals] == ["garbage.taslim"]
    assert refusals[0].message and refusals[0].at


def test_receipt_lines_are_in_the_journal(scene):
    journal = scene.hq.context.imports._journal  # the same file the overview reads
    receipts = [e for e in journal.entries() if e.get("outcome") == "receipt"]
    assert len(receipts) == 1
    assert receipts[0]["device_id"] == scene.one.context.device.device_id
    assert receipts[0]["device_code"] == scene.one.context.device.short_code
