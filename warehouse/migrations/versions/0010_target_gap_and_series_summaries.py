"""The last whole-country reads over a second, read in their named queries' order:
``summary_target_gap`` (v_target_gap's rows: each preferred numeric target beside every
ancestor's, kept by the load) and ``summary_series`` (v_series' rows, kept per jurisdiction),
each with a unique key in its named query's ORDER BY (target-gap, series); and an index on
``summary_measured_targets`` in the named query targets' ORDER BY. Both tables are filled
from the summary rows already kept (in their key's order); on PostgreSQL
summary_measured_targets and summary_target_actuals are rewritten in the order of their
named queries' indexes (targets, target-vs-actual: CLUSTER), as a rebuild now writes them, so
reading them in that order reads the heap in order.

Revision ID: 0010
Revises: 0009
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, Sequence[str], None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _col(name: str, type_, nullable: bool = False) -> sa.Column:
    return sa.Column(name, type_, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "summary_target_gap", _col("id", sa.Integer()),
        _col("jurisdiction_code", sa.String(12)), _col("year", sa.Integer()), _col("period", sa.String(20)),
        _col("indicator_code", sa.String(100)), _col("measure", sa.Text()), _col("basis", sa.String(20)),
        _col("quantity", sa.Text()), _col("low", sa.Float(), True), _col("high", sa.Float(), True),
        _col("qualifier", sa.String(20)), _col("value_unit", sa.String(50), True), _col("raw", sa.Text()),
        _col("doc_key", sa.String(100)), _col("depth", sa.Integer()), _col("ancestor_code", sa.String(12)),
        _col("pairing", sa.String(20)), _col("ancestor_low", sa.Float(), True),
        _col("ancestor_high", sa.Float(), True), _col("ancestor_qualifier", sa.String(20), True),
        _col("ancestor_value_unit", sa.String(50), True), _col("ancestor_raw", sa.Text(), True),
        _col("ancestor_doc_key", sa.String(100), True), _col("compared", sa.String(10), True),
        _col("difference", sa.Float(), True), _col("difference_low", sa.Float(), True),
        _col("difference_high", sa.Float(), True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_target_gap")),
        sa.UniqueConstraint("indicator_code", "year", "jurisdiction_code", "period", "quantity", "depth",
                            name="uq_summary_target_gap_order"),
    )
    op.create_index("ix_summary_target_gap_place", "summary_target_gap", ["jurisdiction_code", "year"])
    op.create_index("ix_summary_target_gap_ancestor", "summary_target_gap", ["ancestor_code", "year"])
    op.create_table(
        "summary_series", _col("id", sa.Integer()),
        _col("jurisdiction_code", sa.String(12)), _col("indicator_code", sa.String(100)), _col("year", sa.Integer()),
        _col("status", sa.String(20)), _col("year_documents", sa.Integer()),
        _col("target_low", sa.Float(), True), _col("target_high", sa.Float(), True),
        _col("target_qualifier", sa.String(20), True), _col("target_unit", sa.String(50), True),
        _col("target_measure", sa.Text(), True), _col("target_raw", sa.Text(), True),
        _col("target_kind", sa.String(20), True), _col("target_doc_key", sa.String(100), True),
        _col("actual_value", sa.Float(), True), _col("actual_unit", sa.String(50), True),
        _col("actual_raw", sa.Text(), True), _col("actual_doc_key", sa.String(100), True),
        _col("gap", sa.Float(), True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_series")),
        sa.UniqueConstraint("jurisdiction_code", "indicator_code", "year", name="uq_summary_series_order"),
    )
    op.create_index("ix_summary_measured_targets_order", "summary_measured_targets",
                    [sa.text("(CASE WHEN indicator_code IS NULL THEN 1 ELSE 0 END)"), "indicator_code", "year",
                     "jurisdiction_code", "kind", "ordinal"])

    from warehouse.summaries import rebuild  # the one definition of the summary rows

    bind = op.get_bind()
    rebuild(bind, ["summary_target_gap", "summary_series"])
    if bind.dialect.name == "postgresql":
        op.execute("CLUSTER summary_measured_targets USING ix_summary_measured_targets_order")
        op.execute("CLUSTER summary_target_actuals USING ix_summary_target_actuals_order")
        # written in order already: only recorded, so a maintenance CLUSTER restores each order
        op.execute("ALTER TABLE summary_target_gap CLUSTER ON uq_summary_target_gap_order")
        op.execute("ALTER TABLE summary_series CLUSTER ON uq_summary_series_order")


def downgrade() -> None:
    op.drop_index("ix_summary_measured_targets_order", table_name="summary_measured_targets")
    op.drop_table("summary_series")
    op.drop_table("summary_target_gap")
