"""Mapped tables (SQLAlchemy 2 typed mappings).

Three groups:
* the revision log (``revision``, append-only: the truth) and what is derived from it for each
  record (``record``, ``conflict_head``);
* current-state tables, one per entity, derived from the winning revision of each record and
  updated in the same transaction as the revision that changes them;
* local tables that never leave this machine (device identity, clock, login attempts, blobs).

There are deliberately no foreign keys between current-state tables: a record may arrive by
import before the record it points at, and the log must accept revisions in any order.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# --- revision log ------------------------------------------------------------------------------


class RevisionRow(Base):
    __tablename__ = "revision"
    rev_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    parents: Mapped[str] = mapped_column(Text)  # canonical JSON array of rev_ids
    hlc: Mapped[int] = mapped_column(Integer)
    device_id: Mapped[str] = mapped_column(String(36))
    device_seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str | None] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    payload: Mapped[str] = mapped_column(Text)
    schema_version: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(128))
    __table_args__ = (Index("ix_revision_device_seq", "device_id", "device_seq", unique=True),)


class RecordRow(Base):
    """One row per record: its winning revision and whether it is in conflict or deleted."""

    __tablename__ = "record"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), index=True)
    winner_rev_id: Mapped[str] = mapped_column(String(64))
    head_count: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean)
    signed: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (Index("ix_record_conflict", "head_count"),)


class ConflictHeadRow(Base):
    """The heads of a record in conflict (more than one head), one row each.

    A record with a single head, which is nearly every record, has it as ``winner_rev_id`` and
    no row here (``desktop.storage.heads`` reads both). An index of every record's head, keyed
    by random ids, was the largest part of what each import rewrote.
    """

    __tablename__ = "conflict_head"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    __table_args__ = ({"sqlite_with_rowid": False},)


# --- current state -----------------------------------------------------------------------------


class _Current:
    """Columns every current-state row has: the record id and the revision it shows."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev_id: Mapped[str] = mapped_column(String(64))


class DistrictRow(_Current, Base):
    __tablename__ = "district"
    code: Mapped[str] = mapped_column(String(16))
    name_ar: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)


class UnitRow(_Current, Base):
    __tablename__ = "unit"
    name_ar: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))


class CheckpointRow(_Current, Base):
    __tablename__ = "checkpoint"
    code: Mapped[str] = mapped_column(String(32), index=True)
    name_ar: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    district_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    holder_unit_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(32))


class PersonRow(_Current, Base):
    __tablename__ = "person"
    name_ar: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    rank: Mapped[str] = mapped_column(Text)
    badge: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[str | None] = mapped_column(String(36))


class AccountRow(_Current, Base):
    __tablename__ = "account"
    person_id: Mapped[str] = mapped_column(String(36))
    username: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)


class DeviceRow(_Current, Base):
    __tablename__ = "device"
    short_code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(String(64))


class InspectionRow(_Current, Base):
    __tablename__ = "inspection"
    checkpoint_id: Mapped[str] = mapped_column(String(36))
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    inspector_id: Mapped[str] = mapped_column(String(36))
    inspected_at: Mapped[str] = mapped_column(String(20))
    utc_offset_minutes: Mapped[int] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    answers: Mapped[str] = mapped_column(Text)
    photo_ids: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    amend_reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index("ix_inspection_checkpoint_time", "checkpoint_id", "inspected_at"),
        Index("ix_inspection_time", "inspected_at"),
        Index("ix_inspection_state_time", "state", "inspected_at"),
    )


class HandoverRow(_Current, Base):
    __tablename__ = "handover"
    checkpoint_id: Mapped[str] = mapped_column(String(36), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    officer_id: Mapped[str] = mapped_column(String(36))
    handing_unit_id: Mapped[str | None] = mapped_column(String(36))
    handing_rep_id: Mapped[str | None] = mapped_column(String(36))
    receiving_unit_id: Mapped[str | None] = mapped_column(String(36))
    receiving_rep_id: Mapped[str | None] = mapped_column(String(36))
    witness_ids: Mapped[str] = mapped_column(Text)
    handover_at: Mapped[str | None] = mapped_column(String(20))
    assumed_duty_at: Mapped[str | None] = mapped_column(String(20))
    departure_at: Mapped[str | None] = mapped_column(String(20))
    utc_offset_minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class ChecklistResponseRow(_Current, Base):
    __tablename__ = "checklist_response"
    handover_id: Mapped[str] = mapped_column(String(36), index=True)
    item_key: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    evidence_ids: Mapped[str] = mapped_column(Text)


class EquipmentLineRow(_Current, Base):
    __tablename__ = "equipment_line"
    handover_id: Mapped[str] = mapped_column(String(36), index=True)
    item: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    serials: Mapped[str] = mapped_column(Text)
    condition: Mapped[str] = mapped_column(String(16))


class AttachmentRow(_Current, Base):
    __tablename__ = "attachment"
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str] = mapped_column(String(36), index=True)


class HandoverSignatureRow(_Current, Base):
    __tablename__ = "handover_signature"
    handover_id: Mapped[str] = mapped_column(String(36), index=True)
    party: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[str] = mapped_column(String(36))
    strokes: Mapped[str] = mapped_column(Text)
    image_sha256: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[str] = mapped_column(String(20))


