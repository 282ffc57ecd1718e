"""Teams of teams: team.parent_id and children_deadline_working_days, activity.shared_code, period_closing

Every existing team stays on its own (no parent) with the default deadline of 10 working days for teams under it;
no activity has a shared code; no period is closed yet.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place on both engines: rebuilding team or activity would trip the foreign keys that point at them on
    # SQLite, whose ALTER TABLE ADD COLUMN takes a REFERENCES clause but no separate constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE team ADD COLUMN parent_id INTEGER REFERENCES team (id)")
    else:
        op.add_column("team", sa.Column("parent_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_team_parent_id_team", "team", "team", ["parent_id"], ["id"])
    with op.batch_alter_table("team", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("children_deadline_working_days", sa.Integer(), nullable=False, server_default="10")
        )
        batch_op.create_index(batch_op.f("ix_team_parent_id"), ["parent_id"], unique=False)
    with op.batch_alter_table("activity", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("shared_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_activity_shared_code"), ["shared_code"], unique=False)
    op.create_table(
        "period_closing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("reopened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reopened_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["closed_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["reopened_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "period_key"),
    )
    op.create_index(op.f("ix_period_closing_team_id"), "period_closing", ["team_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_period_closing_team_id"), table_name="period_closing")
    op.drop_table("period_closing")
    with op.batch_alter_table("activity", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_shared_code"))
        batch_op.drop_column("shared_code")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_team_parent_id_team", "team", type_="foreignkey")
    with op.batch_alter_table("team", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_parent_id"))
        batch_op.drop_column("children_deadline_working_days")
        batch_op.drop_column("parent_id")
