"""Opening a database: pragmas, real write transactions, and every way a file can be unusable."""

import sqlite3
import threading

import pytest
from sqlalchemy import text

from desktop.storage.engine import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseTooNew,
    NotADatabase,
    backup_copy,
    open_database,
)
from desktop.storage.migrations import head_revision
from tests.support import World, file_digest, make_context


@pytest.fixture
def database_file(tmp_path):
    context = make_context(tmp_path)
    World(context)
    context.close()
    return tmp_path / "t.db"


def test_field_pragmas_are_in_force(database_file):
    database = open_database(database_file)
    with database.read() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("page_size") == 16384  # a new file is made with 16 KiB pages
    database.close()


def test_a_write_transaction_takes_the_write_lock_at_begin(database_file):
    database = open_database(database_file)
    other = sqlite3.connect(database_file, timeout=0, isolation_level=None)
    # Nothing written yet, yet the lock is held: BEGIN IMMEDIATE, not a deferred BEGIN.
    with database.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    with database.read():
        other.execute("BEGIN IMMEDIATE")  # a reader does not block a writer
        other.execute("ROLLBACK")
    other.close()
    database.close()


def test_missing_file_is_refused_and_not_created(tmp_path):
    path = tmp_path / "nothing.db"
    with pytest.raises(DatabaseMissing, match="does not exist"):
        open_database(path)
    assert not path.exists()


def test_a_text_file_is_not_a_database_and_stays_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("checkpoint list\n" * 100, encoding="utf-8")
    before = file_digest(path)
    with pytest.raises(NotADatabase, match="not an SQLite file"):
        open_database(path)
    assert file_digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_empty_file_and_a_folder_are_refused(tmp_path):
    (tmp_path / "empty.db").touch()
    with pytest.raises(NotADatabase, match="empty file"):
        open_database(tmp_path / "empty.db")
    with pytest.raises(NotADatabase, match="folder"):
        open_database(tmp_path)


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE customers (name TEXT)")
    raw.commit()
    raw.close()
    before = file_digest(path)
    with pytest.raises(NotADatabase, match="another program"):
        open_database(path)
    assert file_digest(path) == before


def test_a_damaged_file_is_refused_and_left_as_it_is(database_file):
    data = bytearray(database_file.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 12 * page), 7):
        data[offset] ^= 0x5A
    database_file.write_bytes(bytes(data))
    before = file_digest(database_file)
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        open_database(database_file)
    assert file_digest(database_file) == before


def test_damaged_bytes_quoted_back_by_the_check_are_still_a_sentence(database_file):
    """quick_check quotes what it found; 0xFF bytes inside pages are not valid UTF-8."""
    data = bytearray(database_file.read_bytes())
    for offset in range(4096 * 2, len(data) - 4096, 4096 * 3):
        data[offset] = 0xFF
    database_file.write_bytes(bytes(data))
    before = file_digest(database_file)
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        open_database(database_file)
    assert file_digest(database_file) == before


def test_a_newer_schema_is_refused_with_update_advice(database_file):
    raw = sqlite3.connect(database_file)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    before = file_digest(database_file)
    with pytest.raises(DatabaseTooNew, match="newer version of Taslim"):
        open_database(database_file)
    assert file_digest(database_file) == before


def test_a_locked_database_is_refused(database_file):
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="in use"):
            open_database(database_file)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_new_database_gets_the_current_schema(tmp_path):
    database = open_database(tmp_path / "new.db", create=True)
    with database.read() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
    database.close()


def test_backup_copy_is_a_consistent_database(database_file):
    copy = backup_copy(database_file, "schema-test")
    assert copy.exists() and copy != database_file
    raw = sqlite3.connect(copy)
    assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert raw.execute("SELECT count(*) FROM revision").fetchone()[0] > 0
    raw.close()


def test_concurrent_writers_wait_instead_of_failing(database_file):
    database = open_database(database_file)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(5):
                with database.write() as connection:
                    connection.execute(
                        text("INSERT OR REPLACE INTO meta VALUES (:k, :v)"),
                        {"k": f"k{n}", "v": "x"},
                    )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    database.close()


def test_the_migrations_build_exactly_the_mapped_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.storage.tables import Base

    database = open_database(tmp_path / "fresh.db", create=True)
    with database.read() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    database.close()
    assert differences == []
