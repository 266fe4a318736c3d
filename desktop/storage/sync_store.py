"""What sync needs from a database: a device's own revisions, what is already held, the import
log and receipts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from desktop.domain.revision import Revision
from desktop.storage.derive import chunks, driver
from desktop.storage.revision_log import row_to_revision
from desktop.storage.tables import (
    BlobRow,
    ImportLogRow,
    RecordRow,
    RevisionRow,
    SyncReceiptRow,
    table,
)

_revision = table(RevisionRow)
_record = table(RecordRow)
_blob = table(BlobRow)
_log = table(ImportLogRow)
_receipt = table(SyncReceiptRow)


def own_revisions(connection: Connection, device_id: str, after_seq: int = 0) -> list[Revision]:
    """The device's revisions after ``after_seq``, in sequence order (the chain's order)."""
    rows = connection.execute(
        select(_revision)
        .where(_revision.c.device_id == device_id, _revision.c.device_seq > after_seq)
        .order_by(_revision.c.device_seq)
    )
    return [row_to_revision(row) for row in rows]


def revision_at(connection: Connection, device_id: str, seq: int) -> str | None:
    return connection.execute(
        select(_revision.c.rev_id).where(
            _revision.c.device_id == device_id, _revision.c.device_seq == seq
        )
    ).scalar()


def held_sequence(connection: Connection, device_id: str, first: int, last: int
                  ) -> dict[int, str]:
    """rev_id by sequence number of what this database holds of the device in [first, last]."""
    rows = connection.execute(
        select(_revision.c.device_seq, _revision.c.rev_id).where(
            _revision.c.device_id == device_id,
            _revision.c.device_seq.between(first, last),
        )
    )
    return {int(seq): rev_id for seq, rev_id in rows}


@dataclass(frozen=True, slots=True)
class Watermark:
    """How far a device's unbroken chain reaches in this database."""

    seq: int
    rev_id: str | None
    count: int  # revisions held, which is ``seq`` when nothing is missing


def watermark(connection: Connection, device_id: str) -> Watermark:
    row = connection.execute(
        select(func.max(_revision.c.device_seq), func.count()).where(
            _revision.c.device_id == device_id
        )
    ).one()
    top, count = int(row[0] or 0), int(row[1])
    if count == top:
        return Watermark(top, revision_at(connection, device_id, top) if top else None, count)
    # A gap: an earlier bundle has not arrived. The watermark stops before the first hole.
    seqs = connection.execute(
        select(_revision.c.device_seq).where(_revision.c.device_id == device_id)
        .order_by(_revision.c.device_seq)
    ).scalars()
    reached = 0
    for seq in seqs:
        if seq != reached + 1:
            break
        reached = seq
    return Watermark(reached, revision_at(connection, device_id, reached) if reached else None,
                     count)


def record_entities(connection: Connection, record_ids: Iterable[str]) -> dict[str, str]:
    """The kind of each of these records this database holds (an import asks for 20,000)."""
    found: dict[str, str] = {}
    # Through the driver: building SQLAlchemy's IN lists cost seconds over a large import.
    cursor = driver(connection).cursor()
    try:
        for chunk in chunks(sorted(set(record_ids))):
            found.update(cursor.execute(
                "SELECT record_id, entity FROM record WHERE record_id IN "
                f"({','.join('?' * len(chunk))})", list(chunk)).fetchall())
    finally:
        cursor.close()
    return found


