"""The revision: the unit of truth. Content-addressed, chained per device, append-only."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.domain.canonical import canonical_text, sha256_hex
from desktop.domain.enums import EntityKind, Op

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Revision:
    rev_id: str
    record_id: str
    entity: EntityKind
    parents: tuple[str, ...]
    hlc: int
    device_id: str
    device_seq: int
    author_id: str | None
    op: Op
    payload: str  # canonical JSON text; "null" for a tombstone
    schema_version: int
    prev_hash: str | None
    signature: str | None  # Ed25519 over the rev_id by the writing device, hex

    @staticmethod
    def compute_id(
        *,
        record_id: str,
        entity: EntityKind,
        parents: tuple[str, ...],
        hlc: int,
        device_id: str,
        device_seq: int,
        author_id: str | None,
        op: Op,
        payload_text: str,
        schema_version: int,
        prev_hash: str | None,
    ) -> str:
        """sha256 of the RFC 8785 form of the revision header with its payload.

        ``payload_text`` is already canonical, so the header is composed member by member
        around it instead of canonicalising the payload a second time (RFC 8785 is
        compositional: a member's canonical form does not depend on its siblings).
        """
        # The members in RFC 8785 order (keys are ASCII, so that is plain sorted order; a test
        # holds this against the sorted keys). 64 bits exceed JSON's safe integers, which
        # RFC 8785 refuses, so the clock is hashed as hex text.
        header = (
            f'{{"author_id":{_member_text(author_id)}'
            f',"device_id":{_member_text(device_id)}'
            f',"device_seq":{_member_text(device_seq)}'
            f',"entity":{_member_text(str(entity))}'
            f',"hlc":"{hlc:016x}"'
            f',"op":{_member_text(str(op))}'
            f',"parents":{_member_text(sorted(parents))}'
            f',"payload":{payload_text}'
            f',"prev_hash":{_member_text(prev_hash)}'
            f',"record_id":{_member_text(record_id)}'
            f',"schema_version":{_member_text(schema_version)}}}'
        )
        return sha256_hex(header.encode("utf-8"))

    def expected_id(self) -> str:
        return Revision.compute_id(
            record_id=self.record_id,
            entity=self.entity,
            parents=self.parents,
            hlc=self.hlc,
            device_id=self.device_id,
            device_seq=self.device_seq,
            author_id=self.author_id,
            op=self.op,
            payload_text=canonical_text(json.loads(self.payload)),
            schema_version=self.schema_version,
            prev_hash=self.prev_hash,
        )

    def content_id(self) -> str:
        """The id of this content with the payload text exactly as it is carried."""
        return Revision.compute_id(
            record_id=self.record_id,
            entity=self.entity,
            parents=self.parents,
            hlc=self.hlc,
            device_id=self.device_id,
            device_seq=self.device_seq,
            author_id=self.author_id,
            op=self.op,
            payload_text=self.payload,
            schema_version=self.schema_version,
            prev_hash=self.prev_hash,
        )

    def payload_is_canonical(self) -> bool:
        value = json.loads(self.payload)
        # The standard encoder agrees with RFC 8785 for everything Taslim writes except some
        # numbers; only when it disagrees is the (slower) full canonicaliser asked.
        quick = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return quick == self.payload or canonical_text(value) == self.payload

    def payload_object(self) -> Any:
        return json.loads(self.payload)

    @property
    def is_tombstone(self) -> bool:
        return self.op is Op.DELETE


# Ids, hex digests and enum values: their RFC 8785 form is the text in quotes. Composing it
# directly is exact for them and about ten times faster, which matters when an import recomputes
# a million revision ids; anything else goes through the full canonicaliser.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9_.:-]*")


def _member_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str) and _PLAIN_TEXT.fullmatch(value):
        return f'"{value}"'
    if type(value) is int and -(2**53) < value < 2**53:
        return str(value)
    if isinstance(value, list) and all(
        isinstance(item, str) and _PLAIN_TEXT.fullmatch(item) for item in value
    ):
        return "[" + ",".join(f'"{item}"' for item in value) + "]"
    return canonical_text(value)


def winner_key(revision: Revision, untrusted_clock: bool = False) -> tuple[int, int, int, str, str]:
    """The fixed total order that picks a record's current revision among its heads.

    Signed first (a signature is never outvoted by an unsigned edit), then a clock this database
    trusts (a revision that arrived with a clock far in the future never wins on its clock), then
    the hybrid logical clock, then device id, then rev_id, so every machine picks the same winner.
    """
    return (
        1 if revision.op is Op.SIGN else 0,
        0 if untrusted_clock else 1,
        revision.hlc,
        revision.device_id,
        revision.rev_id,
    )


def canonical_payload(payload: Any) -> str:
    return canonical_text(payload)


# A signed revision is frozen: what may follow it is another signed act (certify, void), an
# amendment, or a supervisor's merge; never a plain edit or a silent delete.
ALLOWED_AFTER_SIGN = frozenset({Op.SIGN, Op.AMEND, Op.MERGE})


def may_follow(parent_ops: set[Op], op: Op) -> bool:
    return Op.SIGN not in parent_ops or op in ALLOWED_AFTER_SIGN
