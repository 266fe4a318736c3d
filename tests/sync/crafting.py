"""Tools to make damaged or forged bundles from a good one, as an attacker or a bad stick would."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.domain.enums import EntityKind, Op
from desktop.domain.revision import Revision

Sign = Callable[[bytes], bytes]


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_entries(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def lines_of(entries: dict[str, bytes]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in entries["revisions.jsonl"].splitlines()]


def manifest_of(entries: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(entries["manifest.json"])


def encode_lines(lines: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        for line in lines)


def content_id(line: dict[str, Any]) -> str:
    return Revision(
        rev_id="", record_id=line["record_id"], entity=EntityKind(line["entity"]),
        parents=tuple(line["parents"]), hlc=line["hlc"], device_id=line["device_id"],
        device_seq=line["device_seq"], author_id=line["author_id"], op=Op(line["op"]),
        payload=line["payload"], schema_version=line["schema_version"],
        prev_hash=line["prev_hash"], signature=None).content_id()


def rechain(lines: list[dict[str, Any]], sign: Sign, start: int = 0) -> None:
    """Recompute ids, prev_hash links and signatures from ``start`` on (a forger with the key)."""
    for index in range(start, len(lines)):
        line = lines[index]
        if index > 0:
            line["prev_hash"] = lines[index - 1]["rev_id"]
        line["rev_id"] = content_id(line)
        line["signature"] = sign(bytes.fromhex(line["rev_id"])).hex()


def resign(entries: dict[str, bytes], sign: Sign, lines: list[dict[str, Any]] | None = None,
           raw_revisions: bytes | None = None, **changes: Any) -> dict[str, bytes]:
    """The entries with new revisions (if given), a manifest that matches them, signed again."""
    result = dict(entries)
    manifest = manifest_of(entries)
    if lines is not None:
        raw_revisions = encode_lines(lines)
        manifest.update(count=len(lines), first_seq=lines[0]["device_seq"] if lines else 0,
                        last_seq=lines[-1]["device_seq"] if lines else 0,
                        last_hash=lines[-1]["rev_id"] if lines else None)
    if raw_revisions is not None:
        result["revisions.jsonl"] = raw_revisions
        manifest["revisions_sha256"] = hashlib.sha256(raw_revisions).hexdigest()
    manifest.update(changes)
    data = json.dumps(manifest, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")
    result["manifest.json"] = data
    result["manifest.sig"] = sign(data).hex().encode("ascii")
    return result
