"""Shared building blocks for tests: real databases in tmp folders, real services."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from desktop.app import AppContext, open_context
from desktop.domain.entities import Checkpoint, District, Person, Unit
from desktop.domain.enums import CheckpointKind, CheckpointStatus, Role, UnitKind
from desktop.domain.ids import uuid7
from desktop.paths import UserDirs
from desktop.services.base import Session

PASSWORD = "correct-horse"


def make_dirs(root: Path) -> UserDirs:
    return UserDirs(data=root / "data", config=root / "config", logs=root / "logs").ensure()


def make_context(root: Path, name: str = "t.db") -> AppContext:
    return open_context(make_dirs(root / f"home-{name}"), root / name, create=True)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_dump(path: Path, tables: list[str], skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of the named tables, sorted, without the columns in ``skip``."""
    connection = sqlite3.connect(path)
    try:
        dump: dict[str, list[tuple]] = {}
        for table in tables:
            columns = [
                row[1]
                for row in connection.execute(f"PRAGMA table_info({table})")
                if row[1] not in skip
            ]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
        return dump
    finally:
        connection.close()


class World:
    """A small world: a supervisor, an officer and a clerk, a district, units, a checkpoint."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        outcome = context.accounts.create_first_supervisor(
            name_ar="المشرف",
            name_en="Supervisor",
            rank="Major",
            badge="100",
            username="supervisor",
            password=PASSWORD,
        )
        self.supervisor = outcome.value
        self.officer = self.add_account("officer", Role.OFFICER)
        self.clerk = self.add_account("clerk", Role.CLERK)
        places = context.places
        self.district = District(uuid7(), "RMD", "الرمادي", "Ramadi")
        places.save_district(self.supervisor, self.district)
        self.army = Unit(uuid7(), "لواء تجريبي", "Demo Army Brigade 1", UnitKind.ARMY)
        self.police = Unit(uuid7(), "فوج شرطة تجريبي", "Demo Police Battalion 1", UnitKind.POLICE)
        self.council = Unit(
            uuid7(), "مكتب تجريبي", "Demo Local Government Office 1", UnitKind.LOCAL_GOVERNMENT
        )
        for unit in (self.army, self.police, self.council):
            places.save_unit(self.supervisor, unit)
        self.checkpoint = Checkpoint(
            uuid7(),
            "RMD-CE-01",
            "سيطرة تجريبية",
            "Demo checkpoint 1",
            self.district.id,
            CheckpointKind.CITY_ENTRANCE,
            33.4,
            43.3,
            self.army.id,
            CheckpointStatus.HELD_BY_HANDING_PARTY,
        )
        places.save_checkpoint(self.supervisor, self.checkpoint)

    def add_account(self, username: str, role: Role) -> Session:
        person = Person(uuid7(), f"{username} ar", f"{username} en", "Captain", "200", None)
        self.context.places.save_person(self.supervisor, person)
        self.context.accounts.create_account(
            self.supervisor, person_id=person.id, username=username, role=role, password=PASSWORD
        )
        return self.context.auth.login(username, PASSWORD)

    def person(self, unit: Unit, name: str) -> Person:
        person = Person(uuid7(), f"{name} ar", name, "Captain", "300", unit.id)
        self.context.places.save_person(self.officer, person)
        return person
