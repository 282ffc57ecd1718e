"""Evidence checks: an index on evidence.file_unique_id

The verification screen and the Excel recap look up, for the evidence shown, every other report holding the same
Telegram file (``storage.verification.reused_evidence``): a join of evidence on itself by ``file_unique_id``, which
without an index reads the whole evidence table once per file shown. No data changes.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-10 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None, recreate="never") as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_file_unique_id"), ["file_unique_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_unique_id"))
