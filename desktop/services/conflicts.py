"""Conflict review at headquarters: records edited on two laptops at once, and their merge.

A record in conflict has more than one live head. The supervisor sees every head side by side
(who, when, on which laptop) and settles it by choosing, field by field, which head's value to
keep; that writes one ``merge`` revision whose parents are all the heads, so the conflict ends
and every head stays in the record's history. Keeping a deletion writes a tombstone the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop.domain.clock import hlc_wall_ms, to_utc_text
from desktop.domain.entities import Entity, entity_from_payload
from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.base import Outcome, Session, Store
from desktop.storage.conflicts import conflicted_records, head_revisions
from desktop.storage.engine import Connection
from desktop.storage.queries import current_rows
from desktop.storage.revision_log import Draft

DELETED = "deleted"  # the choice that keeps a head's deletion instead of its fields


@dataclass(frozen=True, slots=True)
class HeadVersion:
    """One live head of a record in conflict, as the supervisor reads it."""

    rev_id: str
    op: Op
    device_id: str
    device_code: str
    author: str
    written_at: str  # UTC text, from the revision's clock
    payload: dict[str, Any] | None  # None for a deletion

    @property
    def deleted(self) -> bool:
        return self.payload is None


@dataclass(frozen=True, slots=True)
class Conflict:
    record_id: str
    entity: EntityKind
    title: str
    heads: list[HeadVersion]
    fields: list[str] = field(default_factory=list)  # every payload field, in payload order

    @property
    def differing(self) -> list[str]:
        """The fields whose values are not the same in every head that was not deleted."""
        kept = [h.payload for h in self.heads if h.payload is not None]
        return [name for name in self.fields
                if len({repr(p.get(name)) for p in kept}) > 1]

    @property
    def head_ids(self) -> tuple[str, ...]:
        return tuple(sorted(h.rev_id for h in self.heads))


class ConflictService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def conflicts(self) -> list[Conflict]:
        with self._store.read() as connection:
            records = conflicted_records(connection)
            heads = head_revisions(connection, [record_id for record_id, _, _ in records])
            names = _Names(connection)
            return [_conflict(record_id, EntityKind(entity), heads[record_id], names)
                    for record_id, entity, _ in records]

    def conflict(self, record_id: str) -> Conflict:
        with self._store.read() as connection:
            return self._load(connection, record_id)

    def resolve(self, session: Session, record_id: str, choices: dict[str, str],
                expected_heads: tuple[str, ...]) -> Outcome[Conflict]:
        """Write the merge: each field from the head named in ``choices`` (field -> rev_id).

        Fields not named keep the value of the head that wins now. ``{"deleted": rev_id}``
        keeps that head's deletion. ``expected_heads`` are the heads the supervisor looked at;
        if another import changed them meanwhile, nothing is written and they are asked to
        look again.
        """
        with self._store.change(session, Action.RESOLVE_CONFLICT) as changes:
            conflict = self._load(changes.connection, record_id)
            if conflict.head_ids != tuple(sorted(expected_heads)):
                raise ValidationError(_(
                    "This record changed while you were looking at it (another import arrived). "
                    "Look at it again, then choose."))
            by_id = {h.rev_id: h for h in conflict.heads}
            unknown = [rev for rev in choices.values() if rev not in by_id]
            if unknown:
                raise ValidationError(_("A choice names a version that is not one of this "
                                        "record's conflicting versions."))
            parents = conflict.head_ids
            if DELETED in choices:
                if not by_id[choices[DELETED]].deleted:
                    raise ValidationError(_("That version was not a deletion."))
                changes.drafts.append(Draft(record_id, conflict.entity, Op.DELETE, None, parents))
            else:
                changes.drafts.append(Draft(record_id, conflict.entity, Op.MERGE,
                                            _merged(conflict, choices), parents))
        return Outcome(conflict, self._store.report(changes.drafts))

    def _load(self, connection: Connection, record_id: str) -> Conflict:
        records = {r[0]: r for r in conflicted_records(connection)}
        if record_id not in records:
            raise NotFound(_("This record is no longer in conflict; someone settled it already "
                             "or it was never in conflict."))
        heads = head_revisions(connection, [record_id])[record_id]
        return _conflict(record_id, EntityKind(records[record_id][1]), heads, _Names(connection))


def _merged(conflict: Conflict, choices: dict[str, str]) -> dict[str, Any]:
    kept = [h for h in conflict.heads if h.payload is not None]
    if not kept:
        raise ValidationError(_("Every version was a deletion; keep the deletion."))
    # Start from the version that wins now among those still holding content (the newest).
    base = dict(kept[-1].payload or {})
    by_id = {h.rev_id: h for h in conflict.heads}
    for name, rev_id in choices.items():
        source = by_id[rev_id].payload
        if source is None:
            raise ValidationError(_("A deleted version has no fields to keep; choose “keep the "
                                    "deletion” instead."))
        base[name] = source.get(name)
    # The merged value must still be a valid record of its kind.
    entity: Entity = entity_from_payload(conflict.entity, conflict.record_id, base)
    return entity.to_payload()


class _Names:
    """Device codes and people's names, for showing who wrote each version where."""

    def __init__(self, connection: Connection) -> None:
        self.devices = {row["id"]: row["short_code"]
                        for row in current_rows(connection, EntityKind.DEVICE)}
        self.people = {row["id"]: row["name_en"] or row["name_ar"]
                       for row in current_rows(connection, EntityKind.PERSON)}


def _conflict(record_id: str, entity: EntityKind, revisions: list[Any], names: _Names
              ) -> Conflict:
    heads = []
    fields: list[str] = []
    for revision in revisions:
        payload = revision.payload_object()
        if isinstance(payload, dict):
            fields.extend(name for name in payload if name not in fields)
        moment = datetime.fromtimestamp(hlc_wall_ms(revision.hlc) / 1000, UTC)
        heads.append(HeadVersion(
            rev_id=revision.rev_id, op=revision.op, device_id=revision.device_id,
            device_code=names.devices.get(revision.device_id, revision.device_id[:8]),
            author=names.people.get(revision.author_id or "", "—"),
            written_at=to_utc_text(moment),
            payload=payload if isinstance(payload, dict) else None,
        ))
    return Conflict(record_id, entity, _title(entity, heads), heads, fields)


def _title(entity: EntityKind, heads: list[HeadVersion]) -> str:
    payload = next((h.payload for h in reversed(heads) if h.payload), None) or {}
    for key in ("code", "name_en", "name_ar", "serial", "item_key", "username"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            return value
    return str(entity)
