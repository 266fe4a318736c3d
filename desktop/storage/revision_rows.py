"""A revision as the row the revision table stores: the one form an import handles it in.

An import at headquarters moves a million revisions from the processes that check the files to
the one that merges them. As plain tuples of text and integers they cross that boundary about
six times faster than as ``Revision`` objects, and the merging process writes them to SQLite
and derives current state from them without building anything per revision.
"""

from __future__ import annotations

from typing import Any

from desktop.domain.canonical import canonical_text
from desktop.domain.revision import Revision

# The columns of ``revision``, in the order of every stored row, and their places in it.
COLUMNS = (
    "rev_id", "record_id", "entity", "parents", "hlc", "device_id", "device_seq", "author_id",
    "op", "payload", "schema_version", "prev_hash", "signature",
)
(REV_ID, RECORD_ID, ENTITY, PARENTS, HLC, DEVICE_ID, DEVICE_SEQ, AUTHOR_ID, OP, PAYLOAD,
 SCHEMA_VERSION, PREV_HASH, SIGNATURE) = range(len(COLUMNS))

# One revision as stored: the values of COLUMNS in order, ``parents`` as its canonical JSON text.
StoredRevision = tuple[Any, ...]


def stored_row(revision: Revision) -> StoredRevision:
    return (
        revision.rev_id, revision.record_id, str(revision.entity),
        parents_text(revision.parents), revision.hlc, revision.device_id, revision.device_seq,
        revision.author_id, str(revision.op), revision.payload, revision.schema_version,
        revision.prev_hash, revision.signature,
    )


def parents_text(parents: tuple[str, ...]) -> str:
    """The canonical JSON array of the sorted parents, as stored in ``revision.parents``."""
    ordered = sorted(parents)
    joined = "".join(ordered)
    if joined.isascii() and joined.isalnum():
        # Hex digests, always: nothing to escape, so the text is joined directly (the general
        # canonicaliser here was a twentieth of a large import).
        return '["' + '","'.join(ordered) + '"]' if ordered else "[]"
    return canonical_text(ordered)
