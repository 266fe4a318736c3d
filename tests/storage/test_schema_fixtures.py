"""Every released schema has a fixture database under tests/data; each must still open.

Opening an older schema first backs the file up beside itself, then migrates it.
"""

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.app import open_context
from desktop.domain.enums import EntityKind
from desktop.storage.engine import PAGE_SIZE
from desktop.storage.migrations import head_revision
from desktop.storage.queries import count_current, record_heads
from tests.support import file_digest, make_dirs

FIXTURES = sorted((Path(__file__).parent.parent / "data").glob("schema-*.db"))
FIXTURES_BY_NAME = {path.name: path for path in FIXTURES}


def one_value(path: Path, sql: str) -> Any:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def schema_of(path: Path) -> str:
    return str(one_value(path, "SELECT version_num FROM alembic_version"))


def page_size(path: Path) -> int:
    return int(one_value(path, "PRAGMA page_size"))


def revision_count(path: Path) -> int:
    return int(one_value(path, "SELECT count(*) FROM revision"))


def test_there_is_a_fixture_for_the_first_schema():
    assert [p.name for p in FIXTURES][:1] == ["schema-0001.db"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_each_released_schema_opens_and_keeps_its_records(fixture, tmp_path):
    before = file_digest(fixture)
    old_schema, old_revisions = schema_of(fixture), revision_count(fixture)
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    context = open_context(make_dirs(tmp_path / "home"), copy, create=False)
    with context.database.read() as connection:
        assert count_current(connection, EntityKind.CHECKPOINT) == 40
        assert count_current(connection, EntityKind.INSPECTION) == 30
    overview = context.overview.overview()
    assert overview.handovers_by_state and overview.conflicts == 0
    context.close()
    assert file_digest(fixture) == before
    assert schema_of(copy) == head_revision()
    assert page_size(copy) == PAGE_SIZE  # rebuilt once, with the upgrade
    backups = sorted(tmp_path.glob(f"{copy.stem}.backup-schema-{old_schema}-*.db"))
    if old_schema == head_revision():
        assert backups == []
    else:
        assert len(backups) == 1
        assert schema_of(backups[0]) == old_schema
        assert revision_count(backups[0]) == old_revisions


def test_heads_of_records_in_conflict_survive_the_move_to_conflict_head(tmp_path):
    """Schema 0005 keeps heads only for records in conflict; a single head is the winner."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES_BY_NAME["schema-0004.db"], path)
    connection = sqlite3.connect(path)
    inspection, checkpoint = connection.execute(
        "SELECT (SELECT id FROM inspection LIMIT 1), (SELECT id FROM checkpoint LIMIT 1)"
    ).fetchone()
    # A conflict as schema 0004 held it: two heads in record_head, head_count 2.
    other = "f" * 64
    connection.execute("INSERT INTO record_head (record_id, rev_id) VALUES (?, ?)",
                       (checkpoint, other))
    connection.execute("UPDATE record SET head_count = 2 WHERE record_id = ?", (checkpoint,))
    connection.commit()
    heads_before = sorted(r for (r,) in connection.execute(
        "SELECT rev_id FROM record_head WHERE record_id = ?", (checkpoint,)))
    single_before = connection.execute(
        "SELECT rev_id FROM record_head WHERE record_id = ?", (inspection,)).fetchall()
    connection.close()
    assert len(heads_before) == 2 and len(single_before) == 1

    context = open_context(make_dirs(tmp_path / "home"), path, create=False)
    with context.database.read() as connection:
        assert record_heads(connection, checkpoint) == heads_before
        assert record_heads(connection, inspection) == [single_before[0][0]]
    context.close()
    raw = sqlite3.connect(path)
    tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master")}
    assert {"record_head", "revision_parent"} & tables == set()
    assert raw.execute("SELECT record_id, rev_id FROM conflict_head ORDER BY rev_id").fetchall() \
        == [(checkpoint, rev_id) for rev_id in heads_before]
    raw.close()
