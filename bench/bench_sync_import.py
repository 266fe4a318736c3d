"""Import at headquarters: laptops' bundles merged into an empty master, then the same again,
against a raw ``ATTACH`` + ``INSERT … SELECT`` of the same rows, in the same run.

    .venv/bin/python bench/bench_sync_import.py [--devices 50] [--revisions 20000]
        [--cache DIR] [--processes N] [--work DIR] [--profile FILE]

Set-up (not timed; its duration is printed): a master with a Command CA and ``--devices``
enrolled laptops, and one full bundle per laptop with ``--revisions`` genuine revisions each
(hash-chained, every one signed; see ``bench/sync_fixtures.py`` for what they hold). The
bundles and the empty master are cached under ``--cache`` (default: the system temp folder),
keyed by devices × revisions and a version tag, so later runs skip generation; every run imports
into a fresh copy of the empty master.

Timed, and compared:

  first   ``ImportService.apply`` with all the bundles into the empty master (what the
          supervisor's Import does): every file read and checked, then merged in its own
          transaction. Wall time, revisions/s, peak RSS; every outcome must be "imported".
          The time is split (cheaply, by wrapping the functions the importer calls) into
          reading + checking the files, checks against the database, storing the revisions,
          deriving current state, and the rest (commit, import log, journal).
  repeat  the same files again into the same master: every outcome must be "nothing_new".
  raw     the same revision rows into a fresh database with Taslim's schema (so the revision
          table has its real indexes), as plain sqlite3 with the app's pragmas: the rows are
          first copied into a separate SQLite file (not timed), then ``ATTACH`` +
          ``INSERT INTO revision SELECT … FROM src.revision`` + commit is timed.
  all     every row the import wrote (revisions, parent edges, records, heads, current state),
          copied from the imported master with ``ATTACH`` + ``INSERT … SELECT`` into a fresh
          database: what the merge would cost if checking and deriving were free.

Goals (from the issue): first import ≤ 60 s, repeat ≤ 15 s, import rate ≥ 0.3 × raw rate.
``--profile FILE`` runs the first import under cProfile, saves the stats to FILE and prints the
top 25 functions by cumulative and by own time (the import figures are then inflated).
Nothing is asserted about time: it prints.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import os
import pstats
import resource
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sync_fixtures

FIRST_GOAL_S = 60.0
REPEAT_GOAL_S = 15.0
RATIO_GOAL = 0.3
COLUMNS = ("rev_id, record_id, entity, parents, hlc, device_id, device_seq, author_id, op, "
           "payload, schema_version, prev_hash, signature")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def reset_peak_rss() -> bool:
    """Start the peak over (Linux): signing in (argon2) alone peaks above what an import needs."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def yes_no(ok: bool) -> str:
    return "yes" if ok else "NO"


@contextmanager
def timed_calls() -> Iterator[dict[str, float]]:
    """Seconds spent in the parts of an import, by wrapping what the importer calls."""
    from desktop.services import sync_files, sync_import
    from desktop.services.sync_journal import ImportJournal
    from desktop.storage import revision_log

    spent: dict[str, float] = defaultdict(float)
    patches: list[tuple[Any, str, Any]] = [
        # Bundles after the first are checked in a worker process while the previous one is
        # merged; this is the time the importer waits for them (or reads them itself).
        (sync_files.BundleReader, "open", "read + check files (waiting)"),
        (sync_import.ImportService, "_check_against", "checks against the database"),
        (sync_import, "ingest_rows", "store revisions (ingest)"),
        (revision_log, "refresh_records", "derive current state"),
        (ImportJournal, "append", "import journal"),
    ]
    originals = []
    for owner, name, label in patches:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def wrapper(*args: Any, _original: Any = original, _label: str = label,
                    **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] += time.perf_counter() - started

        functools.update_wrapper(wrapper, original)
        setattr(owner, name, wrapper)
    try:
        yield spent
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def run_import(context: Any, session: Any, paths: list[Path],
               profile: Path | None = None) -> tuple[list[Any], float]:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    reports = context.imports.apply(session, paths)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    if profiler and profile:
        profiler.dump_stats(str(profile))
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(25)
            print(f"\n--- profile of the first import, top 25 by {order} ---")
            print(text.getvalue().split("\n\n", 1)[-1].rstrip())
    return reports, elapsed


def show_reports(label: str, reports: list[Any], expected: str) -> dict[str, int]:
    outcomes = Counter(r.outcome for r in reports)
    totals = {key: sum(getattr(r, key) for r in reports)
              for key in ("new", "present", "conflicts", "flagged", "attachments")}
    print(f"  outcomes: {dict(outcomes)} (all {expected}: "
          f"{yes_no(outcomes == Counter({expected: len(reports)}))})")
    print(f"  new {totals['new']:,}   already present {totals['present']:,}   conflicts (sum "
          f"over files) {totals['conflicts']:,}   flagged {totals['flagged']:,}")
    for report in reports:
        if report.outcome != expected:
            print(f"  ! {label} {report.name}: {report.outcome} ({report.reason}) "
                  f"{report.message}")
        for warning in report.warnings:
            print(f"  ! {report.name}: {warning}")
    return totals


