"""The import bench still runs end to end (at a tiny size): a bench that broke silently would
leave the import's speed unmeasured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_bench_runs_and_imports_everything(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_sync_import.py"), "--devices", "2",
         "--revisions", "40", "--processes", "1", "--cache", str(tmp_path / "cache"),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "outcomes: {'imported': 2} (all imported: yes)" in output
    assert "outcomes: {'nothing_new': 2} (all nothing_new: yes)" in output
    assert "revisions from laptops             80" in output
    assert "ratio import rate / raw rate" in output