class TrustAnchorRow(_Current, Base):
    __tablename__ = "trust_anchor"
    name: Mapped[str] = mapped_column(Text)
    certificate_pem: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)


class SigningCertificateRow(_Current, Base):
    __tablename__ = "signing_certificate"
    holder_kind: Mapped[str] = mapped_column(String(16))
    holder_id: Mapped[str] = mapped_column(String(36), index=True)
    key_id: Mapped[str] = mapped_column(String(16), index=True)
    certificate_pem: Mapped[str] = mapped_column(Text)
    not_after: Mapped[str] = mapped_column(String(20))
    issuer_fingerprint: Mapped[str] = mapped_column(String(64))


class CertificateRow(_Current, Base):
    __tablename__ = "certificate"
    serial: Mapped[str] = mapped_column(String(32), index=True)
    handover_id: Mapped[str] = mapped_column(String(36), index=True)
    handover_rev_id: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    reprints: Mapped[int] = mapped_column(Integer)
    void_reason: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[str | None] = mapped_column(String(36))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[str] = mapped_column(String(20), index=True)
    utc_offset_minutes: Mapped[int] = mapped_column(Integer)
    clerk_id: Mapped[str] = mapped_column(String(36))
    key_id: Mapped[str] = mapped_column(String(16))
    device_code: Mapped[str] = mapped_column(String(16))


CURRENT_TABLES = {
    "district": DistrictRow,
    "unit": UnitRow,
    "checkpoint": CheckpointRow,
    "person": PersonRow,
    "account": AccountRow,
    "device": DeviceRow,
    "inspection": InspectionRow,
    "handover": HandoverRow,
    "checklist_response": ChecklistResponseRow,
    "equipment_line": EquipmentLineRow,
    "attachment": AttachmentRow,
    "handover_signature": HandoverSignatureRow,
    "trust_anchor": TrustAnchorRow,
    "signing_certificate": SigningCertificateRow,
    "certificate": CertificateRow,
}


# --- local only --------------------------------------------------------------------------------


class LocalDeviceRow(Base):
    """This machine's identity and counters. Exactly one row."""

    __tablename__ = "local_device"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    short_code: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))
    private_key_pem: Mapped[bytes] = mapped_column(LargeBinary)  # PKCS#8, encrypted
    hlc: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    last_rev_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(20))


class LoginAttemptRow(Base):
    __tablename__ = "login_attempt"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_until_ms: Mapped[int] = mapped_column(Integer)


class BlobRow(Base):
    """Content-addressed bytes (photos, signature images): the key is their sha256."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FormDraftRow(Base):
    """What someone is typing, saved every few seconds: survives a closed window or a power cut.

    Local only: a draft becomes a revision when the person saves or submits it.
    """

    __tablename__ = "form_draft"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(20))


class KeyStoreRow(Base):
    """Private keys made on this machine, encrypted; they never leave it.

    ``purpose`` is ``command_ca`` (the supervisor's root key) or ``clerk`` (a clerk's signing
    key, encrypted with that clerk's password). ``certificate_pem`` is filled once the
    enrolment answer has been imported.
    """

    __tablename__ = "key_store"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16), index=True)
    holder_id: Mapped[str] = mapped_column(String(36), index=True)
    key_id: Mapped[str] = mapped_column(String(16))
    encrypted_key_pem: Mapped[bytes] = mapped_column(LargeBinary)
    public_key_pem: Mapped[bytes] = mapped_column(LargeBinary)
    certificate_pem: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(20))


class ImportLogRow(Base):
    """A file applied at headquarters, written in the same transaction as its revisions.

    ``device_id``/``last_seq``/``last_hash`` record how far that device's chain reached in this
    file; ``details`` is JSON (counts, flagged clocks, warnings) for the import history.
    """

    __tablename__ = "import_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    imported_at: Mapped[str] = mapped_column(String(20), index=True)
    account_id: Mapped[str | None] = mapped_column(String(36))
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    # A bundle's signed sha256 of its revisions file; empty for a field database.
    revisions_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_kind: Mapped[str] = mapped_column(String(16))  # bundle | database
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    new_count: Mapped[int] = mapped_column(Integer)
    present_count: Mapped[int] = mapped_column(Integer)
    conflict_count: Mapped[int] = mapped_column(Integer)
    flagged_count: Mapped[int] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text)


class RevisionFlagRow(Base):
    """Revisions this database does not trust to win: a clock far in the future on arrival.

    Local knowledge, not part of any revision: the revision itself stays byte-identical.
    """

    __tablename__ = "revision_flag"
    rev_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32))
    flagged_at: Mapped[str] = mapped_column(String(20))


class SyncReceiptRow(Base):
    """On a laptop: what headquarters confirmed it holds of this laptop's revisions."""

    __tablename__ = "sync_receipt"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    master_device_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    held_seq: Mapped[int] = mapped_column(Integer)
    held_hash: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[str] = mapped_column(String(20))
    file_sha256: Mapped[str] = mapped_column(String(64))


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def table(mapped: type[Base]) -> Table:
    """The Core table of a mapped class, typed as a Table for insert/update/delete."""
    return Base.metadata.tables[mapped.__tablename__]


def current_table(entity: str) -> Table:
    return table(CURRENT_TABLES[entity])
