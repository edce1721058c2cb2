"""An index on ``summary_target_actuals(year)``: ``v_series`` runs its years from the first
to the last year of that table, and the index answers MIN/MAX without reading the table
(at national scale, 512k rows read twice for every filtered series).

Revision ID: 0005
Revises: 0004
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_summary_target_actuals_year", "summary_target_actuals", ["year"])


def downgrade() -> None:
    op.drop_index("ix_summary_target_actuals_year", table_name="summary_target_actuals")
