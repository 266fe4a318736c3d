"""On a laptop: export a bundle for headquarters, accept its receipts, show what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.domain.canonical import sha256_hex
from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.enums import EntityKind
from desktop.domain.errors import FileRefused, TaslimError
from desktop.domain.ids import uuid7
from desktop.domain.revision import SCHEMA_VERSION
from desktop.i18n import _
from desktop.services.base import Store
from desktop.services.device import DeviceIdentity
from desktop.services.sync_files import referenced_blobs
from desktop.signing.ca import device_is_trusted
from desktop.storage.queries import current_rows, current_rows_where
from desktop.storage.sync_store import (
    add_receipt,
    blobs,
    latest_receipt,
    own_revisions,
    revision_at,
    watermark,
)
from desktop.sync.bundle import BUNDLE_SUFFIX, write_bundle
from desktop.sync.manifest import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, Manifest
from desktop.sync.receipt import read_receipt


class NothingToExport(TaslimError):
    exit_code = 0


@dataclass(frozen=True, slots=True)
class Holdings:
    """What this laptop wrote and what headquarters confirmed it holds."""

    written: int  # revisions this laptop has written
    held: int  # of those, confirmed held at headquarters (by the latest receipt)
    receipt_issued_at: str | None
    receipt_received_at: str | None

    @property
    def pending(self) -> int:
        return self.written - self.held


def default_bundle_name(device: DeviceIdentity) -> str:
    stamp = utc_now().strftime("%Y%m%d-%H%M")
    return f"taslim-{device.short_code}-{stamp}{BUNDLE_SUFFIX}"


class ExportService:
    def __init__(self, store: Store, device: DeviceIdentity) -> None:
        self._store = store
        self._device = device

    def holdings(self) -> Holdings:
        with self._store.read() as connection:
            mark = watermark(connection, self._device.device_id)
            receipt = latest_receipt(connection, self._device.device_id)
        return Holdings(
            written=mark.seq,
            held=receipt["held_seq"] if receipt else 0,
            receipt_issued_at=receipt["issued_at"] if receipt else None,
            receipt_received_at=receipt["received_at"] if receipt else None,
        )

    def export(self, path: Path, full: bool = False) -> Manifest:
        """Everything after the last receipt (or everything, with ``full``) into ``path``."""
        device = self._device
        with self._store.read() as connection:
            receipt = None if full else latest_receipt(connection, device.device_id)
            after = receipt["held_seq"] if receipt else 0
            revisions = own_revisions(connection, device.device_id, after)
            certificates = [row["certificate_pem"] for row in current_rows_where(
                connection, EntityKind.SIGNING_CERTIFICATE, holder_kind="device",
                holder_id=device.device_id)]
            attachments = list(blobs(connection, referenced_blobs(revisions)))
        if not revisions:
            raise NothingToExport(_(
                "Headquarters already holds everything this laptop wrote (its last receipt "
                "covers it). To hand over a complete copy anyway, export everything."))
        fields: dict[str, object] = {
            "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
            "revision_schema": SCHEMA_VERSION, "app_version": __version__,
            "device_id": device.device_id, "device_code": device.short_code,
            "public_key": device.public_key, "device_certificates": sorted(set(certificates)),
            "exported_at": to_utc_text(utc_now()), "full": receipt is None,
        }
        try:
            return write_bundle(path, fields, revisions, attachments, device.signer.sign)
        except OSError as error:
            raise TaslimError(_(
                "The bundle could not be written to {path} ({reason}). Check that the USB stick "
                "is inserted and has free space; nothing was changed.").format(
                    path=path, reason=error.strerror or error)) from None

    def accept_receipt(self, data: bytes) -> Holdings:
        """Keep headquarters' receipt after checking it is genuine and about this laptop."""
        receipt = read_receipt(data)
        device = self._device
        if receipt.device_id != device.device_id:
            raise FileRefused("wrong_device", _(
                "This receipt is for another laptop, not for this one."))
        with self._store.database.write() as connection:
            anchors = [row["certificate_pem"].encode("ascii")
                       for row in current_rows(connection, EntityKind.TRUST_ANCHOR)]
            if not device_is_trusted(receipt.master_device_id, receipt.master_public_key,
                                     [c.encode("ascii") for c in receipt.master_certificates],
                                     anchors):
                raise FileRefused("unknown_device", _(
                    "This receipt was not signed by a headquarters computer enrolled with this "
                    "laptop's Command CA; it is not accepted."))
            if receipt.held_seq and revision_at(
                connection, device.device_id, receipt.held_seq
            ) != receipt.held_hash:
                raise FileRefused("fork", _(
                    "TAMPER ALARM: headquarters holds a different history of this laptop than "
                    "the laptop itself (at revision No. {seq}). Report it to headquarters.")
                    .format(seq=receipt.held_seq))
            add_receipt(connection, {
                "id": uuid7(), "master_device_id": receipt.master_device_id,
                "device_id": device.device_id, "held_seq": receipt.held_seq,
                "held_hash": receipt.held_hash, "issued_at": receipt.issued_at,
                "received_at": to_utc_text(utc_now()),
                "file_sha256": sha256_hex(data),
            })
        return self.holdings()
