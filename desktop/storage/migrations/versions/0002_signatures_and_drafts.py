"""Handover signatures, local form drafts, and the reason of an inspection amendment.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_draft",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("form_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_draft_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_form_draft_kind"), ["kind"], unique=False)

    op.create_table(
        "handover_signature",
        sa.Column("handover_id", sa.String(length=36), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("strokes", sa.Text(), nullable=False),
        sa.Column("image_sha256", sa.String(length=64), nullable=False),
        sa.Column("captured_at", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("handover_signature", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handover_signature_handover_id"), ["handover_id"], unique=False
        )

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amend_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("amend_reason")

    with op.batch_alter_table("handover_signature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_signature_handover_id"))

    op.drop_table("handover_signature")
    with op.batch_alter_table("form_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_draft_kind"))
        batch_op.drop_index(batch_op.f("ix_form_draft_account_id"))

    op.drop_table("form_draft")
