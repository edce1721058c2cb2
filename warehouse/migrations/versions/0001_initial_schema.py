"""Initial schema: every warehouse table (see warehouse/SCHEMA.md).

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 17:58:39.604439

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('fetches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_key', sa.String(length=64), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('content_type', sa.Text(), nullable=True),
    sa.Column('encoding', sa.String(length=50), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('fetched_at', sa.String(length=40), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('jurisdiction_code', sa.String(length=12), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fetches')),
    sa.UniqueConstraint('row_key', name=op.f('uq_fetches_row_key'))
    )
    with op.batch_alter_table('fetches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fetches_sha256'), ['sha256'], unique=False)

    op.create_table('indicators',
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('unit', sa.String(length=50), nullable=True),
    sa.Column('names_json', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_indicators'))
    )
    op.create_table('jurisdictions',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['jurisdictions.code'], name=op.f('fk_jurisdictions_parent_code_jurisdictions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_jurisdictions'))
    )
    op.create_table('parse_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_key', sa.String(length=64), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=12), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('raw_sha256', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('doc_key', sa.String(length=100), nullable=True),
    sa.Column('parsed_path', sa.Text(), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=True),
    sa.Column('error_type', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.String(length=100), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parse_runs')),
    sa.UniqueConstraint('row_key', name=op.f('uq_parse_runs_row_key'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_key', sa.String(length=100), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('doc_number', sa.String(length=100), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=True),
    sa.Column('written_date', sa.String(length=10), nullable=True),
    sa.Column('published_date', sa.String(length=10), nullable=True),
    sa.Column('session_date', sa.String(length=10), nullable=True),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completeness', sa.String(length=20), nullable=False),
    sa.Column('parsed_count', sa.Integer(), nullable=True),
    sa.Column('declared_count', sa.Integer(), nullable=True),
    sa.Column('completeness_ratio', sa.Float(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['current_version_id'], ['document_versions.id'], name='fk_documents_current_version', use_alter=True),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_documents_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('doc_key', name=op.f('uq_documents_doc_key')),
    sa.UniqueConstraint('jurisdiction_code', 'kind', 'year', name=op.f('uq_documents_jurisdiction_code_kind_year'))
    )
    op.create_table('leaders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_leaders_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leaders')),
    sa.UniqueConstraint('jurisdiction_code', 'name', name=op.f('uq_leaders_jurisdiction_code_name'))
    )
    op.create_table('units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_units_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units')),
    sa.UniqueConstraint('jurisdiction_code', 'name', name=op.f('uq_units_jurisdiction_code_name'))
    )
    op.create_table('document_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('parser', sa.String(length=100), nullable=False),
    sa.Column('parser_version', sa.String(length=50), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('parsed_path', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('doc_number', sa.String(length=100), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=True),
    sa.Column('written_date', sa.String(length=10), nullable=True),
    sa.Column('published_date', sa.String(length=10), nullable=True),
    sa.Column('session_date', sa.String(length=10), nullable=True),
    sa.Column('deadlines_json', sa.Text(), nullable=False),
    sa.Column('notes_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completeness', sa.String(length=20), nullable=False),
    sa.Column('parsed_count', sa.Integer(), nullable=True),
    sa.Column('declared_count', sa.Integer(), nullable=True),
    sa.Column('completeness_ratio', sa.Float(), nullable=True),
    sa.Column('facts_loaded', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('loaded_at', sa.String(length=32), nullable=True),
    sa.Column('superseded_at', sa.String(length=32), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_versions_document_id_documents')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['document_versions.id'], name='fk_document_versions_superseded_by', use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_versions')),
    sa.UniqueConstraint('document_id', 'text_sha256', name=op.f('uq_document_versions_document_id_text_sha256'))
    )
    op.create_table('unit_spellings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('spelling', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_spellings_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_spellings')),
    sa.UniqueConstraint('unit_id', 'spelling', name=op.f('uq_unit_spellings_unit_id_spelling'))
    )
    op.create_table('actuals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=100), nullable=True),
    sa.Column('indicator_raw', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('value_unit', sa.String(length=50), nullable=True),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('span_section', sa.String(length=300), nullable=False),
    sa.Column('span_line', sa.Integer(), nullable=False),
    sa.Column('span_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicators.code'], name=op.f('fk_actuals_indicator_code_indicators')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_actuals_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actuals')),
    sa.UniqueConstraint('version_id', 'ordinal', name=op.f('uq_actuals_version_id_ordinal'))
    )
    with op.batch_alter_table('actuals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actuals_version_id'), ['version_id'], unique=False)

    op.create_table('declared_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=20), nullable=False),
    sa.Column('part', sa.Text(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('parsed_count', sa.Integer(), nullable=True),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('span_section', sa.String(length=300), nullable=False),
    sa.Column('span_line', sa.Integer(), nullable=False),
    sa.Column('span_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_declared_counts_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declared_counts')),
    sa.UniqueConstraint('version_id', 'ordinal', name=op.f('uq_declared_counts_version_id_ordinal'))
    )
    with op.batch_alter_table('declared_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declared_counts_version_id'), ['version_id'], unique=False)

    op.create_table('provenances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.String(length=100), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('fetched_at', sa.String(length=40), nullable=True),
    sa.Column('attachment_sha256_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_provenances_document_id_documents')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_provenances_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provenances')),
    sa.UniqueConstraint('document_id', 'source_id', 'url', 'raw_sha256', name=op.f('uq_provenances_document_id_source_id_url_raw_sha256'))
    )
    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('row_key', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('doc_key', sa.String(length=100), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=True),
    sa.Column('source_id', sa.String(length=100), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('raw_sha256', sa.String(length=64), nullable=True),
    sa.Column('reasons_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('released_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_quarantine_document_id_documents')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_quarantine_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine')),
    sa.UniqueConstraint('row_key', name=op.f('uq_quarantine_row_key'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index('ix_quarantine_doc_key', ['doc_key'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('indicator_code', sa.String(length=100), nullable=True),
    sa.Column('indicator_raw', sa.Text(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('qualifier', sa.String(length=20), nullable=False),
    sa.Column('value_unit', sa.String(length=50), nullable=True),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('span_section', sa.String(length=300), nullable=False),
    sa.Column('span_line', sa.Integer(), nullable=False),
    sa.Column('span_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicators.code'], name=op.f('fk_targets_indicator_code_indicators')),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_targets_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('version_id', 'ordinal', name=op.f('uq_targets_version_id_ordinal'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_version_id'), ['version_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('part', sa.Text(), nullable=True),
    sa.Column('section_path_json', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('leaders_inherited', sa.Boolean(), nullable=False),
    sa.Column('flags_json', sa.Text(), nullable=False),
    sa.Column('span_section', sa.String(length=300), nullable=False),
    sa.Column('span_line', sa.Integer(), nullable=False),
    sa.Column('span_row', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_tasks_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('version_id', 'ordinal', name=op.f('uq_tasks_version_id_ordinal'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_version_id'), ['version_id'], unique=False)

    op.create_table('validation_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('suite', sa.String(length=100), nullable=False),
    sa.Column('expectation', sa.String(length=100), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('details_json', sa.Text(), nullable=False),
    sa.Column('validated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['document_versions.id'], name=op.f('fk_validation_results_version_id_document_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_validation_results')),
    sa.UniqueConstraint('version_id', 'suite', 'expectation', name=op.f('uq_validation_results_version_id_suite_expectation'))
    )
    with op.batch_alter_table('validation_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_validation_results_version_id'), ['version_id'], unique=False)

    op.create_table('target_leaders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['leaders.id'], name=op.f('fk_target_leaders_leader_id_leaders')),
    sa.ForeignKeyConstraint(['target_id'], ['targets.id'], name=op.f('fk_target_leaders_target_id_targets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_leaders')),
    sa.UniqueConstraint('target_id', 'leader_id', name=op.f('uq_target_leaders_target_id_leader_id'))
    )
    with op.batch_alter_table('target_leaders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_leaders_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_target_leaders_target_id'), ['target_id'], unique=False)

    op.create_table('target_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('name_raw', sa.String(length=300), nullable=False),
    sa.Column('inherited', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['targets.id'], name=op.f('fk_target_units_target_id_targets')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_target_units_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_units')),
    sa.UniqueConstraint('target_id', 'role', 'unit_id', name=op.f('uq_target_units_target_id_role_unit_id'))
    )
    with op.batch_alter_table('target_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_units_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_target_units_unit_id'), ['unit_id'], unique=False)

    op.create_table('task_leaders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('inherited', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['leaders.id'], name=op.f('fk_task_leaders_leader_id_leaders')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_leaders_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_leaders')),
    sa.UniqueConstraint('task_id', 'leader_id', name=op.f('uq_task_leaders_task_id_leader_id'))
    )
    with op.batch_alter_table('task_leaders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_leaders_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_leaders_task_id'), ['task_id'], unique=False)

    op.create_table('task_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('name_raw', sa.String(length=300), nullable=False),
    sa.Column('inherited', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_units_task_id_tasks')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_task_units_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_units')),
    sa.UniqueConstraint('task_id', 'role', 'unit_id', name=op.f('uq_task_units_task_id_role_unit_id'))
    )
    with op.batch_alter_table('task_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_units_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_units_unit_id'), ['unit_id'], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        # The documents <-> versions cycle: CREATE TABLE skips these use_alter keys on
        # PostgreSQL (SQLite keeps them inline), so add them once both tables exist.
        op.create_foreign_key("fk_documents_current_version", "documents", "document_versions",
                              ["current_version_id"], ["id"])
        op.create_foreign_key("fk_document_versions_superseded_by", "document_versions",
                              "document_versions", ["superseded_by_id"], ["id"])


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_documents_current_version", "documents", type_="foreignkey")
        op.drop_constraint("fk_document_versions_superseded_by", "document_versions", type_="foreignkey")
    with op.batch_alter_table('task_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_units_unit_id'))
        batch_op.drop_index(batch_op.f('ix_task_units_task_id'))

    op.drop_table('task_units')
    with op.batch_alter_table('task_leaders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_leaders_task_id'))
        batch_op.drop_index(batch_op.f('ix_task_leaders_leader_id'))

    op.drop_table('task_leaders')
    with op.batch_alter_table('target_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_units_unit_id'))
        batch_op.drop_index(batch_op.f('ix_target_units_target_id'))

    op.drop_table('target_units')
    with op.batch_alter_table('target_leaders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_leaders_target_id'))
        batch_op.drop_index(batch_op.f('ix_target_leaders_leader_id'))

    op.drop_table('target_leaders')
    with op.batch_alter_table('validation_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_validation_results_version_id'))

    op.drop_table('validation_results')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_version_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_version_id'))

    op.drop_table('targets')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index('ix_quarantine_doc_key')

    op.drop_table('quarantine')
    op.drop_table('provenances')
    with op.batch_alter_table('declared_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declared_counts_version_id'))

    op.drop_table('declared_counts')
    with op.batch_alter_table('actuals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actuals_version_id'))

    op.drop_table('actuals')
    op.drop_table('unit_spellings')
    op.drop_table('document_versions')
    op.drop_table('units')
    op.drop_table('leaders')
    op.drop_table('documents')
    op.drop_table('parse_runs')
    op.drop_table('jurisdictions')
    op.drop_table('indicators')
    with op.batch_alter_table('fetches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fetches_sha256'))

    op.drop_table('fetches')
