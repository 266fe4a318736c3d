"""The taslim command, run as a real subprocess on real files."""

import sqlite3
import subprocess

import pytest

from tests.cli.conftest import taslim
from tests.support import file_digest


@pytest.mark.parametrize("verb", [[], ["demo"], ["self-test"]])
def test_every_verb_has_help(tmp_path, verb):
    result = taslim(*verb, "--help", home=tmp_path)
    assert result.returncode == 0
    assert "--db" in result.stdout


def test_demo_then_self_test_prints_ok(demo_db):
    path, home = demo_db
    result = taslim("--db", str(path), "self-test", home=home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "OK"
    assert any(line.startswith("templates:") for line in lines)


def test_demo_is_deterministic_for_a_seed(tmp_path, demo_db):
    first, home = demo_db
    second = tmp_path / "again.db"
    assert taslim("demo", "--db", str(second), home=home).returncode == 0
    query = "SELECT id, code, name_en, status, holder_unit_id FROM checkpoint ORDER BY id"
    inspections = "SELECT id, checkpoint_id, inspected_at, answers FROM inspection ORDER BY id"
    for sql in (query, inspections, "SELECT id, state, departure_at FROM handover ORDER BY id"):
        a, b = sqlite3.connect(first), sqlite3.connect(second)
        assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
        a.close()
        b.close()


def test_demo_refuses_to_overwrite_an_existing_file(demo_db):
    path, home = demo_db
    before = file_digest(path)
    result = taslim("demo", "--db", str(path), home=home)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert file_digest(path) == before


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_missing_database_is_one_sentence_and_nothing_is_created(tmp_path):
    path = tmp_path / "missing.db"
    result = taslim("--db", str(path), "self-test", home=tmp_path / "home")
    assert result.returncode == 4
    assert "does not exist" in one_sentence(result)
    assert not path.exists()


def test_a_non_database_file_is_one_sentence_and_untouched(tmp_path):
    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    before = file_digest(path)
    result = taslim("--db", str(path), "self-test", home=tmp_path / "home")
    assert result.returncode == 4
    assert "not a Taslim database" in one_sentence(result)
    assert file_digest(path) == before


def test_a_corrupt_database_is_one_sentence_and_untouched(tmp_path, demo_db):
    source, _home = demo_db
    path = tmp_path / "corrupt.db"
    connection = sqlite3.connect(source)
    connection.execute("VACUUM INTO ?", (str(path),))
    connection.close()
    data = bytearray(path.read_bytes())
    for offset in range(8192, min(len(data), 200_000), 5):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    before = file_digest(path)
    result = taslim("--db", str(path), "self-test", home=tmp_path / "home")
    assert result.returncode == 4
    assert "damaged" in one_sentence(result)
    assert file_digest(path) == before


def test_a_newer_schema_is_one_sentence(tmp_path, demo_db):
    source, _home = demo_db
    path = tmp_path / "newer.db"
    connection = sqlite3.connect(source)
    connection.execute("VACUUM INTO ?", (str(path),))
    connection.close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    result = taslim("--db", str(path), "self-test", home=tmp_path / "home")
    assert result.returncode == 6
    assert "Update Taslim" in one_sentence(result)


def test_a_locked_database_is_one_sentence(tmp_path, demo_db):
    source, home = demo_db
    holder = sqlite3.connect(source, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = taslim("--db", str(source), "self-test", home=home)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 5
    assert "in use" in one_sentence(result)
