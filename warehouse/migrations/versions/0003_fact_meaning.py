"""What each target and actual measures, and what a parse could not read.

New columns only: ``targets.basis``/``measure``, ``actuals.period``/``basis``/``measure``
(see ``core.records``: annual, average_annual, cumulative, period_end; level,
growth_rate, change) and ``document_versions.unread_json`` (parts of the document a
parser could not read; the version is incomplete when it is not empty). Rows loaded
before this revision read as annual figures of unknown measure.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("targets") as batch_op:
        batch_op.add_column(sa.Column("basis", sa.String(length=20), nullable=False, server_default="annual"))
        batch_op.add_column(sa.Column("measure", sa.String(length=20), nullable=True))
    with op.batch_alter_table("actuals") as batch_op:
        batch_op.add_column(sa.Column("period", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("basis", sa.String(length=20), nullable=False, server_default="annual"))
        batch_op.add_column(sa.Column("measure", sa.String(length=20), nullable=True))
    with op.batch_alter_table("document_versions") as batch_op:
        batch_op.add_column(sa.Column("unread_json", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("document_versions") as batch_op:
        batch_op.drop_column("unread_json")
    with op.batch_alter_table("actuals") as batch_op:
        batch_op.drop_column("measure")
        batch_op.drop_column("basis")
        batch_op.drop_column("period")
    with op.batch_alter_table("targets") as batch_op:
        batch_op.drop_column("measure")
        batch_op.drop_column("basis")
