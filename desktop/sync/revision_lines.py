"""One revision per line of JSON in a bundle, and the checks a line must pass to be read.

The payload travels as the exact canonical text the device hashed, inside a JSON string, so
the bytes that arrive at headquarters are the bytes the laptop signed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop.domain.canonical import canonical_text
from desktop.domain.enums import EntityKind, Op
from desktop.domain.errors import FileRefused
from desktop.domain.revision import SCHEMA_VERSION, Revision
from desktop.i18n import _

MAX_LINE_BYTES = 8 * 1024 * 1024  # a signature's strokes are the largest payloads, ~100 KB
MAX_PARENTS = 64

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ENTITIES = frozenset(e.value for e in EntityKind)
_OPS = frozenset(o.value for o in Op)
FIELDS = (
    "rev_id", "record_id", "entity", "parents", "hlc", "device_id", "device_seq", "author_id",
    "op", "payload", "schema_version", "prev_hash", "signature",
)
_FIELD_SET = frozenset(FIELDS)


def revision_line(revision: Revision) -> bytes:
    document = {
        "rev_id": revision.rev_id,
        "record_id": revision.record_id,
        "entity": str(revision.entity),
        "parents": sorted(revision.parents),
        "hlc": revision.hlc,
        "device_id": revision.device_id,
        "device_seq": revision.device_seq,
        "author_id": revision.author_id,
        "op": str(revision.op),
        "payload": revision.payload,
        "schema_version": revision.schema_version,
        "prev_hash": revision.prev_hash,
        "signature": revision.signature,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def damaged(number: int, what: str) -> FileRefused:
    return FileRefused(
        "damaged",
        _("Revision No. {number} in it is damaged ({what}); ask for a new export from the "
          "laptop.").format(number=number, what=what),
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


# One decoder for every line and payload: ``json.loads`` with an option builds a new one per call.
_decode = json.JSONDecoder(parse_constant=_refuse_constant).decode


def parse_line(raw: bytes, number: int) -> Revision:
    """A revision from one line, or FileRefused saying exactly what is wrong with it."""
    if len(raw) > MAX_LINE_BYTES:
        raise FileRefused(
            "too_large",
            _("Revision No. {number} in it is {size} MB, more than any real record; the file "
              "was not made by Taslim or was tampered with.").format(
                number=number, size=len(raw) // (1024 * 1024)),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(
            "invalid_text",
            _("Revision No. {number} in it is not valid UTF-8 text; the file is damaged or was "
              "not made by Taslim.").format(number=number),
        ) from None
    try:
        document = _decode(text)
    except (ValueError, RecursionError):
        raise damaged(number, _("not JSON")) from None
    if not isinstance(document, dict) or set(document) != _FIELD_SET:
        raise damaged(number, _("wrong fields"))
    return _revision_from(document, number)


def _is_canonical(value: Any, text: str) -> bool:
    # The standard encoder agrees with RFC 8785 for everything Taslim writes except some
    # numbers; only when it disagrees is the (slower) full canonicaliser asked.
    quick = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return quick == text or canonical_text(value) == text


def _text(document: dict[str, Any], key: str, pattern: re.Pattern[str], number: int) -> str:
    value = document[key]
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise damaged(number, key)
    return value


def _optional(document: dict[str, Any], key: str, pattern: re.Pattern[str], number: int
              ) -> str | None:
    return None if document[key] is None else _text(document, key, pattern, number)


def _integer(document: dict[str, Any], key: str, number: int, limit: int) -> int:
    value = document[key]
    if type(value) is not int or not 0 <= value < limit:
        raise damaged(number, key)
    return value


def _revision_from(document: dict[str, Any], number: int) -> Revision:
    entity, op = document["entity"], document["op"]
    if entity not in _ENTITIES:
        raise damaged(number, _("unknown kind of record"))
    if op not in _OPS:
        raise damaged(number, _("unknown operation"))
    parents = document["parents"]
    if not isinstance(parents, list) or len(parents) > MAX_PARENTS or parents != sorted(
        set(parents)
    ):
        raise damaged(number, "parents")
    for parent in parents:
        if not isinstance(parent, str) or not _HEX64.fullmatch(parent):
            raise damaged(number, "parents")
    schema_version = _integer(document, "schema_version", number, 1 << 31)
    if schema_version > SCHEMA_VERSION:
        raise FileRefused(
            "newer_version",
            _("It was written by a newer version of Taslim (record format {found}, this one "
              "reads up to {known}); update Taslim on this computer and import it again.").format(
                found=schema_version, known=SCHEMA_VERSION),
        )
    payload = document["payload"]
    if not isinstance(payload, str):
        raise damaged(number, "payload")
    try:
        payload.encode("utf-8")
        value = _decode(payload)
    except (UnicodeEncodeError, ValueError, RecursionError):
        raise FileRefused(
            "invalid_text",
            _("Revision No. {number} in it holds text that is not valid UTF-8 or JSON; the file "
              "is damaged or was not made by Taslim.").format(number=number),
        ) from None
    if (op == Op.DELETE) != (value is None) or not (value is None or isinstance(value, dict)):
        raise damaged(number, "payload")
    if not _is_canonical(value, payload):
        raise FileRefused("damaged", _(
            "Revision No. {number} in it is not in the form Taslim writes; it was not made "
            "by Taslim.").format(number=number))
    return Revision(
        rev_id=_text(document, "rev_id", _HEX64, number),
        record_id=_text(document, "record_id", _UUID, number),
        entity=EntityKind(entity),
        parents=tuple(parents),
        hlc=_integer(document, "hlc", number, 1 << 63),
        device_id=_text(document, "device_id", _UUID, number),
        device_seq=_integer(document, "device_seq", number, 1 << 62),
        author_id=_optional(document, "author_id", _UUID, number),
        op=Op(op),
        payload=payload,
        schema_version=schema_version,
        prev_hash=_optional(document, "prev_hash", _HEX64, number),
        signature=_optional(document, "signature", _HEX128, number),
    )
