"""The supervisor's dashboard: where the handover of the province stands, district by district.

Read only. Figures per district and for the province: checkpoints by status, certificates in
force, handovers with a continuity gap or an item not done, checkpoints not inspected for N days,
and how many checkpoints were handed over each month. ``checkpoints`` lists what stands behind
any of those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.enums import CheckpointStatus
from desktop.services.base import Store
from desktop.storage import dashboard as queries
from desktop.storage.dashboard import CheckpointLine

__all__ = ["CheckpointLine", "Dashboard", "DashboardService", "DistrictFigures", "Figures"]


@dataclass(frozen=True, slots=True)
class Figures:
    """One row of the dashboard (a district, or the whole province)."""

    by_status: dict[CheckpointStatus, int]
    certificates: int
    flagged_handovers: int
    stale: int

    @property
    def checkpoints(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True, slots=True)
class DistrictFigures:
    district_id: str
    code: str
    name_ar: str
    name_en: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class Dashboard:
    stale_days: int
    province: Figures
    districts: list[DistrictFigures]
    handed_over_by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> count


def stale_cutoff(days: int, now: datetime | None = None) -> str:
    """The UTC text an inspection must reach to count as recent."""
    return to_utc_text((now or utc_now()) - timedelta(days=max(0, days)))


class DashboardService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def figures(self, stale_days: int = 7, *, now: datetime | None = None) -> Dashboard:
        cutoff = stale_cutoff(stale_days, now)
        with self._store.read() as connection:
            names = queries.districts(connection)
            by_status = queries.checkpoints_by_status(connection)
            certificates = queries.certificates_issued(connection)
            flagged = queries.flagged_handovers(connection)
            stale = queries.stale_checkpoints(connection, cutoff)
            months = queries.handed_over_by_month(connection)

        def row(district_id: str) -> Figures:
            return Figures(
                by_status={s: by_status.get((district_id, s.value), 0) for s in CheckpointStatus},
                certificates=certificates.get(district_id, 0),
                flagged_handovers=flagged.get(district_id, 0),
                stale=stale.get(district_id, 0),
            )

        districts = [DistrictFigures(d.id, d.code, d.name_ar, d.name_en, row(d.id))
                     for d in names]
        # Checkpoints whose district is not (yet) here, e.g. imported before it: a row of their own.
        known = {d.id for d in names}
        unknown = sorted({key[0] for key in by_status} - known)
        districts += [DistrictFigures(i, "", "", "", row(i)) for i in unknown]
        province = Figures(
            by_status={s: sum(by_status.get((d.district_id, s.value), 0) for d in districts)
                       for s in CheckpointStatus},
            certificates=sum(certificates.values()),
            flagged_handovers=sum(flagged.values()),
            stale=sum(stale.values()),
        )
        return Dashboard(stale_days, province, districts, months)

    def checkpoints(
        self,
        district_id: str | None = None,
        status: CheckpointStatus | None = None,
        stale_days: int | None = None,
        *,
        certified: bool = False,
        flagged: bool = False,
        month: str | None = None,
        now: datetime | None = None,
    ) -> list[CheckpointLine]:
        """The checkpoints behind a figure (filters combine); one line per certificate when
        ``certified``, per flagged handover when ``flagged``; ``month`` ("YYYY-MM"): the
        checkpoints behind that month's bar of ``handed_over_by_month``."""
        cutoff = stale_cutoff(stale_days, now) if stale_days is not None else None
        with self._store.read() as connection:
            return queries.checkpoint_lines(
                connection, district_id=district_id,
                status=status.value if status is not None else None,
                stale_cutoff=cutoff, certified=certified, flagged=flagged, month=month)
