"""What the Devices page reads from the import log: each laptop's newest import, in one query."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select

from desktop.storage.tables import ImportLogRow, table

_log = table(ImportLogRow)


def latest_imports(connection: Connection) -> dict[str, dict[str, Any]]:
    """device id -> its newest import-log row (``details`` decoded), for every device."""
    ranked = select(
        _log,
        func.row_number().over(
            partition_by=_log.c.device_id,
            order_by=(_log.c.imported_at.desc(), _log.c.id.desc()),
        ).label("rank"),
    ).subquery()
    rows = connection.execute(select(ranked).where(ranked.c.rank == 1))
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = dict(row._mapping)
        del entry["rank"]
        entry["details"] = _details(entry.get("details"))
        found[str(entry["device_id"])] = entry
    return found


def import_counts(connection: Connection) -> dict[str, int]:
    """device id -> how many files of it were imported here."""
    rows = connection.execute(select(_log.c.device_id, func.count()).group_by(_log.c.device_id))
    return {str(device_id): int(count) for device_id, count in rows}


def _details(raw: object) -> dict[str, Any]:
    try:
        found = json.loads(str(raw or "{}"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}
