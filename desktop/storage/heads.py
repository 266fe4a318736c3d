"""Where a record's heads are kept: its winner, or ``conflict_head`` when it is in conflict.

A record with one head (nearly every record) has that head as ``record.winner_rev_id``; only a
record with several heads lists them in ``conflict_head``. Readers ask here and never need to
know which.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CompoundSelect, select, union_all

from desktop.storage.tables import ConflictHeadRow, RecordRow, table

_record = table(RecordRow)
_conflict_head = table(ConflictHeadRow)


def heads_select(record_ids: Sequence[str]) -> CompoundSelect[Any]:
    """(record_id, rev_id) of every head of the given records (keep the list under ~500 ids)."""
    ids = list(record_ids)
    return union_all(
        select(_record.c.record_id, _record.c.winner_rev_id.label("rev_id")).where(
            _record.c.record_id.in_(ids), _record.c.head_count == 1
        ),
        select(_conflict_head.c.record_id, _conflict_head.c.rev_id).where(
            _conflict_head.c.record_id.in_(ids)
        ),
    )
