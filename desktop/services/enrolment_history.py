"""Who enrolled whom, and when: read from the revisions of the certificate records.

Issuing a certificate is an official act of the Command CA: the service writes it as a ``sign``
revision of a SigningCertificate record, authored by the supervisor who typed the passphrase.
The laptop (or the clerk) that loads the answer writes its own record of the same certificate
with a plain ``put``. Creating the Command CA is a ``sign`` revision of its TrustAnchor record.
So an enrolment's history is those revisions: when (the revision's clock), by whom (its author),
on which computer, and which of the acts it was. No Qt here: the Devices page and the People
page read the same events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.domain.clock import hlc_wall_ms, to_utc_text
from desktop.domain.enums import EntityKind, Op
from desktop.domain.revision import Revision
from desktop.services.base import Store
from desktop.storage.engine import Connection
from desktop.storage.queries import current_rows, current_rows_where, revisions_of

# What a revision did: the CA issued a certificate; the holder's computer recorded the answer it
# loaded; the Command CA was created.
ISSUED, RECEIVED, CA_CREATED = "issued", "received", "ca_created"
DEVICE_HOLDER, CLERK_HOLDER = "device", "clerk"  # ca.HolderKind values, without importing signing


@dataclass(frozen=True, slots=True)
class EnrolmentEvent:
    rev_id: str
    at: str  # UTC text, from the revision's clock
    hlc: int  # the revision's clock itself: orders events within one second
    kind: str  # ISSUED, RECEIVED or CA_CREATED
    op: Op
    holder_kind: str  # DEVICE_HOLDER, CLERK_HOLDER, or "" for the Command CA itself
    holder_id: str
    author_id: str | None
    author_ar: str
    author_en: str
    device_id: str  # the computer that wrote the revision
    device_code: str
    key_id: str  # the certified key; "" for the Command CA
    not_after: str  # UTC text; "" for the Command CA
    fingerprint: str  # the issuing Command CA's certificate fingerprint
    certificate_pem: str


class EnrolmentHistory:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_device(self, device_id: str) -> list[EnrolmentEvent]:
        """A laptop's certificates (issued, loaded) and a Command CA created on it; oldest first."""
        with self._store.read() as connection:
            names = _Names(connection)
            events = certificate_events(connection, names, DEVICE_HOLDER, device_id)
            events += [event for event in ca_events(connection, names)
                       if event.device_id == device_id]
        return sorted(events, key=lambda event: (event.hlc, event.rev_id))

    def of_person(self, person_id: str) -> list[EnrolmentEvent]:
        """A clerk's signing certificates: issued by whom, loaded when; oldest first."""
        with self._store.read() as connection:
            events = certificate_events(connection, _Names(connection), CLERK_HOLDER, person_id)
        return sorted(events, key=lambda event: (event.hlc, event.rev_id))

    def command_ca(self) -> list[EnrolmentEvent]:
        """When and by whom a Command CA was created (on any computer whose records are here)."""
        with self._store.read() as connection:
            return ca_events(connection, _Names(connection))


class _Names:
    """People's and devices' names, read once per question."""

    def __init__(self, connection: Connection) -> None:
        self.people = {row["id"]: row for row in current_rows(connection, EntityKind.PERSON)}
        self.devices = {row["id"]: row for row in current_rows(connection, EntityKind.DEVICE)}

    def person(self, person_id: str | None) -> tuple[str, str]:
        row: dict[str, Any] = self.people.get(person_id or "") or {}
        return str(row.get("name_ar") or ""), str(row.get("name_en") or "")

    def device_code(self, device_id: str) -> str:
        row: dict[str, Any] = self.devices.get(device_id) or {}
        return str(row.get("short_code") or "")


