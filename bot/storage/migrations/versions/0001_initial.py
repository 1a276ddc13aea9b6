"""Create the initial schema: cases, events, pending actions, evidence chain, kv.

Revision ID: 0001
Revises:
Create Date: 2026-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# Timestamps are stored as UTC; bot.storage.models.UTCDateTime converts on the way.
UTCDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("community", name="pk_counters"),
    )
    op.create_table(
        "cases",
        sa.Column("id", BigId, nullable=False),
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=True),
        sa.Column("moderator_id", sa.String(255), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("rule", sa.String(255), nullable=True),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("room", sa.String(255), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("community", "number", name="uq_cases_community_number"),
        sa.CheckConstraint("kind IN ('auto', 'manual', 'platform')", name="ck_cases_kind"),
    )
    op.create_index(
        "ix_cases_community_user_created", "cases", ["community", "user_id", "created_at"]
    )
    op.create_index("ix_cases_active_expires", "cases", ["active", "expires_at"])

    op.create_table(
        "case_events",
        sa.Column("id", BigId, nullable=False),
        sa.Column("case_id", BigId, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("author", sa.String(255), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_events"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_events_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_case_events_case_id", "case_events", ["case_id"])

    op.create_table(
        "pending_actions",
        sa.Column("id", BigId, nullable=False),
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("dedupe_key", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pending_actions"),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name="fk_pending_actions_case_id_cases",
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("dedupe_key", name="uq_pending_actions_dedupe_key"),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'given_up')", name="ck_pending_actions_status"
        ),
    )
    op.create_index(
        "ix_pending_actions_status_next", "pending_actions", ["status", "next_attempt_at"]
    )
    op.create_index("ix_pending_actions_case_id", "pending_actions", ["case_id"])

    op.create_table(
        "evidence",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("purged_at", UTCDateTime, nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_evidence"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_evidence_case_id_cases", ondelete="RESTRICT"
        ),
    )
    op.create_index("ix_evidence_community", "evidence", ["community"])
    op.create_index("ix_evidence_case_id", "evidence", ["case_id"])
    op.create_index("ix_evidence_at", "evidence", ["at"])

    head = op.create_table(
        "evidence_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_head"),
        sa.CheckConstraint("id = 1", name="ck_evidence_head_single_row"),
    )
    # The one head row exists from the start so appends only ever lock and update it.
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])

    op.create_table(
        "kv",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_kv"),
    )


def downgrade() -> None:
    op.drop_table("kv")
    op.drop_table("evidence_head")
    op.drop_table("evidence")
    op.drop_table("pending_actions")
    op.drop_table("case_events")
    op.drop_table("cases")
    op.drop_table("counters")
