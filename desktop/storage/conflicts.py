"""Records with more than one live head: what the supervisor's conflict review reads."""

from __future__ import annotations

from sqlalchemy import Connection, select

from desktop.domain.revision import Revision
from desktop.storage.derive import chunks
from desktop.storage.heads import heads_select
from desktop.storage.revision_log import row_to_revision
from desktop.storage.tables import RecordRow, RevisionRow, table

_record = table(RecordRow)
_revision = table(RevisionRow)


def conflicted_records(connection: Connection, limit: int = 10_000) -> list[tuple[str, str, int]]:
    """(record_id, entity, head count) of every record in conflict, by entity then id."""
    rows = connection.execute(
        select(_record.c.record_id, _record.c.entity, _record.c.head_count)
        .where(_record.c.head_count > 1)
        .order_by(_record.c.entity, _record.c.record_id)
        .limit(limit)
    )
    return [(record_id, entity, int(count)) for record_id, entity, count in rows]


def head_revisions(connection: Connection, record_ids: list[str]) -> dict[str, list[Revision]]:
    """The live heads of each record, oldest clock first."""
    found: dict[str, list[Revision]] = {record_id: [] for record_id in record_ids}
    for chunk in chunks(sorted(set(record_ids))):
        heads = heads_select(chunk).subquery()
        rows = connection.execute(
            select(_revision)
            .join(heads, heads.c.rev_id == _revision.c.rev_id)
            .order_by(_revision.c.hlc, _revision.c.rev_id)
        )
        for row in rows:
            found[row.record_id].append(row_to_revision(row))
    return found
