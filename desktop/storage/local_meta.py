"""Small facts about this database kept on this machine only (the ``meta`` table; never synced).

Each is a text value under a fixed key, e.g. when this laptop last wrote its enrolment request:
nothing in the revision log says so, yet the first-run screen must remember it across restarts.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from desktop.storage.tables import MetaRow, table

_meta = table(MetaRow)


def get_meta(connection: Connection, key: str) -> str | None:
    return connection.execute(select(_meta.c.value).where(_meta.c.key == key)).scalar()


def set_meta(connection: Connection, key: str, value: str) -> None:
    statement = insert(_meta).values(key=key, value=value)
    connection.execute(statement.on_conflict_do_update(index_elements=["key"],
                                                       set_={"value": value}))
