"""The certificate register, the trust anchor and signing certificates, and the local key store.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate",
        sa.Column("serial", sa.String(length=32), nullable=False),
        sa.Column("handover_id", sa.String(length=36), nullable=False),
        sa.Column("handover_rev_id", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reprints", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.String(length=36), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.String(length=20), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("clerk_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("device_code", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_handover_id"), ["handover_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_certificate_issued_at"), ["issued_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_serial"), ["serial"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_state"), ["state"], unique=False)

    op.create_table(
        "key_store",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("encrypted_key_pem", sa.LargeBinary(), nullable=False),
        sa.Column("public_key_pem", sa.LargeBinary(), nullable=False),
        sa.Column("certificate_pem", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("key_store", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_store_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_key_store_purpose"), ["purpose"], unique=False)

    op.create_table(
        "signing_certificate",
        sa.Column("holder_kind", sa.String(length=16), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=False),
        sa.Column("not_after", sa.String(length=20), nullable=False),
        sa.Column("issuer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signing_certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signing_certificate_holder_id"), ["holder_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_signing_certificate_key_id"), ["key_id"], unique=False)

    op.create_table(
        "trust_anchor",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("trust_anchor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trust_anchor_fingerprint"), ["fingerprint"], unique=False
        )


    # The inspections list filtered by state (drafts) pages by time without a full scan.
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_state_time", ["state", "inspected_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_state_time")
    with op.batch_alter_table("trust_anchor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trust_anchor_fingerprint"))

    op.drop_table("trust_anchor")
    with op.batch_alter_table("signing_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_certificate_key_id"))
        batch_op.drop_index(batch_op.f("ix_signing_certificate_holder_id"))

    op.drop_table("signing_certificate")
    with op.batch_alter_table("key_store", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_store_purpose"))
        batch_op.drop_index(batch_op.f("ix_key_store_holder_id"))

    op.drop_table("key_store")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_state"))
        batch_op.drop_index(batch_op.f("ix_certificate_serial"))
        batch_op.drop_index(batch_op.f("ix_certificate_issued_at"))
        batch_op.drop_index(batch_op.f("ix_certificate_handover_id"))

    op.drop_table("certificate")
