"""Read-only figures for the home page: how much is recorded, and where things stand."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.enums import CheckpointStatus, EntityKind, HandoverState
from desktop.services.base import Store
from desktop.storage.queries import count_conflicts, count_current, count_grouped, count_revisions


@dataclass(frozen=True, slots=True)
class Overview:
    checkpoints: int
    checkpoints_by_status: dict[CheckpointStatus, int]
    inspections: int
    handovers_by_state: dict[HandoverState, int]
    people: int
    revisions: int
    conflicts: int


class OverviewService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def overview(self) -> Overview:
        with self._store.read() as connection:
            by_status = count_grouped(connection, EntityKind.CHECKPOINT, "status")
            by_state = count_grouped(connection, EntityKind.HANDOVER, "state")
            return Overview(
                checkpoints=count_current(connection, EntityKind.CHECKPOINT),
                checkpoints_by_status={s: by_status.get(s.value, 0) for s in CheckpointStatus},
                inspections=count_current(connection, EntityKind.INSPECTION),
                handovers_by_state={s: by_state.get(s.value, 0) for s in HandoverState},
                people=count_current(connection, EntityKind.PERSON),
                revisions=count_revisions(connection),
                conflicts=count_conflicts(connection),
            )
