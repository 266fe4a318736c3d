"""The PyInstaller bundle: built from build.spec into a temporary folder, measured and run.

Slow (the build is most of it): PyInstaller analyses, copies and strips the whole application,
then the scripted flow (tools/bundle_flow.py) runs the commands through the bundle's executable
only. `make test` and CI run it like every other test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SIZE_BUDGET = 125_000_000  # bytes: the 125 MB, in decimal megabytes
BUILD_TIMEOUT = 1800  # seconds; only so that a hung build fails instead of hanging CI
RUN_TIMEOUT = 300


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The executable of a bundle built from this checkout (not into the repository)."""
    root = tmp_path_factory.mktemp("pyinstaller")
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(root / "dist"),
         "--workpath", str(root / "work"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    print(f"bundle built in {time.monotonic() - began:.0f} s")
    executable = root / "dist" / "taslim" / "taslim"
    assert executable.is_file()
    return executable


def clean_environment(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that points Taslim or platformdirs at a
    folder, so that the bundle chooses its folders itself."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("TASLIM_", "XDG_", "LC_"))}
    environment.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    environment.update(extra)
    return environment


def run(executable: Path, *arguments: str, cwd: Path, environment: dict[str, str]
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(executable), *arguments], cwd=cwd, env=environment,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT, check=False)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_folder_stays_within_the_size_budget(bundle):
    measured = subprocess.run(["du", "-sb", str(bundle.parent)], capture_output=True, text=True,
                              check=True).stdout
    size = int(measured.split()[0])
    print(f"bundle folder: {size:,} bytes")
    assert size <= SIZE_BUDGET, f"the bundle folder holds {size:,} bytes"


def test_the_scripted_flow_passes_through_the_executable_only(bundle, tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bundle_flow.py"), str(bundle),
         str(tmp_path / "flow")],
        capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "totals: 10 steps passed" in result.stdout
    # The import of more than WORTH_A_WORKER bytes ran its worker processes, and none of them
    # started the command line (and so the window) again.
    assert "none loaded Qt" in result.stdout


def test_the_self_test_passes_on_an_x_display_with_the_systems_libraries(bundle, tmp_path):
    """The bundle leaves X11, fontconfig, glib and the C++ runtime to the system (build.spec,
    SYSTEM_PROVIDED): on a real X server (Xvfb) Qt's xcb platform must load with them."""
    environment = clean_environment(TASLIM_HOME=str(tmp_path / "home"))
    del environment["QT_QPA_PLATFORM"]
    result = subprocess.run(["xvfb-run", "-a", str(bundle), "--self-test"], cwd=tmp_path,
                            env=environment, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=RUN_TIMEOUT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "qt: xcb platform" in result.stdout
    assert result.stdout.strip().endswith("OK")


def test_portable_mode_keeps_data_settings_and_logs_beside_the_executable(bundle, tmp_path):
    laptop = tmp_path / "usb" / "Taslim"
    shutil.copytree(bundle.parent, laptop, symlinks=True)
    (laptop / "portable").touch()
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    environment = clean_environment(HOME=str(home))
    executable = laptop / bundle.name

    self_test = run(executable, "--self-test", cwd=work, environment=environment)
    assert self_test.returncode == 0, self_test.stdout + self_test.stderr
    demo = run(executable, "demo", "--db", "shift.db", "--inspections", "0", cwd=work,
               environment=environment)
    assert demo.returncode == 0, demo.stdout + demo.stderr

    beside = files_under(laptop / "data")
    assert "data/taslim.db" in beside  # the default database of the self-test
    assert "logs/taslim.log" in beside
    # One device secret for each database: the default one and the demo's.
    assert len([name for name in beside if name.startswith("config/secrets/device-")]) == 2
    assert (work / "shift.db").is_file()  # --db names the file itself
    # Nothing of Taslim's in the person's own folders (fontconfig may keep its cache there).
    assert [name for name in files_under(home) if "taslim" in name.lower()] == []
    log = (laptop / "data" / "logs" / "taslim.log").read_text(encoding="utf-8")
    assert f"Taslim {__version__} (bundle, Python" in log and "started: --self-test" in log
    assert "unexpected error" not in log


def test_without_the_marker_data_goes_to_the_platforms_own_folders(bundle, tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    result = run(bundle, "--self-test", cwd=work, environment=clean_environment(HOME=str(home)))
    assert result.returncode == 0, result.stdout + result.stderr
    made = files_under(home)
    # platformdirs on Linux: XDG data, config and state folders under the home folder.
    assert ".local/share/taslim/taslim.db" in made
    assert ".local/state/taslim/log/taslim.log" in made
    assert any(name.startswith(".config/taslim/secrets/device-") for name in made)
    assert not (bundle.parent / "data").exists()


def test_the_trimmed_icu_answers_what_qt_asks_as_the_full_one_does(bundle):
    """build.spec keeps Qt's ICU data for Arabic, English and the root locale only: collation,
    case mapping and time-zone names must be the same as with the wheel's full data."""
    import PySide6

    probe = Path(__file__).with_name("icu_probe.py")
    answers = {}
    for name, folder in (("full", Path(PySide6.__file__).parent / "Qt" / "lib"),
                         ("bundle", bundle.parent / "_internal" / "PySide6" / "Qt" / "lib")):
        result = subprocess.run([sys.executable, str(probe), str(folder)], capture_output=True,
                                text=True, timeout=RUN_TIMEOUT, check=False,
                                env={**os.environ, "LD_LIBRARY_PATH": str(folder)})
        assert result.returncode == 0, result.stderr
        answers[name] = json.loads(result.stdout)
    full, trimmed = answers["full"], answers["bundle"]
    for part in ("collation", "upper", "zones"):
        assert trimmed[part] == full[part], part
    assert trimmed["collation"]["ar"]["status"] == 0  # Arabic's own rules, not a fallback
    assert trimmed["zones"]["ar Asia/Baghdad"] == "التوقيت العربي الرسمي"
    kept = ("UTF-8", "ISO-8859-1", "windows-1256", "ISO-8859-6", "windows-1252")
    assert all(trimmed["code_pages"][name] for name in kept)
    assert not trimmed["code_pages"]["Shift_JIS"]  # left out on purpose (build.spec)
    icu_data = next((bundle.parent / "_internal" / "PySide6" / "Qt" / "lib")
                    .glob("libicudata.so.*"))
    assert icu_data.stat().st_size < 5_000_000
