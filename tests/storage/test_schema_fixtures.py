"""Every released schema has a fixture database under tests/data; each must still open."""

import shutil
from pathlib import Path

import pytest

from desktop.app import open_context
from desktop.domain.enums import EntityKind
from desktop.storage.queries import count_current
from tests.support import file_digest, make_dirs

FIXTURES = sorted((Path(__file__).parent.parent / "data").glob("schema-*.db"))


def test_there_is_a_fixture_for_the_first_schema():
    assert [p.name for p in FIXTURES][:1] == ["schema-0001.db"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_each_released_schema_opens_and_keeps_its_records(fixture, tmp_path):
    before = file_digest(fixture)
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
