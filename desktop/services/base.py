"""What every service shares: the signed-in session, the unit of work and the change report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from desktop.domain.clock import now_ms
from desktop.domain.entities import Entity
from desktop.domain.enums import EntityKind, Op, Role
from desktop.domain.errors import NotFound
from desktop.domain.permissions import Action, require
from desktop.domain.revision import Revision
from desktop.i18n import _
from desktop.storage.engine import Connection, Database
from desktop.storage.queries import load_entity, record_is_signed
from desktop.storage.revision_log import Draft, RevisionLog, Signer

T = TypeVar("T")
E = TypeVar("E", bound=Entity)


@dataclass(frozen=True, slots=True)
class Session:
    """Who is signed in. Every mutating service takes one and checks its role first."""

    account_id: str
    person_id: str
    username: str
    role: Role
    name_ar: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Changes:
    """What a unit of work changed, so that views refresh only what they show."""

    records: frozenset[str] = frozenset()
    entities: frozenset[EntityKind] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.records)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T
    changes: Changes


@dataclass(slots=True)
class ChangeSet:
    """Collects the drafts of one unit of work; written together in one transaction."""

    connection: Connection
    drafts: list[Draft] = field(default_factory=list)

    def put(self, entity: Entity) -> None:
        self.drafts.append(Draft(entity.id, entity.KIND, Op.PUT, entity.to_payload()))

    def sign(self, entity: Entity) -> None:
        self.drafts.append(Draft(entity.id, entity.KIND, Op.SIGN, entity.to_payload()))

    def amend(self, entity: Entity) -> None:
        self.drafts.append(Draft(entity.id, entity.KIND, Op.AMEND, entity.to_payload()))

    def edit(self, entity: Entity) -> None:
        """A plain change, or an amendment where the record was signed (the caller allows it)."""
        if record_is_signed(self.connection, entity.id):
            self.amend(entity)
        else:
            self.put(entity)

    def delete(self, kind: EntityKind, record_id: str) -> None:
        self.drafts.append(Draft(record_id, kind, Op.DELETE, None))

    def load(self, kind: type[E], record_id: str) -> E:
        return load_required(self.connection, kind, record_id)


def load_required(connection: Connection, kind: type[E], record_id: str) -> E:
    found = load_entity(connection, kind.KIND, record_id)
    if not isinstance(found, kind):
        raise NotFound(_("That record no longer exists; refresh the list and try again."))
    return found


class Store:
    """Opens units of work on the database with this device's signer."""

    def __init__(self, database: Database, signer: Signer, wall: Callable[[], int] = now_ms):
        self.database = database
        self.signer = signer
        self.wall = wall

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.database.read() as connection:
            yield connection

    @contextmanager
    def change(self, session: Session | None, action: Action | None) -> Iterator[ChangeSet]:
        """Check the role, then collect changes and write them in one transaction."""
        if session is not None and action is not None:
            require(session.role, action)
        with self.database.write() as connection:
            changes = ChangeSet(connection)
            yield changes
            if changes.drafts:
                author = session.person_id if session else None
                RevisionLog(connection, self.signer, self.wall).append(author, changes.drafts)

    @staticmethod
    def report(revisions_or_drafts: list[Draft] | list[Revision]) -> Changes:
        return Changes(
            frozenset(d.record_id for d in revisions_or_drafts),
            frozenset(d.entity for d in revisions_or_drafts),
        )
