"""Read queries the services need. Results are domain values, never rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.sqlite import insert

from desktop.domain.entities import Account, Entity, entity_from_payload
from desktop.domain.enums import EntityKind
from desktop.domain.revision import Revision
from desktop.storage.heads import heads_select
from desktop.storage.revision_log import row_to_revision
from desktop.storage.tables import (
    AccountRow,
    LoginAttemptRow,
    RecordRow,
    RevisionRow,
    current_table,
    table,
)

_revision = table(RevisionRow)
_record = table(RecordRow)
_account = table(AccountRow)
_attempt = table(LoginAttemptRow)


def load_entity(connection: Connection, kind: EntityKind, record_id: str) -> Entity | None:
    """The current value of a record, from its winning revision; None if absent or deleted."""
    row = connection.execute(
        select(_revision.c.payload)
        .join(_record, _record.c.winner_rev_id == _revision.c.rev_id)
        .where(
            _record.c.record_id == record_id,
            _record.c.entity == str(kind),
            _record.c.deleted.is_(False),
        )
    ).first()
    if row is None:
        return None
    return entity_from_payload(kind, record_id, json.loads(row.payload))


def record_heads(connection: Connection, record_id: str) -> list[str]:
    return sorted(rev_id for _record_id, rev_id in connection.execute(heads_select([record_id])))


def winner_revision(connection: Connection, record_id: str) -> Revision | None:
    row = connection.execute(
        select(_revision)
        .join(_record, _record.c.winner_rev_id == _revision.c.rev_id)
        .where(_record.c.record_id == record_id)
    ).first()
    return None if row is None else row_to_revision(row)


def revisions_of(connection: Connection, record_id: str) -> list[Revision]:
    rows = connection.execute(
        select(_revision).where(_revision.c.record_id == record_id).order_by(_revision.c.hlc)
    )
    return [row_to_revision(row) for row in rows]


def iter_revisions(connection: Connection, batch: int = 5000) -> Iterator[Revision]:
    """Every revision, in (device, sequence) order."""
    result = connection.execute(
        select(_revision).order_by(_revision.c.device_id, _revision.c.device_seq)
    ).yield_per(batch)
    for row in result:
        yield row_to_revision(row)


def count_current(connection: Connection, kind: EntityKind) -> int:
    table = current_table(str(kind))
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def count_revisions(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(_revision)).scalar_one())


def count_conflicts(connection: Connection) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(_record).where(_record.c.head_count > 1)
        ).scalar_one()
    )


def find_account(connection: Connection, username: str) -> Account | None:
    record_id = connection.execute(
        select(_account.c.id).where(func.lower(_account.c.username) == username.lower())
    ).scalar()
    if record_id is None:
        return None
    account = load_entity(connection, EntityKind.ACCOUNT, record_id)
    assert isinstance(account, Account)
    return account


def current_rows(
    connection: Connection, kind: EntityKind, order_by: Iterable[str] = ("id",)
) -> list[dict[str, Any]]:
    table = current_table(str(kind))
    query = select(table).order_by(*(table.c[name] for name in order_by))
    return [dict(row._mapping) for row in connection.execute(query)]


def login_failures(connection: Connection, username: str) -> tuple[int, int]:
    row = connection.execute(
        select(_attempt.c.failures, _attempt.c.locked_until_ms).where(
            _attempt.c.username == username.lower()
        )
    ).first()
    return (0, 0) if row is None else (row.failures, row.locked_until_ms)


def set_login_failures(
    connection: Connection, username: str, failures: int, locked_until_ms: int
) -> None:
    statement = insert(_attempt).values(
        username=username.lower(), failures=failures, locked_until_ms=locked_until_ms
    )
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["username"],
            set_={"failures": failures, "locked_until_ms": locked_until_ms},
        )
    )


def current_rows_where(
    connection: Connection, kind: EntityKind, **equals: Any
) -> list[dict[str, Any]]:
    table = current_table(str(kind))
    query = select(table).where(*(table.c[name] == value for name, value in equals.items()))
    return [dict(row._mapping) for row in connection.execute(query.order_by(table.c.id))]


def count_grouped(connection: Connection, kind: EntityKind, column: str) -> dict[str, int]:
    table = current_table(str(kind))
    rows = connection.execute(select(table.c[column], func.count()).group_by(table.c[column]))
    return {str(value): int(count) for value, count in rows}


def record_is_signed(connection: Connection, record_id: str) -> bool:
    signed = connection.execute(
        select(_record.c.signed).where(_record.c.record_id == record_id)
    ).scalar()
    return bool(signed)
