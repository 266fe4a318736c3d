"""Bad files offered for import: each gets one sentence and its exit code, and writes nothing.

Every case is made from a real bundle or field database of an enrolled laptop, damaged the way
a bad USB stick, a wrong file or an attacker (sometimes holding the laptop's key) would. The
master is compared row by row before and after; a good file in the same run is still imported.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.domain.errors import EXIT_NEEDS_UPDATE, EXIT_TAMPER_ALARM
from desktop.storage.migrations import head_revision
from desktop.storage.revision_rows import REV_ID
from tests.sync.crafting import (
    encode_lines,
    lines_of,
    manifest_of,
    read_entries,
    rechain,
    resign,
    write_entries,
)
from tests.sync.support_sync import Headquarters, Laptop, add_work


@dataclass
class Scene:
    root: Path
    hq: Headquarters
    laptop: Laptop
    bundle: Path  # a good bundle of the laptop, not yet imported
    database_copy: Path  # a consistent copy of the laptop's database
    stranger: Path  # a bundle of a laptop nobody enrolled
    other_ca: Path  # a bundle of a laptop enrolled with another Command CA

    def sign(self, data: bytes) -> bytes:
        return self.laptop.context.device.signer.sign(data)

    def path(self, name: str) -> Path:
        return self.root / name


def consistent_copy(source: Path, target: Path) -> Path:
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()
    return target


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-inputs")
    hq = Headquarters(root)
    laptop = Laptop(hq, "one")
    add_work(laptop, "a")
    bundle = laptop.export()
    stranger_hq = Headquarters(root / "elsewhere")  # its own CA and its own laptop
    stranger = Laptop(stranger_hq, "stranger")
    add_work(stranger, "s")
    unenrolled_root = root / "unenrolled"
    unenrolled_root.mkdir()
    from tests.support import make_context

    lone = make_context(unenrolled_root, "lone.db")
    lone_bundle = unenrolled_root / "lone.taslim"
    lone.exports.export(lone_bundle, full=True)
    scene = Scene(root, hq, laptop, bundle,
                  consistent_copy(laptop.path, root / "field-copy.db"),
                  lone_bundle, stranger.export())
    yield scene
    for context in (hq.context, laptop.context, stranger.context, stranger_hq.context, lone):
        context.close()


def master_rows(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


# --- the cases -------------------------------------------------------------------------------

def _bytes(name: str, data: bytes) -> Callable[[Scene], Path]:
    def make(scene: Scene) -> Path:
        path = scene.path(name)
        path.write_bytes(data)
        return path
    return make


def _truncated(fraction: float) -> Callable[[Scene], Path]:
    def make(scene: Scene) -> Path:
        data = scene.bundle.read_bytes()
        path = scene.path(f"truncated-{fraction}.taslim")
        path.write_bytes(data[: int(len(data) * fraction)])
        return path
    return make


def _entries(change: Callable[[Scene, dict[str, bytes]], dict[str, bytes]], name: str
             ) -> Callable[[Scene], Path]:
    def make(scene: Scene) -> Path:
        return write_entries(scene.path(name), change(scene, read_entries(scene.bundle)))
    return make


def _lines(change: Callable[[Scene, list[dict]], list[dict]], name: str, rechained: bool = True
           ) -> Callable[[Scene], Path]:
    """Change the revisions, then sign the manifest again with the laptop's own key."""
    def edit(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
        lines = change(scene, lines_of(entries))
        return resign(entries, scene.sign, lines=lines)
    return _entries(edit, name)


def _edit_payload(scene: Scene, lines: list[dict]) -> list[dict]:
    payload = json.loads(lines[2]["payload"])
    payload["name_en" if "name_en" in payload else "latitude"] = "Someone else"
    lines[2]["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":"))
    return lines


def _drop_middle(scene: Scene, lines: list[dict]) -> list[dict]:
    return lines[:2] + lines[3:]


def _swap(scene: Scene, lines: list[dict]) -> list[dict]:
    lines[1], lines[2] = lines[2], lines[1]
    return lines


def _relink(scene: Scene, lines: list[dict]) -> list[dict]:
    lines[3]["prev_hash"] = lines[1]["rev_id"]
    from tests.sync.crafting import content_id
    lines[3]["rev_id"] = content_id(lines[3])
    lines[3]["signature"] = scene.sign(bytes.fromhex(lines[3]["rev_id"])).hex()
    return lines


def _bad_tip_signature(scene: Scene, lines: list[dict]) -> list[dict]:
    lines[-1]["signature"] = "00" * 64
    return lines


def _newer_schema(scene: Scene, lines: list[dict]) -> list[dict]:
    lines[-1]["schema_version"] = 99
    rechain(lines, scene.sign, start=len(lines) - 1)
    return lines


def _huge_field(scene: Scene, lines: list[dict]) -> list[dict]:
    payload = json.loads(lines[2]["payload"])
    payload["name_en"] = "x" * (9 * 1024 * 1024)
    lines[2]["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    rechain(lines, scene.sign, start=2)
    return lines


def _surrogate(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    lines = lines_of(entries)
    person = next(i for i, line in enumerate(lines) if line["entity"] == "person")
    assert "Witness" in lines[person]["payload"]
    lines[person]["payload"] = lines[person]["payload"].replace("Witness", "\ud800Witness")
    # ASCII-escaped JSON carries the lone surrogate as \ud800, as a forger's tool would.
    raw = b"".join(json.dumps(line).encode("ascii") + b"\n" for line in lines)
    return resign(entries, scene.sign, raw_revisions=raw)


def _foreign_device(scene: Scene, lines: list[dict]) -> list[dict]:
    lines[2]["device_id"] = "01900000-0000-7000-8000-000000000000"
    rechain(lines, scene.sign, start=2)
    return lines


def _invalid_utf8(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    raw = entries["revisions.jsonl"].replace(b"Witness", b"Wit\xff\xfeess", 1)
    return resign(entries, scene.sign, raw_revisions=raw)


def _not_json_line(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    lines = entries["revisions.jsonl"].splitlines(keepends=True)
    lines[1] = b"{'this': is not json}\n"
    return resign(entries, scene.sign, raw_revisions=b"".join(lines))


def _nan(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    lines = lines_of(entries)
    raw = encode_lines(lines).replace(b'"hlc":', b'"hlc":NaN,"x":', 1)
    return resign(entries, scene.sign, raw_revisions=raw)


def _extra_line(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    entries = dict(entries)
    entries["revisions.jsonl"] += entries["revisions.jsonl"].splitlines(keepends=True)[0]
    return entries


def _forged_manifest(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    manifest = manifest_of(entries)
    manifest["count"] -= 1
    manifest["last_seq"] -= 1
    entries = dict(entries)
    entries["manifest.json"] = json.dumps(manifest, sort_keys=True,
                                          separators=(",", ":")).encode()
    return entries


def _other_key(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return resign(entries, Ed25519PrivateKey.generate().sign)


def _garbage_signature(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return {**entries, "manifest.sig": b"not a signature"}


def _no_manifest(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in entries.items() if k != "manifest.json"}


def _wrong_format(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return resign(entries, scene.sign, format="something-else")


def _newer_format(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return resign(entries, scene.sign, format_version=2)


def _manifest_not_json(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return {**entries, "manifest.json": b"\x00\x01 not json"}


def _manifest_extra_field(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return resign(entries, scene.sign, comment="hello")


def _huge_manifest(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return resign(entries, scene.sign, device_certificates=["x" * 1000] * 9000)


def _evil_entry(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    return {**entries, "../../evil.sh": b"rm -rf /"}


def _changed_attachment(scene: Scene, entries: dict[str, bytes]) -> dict[str, bytes]:
    name = next(n for n in entries if n.startswith("blobs/"))
    return {**entries, name: entries[name] + b"tampered"}


def _zip_bomb(scene: Scene) -> Path:
    path = scene.path("bomb.taslim")
    entries = read_entries(scene.bundle)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if name != "revisions.jsonl":
                archive.writestr(name, data)
        with archive.open("revisions.jsonl", "w", force_zip64=True) as handle:
            block = b"\n" * (1024 * 1024)
            for _ in range(260):
                handle.write(block)
    return path


def _database(change: Callable[[sqlite3.Connection], None], name: str
              ) -> Callable[[Scene], Path]:
    def make(scene: Scene) -> Path:
        path = scene.path(name)
        shutil.copy(scene.database_copy, path)
        connection = sqlite3.connect(path)
        try:
            change(connection)
            connection.commit()
        finally:
            connection.close()
        return path
    return make


def _corrupt_database(scene: Scene) -> Path:
    """B-tree page headers overwritten: SQLite's own check sees it."""
    path = scene.path("corrupt.db")
    data = bytearray(scene.database_copy.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the header's page size
    for offset in range(page * 2, len(data) - page, page * 3):
        data[offset] = 0xFF  # not a page type SQLite knows
    path.write_bytes(bytes(data))
    return path


def _corrupt_inside_pages(scene: Scene) -> Path:
    """Bytes inside pages overwritten: SQLite's check quotes them, not valid UTF-8, back."""
    path = scene.path("corrupt-inside.db")
    data = bytearray(scene.database_copy.read_bytes())
    for offset in range(4096 * 2, len(data) - 4096, 4096 * 3):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    return path


def _damaged_rows(scene: Scene) -> Path:
    """The structure intact, a revision's text broken (invalid UTF-8 in its id, everywhere)."""
    path = scene.path("damaged-rows.db")
    data = scene.database_copy.read_bytes()
    tip = lines_of(read_entries(scene.bundle))[-1]["rev_id"].encode("ascii")
    assert tip in data
    path.write_bytes(data.replace(tip, tip[:-1] + b"\xff"))
    return path


def _foreign_sqlite(scene: Scene) -> Path:
    path = scene.path("addresses.db")
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
    connection.commit()
    connection.close()
    return path


def _duplicate_signature(scene: Scene) -> Path:
    """Revisions the master already holds, offered again with other signatures (by the key)."""
    path = scene.path("duplicate.taslim")
    first = scene.path("already-held.taslim")
    scene.laptop.context.exports.export(first, full=True)
    scene.hq.context.imports.apply(scene.hq.supervisor, [first])
    entries = read_entries(first)
    lines = lines_of(entries)
    lines[1]["signature"] = scene.sign(b"other" + bytes.fromhex(lines[1]["rev_id"])).hex()
    return write_entries(path, resign(entries, scene.sign, lines=lines))


def _reused_record_id(scene: Scene) -> Path:
    """A revision that gives headquarters' checkpoint record id to a person."""
    laptop = Laptop(scene.hq, "reuser")
    add_work(laptop, "r")
    entries = read_entries(laptop.export())
    lines = lines_of(entries)
    person = next(i for i, line in enumerate(lines) if line["entity"] == "person")
    lines[person]["record_id"] = scene.hq.world.checkpoint.id
    sign = laptop.context.device.signer.sign
    rechain(lines, sign, start=person)
    return write_entries(scene.path("reused-id.taslim"), resign(entries, sign, lines=lines))


def _fork(scene: Scene) -> Path:
    """The laptop's database restored from a copy and written again: a second history."""
    held = scene.path("fork-original.taslim")
    scene.laptop.context.exports.export(held, full=True)
    scene.hq.context.imports.apply(scene.hq.supervisor, [held])
    entries = read_entries(held)
    lines = lines_of(entries)
    payload = json.loads(lines[-1]["payload"])
    payload["latitude"] = 30.0
    lines[-1]["payload"] = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":"))
    rechain(lines, scene.sign, start=len(lines) - 1)
    return write_entries(scene.path("fork.taslim"), resign(entries, scene.sign, lines=lines))


CASES: list[tuple[str, Callable[[Scene], Path], str, str, int]] = [
    ("empty file", _bytes("empty.taslim", b""), "not_a_bundle", "neither a Taslim bundle", 1),
    ("random bytes", _bytes("random.taslim", os.urandom(5000)), "not_a_bundle",
     "neither a Taslim bundle", 1),
    ("CSV text", _bytes("list.csv", "name,phone\nأحمد,0770\n".encode()), "not_a_bundle",
     "neither a Taslim bundle", 1),
    ("PNG picture", _bytes("photo.taslim", b"\x89PNG\r\n\x1a\n" + os.urandom(300)),
     "not_a_bundle", "neither a Taslim bundle", 1),
    ("cut in half", _truncated(0.5), "truncated", "incomplete or damaged", 1),
    ("last bytes missing", _truncated(0.99), "truncated", "incomplete or damaged", 1),
    ("ZIP without manifest", _entries(_no_manifest, "no-manifest.taslim"), "not_a_bundle",
     "not a Taslim bundle", 1),
    ("manifest of another format", _entries(_wrong_format, "other-format.taslim"),
     "not_a_bundle", "not a Taslim bundle", 1),
    ("manifest not JSON", _entries(_manifest_not_json, "manifest-garbage.taslim"), "damaged",
     "manifest is damaged", 1),
    ("manifest with an unknown field", _entries(_manifest_extra_field, "extra-field.taslim"),
     "damaged", "manifest is damaged", 1),
    ("manifest far too large", _entries(_huge_manifest, "huge-manifest.taslim"), "too_large",
     "far larger", 1),
    ("signed by another key", _entries(_other_key, "other-key.taslim"), "bad_signature",
     "signature does not match", 1),
    ("signature garbage", _entries(_garbage_signature, "garbage-sig.taslim"), "bad_signature",
     "signature does not match", 1),
    ("manifest edited, not signed again", _entries(_forged_manifest, "forged-manifest.taslim"),
     "bad_signature", "signature does not match", 1),
    ("revision added after export", _entries(_extra_line, "extra-line.taslim"), "altered",
     "do not match what the laptop signed", 1),
    ("edited revision", _lines(_edit_payload, "edited.taslim"), "edited_revision",
     "changed after it was written", 1),
    ("revision removed", _lines(_drop_middle, "dropped.taslim"), "broken_chain",
     "chain of revisions is broken", 1),
    ("revisions reordered", _lines(_swap, "swapped.taslim"), "broken_chain",
     "chain of revisions is broken", 1),
    ("chain re-linked past a revision", _lines(_relink, "relinked.taslim"), "broken_chain",
     "chain of revisions is broken", 1),
    ("wrong signature on a revision", _lines(_bad_tip_signature, "bad-tip.taslim"),
     "bad_signature", "does not match the device's key", 1),
    ("revision of another device inside", _lines(_foreign_device, "foreign.taslim"),
     "foreign_revision", "written by another device", 1),
    ("newer record format", _lines(_newer_schema, "newer-schema.taslim"), "newer_version",
     "update Taslim", EXIT_NEEDS_UPDATE),
    ("newer bundle format", _entries(_newer_format, "newer-format.taslim"), "newer_version",
     "update Taslim", EXIT_NEEDS_UPDATE),
    ("enormous field", _lines(_huge_field, "huge-field.taslim"), "too_large",
     "more than any real record", 1),
    ("invalid UTF-8", _entries(_invalid_utf8, "utf8.taslim"), "invalid_text",
     "not valid UTF-8", 1),
    ("lone surrogate in text", _entries(_surrogate, "surrogate.taslim"), "invalid_text",
     "not valid UTF-8", 1),
    ("line that is not JSON", _entries(_not_json_line, "not-json-line.taslim"), "damaged",
     "is damaged (not JSON)", 1),
    ("NaN where a number belongs", _entries(_nan, "nan.taslim"), "damaged", "is damaged", 1),
    ("entry outside the bundle layout", _entries(_evil_entry, "evil.taslim"), "damaged",
     "an entry Taslim never writes", 1),
    ("attachment changed", _entries(_changed_attachment, "photo-changed.taslim"), "altered",
     "attachment", 1),
    ("zip bomb", _zip_bomb, "too_large", "unpack to far more", 1),
    ("unknown (never enrolled) laptop", lambda scene: scene.stranger, "unknown_device",
     "not enrolled", 1),
    ("laptop of another Command CA", lambda scene: scene.other_ca, "unknown_device",
     "not enrolled", 1),
    ("ids already held with other content", _duplicate_signature, "duplicate_id",
     "reuses an id", 1),
    ("record id of another kind of record", _reused_record_id, "duplicate_id", "reuses an id", 1),
    ("fork in the laptop's history", _fork, "fork", "TAMPER ALARM", EXIT_TAMPER_ALARM),
    ("corrupt database file", _corrupt_database, "corrupt_database", "damaged database", 1),
    ("corrupt database file, inside its pages", _corrupt_inside_pages, "corrupt_database",
     "damaged database", 1),
    ("database with damaged text in its rows", _damaged_rows, "corrupt_database",
     "damaged database", 1),
    ("database of another program", _foreign_sqlite, "foreign_schema", "does not make", 1),
    ("database with an extra trigger", _database(lambda c: c.execute(
        "CREATE TRIGGER steal AFTER INSERT ON blob BEGIN DELETE FROM revision; END"),
        "trigger.db"), "foreign_schema", "trigger named “steal”", 1),
    ("database with an extra view", _database(lambda c: c.execute(
        "CREATE VIEW everything AS SELECT * FROM revision"), "view.db"), "foreign_schema",
     "view named “everything”", 1),
    ("database with Taslim's trigger rewritten", _database(lambda c: c.executescript(
        "DROP TRIGGER revision_no_update; CREATE TRIGGER revision_no_update BEFORE UPDATE ON "
        "revision BEGIN SELECT 1; END;"), "rewritten.db"), "foreign_schema", "does not make", 1),
    ("database from a newer Taslim", _database(lambda c: c.execute(
        "UPDATE alembic_version SET version_num = '9999'"), "newer.db"), "newer_version",
     "update Taslim", EXIT_NEEDS_UPDATE),
    ("a folder", lambda scene: scene.root, "not_a_bundle", "folder", 1),
    ("a file that is gone", lambda scene: scene.path("gone.taslim"), "unreadable",
     "does not exist", 1),
]


def test_there_are_at_least_thirty_bad_inputs():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("label", "make", "reason", "fragment", "exit_code"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_bad_file_is_refused_with_one_sentence_and_writes_nothing(
    scene, label, make, reason, fragment, exit_code
):
    path = make(scene)
    before = master_rows(scene.hq.path)
    journal = scene.hq.context.imports._journal.path
    journal_lines = journal.read_text().count("\n") if journal.exists() else 0
    [dry] = scene.hq.context.imports.examine([path])
    [report] = scene.hq.context.imports.apply(scene.hq.supervisor, [path])
    assert master_rows(scene.hq.path) == before
    for result in (dry, report):
        assert (result.outcome, result.reason) == ("refused", reason), result.message
        assert fragment in result.message
        assert result.exit_code == exit_code
        assert result.new == 0
    assert journal.read_text().count("\n") == journal_lines + 1  # the refusal is on record


def test_the_good_file_of_a_run_is_imported_beside_the_bad_ones(scene):
    bad = [make(scene) for _, make, *_ in CASES[:12]]
    reports = scene.hq.context.imports.apply(scene.hq.supervisor, [*bad, scene.bundle])
    assert [r.outcome for r in reports[:-1]] == ["refused"] * len(bad)
    assert reports[-1].outcome in ("imported", "nothing_new")


def test_sql_looking_text_is_kept_as_text(tmp_path):
    hq = Headquarters(tmp_path)
    laptop = Laptop(hq, "one")
    add_work(laptop, "'); DROP TABLE revision; --")
    [report] = hq.context.imports.apply(hq.supervisor, [laptop.export()])
    assert report.outcome == "imported"
    connection = sqlite3.connect(hq.path)
    try:
        names = [row[0] for row in connection.execute("SELECT name_en FROM person")]
    finally:
        connection.close()
    assert "Witness '); DROP TABLE revision; --" in names


def test_an_older_field_database_is_converted_and_imported(tmp_path):
    from alembic import command

    from desktop.storage import migrations

    hq = Headquarters(tmp_path)
    laptop = Laptop(hq, "one")
    add_work(laptop, "old")
    copy = consistent_copy(laptop.path, tmp_path / "older.db")
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as connection:
        command.downgrade(migrations._config(connection), "0003")
    engine.dispose()
    digest_before = copy.read_bytes()
    [report] = hq.context.imports.apply(hq.supervisor, [copy])
    assert report.outcome == "imported", report.message
    assert report.kind == "database" and report.new > 0
    assert copy.read_bytes() == digest_before  # the laptop's file is never written
    assert head_revision() != "0003"


def test_a_stale_copy_after_a_newer_one_changes_nothing(tmp_path):
    hq = Headquarters(tmp_path)
    laptop = Laptop(hq, "one")
    add_work(laptop, "1")
    old = laptop.export("-old")
    add_work(laptop, "2")
    new = laptop.export("-new", full=True)
    hq.context.imports.apply(hq.supervisor, [new])
    before = master_rows(hq.path)
    [report] = hq.context.imports.apply(hq.supervisor, [old])
    assert report.outcome == "nothing_new"
    assert master_rows(hq.path) == before


def test_a_byte_flipped_anywhere_is_refused_or_changes_nothing_and_never_crashes(scene):
    """Every 1/80th of the file: a broken deflate stream, CRC, header or signature must all end
    in a refusal; a flip in a part nothing reads (a timestamp) may leave the same revisions."""
    from desktop.domain.errors import FileRefused
    from desktop.services.sync_files import open_file

    original = scene.bundle.read_bytes()
    expected = [line["rev_id"] for line in lines_of(read_entries(scene.bundle))]
    refused = 0
    step = max(1, len(original) // 80)
    for offset in range(0, len(original), step):
        data = bytearray(original)
        data[offset] ^= 0x5A
        path = scene.path(f"flipped-{offset}.taslim")
        path.write_bytes(bytes(data))
        try:
            opened = open_file(path)
        except FileRefused:
            refused += 1
            continue
        try:
            assert [row[REV_ID] for row in opened.segment.rows] == expected, offset
        finally:
            opened.close()
    assert refused >= 60
