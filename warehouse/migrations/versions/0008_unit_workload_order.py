"""``summary_unit_workload`` keeps each unit's canonical name (``units.name``, never changed
once written) and an index in the order the named query ``lead-units`` returns its rows
(jurisdiction, year, doc_key, lead_tasks DESC, lead_targets DESC, unit_name): the whole
country is read in index order instead of joining 1.28M rows to ``units`` and sorting them
on disk. The index replaces ``ix_summary_unit_workload_place``, its prefix. The table holds
derived rows only, so it is made anew and filled from the facts already loaded (a NOT NULL
column cannot be added to a filled SQLite table).

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.drop_table("summary_unit_workload")
    op.create_table(
        "summary_unit_workload", _int("id"), _int("document_id"),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("doc_key", sa.String(length=100), nullable=False), _int("unit_id"),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        _int("lead_tasks"), _int("lead_targets"), _int("lead_tasks_inherited"), _int("other_role_tasks"),
        _int("other_role_targets"), _int("spellings"), _int("tasks_in_document", True), _int("rank"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_unit_workload")),
        sa.UniqueConstraint("document_id", "unit_id", name=op.f("uq_summary_unit_workload_document_id_unit_id")),
    )
    op.create_index("ix_summary_unit_workload_order", "summary_unit_workload",
                    ["jurisdiction_code", "year", "doc_key", sa.text("lead_tasks DESC"), sa.text("lead_targets DESC"),
                     "unit_name"])

    from warehouse.summaries import rebuild  # the one definition of the summary rows

    rebuild(op.get_bind(), ["summary_unit_workload"])


def downgrade() -> None:
    with op.batch_alter_table("summary_unit_workload") as batch_op:
        batch_op.drop_index("ix_summary_unit_workload_order")
        batch_op.drop_column("unit_name")
        batch_op.create_index("ix_summary_unit_workload_place", ["jurisdiction_code", "year"])
