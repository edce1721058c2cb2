"""Versions keyed by parser version too; fetches.year; expected_documents.

A re-parse of the same text by a newer parser becomes a new version that supersedes the
old one (the old facts are kept), instead of colliding with it. ``fetches.year`` keeps the
crawler's year guess when the manifest has one; ``expected_documents`` lists what the
registry and the fetches say should exist, for the coverage view.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("document_versions") as batch_op:
        batch_op.drop_constraint("uq_document_versions_document_id_text_sha256", type_="unique")
        batch_op.create_unique_constraint(
            "uq_document_versions_document_id_text_sha256_parser_version",
            ["document_id", "text_sha256", "parser_version"],
        )
    with op.batch_alter_table("fetches") as batch_op:
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
    op.create_table(
        "expected_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_documents")),
        sa.UniqueConstraint("jurisdiction_code", "kind", "year", "origin",
                            name=op.f("uq_expected_documents_jurisdiction_code_kind_year_origin")),
    )


def downgrade() -> None:
    op.drop_table("expected_documents")
    with op.batch_alter_table("fetches") as batch_op:
        batch_op.drop_column("year")
    with op.batch_alter_table("document_versions") as batch_op:
        batch_op.drop_constraint("uq_document_versions_document_id_text_sha256_parser_version", type_="unique")
        batch_op.create_unique_constraint("uq_document_versions_document_id_text_sha256",
                                          ["document_id", "text_sha256"])
