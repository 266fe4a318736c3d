"""A checkpoint's history for its detail pane: inspections, handovers, certificates."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from desktop.storage.tables import (
    HandoverRow,
    InspectionRow,
    PersonRow,
    RecordRow,
    UnitRow,
    table,
)

_inspection = table(InspectionRow)
_handover = table(HandoverRow)
_person = table(PersonRow)
_unit = table(UnitRow)
_record = table(RecordRow)


@dataclass(frozen=True, slots=True)
class InspectionSummary:
    id: str
    inspected_at: str
    utc_offset_minutes: int
    inspector_ar: str | None
    inspector_en: str | None
    state: str
    readiness: int | None
    amended: bool


@dataclass(frozen=True, slots=True)
class HandoverSummary:
    id: str
    state: str
    handover_at: str | None
    utc_offset_minutes: int
    receiving_ar: str | None
    receiving_en: str | None
    assumed_duty_at: str | None
    departure_at: str | None


@dataclass(frozen=True, slots=True)
class CheckpointHistory:
    inspection_count: int
    inspections: list[InspectionSummary]  # newest first, at most ``limit``
    handovers: list[HandoverSummary]  # newest first


def checkpoint_history(
    connection: Connection, checkpoint_id: str, limit: int = 200
) -> CheckpointHistory:
    count = connection.execute(
        select(func.count())
        .select_from(_inspection)
        .where(_inspection.c.checkpoint_id == checkpoint_id)
    ).scalar_one()
    rows = connection.execute(
        select(
            _inspection.c.id,
            _inspection.c.inspected_at,
            _inspection.c.utc_offset_minutes,
            _person.c.name_ar,
            _person.c.name_en,
            _inspection.c.state,
            _inspection.c.answers,
            _inspection.c.amend_reason,
        )
        .select_from(_inspection.outerjoin(_person, _person.c.id == _inspection.c.inspector_id))
        .where(_inspection.c.checkpoint_id == checkpoint_id)
        .order_by(_inspection.c.inspected_at.desc())
        .limit(limit)
    )
    inspections = []
    for row in rows:
        readiness = json.loads(row.answers).get("readiness")
        inspections.append(
            InspectionSummary(
                row.id,
                row.inspected_at,
                row.utc_offset_minutes,
                row.name_ar,
                row.name_en,
                row.state,
                readiness if isinstance(readiness, int) else None,
                row.amend_reason is not None,
            )
        )
    handovers = [
        HandoverSummary(
            row.id,
            row.state,
            row.handover_at,
            row.utc_offset_minutes,
            row.name_ar,
            row.name_en,
            row.assumed_duty_at,
            row.departure_at,
        )
        for row in connection.execute(
            select(
                _handover.c.id,
                _handover.c.state,
                _handover.c.handover_at,
                _handover.c.utc_offset_minutes,
                _unit.c.name_ar,
                _unit.c.name_en,
                _handover.c.assumed_duty_at,
                _handover.c.departure_at,
            )
            .select_from(_handover.outerjoin(_unit, _unit.c.id == _handover.c.receiving_unit_id))
            .where(_handover.c.checkpoint_id == checkpoint_id)
            .order_by(_handover.c.handover_at.desc().nulls_first())
        )
    ]
    return CheckpointHistory(count, inspections, handovers)