def master_counts(path: Path, exclude_device: str) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        def one(sql: str, *args: Any) -> int:
            return int(connection.execute(sql, args).fetchone()[0])

        return {
            "revisions from laptops": one(
                "SELECT COUNT(*) FROM revision WHERE device_id != ?", exclude_device),
            "records": one("SELECT COUNT(*) FROM record"),
            "records in conflict": one("SELECT COUNT(*) FROM record WHERE head_count > 1"),
            "records deleted (tombstone wins)": one("SELECT COUNT(*) FROM record WHERE deleted"),
            "current inspections": one("SELECT COUNT(*) FROM inspection"),
            "database MB": path.stat().st_size // 1_000_000,
        }
    finally:
        connection.close()


def raw_baseline(master: Path, exclude_device: str, work: Path) -> tuple[int, float]:
    """Rows copied to a plain file (not timed); ATTACH + INSERT … SELECT into a fresh schema."""
    from desktop.storage.engine import open_database

    source = work / "raw-source.db"
    connection = sqlite3.connect(source, isolation_level=None)
    connection.execute("ATTACH DATABASE ? AS master", (str(master),))
    connection.execute("BEGIN")
    # In the master's insertion order: file by file, in the order the import wrote them.
    connection.execute(
        f"CREATE TABLE revision AS SELECT {COLUMNS} FROM master.revision "
        "WHERE device_id != ? ORDER BY rowid", (exclude_device,))
    connection.execute("COMMIT")
    connection.execute("DETACH DATABASE master")
    rows = connection.execute("SELECT COUNT(*) FROM revision").fetchone()[0]
    connection.close()

    target = work / "raw-target.db"
    open_database(target, create=True).close()  # Taslim's schema and indexes, nothing else
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    started = time.perf_counter()
    connection.execute("ATTACH DATABASE ? AS src", (str(source),))
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(f"INSERT INTO revision ({COLUMNS}) SELECT {COLUMNS} FROM src.revision")
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return rows, elapsed


def raw_copy_of_everything(master: Path, work: Path) -> float:
    """Every row the import wrote (revisions, parent edges, heads, records, current state),
    copied with ATTACH + INSERT … SELECT into a fresh database with Taslim's schema."""
    from desktop.storage.engine import open_database
    from desktop.storage.tables import CURRENT_TABLES

    target = work / "raw-everything.db"
    open_database(target, create=True).close()
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    tables = ["revision", "record", "conflict_head", "revision_flag", "blob",
              *CURRENT_TABLES]
    started = time.perf_counter()
    connection.execute("ATTACH DATABASE ? AS src", (str(master),))
    connection.execute("BEGIN IMMEDIATE")
    for table in tables:
        connection.execute(f"DELETE FROM {table}")  # the schema's own few rows, if any
        connection.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--revisions", type=int, default=20_000)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "taslim-bench-sync",
                        help="where generated bundles (and the empty master) are kept")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="processes generating bundles")
    parser.add_argument("--work", type=Path,
                        help="folder for this run's databases (default: a temporary folder)")
    parser.add_argument("--profile", type=Path, help="profile the first import into this file")
    arguments = parser.parse_args()
    if arguments.work:
        arguments.work.mkdir(parents=True, exist_ok=True)
        work_folder: Any = None
        work = Path(tempfile.mkdtemp(prefix="run-", dir=arguments.work))
    else:
        work_folder = tempfile.TemporaryDirectory(prefix="taslim-bench-sync-")
        work = Path(work_folder.name)
    try:
        bench(arguments, work)
    finally:
        if work_folder is not None:
            work_folder.cleanup()


