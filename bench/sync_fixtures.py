"""Field laptops' bundles for the sync benches: genuine, enrolled, hash-chained and signed.

Writing revisions through ``RevisionLog.append`` (about 3,000 a second, one database and one
device key per laptop) would make generation slower than the import it feeds, so the revisions
are composed here directly, exactly as a laptop composes them: canonical payload
text, ``Revision.compute_id`` over the header, ``prev_hash`` naming the revision before,
``device_seq`` from 1, a rising hybrid logical clock, and an Ed25519 signature of the device's
key over the id of every revision. The device's key is certified by headquarters' Command CA
through ``EnrolmentService.sign_request`` (as a supervisor enrols a laptop), and each bundle is
written by ``desktop.sync.bundle.write_bundle`` with the manifest ``ExportService.export``
builds. Nothing is shortcut that an import checks.

A fixture is one folder of the cache::

    v<VERSION>-<devices>x<revisions>/
        master/            headquarters before any import: home/ (secrets) and master.db,
                           with the Command CA, the places, and every laptop enrolled
        bundles/*.taslim   one full export per laptop
        complete.json      written last: what the fixture holds

The master is copied out of the fixture for every run, so each run imports into an empty master;
the bundles name records of that master (its checkpoints), which is why both are cached together.

What a laptop wrote (per device, in sequence order):

* its Device record (the first revision a laptop writes);
* inspections of the few checkpoints of its area: about half submitted at once (``sign``), the
  others saved as drafts (``put``) and later edited (``put``), submitted (``sign``) or deleted
  (a tombstone, ``delete`` with payload ``null``), each on top of its previous revision; now
  and then an amendment (``amend``, with a reason) of an earlier submitted inspection;
* two edits of each of a handful of checkpoints headquarters created, on top of headquarters'
  revision: every laptop edits the same ones, so they end in conflict (one head per laptop).

The clock of a laptop runs over the weeks before the fixture was made (20-160 s between
revisions). Headquarters' checkpoints are written when the fixture is made, so a laptop's edit
of one carries an earlier clock than its parent; no import check and no winner depends on that.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERSION = 1
SEED = 20_240_601
CA_PASSPHRASE = "bench-command-ca-passphrase"
SUPERVISOR = "supervisor"
PASSWORD = "bench-supervisor-password"
CHECKPOINTS = 60  # headquarters' checkpoints
OFFICERS = 12  # inspectors (persons) headquarters registered; a laptop has one
AREA = 4  # checkpoints a laptop inspects
SHARED = 5  # checkpoints every laptop edits (twice): these end in conflict
SHARED_EDITS = 2
MIN_STEP_MS, MAX_STEP_MS = 20_000, 160_000

Log = Callable[[str], None]


@dataclass(frozen=True)
class Fixture:
    folder: Path
    meta: dict[str, Any]

    @property
    def master(self) -> Path:
        return self.folder / "master"

    @property
    def bundles(self) -> list[Path]:
        return [self.folder / "bundles" / name for name in self.meta["bundles"]]


def fixture_folder(cache: Path, devices: int, revisions: int) -> Path:
    return cache / f"v{VERSION}-{devices}x{revisions}"


def ensure_fixture(cache: Path, devices: int, revisions: int, processes: int,
                   log: Log = print) -> tuple[Fixture, bool]:
    """The cached fixture, made first if it is missing or incomplete; (fixture, was made)."""
    folder = fixture_folder(cache, devices, revisions)
    marker = folder / "complete.json"
    if marker.exists():
        return Fixture(folder, json.loads(marker.read_text())), False
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "bundles").mkdir(parents=True)
    started = time.perf_counter()
    specs, master_meta = _build_master(folder / "master", devices, revisions, log)
    log(f"  master with the Command CA, {CHECKPOINTS} checkpoints and {devices} laptops "
        f"enrolled: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    stats: Counter[str] = Counter()
    names: list[str] = []
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for done, (name, counts) in enumerate(
            pool.imap(_generate_bundle, specs), start=1
        ):
            names.append(name)
            stats.update(counts)
            if done % max(1, devices // 10) == 0 or done == devices:
                elapsed = time.perf_counter() - started
                log(f"  bundles {done}/{devices} ({done * revisions / elapsed:,.0f} rev/s, "
                    f"{elapsed:.0f} s)")
    meta = {**master_meta, "version": VERSION, "devices": devices, "revisions": revisions,
            "bundles": names, "counts": dict(sorted(stats.items())),
            "made_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    marker.write_text(json.dumps(meta, indent=2))
    return Fixture(folder, meta), True


def copy_master(fixture: Fixture, target: Path) -> Path:
    """A fresh copy of the empty master (database and its home folder) under ``target``."""
    shutil.copytree(fixture.master, target)
    return target


def open_master(root: Path, create: bool = False) -> Any:
    """The AppContext of a master copied (or to be made) under ``root``."""
    from desktop.app import open_context
    from desktop.paths import UserDirs

    home = root / "home"
    dirs = UserDirs(data=home / "data", config=home / "config", logs=home / "logs")
    return open_context(dirs, root / "master.db", create=create)


# --- headquarters ------------------------------------------------------------------------------


def _build_master(root: Path, devices: int, revisions: int, log: Log
                  ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop.domain.clock import now_ms
    from desktop.domain.entities import Checkpoint, District, Person, Unit
    from desktop.domain.enums import CheckpointKind, CheckpointStatus, UnitKind
    from desktop.domain.ids import uuid7
    from desktop.signing import ca
    from desktop.storage.derive import driver

    rng = random.Random(SEED)
    context = open_master(root, create=True)
    try:
        supervisor = context.accounts.create_first_supervisor(
            name_ar="المشرف", name_en="Bench supervisor", rank="Major", badge="100",
            username=SUPERVISOR, password=PASSWORD).value
        context.enrolment.create_command_ca(supervisor, CA_PASSPHRASE)
        places = context.places
        district = District(uuid7(), "RMD", "الرمادي", "Ramadi")
        places.save_district(supervisor, district)
        army = Unit(uuid7(), "لواء تجريبي", "Demo Army Brigade 1", UnitKind.ARMY)
        places.save_unit(supervisor, army)
        checkpoints = []
        for number in range(1, CHECKPOINTS + 1):
            checkpoint = Checkpoint(
                uuid7(), f"RMD-CE-{number:02d}", f"سيطرة تجريبية {number}",
                f"Demo checkpoint {number}", district.id, CheckpointKind.CITY_ENTRANCE,
                round(33.2 + rng.random() * 0.5, 5), round(43.0 + rng.random() * 0.6, 5),
                army.id, CheckpointStatus.HELD_BY_HANDING_PARTY)
            places.save_checkpoint(supervisor, checkpoint)
            checkpoints.append(checkpoint)
        officers = []
        for number in range(1, OFFICERS + 1):
            person = Person(uuid7(), f"ضابط {number}", f"Demo officer {number}", "Captain",
                            f"2{number:02d}", army.id)
            places.save_person(supervisor, person)
            officers.append(person.id)
        with context.store.read() as connection:
            marks = ",".join("?" * len(checkpoints))
            winners = dict(driver(connection).execute(
                f"SELECT record_id, winner_rev_id FROM record WHERE record_id IN ({marks})",
                [c.id for c in checkpoints]).fetchall())
        shared = [{"id": c.id, "rev_id": winners[c.id], "payload": c.to_payload()}
                  for c in checkpoints[:SHARED]]
        own = checkpoints[SHARED:]
        templates = context.templates.inspection
        generated_at = now_ms()
        specs = []
        started = time.perf_counter()
        for index in range(devices):
            key = Ed25519PrivateKey.generate()
            device_id = uuid7()
            code = f"B{index:03d}"
            request = ca.make_request(ca.HolderKind.DEVICE, device_id, code, key)
            answer = json.loads(context.enrolment.sign_request(
                supervisor, CA_PASSPHRASE, request.to_file()))
            area = [own[(index * AREA + k) % len(own)] for k in range(AREA)]
            specs.append({
                "index": index,
                "device_id": device_id,
                "code": code,
                "key": key.private_bytes(serialization.Encoding.Raw,
                                         serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption()),
                "certificate": answer["certificate"],
                "author": officers[index % len(officers)],
                "area": [(c.id, c.latitude, c.longitude) for c in area],
                "shared": shared,
                "template": (templates.id, templates.version),
                "seed": SEED + 7919 * (index + 1),
                "end_ms": generated_at,
                "revisions": revisions,
                "path": str(root.parent / "bundles" / f"taslim-{code}-bench.taslim"),
            })
        log(f"  {devices} laptops enrolled ({time.perf_counter() - started:.1f} s)")
        meta = {"master_device_id": context.device.device_id,
                "shared_checkpoints": [s["id"] for s in shared],
                "devices_ids": [s["device_id"] for s in specs]}
    finally:
        context.close()
    return specs, meta


# --- a laptop's revisions ----------------------------------------------------------------------

_TEMPLATE: Any = None


def _inspection_template() -> Any:
    global _TEMPLATE
    if _TEMPLATE is None:
        from desktop.app import load_templates

        _TEMPLATE = load_templates().inspection
    return _TEMPLATE


class _Chain:
    """One laptop's log: sequence, clock, hash chain and signature, as RevisionLog writes them."""

    def __init__(self, device_id: str, author: str | None, sign: Callable[[bytes], bytes]):
        self.device_id = device_id
        self.author = author
        self.sign = sign
        self.seq = 0
        self.prev_hash: str | None = None
        self.last_hlc = 0
        self.ops: Counter[str] = Counter()

    def add(self, record_id: str, entity: Any, op: Any, payload: Any,
            parents: tuple[str, ...], hlc: int, author: Any = "default") -> Any:
        from desktop.domain.canonical import canonical_text
        from desktop.domain.enums import Op
        from desktop.domain.revision import SCHEMA_VERSION, Revision

        assert hlc > self.last_hlc
        self.last_hlc = hlc
        self.seq += 1
        author_id = self.author if author == "default" else author
        payload_text = canonical_text(None if op is Op.DELETE else payload)
        parents = tuple(sorted(parents))
        rev_id = Revision.compute_id(
            record_id=record_id, entity=entity, parents=parents, hlc=hlc,
            device_id=self.device_id, device_seq=self.seq, author_id=author_id, op=op,
            payload_text=payload_text, schema_version=SCHEMA_VERSION, prev_hash=self.prev_hash)
        revision = Revision(
            rev_id=rev_id, record_id=record_id, entity=entity, parents=parents, hlc=hlc,
            device_id=self.device_id, device_seq=self.seq, author_id=author_id, op=op,
            payload=payload_text, schema_version=SCHEMA_VERSION, prev_hash=self.prev_hash,
            signature=self.sign(bytes.fromhex(rev_id)).hex())
        self.prev_hash = rev_id
        self.ops[f"{entity}:{op}"] += 1
        return revision


