"""Summary tables the views read, and the indexes per-jurisdiction coverage needs.

``summary_document_counts``, ``summary_unit_workload``, ``summary_preferred_targets`` and
``summary_target_actuals``, ``summary_document_checks`` hold the per-document aggregates the views used to compute over
every document at query time; the load refreshes them for the documents it changed
(``warehouse.summaries``), and this migration fills them from the facts already loaded.
``fetches(jurisdiction_code, year, kind)`` and ``provenances(url)`` give the coverage view an
access path per cell.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "summary_document_counts", _id(), _int("document_id"), _int("version_id"),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("doc_key", sa.String(length=100), nullable=False),
        sa.Column("document_completeness", sa.String(length=20), nullable=True),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("part", sa.Text(), nullable=True),
        _int("declared_count", True), _int("parsed_count", True), _int("sort_order"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_document_counts")),
    )
    op.create_index("ix_summary_document_counts_place", "summary_document_counts", ["jurisdiction_code", "year"])
    op.create_index(op.f("ix_summary_document_counts_document_id"), "summary_document_counts", ["document_id"])
    op.create_table(
        "summary_unit_workload", _id(), _int("document_id"),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("doc_key", sa.String(length=100), nullable=False), _int("unit_id"),
        _int("lead_tasks"), _int("lead_targets"), _int("lead_tasks_inherited"), _int("other_role_tasks"),
        _int("other_role_targets"), _int("spellings"), _int("tasks_in_document", True), _int("rank"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_unit_workload")),
        sa.UniqueConstraint("document_id", "unit_id", name=op.f("uq_summary_unit_workload_document_id_unit_id")),
    )
    op.create_index("ix_summary_unit_workload_place", "summary_unit_workload", ["jurisdiction_code", "year"])
    op.create_table(
        "summary_preferred_targets", _id(),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("indicator_code", sa.String(length=100), nullable=False),
        _int("target_id"), _int("document_id"),
        sa.Column("low", sa.Float(), nullable=True), sa.Column("high", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=False),
        sa.Column("value_unit", sa.String(length=50), nullable=True),
        sa.Column("doc_key", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_preferred_targets")),
        sa.UniqueConstraint("jurisdiction_code", "year", "period", "indicator_code",
                            name="uq_summary_preferred_targets_key"),
    )
    op.create_table(
        "summary_target_actuals", _id(),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False), _int("year"),
        sa.Column("indicator_code", sa.String(length=100), nullable=False),
        _int("target_id", True), _int("target_document_id", True),
        sa.Column("target_kind", sa.String(length=20), nullable=True),
        sa.Column("target_doc_key", sa.String(length=100), nullable=True),
        sa.Column("target_indicator_raw", sa.Text(), nullable=True),
        sa.Column("target_low", sa.Float(), nullable=True), sa.Column("target_high", sa.Float(), nullable=True),
        sa.Column("target_qualifier", sa.String(length=20), nullable=True),
        sa.Column("target_unit", sa.String(length=50), nullable=True),
        sa.Column("target_raw", sa.Text(), nullable=True),
        _int("actual_id", True), _int("actual_document_id", True),
        sa.Column("actual_doc_key", sa.String(length=100), nullable=True),
        sa.Column("actual_indicator_raw", sa.Text(), nullable=True),
        sa.Column("actual_value", sa.Float(), nullable=True),
        sa.Column("actual_unit", sa.String(length=50), nullable=True),
        sa.Column("actual_raw", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_target_actuals")),
        sa.UniqueConstraint("jurisdiction_code", "year", "indicator_code",
                            name="uq_summary_target_actuals_key"),
    )
    op.create_table(
        "summary_document_checks", sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        _int("expectations_run"), _int("critical_failures"), _int("warnings"), _int("sources"),
        sa.Column("example_url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_summary_document_checks")),
    )
    with op.batch_alter_table("fetches") as batch_op:
        batch_op.create_index("ix_fetches_place", ["jurisdiction_code", "year", "kind"])
    with op.batch_alter_table("provenances") as batch_op:
        batch_op.create_index("ix_provenances_url", ["url"])

    from warehouse.summaries import rebuild  # the one definition of the summary rows

    # the tables made here; summary_document_counts and summary_unit_workload are filled by 0007
    # and 0008, whose columns their rows need
    rebuild(op.get_bind(), ["summary_document_checks", "summary_preferred_targets", "summary_target_actuals"])


def downgrade() -> None:
    with op.batch_alter_table("provenances") as batch_op:
        batch_op.drop_index("ix_provenances_url")
    with op.batch_alter_table("fetches") as batch_op:
        batch_op.drop_index("ix_fetches_place")
    for table in ("summary_document_checks", "summary_target_actuals", "summary_preferred_targets", "summary_unit_workload",
                  "summary_document_counts"):
        op.drop_table(table)
