"""Obstacles followed across periods, the plenary's action items, and evidence sent later

New tables ``obstacle`` (a kendala open until a report resolves it) and ``action_item`` (what the plenary decided,
who does it by when). ``report_revision.evidence_later`` marks a report sent with "bukti menyusul" (false for every
existing revision) and ``team.evidence_reminder_days`` says after how many days its focal point is reminded (3 for
every existing team). Existing obstacles stay as the free text of their revisions: nothing is guessed from them.

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-20 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("evidence_reminder_days", sa.Integer(), nullable=False, server_default="3"))
    with op.batch_alter_table("report_revision", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("evidence_later", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "obstacle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("needs_decision", sa.Boolean(), nullable=False),
        sa.Column("opened_period_key", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("opened_revision_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_revision_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("resolved_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"]),
        sa.ForeignKeyConstraint(["opened_revision_id"], ["report_revision.id"]),
        sa.ForeignKeyConstraint(["resolved_revision_id"], ["report_revision.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.ForeignKeyConstraint(["updated_revision_id"], ["report_revision.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_obstacle_activity_id"), "obstacle", ["activity_id"], unique=False)
    op.create_index(op.f("ix_obstacle_team_id"), "obstacle", ["team_id"], unique=False)
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("obstacle_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("done_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("reopened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reopened_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["done_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["obstacle_id"], ["obstacle.id"]),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["reopened_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_action_item_obstacle_id"), "action_item", ["obstacle_id"], unique=False)
    op.create_index(op.f("ix_action_item_organization_id"), "action_item", ["organization_id"], unique=False)
    op.create_index(op.f("ix_action_item_team_id"), "action_item", ["team_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_action_item_team_id"), table_name="action_item")
    op.drop_index(op.f("ix_action_item_organization_id"), table_name="action_item")
    op.drop_index(op.f("ix_action_item_obstacle_id"), table_name="action_item")
    op.drop_table("action_item")
    op.drop_index(op.f("ix_obstacle_team_id"), table_name="obstacle")
    op.drop_index(op.f("ix_obstacle_activity_id"), table_name="obstacle")
    op.drop_table("obstacle")
    with op.batch_alter_table("report_revision", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("evidence_later")
    with op.batch_alter_table("team", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("evidence_reminder_days")
