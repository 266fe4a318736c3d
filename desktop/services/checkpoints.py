"""Read side of the checkpoints screen: ordered ids, rows for the visible range, history,
and the choices the filters offer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.entities import Checkpoint, District, Person, Unit
from desktop.domain.enums import EntityKind
from desktop.services.base import Store, load_required
from desktop.storage.checkpoint_history import CheckpointHistory, checkpoint_history
from desktop.storage.checkpoint_list import (
    CheckpointFilter,
    CheckpointListRow,
    SortKey,
    checkpoint_ids,
    checkpoint_rows,
)
from desktop.storage.queries import current_rows, load_entity
from desktop.storage.record_lists import (
    HandoverListRow,
    InspectionListRow,
    handover_list,
    inspection_count,
    inspection_page,
)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    name_ar: str
    name_en: str


class CheckpointQueries:
    def __init__(self, store: Store) -> None:
        self._store = store

    def ids(
        self,
        criteria: CheckpointFilter,
        sort: SortKey = SortKey.CODE,
        descending: bool = False,
        language: str = "ar",
    ) -> list[str]:
        with self._store.read() as connection:
            return checkpoint_ids(connection, criteria, sort, descending, language)

    def rows(self, ids: Sequence[str]) -> dict[str, CheckpointListRow]:
        with self._store.read() as connection:
            return checkpoint_rows(connection, ids)

    def history(self, checkpoint_id: str, limit: int = 200) -> CheckpointHistory:
        with self._store.read() as connection:
            return checkpoint_history(connection, checkpoint_id, limit)

    def checkpoint(self, checkpoint_id: str) -> Checkpoint:
        with self._store.read() as connection:
            return load_required(connection, Checkpoint, checkpoint_id)

    def districts(self) -> list[Choice]:
        return self._choices(EntityKind.DISTRICT)

    def units(self) -> list[Choice]:
        return self._choices(EntityKind.UNIT)

    def people(self, unit_id: str | None = None) -> list[Person]:
        with self._store.read() as connection:
            rows = current_rows(connection, EntityKind.PERSON, ("name_en",))
            people = [
                load_entity(connection, EntityKind.PERSON, row["id"])
                for row in rows
                if unit_id is None or row["unit_id"] == unit_id
            ]
        return [p for p in people if isinstance(p, Person)]

    def unit(self, unit_id: str) -> Unit:
        with self._store.read() as connection:
            return load_required(connection, Unit, unit_id)

    def district(self, district_id: str) -> District:
        with self._store.read() as connection:
            return load_required(connection, District, district_id)

    def _choices(self, kind: EntityKind) -> list[Choice]:
        with self._store.read() as connection:
            return [
                Choice(row["id"], row["name_ar"], row["name_en"])
                for row in current_rows(connection, kind, ("name_en",))
            ]


class RecordLists:
    """Read side of the officer's inspection and handover lists."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def inspection_count(
        self,
        text: str = "",
        checkpoint_id: str | None = None,
        state: str | None = None,
        inspector_id: str | None = None,
    ) -> int:
        with self._store.read() as connection:
            return inspection_count(connection, text, checkpoint_id, state, inspector_id)

    def inspection_page(
        self,
        *,
        after: tuple[str, str] | None,
        limit: int,
        text: str = "",
        checkpoint_id: str | None = None,
        state: str | None = None,
        inspector_id: str | None = None,
    ) -> list[InspectionListRow]:
        with self._store.read() as connection:
            return inspection_page(
                connection,
                after=after,
                limit=limit,
                text=text,
                checkpoint_id=checkpoint_id,
                state=state,
                inspector_id=inspector_id,
            )

    def handovers(self, text: str = "", states: tuple[str, ...] = ()) -> list[HandoverListRow]:
        with self._store.read() as connection:
            return handover_list(connection, text, states)