def held_signatures(connection: Connection, rev_ids: Iterable[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for chunk in chunks(sorted(set(rev_ids))):
        found.update(
            (row[0], row[1]) for row in connection.execute(
                select(_revision.c.rev_id, _revision.c.signature).where(
                    _revision.c.rev_id.in_(chunk))
            ).all()
        )
    return found


def missing_blobs(connection: Connection, hashes: Iterable[str]) -> set[str]:
    wanted = set(hashes)
    held: set[str] = set()
    for chunk in chunks(sorted(wanted)):
        held.update(
            connection.execute(select(_blob.c.sha256).where(_blob.c.sha256.in_(chunk))).scalars()
        )
    return wanted - held


def blobs(connection: Connection, hashes: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    for sha256 in sorted(set(hashes)):
        data = connection.execute(select(_blob.c.data).where(_blob.c.sha256 == sha256)).scalar()
        if data is not None:
            yield sha256, bytes(data)


# The indexes a million-revision import writes into hold about 300 MB; with a 128 MB cache the
# bench took 77-83 s, with 512 MB 70-72 s, with 1 GB no less (bench/bench_sync_import.py).
BULK_CACHE_KIB = 512 * 1024
BULK_CHECKPOINT_PAGES = 32768  # 512 MB of WAL at 16 KiB pages (larger measured no faster)


def prepare_bulk_write(connection: Connection) -> None:
    """Settings for the connection that merges a run of imported files.

    A larger page cache (512 MB, given back when the run ends): an import inserts keys (sha256
    ids) in no order into big indexes, and SQLite's default 2 MB cache would reread the same
    pages again and again. A later WAL checkpoint: each file's transaction touches many of the
    same index pages, and copying them back to the database after every file wrote them again
    and again; ``checkpoint`` at the end of the run copies them once. Durability is unchanged
    (the WAL is synced at each commit). The importer keeps this connection for the whole run
    (each file still in its own transaction), so both end with it and its cache stays warm
    from one file to the next.
    """
    # On the driver's connection: through SQLAlchemy the pragma would begin a transaction.
    driver(connection).execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    driver(connection).execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")


def checkpoint(connection: Connection) -> None:
    """Copy the write-ahead log back into the database file (after an import run)."""
    # PASSIVE: never waits for readers (an open window); what it cannot copy now, a later
    # checkpoint copies.
    # On the driver's connection: SQLAlchemy would begin a transaction first, and a
    # checkpoint cannot copy past the snapshot of a transaction open on its own connection.
    driver(connection).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def add_blobs(connection: Connection, items: Iterable[tuple[str, bytes]]) -> int:
    added = 0
    cursor = driver(connection).cursor()
    try:
        for sha256, data in items:
            cursor.execute("INSERT OR IGNORE INTO blob (sha256, size, data) VALUES (?, ?, ?)",
                           (sha256, len(data), data))
            added += cursor.rowcount
    finally:
        cursor.close()
    return added


# --- import log and receipts ----------------------------------------------------------------------


def add_import_log(connection: Connection, entry: dict[str, Any]) -> None:
    connection.execute(insert(_log).values(**entry))


def imported_before(connection: Connection, revisions_sha256: str) -> bool:
    """Whether a bundle with exactly these revision bytes was imported here already."""
    return connection.execute(
        select(_log.c.id).where(_log.c.revisions_sha256 == revisions_sha256).limit(1)
    ).first() is not None


def import_log(connection: Connection, device_id: str | None = None,
               limit: int = 1000) -> list[dict[str, Any]]:
    query = select(_log).order_by(_log.c.imported_at.desc(), _log.c.id.desc()).limit(limit)
    if device_id is not None:
        query = query.where(_log.c.device_id == device_id)
    return [{**row._mapping, "details": json.loads(row.details)}
            for row in connection.execute(query)]


def add_receipt(connection: Connection, entry: dict[str, Any]) -> None:
    connection.execute(insert(_receipt).values(**entry))


def latest_receipt(connection: Connection, device_id: str) -> dict[str, Any] | None:
    row = connection.execute(
        select(_receipt).where(_receipt.c.device_id == device_id)
        .order_by(_receipt.c.held_seq.desc(), _receipt.c.received_at.desc()).limit(1)
    ).first()
    return None if row is None else dict(row._mapping)


def devices_seen(connection: Connection) -> list[str]:
    return list(connection.execute(select(_revision.c.device_id).distinct()).scalars())
