"""Lists of inspections and handovers for the officer's screens, filtered and paged in SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select, tuple_

from desktop.domain.text import like_pattern
from desktop.storage.tables import CheckpointRow, HandoverRow, InspectionRow, PersonRow, table

_inspection = table(InspectionRow)
_handover = table(HandoverRow)
_checkpoint = table(CheckpointRow)
_person = table(PersonRow)


@dataclass(frozen=True, slots=True)
class InspectionListRow:
    id: str
    checkpoint_id: str
    checkpoint_code: str
    checkpoint_ar: str
    checkpoint_en: str
    inspected_at: str
    utc_offset_minutes: int
    inspector_ar: str | None
    inspector_en: str | None
    state: str
    readiness: int | None


@dataclass(frozen=True, slots=True)
class HandoverListRow:
    id: str
    checkpoint_id: str
    checkpoint_code: str
    checkpoint_ar: str
    checkpoint_en: str
    state: str
    handover_at: str | None
    utc_offset_minutes: int
    assumed_duty_at: str | None
    departure_at: str | None


def _matching_checkpoints(text: str) -> Any:
    pattern = like_pattern(text)
    return select(_checkpoint.c.id).where(
        or_(
            *(
                func.taslim_fold(column).like(pattern, escape="\\")
                for column in (_checkpoint.c.code, _checkpoint.c.name_ar, _checkpoint.c.name_en)
            )
        )
    )


def _inspection_conditions(
    text: str, checkpoint_id: str | None, state: str | None, inspector_id: str | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if text.strip():
        # Checkpoints are few: match them first, then use the (checkpoint, time) index.
        conditions.append(_inspection.c.checkpoint_id.in_(_matching_checkpoints(text)))
    if checkpoint_id:
        conditions.append(_inspection.c.checkpoint_id == checkpoint_id)
    if state:
        conditions.append(_inspection.c.state == state)
    if inspector_id:
        conditions.append(_inspection.c.inspector_id == inspector_id)
    return conditions


def inspection_count(
    connection: Connection,
    text: str = "",
    checkpoint_id: str | None = None,
    state: str | None = None,
    inspector_id: str | None = None,
) -> int:
    query = (
        select(func.count())
        .select_from(_inspection)
        .where(*_inspection_conditions(text, checkpoint_id, state, inspector_id))
    )
    return int(connection.execute(query).scalar_one())


def inspection_page(
    connection: Connection,
    *,
    after: tuple[str, str] | None,
    limit: int,
    text: str = "",
    checkpoint_id: str | None = None,
    state: str | None = None,
    inspector_id: str | None = None,
) -> list[InspectionListRow]:
    """Newest first: the page after ``after`` = (inspected_at, id) of the last row shown.

    Keyset paging costs the same at any depth, where OFFSET would rescan what came before.
    """
    conditions = _inspection_conditions(text, checkpoint_id, state, inspector_id)
    if after is not None:
        conditions.append(tuple_(_inspection.c.inspected_at, _inspection.c.id) < tuple_(*after))
    query = (
        select(
            _inspection.c.id,
            _inspection.c.checkpoint_id,
            _checkpoint.c.code.label("checkpoint_code"),
            _checkpoint.c.name_ar.label("checkpoint_ar"),
            _checkpoint.c.name_en.label("checkpoint_en"),
            _inspection.c.inspected_at,
            _inspection.c.utc_offset_minutes,
            _person.c.name_ar.label("inspector_ar"),
            _person.c.name_en.label("inspector_en"),
            _inspection.c.state,
            _inspection.c.answers,
        )
        .select_from(
            _inspection.join(
                _checkpoint, _checkpoint.c.id == _inspection.c.checkpoint_id
            ).outerjoin(_person, _person.c.id == _inspection.c.inspector_id)
        )
        .where(*conditions)
        .order_by(_inspection.c.inspected_at.desc(), _inspection.c.id.desc())
        .limit(limit)
    )
    rows = []
    for row in connection.execute(query):
        values = dict(row._mapping)
        readiness = json.loads(values.pop("answers")).get("readiness")
        rows.append(
            InspectionListRow(**values, readiness=readiness if isinstance(readiness, int) else None)
        )
    return rows


def handover_list(
    connection: Connection, text: str = "", states: tuple[str, ...] = ()
) -> list[HandoverListRow]:
    query = (
        select(
            _handover.c.id,
            _handover.c.checkpoint_id,
            _checkpoint.c.code.label("checkpoint_code"),
            _checkpoint.c.name_ar.label("checkpoint_ar"),
            _checkpoint.c.name_en.label("checkpoint_en"),
            _handover.c.state,
            _handover.c.handover_at,
            _handover.c.utc_offset_minutes,
            _handover.c.assumed_duty_at,
            _handover.c.departure_at,
        )
        .select_from(_handover.join(_checkpoint, _checkpoint.c.id == _handover.c.checkpoint_id))
        .order_by(_handover.c.handover_at.desc().nulls_first(), _handover.c.id)
    )
    if text.strip():
        query = query.where(_handover.c.checkpoint_id.in_(_matching_checkpoints(text)))
    if states:
        query = query.where(_handover.c.state.in_(states))
    return [HandoverListRow(**row._mapping) for row in connection.execute(query)]
