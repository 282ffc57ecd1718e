"""How each indicator is read: activity.direction, target.value_min/value_max, the team's cap and rating scale

activity.measure may now also be 'level' (a tingkat indicator); its column is wide enough, so only the new columns
are added. Each NOT NULL column gets a server default that keeps every existing row meaning what it meant: direction
'naik', achievement_cap 150 (today's fixed cap; NULL means no cap), rating_scale 'predikat', yellow_limit 25; the
range bounds are NULL (a single-value target).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN with a default on both engines: existing rows take the default, nothing is rewritten.
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("achievement_cap", sa.Integer(), nullable=True, server_default="150"))
        batch_op.add_column(
            sa.Column(
                "rating_scale",
                sqlmodel.sql.sqltypes.AutoString(length=12),
                nullable=False,
                server_default="predikat",
            )
        )
        batch_op.add_column(sa.Column("yellow_limit", sa.Float(), nullable=False, server_default="25"))
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False, server_default="naik")
        )
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value_min", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("value_max", sa.Float(), nullable=True))


def downgrade() -> None:
    # Back to one value per target, naik, cap 150 and predikat: level activities read as per_period.
    op.execute("UPDATE activity SET measure = 'per_period' WHERE measure = 'level'")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_column("value_max")
        batch_op.drop_column("value_min")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("direction")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("yellow_limit")
        batch_op.drop_column("rating_scale")
        batch_op.drop_column("achievement_cap")