def bench(arguments: argparse.Namespace, work: Path) -> None:
    devices, revisions = arguments.devices, arguments.revisions
    total = devices * revisions
    print(f"{devices} laptops × {revisions:,} revisions = {total:,} revisions")

    # --- set-up ---------------------------------------------------------------------------------
    started = time.perf_counter()
    fixture, made = sync_fixtures.ensure_fixture(
        arguments.cache, devices, revisions, arguments.processes,
        log=lambda line: print(line, flush=True))
    setup_s = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in fixture.bundles) / 1e6
    print(f"set-up: {'generated' if made else 'cached'} fixture {fixture.folder} "
          f"({len(fixture.bundles)} bundles, {size_mb:,.0f} MB): {setup_s:.1f} s")
    counts = fixture.meta["counts"]
    print("  revisions by kind: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    started = time.perf_counter()
    master_root = sync_fixtures.copy_master(fixture, work / "master")
    context = sync_fixtures.open_master(master_root)
    session = context.auth.login(sync_fixtures.SUPERVISOR, sync_fixtures.PASSWORD)
    print(f"  fresh master copied and opened, supervisor signed in: "
          f"{time.perf_counter() - started:.1f} s")
    hq_device = fixture.meta["master_device_id"]
    master_path = master_root / "master.db"
    paths = fixture.bundles

    # --- first import -----------------------------------------------------------------------------
    rss_before = peak_rss_mb()
    reset = reset_peak_rss()
    print(f"\nfirst import ({len(paths)} files into the empty master) ...", flush=True)
    with timed_calls() as spent:
        reports, first_s = run_import(context, session, paths, arguments.profile)
    rss_after = peak_rss_mb()
    totals = show_reports("first", reports, "imported")
    first_rate = totals["new"] / first_s if first_s else 0.0
    print(f"  wall {first_s:.1f} s   {first_rate:,.0f} revisions/s   "
          f"{first_s / max(len(paths), 1):.2f} s per file")
    print(f"  peak RSS {rss_after:,.0f} MB during the import "
          f"({'peak reset before it' if reset else 'peak of the whole process'}; "
          f"the peak before it, set-up and sign-in, was {rss_before:,.0f} MB)")
    accounted = sum(spent.values()) - spent["derive current state"]  # derive is inside ingest
    print("  where the time went:")
    for label in ("read + check files (waiting)", "checks against the database",
                  "store revisions (ingest)", "derive current state", "import journal"):
        inside = "   (inside ingest)" if label == "derive current state" else ""
        print(f"    {label:30s} {spent[label]:8.1f} s  {spent[label] / first_s:6.1%}{inside}")
    rest = first_s - accounted
    print(f"    {'rest (commit, log row, ...)':30s} {rest:8.1f} s  {rest / first_s:6.1%}")

    # --- repeat import ----------------------------------------------------------------------------
    print("\nrepeat import (the same files again) ...", flush=True)
    with timed_calls() as spent_again:
        reports_again, repeat_s = run_import(context, session, paths)
    show_reports("repeat", reports_again, "nothing_new")
    print(f"  wall {repeat_s:.1f} s   {total / repeat_s:,.0f} revisions/s checked   "
          f"(read + check files {spent_again['read + check files (waiting)']:.1f} s)")
    context.close()

    print("\nmaster after the imports:")
    for label, value in master_counts(master_path, hq_device).items():
        print(f"  {label:34s} {value:,}")

    # --- raw baseline -----------------------------------------------------------------------------
    print("\nraw baseline: ATTACH + INSERT INTO revision SELECT … (fresh Taslim schema) ...",
          flush=True)
    rows, raw_s = raw_baseline(master_path, hq_device, work)
    raw_rate = rows / raw_s if raw_s else 0.0
    print(f"  {rows:,} rows in {raw_s:.1f} s   {raw_rate:,.0f} revisions/s")

    print("\nraw copy of every row the import wrote (revisions and derived state), ATTACH + "
          "INSERT … SELECT ...", flush=True)
    everything_s = raw_copy_of_everything(master_path, work)
    everything_rate = rows / everything_s if everything_s else 0.0
    print(f"  {everything_s:.1f} s   {everything_rate:,.0f} revisions/s")

    ratio = first_rate / raw_rate if raw_rate else 0.0
    ratio_everything = first_rate / everything_rate if everything_rate else 0.0
    print("\nsummary")
    print(f"  first import   {first_s:8.1f} s   {first_rate:10,.0f} rev/s")
    print(f"  repeat import  {repeat_s:8.1f} s")
    print(f"  raw insert     {raw_s:8.1f} s   {raw_rate:10,.0f} rev/s")
    print(f"  ratio import rate / raw rate  {ratio:.3f}")
    print(f"  raw copy of all rows written {everything_s:6.1f} s   {everything_rate:10,.0f} rev/s")
    print(f"  ratio import rate / raw copy of all rows  {ratio_everything:.3f}")
    scale = 1_000_000 / total

    def scaled(seconds: float) -> str:
        # The goals are for a million revisions; a smaller run is scaled linearly.
        return "" if total == 1_000_000 else f"; ≈ {seconds * scale:.0f} s for 1M"

    note = "" if total == 1_000_000 else (
        f" (for 1M revisions; this run has {total:,}: judged on the linear estimate)")
    print(f"goals{note}:")
    print(f"  first import ≤ {FIRST_GOAL_S:.0f} s       "
          f"{yes_no(first_s * scale <= FIRST_GOAL_S)} ({first_s:.1f} s{scaled(first_s)})")
    print(f"  repeat import ≤ {REPEAT_GOAL_S:.0f} s      "
          f"{yes_no(repeat_s * scale <= REPEAT_GOAL_S)} ({repeat_s:.1f} s{scaled(repeat_s)})")
    print(f"  rate ≥ {RATIO_GOAL} × raw rate    {yes_no(ratio >= RATIO_GOAL)} ({ratio:.3f}; "
          f"against a raw copy of all rows the import writes: {ratio_everything:.3f})")


if __name__ == "__main__":
    main()
