"""Checking or importing the chosen files on a worker thread, one file at a time.

The services take a list of files, but the page hands them one file per call: the progress bar
can then say which file of how many is being read, and a Stop (or an unexpected failure) in the
middle still returns the answers of the files before it. Those files are imported for good
(each file is its own transaction), so the page must show them as imported, not lose them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.enums import EntityKind
from desktop.domain.errors import Cancelled
from desktop.i18n import _, is_right_to_left, ngettext
from desktop.services.base import Changes, Session
from desktop.services.sync_import import (
    IMPORTED,
    NOTHING_NEW,
    REFUSED,
    FileReport,
    ImportService,
)
from desktop.services.sync_receipts import ReceiptService
from desktop.ui.certificates.common import write_atomically
from desktop.ui.language import number
from desktop.ui.record_lists.display import ltr
from desktop.ui.sync.common import FORK, receipt_file_name
from desktop.ui.tasks import TaskControl

SCALE = 1000  # progress steps per file: the bar moves within a file, not only between files


@dataclass
class RunResult:
    reports: dict[Path, FileReport] = field(default_factory=dict)
    not_reached: list[Path] = field(default_factory=list)  # stopped before these
    error: BaseException | None = None  # an unexpected failure that ended the run

    @property
    def stopped(self) -> bool:
        return bool(self.not_reached) and self.error is None


def run_files(control: TaskControl, imports: ImportService, paths: list[Path],
              session: Session | None, *, apply: bool) -> RunResult:
    """The work function: ``examine`` (apply False) or ``apply`` each file in turn."""
    result = RunResult()
    total = len(paths) * SCALE

    def cancelled() -> bool:
        return control.cancelled

    for index, path in enumerate(paths):
        def step(_name: str, done: int, of: int, index: int = index) -> None:
            within = done * SCALE // of if of > 0 else 0
            control.progress(index * SCALE + min(within, SCALE - 1), total)

        try:
            control.progress(index * SCALE, total)  # raises Cancelled once Stop is pressed
            if apply:
                reports = imports.apply(session, [path], step, cancelled)
            else:
                reports = imports.examine([path], step, cancelled)
        except Cancelled:
            result.not_reached = paths[index:]
            return result
        except Exception as error:  # shown by the page, after the files already done
            result.not_reached = paths[index:]
            result.error = error
            return result
        result.reports[path] = reports[0]
    return result


def imported_changes(reports: list[FileReport]) -> Changes:
    """What an import changed, for the other open screens.

    The reports do not list the records a file brought, and a bundle can touch every kind of
    record, so every kind is announced; the laptops' device records stand as the ids (the
    notifier stays silent without one).
    """
    taken = [r for r in reports if r.outcome == IMPORTED]
    if not taken:
        return Changes()
    return Changes(frozenset(r.device_id for r in taken), frozenset(EntityKind))


def receipt_devices(reports: list[FileReport]) -> list[tuple[str, str]]:
    """(device id, code) of every laptop headquarters now holds something of.

    A file with nothing new still earns its laptop a receipt: the laptop may not know yet
    that headquarters holds it, and would export it again and again.
    """
    found = {(r.device_id, r.device_code) for r in reports
             if r.outcome in (IMPORTED, NOTHING_NEW) and r.device_id}
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def write_receipts(control: TaskControl, receipts: ReceiptService,
                   devices: list[tuple[str, str]], folder: Path) -> list[Path]:
    """The work function writing one receipt per laptop into ``folder``."""
    written = []
    for done, (device_id, code) in enumerate(devices):
        control.progress(done, len(devices))
        path = folder / receipt_file_name(code, device_id)
        write_atomically(path, receipts.make(device_id))
        written.append(path)
    return written


def names_list(paths: list[Path]) -> str:
    # Between two Latin names a bare comma would join them into one left-to-right run, last
    # name first; the right-to-left mark keeps the Arabic list in reading order.
    separator = "\u200f، " if is_right_to_left() else ", "
    return separator.join(ltr(path.name) for path in paths)


def summary(reports: list[FileReport], stopped: bool) -> tuple[str, str]:
    """The sentence after an import and its tone (good, warn, error or alarm)."""
    outcomes = [r.outcome for r in reports]
    new = sum(r.new for r in reports)
    conflicts = sum(r.conflicts for r in reports)
    sentences = [_("Import finished. Files imported: {imported} · nothing new: {nothing} · "
                   "refused: {refused}. New records: {new} · conflicts: {conflicts}.").format(
        imported=number(outcomes.count(IMPORTED)), nothing=number(outcomes.count(NOTHING_NEW)),
        refused=number(outcomes.count(REFUSED)), new=number(new),
        conflicts=number(conflicts))]
    if stopped:
        sentences.append(_("Stopped: the files marked “Not imported (stopped)” were not "
                           "imported; check them and import them again."))
    if conflicts:
        sentences.append(ngettext(
            "{count} conflict waits for your decision on the Conflicts screen.",
            "{count} conflicts wait for your decision on the Conflicts screen.",
            conflicts).format(count=number(conflicts)))
    if any(r.outcome == IMPORTED or r.outcome == NOTHING_NEW for r in reports):
        sentences.append(_("Write the receipts now and give each laptop its own."))
    if any(r.reason == FORK for r in reports):
        tone = "alarm"
    elif REFUSED in outcomes:
        tone = "error"
    elif stopped or conflicts:
        tone = "warn"
    else:
        tone = "good"
    return "\n".join(sentences), tone


def make_work(function: Callable[..., object], *args: object,
              **kwargs: object) -> Callable[[TaskControl], object]:
    """A BackgroundTask work function that passes the control first."""
    return lambda control: function(control, *args, **kwargs)