def _revisions(spec: dict[str, Any], chain: _Chain, public_key: str) -> Iterator[Any]:
    from desktop.demo_content import inspection_answers
    from desktop.domain.clock import BAGHDAD_OFFSET_MINUTES, hlc_pack
    from desktop.domain.entities import Device, Inspection
    from desktop.domain.enums import CheckpointStatus, EntityKind, InspectionState, Op
    from desktop.domain.ids import uuid7

    rng = random.Random(spec["seed"])
    template = _inspection_template()
    template_id, template_version = spec["template"]
    total = spec["revisions"]
    steps = [rng.randrange(MIN_STEP_MS, MAX_STEP_MS) for _n in range(total)]
    ms = spec["end_ms"] - sum(steps) - rng.randrange(0, 60_000)
    author = spec["author"]

    def utc(at_ms: int) -> str:
        return datetime.fromtimestamp(at_ms // 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    # Where the edits of headquarters' checkpoints fall in the sequence (never the first).
    shared_edits = [(s, e) for e in range(SHARED_EDITS) for s in range(len(spec["shared"]))]
    slots = {max(2, total * (k + 1) // (len(shared_edits) + 1)): edit
             for k, edit in enumerate(shared_edits)}
    shared_heads = {s["id"]: s["rev_id"] for s in spec["shared"]}
    drafts: list[list[Any]] = []  # [inspection, head rev_id]
    submitted: list[list[Any]] = []
    for position in range(1, total + 1):
        ms += steps[position - 1]
        hlc = hlc_pack(ms, 0)
        if position == 1:
            device = Device(spec["device_id"], spec["code"], spec["code"], public_key)
            yield chain.add(device.id, EntityKind.DEVICE, Op.PUT, device.to_payload(), (), hlc,
                            author=None)
            continue
        if position in slots:
            shared, edit = slots[position]
            record = spec["shared"][shared]
            payload = {**record["payload"],
                       "status": str(CheckpointStatus.HANDOVER_IN_PROGRESS),
                       "name_en": f"{record['payload']['name_en']} ({spec['code']} #{edit + 1})"}
            revision = chain.add(record["id"], EntityKind.CHECKPOINT, Op.PUT, payload,
                                 (shared_heads[record["id"]],), hlc)
            shared_heads[record["id"]] = revision.rev_id
            yield revision
            continue
        roll = rng.random()
        if drafts and (roll < 0.22 or len(drafts) > 40):
            entry = drafts[rng.randrange(len(drafts))]
            inspection, head = entry
            choice = rng.random()
            if choice < 0.70:
                inspection = inspection.replace(state=InspectionState.SUBMITTED)
                revision = chain.add(inspection.id, EntityKind.INSPECTION, Op.SIGN,
                                     inspection.to_payload(), (head,), hlc)
                drafts.remove(entry)
                submitted.append([inspection, revision.rev_id])
            elif choice < 0.85:
                inspection = inspection.replace(answers=inspection_answers(rng, template))
                revision = chain.add(inspection.id, EntityKind.INSPECTION, Op.PUT,
                                     inspection.to_payload(), (head,), hlc)
                entry[:] = [inspection, revision.rev_id]
            else:
                revision = chain.add(inspection.id, EntityKind.INSPECTION, Op.DELETE, None,
                                     (head,), hlc)
                drafts.remove(entry)
            yield revision
            continue
        if submitted and roll < 0.27:
            entry = submitted[rng.randrange(len(submitted))]
            inspection, head = entry
            inspection = inspection.replace(
                answers=inspection_answers(rng, template),
                amend_reason="Demo amendment: a figure was corrected.")
            revision = chain.add(inspection.id, EntityKind.INSPECTION, Op.AMEND,
                                 inspection.to_payload(), (head,), hlc)
            entry[:] = [inspection, revision.rev_id]
            yield revision
            continue
        checkpoint_id, latitude, longitude = spec["area"][rng.randrange(len(spec["area"]))]
        draft = roll < 0.47
        inspection = Inspection(
            uuid7(ms, rng), checkpoint_id, template_id, template_version, author, utc(ms),
            BAGHDAD_OFFSET_MINUTES, latitude, longitude, inspection_answers(rng, template), (),
            InspectionState.DRAFT if draft else InspectionState.SUBMITTED)
        revision = chain.add(inspection.id, EntityKind.INSPECTION,
                             Op.PUT if draft else Op.SIGN, inspection.to_payload(), (), hlc)
        (drafts if draft else submitted).append([inspection, revision.rev_id])
        if len(submitted) > 2000:
            del submitted[:1000]
        yield revision


def _generate_bundle(spec: dict[str, Any]) -> tuple[str, dict[str, int]]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop import __version__
    from desktop.domain.clock import to_utc_text, utc_now
    from desktop.domain.revision import SCHEMA_VERSION
    from desktop.sync.bundle import write_bundle
    from desktop.sync.manifest import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION

    key = Ed25519PrivateKey.from_private_bytes(spec["key"])
    public_key = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    chain = _Chain(spec["device_id"], spec["author"], key.sign)
    fields: dict[str, object] = {
        "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
        "revision_schema": SCHEMA_VERSION, "app_version": __version__,
        "device_id": spec["device_id"], "device_code": spec["code"],
        "public_key": public_key, "device_certificates": [spec["certificate"]],
        "exported_at": to_utc_text(utc_now()), "full": True,
    }
    path = Path(spec["path"])
    manifest = write_bundle(path, fields, _revisions(spec, chain, public_key), [], key.sign)
    assert manifest.count == spec["revisions"], manifest.count
    return path.name, dict(chain.ops)
