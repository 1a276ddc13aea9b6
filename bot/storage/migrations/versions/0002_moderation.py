"""Moderator workflow: dismissed cases, report messages and their cases, user reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-03-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTCDateTime = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A plain ADD COLUMN (no table rebuild): SQLite would cascade a rebuild into case_events.
    op.add_column(
        "cases",
        sa.Column("dismissed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    op.create_table(
        "user_reports",
        sa.Column("id", BigId, nullable=False),
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.String(255), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("room", sa.String(255), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("reported_user_id", sa.String(255), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("decided_at", UTCDateTime, nullable=True),
        sa.Column("decided_by", sa.String(255), nullable=True),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("evidence_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_reports"),
        sa.UniqueConstraint("community", "number", name="uq_user_reports_community_number"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_user_reports_case_id_cases", ondelete="SET NULL"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'actioned', 'dismissed')", name="ck_user_reports_status"
        ),
    )
    op.create_index(
        "ix_user_reports_community_reported", "user_reports", ["community", "reported_user_id"]
    )

    op.create_table(
        "report_messages",
        sa.Column("id", BigId, nullable=False),
        sa.Column("community", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(255), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("member_id", sa.String(255), nullable=True),
        sa.Column("case_id", BigId, nullable=True),
        sa.Column("user_report_id", BigId, nullable=True),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("opened_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_messages"),
        sa.UniqueConstraint("community", "message_id", name="uq_report_messages_community"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_report_messages_case_id_cases", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_report_id"],
            ["user_reports.id"],
            name="fk_report_messages_user_report_id_user_reports",
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "status IN ('open', 'actioned', 'dismissed')", name="ck_report_messages_status"
        ),
    )
    op.create_index(
        "ix_report_messages_member_opened",
        "report_messages",
        ["community", "member_id", "opened_at"],
    )

    op.create_table(
        "report_cases",
        sa.Column("report_id", BigId, nullable=False),
        sa.Column("case_id", BigId, nullable=False),
        sa.PrimaryKeyConstraint("report_id", "case_id", name="pk_report_cases"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report_messages.id"],
            name="fk_report_cases_report_id_report_messages",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_report_cases_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_report_cases_case_id", "report_cases", ["case_id"])


def downgrade() -> None:
    op.drop_table("report_cases")
    op.drop_table("report_messages")
    op.drop_table("user_reports")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("dismissed")
