"""Writing and ingesting revisions, and deriving current state from them.

The derived rule is deterministic and depends only on the set of revisions of a record:
heads are the revisions no other revision names as parent; the winner is the greatest head by
``winner_key``; more than one head is a conflict. ``refresh_records`` recomputes that rule for
the touched records inside the caller's transaction, so a revision and the current state it
implies are always written together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.domain.canonical import canonical_text
from desktop.domain.clock import HybridClock, now_ms
from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import FrozenRecord, NotFound
from desktop.domain.revision import SCHEMA_VERSION, Revision, may_follow, winner_key
from desktop.i18n import _
from desktop.storage.tables import (
    LocalDeviceRow,
    RecordHeadRow,
    RecordRow,
    RevisionParentRow,
    RevisionRow,
    current_table,
    table,
)

CHUNK = 500  # ids per IN (...) list; well under SQLite's variable limit

_revision = table(RevisionRow)
_parent = table(RevisionParentRow)
_record = table(RecordRow)
_head = table(RecordHeadRow)
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


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def revision_to_row(revision: Revision) -> dict[str, Any]:
    return {
        "rev_id": revision.rev_id,
        "record_id": revision.record_id,
        "entity": str(revision.entity),
        "parents": canonical_text(sorted(revision.parents)),
        "hlc": revision.hlc,
        "device_id": revision.device_id,
        "device_seq": revision.device_seq,
        "author_id": revision.author_id,
        "op": str(revision.op),
        "payload": revision.payload,
        "schema_version": revision.schema_version,
        "prev_hash": revision.prev_hash,
        "signature": revision.signature,
    }


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
        for chunk in _chunks(ids):
            rows = self._connection.execute(
                select(_head.c.record_id, _head.c.rev_id).where(_head.c.record_id.in_(chunk))
            )
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
    edges = [
        {"rev_id": r.rev_id, "parent_id": p, "record_id": r.record_id}
        for r in revisions
        for p in r.parents
    ]
    if edges:
        connection.execute(insert(_parent), edges)


def ingest(connection: Connection, revisions: Sequence[Revision]) -> IngestResult:
    """Add revisions from elsewhere: a set union. Already-present ones change nothing.

    The caller has verified them (hashes, chain, signatures); this only stores and derives.
    """
    wanted = {r.rev_id: r for r in revisions}
    present: set[str] = set()
    ids = sorted(wanted)
    for chunk in _chunks(ids):
        present.update(
            connection.execute(
                select(_revision.c.rev_id).where(_revision.c.rev_id.in_(chunk))
            ).scalars()
        )
    fresh = [r for rev_id, r in wanted.items() if rev_id not in present]
    if fresh:
        connection.execute(
            sqlite_insert(_revision).on_conflict_do_nothing(),
            [revision_to_row(r) for r in fresh],
        )
        edges = [
            {"rev_id": r.rev_id, "parent_id": p, "record_id": r.record_id}
            for r in fresh
            for p in r.parents
        ]
        if edges:
            connection.execute(sqlite_insert(_parent).on_conflict_do_nothing(), edges)
    touched = frozenset(r.record_id for r in fresh)
    refresh_records(connection, touched)
    return IngestResult(new=len(fresh), present=len(present), records=touched)


@dataclass(frozen=True, slots=True)
class _Derived:
    record_id: str
    entity: str
    winner: Any
    heads: tuple[str, ...]
    signed: bool


def _derive(record_id: str, rows: list[Any]) -> _Derived:
    by_id = {row.rev_id: row for row in rows}
    named_as_parent = {p for row in rows for p in json.loads(row.parents)}
    heads = sorted(rev_id for rev_id in by_id if rev_id not in named_as_parent)
    winner = max((by_id[h] for h in heads), key=_row_winner_key)
    return _Derived(record_id, winner.entity, winner, tuple(heads), _signed_lineage(winner, by_id))


def _row_winner_key(row: Any) -> tuple[int, int, str, str]:
    return winner_key(row_to_revision(row))


def _signed_lineage(winner: Any, by_id: dict[str, Any]) -> bool:
    """Whether the winner is, or descends from, a signed revision."""
    stack, seen = [winner.rev_id], set()
    while stack:
        rev_id = stack.pop()
        if rev_id in seen or rev_id not in by_id:
            continue
        seen.add(rev_id)
        row = by_id[rev_id]
        if row.op == Op.SIGN:
            return True
        stack.extend(json.loads(row.parents))
    return False


def refresh_records(connection: Connection, record_ids: Iterable[str]) -> None:
    """Recompute heads, winner and current row of each record, in the caller's transaction."""
    ids = sorted(set(record_ids))
    for chunk in _chunks(ids):
        grouped: dict[str, list[Any]] = defaultdict(list)
        for row in connection.execute(select(_revision).where(_revision.c.record_id.in_(chunk))):
            grouped[row.record_id].append(row)
        derived = [_derive(record_id, rows) for record_id, rows in grouped.items()]
        _write_derived(connection, list(chunk), derived)


def _write_derived(connection: Connection, chunk: list[str], derived: list[_Derived]) -> None:
    connection.execute(delete(_head).where(_head.c.record_id.in_(chunk)))
    connection.execute(delete(_record).where(_record.c.record_id.in_(chunk)))
    if not derived:
        return
    connection.execute(
        insert(_head), [{"record_id": d.record_id, "rev_id": h} for d in derived for h in d.heads]
    )
    connection.execute(
        insert(_record),
        [
            {
                "record_id": d.record_id,
                "entity": d.entity,
                "winner_rev_id": d.winner.rev_id,
                "head_count": len(d.heads),
                "deleted": d.winner.op == Op.DELETE,
                "signed": d.signed,
            }
            for d in derived
        ],
    )
    by_entity: dict[str, list[_Derived]] = defaultdict(list)
    for d in derived:
        by_entity[d.entity].append(d)
    for entity, items in by_entity.items():
        table = current_table(entity)
        connection.execute(delete(table).where(table.c.id.in_([d.record_id for d in items])))
        rows = [
            current_row(table, d.record_id, d.winner.rev_id, json.loads(d.winner.payload))
            for d in items
            if d.winner.op != Op.DELETE
        ]
        if rows:
            connection.execute(insert(table), rows)


def current_row(
    table: Table, record_id: str, rev_id: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """The current-state row of a payload: lists and objects are kept as JSON text.

    Sorted keys make the text deterministic; it is never hashed, so the C encoder is enough.
    """
    row: dict[str, Any] = {"id": record_id, "rev_id": rev_id}
    for column in table.columns:
        if column.name in row:
            continue
        value = payload.get(column.name)
        if isinstance(value, list | dict):
            value = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        row[column.name] = value
    return row
