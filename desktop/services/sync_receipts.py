"""At headquarters: write a signed receipt telling a laptop how far its revisions are held."""

from __future__ import annotations

from desktop.domain.clock import to_utc_text, utc_now
from desktop.domain.enums import EntityKind
from desktop.domain.errors import NotFound
from desktop.i18n import _
from desktop.services.base import Store
from desktop.services.device import DeviceIdentity
from desktop.services.sync_journal import ImportJournal
from desktop.storage.queries import current_rows, current_rows_where
from desktop.storage.sync_store import watermark
from desktop.sync.receipt import RECEIPT_FORMAT, Receipt, receipt_bytes, receipt_file


class ReceiptService:
    def __init__(self, store: Store, device: DeviceIdentity,
                 journal: ImportJournal | None = None) -> None:
        self._store = store
        self._device = device
        self._journal = journal  # where each receipt written is put on record

    def resolve_device(self, reference: str) -> str:
        """A device id from its id or its short code (as printed in certificate serials)."""
        with self._store.read() as connection:
            for row in current_rows(connection, EntityKind.DEVICE):
                if reference in (row["id"], row["short_code"]):
                    return str(row["id"])
        raise NotFound(_("No laptop with the code or id “{reference}” has been imported here.")
                       .format(reference=reference))

    def make(self, device_id: str) -> bytes:
        with self._store.read() as connection:
            mark = watermark(connection, device_id)
            certificates = [row["certificate_pem"] for row in current_rows_where(
                connection, EntityKind.SIGNING_CERTIFICATE, holder_kind="device",
                holder_id=self._device.device_id)]
            codes = [row["short_code"] for row in current_rows_where(
                connection, EntityKind.DEVICE, id=device_id)]
        if mark.count == 0:
            raise NotFound(_("Nothing of that laptop has been imported here yet, so there is "
                             "nothing to confirm."))
        receipt = Receipt(
            format=RECEIPT_FORMAT,
            master_device_id=self._device.device_id,
            master_public_key=self._device.public_key,
            master_certificates=sorted(set(certificates)),
            device_id=device_id,
            held_seq=mark.seq,
            held_hash=mark.rev_id,
            held_count=mark.count,
            issued_at=to_utc_text(utc_now()),
        )
        data = receipt_file(receipt, self._device.signer.sign(receipt_bytes(receipt)))
        if self._journal is not None:
            self._journal.append_receipt(device_id, str(codes[0]) if codes else "", mark.seq)
        return data
