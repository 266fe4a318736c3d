"""Opening a file offered for import: a bundle or a field database, as one device's segment."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import Cancelled, FileRefused
from desktop.domain.revision import Revision
from desktop.i18n import _
from desktop.storage.derive import Prepared, current_row_values
from desktop.storage.field_database import FieldDatabase, looks_like_database
from desktop.storage.revision_rows import DEVICE_SEQ, REV_ID, StoredRevision, stored_row
from desktop.sync.bundle import looks_like_bundle, read_blobs, read_bundle
from desktop.sync.chain import Segment, check_segment
from desktop.sync.manifest import Manifest

Progress = Callable[[int, int], None]
BUNDLE = "bundle"
DATABASE = "database"


@dataclass(frozen=True)
class CheckedSegment:
    """One device's run of revisions that passed the file's own checks, as the rows the
    revision table stores (the form that crosses from a checking process to the merging one)."""

    device_id: str
    public_key: str
    first_prev_hash: str | None  # what the first one names as its predecessor
    rows: list[StoredRevision]  # in sequence order

    @classmethod
    def of(cls, segment: Segment) -> CheckedSegment:
        return cls(segment.device_id, segment.public_key, segment.first_prev_hash,
                   [stored_row(revision) for revision in segment.revisions])

    @property
    def first_seq(self) -> int:
        return self.rows[0][DEVICE_SEQ] if self.rows else 0

    @property
    def last_seq(self) -> int:
        return self.rows[-1][DEVICE_SEQ] if self.rows else 0

    @property
    def last_hash(self) -> str | None:
        return self.rows[-1][REV_ID] if self.rows else self.first_prev_hash


@dataclass
class OpenedFile:
    """A file whose own checks passed: one device's revisions, and a way to its attachments."""

    path: Path
    sha256: str
    kind: str
    device_code: str
    certificates: list[bytes]
    segment: CheckedSegment
    carried_blobs: set[str]
    blob_source: Callable[[list[str]], Iterator[tuple[str, bytes]]]
    revisions_sha256: str = ""  # a bundle's, as its manifest signs it
    close: Callable[[], None] = field(default=lambda: None)
    prepared: Prepared | None = None  # current-state rows made in advance, by rev_id


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def referenced_blobs(revisions: list[Revision]) -> set[str]:
    """Attachments (photos, signature images) the revisions point at, by sha256."""
    wanted: set[str] = set()
    for revision in revisions:
        if revision.entity is EntityKind.ATTACHMENT or (
            revision.entity is EntityKind.HANDOVER_SIGNATURE
        ):
            payload: Any = revision.payload_object()
            if isinstance(payload, dict):
                value = payload.get("sha256") or payload.get("image_sha256")
                if isinstance(value, str) and len(value) == 64:
                    wanted.add(value)
    return wanted


