"""Reading a field laptop's database file at headquarters, without trusting it.

The file is copied into a private work folder first (the stick may be pulled, and the original
is never written to); the copy is opened read-only with SQLite's hardening: ``quick_check``,
``cell_size_check=ON``, ``mmap_size=0`` and ``trusted_schema=OFF``. Every object in its schema
must be one Taslim makes, and every trigger and view must be exactly Taslim's own, before any
statement beyond those checks runs. Only then is an older schema converted (on the copy) and the
device's own revisions read.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.exc import DBAPIError

from desktop.domain.errors import DatabaseProblem, FileRefused
from desktop.domain.revision import Revision
from desktop.i18n import _
from desktop.storage import migrations
from desktop.storage.engine import SQLITE_HEADER, Database, open_database
from desktop.storage.sync_store import blobs, own_revisions
from desktop.storage.tables import LocalDeviceRow, SigningCertificateRow, table


@dataclass(frozen=True, slots=True)
class FieldDevice:
    device_id: str
    short_code: str
    public_key: str
    certificates: list[bytes]


def looks_like_database(head: bytes) -> bool:
    return head.startswith(SQLITE_HEADER)


def _corrupt(reason: object) -> FileRefused:
    return FileRefused("corrupt_database", _(
        "It is a damaged database file ({reason}); copy it from the laptop again, or export a "
        "bundle on the laptop instead.").format(reason=str(reason)[:120]))


@cache
def _taslim_schema() -> dict[tuple[str, str], frozenset[str | None]]:
    """(type, name) -> SQL of every object a Taslim database of any known schema holds.

    A field laptop may run an older Taslim, whose schema still has objects that later ones
    dropped; each is accepted only as some schema made it.
    """
    connection = sqlite3.connect(":memory:")
    found: dict[tuple[str, str], set[str | None]] = {}
    try:
        # The migrations' own results, step by step, built once per process in memory.
        engine = create_engine("sqlite://", creator=lambda: connection)
        for target in migrations.revisions_in_order():
            with engine.begin() as sa_connection:
                migrations.upgrade(sa_connection, target)
            for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
                found.setdefault((kind, name), set()).add(sql)
        return {key: frozenset(sqls) for key, sqls in found.items()}
    finally:
        connection.close()


def check_schema_objects(connection: sqlite3.Connection) -> None:
    """Refuse anything Taslim does not make: extra triggers, views, tables, or altered ones."""
    expected = _taslim_schema()
    for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master"):
        if kind == "index" and str(name).startswith("sqlite_autoindex_"):
            continue
        if kind == "table" and str(name).startswith("sqlite_stat"):
            continue
        known = (kind, name) in expected
        if not known or (kind in ("trigger", "view") and sql not in expected[(kind, name)]):
            raise FileRefused("foreign_schema", _(
                "It holds a {kind} named “{name}” that Taslim does not make; the file was "
                "altered and will not be read. Export a bundle on the laptop instead.").format(
                    kind=kind, name=str(name)[:60]))


class FieldDatabase:
    """A verified, private copy of a field database. Close it when done."""

    def __init__(self, source: Path, work_dir: Path) -> None:
        self.source = source
        self._work_dir = work_dir
        self.copy = work_dir / "field.db"
        self._database: Database | None = None

    def open(self) -> FieldDevice:
        with self.source.open("rb") as handle:
            if not looks_like_database(handle.read(len(SQLITE_HEADER))):
                raise FileRefused("not_a_bundle", _("It is not a Taslim bundle or database."))
        self._work_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.source, self.copy)
        wal = self.source.with_name(self.source.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, self.copy.with_name(self.copy.name + "-wal"))
        self._inspect()
        try:
            self._database = open_database(self.copy)  # converts an older schema, on the copy
        except DatabaseProblem as problem:
            raise _corrupt(problem) from None
        return self._device()

    def _inspect(self) -> None:
        try:
            connection = sqlite3.connect(f"file:{self.copy}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise _corrupt(error) from None
        try:
            connection.execute("PRAGMA trusted_schema=OFF")
            connection.execute("PRAGMA cell_size_check=ON")
            connection.execute("PRAGMA mmap_size=0")
            result = connection.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise _corrupt(result[0][0] if result else "quick_check")
            check_schema_objects(connection)
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "revision", "local_device"} <= tables:
                raise FileRefused("not_a_bundle", _(
                    "It is an SQLite database, but not a Taslim field database."))
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise _corrupt(error) from None
        except UnicodeDecodeError:  # quick_check quoted damaged bytes back in its message
            raise _corrupt("quick_check") from None
        finally:
            connection.close()
        schema = row[0] if row else None
        if schema not in migrations.known_revisions():
            raise FileRefused("newer_version", _(
                "It was written by a newer version of Taslim; update Taslim on this computer "
                "and import it again."))

    def _device(self) -> FieldDevice:
        try:
            return self._read_device()
        except (DBAPIError, ValueError, AttributeError) as error:
            raise _corrupt(getattr(error, "orig", error)) from None

    def _read_device(self) -> FieldDevice:
        assert self._database is not None
        device_table = table(LocalDeviceRow)
        certificate_table = table(SigningCertificateRow)
        with self._database.read() as connection:
            rows = connection.execute(select(device_table)).all()
            if len(rows) != 1:
                raise FileRefused("not_a_bundle", _(
                    "It is a Taslim database without its laptop's identity; it cannot be "
                    "imported as a field database."))
            device = rows[0]
            certificates = [
                row.certificate_pem.encode("ascii")
                for row in connection.execute(
                    select(certificate_table.c.certificate_pem).where(
                        certificate_table.c.holder_kind == "device",
                        certificate_table.c.holder_id == device.device_id))
            ]
        return FieldDevice(device.device_id, device.short_code, device.public_key, certificates)

    def revisions(self, device_id: str) -> list[Revision]:
        assert self._database is not None
        try:
            with self._database.read() as connection:
                return own_revisions(connection, device_id)
        except (DBAPIError, ValueError) as error:
            # quick_check vouches for the structure, not for every byte of text in the rows.
            raise _corrupt(getattr(error, "orig", error)) from None

    def blobs(self, hashes: list[str]) -> Iterator[tuple[str, bytes]]:
        assert self._database is not None
        try:
            with self._database.read() as connection:
                yield from blobs(connection, hashes)
        except DBAPIError as error:
            raise _corrupt(error.orig) from None

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
