"""What the supervisor's People and accounts page reads: the accounts and an account's history.

Every change to an account is a signed revision, so its history is the account record's
revisions: when, by whom, and what the change was (created, disabled, password reset...).
A clerk's signing certificates join it, read from the certificate records' revisions the same
way (issued by which supervisor, loaded on the clerk's laptop when).
No Qt here; the writing is done by ``AccountService``, ``PlacesService`` and
``EnrolmentService``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.domain.clock import hlc_wall_ms, to_utc_text
from desktop.domain.enums import EntityKind, Op, Role
from desktop.services.base import Store
from desktop.services.enrolment_history import ISSUED, EnrolmentHistory
from desktop.storage.queries import current_rows, find_account, revisions_of

# What a revision of an account did, compared with the one before it.
CREATED, DISABLED, ENABLED, PASSWORD, ROLE, CHANGED, DELETED, MERGED = (
    "created", "disabled", "enabled", "password", "role", "changed", "deleted", "merged")
# A signing certificate of the account's person: issued by the Command CA, or loaded by the
# clerk on their laptop.
CERTIFICATE_ISSUED, CERTIFICATE_RECEIVED = "certificate_issued", "certificate_received"


@dataclass(frozen=True, slots=True)
class AccountLine:
    account_id: str
    person_id: str
    username: str
    role: Role
    active: bool
    name_ar: str
    name_en: str
    rank: str
    badge: str


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One revision of an account record."""

    rev_id: str
    written_at: str  # UTC text
    author_ar: str
    author_en: str
    op: Op
    change: str  # CREATED, DISABLED, ENABLED, PASSWORD, ROLE, CHANGED, DELETED or MERGED,
    # or CERTIFICATE_ISSUED / CERTIFICATE_RECEIVED
    key_id: str = ""  # the certified key, for a certificate line
    hlc: int = 0  # the revision's clock: orders lines within one second


class PeopleAdminService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def accounts(self) -> list[AccountLine]:
        """Every current account with its person's names, by user name."""
        with self._store.read() as connection:
            people = {row["id"]: row for row in current_rows(connection, EntityKind.PERSON)}
            rows = current_rows(connection, EntityKind.ACCOUNT)
        lines = []
        for row in rows:
            person: dict[str, Any] = people.get(row["person_id"]) or {}
            lines.append(AccountLine(
                account_id=row["id"], person_id=row["person_id"], username=row["username"],
                role=Role(row["role"]), active=bool(row["active"]),
                name_ar=person.get("name_ar") or "", name_en=person.get("name_en") or "",
                rank=person.get("rank") or "", badge=person.get("badge") or ""))
        return sorted(lines, key=lambda line: line.username.lower())

    def username_taken(self, username: str) -> bool:
        with self._store.read() as connection:
            return find_account(connection, username.strip()) is not None

    def history(self, account_id: str) -> list[HistoryLine]:
        """The account record's revisions, oldest first."""
        with self._store.read() as connection:
            revisions = revisions_of(connection, account_id)
            people = {row["id"]: row for row in current_rows(connection, EntityKind.PERSON)}
        lines = []
        before: dict[str, Any] | None = None
        person_id = ""
        for revision in revisions:
            payload = _payload(revision.payload)
            author: dict[str, Any] = people.get(revision.author_id or "") or {}
            moment = datetime.fromtimestamp(hlc_wall_ms(revision.hlc) / 1000, UTC)
            lines.append(HistoryLine(
                rev_id=revision.rev_id, written_at=to_utc_text(moment),
                author_ar=author.get("name_ar") or "", author_en=author.get("name_en") or "",
                op=revision.op, change=_change(revision.op, before, payload), hlc=revision.hlc))
            if payload is not None:
                before = payload
                person_id = str(payload.get("person_id") or person_id)
        if person_id:
            lines += [
                HistoryLine(rev_id=event.rev_id, written_at=event.at, author_ar=event.author_ar,
                            author_en=event.author_en,
                            op=event.op,
                            change=(CERTIFICATE_ISSUED if event.kind == ISSUED
                                    else CERTIFICATE_RECEIVED),
                            key_id=event.key_id, hlc=event.hlc)
                for event in EnrolmentHistory(self._store).of_person(person_id)]
        return sorted(lines, key=lambda line: (line.hlc, line.rev_id))


def _payload(text: str) -> dict[str, Any] | None:
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def _change(op: Op, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if op is Op.DELETE or after is None:
        return DELETED
    if op is Op.MERGE:
        return MERGED
    if before is None:
        return CREATED
    if before.get("active") != after.get("active"):
        return ENABLED if after.get("active") else DISABLED
    if before.get("password_hash") != after.get("password_hash"):
        return PASSWORD
    if before.get("role") != after.get("role"):
        return ROLE
    return CHANGED
