"""What the supervisor's dashboard reads: a few GROUP BY queries over the current-state tables.

Every figure is grouped by the checkpoint's district id; the service adds the districts up for the
province. Times are UTC text ("2026-03-01T09:00:00Z"), so comparing texts compares instants.

Indexes used (EXPLAIN QUERY PLAN, demo database): ``ix_certificate_state`` for certificates,
``ix_handover_checkpoint_id`` for the handovers of a checkpoint,
``ix_checklist_response_handover_id`` for a handover's exceptions and
``ix_inspection_checkpoint_time`` for the newest inspection of a checkpoint. The checkpoint table
itself is scanned once per query (a few hundred rows; there is no index on its status).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

# Handovers that count as done: a certificate was issued (the checkpoint is handed over), or it
# was amended afterwards. Signed-but-not-certified handovers leave the checkpoint in progress.
DONE_STATES = ("signed", "certified", "amended")
ISSUED = "issued"  # a reprint keeps its certificate's state; void and superseded do not count
NOT_DONE = "not_done"
VOIDED = "voided"


@dataclass(frozen=True, slots=True)
class DistrictName:
    id: str
    code: str
    name_ar: str
    name_en: str


@dataclass(frozen=True, slots=True)
class CheckpointLine:
    id: str
    code: str
    name_en: str
    name_ar: str


def districts(connection: Connection) -> list[DistrictName]:
    rows = connection.execute(text("SELECT id, code, name_ar, name_en FROM district ORDER BY code"))
    return [DistrictName(r.id, r.code, r.name_ar, r.name_en) for r in rows]


def checkpoints_by_status(connection: Connection) -> dict[tuple[str, str], int]:
    """(district id, status) -> checkpoints."""
    rows = connection.execute(text(
        "SELECT district_id, status, count(*) AS n FROM checkpoint GROUP BY district_id, status"))
    return {(r.district_id, r.status): int(r.n) for r in rows}


_CERTIFICATES = """
FROM certificate AS cert
JOIN handover AS h ON h.id = cert.handover_id
JOIN checkpoint AS c ON c.id = h.checkpoint_id
WHERE cert.state = :issued
"""

_FLAGGED = """
FROM handover AS h
JOIN checkpoint AS c ON c.id = h.checkpoint_id
WHERE h.state != :voided
  AND ((h.assumed_duty_at IS NOT NULL AND h.departure_at IS NOT NULL
        AND h.assumed_duty_at > h.departure_at)
       OR EXISTS (SELECT 1 FROM checklist_response AS r
                  WHERE r.handover_id = h.id AND r.answer = :not_done))
"""

_NOT_INSPECTED_SINCE = """NOT EXISTS (SELECT 1 FROM inspection AS i
                  WHERE i.checkpoint_id = c.id AND i.inspected_at >= :cutoff
                    AND +i.state = 'submitted')"""  # + keeps the (checkpoint, time) index
_STALE = f"FROM checkpoint AS c WHERE {_NOT_INSPECTED_SINCE}"


def _by_district(connection: Connection, body: str, **parameters: object) -> dict[str, int]:
    rows = connection.execute(
        text(f"SELECT c.district_id AS district_id, count(*) AS n {body} GROUP BY c.district_id"),
        parameters)
    return {r.district_id: int(r.n) for r in rows}


def certificates_issued(connection: Connection) -> dict[str, int]:
    """district id -> certificates in force (issued or reprinted; not void, not superseded)."""
    return _by_district(connection, _CERTIFICATES, issued=ISSUED)


def flagged_handovers(connection: Connection) -> dict[str, int]:
    """district id -> handovers (not void) with a continuity gap or an item not done."""
    return _by_district(connection, _FLAGGED, voided=VOIDED, not_done=NOT_DONE)


def stale_checkpoints(connection: Connection, cutoff: str) -> dict[str, int]:
    """district id -> checkpoints with no submitted inspection at or after ``cutoff``."""
    return _by_district(connection, _STALE, cutoff=cutoff)


_DONE_STATES = ", ".join(f"'{state}'" for state in DONE_STATES)


def handed_over_by_month(connection: Connection) -> dict[str, int]:
    """"YYYY-MM" -> checkpoints handed over that month (by their latest done handover)."""
    rows = connection.execute(text(f"""
        SELECT month, count(*) AS n FROM (
            SELECT substr(max(h.handover_at), 1, 7) AS month
            FROM checkpoint AS c JOIN handover AS h ON h.checkpoint_id = c.id
            WHERE c.status = 'handed_over' AND h.state IN ({_DONE_STATES})
              AND h.handover_at IS NOT NULL
            GROUP BY c.id)
        GROUP BY month ORDER BY month"""))
    return {r.month: int(r.n) for r in rows}


# The checkpoints behind one bar of handed_over_by_month: the same rule, one month.
_HANDED_OVER_IN_MONTH = f"""
FROM checkpoint AS c
WHERE c.status = 'handed_over'
  AND (SELECT substr(max(h.handover_at), 1, 7) FROM handover AS h
       WHERE h.checkpoint_id = c.id AND h.state IN ({_DONE_STATES})
         AND h.handover_at IS NOT NULL) = :month
"""


def checkpoint_lines(
    connection: Connection,
    *,
    district_id: str | None = None,
    status: str | None = None,
    stale_cutoff: str | None = None,
    certified: bool = False,
    flagged: bool = False,
    month: str | None = None,
) -> list[CheckpointLine]:
    """The checkpoints behind a figure: one line per certificate or per flagged handover there;
    ``month`` ("YYYY-MM"): those handed over that month, as handed_over_by_month counts them."""
    if month is not None:
        body, parameters = _HANDED_OVER_IN_MONTH, {"month": month}
    elif certified:
        body, parameters = _CERTIFICATES, {"issued": ISSUED}
    elif flagged:
        body, parameters = _FLAGGED, {"voided": VOIDED, "not_done": NOT_DONE}
    elif stale_cutoff is not None:
        body, parameters = _STALE, {"cutoff": stale_cutoff}
    else:
        body, parameters = "FROM checkpoint AS c WHERE 1 = 1", {}
    conditions = ""
    if district_id is not None:
        conditions += " AND c.district_id = :district_id"
        parameters["district_id"] = district_id
    if status is not None:
        conditions += " AND c.status = :status"
        parameters["status"] = status
    if stale_cutoff is not None and body is not _STALE:
        conditions += f" AND {_NOT_INSPECTED_SINCE}"
        parameters["cutoff"] = stale_cutoff
    rows = connection.execute(text(
        f"SELECT c.id, c.code, c.name_en, c.name_ar {body}{conditions} ORDER BY c.code, c.id"),
        parameters)
    return [CheckpointLine(r.id, r.code, r.name_en, r.name_ar) for r in rows]
