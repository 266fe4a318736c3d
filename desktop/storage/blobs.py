"""Content-addressed bytes: stored once under their sha256, whoever refers to them."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from desktop.storage.tables import BlobRow, table

_blob = table(BlobRow)


def put_blob(connection: Connection, sha256: str, data: bytes) -> None:
    connection.execute(
        insert(_blob).values(sha256=sha256, size=len(data), data=data).on_conflict_do_nothing()
    )


def get_blob(connection: Connection, sha256: str) -> bytes | None:
    value = connection.execute(select(_blob.c.data).where(_blob.c.sha256 == sha256)).scalar()
    return None if value is None else bytes(value)
