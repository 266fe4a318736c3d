"""Importing laptops' files at headquarters: check everything, then merge file by file.

For each file: its own checks (signature, chain, ids, sizes: ``sync_files``), then the checks
against this database (the device is enrolled with a Command CA trusted here; no fork in its
history; no id already used for different content), then one transaction that writes its
revisions, their current state, its attachments and its import-log row together. A dry run does
exactly the same and rolls the transaction back. A refused file writes nothing; the other files
of the same run go on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.domain.clock import now_ms, to_utc_text, utc_now
from desktop.domain.enums import EntityKind
from desktop.domain.errors import Cancelled, FileRefused, PermissionDenied
from desktop.domain.ids import uuid7
from desktop.domain.permissions import Action, require
from desktop.i18n import _
from desktop.services.base import Session, Store
from desktop.services.sync_files import BUNDLE, BundleReader, OpenedFile, file_sha256, is_bundle
from desktop.services.sync_journal import ImportJournal
from desktop.signing.ca import device_is_trusted
from desktop.storage.engine import Connection
from desktop.storage.queries import count_current, current_rows, current_rows_where
from desktop.storage.revision_log import ingest_rows
from desktop.storage.revision_rows import (
    DEVICE_SEQ,
    ENTITY,
    HLC,
    RECORD_ID,
    REV_ID,
    SIGNATURE,
)
from desktop.storage.sync_store import (
    add_blobs,
    add_import_log,
    checkpoint,
    held_sequence,
    held_signatures,
    imported_before,
    missing_blobs,
    prepare_bulk_write,
    record_entities,
)
from desktop.sync.bundle import confirm_unchanged, signed_manifest
from desktop.sync.chain import future_clocks

log = logging.getLogger(__name__)

IMPORTED, NOTHING_NEW, WOULD_IMPORT, REFUSED = "imported", "nothing_new", "would_import", "refused"
Progress = Callable[[str, int, int], None]  # (file name, done, total) within the current file


@dataclass
class FileReport:
    """What happened (or, in a dry run, would happen) to one file."""

    path: str
    name: str
    outcome: str
    sha256: str = ""
    kind: str = ""
    device_id: str = ""
    device_code: str = ""
    first_seq: int = 0
    last_seq: int = 0
    new: int = 0
    present: int = 0
    conflicts: int = 0
    flagged: int = 0
    attachments: int = 0
    warnings: list[str] = field(default_factory=list)
    reason: str = ""
    message: str = ""
    exit_code: int = 0

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing it did is kept."""


