"""Test set-up for the whole suite.

* Qt draws offscreen unless the caller chose a platform (e.g. xvfb-run for screenshots).
* Every test gets its own empty TASLIM_HOME, so nobody's real settings, keys, databases or logs
  are read or written.
* Messages are in English, so tests can compare them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def taslim_home(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The per-user data, config and log folders of this test (all under one tmp folder)."""
    from desktop.i18n import set_language

    home = tmp_path_factory.mktemp("taslim-home")
    monkeypatch.setenv("TASLIM_HOME", str(home))
    monkeypatch.setenv("LANG", "C.UTF-8")  # the CLI would speak Arabic under an Arabic locale
    set_language("en")
    yield home
    set_language("en")
