"""Leaner derived state: heads kept only for records in conflict; no parent-edge table.

``record_head`` held one row per head of every record, keyed by two random ids, and
``revision_parent`` two more random-key indexes per revision that nothing read (the parents
are in ``revision.parents``). At headquarters an import of one laptop's file rewrote nearly
every page of those indexes. A record with one head has it as its winner already; only records
in conflict now list their heads, in ``conflict_head``.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflict_head",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "rev_id"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO conflict_head (record_id, rev_id) "
        "SELECT h.record_id, h.rev_id FROM record_head h "
        "JOIN record r ON r.record_id = h.record_id WHERE r.head_count > 1"
    )
    op.drop_table("record_head")
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS revision_parent_no_{action}")
    op.drop_index("ix_revision_parent_parent", table_name="revision_parent")
    op.drop_table("revision_parent")


def downgrade() -> None:
    op.create_table(
        "revision_parent",
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("rev_id", "parent_id"),
    )
    op.create_index("ix_revision_parent_parent", "revision_parent", ["parent_id"])
    op.execute(
        "INSERT INTO revision_parent (rev_id, parent_id, record_id) "
        "SELECT r.rev_id, p.value, r.record_id FROM revision r, json_each(r.parents) p"
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER revision_parent_no_{action.lower()} BEFORE {action} ON "
            "revision_parent BEGIN SELECT RAISE(ABORT, 'revision_parent rows are append-only'); "
            "END"
        )
    op.create_table(
        "record_head",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "rev_id"),
    )
    op.execute(
        "INSERT INTO record_head (record_id, rev_id) "
        "SELECT record_id, winner_rev_id FROM record WHERE head_count = 1 "
        "UNION ALL SELECT record_id, rev_id FROM conflict_head"
    )
    op.drop_table("conflict_head")
