"""Indexes for the load's per-document work. Added: ``jurisdictions(parent_code)``: the
summary refresh finds a place's children once per loaded document (PARENT_TARGETS' rows,
summary_target_gap's descendants), and without it scanned every jurisdiction each time, a
cost that grew with the registry (46 → 229 jurisdictions between the 500- and the
5,000-document corpus: those two statements' SQLite work ×25 and ×40 for ×10 documents; a
deployment registers 3,200). Dropped: the single-column index on the link tables' owner
(``ix_task_units_task_id``, ``ix_target_units_target_id``, ``ix_task_leaders_task_id``,
``ix_target_leaders_target_id``): the unique key of each table leads with that column and
answers the same look-ups, and every row the load writes paid for both (task_units: 70,804
rows per 500 documents, its inserts 16 % cheaper without it). No view or named query reads
these tables (EXPLAIN on a national-scale PostgreSQL warehouse: none of the four dropped
indexes in any plan). Nothing else changes: no row, no column.

Revision ID: 0012
Revises: 0011
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# link table -> the column its unique key leads with
_OWNERS = {"task_units": "task_id", "target_units": "target_id", "task_leaders": "task_id",
           "target_leaders": "target_id"}


def upgrade() -> None:
    op.create_index("ix_jurisdictions_parent_code", "jurisdictions", ["parent_code"])
    for table, column in _OWNERS.items():
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade() -> None:
    for table, column in _OWNERS.items():
        op.create_index(f"ix_{table}_{column}", table, [column])
    op.drop_index("ix_jurisdictions_parent_code", table_name="jurisdictions")
