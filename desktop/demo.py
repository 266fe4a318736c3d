"""Deterministic Al-Anbar demo data: the same seed gives the same records.

Districts and the four border crossings come from resources/reference; everything else is
invented and says so in its name ("Demo ..."): no real unit or armed group is named. Demo
logins: supervisor / demo-supervisor, officer / demo-officer, clerk / demo-clerk.

Inspections are written in large batches straight through the revision log (one transaction
per batch, Core executemany), so 200k inspections take minutes, not hours.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.app import AppContext, open_context
from desktop.demo_content import (
    CENTRES,
    EQUIPMENT,
    FAMILY_NAMES,
    FIRST_NAMES,
    INVENTED_KINDS,
    RANKS,
    inspection_answers,
)
from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES, to_utc_text
from desktop.domain.entities import (
    Account,
    ChecklistResponse,
    Checkpoint,
    District,
    EquipmentLine,
    Handover,
    Inspection,
    Person,
    Unit,
)
from desktop.domain.enums import (
    CheckpointKind,
    CheckpointStatus,
    EntityKind,
    EquipmentCondition,
    HandoverState,
    InspectionState,
    ItemAnswer,
    Op,
    Role,
    SignatureParty,
    UnitKind,
)
from desktop.domain.errors import ValidationError
from desktop.domain.ids import uuid7
from desktop.domain.signature import synthetic_signature
from desktop.i18n import N_, _, current_language
from desktop.paths import UserDirs, resource
from desktop.services.accounts import AuthService, hash_password
from desktop.services.base import Session, Store
from desktop.services.certificate_data import CertificateAssembler
from desktop.services.certificates import CertificateService
from desktop.services.enrolment import EnrolmentService
from desktop.services.handovers import HandoverService
from desktop.storage.revision_log import Draft, RevisionLog

DEMO_CA_PASSPHRASE = "demo-command-ca"  # the demo Command CA's passphrase (README)
DEMO_PASSWORDS = {
    "supervisor": "demo-supervisor",
    "officer": "demo-officer",
    "clerk": "demo-clerk",
}
INSPECTIONS_PER_CHECKPOINT = 12
BATCH = 5000
START = datetime(2025, 1, 5, 6, 0, tzinfo=UTC)  # the takeover begins in January 2025
END = datetime(2026, 11, 15, 6, 0, tzinfo=UTC)

COUNT_LABELS = {
    "districts": N_("{count} districts"),
    "checkpoints": N_("{count} checkpoints"),
    "units": N_("{count} units"),
    "people": N_("{count} people"),
    "handovers": N_("{count} handovers"),
    "inspections": N_("{count} inspections"),
    "certificates": N_("{count} certificates"),
}


@dataclass(slots=True)
class DemoReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: dict[str, str] = field(default_factory=lambda: dict(DEMO_PASSWORDS))

    def summary(self) -> str:
        separator = "، " if current_language() == "ar" else ", "
        parts = separator.join(
            _(COUNT_LABELS[name]).format(count=count) for name, count in self.counts.items()
        )
        return _("Demo data created in {seconds:.1f} s: {parts}.").format(
            seconds=self.seconds, parts=parts
        )


class _SimulatedWall:
    """The demo's wall clock: records carry the dates they pretend to, not today's."""

    def __init__(self) -> None:
        self.ms = int(START.timestamp() * 1000)

    def set(self, moment: datetime) -> None:
        self.ms = max(self.ms, int(moment.timestamp() * 1000))

    def __call__(self) -> int:
        return self.ms


Progress = Callable[[int, int], None]


class _DemoBuilder:
    def __init__(self, context: AppContext, seed: int, progress: Progress | None) -> None:
        self.context = context
        self.rng = random.Random(seed)
        self.wall = _SimulatedWall()
        self.store = Store(context.database, context.device.signer, self.wall)
        self.handovers = HandoverService(self.store, context.templates.checklist)
        self.enrolment = EnrolmentService(self.store, AuthService(self.store), context.device)
        self.certificates = CertificateService(
            self.store,
            self.handovers,
            self.enrolment,
            CertificateAssembler(self.store, context.templates.checklist),
            context.device.short_code,
        )
        self.issued: list[str] = []
        self.progress = progress or (lambda done, total: None)
        self.report = DemoReport()
        self.districts: dict[str, District] = {}
        self.checkpoints: list[Checkpoint] = []
        self.units: dict[UnitKind, list[Unit]] = {kind: [] for kind in UnitKind}
        self.sessions: dict[Role, list[Session]] = {role: [] for role in Role}
        self.civilians: list[Person] = []

    def new_id(self, moment: datetime | None = None) -> str:
        return uuid7(int((moment or START).timestamp() * 1000), self.rng)

    def write(self, drafts: list[Draft], author: str | None = None) -> None:
        with self.store.database.write() as connection:
            RevisionLog(connection, self.store.signer, self.wall).append(author, drafts)

    # --- places and people ---------------------------------------------------------------------

    def places(self) -> None:
        reference = json.loads(resource("reference", "anbar.json").read_text(encoding="utf-8"))
        drafts: list[Draft] = []
        for row in reference["districts"]:
            district = District(self.new_id(), row["code"], row["name_ar"], row["name_en"])
            self.districts[district.code] = district
            drafts.append(_put(district))
        specs = [
            (UnitKind.POLICE, "Demo Police Battalion {n}", "فوج الشرطة التجريبي {n}", 8),
            (UnitKind.ARMY, "Demo Army Brigade {n}", "لواء الجيش التجريبي {n}", 3),
            (UnitKind.FACTION, "Demo Faction Unit {n}", "وحدة الفصيل التجريبية {n}", 4),
            (
                UnitKind.LOCAL_GOVERNMENT,
                "Demo Local Government Office {n}",
                "مكتب الحكومة المحلية التجريبي {n}",
                2,
            ),
        ]
        for kind, english, arabic, count in specs:
            for n in range(1, count + 1):
                unit = Unit(self.new_id(), arabic.format(n=n), english.format(n=n), kind)
                self.units[kind].append(unit)
                drafts.append(_put(unit))
        handing = self.units[UnitKind.ARMY] + self.units[UnitKind.FACTION]
        for row in reference["border_crossings"]:
            self.checkpoints.append(
                Checkpoint(
                    self.new_id(),
                    row["code"],
                    row["name_ar"],
                    row["name_en"],
                    self.districts[row["district"]].id,
                    CheckpointKind.BORDER_CROSSING,
                    row["latitude"],
                    row["longitude"],
                    self.rng.choice(handing).id,
                    CheckpointStatus.HELD_BY_HANDING_PARTY,
                )
            )
        codes = list(CENTRES)
        for index in range(36):
            district_code = codes[index % len(codes)]
            checkpoint_kind, short, english, arabic = INVENTED_KINDS[(index // len(codes)) % 5]
            number = index // len(codes) + 1
            lat, lon = CENTRES[district_code]
            district = self.districts[district_code]
            self.checkpoints.append(
                Checkpoint(
                    self.new_id(),
                    f"{district_code}-{short}-{number:02d}",
                    f"سيطرة {district.name_ar} – {arabic} {number} (تجريبية)",
                    f"{district.name_en} {english.lower()} checkpoint {number} (demo)",
                    district.id,
                    checkpoint_kind,
                    round(lat + self.rng.uniform(-0.15, 0.15), 5),
                    round(lon + self.rng.uniform(-0.15, 0.15), 5),
                    self.rng.choice(handing).id,
                    CheckpointStatus.HELD_BY_HANDING_PARTY,
                )
            )
        drafts.extend(_put(checkpoint) for checkpoint in self.checkpoints)
        self.write(drafts)

    def person(self, unit: Unit | None, long_name: bool = False) -> Person:
        (first_ar, first_en), (family_ar, family_en) = (
            self.rng.choice(FIRST_NAMES),
            self.rng.choice(FAMILY_NAMES),
        )
        (father_ar, father_en) = self.rng.choice(FIRST_NAMES)
        rank_ar, rank_en = self.rng.choice(RANKS)
        name_ar = f"{first_ar} {father_ar} {family_ar}"
        name_en = f"{first_en} {father_en} {family_en}"
        if long_name:
            name_ar = f"{first_ar} عبد الرحمن {father_ar} عبد الكريم {family_ar} (أبو {first_ar})"
            name_en = f"{first_en} Abdul-Rahman {father_en} Abdul-Karim {family_en}"
        return Person(
            self.new_id(),
            name_ar,
            name_en,
            f"{rank_ar} / {rank_en}",
            f"{self.rng.randrange(10000, 99999)}",
            unit.id if unit else None,
        )

    def people(self) -> None:
        police = self.units[UnitKind.POLICE]
        drafts: list[Draft] = []
        logins = [
            ("supervisor", Role.SUPERVISOR),
            ("officer", Role.OFFICER),
            ("clerk", Role.CLERK),
            ("officer2", Role.OFFICER),
            ("officer3", Role.OFFICER),
            ("clerk2", Role.CLERK),
        ]
        for username, role in logins:
            person = self.person(self.rng.choice(police), long_name=username == "officer3")
            password = DEMO_PASSWORDS.get(username, DEMO_PASSWORDS[role.value])
            account = Account(
                self.new_id(), person.id, username, role, hash_password(password), True
            )
            drafts += [_put(person), _put(account)]
            self.sessions[role].append(
                Session(account.id, person.id, username, role, person.name_ar, person.name_en)
            )
        for kind in UnitKind:
            for unit in self.units[kind]:
                for _index in range(2):
                    person = self.person(unit, long_name=self.rng.random() < 0.1)
                    self.civilians.append(person)
                    drafts.append(_put(person))
        self.write(drafts)

    # --- handovers -----------------------------------------------------------------------------

    def signing(self) -> None:
        """A Command CA, and the first clerk enrolled by request and answer, as in the field."""
        supervisor, clerk = self.sessions[Role.SUPERVISOR][0], self.sessions[Role.CLERK][0]
        self.enrolment.create_command_ca(supervisor, DEMO_CA_PASSPHRASE)
        request = self.enrolment.request_signing_key(clerk, DEMO_PASSWORDS["clerk"])
        answer = self.enrolment.sign_request(supervisor, DEMO_CA_PASSPHRASE, request)
        self.enrolment.import_answer(clerk, answer)
        self.signer = self.certificates.unlock(clerk, DEMO_PASSWORDS["clerk"])

    def register_events(self) -> None:
        """One reprint and one voided certificate, so the register shows every kind."""
        clerk = self.sessions[Role.CLERK][0]
        if len(self.issued) >= 2:
            self.certificates.reprint(clerk, self.issued[0], self.signer)
            self.certificates.void(
                clerk, self.issued[1], "Printed with the wrong witness.", self.signer
            )
        self.report.counts["certificates"] = len(self.issued)

    def handovers_in_every_state(self) -> None:
        plan = (
            [HandoverState.CERTIFIED] * 10
            + [HandoverState.SIGNED] * 4
            + [HandoverState.READY] * 2
            + [HandoverState.DRAFT] * 3
            + [HandoverState.AMENDED] * 2
            + [HandoverState.VOIDED] * 2
        )
        chosen = self.rng.sample(self.checkpoints, len(plan))
        for index, (checkpoint, target) in enumerate(zip(chosen, plan, strict=True)):
            self.progress(index, len(plan))
            self.one_handover(checkpoint, target, with_gap=index % 6 == 1)
        self.report.counts["handovers"] = len(plan)

    def one_handover(self, checkpoint: Checkpoint, target: HandoverState, with_gap: bool) -> None:
        officer = self.rng.choice(self.sessions[Role.OFFICER])
        clerk = self.sessions[Role.CLERK][0]  # the enrolled clerk signs every demo certificate
        day = START + timedelta(days=self.rng.randrange(0, 600), hours=self.rng.randrange(0, 10))
        self.wall.set(day)
        handing_unit = next(
            u
            for kind in (UnitKind.ARMY, UnitKind.FACTION)
            for u in self.units[kind]
            if u.id == checkpoint.holder_unit_id
        )
        receiving_unit = self.rng.choice(self.units[UnitKind.POLICE])
        rep = {
            u.id: [p for p in self.civilians if p.unit_id == u.id]
            for u in (handing_unit, receiving_unit)
        }
        witness = self.rng.choice(
            [
                p
                for p in self.civilians
                if p.unit_id in {u.id for u in self.units[UnitKind.LOCAL_GOVERNMENT]}
            ]
        )
        assumed = day + timedelta(minutes=self.rng.randrange(0, 40))
        departure = assumed + timedelta(minutes=self.rng.randrange(5, 90))
        if with_gap:
            departure = assumed - timedelta(minutes=self.rng.randrange(15, 180))
        handover = Handover(
            self.new_id(day),
            checkpoint.id,
            HandoverState.DRAFT,
            self.context.templates.checklist.id,
            self.context.templates.checklist.version,
            officer.person_id,
            handing_unit.id,
            rep[handing_unit.id][0].id,
            receiving_unit.id,
            rep[receiving_unit.id][0].id,
            (witness.id,),
            to_utc_text(day),
            to_utc_text(assumed),
            to_utc_text(departure),
            BAGHDAD_OFFSET_MINUTES,
            "Demo handover." if self.rng.random() < 0.5 else "",
            None,
        )
        self.handovers.save(officer, handover)
        drafts: list[Draft] = []
        complete = target is not HandoverState.DRAFT
        for item in self.context.templates.checklist.items:
            if not complete and self.rng.random() < 0.4:
                continue
            answer = ItemAnswer.DONE
            note = ""
            if item.rule == "continuity_gap" and with_gap:
                answer, note = ItemAnswer.NOT_DONE, "Handing-over force left before relief."
            elif self.rng.random() < 0.08:
                answer, note = ItemAnswer.NOT_DONE, "To be completed within 7 days."
            elif self.rng.random() < 0.05:
                answer = ItemAnswer.NOT_APPLICABLE
            drafts.append(
                _put(ChecklistResponse(self.new_id(day), handover.id, item.key, answer, note, ()))
            )
        for item_name, typical in self.rng.sample(EQUIPMENT, 3):
            drafts.append(
                _put(
                    EquipmentLine(
                        self.new_id(day),
                        handover.id,
                        item_name,
                        max(1, typical + self.rng.randrange(-1, 2)),
                        tuple(f"SN-{self.rng.randrange(100000, 999999)}" for _n in range(2)),
                        self.rng.choice(list(EquipmentCondition)),
                    )
                )
            )
        self.write(drafts, officer.person_id)
        if target not in (HandoverState.DRAFT, HandoverState.READY):
            signers = (
                (SignatureParty.HANDING, handover.handing_rep_id),
                (SignatureParty.RECEIVING, handover.receiving_rep_id),
                (SignatureParty.WITNESS, witness.id),
            )
            for number, (party, person_id) in enumerate(signers):
                strokes = synthetic_signature(self.rng.randrange(1000) + number)
                self.handovers.capture_signature(
                    officer,
                    handover.id,
                    party,
                    str(person_id),
                    [[list(p) for p in s] for s in strokes],
                )
        plans: dict[HandoverState, list[tuple[Session, HandoverState, str | None]]] = {
            HandoverState.DRAFT: [],
            HandoverState.READY: [(officer, HandoverState.READY, None)],
            HandoverState.SIGNED: [
                (officer, HandoverState.READY, None),
                (officer, HandoverState.SIGNED, None),
            ],
            HandoverState.CERTIFIED: [
                (officer, HandoverState.READY, None),
                (officer, HandoverState.SIGNED, None),
                (clerk, HandoverState.CERTIFIED, None),
            ],
            HandoverState.AMENDED: [
                (officer, HandoverState.READY, None),
                (officer, HandoverState.SIGNED, None),
                (clerk, HandoverState.CERTIFIED, None),
                (
                    clerk,
                    HandoverState.AMENDED,
                    "Receiving representative's badge number corrected.",
                ),
            ],
            HandoverState.VOIDED: [
                (officer, HandoverState.READY, None),
                (officer, HandoverState.SIGNED, None),
                (clerk, HandoverState.VOIDED, "Recorded for the wrong checkpoint."),
            ],
        }
        for minutes, (session, state, reason) in enumerate(plans[target], start=1):
            self.wall.set(day + timedelta(hours=minutes))
            if state is HandoverState.CERTIFIED:
                issued = self.certificates.issue(session, handover.id, self.signer)
                self.issued.append(issued.value.certificate.id)
            else:
                self.handovers.transition(session, handover.id, state, reason)

    # --- inspections ---------------------------------------------------------------------------

    def inspections(self, count: int) -> None:
        template = self.context.templates.inspection
        officers = self.sessions[Role.OFFICER]
        span = (END - START).total_seconds()
        moments = sorted(
            START + timedelta(seconds=self.rng.uniform(0, span)) for _n in range(count)
        )
        drafts: list[Draft] = []
        author = officers[0].person_id
        for index, moment in enumerate(moments):
            checkpoint = self.checkpoints[self.rng.randrange(len(self.checkpoints))]
            officer = officers[self.rng.randrange(len(officers))]
            inspection = Inspection(
                self.new_id(moment),
                checkpoint.id,
                template.id,
                template.version,
                officer.person_id,
                to_utc_text(moment),
                BAGHDAD_OFFSET_MINUTES,
                checkpoint.latitude,
                checkpoint.longitude,
                inspection_answers(self.rng, template),
                (),
                InspectionState.DRAFT if index >= count - 3 else InspectionState.SUBMITTED,
            )
            op = Op.PUT if inspection.state is InspectionState.DRAFT else Op.SIGN
            drafts.append(Draft(inspection.id, EntityKind.INSPECTION, op, inspection.to_payload()))
            if len(drafts) >= BATCH:
                self.wall.set(moment)
                self.write(drafts, author)
                drafts = []
                self.progress(index + 1, count)
        if drafts:
            self.wall.set(moments[-1])
            self.write(drafts, author)
        self.progress(count, count)
        self.report.counts["inspections"] = count


def _put(entity: Any) -> Draft:
    return Draft(entity.id, entity.KIND, Op.PUT, entity.to_payload())


def populate_demo(
    context: AppContext,
    *,
    seed: int = 2025,
    inspections: int | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Fill an open database that has no accounts yet with the demo."""
    if context.auth.has_accounts():
        raise ValidationError(
            _("Demo data goes only into a new, empty database; this one already has accounts.")
        )
    started = time.perf_counter()
    builder = _DemoBuilder(context, seed, progress)
    builder.places()
    builder.people()
    builder.signing()
    builder.handovers_in_every_state()
    builder.register_events()
    count = (
        INSPECTIONS_PER_CHECKPOINT * len(builder.checkpoints)
        if inspections is None
        else inspections
    )
    builder.inspections(count)
    report = builder.report
    report.counts = {
        "districts": len(builder.districts),
        "checkpoints": len(builder.checkpoints),
        "units": sum(len(units) for units in builder.units.values()),
        "people": len(builder.civilians) + sum(len(s) for s in builder.sessions.values()),
        **report.counts,
    }
    report.seconds = time.perf_counter() - started
    return report


def build_demo(
    path: Path,
    dirs: UserDirs,
    *,
    scale: int = 1,
    inspections: int | None = None,
    seed: int = 2025,
) -> DemoReport:
    """Create a new demo database at ``path`` (refused if the file exists)."""
    if scale < 1:
        raise ValidationError(_("--scale must be 1 or more."))
    if inspections is not None and inspections < 0:
        raise ValidationError(_("--inspections cannot be negative."))
    if path.exists():
        raise ValidationError(
            _(
                "{path} already exists. Choose a new file name for the demo database; the "
                "existing file was not touched."
            ).format(path=path)
        )
    context = open_context(dirs, path, create=True)
    try:
        count = inspections if inspections is not None else None
        if count is None and scale != 1:
            count = scale * INSPECTIONS_PER_CHECKPOINT * 40
        return populate_demo(context, seed=seed, inspections=count)
    finally:
        context.close()
