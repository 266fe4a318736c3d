"""Bundle files (``.taslim``): a ZIP holding the manifest, its signature, the revisions (one
JSON line each) and the attachments by hash.

Writing goes to a temporary name in the same folder, is flushed to the disk and only then
renamed, so a USB stick pulled out too early leaves a ``.partial`` file, never a half bundle
under the real name. Reading checks everything and keeps nothing but what passed.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from desktop.domain.errors import Cancelled, FileRefused
from desktop.domain.revision import Revision
from desktop.i18n import _
from desktop.signing.device_keys import verify_signature
from desktop.sync.chain import Segment, check_segment
from desktop.sync.manifest import Manifest, read_manifest
from desktop.sync.revision_lines import MAX_LINE_BYTES, parse_line, revision_line

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
REVISIONS_NAME = "revisions.jsonl"
BLOB_PREFIX = "blobs/"
BUNDLE_SUFFIX = ".taslim"
ZIP_MAGIC = b"PK\x03\x04"
MAX_BLOB_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 1_000_000
READ_CHUNK = 1024 * 1024  # bytes of revisions read at a time
MAX_RATIO = 200  # a zip bomb inflates thousands of times; JSON lines inflate ~10 times
_BLOB_NAME = re.compile(r"blobs/[0-9a-f]{64}")

# What a damaged ZIP can raise while it is read: a bad CRC, a broken deflate stream (zlib), an
# archive cut short, a header that names an unknown compression method or sizes that overflow.
_BROKEN_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, struct.error,
               NotImplementedError, OverflowError)

Progress = Callable[[int, int], None]
Sign = Callable[[bytes], bytes]


@dataclass(frozen=True, slots=True)
class BundleContents:
    path: Path
    manifest: Manifest
    segment: Segment


def write_bundle(
    path: Path,
    manifest_fields: dict[str, object],
    revisions: Iterable[Revision],
    blobs: Iterable[tuple[str, bytes]],
    sign: Sign,
) -> Manifest:
    """Write the bundle under a temporary name, then rename it into place."""
    partial = path.with_name(f"{path.name}.partial-{secrets.token_hex(4)}")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=1) as archive:
            digest = hashlib.sha256()
            count, first, last, first_prev = 0, 0, 0, None
            last_hash: str | None = None
            with archive.open(REVISIONS_NAME, "w", force_zip64=True) as handle:
                for revision in revisions:
                    line = revision_line(revision)
                    digest.update(line)
                    handle.write(line)
                    if count == 0:
                        first, first_prev = revision.device_seq, revision.prev_hash
                    count, last, last_hash = count + 1, revision.device_seq, revision.rev_id
            blob_list: list[list[object]] = []
            for sha256, data in blobs:
                # Photos and signature images are compressed already.
                archive.writestr(BLOB_PREFIX + sha256, data, compress_type=zipfile.ZIP_STORED)
                blob_list.append([sha256, len(data)])
            manifest = Manifest(**{
                **manifest_fields,  # type: ignore[arg-type]
                "first_seq": first, "last_seq": last, "count": count,
                "first_prev_hash": first_prev, "last_hash": last_hash,
                "revisions_sha256": digest.hexdigest(), "blobs": blob_list,
            })
            manifest_bytes = manifest.to_bytes()
            archive.writestr(MANIFEST_NAME, manifest_bytes)
            archive.writestr(SIGNATURE_NAME, sign(manifest_bytes).hex())
        _flush(partial)
        os.replace(partial, path)
        _flush_folder(path.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not every file system lets a folder be opened (FAT on Windows)
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def looks_like_bundle(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def _damaged() -> FileRefused:
    return FileRefused("truncated", _(
        "The file is incomplete or damaged (perhaps the USB stick was removed while it was "
        "being copied); copy or export it again."))


def read_bundle(path: Path, progress: Progress | None = None,
                cancelled: Callable[[], bool] = lambda: False) -> BundleContents:
    """Every check that needs only the file; raises FileRefused with the first problem."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(path, archive, progress, cancelled)
    except _BROKEN_ZIP:
        raise _damaged() from None


def signed_manifest(path: Path) -> Manifest:
    """The bundle's layout and its signed manifest, checked; the revisions are not read yet."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _manifest(archive)[0]
    except _BROKEN_ZIP:
        raise _damaged() from None


def confirm_unchanged(path: Path, manifest: Manifest) -> None:
    """The revisions and attachments are byte for byte what the manifest's signer wrote.

    Enough for a bundle whose revisions are all held already: their ids were checked when they
    were imported, and the signed manifest names the same last revision.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            digest = hashlib.sha256()
            with archive.open(REVISIONS_NAME) as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
            if digest.hexdigest() != manifest.revisions_sha256:
                raise _altered()
            _check_blobs(archive, manifest, {info.filename: info for info in archive.infolist()})
    except _BROKEN_ZIP:
        raise _damaged() from None


def _altered() -> FileRefused:
    return FileRefused("altered", _(
        "Its revisions do not match what the laptop signed: revisions were added, removed "
        "or changed after export. Ask for a new export from the laptop."))


