"""The province summary for a date range, as one immutable value.

The service (desktop.services.province_summary) fills it from the database; the PDF
(desktop.reports.province_summary_pdf) and the spreadsheet are drawn from it alone, so the two
can never disagree. Plain data: no SQL, no Qt, no translation.

Definitions (the PDF prints them too; "in the period" means a local date, where the record was
made, from ``first`` to ``last`` inclusive, either side open):

* checkpoints by status: the status each checkpoint has now, when the summary is made;
* handed over: handovers finalized (signed, certified or amended; not draft, ready or void)
  whose handover time falls in the period;
* certificates: certificates issued in the period that are still in force (not void and not
  superseded); a reprint is the same certificate, not a new one;
* flagged: handovers in the period, not void, with a continuity gap (duty assumed after the
  handing-over force left) or a checklist item marked not done;
* inspections: submitted inspections (not drafts) made in the period;
* not inspected: checkpoints with no submitted inspection in the ``stale_days`` days before
  the end of the period (the end of its last day at UTC+03:00, or the moment the summary was
  made if that is earlier);
* handed over per month: the "handed over" handovers grouped by the local month of their
  handover time; every month of the period is listed, a month without one as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import CheckpointStatus


@dataclass(frozen=True, slots=True)
class SummaryFigures:
    """One row of the summary: a district, or the whole province."""

    by_status: dict[CheckpointStatus, int]
    handed_over: int
    certificates: int
    flagged: int
    inspections: int
    stale: int

    @property
    def checkpoints(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True, slots=True)
class DistrictSummary:
    code: str  # empty for checkpoints whose district is not (yet) in this database
    name_ar: str
    name_en: str
    figures: SummaryFigures


@dataclass(frozen=True, slots=True)
class GeneratedBy:
    """Who made the summary: the signed-in person, or (from the command line, where nobody
    signs in) the operating-system account that ran it. The device is this database's."""

    name_ar: str
    name_en: str
    username: str
    device_code: str
    command_line: bool = False


@dataclass(frozen=True, slots=True)
class ProvinceSummary:
    first: date | None  # None: from the first record
    last: date | None  # None: up to the moment the summary was made
    stale_days: int
    period_end_utc: str  # the instant "not inspected" looks back from (UTC text)
    generated_at: str  # local time with offset: "2026-04-02 09:15 (UTC+03:00)"
    generated_by: GeneratedBy
    province: SummaryFigures
    districts: tuple[DistrictSummary, ...]
    handed_over_by_month: tuple[tuple[str, int], ...]  # ("YYYY-MM", count), in order
