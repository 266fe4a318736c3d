"""What the province summary reads: the dashboard's figures restricted to a date range.

A record is "in the period" when the local date of its time (the stored UTC text moved by the
record's own ``utc_offset_minutes``, as the list reports do) lies between ``first`` and
``last`` inclusive; ``None`` leaves that side open. The local-date test alone would scan every
row, so each query also bounds the UTC text one day wider than the period on either side
(offsets stay within ±14 hours), which lets SQLite use the time indexes.

Every figure is grouped by the checkpoint's district id, as in desktop.storage.dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, text

from desktop.storage.dashboard import DONE_STATES, ISSUED, NOT_DONE, VOIDED

SUBMITTED = "submitted"
_EARLIEST = ""  # sorts before every UTC text
_LATEST = "9999"  # sorts after every UTC text


@dataclass(frozen=True, slots=True)
class Period:
    first: date | None
    last: date | None

    def parameters(self) -> dict[str, str | None]:
        return {
            "first": None if self.first is None else self.first.isoformat(),
            "last": None if self.last is None else self.last.isoformat(),
            "lo": _EARLIEST if self.first is None else (self.first - timedelta(days=1)).isoformat(),
            "hi": _LATEST if self.last is None else (self.last + timedelta(days=2)).isoformat(),
        }


def _in_period(column: str, offset: str) -> str:
    local = f"date({column}, printf('%+d minutes', {offset}))"
    return (f"{column} >= :lo AND {column} < :hi"
            f" AND (:first IS NULL OR {local} >= :first)"
            f" AND (:last IS NULL OR {local} <= :last)")


_DONE = ", ".join(f"'{state}'" for state in DONE_STATES)

_HANDED_OVER = f"""
FROM handover AS h JOIN checkpoint AS c ON c.id = h.checkpoint_id
WHERE h.state IN ({_DONE}) AND h.handover_at IS NOT NULL
  AND {_in_period("h.handover_at", "h.utc_offset_minutes")}
"""

_CERTIFICATES = f"""
FROM certificate AS cert
JOIN handover AS h ON h.id = cert.handover_id
JOIN checkpoint AS c ON c.id = h.checkpoint_id
WHERE cert.state = '{ISSUED}'
  AND {_in_period("cert.issued_at", "cert.utc_offset_minutes")}
"""

_FLAGGED = f"""
FROM handover AS h JOIN checkpoint AS c ON c.id = h.checkpoint_id
WHERE h.state != '{VOIDED}' AND h.handover_at IS NOT NULL
  AND {_in_period("h.handover_at", "h.utc_offset_minutes")}
  AND ((h.assumed_duty_at IS NOT NULL AND h.departure_at IS NOT NULL
        AND h.assumed_duty_at > h.departure_at)
       OR EXISTS (SELECT 1 FROM checklist_response AS r
                  WHERE r.handover_id = h.id AND r.answer = '{NOT_DONE}'))
"""

_INSPECTIONS = f"""
FROM inspection AS i JOIN checkpoint AS c ON c.id = i.checkpoint_id
WHERE i.state = '{SUBMITTED}'
  AND {_in_period("i.inspected_at", "i.utc_offset_minutes")}
"""

# "+i.state" keeps SQLite on the (checkpoint, time) index rather than the (state, time) one.
_STALE = f"""
FROM checkpoint AS c
WHERE NOT EXISTS (SELECT 1 FROM inspection AS i
                  WHERE i.checkpoint_id = c.id AND i.inspected_at >= :cutoff
                    AND i.inspected_at < :end AND +i.state = '{SUBMITTED}')
"""


def _by_district(connection: Connection, body: str, parameters: dict[str, str | None]
                 ) -> dict[str, int]:
    rows = connection.execute(
        text(f"SELECT c.district_id AS district_id, count(*) AS n {body} GROUP BY c.district_id"),
        parameters)
    return {r.district_id: int(r.n) for r in rows}


def handed_over(connection: Connection, period: Period) -> dict[str, int]:
    """district id -> handovers finalized (signed, certified, amended) in the period."""
    return _by_district(connection, _HANDED_OVER, period.parameters())


def certificates(connection: Connection, period: Period) -> dict[str, int]:
    """district id -> certificates issued in the period and still in force."""
    return _by_district(connection, _CERTIFICATES, period.parameters())


def flagged(connection: Connection, period: Period) -> dict[str, int]:
    """district id -> handovers in the period (not void) with a gap or an item not done."""
    return _by_district(connection, _FLAGGED, period.parameters())


def inspections(connection: Connection, period: Period) -> dict[str, int]:
    """district id -> submitted inspections made in the period."""
    return _by_district(connection, _INSPECTIONS, period.parameters())


def stale(connection: Connection, cutoff: str, end: str) -> dict[str, int]:
    """district id -> checkpoints with no submitted inspection in [cutoff, end) (UTC text)."""
    return _by_district(connection, _STALE, {"cutoff": cutoff, "end": end})


def handed_over_by_month(connection: Connection, period: Period) -> dict[str, int]:
    """"YYYY-MM" (local month of the handover time) -> handovers finalized in the period."""
    rows = connection.execute(text(f"""
        SELECT substr(date(h.handover_at, printf('%+d minutes', h.utc_offset_minutes)), 1, 7)
               AS month, count(*) AS n
        {_HANDED_OVER}
        GROUP BY month ORDER BY month"""), period.parameters())
    return {r.month: int(r.n) for r in rows}