def _manifest(archive: zipfile.ZipFile) -> tuple[Manifest, dict[str, zipfile.ZipInfo]]:
    entries = {info.filename: info for info in archive.infolist()}
    if MANIFEST_NAME not in entries:
        raise FileRefused("not_a_bundle", _(
            "It is not a Taslim bundle. Choose a file exported by Taslim (.taslim) or a field "
            "laptop's database file."))
    if len(entries) > MAX_ENTRIES or len(entries) != len(archive.infolist()):
        raise FileRefused("damaged", _("It holds duplicate or too many entries; it was not made "
                                       "by Taslim or was tampered with."))
    for name, info in entries.items():
        if name not in (MANIFEST_NAME, SIGNATURE_NAME, REVISIONS_NAME) and not _BLOB_NAME.fullmatch(
            name
        ):
            raise FileRefused("damaged", _(
                "It holds an entry Taslim never writes ({name}); it was tampered with.").format(
                    name=name[:80]))
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024 * 1024):
            raise FileRefused("too_large", _(
                "It would unpack to far more than any real export ({name}); it was not made by "
                "Taslim.").format(name=name[:80]))
    if SIGNATURE_NAME not in entries or REVISIONS_NAME not in entries:
        raise _damaged()
    manifest_bytes = _read_small(archive, MANIFEST_NAME, 8 * 1024 * 1024)
    manifest = read_manifest(manifest_bytes)
    signature = _read_small(archive, SIGNATURE_NAME, 1024).decode("ascii", "replace").strip()
    if not verify_signature(manifest.public_key, signature, manifest_bytes):
        raise FileRefused("bad_signature", _(
            "Its signature does not match its contents: it was changed after it was exported, "
            "or not exported by Taslim."))
    return manifest, entries


def _read(path: Path, archive: zipfile.ZipFile, progress: Progress | None,
          cancelled: Callable[[], bool]) -> BundleContents:
    manifest, entries = _manifest(archive)
    revisions = _read_revisions(archive, manifest, progress, cancelled)
    segment = Segment(manifest.device_id, manifest.public_key, revisions,
                      manifest.first_prev_hash)
    check_segment(segment, payloads_checked=True)
    _check_blobs(archive, manifest, entries)
    return BundleContents(path, manifest, segment)


def _read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused("too_large", _("Its {name} is far larger than any real one; the file "
                                         "was not made by Taslim.").format(name=name))
    return data


def _lines(handle: IO[bytes], digest: Any) -> Iterator[tuple[bytes, bool]]:
    """Each line without its newline, and whether it had one; every byte read goes into digest.

    A line longer than any revision is cut at ``MAX_LINE_BYTES + 2`` and ends the reading. Read
    a megabyte at a time: ``readline`` on a zip member runs Python code for every line, which
    was a fifth of checking a bundle.
    """
    pending = b""
    while chunk := handle.read(READ_CHUNK):
        digest.update(chunk)
        lines = (pending + chunk if pending else chunk).split(b"\n")
        pending = lines.pop()
        for line in lines:
            yield line, True
        if len(pending) > MAX_LINE_BYTES + 1:
            yield pending[: MAX_LINE_BYTES + 2], False
            return
    if pending:
        yield pending, False


def _read_revisions(archive: zipfile.ZipFile, manifest: Manifest, progress: Progress | None,
                    cancelled: Callable[[], bool]) -> list[Revision]:
    digest = hashlib.sha256()
    revisions: list[Revision] = []
    with archive.open(REVISIONS_NAME) as handle:
        for number, (line, ended) in enumerate(_lines(handle, digest), start=1):
            if number > manifest.count:
                raise _altered()
            if not ended:
                parse_line(line, number)  # refuses an over-long line by its size
                raise _damaged()
            revisions.append(parse_line(line, number))
            if number % 2000 == 0:
                if cancelled():
                    raise Cancelled()
                if progress:
                    progress(number, manifest.count)
    if len(revisions) != manifest.count or digest.hexdigest() != manifest.revisions_sha256:
        raise _altered()
    if revisions and (revisions[0].device_seq != manifest.first_seq
                      or revisions[-1].rev_id != manifest.last_hash):
        raise FileRefused("altered", _(
            "Its revisions do not match what the laptop signed; ask for a new export."))
    return revisions


def _check_blobs(archive: zipfile.ZipFile, manifest: Manifest,
                 entries: dict[str, zipfile.ZipInfo]) -> None:
    listed = manifest.blob_sizes
    carried = {name[len(BLOB_PREFIX):] for name in entries if name.startswith(BLOB_PREFIX)}
    if carried != set(listed):
        raise FileRefused("altered", _(
            "Its attachments do not match what the laptop signed; ask for a new export."))
    for sha256, size in listed.items():
        if size > MAX_BLOB_BYTES:
            raise FileRefused("too_large", _(
                "An attachment in it is larger than Taslim ever stores ({size} MB); the file "
                "was not made by Taslim.").format(size=size // (1024 * 1024)))
        if _blob_digest(archive, sha256) != (sha256, size):
            raise FileRefused("altered", _(
                "An attachment in it was changed after export (its content does not match its "
                "hash); ask for a new export."))


def _blob_digest(archive: zipfile.ZipFile, sha256: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(BLOB_PREFIX + sha256) as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            if size > MAX_BLOB_BYTES:
                break
    return digest.hexdigest(), size


def read_blobs(path: Path, hashes: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """The attachments of an already checked bundle, one at a time (checked again on the way)."""
    changed = FileRefused("altered", _(
        "The file changed while it was being imported; import it again."))
    try:
        with zipfile.ZipFile(path) as archive:
            for sha256 in hashes:
                data = archive.read(BLOB_PREFIX + sha256)
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise changed
                yield sha256, data
    except (*_BROKEN_ZIP, KeyError, OSError):
        raise changed from None