def is_bundle(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_bundle(handle.read(16))
    except OSError:
        return False  # open_file says what is wrong with it


def open_file(path: Path, progress: Progress | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> OpenedFile:
    """Read and check a file on its own (no database involved); FileRefused if it fails."""
    try:
        if path.is_dir():
            raise FileRefused("not_a_bundle", _(
                "It is a folder; choose the bundle files (.taslim) inside it."))
        with path.open("rb") as handle:
            head = handle.read(16)
        sha256 = file_sha256(path)
    except FileNotFoundError:
        raise FileRefused("unreadable", _("The file does not exist (was the USB stick "
                                          "removed?).")) from None
    except OSError as error:
        raise FileRefused("unreadable", _("The file cannot be read ({reason}).").format(
            reason=error.strerror or error)) from None
    if looks_like_bundle(head):
        try:
            contents = read_bundle(path, progress, cancelled)
            return opened_bundle(sha256, contents.path, contents.manifest,
                                 CheckedSegment.of(contents.segment))
        except OSError as error:  # the stick removed while it was read
            raise FileRefused("unreadable", _("The file cannot be read ({reason}).").format(
                reason=error.strerror or error)) from None
    if looks_like_database(head):
        return _open_database(path, sha256)
    raise FileRefused("not_a_bundle", _(
        "It is neither a Taslim bundle (.taslim) nor a field laptop's database; choose a file "
        "exported by Taslim."))


def opened_bundle(sha256: str, path: Path, manifest: Manifest, segment: CheckedSegment,
                  prepared: Prepared | None = None) -> OpenedFile:
    return OpenedFile(
        path, sha256, BUNDLE, manifest.device_code,
        [pem.encode("ascii") for pem in manifest.device_certificates],
        segment, set(manifest.blob_sizes),
        lambda hashes: read_blobs(path, hashes), manifest.revisions_sha256, prepared=prepared)


# What a worker hands back for a bundle: its sha256, path, manifest, revisions and prepared rows.
CheckedBundle = tuple[str, Path, Manifest, CheckedSegment, Prepared]


def check_bundle(path: Path) -> CheckedBundle:
    """Everything ``open_file`` does for a bundle, in a form that crosses process boundaries
    quickly (plain tuples), and the current-state row each revision would give (the worker has
    time to spare; the merging process has not)."""
    try:
        contents = read_bundle(path)
        sha256 = file_sha256(path)
    except OSError as error:  # the stick removed while it was read
        raise FileRefused("unreadable", _("The file cannot be read ({reason}).").format(
            reason=error.strerror or error)) from None
    revisions = contents.segment.revisions
    # A revision another one names as parent is never a head, so it never wins: no row for it.
    superseded = {parent for r in revisions for parent in r.parents}
    prepared = {
        r.rev_id: current_row_values(str(r.entity), r.record_id, r.rev_id, r.payload)
        for r in revisions if r.op is not Op.DELETE and r.rev_id not in superseded
    }
    return sha256, contents.path, contents.manifest, CheckedSegment.of(contents.segment), prepared


class BundleReader:
    """Reads and checks the next bundles in worker processes while this one is being merged.

    Checking a bundle is pure Python work (JSON, hashes) and merging is mostly SQLite's, so on
    a machine with two cores the two overlap. Small imports do not start a worker at all.
    """

    WORTH_A_WORKER = 4 * 1024 * 1024  # bytes of bundles; below this a worker costs more
    # Checking a file costs about as much as merging one, so two workers reading ahead keep
    # both cores busy even when the merging process waits on the disk.
    WORKERS = 2

    def __init__(self, paths: list[Path]) -> None:
        self._futures: dict[Path, Future[CheckedBundle]] = {}
        bundles = [p for p in paths if is_bundle(p)]
        size = sum(_size(p) for p in bundles)
        self._pool: ProcessPoolExecutor | None = None
        self._worth_it = (len(bundles) > 1 and (os.cpu_count() or 1) > 1
                          and size >= self.WORTH_A_WORKER)

    def reading(self, path: Path) -> bool:
        return path in self._futures

    def prefetch(self, path: Path) -> None:
        if not self._worth_it or path in self._futures or not is_bundle(path):
            return
        if self._pool is None:  # started at the first file worth it, not before
            self._pool = ProcessPoolExecutor(self.WORKERS,
                                             mp_context=multiprocessing.get_context("spawn"))
        self._futures[path] = self._pool.submit(check_bundle, path)

    def open(self, path: Path, progress: Progress | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> OpenedFile:
        future = self._futures.pop(path, None)
        if future is None:
            return open_file(path, progress, cancelled)
        while True:
            try:
                return opened_bundle(*future.result(timeout=0.2))
            except TimeoutError:
                if cancelled():
                    future.cancel()
                    raise Cancelled() from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _open_database(path: Path, sha256: str) -> OpenedFile:
    work = tempfile.TemporaryDirectory(prefix="taslim-import-")
    field_db = FieldDatabase(path, Path(work.name))

    def close() -> None:
        field_db.close()
        work.cleanup()

    try:
        device = field_db.open()
        revisions = field_db.revisions(device.device_id)
        segment = Segment(device.device_id, device.public_key, revisions, None)
        check_segment(segment)
        carried = referenced_blobs(revisions)
        return OpenedFile(path, sha256, DATABASE, device.short_code, device.certificates,
                          CheckedSegment.of(segment), carried, field_db.blobs, close=close)
    except OSError as error:  # copying from the stick failed, or the work folder is full
        close()
        raise FileRefused("unreadable", _("The file cannot be read ({reason}).").format(
            reason=error.strerror or error)) from None
    except BaseException:
        close()
        raise
