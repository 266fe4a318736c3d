#!/usr/bin/env python3
"""Take a built Taslim bundle through a scripted flow, using its executable only.

    python3 tools/bundle_flow.py dist/taslim/taslim WORK_FOLDER

Every step runs the bundle's executable as a subprocess (TASLIM_HOME=WORK_FOLDER/home, Qt
offscreen, credentials from the environment as the README says), checks its exit code and what
it printed, and says what it did; the end gives the totals. The flow: self-test, a demo master,
a list report as XLSX, an export, a certificate issued and verified (with the database and
offline against the Command CA), a second export, a field laptop enrolled with the master's
Command CA, both exports imported into it (more than WORTH_A_WORKER bytes, so the importer
checks the second in a worker process), the laptop's own export imported back into the master.

Exit 0 when every step passed, 1 at the first that failed (its output is shown), 2 for wrong
use. Standard library only: it checks a bundle on a machine without Taslim's dependencies; what
it reads back (SQLite, ZIP, XLSX, JSON) it reads with Python's own modules, not with Taslim's.
`make bundle-check` runs it, and so does tests/packaging/test_bundle.py.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

# desktop/services/sync_files.py: BundleReader checks bundles in worker processes when an
# import holds more than one bundle and at least this many bytes of them.
WORTH_A_WORKER = 4 * 1024 * 1024
# Enough inspections that the two exports of the demo master together pass WORTH_A_WORKER.
DEMO_INSPECTIONS = 9000
CLERK = {"TASLIM_USER": "clerk", "TASLIM_PASSWORD": "demo-clerk"}
SUPERVISOR = {"TASLIM_USER": "supervisor", "TASLIM_PASSWORD": "demo-supervisor"}
COMMAND_CA = {**SUPERVISOR, "TASLIM_CA_PASSPHRASE": "demo-command-ca"}
STEP_TIMEOUT = 600  # seconds; a hung step fails instead of hanging the flow


class StepFailed(Exception):
    pass


@dataclass
class Flow:
    executable: Path
    work: Path
    totals: dict[str, object] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        # Nothing of the caller's own Taslim set-up or locale leaks into the bundle's runs.
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith(("TASLIM_", "LC_", "LD_DEBUG"))}
        environment.update(TASLIM_HOME=str(self.work / "home"), QT_QPA_PLATFORM="offscreen",
                           LANG="C.UTF-8")
        environment.update(extra or {})
        return environment

    def run(self, *arguments: str, expect: int = 0, extra: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(self.executable), *arguments], cwd=self.work,
                                env=self.environment(extra), stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=STEP_TIMEOUT,
                                check=False)
        if result.returncode != expect:
            raise StepFailed(f"`taslim {' '.join(arguments)}` exited {result.returncode}, "
                             f"expected {expect}\n--- stdout\n{result.stdout}"
                             f"--- stderr\n{result.stderr}")
        return result

    def path(self, name: str) -> Path:
        return self.work / name


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def written_count(output: str) -> int:
    found = re.search(r"\((\d+) records", output)
    if found is None:
        raise StepFailed(f"the export did not say how many records it wrote:\n{output}")
    return int(found.group(1))


def manifest_count(bundle: Path) -> int:
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = archive.read("revisions.jsonl").splitlines()
    expect(manifest["count"] == len(lines),
           f"{bundle.name}: the manifest says {manifest['count']} records, the file has "
           f"{len(lines)}")
    return int(manifest["count"])


# -- the steps ------------------------------------------------------------------------------


def self_test(flow: Flow) -> str:
    output = flow.run("--self-test").stdout
    lines = output.strip().splitlines()
    expect(lines[-1:] == ["OK"], f"--self-test did not end with OK:\n{output}")
    expect("qt: offscreen platform" in output, f"no offscreen window check:\n{output}")
    windows = [line for line in lines if line.startswith("window: ")]
    return f"{len(windows)} windows built, {lines[0]}"


def demo_master(flow: Flow) -> str:
    output = flow.run("demo", "--db", "master.db", "--inspections", str(DEMO_INSPECTIONS)).stdout
    expect(output.strip().endswith("OK"), f"demo did not end with OK:\n{output}")
    with _read_only(flow.path("master.db")) as connection:
        inspections = connection.execute("SELECT count(*) FROM inspection").fetchone()[0]
    expect(inspections == DEMO_INSPECTIONS, f"the demo holds {inspections} inspections")
    return output.strip().splitlines()[0]


def xlsx_report(flow: Flow) -> str:
    flow.run("--db", "master.db", "report", "handovers", "--out", "handovers.xlsx")
    with zipfile.ZipFile(flow.path("handovers.xlsx")) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = sheet.findall(".//{*}sheetData/{*}row")
    with _read_only(flow.path("master.db")) as connection:
        handovers = connection.execute("SELECT count(*) FROM handover").fetchone()[0]
    expect(len(rows) == handovers + 1,
           f"handovers.xlsx has {len(rows)} rows for {handovers} handovers and a header")
    return f"handovers.xlsx: {handovers} handovers and a header row"


def first_export(flow: Flow) -> str:
    output = flow.run("--db", "master.db", "export", "--full", "--out", "hq-1.taslim").stdout
    count = written_count(output)
    expect(manifest_count(flow.path("hq-1.taslim")) == count, "hq-1.taslim: counts differ")
    flow.totals["first export"] = count
    return f"hq-1.taslim: {count} records, {flow.path('hq-1.taslim').stat().st_size:,} bytes"


def issue_certificate(flow: Flow) -> str:
    with _read_only(flow.path("master.db")) as connection:
        row = connection.execute(
            "SELECT id FROM handover WHERE state = 'signed' ORDER BY id LIMIT 1").fetchone()
    expect(row is not None, "the demo has no signed handover waiting for its certificate")
    output = flow.run("--db", "master.db", "certificate", "issue", "--handover", row[0],
                      "--out", "certificate.pdf", extra=CLERK).stdout
    serial = output.strip().splitlines()[-1]
    expect(serial.startswith("ANB-"), f"no serial printed:\n{output}")
    expect(flow.path("certificate.pdf").read_bytes().startswith(b"%PDF-"), "not a PDF")
    flow.totals["certificate"] = serial
    return f"certificate.pdf: serial {serial}"


def verify_certificate(flow: Flow) -> str:
    serial = str(flow.totals["certificate"])
    output = flow.run("verify", "certificate.pdf", "--db", "master.db").stdout
    expect("valid, signed by a trusted clerk" in output and serial in output,
           f"verify with the database:\n{output}")
    flow.run("--db", "master.db", "ca", "export", "--out", "command-ca.pem")
    trusted = flow.run("verify", "certificate.pdf", "--trust", "command-ca.pem").stdout
    expect("valid, signed by a trusted clerk" in trusted, f"verify --trust:\n{trusted}")
    untrusted = flow.run("verify", "certificate.pdf", expect=1).stdout
    expect("not trusted" in untrusted, f"verify without a trusted root:\n{untrusted}")
    return "valid and trusted (with the database, and offline with --trust); untrusted without"


def second_export(flow: Flow) -> str:
    output = flow.run("--db", "master.db", "export", "--full", "--out", "hq-2.taslim").stdout
    count = written_count(output)
    expect(count > int(str(flow.totals["first export"])),
           "issuing the certificate added no records to the export")
    expect(manifest_count(flow.path("hq-2.taslim")) == count, "hq-2.taslim: counts differ")
    flow.totals["second export"] = count
    return f"hq-2.taslim: {count} records, {flow.path('hq-2.taslim').stat().st_size:,} bytes"


def enrol_laptop(flow: Flow) -> str:
    flow.run("--db", "laptop.db", "enrol", "request", "--device", "--out", "request.json")
    flow.run("--db", "master.db", "ca", "sign", "request.json", "--out", "answer.json",
             extra=COMMAND_CA)
    output = flow.run("--db", "laptop.db", "enrol", "import", "--device", "answer.json").stdout
    expect("imported" in output, f"enrol import:\n{output}")
    return output.strip()


def import_into_laptop(flow: Flow) -> str:
    bundles = ["hq-1.taslim", "hq-2.taslim"]
    size = sum(flow.path(name).stat().st_size for name in bundles)
    expect(size >= WORTH_A_WORKER, f"the exports hold {size:,} bytes, fewer than "
           f"{WORTH_A_WORKER:,}: the importer would not start its worker processes")
    trace = _LoaderTrace(flow.work / "loader")
    output = flow.run("--db", "laptop.db", "import", *bundles, "--json",
                      extra=trace.environment()).stdout
    first, second = int(str(flow.totals["first export"])), int(str(flow.totals["second export"]))
    reports = json.loads(output)
    got = [(r["outcome"], r["new"], r["present"]) for r in reports]
    expect(got == [("imported", first, 0), ("imported", second - first, first)],
           f"laptop import reports {got}, expected {first} new, then {second - first} new "
           f"and {first} already held")
    flow.totals["laptop received"] = second
    return f"{first} new, then {second - first} new and {first} already held; " + trace.verdict(
        flow)


def laptop_export_to_master(flow: Flow) -> str:
    output = flow.run("--db", "laptop.db", "export", "--out", "laptop.taslim").stdout
    count = written_count(output)
    imported = flow.run("--db", "master.db", "import", "laptop.taslim", extra=SUPERVISOR).stdout
    pattern = rf"laptop\.taslim: imported: laptop \S+, Nos\. 1–{count}: {count} new, 0 already held"
    expect(re.search(pattern, imported) is not None, f"master import:\n{imported}")
    flow.totals["master received"] = count
    return imported.strip()


STEPS: Sequence[tuple[str, Callable[[Flow], str]]] = (
    ("self-test (taslim --self-test)", self_test),
    (f"demo master ({DEMO_INSPECTIONS} inspections)", demo_master),
    ("handovers list as XLSX", xlsx_report),
    ("first full export of the master", first_export),
    ("issue a certificate (clerk)", issue_certificate),
    ("verify the certificate", verify_certificate),
    ("second full export of the master", second_export),
    ("enrol a new field laptop with the master's Command CA", enrol_laptop),
    ("import both exports into the laptop (worker processes)", import_into_laptop),
    ("the laptop's own export imported into the master", laptop_export_to_master),
)


# -- helpers --------------------------------------------------------------------------------


class _read_only:
    """A read-only SQLite connection, closed on leaving (sqlite3's own context manager only
    commits)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self._connection

    def __exit__(self, *_exc: object) -> None:
        self._connection.close()


