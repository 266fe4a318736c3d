"""Demo creation speed against a bare SQLite insert of the same inspections, same run.

    .venv/bin/python bench/bench_demo.py [--inspections 200000]

Prints the demo's wall time, the baseline's, and their ratio. The baseline writes each
inspection once as a JSON row with sqlite3's executemany (no revisions, hashes, signatures
or current-state rows): the ratio is what the revision log costs per inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path


def baseline(path: Path, count: int) -> float:
    rng = random.Random(1)
    rows = [
        (
            f"id-{n}",
            json.dumps(
                {
                    "readiness": rng.randrange(1, 6),
                    "fuel_days": rng.randrange(30),
                    "observations": "",
                    "personnel_present": rng.randrange(40),
                }
            ),
        )
        for n in range(count)
    ]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE inspection (id TEXT PRIMARY KEY, payload TEXT)")
    started = time.perf_counter()
    for start in range(0, count, 5000):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO inspection VALUES (?, ?)", rows[start : start + 5000])
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=200_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TASLIM_HOME"] = str(Path(folder) / "home")
        from desktop.demo import build_demo
        from desktop.paths import user_dirs

        raw = baseline(Path(folder) / "raw.db", arguments.inspections)
        started = time.perf_counter()
        report = build_demo(
            Path(folder) / "demo.db", user_dirs(), inspections=arguments.inspections
        )
        demo = time.perf_counter() - started
        size = (Path(folder) / "demo.db").stat().st_size
    print(f"inspections           {arguments.inspections}")
    print(
        f"demo build            {demo:8.1f} s  ({arguments.inspections / demo:,.0f} inspections/s)"
    )
    print(f"bare sqlite3 insert   {raw:8.1f} s  ({arguments.inspections / raw:,.0f} rows/s)")
    print(f"ratio demo / bare     {demo / raw:8.1f}x")
    print(f"database size         {size / 1e6:8.1f} MB")
    print(report.summary())


if __name__ == "__main__":
    main()
