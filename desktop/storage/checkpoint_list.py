"""The checkpoints list: ids filtered and sorted in SQL, rows fetched for what is on screen.

The screen keeps only the ordered ids (a few thousand at most) and asks for rows of the
visible range; filtering and sorting never load every row into Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from desktop.domain.text import like_pattern
from desktop.storage.tables import (
    CheckpointRow,
    DistrictRow,
    HandoverRow,
    InspectionRow,
    UnitRow,
    table,
)

_checkpoint = table(CheckpointRow)
_district = table(DistrictRow)
_unit = table(UnitRow)
_inspection = table(InspectionRow)
_handover = table(HandoverRow)


class SortKey(StrEnum):
    CODE = "code"
    NAME = "name"
    DISTRICT = "district"
    KIND = "kind"
    HOLDER = "holder"
    STATUS = "status"
    LAST_INSPECTION = "last_inspection"


@dataclass(frozen=True, slots=True)
class CheckpointFilter:
    text: str = ""
    district_id: str | None = None
    kind: str | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class CheckpointListRow:
    id: str
    code: str
    name_ar: str
    name_en: str
    district_ar: str
    district_en: str
    kind: str
    holder_ar: str | None
    holder_en: str | None
    status: str
    last_inspected_at: str | None
    handover_state: str | None  # of the latest handover, if any


def _last_inspection() -> Any:
    return (
        select(func.max(_inspection.c.inspected_at))
        .where(_inspection.c.checkpoint_id == _checkpoint.c.id)
        .scalar_subquery()
    )


def _latest_handover_state() -> Any:
    latest = aliased(_handover)
    return (
        select(latest.c.state)
        .where(latest.c.checkpoint_id == _checkpoint.c.id)
        .order_by(latest.c.handover_at.desc().nulls_last(), latest.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _base() -> Any:
    holder = _unit
    return _checkpoint.join(_district, _district.c.id == _checkpoint.c.district_id).outerjoin(
        holder, holder.c.id == _checkpoint.c.holder_unit_id
    )


def _conditions(criteria: CheckpointFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.text.strip():
        pattern = like_pattern(criteria.text)
        searched = (
            _checkpoint.c.code,
            _checkpoint.c.name_ar,
            _checkpoint.c.name_en,
            _district.c.name_ar,
            _district.c.name_en,
            _unit.c.name_ar,
            _unit.c.name_en,
        )
        conditions.append(
            or_(*(func.taslim_fold(column).like(pattern, escape="\\") for column in searched))
        )
    if criteria.district_id:
        conditions.append(_checkpoint.c.district_id == criteria.district_id)
    if criteria.kind:
        conditions.append(_checkpoint.c.kind == criteria.kind)
    if criteria.status:
        conditions.append(_checkpoint.c.status == criteria.status)
    return conditions


def checkpoint_ids(
    connection: Connection,
    criteria: CheckpointFilter,
    sort: SortKey = SortKey.CODE,
    descending: bool = False,
    language: str = "ar",
) -> list[str]:
    arabic = language == "ar"
    order = {
        SortKey.CODE: _checkpoint.c.code,
        SortKey.NAME: _checkpoint.c.name_ar if arabic else _checkpoint.c.name_en,
        SortKey.DISTRICT: _district.c.name_ar if arabic else _district.c.name_en,
        SortKey.KIND: _checkpoint.c.kind,
        SortKey.HOLDER: _unit.c.name_ar if arabic else _unit.c.name_en,
        SortKey.STATUS: _checkpoint.c.status,
        SortKey.LAST_INSPECTION: _last_inspection(),
    }[sort]
    ordered = order.desc().nulls_last() if descending else order.asc().nulls_first()
    query = (
        select(_checkpoint.c.id)
        .select_from(_base())
        .where(and_(literal(True), *_conditions(criteria)))
        .order_by(ordered, _checkpoint.c.code, _checkpoint.c.id)
    )
    return list(connection.execute(query).scalars())


def checkpoint_rows(connection: Connection, ids: Sequence[str]) -> dict[str, CheckpointListRow]:
    if not ids:
        return {}
    query = (
        select(
            _checkpoint.c.id,
            _checkpoint.c.code,
            _checkpoint.c.name_ar,
            _checkpoint.c.name_en,
            _district.c.name_ar.label("district_ar"),
            _district.c.name_en.label("district_en"),
            _checkpoint.c.kind,
            _unit.c.name_ar.label("holder_ar"),
            _unit.c.name_en.label("holder_en"),
            _checkpoint.c.status,
            _last_inspection().label("last_inspected_at"),
            _latest_handover_state().label("handover_state"),
        )
        .select_from(_base())
        .where(_checkpoint.c.id.in_(list(ids)))
    )
    return {row.id: CheckpointListRow(**row._mapping) for row in connection.execute(query)}
