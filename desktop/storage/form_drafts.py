"""Local drafts of forms being typed (never synced)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert

from desktop.storage.tables import FormDraftRow, table

_draft = table(FormDraftRow)


@dataclass(frozen=True, slots=True)
class StoredDraft:
    key: str
    kind: str
    account_id: str
    title: str
    content: str
    updated_at: str


def upsert_draft(connection: Connection, draft: StoredDraft) -> None:
    values = {
        "key": draft.key,
        "kind": draft.kind,
        "account_id": draft.account_id,
        "title": draft.title,
        "content": draft.content,
        "updated_at": draft.updated_at,
    }
    statement = insert(_draft).values(**values)
    connection.execute(statement.on_conflict_do_update(index_elements=["key"], set_=values))


def get_draft(connection: Connection, key: str) -> StoredDraft | None:
    row = connection.execute(select(_draft).where(_draft.c.key == key)).first()
    return None if row is None else StoredDraft(**row._mapping)


def list_drafts(connection: Connection, account_id: str, kind: str | None) -> list[StoredDraft]:
    query = select(_draft).where(_draft.c.account_id == account_id)
    if kind is not None:
        query = query.where(_draft.c.kind == kind)
    rows = connection.execute(query.order_by(_draft.c.updated_at.desc()))
    return [StoredDraft(**row._mapping) for row in rows]


def remove_draft(connection: Connection, key: str) -> None:
    connection.execute(delete(_draft).where(_draft.c.key == key))
