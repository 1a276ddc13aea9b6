"""Journal entries applied to the database, so a replayed entry is written only once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTCDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "journal_applied",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("applied_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name="fk_journal_applied_case_id_cases",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name="pk_journal_applied"),
    )


def downgrade() -> None:
    op.drop_table("journal_applied")
