"""Sync: the import log, revisions flagged on arrival, and receipts from headquarters.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("imported_at", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("revisions_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("present_count", sa.Integer(), nullable=False),
        sa.Column("conflict_count", sa.Integer(), nullable=False),
        sa.Column("flagged_count", sa.Integer(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_log_device_id"), ["device_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_import_log_file_sha256"), ["file_sha256"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_import_log_imported_at"), ["imported_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_import_log_revisions_sha256"), ["revisions_sha256"], unique=False
        )

    op.create_table(
        "revision_flag",
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("flagged_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("rev_id"),
    )

    op.create_table(
        "sync_receipt",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("master_device_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("held_seq", sa.Integer(), nullable=False),
        sa.Column("held_hash", sa.String(length=64), nullable=True),
        sa.Column("issued_at", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.String(length=20), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_receipt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_receipt_master_device_id"), ["master_device_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("sync_receipt")
    op.drop_table("revision_flag")
    op.drop_table("import_log")
