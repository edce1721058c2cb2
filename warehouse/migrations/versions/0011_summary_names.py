"""The names the last two whole-country reads over a second joined for, stored in their
summary rows: ``summary_measured_targets`` keeps its jurisdiction's name and level, its
parent's code and name and its indicator's name (v_targets, the named query targets), and
``summary_target_gap`` its jurisdiction's and its ancestor's name and level and its
indicator's name (v_target_gap, target-gap), so each reads one table in its index's order
with no look-up per row (1.28M probes each of up to three joins at scale 1.0). Filled from
the dimensions (``warehouse.summary_names.fill_all``); the load keeps them
(``warehouse/summary_names.py``). On PostgreSQL the rows the fill rewrote are put back in
the order of the named queries' indexes (CLUSTER), as 0010 left them.

Revision ID: 0011
Revises: 0010
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_NAME, _LEVEL, _CODE = sa.String(200), sa.String(20), sa.String(12)
_COLUMNS = {
    "summary_measured_targets": (("jurisdiction_name", _NAME), ("jurisdiction_level", _LEVEL),
                                 ("parent_code", _CODE), ("parent_name", _NAME), ("indicator_name", _NAME)),
    "summary_target_gap": (("jurisdiction_name", _NAME), ("level", _LEVEL), ("ancestor_name", _NAME),
                           ("ancestor_level", _LEVEL), ("indicator_name", _NAME)),
}


def upgrade() -> None:
    for table, columns in _COLUMNS.items():
        for name, type_ in columns:
            op.add_column(table, sa.Column(name, type_, nullable=True))

    from warehouse.summary_names import fill_all  # the one definition of the stored names

    bind = op.get_bind()
    fill_all(bind)
    if bind.dialect.name == "postgresql":
        op.execute("CLUSTER summary_measured_targets USING ix_summary_measured_targets_order")
        op.execute("CLUSTER summary_target_gap USING uq_summary_target_gap_order")
        op.execute("ANALYZE summary_measured_targets")
        op.execute("ANALYZE summary_target_gap")


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN in place (SQLite >= 3.35): batch mode would copy the table
    # and lose its expression index (ix_summary_measured_targets_order), which it cannot reflect
    for table, columns in _COLUMNS.items():
        for name, _ in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
