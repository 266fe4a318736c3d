"""Power cut while typing: the app is killed with SIGKILL after the autosave, and on the next
start the form opens again from the draft with everything that was typed.

The form runs in a process of its own (tests/gui/draft_driver.py), the real context and the real
widgets, offscreen; SIGKILL gives it no chance to clean up, like pulling the plug.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.app import AppContext
from desktop.domain.entities import Checkpoint, District
from desktop.domain.enums import CheckpointKind, CheckpointStatus, Role
from desktop.domain.ids import uuid7
from desktop.services.base import Session
from tests.gui.draft_driver import COUNTS, OBSERVATIONS, PRESSED

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 180  # generous: a slow machine only makes the test slower, never wrong


class Driver:
    """The driver module in a process of its own; its output read line by line on a thread,
    its errors kept in a file (a pipe nobody reads could fill up and stall it)."""

    def __init__(self, mode: str, *arguments: str, home: Path, log: Path) -> None:
        environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", TASLIM_HOME=str(home),
                           PYTHONPATH=str(ROOT))
        self.log = log
        with log.open("w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.gui.draft_driver", mode, *arguments],
                cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=errors, text=True,
                encoding="utf-8",
            )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._pump = threading.Thread(target=self._read, daemon=True)
        self._pump.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def line_starting(self, prefix: str) -> str:
        """The rest of the first output line starting with ``prefix``."""
        while True:
            try:
                line = self._lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                pytest.fail(f"the driver said no {prefix!r} within {WAIT_SECONDS} s")
            if line is None:
                pytest.fail(f"the driver ended before {prefix!r}: {self.log.read_text()}")
            if line.startswith(prefix):
                return line[len(prefix):].strip()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=WAIT_SECONDS)
        self._pump.join(timeout=WAIT_SECONDS)
        assert self.process.stdout is not None
        self.process.stdout.close()


def make_checkpoint(context: AppContext, supervisor: Session) -> Checkpoint:
    district = District(uuid7(), "HIT", "هيت", "Hit")
    context.places.save_district(supervisor, district)
    checkpoint = Checkpoint(uuid7(), "HIT-HW-03", "سيطرة الطريق الخارجي", "Highway checkpoint",
                            district.id, CheckpointKind.HIGHWAY, 33.63, 42.82, None,
                            CheckpointStatus.HELD_BY_HANDING_PARTY)
    context.places.save_checkpoint(supervisor, checkpoint)
    return checkpoint


def test_a_draft_survives_sigkill_and_reopens_intact(
    context: AppContext, sessions: dict[Role, Session], database_path: Path, taslim_home: Path,
    tmp_path: Path,
) -> None:
    checkpoint = make_checkpoint(context, sessions[Role.SUPERVISOR])
    typing = Driver("type", "--db", str(database_path), "--checkpoint", checkpoint.id,
                    home=taslim_home, log=tmp_path / "type.log")
    try:
        key = typing.line_starting("TYPED ")
        typing.process.send_signal(signal.SIGKILL)
        typing.process.wait(timeout=WAIT_SECONDS)
    finally:
        typing.close()
    assert typing.process.returncode == -signal.SIGKILL  # it died by the signal, nothing else

    connection = sqlite3.connect(database_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()

    checking = Driver("check", "--db", str(database_path), "--key", key, home=taslim_home,
                      log=tmp_path / "check.log")
    try:
        state = json.loads(checking.line_starting("STATE "))
        assert checking.process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        checking.close()
    assert state["observations"] == OBSERVATIONS
    assert state["answers"] == {**COUNTS, **PRESSED, "observations": OBSERVATIONS}
    assert state["checkpoint_id"] == checkpoint.id
    assert state["mode"] == "new"

    draft = context.drafts.load(sessions[Role.OFFICER], key)  # and the service sees the same
    assert draft is not None and draft.content["answers"]["observations"] == OBSERVATIONS
