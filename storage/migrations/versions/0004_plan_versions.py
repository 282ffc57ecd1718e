"""Plan versions: plan_version, plan_target (the targets each version set) and activity.stopped_from

Every team that has a plan gets version 1 (the plan *murni*), made by the migration, applying from the team's first
period; its targets are copied into plan_target. Its snapshot stays NULL: the application takes it from the stored
plan before a second version changes anything. Reports are not touched, so they keep their figures.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("effective_from", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("correction", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "number"),
    )
    op.create_index(op.f("ix_plan_version_team_id"), "plan_version", ["team_id"], unique=False)
    op.create_table(
        "plan_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("planned_budget", sa.BigInteger(), nullable=True),
        sa.Column("planned_physical", sa.Float(), nullable=True),
        sa.Column("value_min", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["plan_version.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "activity_id", "period_key"),
    )
    op.create_index(op.f("ix_plan_target_version_id"), "plan_target", ["version_id"], unique=False)
    op.create_index(op.f("ix_plan_target_activity_id"), "plan_target", ["activity_id"], unique=False)
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stopped_from", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))

    # Version 1 for every team with a plan: its first period, and a copy of every target.
    bind = op.get_bind()
    versions = sa.table(
        "plan_version",
        sa.column("team_id", sa.Integer()),
        sa.column("number", sa.Integer()),
        sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("author", sa.String()),
        sa.column("basis", sa.String()),
        sa.column("reason", sa.String()),
        sa.column("effective_from", sa.String()),
        sa.column("correction", sa.Boolean()),
        sa.column("summary", sa.JSON()),
    )
    now = datetime.now(UTC)
    teams = bind.execute(sa.text("SELECT id, year, period_kind FROM team ORDER BY id")).all()
    for team_id, year, period_kind in teams:
        first = f"{year}-01" if period_kind == "month" else f"{year}-Q1"
        bind.execute(
            versions.insert().values(
                team_id=team_id,
                number=1,
                created_at=now,
                author="",
                basis="",
                reason="",
                effective_from=first,
                correction=False,
                summary={},
            )
        )
        version_id = bind.execute(
            sa.text("SELECT id FROM plan_version WHERE team_id = :team AND number = 1"), {"team": team_id}
        ).scalar_one()
        bind.execute(
            sa.text(
                "INSERT INTO plan_target (version_id, activity_id, period_key, present, value, planned_budget, "
                "planned_physical, value_min, value_max) "
                "SELECT :version, t.activity_id, t.period_key, :present, t.value, t.planned_budget, "
                "t.planned_physical, t.value_min, t.value_max FROM target t JOIN activity a ON a.id = t.activity_id "
                "JOIN program p ON p.id = a.program_id WHERE p.team_id = :team"
            ).bindparams(sa.bindparam("present", type_=sa.Boolean())),
            {"version": version_id, "team": team_id, "present": True},
        )


def downgrade() -> None:
    # Back to one plan in place: the targets in force stay in ``target``; the history and the stop marks go.
    # ALTER TABLE DROP COLUMN in place (SQLite >= 3.35): rebuilding ``activity`` would trip the foreign keys of the
    # targets and reports that point at it.
    with op.batch_alter_table("activity", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("stopped_from")
    op.drop_index(op.f("ix_plan_target_activity_id"), table_name="plan_target")
    op.drop_index(op.f("ix_plan_target_version_id"), table_name="plan_target")
    op.drop_table("plan_target")
    op.drop_index(op.f("ix_plan_version_team_id"), table_name="plan_version")
    op.drop_table("plan_version")