class ImportService:
    def __init__(self, store: Store, journal: ImportJournal,
                 wall: Callable[[], int] = now_ms) -> None:
        self._store = store
        self._journal = journal
        self._wall = wall

    def examine(self, paths: Sequence[Path], progress: Progress | None = None,
                cancelled: Callable[[], bool] = lambda: False) -> list[FileReport]:
        """The dry run: what each file would bring, with nothing written."""
        return self._each(None, paths, progress, cancelled, apply=False)

    def apply(self, session: Session | None, paths: Sequence[Path],
              progress: Progress | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> list[FileReport]:
        """Import each file in its own transaction; a refused file does not stop the others.

        ``session`` may be None only on a database without accounts (a laptop being set up).
        """
        if session is not None:
            require(session.role, Action.IMPORT_DATA)
        elif self._has_accounts():
            raise PermissionDenied(_("Sign in as a supervisor to import."))
        return self._each(session, paths, progress, cancelled, apply=True)

    def _each(self, session: Session | None, paths: Sequence[Path], progress: Progress | None,
              cancelled: Callable[[], bool], *, apply: bool) -> list[FileReport]:
        paths = list(paths)
        reader = BundleReader(paths)
        reports = []
        # Held open for the whole run: when the last connection to a WAL database closes,
        # SQLite copies the whole log back into the file, and each file's unit of work would
        # otherwise be that last connection. One checkpoint at the end does the same work once.
        keeper = self._store.database.engine.connect()
        prepare_bulk_write(keeper)
        try:
            for index, path in enumerate(paths):
                if cancelled():
                    raise Cancelled()
                for ahead in paths[index + 1 : index + 1 + BundleReader.WORKERS]:
                    if not reader.reading(ahead) and not self._seen_before(ahead):
                        reader.prefetch(ahead)
                report = self._one(reader, keeper, session, path, progress, cancelled,
                                   apply=apply)
                if apply:
                    self._journal.append(report, session)
                reports.append(report)
        finally:
            reader.close()
            if apply:
                checkpoint(keeper)
            keeper.close()
        return reports

    def _has_accounts(self) -> bool:
        with self._store.read() as connection:
            return count_current(connection, EntityKind.ACCOUNT) > 0

    def _one(self, reader: BundleReader, connection: Connection, session: Session | None,
             path: Path,
             progress: Progress | None,
             cancelled: Callable[[], bool], *, apply: bool) -> FileReport:
        report = FileReport(str(path), path.name, REFUSED)

        def step(done: int, total: int) -> None:
            if progress:
                progress(path.name, done, total)

        try:
            if self._already_held(path, report):
                return report
            opened = reader.open(path, step, cancelled)
        except FileRefused as refusal:
            return _refused(report, refusal)
        try:
            _describe(report, opened)
            self._merge(connection, session, opened, report, apply, cancelled)
        except FileRefused as refusal:
            _refused(report, refusal)
        finally:
            opened.close()
        return report

    def _seen_before(self, path: Path) -> bool:
        """A bundle imported here before: no need to check it all in advance."""
        if not is_bundle(path):
            return False
        try:
            manifest = signed_manifest(path)
        except FileRefused:
            return True  # refused at once when its turn comes; nothing to read ahead
        with self._store.read() as connection:
            return imported_before(connection, manifest.revisions_sha256)

    def _already_held(self, path: Path, report: FileReport) -> bool:
        """A bundle imported here before (the same signed revision bytes): said so at once.

        Its signed manifest names the revisions file's sha256, which the import log holds from
        the first time, and the revisions are all still held; the file must still be the bytes
        that manifest describes. Anything else goes through every check.
        """
        if not is_bundle(path):
            return False
        manifest = signed_manifest(path)
        if manifest.count == 0:
            return False
        with self._store.read() as connection:
            if not imported_before(connection, manifest.revisions_sha256):
                return False
            held = held_sequence(connection, manifest.device_id, manifest.first_seq,
                                 manifest.last_seq)
        if len(held) != manifest.count or held.get(manifest.last_seq) != manifest.last_hash:
            return False
        confirm_unchanged(path, manifest)
        report.outcome, report.kind, report.sha256 = NOTHING_NEW, BUNDLE, file_sha256(path)
        report.device_id, report.device_code = manifest.device_id, manifest.device_code
        report.first_seq, report.last_seq = manifest.first_seq, manifest.last_seq
        report.present = manifest.count
        return True

    def _merge(self, keeper: Connection, session: Session | None, opened: OpenedFile,
               report: FileReport, apply: bool, cancelled: Callable[[], bool]) -> None:
        rows = opened.segment.rows
        flags = future_clocks(((row[REV_ID], row[HLC]) for row in rows), self._wall())
        try:
            with self._store.database.write_on(keeper) as connection:
                none_held, held_records = self._check_against(connection, opened)
                result = ingest_rows(connection, rows, flags, to_utc_text(utc_now()),
                                     none_held=none_held, prepared=opened.prepared,
                                     held_records=held_records)
                missing = missing_blobs(connection, opened.carried_blobs)
                report.attachments = add_blobs(connection, opened.blob_source(sorted(missing)))
                report.new, report.present = result.new, result.present
                report.conflicts = result.conflicts
                report.flagged = len([row for row in rows if row[REV_ID] in flags])
                _warn(report, connection, opened, flags)
                if result.new == 0 and report.attachments == 0:
                    report.outcome = NOTHING_NEW
                    raise _DryRun()  # nothing to keep, not even a log row
                if not apply:
                    report.outcome = WOULD_IMPORT
                    raise _DryRun()
                if cancelled():
                    raise Cancelled()
                report.outcome = IMPORTED
                add_import_log(connection, _log_row(session, opened, report))
        except _DryRun:
            pass

    def _check_against(self, connection: Connection, opened: OpenedFile
                       ) -> tuple[bool, dict[str, str]]:
        """Refuse what this database contradicts.

        Returns whether it holds none of the revisions, and the kind of each of their records
        it holds.
        """
        segment = opened.segment
        device_id = segment.device_id
        anchors = [row["certificate_pem"].encode("ascii")
                   for row in current_rows(connection, EntityKind.TRUST_ANCHOR)]
        known = [row["certificate_pem"].encode("ascii") for row in current_rows_where(
            connection, EntityKind.SIGNING_CERTIFICATE, holder_kind="device",
            holder_id=device_id)]
        if not device_is_trusted(device_id, segment.public_key, opened.certificates + known,
                                 anchors):
            raise FileRefused("unknown_device", _(
                "It comes from a laptop ({code}) that is not enrolled with a Command CA this "
                "database trusts. Enrol the laptop (Enrol this laptop, then import the "
                "supervisor's answer on it) and export again.").format(code=opened.device_code))
        rows = segment.rows
        if not rows:
            return True, {}
        first = segment.first_seq
        held = held_sequence(connection, device_id, max(first - 1, 1), segment.last_seq)
        if first > 1 and first - 1 in held and held[first - 1] != segment.first_prev_hash:
            raise _fork(opened, first - 1)
        for row in rows:
            known_rev = held.get(row[DEVICE_SEQ])
            if known_rev is not None and known_rev != row[REV_ID]:
                raise _fork(opened, row[DEVICE_SEQ])
        # A rev_id hashes its device and sequence number: none of this device's numbers in the
        # file's range held here means none of its revisions is.
        none_held = not any(first <= seq <= segment.last_seq for seq in held)
        signatures = {} if none_held else held_signatures(connection, [r[REV_ID] for r in rows])
        entities = record_entities(connection, [r[RECORD_ID] for r in rows])
        in_file: dict[str, str] = {}
        for number, row in enumerate(rows, start=1):
            rev_id, record_id, entity = row[REV_ID], row[RECORD_ID], row[ENTITY]
            if rev_id in signatures and signatures[rev_id] != row[SIGNATURE]:
                raise _duplicate(number)
            kind = entities.get(record_id) or in_file.get(record_id)
            if kind is not None and kind != entity:
                raise _duplicate(number)
            in_file[record_id] = entity
        return none_held, entities


def _describe(report: FileReport, opened: OpenedFile) -> None:
    segment = opened.segment
    report.sha256, report.kind = opened.sha256, opened.kind
    report.device_id, report.device_code = segment.device_id, opened.device_code
    report.first_seq, report.last_seq = segment.first_seq, segment.last_seq


def _warn(report: FileReport, connection: Connection, opened: OpenedFile,
          flags: dict[str, str]) -> None:
    segment = opened.segment
    if flags:
        report.warnings.append(_(
            "{count} revisions carry a clock more than a day ahead of this computer's; they are "
            "kept but never win a conflict on their time. Check the laptop's date and time.")
            .format(count=report.flagged))
    if segment.first_seq > 1 and not held_sequence(
        connection, segment.device_id, segment.first_seq - 1, segment.first_seq - 1
    ):
        report.warnings.append(_(
            "Revisions before No. {first} of this laptop have not arrived yet; import its earlier "
            "bundles too (or export everything on the laptop).").format(first=segment.first_seq))


def _refused(report: FileReport, refusal: FileRefused) -> FileReport:
    report.outcome = REFUSED
    report.reason = refusal.reason
    report.message = str(refusal)
    report.exit_code = refusal.exit_code
    report.new = report.present = report.conflicts = report.flagged = report.attachments = 0
    report.warnings = []
    return report


def _fork(opened: OpenedFile, seq: int) -> FileRefused:
    return FileRefused("fork", _(
        "TAMPER ALARM: laptop {code} shows a different history at revision No. {seq} than the "
        "one already imported from it: one of the two copies was altered, or the laptop's "
        "database was replaced. Nothing of this file was imported; keep the USB stick and "
        "report it.").format(code=opened.device_code, seq=seq))


def _duplicate(number: int) -> FileRefused:
    return FileRefused("duplicate_id", _(
        "Revision No. {number} in it reuses an id this database already holds for different "
        "content; it was tampered with, and nothing of it was imported.").format(number=number))


def _log_row(session: Session | None, opened: OpenedFile, report: FileReport
             ) -> dict[str, object]:
    segment = opened.segment
    return {
        "id": uuid7(),
        "imported_at": to_utc_text(utc_now()),
        "account_id": session.account_id if session else None,
        "file_name": opened.path.name,
        "file_sha256": opened.sha256,
        "revisions_sha256": opened.revisions_sha256,
        "source_kind": opened.kind,
        "device_id": segment.device_id,
        "first_seq": segment.first_seq,
        "last_seq": segment.last_seq,
        "last_hash": segment.last_hash or "",
        "new_count": report.new,
        "present_count": report.present,
        "conflict_count": report.conflicts,
        "flagged_count": report.flagged,
        "details": json.dumps({"attachments": report.attachments, "warnings": report.warnings,
                               "device_code": opened.device_code}, ensure_ascii=False),
    }
