"""The checks on one device's run of revisions, before anything of it is written.

A device's revisions form a hash chain: each names the id of the one before it, and each id is
the sha256 of the revision's content. So one good signature on the last revision (and on the
manifest that names it) vouches for every revision before it; that is why an import need not
check a million Ed25519 signatures one by one (each costs ~145 µs here). The first and the last
revision's signatures are checked, and one in 64 of the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.domain.clock import hlc_wall_ms
from desktop.domain.errors import FileRefused
from desktop.domain.revision import Revision
from desktop.i18n import _
from desktop.signing.device_keys import verify_signature

FUTURE_TOLERANCE_MS = 24 * 3600 * 1000  # laptops' clocks drift; a day ahead is not drift
SIGNATURE_SAMPLE_EVERY = 64
FUTURE_CLOCK = "future_clock"


@dataclass(frozen=True, slots=True)
class Segment:
    """One device's consecutive revisions, as read from a bundle or a field database."""

    device_id: str
    public_key: str
    revisions: Sequence[Revision]  # in sequence order
    first_prev_hash: str | None  # what the first one names as its predecessor

    @property
    def first_seq(self) -> int:
        return self.revisions[0].device_seq if self.revisions else 0

    @property
    def last_seq(self) -> int:
        return self.revisions[-1].device_seq if self.revisions else 0

    @property
    def last_hash(self) -> str | None:
        return self.revisions[-1].rev_id if self.revisions else self.first_prev_hash


def check_segment(segment: Segment, payloads_checked: bool = False) -> None:
    """Ids, chain and signatures; raises FileRefused with the first problem found.

    ``payloads_checked``: the reader already made sure every payload is canonical JSON (the
    bundle reader does, while it parses each line once).
    """
    previous_hash = segment.first_prev_hash
    previous_seq: int | None = None
    seen: set[str] = set()
    for number, revision in enumerate(segment.revisions, start=1):
        if revision.device_id != segment.device_id:
            raise FileRefused("foreign_revision", _(
                "Revision No. {number} in it was written by another device than the one that "
                "signed the file; it was tampered with.").format(number=number))
        if revision.rev_id in seen:
            raise FileRefused("duplicate_id", _(
                "Revision No. {number} in it repeats an id already used in the same file; it "
                "was tampered with.").format(number=number))
        seen.add(revision.rev_id)
        if revision.content_id() != revision.rev_id:
            raise FileRefused("edited_revision", _(
                "Revision No. {number} in it was changed after it was written (its content no "
                "longer matches its id); it was tampered with or damaged.").format(number=number))
        if not payloads_checked and not revision.payload_is_canonical():
            raise FileRefused("damaged", _(
                "Revision No. {number} in it is not in the form Taslim writes; it was not made "
                "by Taslim.").format(number=number))
        if revision.prev_hash != previous_hash or (
            previous_seq is not None and revision.device_seq != previous_seq + 1
        ):
            raise FileRefused("broken_chain", _(
                "The chain of revisions is broken at No. {number}: one or more revisions are "
                "missing or out of place. Ask for a new export from the laptop.").format(
                    number=number))
        previous_hash, previous_seq = revision.rev_id, revision.device_seq
    _check_signatures(segment)


def _check_signatures(segment: Segment) -> None:
    revisions = segment.revisions
    last = len(revisions) - 1
    for index, revision in enumerate(revisions):
        if index not in (0, last) and index % SIGNATURE_SAMPLE_EVERY:
            continue
        if revision.signature is None or not verify_signature(
            segment.public_key, revision.signature, bytes.fromhex(revision.rev_id)
        ):
            raise FileRefused("bad_signature", _(
                "The signature of revision No. {number} does not match the device's key; the "
                "file was tampered with.").format(number=index + 1))


def future_clocks(clocks: Iterable[tuple[str, int]], now_ms: int) -> dict[str, str]:
    """Of (rev_id, hybrid clock) pairs, the revisions whose clock is more than a day ahead of
    this computer's: flagged, not trusted."""
    limit = now_ms + FUTURE_TOLERANCE_MS
    return {rev_id: FUTURE_CLOCK for rev_id, hlc in clocks if hlc_wall_ms(hlc) > limit}
