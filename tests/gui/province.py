"""A province as headquarters sees it after the field: the demo headquarters, three field
laptops enrolled with its Command CA and given its data, their work carried back on bundles,
and two checkpoints edited on two laptops each (planted conflicts).

Used by tests/gui/test_supervisor_workspace.py and by tests/gui/supervisor_screenshots.py.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from desktop.app import AppContext, open_context
from desktop.demo import DEMO_CA_PASSPHRASE, DEMO_PASSWORDS, build_demo
from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.entities import Checkpoint, Inspection
from desktop.domain.enums import EntityKind, InspectionState
from desktop.domain.ids import uuid7
from desktop.storage.queries import load_entity
from tests.domain.test_templates import good_answers
from tests.support import make_dirs

STALE_DAYS = 7
LAPTOPS = ("north", "south", "west")


def count(path: Path, sql: str, *parameters: object) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(sql, parameters).fetchone()[0])


def stale_ids(path: Path) -> set[str]:
    """Checkpoints with no submitted inspection in the last STALE_DAYS days, by plain SQL."""
    cutoff = to_utc_text(utc_now() - timedelta(days=STALE_DAYS))
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(
            "SELECT id FROM checkpoint WHERE id NOT IN (SELECT checkpoint_id FROM inspection "
            "WHERE state != 'draft' AND inspected_at >= ?)", (cutoff,))}


def field_laptop(root: Path, hq: AppContext, name: str, hq_bundle: Path) -> AppContext:
    """A laptop enrolled with the demo's Command CA, then given headquarters' data."""
    laptop = open_context(make_dirs(root / f"home-{name}"), root / f"{name}.db", create=True)
    request = laptop.enrolment.request_device_certificate(None, laptop.device)
    supervisor = hq.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
    answer = hq.enrolment.sign_request(supervisor, DEMO_CA_PASSPHRASE, request)
    laptop.enrolment.import_device_answer(None, laptop.device, answer)
    [report] = laptop.imports.apply(None, [hq_bundle])
    assert report.outcome == "imported", report
    return laptop


def inspect(laptop: AppContext, checkpoint_id: str) -> None:
    officer = laptop.auth.login("officer", DEMO_PASSWORDS["officer"])
    record = Inspection(uuid7(), checkpoint_id, "inspection", 1, officer.person_id,
                        to_utc_text(utc_now() - timedelta(hours=2)), 180, 33.4, 43.3,
                        good_answers(), (), InspectionState.DRAFT)
    laptop.inspections.submit(officer, record)


def edit_checkpoint(laptop: AppContext, checkpoint_id: str, **fields: object) -> None:
    supervisor = laptop.auth.login("supervisor", DEMO_PASSWORDS["supervisor"])
    with laptop.database.read() as connection:
        checkpoint = load_entity(connection, EntityKind.CHECKPOINT, checkpoint_id)
    assert isinstance(checkpoint, Checkpoint)
    laptop.places.save_checkpoint(supervisor, replace(checkpoint, **fields))


def build_province(root: Path) -> dict:
    """root/master.db (with its home in root/home), root/<laptop>.taslim for each laptop, and
    root/facts.json: what the laptops did, to check the screens against."""
    master = root / "master.db"
    build_demo(master, make_dirs(root / "home"))
    hq = open_context(make_dirs(root / "home"), master, create=False)
    hq_bundle = root / "hq.taslim"
    hq.exports.export(hq_bundle, full=True)
    stale = sorted(stale_ids(master))
    with sqlite3.connect(master) as connection:
        codes = [row[0] for row in connection.execute("SELECT id FROM checkpoint ORDER BY code")]
    assert len(stale) >= 3, "the demo must have checkpoints not inspected for a week"
    laptops = {name: field_laptop(root, hq, name, hq_bundle) for name in LAPTOPS}
    # Field work: the north laptop inspects two stale checkpoints, the west laptop one more.
    inspect(laptops["north"], stale[0])
    inspect(laptops["north"], stale[1])
    inspect(laptops["west"], stale[2])
    # Planted conflicts: the same checkpoint corrected on two laptops, differently.
    first, second = codes[0], codes[1]
    edit_checkpoint(laptops["north"], first, name_en="Corrected on north", latitude=33.11)
    edit_checkpoint(laptops["south"], first, name_en="Corrected on south", longitude=43.22)
    edit_checkpoint(laptops["south"], second, name_en="Second, south")
    edit_checkpoint(laptops["west"], second, name_en="Second, west")
    written_by = {}
    for name, laptop in laptops.items():
        laptop.exports.export(root / f"{name}.taslim")
        laptop.close()
        written_by[laptop.device.short_code] = count(
            root / f"{name}.db", "SELECT count(*) FROM revision WHERE device_id = ?",
            laptop.device.device_id)
    hq.close()
    facts = {"inspected": stale[:3], "written_by": written_by,
             "conflicted": {first: ["north", "south"], second: ["south", "west"]}}
    (root / "facts.json").write_text(json.dumps(facts))
    return facts
