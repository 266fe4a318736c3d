"""Receipt files: headquarters' signed word of how far it holds a laptop's revisions."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from desktop.domain.canonical import canonical_bytes
from desktop.domain.errors import FileRefused
from desktop.i18n import _
from desktop.signing.device_keys import verify_signature

RECEIPT_FORMAT = "taslim-receipt"
MAX_RECEIPT_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Receipt:
    format: str
    master_device_id: str
    master_public_key: str
    master_certificates: list[str]
    device_id: str
    held_seq: int  # every revision of the device up to this number is held
    held_hash: str | None  # the id of revision No. held_seq
    held_count: int
    issued_at: str


def receipt_file(receipt: Receipt, signature: bytes) -> bytes:
    document = {"receipt": asdict(receipt), "signature": signature.hex()}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def receipt_bytes(receipt: Receipt) -> bytes:
    return canonical_bytes(asdict(receipt))


def _not_a_receipt() -> FileRefused:
    return FileRefused("not_a_receipt", _(
        "It is not a Taslim receipt. Choose the receipt file headquarters wrote for this laptop."))


def read_receipt(data: bytes) -> Receipt:
    if len(data) > MAX_RECEIPT_BYTES:
        raise _not_a_receipt()
    try:
        document: Any = json.loads(data.decode("utf-8"))
        fields = document["receipt"]
        if fields.get("format") != RECEIPT_FORMAT or set(fields) != set(
            Receipt.__dataclass_fields__
        ):
            raise ValueError("format")
        receipt = Receipt(**fields)
        signature = str(document["signature"])
        if type(receipt.held_seq) is not int or not isinstance(receipt.master_certificates, list):
            raise ValueError("fields")
        ok = verify_signature(receipt.master_public_key, signature, receipt_bytes(receipt))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise _not_a_receipt() from None
    if not ok:
        raise FileRefused("bad_signature", _(
            "The receipt's signature does not match its contents; it was altered. Ask "
            "headquarters for a new receipt."))
    return receipt
