"""Read side of the clerk's certificate screens: the register's ids and rows, the serials a
reissue will supersede, and a certificate's state by serial (for a scanned QR code)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.enums import CertificateState
from desktop.services.base import Store
from desktop.storage.certificate_lists import (
    CertificateListRow,
    certificate_rows,
    live_serials,
    state_by_serial,
)
from desktop.storage.certificate_register import register_ids


class CertificateQueries:
    def __init__(self, store: Store) -> None:
        self._store = store

    def ids(self, text: str = "", state: str | None = None) -> list[str]:
        """Certificates newest first, filtered by serial, checkpoint code or name, and state."""
        with self._store.read() as connection:
            return register_ids(connection, text, state)

    def rows(self, ids: Sequence[str]) -> dict[str, CertificateListRow]:
        with self._store.read() as connection:
            return certificate_rows(connection, ids)

    def live_serials(self, handover_ids: Sequence[str]) -> dict[str, str]:
        with self._store.read() as connection:
            return live_serials(connection, handover_ids)

    def state_of(self, serial: str) -> CertificateState | None:
        with self._store.read() as connection:
            state = state_by_serial(connection, serial)
        return None if state is None else CertificateState(state)
