"""Writing this device's revisions and ingesting revisions from elsewhere.

Both recompute the current state of the touched records (``desktop.storage.derive``) inside
the caller's transaction, so a revision and the current state it implies are always written
together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select, update

from desktop.domain.canonical import canonical_text
from desktop.domain.clock import HybridClock, now_ms
from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import FrozenRecord, NotFound
from desktop.domain.revision import SCHEMA_VERSION, Revision, may_follow
from desktop.i18n import _
from desktop.storage.derive import DeriveRow, Prepared, chunks, driver, refresh_records
from desktop.storage.heads import heads_select
from desktop.storage.revision_rows import (
    COLUMNS,
    RECORD_ID,
    REV_ID,
    StoredRevision,
    stored_row,
)
from desktop.storage.tables import (
    LocalDeviceRow,
    RevisionRow,
    table,
)

_revision = table(RevisionRow)
_device = table(LocalDeviceRow)


class Signer(Protocol):
    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Draft:
    """A change a service wants to make. ``parents=None`` means: on top of the current heads."""

    record_id: str
    entity: EntityKind
    op: Op
    payload: Any
    parents: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    new: int
    present: int
    records: frozenset[str]
    conflicts: int  # touched records that have more than one head afterwards


def revision_to_row(revision: Revision) -> dict[str, Any]:
    return dict(zip(COLUMNS, stored_row(revision), strict=True))


def row_to_revision(row: Any) -> Revision:
    return Revision(
        rev_id=row.rev_id,
        record_id=row.record_id,
        entity=EntityKind(row.entity),
        parents=tuple(json.loads(row.parents)),
        hlc=row.hlc,
        device_id=row.device_id,
        device_seq=row.device_seq,
        author_id=row.author_id,
        op=Op(row.op),
        payload=row.payload,
        schema_version=row.schema_version,
        prev_hash=row.prev_hash,
        signature=row.signature,
    )


class RevisionLog:
    """Appends this device's revisions: clock, sequence, hash chain and signature."""

    def __init__(
        self, connection: Connection, signer: Signer, wall: Callable[[], int] = now_ms
    ) -> None:
        self._connection = connection
        self._signer = signer
        self._wall = wall

    def append(self, author_id: str | None, drafts: Sequence[Draft]) -> list[Revision]:
        connection = self._connection
        device = connection.execute(select(_device)).one()
        clock = HybridClock(device.hlc, self._wall)
        seq, prev_hash = device.seq, device.last_rev_id
        current_heads = self._heads_of([d.record_id for d in drafts if d.parents is None])
        written: list[Revision] = []
        pending_heads: dict[str, tuple[str, ...]] = {}
        for draft in drafts:
            if draft.parents is not None:
                parents = draft.parents
            else:
                parents = pending_heads.get(draft.record_id, current_heads.get(draft.record_id, ()))
            if not parents and draft.op not in (Op.PUT, Op.SIGN):
                raise NotFound(_("That record no longer exists; refresh the list and try again."))
            self._check_frozen(parents, draft.op, written)
            seq += 1
            hlc = clock.tick()
            payload_text = canonical_text(None if draft.op is Op.DELETE else draft.payload)
            rev_id = Revision.compute_id(
                record_id=draft.record_id,
                entity=draft.entity,
                parents=parents,
                hlc=hlc,
                device_id=device.device_id,
                device_seq=seq,
                author_id=author_id,
                op=draft.op,
                payload_text=payload_text,
                schema_version=SCHEMA_VERSION,
                prev_hash=prev_hash,
            )
            revision = Revision(
                rev_id=rev_id,
                record_id=draft.record_id,
                entity=draft.entity,
                parents=tuple(sorted(parents)),
                hlc=hlc,
                device_id=device.device_id,
                device_seq=seq,
                author_id=author_id,
                op=draft.op,
                payload=payload_text,
                schema_version=SCHEMA_VERSION,
                prev_hash=prev_hash,
                signature=self._signer.sign(bytes.fromhex(rev_id)).hex(),
            )
            written.append(revision)
            pending_heads[draft.record_id] = (rev_id,)
            prev_hash = rev_id
        _insert_revisions(connection, written)
        connection.execute(
            update(_device)
            .where(_device.c.device_id == device.device_id)
            .values(hlc=clock.last, seq=seq, last_rev_id=prev_hash)
        )
        refresh_records(connection, {r.record_id for r in written})
        return written

    def _heads_of(self, record_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        heads: dict[str, list[str]] = defaultdict(list)
        ids = sorted(set(record_ids))
        for chunk in chunks(ids):
            rows = self._connection.execute(heads_select(chunk))
            for record_id, rev_id in rows:
                heads[record_id].append(rev_id)
        return {record_id: tuple(sorted(revs)) for record_id, revs in heads.items()}

    def _check_frozen(self, parents: tuple[str, ...], op: Op, written: list[Revision]) -> None:
        if not parents:
            return
        in_batch = {r.rev_id: r.op for r in written}
        ops = {in_batch[p] for p in parents if p in in_batch}
        stored = [p for p in parents if p not in in_batch]
        if stored:
            ops |= {
                Op(value)
                for value in self._connection.execute(
                    select(_revision.c.op).where(_revision.c.rev_id.in_(stored))
                ).scalars()
            }
        if not may_follow(ops, op):
            raise FrozenRecord(
                _(
                    "This record was signed and can no longer be edited. Make an amendment with "
                    "a reason instead."
                )
            )


def _insert_revisions(connection: Connection, revisions: Sequence[Revision]) -> None:
    if not revisions:
        return
    connection.execute(insert(_revision), [revision_to_row(r) for r in revisions])


_INSERT_REVISION = (
    f"INSERT OR IGNORE INTO revision ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(COLUMNS))})"
)


def ingest(
    connection: Connection, revisions: Sequence[Revision], flags: dict[str, str] | None = None,
    flagged_at: str = "",
) -> IngestResult:
    """Add revisions from elsewhere: a set union. Already-present ones change nothing."""
    return ingest_rows(connection, [stored_row(r) for r in revisions], flags, flagged_at)


def ingest_rows(
    connection: Connection, rows: Sequence[StoredRevision], flags: dict[str, str] | None = None,
    flagged_at: str = "", *, none_held: bool = False, prepared: Prepared | None = None,
    held_records: dict[str, str] | None = None,
) -> IngestResult:
    """Add revisions from elsewhere, as stored rows (``revision_rows``): a set union.

    The caller has verified them (hashes, chain, signatures); this only stores and derives.
    ``flags`` names revisions this database will not trust to win (rev_id -> reason).
    ``none_held``: the caller knows none of them is here (their device's sequence numbers are
    not), so the lookup is skipped. ``prepared``: current-state rows made in advance.
    ``held_records``: the kind of every record of these revisions that the database already
    held (the caller looked them up for its checks, in the same transaction).
    """
    wanted = {row[REV_ID]: row for row in rows}
    cursor = driver(connection).cursor()
    try:
        present: set[str] = set()
        for chunk in ([] if none_held else chunks(sorted(wanted))):
            marks = ",".join("?" * len(chunk))
            present.update(
                rev_id for (rev_id,) in cursor.execute(
                    f"SELECT rev_id FROM revision WHERE rev_id IN ({marks})", list(chunk))
            )
        # In rev_id order: the primary-key B-tree then fills page by page instead of at random.
        fresh = [wanted[rev_id] for rev_id in sorted(wanted) if rev_id not in present]
        # A stored row is what the derivation reads, so the revisions just stored are handed
        # to it as they are, by record.
        arrived: dict[str, list[DeriveRow]] = {}
        for row in fresh:
            arrived.setdefault(row[RECORD_ID], []).append(row)
        cursor.executemany(_INSERT_REVISION, fresh)
        if flags:
            cursor.executemany(
                "INSERT OR IGNORE INTO revision_flag (rev_id, reason, flagged_at) VALUES (?, ?, ?)",
                [(rev_id, reason, flagged_at) for rev_id, reason in flags.items()
                 if rev_id not in present],
            )
    finally:
        cursor.close()
    touched = frozenset(arrived)
    conflicts = refresh_records(connection, touched, prepared, arrived, held_records)
    return IngestResult(new=len(fresh), present=len(present), records=touched,
                        conflicts=conflicts)

