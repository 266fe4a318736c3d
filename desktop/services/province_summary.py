"""The province summary for a date range: the figures of the whole province and of each
district, written as a bilingual PDF (or as a spreadsheet of the same table).

Read only, so no role is checked (as for the dashboard and the list reports); who made the
summary is printed on it. The definitions of every figure are in desktop.domain.summary and on
the PDF itself.
"""

from __future__ import annotations

import getpass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES, local_offset_minutes, to_utc_text
from desktop.domain.enums import CheckpointStatus
from desktop.domain.errors import ValidationError
from desktop.domain.summary import DistrictSummary, GeneratedBy, ProvinceSummary, SummaryFigures
from desktop.i18n import _
from desktop.reports.certificate_sections import local_time
from desktop.reports.province_summary_pdf import write_summary_pdf
from desktop.reports.summary_labels import COLUMNS, DISTRICT, TITLE, district_name
from desktop.reports.tables import Cell, Table
from desktop.services.base import Session, Store
from desktop.services.report_lists import DateRange
from desktop.storage import dashboard as now_queries
from desktop.storage import summary as queries

__all__ = ["DEFAULT_STALE_DAYS", "ProvinceSummaryService", "summary_table"]

DEFAULT_STALE_DAYS = 7
MAX_STALE_DAYS = 3650
# Where the period ends when it has a last date: the end of that day in Iraq (UTC+3 all year).
PERIOD_ZONE = timezone(timedelta(minutes=BAGHDAD_OFFSET_MINUTES))


def period_end(last: date | None, now: datetime) -> datetime:
    """The instant "not inspected for N days" looks back from: the end of the last day, or
    now when the period has no last day or ends later than now."""
    if last is None:
        return now
    return min(now, datetime.combine(last + timedelta(days=1), time(0), PERIOD_ZONE))


def months_between(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while True:
        key = f"{year:04d}-{month:02d}"
        found.append(key)
        if key >= last:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class ProvinceSummaryService:
    def __init__(self, store: Store, device_code: str) -> None:
        self._store = store
        self._device_code = device_code

    def summary(
        self,
        dates: DateRange,
        *,
        stale_days: int = DEFAULT_STALE_DAYS,
        session: Session | None = None,
        now: datetime | None = None,
    ) -> ProvinceSummary:
        if not 1 <= stale_days <= MAX_STALE_DAYS:
            raise ValidationError(_(
                "The number of days without an inspection must be between 1 and {most}.").format(
                most=MAX_STALE_DAYS))
        moment = (now or datetime.now().astimezone()).replace(microsecond=0)
        if moment.tzinfo is None:
            raise ValueError("now must carry its UTC offset")
        end = period_end(dates.last, moment)
        period = queries.Period(dates.first, dates.last)
        with self._store.read() as connection:
            names = now_queries.districts(connection)
            by_status = now_queries.checkpoints_by_status(connection)
            handed = queries.handed_over(connection, period)
            certificates = queries.certificates(connection, period)
            flagged = queries.flagged(connection, period)
            inspections = queries.inspections(connection, period)
            stale = queries.stale(connection, to_utc_text(end - timedelta(days=stale_days)),
                                  to_utc_text(end))
            months = queries.handed_over_by_month(connection, period)

        def row(district_id: str) -> SummaryFigures:
            return SummaryFigures(
                by_status={s: by_status.get((district_id, s.value), 0) for s in CheckpointStatus},
                handed_over=handed.get(district_id, 0),
                certificates=certificates.get(district_id, 0),
                flagged=flagged.get(district_id, 0),
                inspections=inspections.get(district_id, 0),
                stale=stale.get(district_id, 0),
            )

        district_ids = [d.id for d in names]
        districts = [DistrictSummary(d.code, d.name_ar, d.name_en, row(d.id)) for d in names]
        # Checkpoints whose district is not (yet) here, e.g. imported before it: one row each.
        unknown = sorted({key[0] for key in by_status} - set(district_ids))
        districts += [DistrictSummary("", "", "", row(i)) for i in unknown]
        rows = [d.figures for d in districts]
        province = SummaryFigures(
            by_status={s: sum(r.by_status[s] for r in rows) for s in CheckpointStatus},
            handed_over=sum(r.handed_over for r in rows),
            certificates=sum(r.certificates for r in rows),
            flagged=sum(r.flagged for r in rows),
            inspections=sum(r.inspections for r in rows),
            stale=sum(r.stale for r in rows),
        )
        return ProvinceSummary(
            first=dates.first,
            last=dates.last,
            stale_days=stale_days,
            period_end_utc=to_utc_text(end),
            generated_at=local_time(to_utc_text(moment), local_offset_minutes(moment)) or "",
            generated_by=self._who(session),
            province=province,
            districts=tuple(districts),
            handed_over_by_month=_every_month(months, dates, end),
        )

    @staticmethod
    def write_pdf(summary: ProvinceSummary, path: Path) -> None:
        """Write the PDF under a temporary name beside ``path``, then rename it; a folder
        that cannot be written to is one sentence."""
        try:
            write_summary_pdf(summary, path)
        except OSError as error:
            raise ValidationError(_("Cannot write {path}: {reason}.").format(
                path=path, reason=error.strerror or error)) from None

    def _who(self, session: Session | None) -> GeneratedBy:
        if session is not None:
            return GeneratedBy(session.name_ar, session.name_en, session.username,
                               self._device_code)
        try:
            account = getpass.getuser()
        except (KeyError, OSError):  # no user name in the environment nor the password file
            account = ""
        return GeneratedBy("", "", account, self._device_code, command_line=True)


def _every_month(found: dict[str, int], dates: DateRange, end: datetime) -> tuple[
        tuple[str, int], ...]:
    """Each month of the period with its count; an open side starts or stops at the first or
    last month with a handover (or at the period's end)."""
    keys = sorted(found)
    first = dates.first.isoformat()[:7] if dates.first is not None else (
        keys[0] if keys else None)
    last = dates.last.isoformat()[:7] if dates.last is not None else (
        max([*keys, end.astimezone(PERIOD_ZONE).date().isoformat()[:7]]) if keys else None)
    if first is None or last is None or first > last:
        return ()
    return tuple((key, found.get(key, 0)) for key in months_between(first, last))


def summary_table(summary: ProvinceSummary) -> Table:
    """The district table as a spreadsheet: one row per district and the province total,
    column titles in both languages (the summary is bilingual whatever the language)."""
    days = summary.stale_days
    headers = (DISTRICT.ar, DISTRICT.en, *(
        f"{column.label(days).ar} / {column.label(days).en}" for column in COLUMNS))
    rows: list[tuple[Cell, ...]] = []
    for district in summary.districts:
        name = district_name(district)
        rows.append((name.ar, name.en, *(column.value(district.figures) for column in COLUMNS)))
    total = district_name(None)
    rows.append((total.ar, total.en, *(column.value(summary.province) for column in COLUMNS)))
    return Table(TITLE.en, headers, tuple(rows))
