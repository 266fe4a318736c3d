"""Opening the SQLite database: checks first, then pragmas, migrations and real transactions.

Every check runs before anything is written, so a missing, foreign, damaged, locked or
newer-schema file gets one clear sentence and stays exactly as it was.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection as Connection
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from desktop.domain.errors import DatabaseProblem
from desktop.domain.text import fold
from desktop.i18n import _
from desktop.storage import migrations

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# 16 KiB pages, not SQLite's 4 KiB: merging one laptop's file at headquarters updates indexes
# keyed by random ids all over, and per-page work (cache lookups, WAL frames, checkpoint
# writes) dominated. Measured with bench/bench_sync_import.py: 1M revisions from 50 laptops
# imported in 74 s instead of 99 s; 8 KiB gave less, 32 KiB no more.
PAGE_SIZE = 16384
LOCK_PROBE_TIMEOUT_MS = 1500
WRITE_OPTION = "taslim_write"


class DatabaseMissing(DatabaseProblem):
    pass


class NotADatabase(DatabaseProblem):
    pass


class DatabaseCorrupt(DatabaseProblem):
    pass


class DatabaseLocked(DatabaseProblem):
    exit_code = 5


class DatabaseTooNew(DatabaseProblem):
    exit_code = 6


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What the pre-open checks found. ``schema`` is None for a brand-new (empty) file."""

    schema: str | None


class Database:
    """An open Taslim database: an engine with the field pragmas and two kinds of transaction."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction that takes the write lock at BEGIN (``BEGIN IMMEDIATE``)."""
        with self.engine.connect() as connection, self.write_on(connection):
            yield connection

    @contextmanager
    def write_on(self, connection: Connection) -> Iterator[Connection]:
        """A write transaction on a connection the caller keeps open between transactions.

        For long runs of transactions (an import, file after file) that gain from keeping the
        connection's page cache warm; the caller closes it.
        """
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, no write lock."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def _make_engine(path: Path) -> Engine:
    # NullPool: a connection per unit of work, so no connection is shared across threads and
    # file handles are released when work ends (the GUI runs work on a thread pool).
    engine = create_engine(f"sqlite+pysqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling would delay BEGIN until the first write and
        # could not take the write lock up front; SQLAlchemy documents this workaround.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Only a new, empty file takes it; older files are rebuilt once (``_rebuild_pages``).
        cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a checkpoint laptop loses power
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA trusted_schema=OFF")
        cursor.close()
        # Search compares folded text (alef forms, ta marbuta, diacritics, digits).
        dbapi_connection.create_function("taslim_fold", 1, fold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def check_file(path: Path, *, allow_new: bool) -> FileCheck:
    """Decide whether ``path`` can be opened, without writing to it."""
    if not path.exists():
        if allow_new:
            return FileCheck(schema=None)
        raise DatabaseMissing(
            _(
                "The database {path} does not exist. Check the path, or create demo data there "
                "with “taslim demo --db {path}”."
            ).format(path=path)
        )
    if path.is_dir():
        raise NotADatabase(_("{path} is a folder, not a Taslim database file.").format(path=path))
    size = path.stat().st_size
    if size == 0:
        if allow_new:
            return FileCheck(schema=None)
        raise NotADatabase(_("{path} is an empty file, not a Taslim database.").format(path=path))
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabase(
            _(
                "{path} is not a Taslim database (it is not an SQLite file). Choose the .db file "
                "that Taslim created."
            ).format(path=path)
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DatabaseCorrupt(_corrupt_message(path, error)) from None
    try:
        return _check_contents(path, connection, allow_new=allow_new)
    finally:
        connection.close()


def _corrupt_message(path: Path, error: object) -> str:
    return _(
        "The database {path} is damaged ({reason}). Restore it from a backup copy; the "
        "damaged file was left as it is."
    ).format(path=path, reason=error)


def _check_contents(path: Path, connection: sqlite3.Connection, *, allow_new: bool) -> FileCheck:
    try:
        connection.execute("PRAGMA cell_size_check=ON")
        result = connection.execute("PRAGMA quick_check").fetchall()
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise DatabaseLocked(_locked_message(path)) from None
        raise DatabaseCorrupt(_corrupt_message(path, error)) from None
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(_corrupt_message(path, error)) from None
    except UnicodeDecodeError:  # quick_check quoted damaged bytes back in its message
        raise DatabaseCorrupt(_corrupt_message(path, "quick_check")) from None
    if result != [("ok",)]:
        raise DatabaseCorrupt(_corrupt_message(path, result[0][0] if result else "?"))
    if not tables:
        if allow_new:
            return FileCheck(schema=None)
        raise NotADatabase(
            _("{path} is an empty database without Taslim's tables.").format(path=path)
        )
    if "alembic_version" not in tables or "revision" not in tables:
        raise NotADatabase(
            _("{path} is an SQLite database of another program, not a Taslim database.").format(
                path=path
            )
        )
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    schema = row[0] if row else None
    if schema is None:
        raise DatabaseCorrupt(_corrupt_message(path, "no schema version"))
    if schema not in migrations.known_revisions():
        raise DatabaseTooNew(
            _(
                "The database {path} was written by a newer version of Taslim. Update Taslim on "
                "this computer, then open it again; nothing was changed."
            ).format(path=path)
        )
    return FileCheck(schema=schema)


def _locked_message(path: Path) -> str:
    return _(
        "The database {path} is in use by another program. Close the other Taslim window "
        "or program using it, then try again."
    ).format(path=path)


def _probe_lock(path: Path) -> None:
    connection = sqlite3.connect(
        str(path), timeout=LOCK_PROBE_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseLocked(_locked_message(path)) from None
        raise DatabaseCorrupt(_corrupt_message(path, error)) from None
    finally:
        connection.close()


def backup_copy(path: Path, label: str) -> Path:
    """A consistent copy beside the database (SQLite's online backup), before a migration."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{label}-{stamp}{path.suffix}")
    source = sqlite3.connect(str(path))
    destination = sqlite3.connect(str(target))
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return target


def open_database(path: Path, *, create: bool = False) -> Database:
    """Open (and, with ``create``, make) a Taslim database, migrating an older schema.

    Raises a ``DatabaseProblem`` with one sentence when the file cannot be used.
    """
    path = Path(path)
    found = check_file(path, allow_new=create)
    if found.schema is not None:
        _probe_lock(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    head = migrations.head_revision()
    if found.schema is not None and found.schema != head:
        copy = backup_copy(path, f"schema-{found.schema}")
        log.info("backed up %s to %s before migrating from schema %s", path, copy, found.schema)
    engine = _make_engine(path)
    database = Database(path, engine)
    if found.schema != head:
        with database.write() as connection:
            migrations.upgrade(connection)
        if found.schema is not None:
            _rebuild_pages(path)
    return database


def _rebuild_pages(path: Path) -> None:
    """Give a database made by an older Taslim the current page size (a one-time rebuild).

    Runs after a schema upgrade, when the backup copy has just been made; a file already at
    the page size is left alone. VACUUM writes a new copy and swaps it in atomically.
    """
    connection = sqlite3.connect(str(path), isolation_level=None)
    try:
        if connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE:
            return
        connection.execute("PRAGMA journal_mode=DELETE")  # WAL keeps the old page size
        connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
        connection.execute("VACUUM")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
