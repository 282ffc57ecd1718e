"""group_chat.thread_id: the forum topic the group was linked in (NULL: General or not a forum)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column added in place: ALTER TABLE ADD COLUMN on both engines, existing rows keep theirs (NULL).
    with op.batch_alter_table("group_chat", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("group_chat", schema=None) as batch_op:
        batch_op.drop_column("thread_id")
