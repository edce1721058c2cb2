"""``summary_measured_targets`` keeps the parent jurisdiction's preferred target beside each
target (parent_low, parent_high, parent_qualifier, parent_value_unit, parent_doc_key: what
``v_targets`` joined from ``summary_preferred_targets`` at query time), so a whole-country
``v_targets`` is a scan of one table and the two small jurisdiction joins instead of a
parallel join of 1.28M targets to the parents' targets. Filled from the summary rows already
kept.

Revision ID: 0009
Revises: 0008
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_COLUMNS = (("parent_low", sa.Float()), ("parent_high", sa.Float()), ("parent_qualifier", sa.String(20)),
            ("parent_value_unit", sa.String(50)), ("parent_doc_key", sa.String(100)))


def upgrade() -> None:
    for name, type_ in _COLUMNS:
        op.add_column("summary_measured_targets", sa.Column(name, type_, nullable=True))

    from warehouse.summaries import fill_parent_targets  # the one definition of the parent values

    fill_parent_targets(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("summary_measured_targets") as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
