"""Headquarters and field laptops as real databases, enrolled and provisioned as in the field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.app import AppContext
from desktop.domain.entities import Checkpoint
from desktop.services.base import Session
from tests.support import PASSWORD, World, make_context

CA_PASSPHRASE = "command-ca-passphrase"


class Headquarters:
    """The supervisor's laptop: the master database, with the Command CA."""

    def __init__(self, root: Path, name: str = "master.db") -> None:
        self.root = root
        self.context = make_context(root, name)
        self.world = World(self.context)
        self.supervisor = self.world.supervisor
        self.context.enrolment.create_command_ca(self.supervisor, CA_PASSPHRASE)

    @property
    def path(self) -> Path:
        return self.context.database.path

    def bundle(self, name: str = "hq.taslim") -> Path:
        path = self.root / name
        self.context.exports.export(path, full=True)
        return path


class Laptop:
    """A field laptop: enrolled with headquarters' CA, then given headquarters' data."""

    def __init__(self, hq: Headquarters, name: str) -> None:
        self.name = name
        self.root = hq.root
        self.context = make_context(hq.root, f"{name}.db")
        enrolment = self.context.enrolment
        request = enrolment.request_device_certificate(None, self.context.device)
        answer = hq.context.enrolment.sign_request(hq.supervisor, CA_PASSPHRASE, request)
        enrolment.import_device_answer(None, self.context.device, answer)
        reports = self.context.imports.apply(None, [hq.bundle(f"hq-for-{name}.taslim")])
        assert [r.outcome for r in reports] == ["imported"], reports
        self.officer: Session = self.context.auth.login("officer", PASSWORD)

    @property
    def path(self) -> Path:
        return self.context.database.path

    def export(self, label: str = "", full: bool = False) -> Path:
        path = self.root / f"{self.name}{label}.taslim"
        self.context.exports.export(path, full=full)
        return path

    def rename_checkpoint(self, checkpoint: Checkpoint, name_en: str) -> None:
        hq_session = self.context.auth.login("supervisor", PASSWORD)
        self.context.places.save_checkpoint(hq_session, replace(checkpoint, name_en=name_en))


def laptop_with_context(hq: Headquarters, name: str) -> tuple[Laptop, AppContext]:
    laptop = Laptop(hq, name)
    return laptop, laptop.context


def add_work(laptop: Laptop, note: str = "") -> None:
    """Typical field work: a person, a photo, a submitted (signed) inspection, then an amendment."""
    from desktop.domain.entities import Inspection, Person
    from desktop.domain.enums import InspectionState
    from desktop.domain.ids import uuid7
    from tests.domain.test_templates import good_answers

    context, officer = laptop.context, laptop.officer
    person = Person(uuid7(), "شاهد " + note, "Witness " + note, "Sergeant", "77", None)
    context.places.save_person(officer, person)
    checkpoint_id = _first_checkpoint(context)
    record = Inspection(uuid7(), checkpoint_id, "inspection", 1, officer.person_id,
                        "2026-03-01T08:00:00Z", 180, 33.4, 43.3, good_answers(), (),
                        InspectionState.DRAFT)
    context.attachments.add(officer, record.id, "photo.png", PHOTO + note.encode())
    submitted = context.inspections.submit(officer, record).value
    context.inspections.amend(officer, replace(submitted, latitude=33.5), "GPS corrected")


def _first_checkpoint(context: AppContext) -> str:
    from desktop.domain.enums import EntityKind
    from desktop.storage.queries import current_rows

    with context.database.read() as connection:
        return str(current_rows(connection, EntityKind.CHECKPOINT)[0]["id"])


PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
