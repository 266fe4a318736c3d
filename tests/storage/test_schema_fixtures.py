"""Every released schema has a fixture database under tests/data; each must still open.

Opening an older schema first backs the file up beside itself, then migrates it.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.app import open_context
from desktop.domain.enums import EntityKind
from desktop.storage.migrations import head_revision
from desktop.storage.queries import count_current
from tests.support import file_digest, make_dirs

FIXTURES = sorted((Path(__file__).parent.parent / "data").glob("schema-*.db"))


def schema_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def revision_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM revision").fetchone()[0]
    finally:
        connection.close()


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
    backups = sorted(tmp_path.glob(f"{copy.stem}.backup-schema-{old_schema}-*.db"))
    if old_schema == head_revision():
        assert backups == []
    else:
        assert len(backups) == 1
        assert schema_of(backups[0]) == old_schema
        assert revision_count(backups[0]) == old_revisions
