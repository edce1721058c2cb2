"""``summary_measured_targets``: v_measured_targets' rows kept by the load (what each target
measures and its preference among its jurisdiction-year's like targets), so the whole-country
reads of ``v_measured_targets``, ``v_target_gap`` and ``v_targets`` scan one table instead of
joining 1.28M targets to their documents and ranking them at query time. Filled from the
facts already loaded. And an index on ``summary_target_actuals`` in the order the named query
``target-vs-actual`` returns its rows (indicator, year, jurisdiction): the whole country is read
in that order instead of sorting 512k rows on disk.

Revision ID: 0006
Revises: 0005
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _text(name: str, length: int | None = None, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length) if length else sa.Text(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "summary_measured_targets", sa.Column("target_id", sa.Integer(), autoincrement=False, nullable=False),
        _int("document_id"), _text("jurisdiction_code", 12), _int("year"), _text("kind", 20),
        _text("doc_key", 100), _int("ordinal"), _int("seq", True), _text("period", 20),
        _text("indicator_code", 100, True), _text("indicator_raw"),
        sa.Column("low", sa.Float(), nullable=True), sa.Column("high", sa.Float(), nullable=True),
        _text("qualifier", 20), _text("value_unit", 50, True), _text("raw"), _text("span_section", 300),
        _int("span_line"), _int("span_row", True), _text("measure"), _text("basis", 20),
        sa.Column("value_low", sa.Float(), nullable=True), sa.Column("value_high", sa.Float(), nullable=True),
        _int("is_range"), _text("quantity"), _int("preference"),
        sa.PrimaryKeyConstraint("target_id", name=op.f("pk_summary_measured_targets")),
    )
    op.create_index("ix_summary_measured_targets_key", "summary_measured_targets",
                    ["jurisdiction_code", "year", "period", "indicator_code"])

    op.create_index("ix_summary_target_actuals_order", "summary_target_actuals",
                    ["indicator_code", "year", "jurisdiction_code"])

    from warehouse.summaries import rebuild  # the one definition of the summary rows

    rebuild(op.get_bind(), ["summary_measured_targets"])


def downgrade() -> None:
    op.drop_index("ix_summary_target_actuals_order", table_name="summary_target_actuals")
    op.drop_table("summary_measured_targets")
