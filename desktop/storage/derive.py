"""Current state from revisions: heads, winner and current row of each touched record.

The rule depends only on the set of revisions of a record (and on the revisions this database
flagged on arrival): heads are the revisions no other revision of the record names as parent;
the winner is the greatest head by ``winner_key``; more than one head is a conflict.

This runs for every revision written or imported, so it talks to SQLite through the driver's
own cursor: an import at headquarters derives a million records, and SQLAlchemy's per-row work
would triple the time. It always runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from desktop.domain.enums import Op
from desktop.storage.revision_rows import DEVICE_ID, ENTITY, HLC, OP, PARENTS, RECORD_ID, REV_ID
from desktop.storage.tables import CURRENT_TABLES

CHUNK = 500  # ids per IN (...) list; well under SQLite's variable limit

# The stored row's columns up to ``op`` (the payload is read for winners only).
_SELECT = (
    "SELECT rev_id, record_id, entity, parents, hlc, device_id, device_seq, author_id, op "
    "FROM revision WHERE record_id IN ({marks})"
)
# Current-state rows made in advance (by the importer's worker process), by rev_id.
Prepared = dict[str, tuple[Any, ...]]
_SIGN = Op.SIGN.value
_DELETE = Op.DELETE.value


def driver(connection: Connection) -> Any:
    """The sqlite3 connection under a SQLAlchemy connection (same transaction)."""
    return connection.connection.driver_connection


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _CurrentTable:
    """How a payload becomes a row of one current-state table."""

    def __init__(self, name: str) -> None:
        table = CURRENT_TABLES[name].__table__
        self.name = name
        self.columns = [c.name for c in table.columns if c.name not in ("id", "rev_id")]
        names = ", ".join(["id", "rev_id", *self.columns])
        marks = ", ".join("?" for _ in range(len(self.columns) + 2))
        self.insert_sql = f"INSERT INTO {name} ({names}) VALUES ({marks})"

    def row(self, record_id: str, rev_id: str, payload: dict[str, Any]) -> tuple[Any, ...]:
        values: list[Any] = [record_id, rev_id]
        for column in self.columns:
            value = payload.get(column)
            if not value and isinstance(value, list | dict):
                value = "[]" if isinstance(value, list) else "{}"  # most photo lists are empty
            elif isinstance(value, list | dict):
                # Sorted keys make the text deterministic; it is never hashed.
                value = json.dumps(value, sort_keys=True, ensure_ascii=False,
                                   separators=(",", ":"))
            values.append(value)
        return tuple(values)


_TABLES = {name: _CurrentTable(name) for name in CURRENT_TABLES}


def current_row_values(entity: str, record_id: str, rev_id: str, payload_text: str
                       ) -> tuple[Any, ...]:
    """The current-state row a revision would give its record if it won."""
    return _TABLES[entity].row(record_id, rev_id, json.loads(payload_text))


# What the rule reads of a revision: its stored row (``revision_rows``), or the first columns of
# it up to ``op``.
DeriveRow = tuple[Any, ...]


def refresh_records(connection: Connection, record_ids: Iterable[str],
                    prepared: Prepared | None = None,
                    arrived: dict[str, list[DeriveRow]] | None = None,
                    held: dict[str, str] | None = None) -> int:
    """Recompute heads, winner and current row of each record; returns how many are in conflict.

    ``prepared`` may hold current-state rows made in advance from winners' payloads.
    ``arrived``: the revisions just stored, by record. A record this database had no row for
    has no other revisions, so its rule runs on these without reading them back.
    ``held``: record id -> kind of every one of these records the database already has a row
    for, when the caller knows it (then ``record`` is not asked again).
    """
    ids = sorted(set(record_ids))
    if not ids:
        return 0
    cursor = driver(connection).cursor()
    try:
        any_flags = cursor.execute("SELECT EXISTS (SELECT 1 FROM revision_flag)").fetchone()[0]
        conflicts = 0
        for chunk in chunks(ids):
            conflicts += _refresh_chunk(cursor, list(chunk), bool(any_flags), prepared or {},
                                        arrived, held)
        return conflicts
    finally:
        cursor.close()


def _refresh_chunk(cursor: Any, chunk: list[str], any_flags: bool, prepared: Prepared,
                   arrived: dict[str, list[DeriveRow]] | None,
                   held: dict[str, str] | None) -> int:
    marks = ",".join("?" * len(chunk))
    existing: dict[str, str]
    if held is None:
        existing = dict(cursor.execute(
            f"SELECT record_id, entity FROM record WHERE record_id IN ({marks})", chunk))
    else:
        existing = {record_id: held[record_id] for record_id in chunk if record_id in held}
    grouped: dict[str, list[DeriveRow]] = {}
    to_read = chunk if arrived is None else [r for r in chunk if r in existing or r not in arrived]
    if to_read:
        for row in cursor.execute(_SELECT.format(marks=",".join("?" * len(to_read))), to_read):
            grouped.setdefault(row[RECORD_ID], []).append(row)
    flagged: set[str] = set()
    if any_flags:
        flagged = {
            rev_id
            for (rev_id,) in cursor.execute(
                "SELECT f.rev_id FROM revision_flag f JOIN revision r ON r.rev_id = f.rev_id "
                f"WHERE r.record_id IN ({marks})",
                chunk,
            )
        }
    heads_rows: list[tuple[str, str]] = []
    record_rows: list[tuple[Any, ...]] = []
    current: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    unprepared: list[tuple[str, str, str]] = []  # (entity, record_id, rev_id)
    conflicts = 0
    for record_id in chunk:  # in id order, whichever way the rows came
        rows = grouped.get(record_id) or (arrived or {}).get(record_id)
        if not rows:
            continue
        if len(rows) == 1:
            winner = rows[0]
            head_count = 1
            signed = winner[OP] == _SIGN
        else:
            heads, winner, signed = _derive(rows, flagged)
            head_count = len(heads)
            if head_count > 1:  # a single head is the winner; only conflicts list theirs
                conflicts += 1
                heads_rows.extend((record_id, head) for head in heads)
        rev_id, entity = winner[REV_ID], winner[ENTITY]
        deleted = winner[OP] == _DELETE
        record_rows.append((record_id, entity, rev_id, head_count, deleted, signed))
        if not deleted:
            made = prepared.get(rev_id)
            if made is not None and made[0] == record_id:
                current[entity].append(made)
            else:
                unprepared.append((entity, record_id, rev_id))
    if unprepared:
        payloads = dict(cursor.execute(
            f"SELECT rev_id, payload FROM revision WHERE rev_id IN "
            f"({','.join('?' * len(unprepared))})", [rev_id for _, _, rev_id in unprepared]))
        for entity, record_id, rev_id in unprepared:
            current[entity].append(current_row_values(entity, record_id, rev_id,
                                                      payloads[rev_id]))
    _clear_derived(cursor, existing)
    cursor.executemany("INSERT INTO conflict_head (record_id, rev_id) VALUES (?, ?)", heads_rows)
    cursor.executemany(
        "INSERT INTO record (record_id, entity, winner_rev_id, head_count, deleted, signed) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        record_rows,
    )
    for name, rows in current.items():
        cursor.executemany(_TABLES[name].insert_sql, rows)
    return conflicts


def _clear_derived(cursor: Any, existing: dict[str, str]) -> None:
    """Remove the derived rows of the records that have any (record id -> entity).

    An import brings mostly records the database has never seen; for them there is nothing to
    delete, and probing every derived table for each would cost a third of the derivation.
    """
    if not existing:
        return
    ids = list(existing)
    held = ",".join("?" * len(ids))
    cursor.execute(f"DELETE FROM conflict_head WHERE record_id IN ({held})", ids)
    cursor.execute(f"DELETE FROM record WHERE record_id IN ({held})", ids)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for record_id, entity in existing.items():
        by_entity[entity].append(record_id)
    for entity, group in by_entity.items():
        cursor.execute(f"DELETE FROM {entity} WHERE id IN ({','.join('?' * len(group))})", group)


def _derive(
    rows: list[tuple[Any, ...]], flagged: set[str]
) -> tuple[list[str], tuple[Any, ...], bool]:
    by_id = {row[REV_ID]: row for row in rows}
    parents = {row[REV_ID]: _parents(row[PARENTS]) for row in rows}
    named_as_parent = {p for named in parents.values() for p in named}
    heads = sorted(rev_id for rev_id in by_id if rev_id not in named_as_parent)
    winner = max((by_id[h] for h in heads), key=lambda row: _key(row, flagged))
    return heads, winner, _signed_lineage(winner, by_id, parents)


def _key(row: tuple[Any, ...], flagged: set[str]) -> tuple[int, int, int, str, str]:
    # The same order as desktop.domain.revision.winner_key, on a database row.
    return (1 if row[OP] == _SIGN else 0, 0 if row[REV_ID] in flagged else 1, row[HLC],
            row[DEVICE_ID], row[REV_ID])


def _signed_lineage(winner: tuple[Any, ...], by_id: dict[str, tuple[Any, ...]],
                    parents: dict[str, Sequence[str]]) -> bool:
    """Whether the winner is, or descends from, a signed revision."""
    stack, seen = [winner[REV_ID]], set()
    while stack:
        rev_id = stack.pop()
        if rev_id in seen or rev_id not in by_id:
            continue
        seen.add(rev_id)
        if by_id[rev_id][OP] == _SIGN:
            return True
        stack.extend(parents[rev_id])
    return False


def _parents(text: str) -> Sequence[str]:
    """The rev_ids of a stored ``parents`` text (a canonical JSON array of strings)."""
    if "\\" not in text:
        # Nothing escaped, as with every rev_id: the strings are exactly what lies between
        # the separators (json.loads here was a twentieth of a large import).
        return text[2:-2].split('","') if text != "[]" else []
    parsed: list[str] = json.loads(text)
    return parsed