def certificate_events(connection: Connection, names: _Names, holder_kind: str,
                       holder_id: str) -> list[EnrolmentEvent]:
    rows = current_rows_where(connection, EntityKind.SIGNING_CERTIFICATE,
                              holder_kind=holder_kind, holder_id=holder_id)
    events = []
    for row in rows:
        for revision in revisions_of(connection, row["id"]):
            payload = _payload(revision.payload)
            if payload is None:
                continue
            kind = (ISSUED if _is_issue(revision, holder_kind, holder_id) else RECEIVED)
            events.append(_event(revision, names, kind, holder_kind, holder_id, payload))
    return events


def issued_by_here(connection: Connection, key_id: str, fingerprint: str
                   ) -> EnrolmentEvent | None:
    """The latest issuing of a certificate for ``key_id`` by the CA with ``fingerprint``."""
    names = _Names(connection)
    found: list[EnrolmentEvent] = []
    for row in current_rows_where(connection, EntityKind.SIGNING_CERTIFICATE, key_id=key_id):
        if row["issuer_fingerprint"] != fingerprint:
            continue
        found += [event for event in certificate_events(connection, names,
                                                        str(row["holder_kind"]),
                                                        str(row["holder_id"]))
                  if event.kind == ISSUED and event.key_id == key_id
                  and event.fingerprint == fingerprint]
    return max(found, key=lambda event: (event.hlc, event.rev_id), default=None)


def ca_events(connection: Connection, names: _Names) -> list[EnrolmentEvent]:
    events = []
    for row in current_rows(connection, EntityKind.TRUST_ANCHOR):
        for revision in revisions_of(connection, row["id"]):
            payload = _payload(revision.payload)
            # Only the computer that made the CA signs its anchor; a laptop that learns the CA
            # from an answer records it with a plain put, which is not a creation.
            if payload is None or revision.op is not Op.SIGN:
                continue
            author_ar, author_en = names.person(revision.author_id)
            events.append(EnrolmentEvent(
                rev_id=revision.rev_id, at=_moment(revision), hlc=revision.hlc, kind=CA_CREATED,
                op=revision.op,
                holder_kind="",
                holder_id="", author_id=revision.author_id, author_ar=author_ar,
                author_en=author_en, device_id=revision.device_id,
                device_code=names.device_code(revision.device_id), key_id="", not_after="",
                fingerprint=str(payload.get("fingerprint") or ""),
                certificate_pem=str(payload.get("certificate_pem") or "")))
    return sorted(events, key=lambda event: (event.hlc, event.rev_id))


def _is_issue(revision: Revision, holder_kind: str, holder_id: str) -> bool:
    """A signed revision is the CA's act. A plain one is the holder's own record of the answer,
    unless someone else wrote it (a record made before issuing was a signed act)."""
    if revision.op in (Op.SIGN, Op.AMEND):
        return True
    if holder_kind == DEVICE_HOLDER:
        return revision.device_id != holder_id
    return revision.author_id != holder_id


def _event(revision: Revision, names: _Names, kind: str, holder_kind: str, holder_id: str,
           payload: dict[str, Any]) -> EnrolmentEvent:
    author_ar, author_en = names.person(revision.author_id)
    return EnrolmentEvent(
        rev_id=revision.rev_id, at=_moment(revision), hlc=revision.hlc, kind=kind, op=revision.op,
        holder_kind=holder_kind,
        holder_id=holder_id, author_id=revision.author_id, author_ar=author_ar,
        author_en=author_en, device_id=revision.device_id,
        device_code=names.device_code(revision.device_id),
        key_id=str(payload.get("key_id") or ""), not_after=str(payload.get("not_after") or ""),
        fingerprint=str(payload.get("issuer_fingerprint") or ""),
        certificate_pem=str(payload.get("certificate_pem") or ""))


def _moment(revision: Revision) -> str:
    return to_utc_text(datetime.fromtimestamp(hlc_wall_ms(revision.hlc) / 1000, UTC))


def _payload(text: str) -> dict[str, Any] | None:
    value = json.loads(text)
    return value if isinstance(value, dict) else None
