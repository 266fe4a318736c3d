"""The list reports: checkpoints, handovers, certificates and inspections as plain tables.

Columns are translated here; desktop.reports.tables writes the table as CSV or XLSX. Times
are shown local to where they were recorded (the stored UTC text with its utc_offset_minutes),
and the --from/--to filter compares that local date, inclusive at both ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desktop.domain.clock import as_local
from desktop.domain.enums import (
    CERTIFICATE_STATE_LABELS,
    CHECKPOINT_STATUS_LABELS,
    HANDOVER_STATE_LABELS,
    INSPECTION_STATE_LABELS,
    EntityKind,
)
from desktop.domain.errors import ValidationError
from desktop.i18n import N_, _, current_language
from desktop.reports.tables import Cell, Table
from desktop.services.base import Store
from desktop.services.certificate_queries import CertificateQueries
from desktop.services.checkpoints import CheckpointQueries
from desktop.storage.checkpoint_list import CheckpointFilter, SortKey
from desktop.storage.derive import chunks
from desktop.storage.queries import current_rows


class ReportKind(StrEnum):
    CHECKPOINTS = "checkpoints"
    HANDOVERS = "handovers"
    CERTIFICATES = "certificates"
    INSPECTIONS = "inspections"


TITLES = {
    ReportKind.CHECKPOINTS: N_("Checkpoints"),
    ReportKind.HANDOVERS: N_("Handovers"),
    ReportKind.CERTIFICATES: N_("Certificates"),
    ReportKind.INSPECTIONS: N_("Inspections"),
}
DATED = frozenset({ReportKind.HANDOVERS, ReportKind.CERTIFICATES, ReportKind.INSPECTIONS})


@dataclass(frozen=True, slots=True)
class DateRange:
    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        if self.first is not None and self.last is not None and self.first > self.last:
            raise ValidationError(
                _("The period starts on {first}, after it ends on {last}; choose a first "
                  "date no later than the last.").format(
                    first=self.first.isoformat(), last=self.last.isoformat()))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return (self.first is None or day >= self.first) and (
            self.last is None or day <= self.last
        )

    @property
    def is_open(self) -> bool:
        return self.first is None and self.last is None


def parse_day(text: str) -> date:
    """A date given as YYYY-MM-DD, or a ValidationError that says so."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date in the form 2026-01-31.").format(value=text)
        ) from None


def _local(utc_text: str | None, offset_minutes: int) -> tuple[str, date | None]:
    if not utc_text:
        return "", None
    moment = as_local(utc_text, offset_minutes)
    return moment.strftime("%Y-%m-%d %H:%M"), moment.date()


def _label(labels: dict[Any, str], value: str) -> str:
    label = labels.get(value)
    return value if label is None else _(label)


class ReportLists:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._checkpoints = CheckpointQueries(store)
        self._certificates = CertificateQueries(store)

    def table(self, kind: ReportKind, dates: DateRange = DateRange()) -> Table:
        if kind not in DATED and not dates.is_open:
            raise ValidationError(
                _("The checkpoints list has no dates; --from and --to apply to handovers, "
                  "certificates and inspections.")
            )
        builders: dict[ReportKind, Callable[[DateRange], Table]] = {
            ReportKind.CHECKPOINTS: lambda _dates: self._checkpoint_table(),
            ReportKind.HANDOVERS: self._handover_table,
            ReportKind.CERTIFICATES: self._certificate_table,
            ReportKind.INSPECTIONS: self._inspection_table,
        }
        return builders[kind](dates)

    def _checkpoint_table(self) -> Table:
        arabic = current_language() == "ar"
        ids = self._checkpoints.ids(CheckpointFilter(), SortKey.CODE)
        rows = []
        for block in chunks(ids):
            found = self._checkpoints.rows(block)
            for checkpoint_id in block:
                row = found[checkpoint_id]
                rows.append((
                    row.code, row.name_ar, row.name_en,
                    row.district_ar if arabic else row.district_en,
                    _label(CHECKPOINT_STATUS_LABELS, row.status),
                ))
        headers = (_("Code"), _("Name (Arabic)"), _("Name (English)"), _("District"),
                   _("Status"))
        return _make(ReportKind.CHECKPOINTS, headers, rows)

    def _handover_table(self, dates: DateRange) -> Table:
        arabic = current_language() == "ar"
        with self._store.read() as connection:
            handovers = current_rows(connection, EntityKind.HANDOVER, ("handover_at", "id"))
            codes = _by_id(current_rows(connection, EntityKind.CHECKPOINT), "code")
            people = _by_id(current_rows(connection, EntityKind.PERSON),
                            "name_ar" if arabic else "name_en")
        rows = []
        for handover in handovers:
            shown, day = _local(handover["handover_at"], handover["utc_offset_minutes"])
            if not dates.is_open and day not in dates:
                continue
            rows.append((
                codes.get(handover["checkpoint_id"], ""),
                _label(HANDOVER_STATE_LABELS, handover["state"]),
                shown,
                people.get(handover["officer_id"], ""),
            ))
        headers = (_("Checkpoint code"), _("State"), _("Handover time"), _("Officer"))
        return _make(ReportKind.HANDOVERS, headers, rows)

    def _certificate_table(self, dates: DateRange) -> Table:
        ids = self._certificates.ids()
        rows: list[tuple[Cell, ...]] = []
        for block in chunks(ids):
            found = self._certificates.rows(block)
            for certificate_id in block:
                row = found[certificate_id]
                shown, day = _local(row.issued_at, row.utc_offset_minutes)
                if not dates.is_open and day not in dates:
                    continue
                rows.append((row.serial, row.checkpoint_code,
                             _label(CERTIFICATE_STATE_LABELS, row.state), shown, row.reprints))
        headers = (_("Serial"), _("Checkpoint code"), _("State"), _("Issued at"),
                   _("Reprints"))
        return _make(ReportKind.CERTIFICATES, headers, rows)

    def _inspection_table(self, dates: DateRange) -> Table:
        with self._store.read() as connection:
            inspections = current_rows(connection, EntityKind.INSPECTION, ("inspected_at", "id"))
            codes = _by_id(current_rows(connection, EntityKind.CHECKPOINT), "code")
        rows = []
        for inspection in inspections:
            shown, day = _local(inspection["inspected_at"], inspection["utc_offset_minutes"])
            if not dates.is_open and day not in dates:
                continue
            rows.append((codes.get(inspection["checkpoint_id"], ""), shown,
                         _label(INSPECTION_STATE_LABELS, inspection["state"])))
        headers = (_("Checkpoint code"), _("Inspected at"), _("State"))
        return _make(ReportKind.INSPECTIONS, headers, rows)


def _make(kind: ReportKind, headers: Sequence[str],
          rows: Iterable[Sequence[Cell]]) -> Table:
    return Table(_(TITLES[kind]), tuple(headers), tuple(tuple(row) for row in rows))


def _by_id(rows: Iterable[dict[str, Any]], column: str) -> dict[str, str]:
    return {row["id"]: str(row[column]) for row in rows}

