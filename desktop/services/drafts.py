"""Autosaved drafts: what is typed survives closing the window and losing power.

A draft is saved every few seconds and on close, in its own small write transaction with
``synchronous=FULL``, so after a power cut the last autosave is on disk. Drafts are local to
this laptop and to the person typing; a form becomes a revision only when it is saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.errors import ValidationError
from desktop.i18n import _
from desktop.services.base import Session, Store
from desktop.storage.form_drafts import (
    StoredDraft,
    get_draft,
    list_drafts,
    remove_draft,
    upsert_draft,
)

MAX_DRAFT_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    kind: str
    title: str
    content: dict[str, Any]
    updated_at: str


def _to_draft(stored: StoredDraft) -> Draft:
    return Draft(
        stored.key, stored.kind, stored.title, json.loads(stored.content), stored.updated_at
    )


class DraftService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def save(
        self, session: Session, key: str, kind: str, title: str, content: dict[str, Any]
    ) -> None:
        text = json.dumps(content, ensure_ascii=False, sort_keys=True)
        if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
            raise ValidationError(_("This form is too large to keep as a draft; save it now."))
        stored = StoredDraft(key, kind, session.account_id, title, text, to_utc_text(utc_now()))
        with self._store.database.write() as connection:
            upsert_draft(connection, stored)

    def load(self, session: Session, key: str) -> Draft | None:
        with self._store.read() as connection:
            stored = get_draft(connection, key)
        if stored is None or stored.account_id != session.account_id:
            return None
        return _to_draft(stored)

    def list(self, session: Session, kind: str | None = None) -> list[Draft]:
        with self._store.read() as connection:
            return [_to_draft(s) for s in list_drafts(connection, session.account_id, kind)]

    def discard(self, session: Session, key: str) -> None:
        with self._store.database.write() as connection:
            stored = get_draft(connection, key)
            if stored is not None and stored.account_id == session.account_id:
                remove_draft(connection, key)
