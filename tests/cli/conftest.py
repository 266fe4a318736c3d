"""The taslim command run as a real subprocess, and a demo database made by it once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def taslim(
    *arguments: str, home: Path, timeout: int = 300, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TASLIM_"))
    }
    environment.update(TASLIM_HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    environment.update(extra or {})
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    path = root / "d.db"
    result = taslim("demo", "--db", str(path), home=root / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("OK")
    return path, root / "home"
