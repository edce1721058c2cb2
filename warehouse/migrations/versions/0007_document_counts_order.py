"""``summary_document_counts`` keeps each row's level (document | part, as v_document_counts
states it) and an index in the order the named query ``task-counts`` returns its rows
(jurisdiction, year, kind, what, level, sort_order): the whole country is read in index
order instead of sorting 384k rows per place group at query time. The index replaces
``ix_summary_document_counts_place``, its prefix. The table holds derived rows only, so it
is made anew and filled from the facts already loaded (a NOT NULL column cannot be added to
a filled SQLite table).

Revision ID: 0007
Revises: 0006
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.drop_table("summary_document_counts")
    op.create_table(
        "summary_document_counts", _int("id"), _int("document_id"), _int("version_id"),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("doc_key", sa.String(length=100), nullable=False),
        sa.Column("document_completeness", sa.String(length=20), nullable=True),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("part", sa.Text(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        _int("declared_count", True), _int("parsed_count", True), _int("sort_order"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_document_counts")),
    )
    op.create_index("ix_summary_document_counts_order", "summary_document_counts",
                    ["jurisdiction_code", "year", "kind", "what", "level", "sort_order"])
    op.create_index(op.f("ix_summary_document_counts_document_id"), "summary_document_counts", ["document_id"])

    from warehouse.summaries import rebuild  # the one definition of the summary rows

    rebuild(op.get_bind(), ["summary_document_counts"])


def downgrade() -> None:
    with op.batch_alter_table("summary_document_counts") as batch_op:
        batch_op.drop_index("ix_summary_document_counts_order")
        batch_op.drop_column("level")
        batch_op.create_index("ix_summary_document_counts_place", ["jurisdiction_code", "year"])
