"""Dashboard load on a master with 200,000 inspections, against a plain scan in the same run.

    .venv/bin/python bench/bench_dashboard.py [--inspections 200000] [--rounds 5]

The master is the demo at that scale (built once, ~1 minute, then kept under
/tmp/taslim-bench-dashboard). Measured, each the median of --rounds:

- ``figures``: DashboardService.figures() — every number of the page and the monthly chart;
- ``page``: the supervisor's real dashboard page, built offscreen and refreshed (the queries
  plus filling the widgets), as a supervisor opening it sees it;
- ``page, first load``: the same, the first time in a fresh process (caches empty);
- ``drill-down``: the longest list behind a number (all checkpoints not inspected for 7 days);
- ``baseline``: the newest inspection of every checkpoint (``SELECT checkpoint_id,
  max(inspected_at) FROM inspection GROUP BY checkpoint_id``) with plain sqlite3 on the same
  file: the one pass over the inspections that the "not inspected for N days" figure needs.

Goal: the page under 1 s. The ratio page / baseline is the figure that holds across machines.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

CACHE = Path("/tmp/taslim-bench-dashboard")


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def master(inspections: int) -> Path:
    folder = CACHE / f"demo-{inspections}"
    database = folder / "master.db"
    os.environ["TASLIM_HOME"] = str(folder / "home")
    if database.exists():
        return database
    from desktop.demo import build_demo
    from desktop.paths import user_dirs

    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "partial.db"
    for leftover in folder.glob("partial.db*"):
        leftover.unlink()
    started = time.perf_counter()
    print(f"building the demo with {inspections:,} inspections (once) ...", flush=True)
    build_demo(partial, user_dirs().ensure(), inspections=inspections)
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    sqlite3.connect(partial).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    partial.rename(database)
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--inspections", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    database = master(arguments.inspections)

    from PySide6.QtWidgets import QApplication

    from desktop.app import open_context
    from desktop.paths import user_dirs
    from desktop.ui.changes import ChangeNotifier
    from desktop.ui.dashboard.page import DashboardPage
    from desktop.ui.language import apply_language
    from desktop.ui.page_registry import FormOpener, PageContext

    application = QApplication.instance() or QApplication(sys.argv[:1])
    apply_language("ar")
    context = open_context(user_dirs(), database, create=False)
    with sqlite3.connect(database) as raw:
        held = raw.execute("SELECT count(*) FROM inspection").fetchone()[0]
    session = context.auth.login("supervisor", "demo-supervisor")

    def baseline() -> None:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            connection.execute("SELECT checkpoint_id, max(inspected_at) FROM inspection "
                               "GROUP BY checkpoint_id").fetchall()

    def figures() -> None:
        context.dashboard.figures(7)

    page_context = PageContext(context, session, ChangeNotifier(),
                               FormOpener(lambda: page_context))
    page = DashboardPage(page_context)
    page.resize(1280, 800)
    page.show()

    def page_load() -> None:
        page.refresh()
        application.processEvents()

    def drill_down() -> None:
        context.dashboard.checkpoints(stale_days=7)

    started = time.perf_counter()
    page_load()  # the first load of this process: what a supervisor opening the page waits for
    first = time.perf_counter() - started
    for warm in (baseline, figures):
        warm()
    timings = {
        "baseline": median_seconds(baseline, arguments.rounds),
        "figures": median_seconds(figures, arguments.rounds),
        "page": median_seconds(page_load, arguments.rounds),
        "drill-down": median_seconds(drill_down, arguments.rounds),
    }
    dashboard = context.dashboard.figures(7)
    print(f"master                {database}  ({database.stat().st_size / 1e6:,.0f} MB)")
    print(f"inspections           {held:,}")
    print(f"checkpoints           {dashboard.province.checkpoints:,} in "
          f"{len(dashboard.districts)} districts")
    for name, seconds in timings.items():
        ratio = seconds / timings["baseline"]
        print(f"{name:<20}  {seconds * 1000:8.1f} ms   {ratio:6.2f}x baseline")
    print(f"{'page, first load':<20}  {first * 1000:8.1f} ms   "
          f"{first / timings['baseline']:6.2f}x baseline")
    verdict = "met" if max(first, timings["page"]) < 1.0 else "NOT met"
    print(f"goal: page under 1 s — {verdict}")
    page.deleteLater()
    context.close()


if __name__ == "__main__":
    main()
