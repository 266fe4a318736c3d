"""An import killed with SIGKILL at any moment leaves the master exactly as before that file,
or fully updated: never half of a file, never a damaged database.

The import runs as the real command (``taslim import``) in a subprocess, which is killed after a
random delay spread over the time a whole import takes; 20 kills, each on a fresh copy.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desktop.domain.entities import Person
from desktop.domain.ids import uuid7
from tests.support import PASSWORD
from tests.sync.support_sync import Headquarters, Laptop, add_work

KILLS = 20
TABLES = ("revision", "record", "conflict_head", "person", "blob")


def state(path: Path) -> dict[str, object]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        found: dict[str, object] = {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in TABLES
        }
        found["import_log"] = connection.execute(
            "SELECT file_sha256, new_count FROM import_log ORDER BY file_sha256").fetchall()
        return found
    finally:
        connection.close()


def run_import(master: Path, bundle: Path, home: Path) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, TASLIM_HOME=str(home), TASLIM_USER="supervisor",
                       TASLIM_PASSWORD=PASSWORD)
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "import", "--db", str(master), str(bundle)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2])


def test_a_killed_import_leaves_the_master_before_or_after(tmp_path):
    hq = Headquarters(tmp_path)
    laptop = Laptop(hq, "one")
    add_work(laptop, "k")
    with laptop.context.store.change(laptop.officer, None) as changes:
        for n in range(4000):  # enough work that the import takes a while to kill into
            changes.put(Person(uuid7(), f"شخص {n}", f"Person {n}", "Private", str(n), None))
    bundle = laptop.export()
    hq.context.close()
    laptop.context.close()
    pristine = tmp_path / "pristine.db"
    shutil.copy(hq.path, pristine)
    before = state(pristine)

    finished = tmp_path / "finished.db"
    shutil.copy(pristine, finished)
    started = time.monotonic()
    assert run_import(finished, bundle, tmp_path / "home").wait() == 0
    duration = time.monotonic() - started
    after = state(finished)
    assert after != before

    rng = random.Random(20261130)
    outcomes = {"before": 0, "after": 0}
    for attempt in range(KILLS):
        master = tmp_path / f"killed-{attempt}.db"
        shutil.copy(pristine, master)
        process = run_import(master, bundle, tmp_path / "home")
        time.sleep(rng.uniform(duration * 0.4, duration * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = state(master)  # integrity_check is asserted inside
        if found == before:
            outcomes["before"] += 1
        else:
            assert found == after, f"kill {attempt}: half an import"
            outcomes["after"] += 1
    # The kills must have landed on both sides of the commit for the test to mean anything.
    assert outcomes["before"] > 0 and outcomes["after"] > 0, outcomes
