"""The dashboard's figures on the demo database, against counts made here with plain sqlite3."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.app import AppContext, open_context
from desktop.demo import build_demo
from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.enums import CheckpointStatus
from tests.support import make_dirs


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dashboard")
    path = root / "demo.db"
    build_demo(path, make_dirs(root / "home"))
    return path


@pytest.fixture
def demo(demo_path: Path, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(make_dirs(tmp_path / "home"), demo_path, create=False)
    yield context
    context.close()


def grouped(path: Path, sql: str, *parameters: object) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {key: count for key, count in connection.execute(sql, parameters)}


def total(path: Path, sql: str, *parameters: object) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(sql, parameters).fetchone()[0])


def test_checkpoints_by_status_per_district_and_in_total(demo: AppContext,
                                                        demo_path: Path) -> None:
    dashboard = demo.dashboard.figures()
    assert len(dashboard.districts) == total(demo_path, "SELECT count(*) FROM district")
    for status in CheckpointStatus:
        expected = grouped(demo_path, "SELECT district_id, count(*) FROM checkpoint "
                                      "WHERE status = ? GROUP BY district_id", status.value)
        for district in dashboard.districts:
            assert district.figures.by_status[status] == expected.get(district.district_id, 0)
        assert dashboard.province.by_status[status] == total(
            demo_path, "SELECT count(*) FROM checkpoint WHERE status = ?", status.value)
    assert dashboard.province.checkpoints == total(demo_path, "SELECT count(*) FROM checkpoint")
    assert dashboard.province.by_status[CheckpointStatus.HANDED_OVER] > 0


def test_certificates_in_force(demo: AppContext, demo_path: Path) -> None:
    dashboard = demo.dashboard.figures()
    expected = grouped(demo_path, """
        SELECT c.district_id, count(*) FROM certificate x, handover h, checkpoint c
        WHERE x.handover_id = h.id AND h.checkpoint_id = c.id AND x.state = 'issued'
        GROUP BY c.district_id""")
    for district in dashboard.districts:
        assert district.figures.certificates == expected.get(district.district_id, 0)
    issued = total(demo_path, "SELECT count(*) FROM certificate WHERE state = 'issued'")
    assert dashboard.province.certificates == issued > 0
    lines = demo.dashboard.checkpoints(certified=True)
    assert len(lines) == issued


def test_handovers_with_a_gap_or_an_exception(demo: AppContext, demo_path: Path) -> None:
    dashboard = demo.dashboard.figures()
    expected = grouped(demo_path, """
        SELECT c.district_id, count(*) FROM handover h, checkpoint c
        WHERE h.checkpoint_id = c.id AND h.state != 'voided'
          AND (h.assumed_duty_at > h.departure_at
               OR h.id IN (SELECT handover_id FROM checklist_response WHERE answer = 'not_done'))
        GROUP BY c.district_id""")
    for district in dashboard.districts:
        assert district.figures.flagged_handovers == expected.get(district.district_id, 0)
    assert dashboard.province.flagged_handovers == sum(expected.values()) > 0


@pytest.mark.parametrize("days", [7, 30])
def test_checkpoints_not_inspected_for_n_days(demo: AppContext, demo_path: Path,
                                             days: int) -> None:
    now = utc_now()
    cutoff = to_utc_text(now - timedelta(days=days))
    expected = grouped(demo_path, """
        SELECT district_id, count(*) FROM checkpoint WHERE id NOT IN (
            SELECT checkpoint_id FROM inspection
            WHERE state = 'submitted' AND inspected_at >= ?)
        GROUP BY district_id""", cutoff)
    dashboard = demo.dashboard.figures(days, now=now)
    assert dashboard.stale_days == days
    for district in dashboard.districts:
        assert district.figures.stale == expected.get(district.district_id, 0)
    assert dashboard.province.stale == sum(expected.values())
    stale_ids = {line.id for line in demo.dashboard.checkpoints(stale_days=days, now=now)}
    assert len(stale_ids) == dashboard.province.stale


def test_handed_over_by_month_adds_up_to_the_handed_over_checkpoints(
        demo: AppContext, demo_path: Path) -> None:
    dashboard = demo.dashboard.figures()
    expected = grouped(demo_path, """
        SELECT month, count(*) FROM (
            SELECT substr(max(h.handover_at), 1, 7) AS month FROM handover h, checkpoint c
            WHERE h.checkpoint_id = c.id AND c.status = 'handed_over'
              AND h.state IN ('signed', 'certified', 'amended') AND h.handover_at IS NOT NULL
            GROUP BY c.id)
        GROUP BY month""")
    assert dashboard.handed_over_by_month == expected
    assert sum(expected.values()) == dashboard.province.by_status[CheckpointStatus.HANDED_OVER]


def test_the_list_behind_a_district_figure(demo: AppContext, demo_path: Path) -> None:
    dashboard = demo.dashboard.figures()
    district = next(d for d in dashboard.districts
                    if d.figures.by_status[CheckpointStatus.HANDED_OVER])
    lines = demo.dashboard.checkpoints(district.district_id, CheckpointStatus.HANDED_OVER)
    with sqlite3.connect(demo_path) as connection:
        expected = [tuple(row) for row in connection.execute(
            "SELECT id, code, name_en, name_ar FROM checkpoint WHERE district_id = ? "
            "AND status = 'handed_over' ORDER BY code, id", (district.district_id,))]
    assert [(x.id, x.code, x.name_en, x.name_ar) for x in lines] == expected
    assert len(lines) == district.figures.by_status[CheckpointStatus.HANDED_OVER]
    everything = demo.dashboard.checkpoints()
    assert len(everything) == dashboard.province.checkpoints
