"""House rules that hold for the whole tree: import contracts, file size, a valid build.spec."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "desktop"
MAX_LINES = 600
_SCRIPTS = Path(sys.executable).parent  # the venv's bin/ (Scripts\ on Windows)
LINT_IMPORTS = next(
    (p for p in (_SCRIPTS / "lint-imports", _SCRIPTS / "lint-imports.exe") if p.exists()),
    _SCRIPTS / "lint-imports",
)

QT_CONTRACT = "Qt (PySide6) is imported only under desktop.ui"
CORE_CONTRACT = "The core never reaches Qt, not even through another module"
SQL_CONTRACT = "SQL (SQLAlchemy, sqlite3, Alembic) is imported only under desktop.storage"
LAYERS_CONTRACT = "Layers: ui above services above storage above domain"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the tree at ``cwd``, which must find its own ``desktop`` first."""
    environment = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=300, check=False,
    )


def _copy_tree(target: Path) -> Path:
    shutil.copytree(DESKTOP, target / "desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")


def test_import_contracts_hold_on_the_real_tree() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in (QT_CONTRACT, CORE_CONTRACT, SQL_CONTRACT, LAYERS_CONTRACT):
        assert f"{name} KEPT" in result.stdout


def test_the_linter_analyses_the_copy_it_is_given(tmp_path: Path) -> None:
    # Guards the two tests below: an untouched copy passes, so their failures come from the edit.
    result = _lint_imports(_copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_qt_in_the_domain_breaks_the_qt_contracts(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path)
    _append(tree / "desktop" / "domain" / "__init__.py", "import PySide6.QtCore")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert f"{QT_CONTRACT} BROKEN" in result.stdout, result.stdout + result.stderr
    assert f"{CORE_CONTRACT} BROKEN" in result.stdout
    assert "desktop.domain -> PySide6" in result.stdout


def test_sql_in_the_services_breaks_the_sql_contract(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path)
    _append(tree / "desktop" / "services" / "__init__.py", "import sqlalchemy")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert f"{SQL_CONTRACT} BROKEN" in result.stdout, result.stdout + result.stderr
    assert "desktop.services -> sqlalchemy" in result.stdout


def test_a_new_core_package_is_covered_without_editing_the_contracts(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path)
    package = tree / "desktop" / "newcore"
    package.mkdir()
    (package / "__init__.py").write_text("from desktop.ui import errors\n", encoding="utf-8")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert f"{CORE_CONTRACT} BROKEN" in result.stdout, result.stdout + result.stderr


def _python_files() -> list[Path]:
    return sorted(p for p in DESKTOP.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_file_under_desktop_is_longer_than_the_limit() -> None:
    files = _python_files()
    assert files, "no Python files found under desktop/"
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in files
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"files over {MAX_LINES} lines (split them): {too_long}"


def test_build_spec_is_valid_python() -> None:
    source = (ROOT / "build.spec").read_text(encoding="utf-8")
    compile(source, "build.spec", "exec")


@pytest.mark.parametrize("name", ["Makefile", "README.md", ".ci/run",
                                  "tools/ensure-system-packages.sh"])
def test_project_files_exist(name: str) -> None:
    assert (ROOT / name).is_file()


def test_ci_script_is_executable_and_runs_make_test() -> None:
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    assert "make test" in script.read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```", 2)[1]
    commands = [line.strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]