class _LoaderTrace:
    """Which processes the bundle's executable became, from glibc's loader (LD_DEBUG=files
    writes one file per process): the importer's workers must start, and none of them may
    load Qt (a worker that ran the command line again would open the window)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.available = _glibc()

    def environment(self) -> dict[str, str]:
        if not self.available:
            return {}
        self.folder.mkdir(parents=True, exist_ok=True)
        return {"LD_DEBUG": "files", "LD_DEBUG_OUTPUT": str(self.folder / "process")}

    def verdict(self, flow: Flow) -> str:
        if not self.available:
            return "worker processes not traced (needs Linux with glibc)"
        internal = str(flow.executable.resolve().parent)
        processes = [path.read_text(errors="replace") for path in self.folder.glob("process.*")]
        ours = [text for text in processes if internal in text]
        # PyInstaller's PySide6 start-up hook loads QtCore in every process; only the window
        # loads the GUI libraries.
        with_qt = [text for text in ours if "libQt6Widgets" in text or "libQt6Gui" in text]
        expect(not with_qt, f"{len(with_qt)} of the import's processes loaded Qt")
        flow.totals["processes in the import"] = len(ours)
        if (os.cpu_count() or 1) < 2:  # BundleReader starts no worker on a single CPU
            expect(len(ours) == 1, f"the import ran as {len(ours)} processes on one CPU")
            return "one CPU: no worker processes (as BundleReader decides), none loaded Qt"
        # Without its process pool the import is one process; the pool's processes (workers,
        # and multiprocessing's resource tracker) are the bundle's executable started again.
        expect(len(ours) >= 2, f"the import ran as {len(ours)} process of the bundle: its "
               "worker processes did not start")
        return (f"the import ran as {len(ours)} processes of the bundle (the command and its "
                "process pool), none loaded Qt")


def _glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # not a glibc system (Windows, macOS, musl)
        return False


def folder_size(folder: Path) -> int:
    """Bytes in the folder, as `du -sb` counts them (folders and symbolic links included, by
    their own size)."""
    return folder.lstat().st_size + sum(path.lstat().st_size for path in folder.rglob("*"))


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    executable, work = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    if not executable.is_file() or not os.access(executable, os.X_OK):
        print(f"{executable} is not an executable; build the bundle first (make bundle).",
              file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):
        print(f"{work} is not empty; give an empty or new folder.", file=sys.stderr)
        return 2
    flow = Flow(executable, work)
    size = folder_size(executable.parent)
    print(f"bundle: {executable} ({size:,} bytes in its folder)", flush=True)
    for number, (title, step) in enumerate(STEPS, start=1):
        began = time.monotonic()
        print(f"[{number}/{len(STEPS)}] {title} ...", flush=True)
        try:
            said = step(flow)
        except (StepFailed, subprocess.TimeoutExpired, OSError, ValueError, KeyError,
                zipfile.BadZipFile, sqlite3.Error) as error:
            print(f"[{number}/{len(STEPS)}] FAILED: {error}", flush=True)
            return 1
        print(f"[{number}/{len(STEPS)}] ok in {time.monotonic() - began:.1f} s: {said}",
              flush=True)
    print(f"totals: {len(STEPS)} steps passed in {time.monotonic() - flow.started:.1f} s; "
          + "; ".join(f"{key}: {value}" for key, value in flow.totals.items())
          + f"; bundle folder: {size:,} bytes", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
