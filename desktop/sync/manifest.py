"""The manifest of a bundle: who exported what, signed by the device that exported it."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from desktop.domain.canonical import canonical_bytes
from desktop.domain.errors import FileRefused
from desktop.domain.revision import SCHEMA_VERSION
from desktop.i18n import _

BUNDLE_FORMAT = "taslim-bundle"
BUNDLE_FORMAT_VERSION = 1
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_CERTIFICATE_CHARS = 16 * 1024

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CODE = re.compile(r"[A-Z0-9-]{1,16}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@dataclass(frozen=True, slots=True)
class Manifest:
    format: str
    format_version: int
    revision_schema: int
    app_version: str
    device_id: str
    device_code: str
    public_key: str  # the device's Ed25519 key, hex
    device_certificates: list[str]  # PEM: the Command CA's word that the key is the device's
    first_seq: int
    last_seq: int
    count: int
    first_prev_hash: str | None
    last_hash: str | None
    revisions_sha256: str
    blobs: list[list[Any]]  # [sha256, size] of every attachment carried
    exported_at: str
    full: bool  # everything the device wrote, or what followed the last receipt

    def to_bytes(self) -> bytes:
        return canonical_bytes(asdict(self))

    @property
    def blob_sizes(self) -> dict[str, int]:
        return {str(sha): int(size) for sha, size in self.blobs}


def _not_a_manifest(what: str) -> FileRefused:
    return FileRefused("damaged", _(
        "Its manifest is damaged ({what}); ask for a new export from the laptop.").format(
            what=what))


def read_manifest(data: bytes) -> Manifest:
    if len(data) > MAX_MANIFEST_BYTES:
        raise FileRefused("too_large", _("Its manifest is far larger than any real one; the file "
                                         "was not made by Taslim or was tampered with."))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _not_a_manifest(_("not JSON")) from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise FileRefused("not_a_bundle", _(
            "It is not a Taslim bundle. Choose a file exported by Taslim (.taslim) or a field "
            "laptop's database file."))
    version, schema = document.get("format_version"), document.get("revision_schema")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise _not_a_manifest("format_version")
    if version > BUNDLE_FORMAT_VERSION or schema > SCHEMA_VERSION:
        raise FileRefused("newer_version", _(
            "It was made by a newer version of Taslim; update Taslim on this computer and "
            "import it again."))
    expected = set(Manifest.__dataclass_fields__)
    if set(document) != expected:
        raise _not_a_manifest(_("wrong fields"))
    manifest = Manifest(**document)
    _check_fields(manifest)
    return manifest


def _check_fields(m: Manifest) -> None:
    checks: list[tuple[str, bool]] = [
        ("device_id", isinstance(m.device_id, str) and bool(_UUID.fullmatch(m.device_id))),
        ("device_code", isinstance(m.device_code, str) and bool(_CODE.fullmatch(m.device_code))),
        ("public_key", isinstance(m.public_key, str) and bool(_HEX64.fullmatch(m.public_key))),
        ("app_version", isinstance(m.app_version, str) and len(m.app_version) < 40),
        ("seq", all(type(v) is int and v >= 0 for v in (m.first_seq, m.last_seq, m.count))),
        ("hashes", all(v is None or (isinstance(v, str) and bool(_HEX64.fullmatch(v)))
                       for v in (m.first_prev_hash, m.last_hash))),
        ("revisions_sha256", isinstance(m.revisions_sha256, str)
         and bool(_HEX64.fullmatch(m.revisions_sha256))),
        ("exported_at", isinstance(m.exported_at, str) and bool(_TIME.fullmatch(m.exported_at))),
        ("full", isinstance(m.full, bool)),
        ("device_certificates", isinstance(m.device_certificates, list) and all(
            isinstance(c, str) and len(c) < MAX_CERTIFICATE_CHARS
            for c in m.device_certificates) and len(m.device_certificates) < 16),
        ("blobs", isinstance(m.blobs, list) and all(
            isinstance(b, list) and len(b) == 2 and isinstance(b[0], str)
            and bool(_HEX64.fullmatch(b[0])) and type(b[1]) is int and b[1] >= 0
            for b in m.blobs)),
    ]
    for name, ok in checks:
        if not ok:
            raise _not_a_manifest(name)
