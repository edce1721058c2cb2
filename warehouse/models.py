"""The warehouse schema (SQLAlchemy 2.x). Column-by-column description: ``SCHEMA.md``.

Stable contract: the views and named queries are built on these table and column
names. Add columns; never rename or drop them (and add an Alembic migration).

Conventions: every table has an integer surrogate ``id`` and a natural key with a
unique constraint, so concurrent loaders cannot create duplicates. JSON values are
stored as text (portable between SQLite and PostgreSQL). Timestamps are ISO-8601 UTC
strings written by the loader, so SQLite and PostgreSQL return identical values.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    text,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names so migrations and both databases agree.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- dimensions -------------------------------------------------------------------------


class Jurisdiction(Base):
    __tablename__ = "jurisdictions"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)  # GB/T 2260
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(20))  # province | city | county
    # indexed (0012): the load's summary refresh finds a place's children per document
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"), index=True)


class Indicator(Base):
    __tablename__ = "indicators"
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(50))
    names_json: Mapped[str | None] = mapped_column(Text)  # JSON list: names and synonyms


class Unit(Base):
    """An organisational unit (单位), canonical name within one jurisdiction."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    name: Mapped[str] = mapped_column(String(300))


class UnitSpelling(Base):
    """Each way a unit was written in a source (市发改委 for 市发展改革委)."""

    __tablename__ = "unit_spellings"
    __table_args__ = (UniqueConstraint("unit_id", "spelling"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    spelling: Mapped[str] = mapped_column(String(300))


class Leader(Base):
    __tablename__ = "leaders"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    name: Mapped[str] = mapped_column(String(200))


# --- documents ---------------------------------------------------------------------------


class Document(Base):
    """One document per (jurisdiction, kind, year). Descriptive columns mirror the
    current version; ``status`` is the validation status of the newest version seen."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "kind", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(100), unique=True)  # "620000:breakdown:2018"
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    kind: Mapped[str] = mapped_column(String(20))  # work_report | breakdown | interpretation
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(String(300))
    written_date: Mapped[str | None] = mapped_column(String(10))
    published_date: Mapped[str | None] = mapped_column(String(10))
    session_date: Mapped[str | None] = mapped_column(String(10))
    # Versions reference documents, so this side of the cycle is added after create.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", use_alter=True, name="fk_documents_current_version")
    )
    status: Mapped[str] = mapped_column(String(20))  # passed | warning | quarantined
    completeness: Mapped[str] = mapped_column(String(20))  # complete | incomplete | unknown
    parsed_count: Mapped[int | None] = mapped_column(Integer)
    declared_count: Mapped[int | None] = mapped_column(Integer)
    completeness_ratio: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class DocumentVersion(Base):
    """One distinct normalised text (content hash) of a document."""

    __tablename__ = "document_versions"
    # A re-parse of the same text by a newer parser is a new version (migration 0002).
    __table_args__ = (UniqueConstraint("document_id", "text_sha256", "parser_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    text_sha256: Mapped[str] = mapped_column(String(64))
    parser: Mapped[str] = mapped_column(String(100))
    parser_version: Mapped[str] = mapped_column(String(50))
    schema_version: Mapped[int] = mapped_column(Integer)
    parsed_path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(String(300))
    written_date: Mapped[str | None] = mapped_column(String(10))
    published_date: Mapped[str | None] = mapped_column(String(10))
    session_date: Mapped[str | None] = mapped_column(String(10))
    deadlines_json: Mapped[str] = mapped_column(Text, default="[]")
    notes_json: Mapped[str] = mapped_column(Text, default="[]")
    unread_json: Mapped[str] = mapped_column(Text, server_default="[]")  # parts a parser could not read
    status: Mapped[str] = mapped_column(String(20))  # passed | warning | quarantined
    completeness: Mapped[str] = mapped_column(String(20))
    parsed_count: Mapped[int | None] = mapped_column(Integer)
    declared_count: Mapped[int | None] = mapped_column(Integer)
    completeness_ratio: Mapped[float | None] = mapped_column(Float)
    facts_loaded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32))
    loaded_at: Mapped[str | None] = mapped_column(String(32))  # facts loaded (None: quarantined)
    superseded_at: Mapped[str | None] = mapped_column(String(32))
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", use_alter=True, name="fk_document_versions_superseded_by")
    )


class Provenance(Base):
    """One place a document version was seen: source, URL, raw bytes."""

    __tablename__ = "provenances"
    __table_args__ = (UniqueConstraint("document_id", "source_id", "url", "raw_sha256"),
                      Index("ix_provenances_url", "url"))  # coverage: was a failed fetch's URL loaded after all? (0004)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"))
    source_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(Text)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[str | None] = mapped_column(String(40))
    attachment_sha256_json: Mapped[str] = mapped_column(Text, default="[]")


# --- facts (each belongs to one document version) ----------------------------------------


class TargetFact(Base):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # position in the parsed list, from 1
    seq: Mapped[int | None] = mapped_column(Integer)  # number in a breakdown's target table
    period: Mapped[str] = mapped_column(String(20))  # "2026" or "15th_fyp"
    indicator_code: Mapped[str | None] = mapped_column(ForeignKey("indicators.code"))
    indicator_raw: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(20))
    value_unit: Mapped[str | None] = mapped_column(String(50))  # %, 万人, 个百分点
    raw: Mapped[str] = mapped_column(Text)
    span_section: Mapped[str] = mapped_column(String(300))
    span_line: Mapped[int] = mapped_column(Integer)
    span_row: Mapped[int | None] = mapped_column(Integer)
    # annual | average_annual | cumulative | period_end; level | growth_rate | change (NULL: qualitative)
    basis: Mapped[str] = mapped_column(String(20), server_default="annual")
    measure: Mapped[str | None] = mapped_column(String(20))


class ActualFact(Base):
    __tablename__ = "actuals"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str | None] = mapped_column(ForeignKey("indicators.code"))
    indicator_raw: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    value_unit: Mapped[str | None] = mapped_column(String(50))
    raw: Mapped[str] = mapped_column(Text)
    span_section: Mapped[str] = mapped_column(String(300))
    span_line: Mapped[int] = mapped_column(Integer)
    span_row: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(20))  # a multi-year review's period ("14th_fyp", "5y")
    basis: Mapped[str] = mapped_column(String(20), server_default="annual")
    measure: Mapped[str | None] = mapped_column(String(20))


class TaskFact(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    part: Mapped[str | None] = mapped_column(Text)  # section_path[0]: the part label
    section_path_json: Mapped[str] = mapped_column(Text)  # JSON list of headings
    text: Mapped[str] = mapped_column(Text)
    leaders_inherited: Mapped[bool] = mapped_column(Boolean, default=False)
    flags_json: Mapped[str] = mapped_column(Text, default="[]")
    span_section: Mapped[str] = mapped_column(String(300))
    span_line: Mapped[int] = mapped_column(Integer)
    span_row: Mapped[int | None] = mapped_column(Integer)


class TaskUnit(Base):
    __tablename__ = "task_units"
    __table_args__ = (UniqueConstraint("task_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))  # led by the unique key (0012)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # lead | cooperating | responsible | implementing
    name_raw: Mapped[str] = mapped_column(String(300))
    inherited: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)  # order within the cell, from 1


class TargetUnit(Base):
    __tablename__ = "target_units"
    __table_args__ = (UniqueConstraint("target_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))  # led by the unique key (0012)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name_raw: Mapped[str] = mapped_column(String(300))
    inherited: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)


class TaskLeader(Base):
    __tablename__ = "task_leaders"
    __table_args__ = (UniqueConstraint("task_id", "leader_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))  # led by the unique key (0012)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id"), index=True)
    inherited: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer)


class TargetLeader(Base):
    __tablename__ = "target_leaders"
    __table_args__ = (UniqueConstraint("target_id", "leader_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))  # led by the unique key (0012)
    leader_id: Mapped[int] = mapped_column(ForeignKey("leaders.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class DeclaredCountFact(Base):
    """A count the document states about itself, beside what the parser found."""

    __tablename__ = "declared_counts"
    __table_args__ = (UniqueConstraint("version_id", "ordinal"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(String(20))  # targets | tasks | parts | lead_units | towns
    part: Mapped[str | None] = mapped_column(Text)  # None: the document total
    count: Mapped[int] = mapped_column(Integer)
    parsed_count: Mapped[int | None] = mapped_column(Integer)  # None where nothing comparable is parsed
    sentence: Mapped[str] = mapped_column(Text)
    span_section: Mapped[str] = mapped_column(String(300))
    span_line: Mapped[int] = mapped_column(Integer)
    span_row: Mapped[int | None] = mapped_column(Integer)


# --- run bookkeeping -----------------------------------------------------------------------


class Fetch(Base):
    """One row of the crawl manifest."""

    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_place", "jurisdiction_code", "year", "kind"),)  # coverage per cell (0004)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the manifest row
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(50))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[str | None] = mapped_column(String(100))
    jurisdiction_code: Mapped[str | None] = mapped_column(String(12))
    kind: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)  # the manifest's year guess, when it has one (0002)


class ParseRun(Base):
    """One parse result; identical results are recorded once."""

    __tablename__ = "parse_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the result
    jurisdiction_code: Mapped[str | None] = mapped_column(String(12))
    source_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text)
    raw_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))  # parsed | failed | skipped
    doc_key: Mapped[str | None] = mapped_column(String(100))
    parsed_path: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    error_type: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String(32))


class ValidationResult(Base):
    """One expectation's result for one document version."""

    __tablename__ = "validation_results"
    __table_args__ = (UniqueConstraint("version_id", "suite", "expectation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    suite: Mapped[str] = mapped_column(String(100))
    expectation: Mapped[str] = mapped_column(String(100))  # the expectation's id in its suite
    severity: Mapped[str] = mapped_column(String(20))  # critical | warning
    success: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str | None] = mapped_column(Text)
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    validated_at: Mapped[str] = mapped_column(String(32))


class Quarantine(Base):
    """A document version (or a parse failure) held back, with its reasons."""

    __tablename__ = "quarantine"
    __table_args__ = (Index("ix_quarantine_doc_key", "doc_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_key: Mapped[str] = mapped_column(String(64), unique=True)  # what is held: version or parse failure
    origin: Mapped[str] = mapped_column(String(20))  # validation | parse
    doc_key: Mapped[str | None] = mapped_column(String(100))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text)
    raw_sha256: Mapped[str | None] = mapped_column(String(64))
    reasons_json: Mapped[str] = mapped_column(Text)  # JSON list of {expectation|reason, message}
    created_at: Mapped[str] = mapped_column(String(32))
    released_at: Mapped[str | None] = mapped_column(String(32))


class ExpectedDocument(Base):
    """A document the registry says should exist (a source's kinds x years), or that a
    fetch looked for; the coverage view reports each as present, missing, blocked, ..."""

    __tablename__ = "expected_documents"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "kind", "year", "origin"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(20))  # registry | fetch
    source_id: Mapped[str | None] = mapped_column(String(100))


# --- names other parts use -----------------------------------------------------------------

FACT_TABLES = ("targets", "actuals", "tasks", "task_units", "target_units", "task_leaders",
               "target_leaders", "declared_counts")


# --- summaries: per-document aggregates the load keeps current (warehouse/summaries.py) ----
# Derived rows, rebuilt for the documents a load changed, so the views never aggregate the
# fact tables at query time (migration 0004).


class SummaryDocumentCount(Base):
    """One row of v_document_counts (without the jurisdiction's name)."""

    __tablename__ = "summary_document_counts"
    # in the order the named query task-counts returns its rows (its prefix serves one place)
    __table_args__ = (Index("ix_summary_document_counts_order", "jurisdiction_code", "year", "kind", "what", "level",
                            "sort_order"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    version_id: Mapped[int] = mapped_column(Integer)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    doc_key: Mapped[str] = mapped_column(String(100))
    document_completeness: Mapped[str | None] = mapped_column(String(20))
    what: Mapped[str] = mapped_column(String(20))
    part: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(10))  # document (part NULL) | part: stored so the index holds it
    declared_count: Mapped[int | None] = mapped_column(Integer)
    parsed_count: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer)


class SummaryUnitWorkload(Base):
    """One row of v_lead_unit_workload (without names): a unit's tasks and targets in a document."""

    __tablename__ = "summary_unit_workload"
    __table_args__ = (UniqueConstraint("document_id", "unit_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    doc_key: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(Integer)
    unit_name: Mapped[str] = mapped_column(String(300))  # units.name (never changes): ordered by the index
    lead_tasks: Mapped[int] = mapped_column(Integer)
    lead_targets: Mapped[int] = mapped_column(Integer)
    lead_tasks_inherited: Mapped[int] = mapped_column(Integer)
    other_role_tasks: Mapped[int] = mapped_column(Integer)
    other_role_targets: Mapped[int] = mapped_column(Integer)
    spellings: Mapped[int] = mapped_column(Integer)
    tasks_in_document: Mapped[int | None] = mapped_column(Integer)  # None: the document has no tasks
    rank: Mapped[int] = mapped_column(Integer)


# in the order the named query lead-units returns its rows (its prefix serves one place)
Index("ix_summary_unit_workload_order", SummaryUnitWorkload.jurisdiction_code, SummaryUnitWorkload.year,
      SummaryUnitWorkload.doc_key, SummaryUnitWorkload.lead_tasks.desc(), SummaryUnitWorkload.lead_targets.desc(),
      SummaryUnitWorkload.unit_name)


class SummaryPreferredTarget(Base):
    """The target that stands for a jurisdiction, year, period and indicator: the work
    report's before the breakdown's, then the lowest ordinal (current versions only)."""

    __tablename__ = "summary_preferred_targets"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "year", "period", "indicator_code",
                                       name="uq_summary_preferred_targets_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(20))
    indicator_code: Mapped[str] = mapped_column(String(100))
    target_id: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(Integer)
    # the chosen target's values, so a child's row needs no second read of targets
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(20))
    value_unit: Mapped[str | None] = mapped_column(String(50))
    doc_key: Mapped[str] = mapped_column(String(100))


class SummaryMeasuredTarget(Base):
    """v_measured_targets' rows: every target of a current version with what it measures
    (measure, basis, quantity), its bounds filled from each other, and its preference among
    its jurisdiction-year's targets of the same period, indicator and quantity; with the
    target's own columns and its document's, so v_targets and v_target_gap read no fact table."""

    __tablename__ = "summary_measured_targets"
    __table_args__ = (Index("ix_summary_measured_targets_key", "jurisdiction_code", "year", "period", "indicator_code"),
                      # the named query targets' ORDER BY, expression for expression: read in order,
                      # not sorted; a rebuild writes the rows in this order too (0010)
                      Index("ix_summary_measured_targets_order",
                            # laid out as PostgreSQL prints it back, so autogenerate finds it unchanged
                            text("\nCASE\n    WHEN indicator_code IS NULL THEN 1\n    ELSE 0\nEND"),
                            "indicator_code", "year", "jurisdiction_code", "kind", "ordinal"))
    target_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(Integer)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    doc_key: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(20))
    indicator_code: Mapped[str | None] = mapped_column(String(100))
    indicator_raw: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(20))
    value_unit: Mapped[str | None] = mapped_column(String(50))
    raw: Mapped[str] = mapped_column(Text)
    span_section: Mapped[str] = mapped_column(String(300))
    span_line: Mapped[int] = mapped_column(Integer)
    span_row: Mapped[int | None] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(20))
    value_low: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    is_range: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[str] = mapped_column(Text)
    preference: Mapped[int] = mapped_column(Integer)
    # the parent jurisdiction's preferred target (summary_preferred_targets) for the same
    # year, period and indicator, NULL when it has none: v_targets' parent_* columns (0009)
    parent_low: Mapped[float | None] = mapped_column(Float)
    parent_high: Mapped[float | None] = mapped_column(Float)
    parent_qualifier: Mapped[str | None] = mapped_column(String(20))
    parent_value_unit: Mapped[str | None] = mapped_column(String(50))
    parent_doc_key: Mapped[str | None] = mapped_column(String(100))
    # the names the reads showed by joining the dimensions (jurisdictions, its parent,
    # indicators), kept by the load and on a rename, so v_targets and the named query
    # targets read this table alone (0011)
    jurisdiction_name: Mapped[str | None] = mapped_column(String(200))
    jurisdiction_level: Mapped[str | None] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(String(12))
    parent_name: Mapped[str | None] = mapped_column(String(200))
    indicator_name: Mapped[str | None] = mapped_column(String(200))


class SummaryTargetActual(Base):
    """A jurisdiction, year and indicator with its preferred year target and the actual
    reported the year after (either may be missing): the pairs of v_target_vs_actual."""

    __tablename__ = "summary_target_actuals"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "year", "indicator_code", name="uq_summary_target_actuals_key"),
                      Index("ix_summary_target_actuals_year", "year"),  # v_series' first and last year (0005)
                      # the query target-vs-actual's order: read in order, not sorted (0006)
                      Index("ix_summary_target_actuals_order", "indicator_code", "year", "jurisdiction_code"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str] = mapped_column(String(100))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_document_id: Mapped[int | None] = mapped_column(Integer)
    # both sides' values (facts of a version never change), so the view reads no fact table
    target_kind: Mapped[str | None] = mapped_column(String(20))
    target_doc_key: Mapped[str | None] = mapped_column(String(100))
    target_indicator_raw: Mapped[str | None] = mapped_column(Text)
    target_low: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    target_qualifier: Mapped[str | None] = mapped_column(String(20))
    target_unit: Mapped[str | None] = mapped_column(String(50))
    target_raw: Mapped[str | None] = mapped_column(Text)
    actual_id: Mapped[int | None] = mapped_column(Integer)
    actual_document_id: Mapped[int | None] = mapped_column(Integer)
    actual_doc_key: Mapped[str | None] = mapped_column(String(100))
    actual_indicator_raw: Mapped[str | None] = mapped_column(Text)
    actual_value: Mapped[float | None] = mapped_column(Float)
    actual_unit: Mapped[str | None] = mapped_column(String(50))
    actual_raw: Mapped[str | None] = mapped_column(Text)


class SummaryDocumentChecks(Base):
    """A document's newest version's failed expectations and the places it was seen: the
    figures of v_validation."""

    __tablename__ = "summary_document_checks"
    # keyed by the document: rewriting an unchanged document's row leaves it as it was
    document_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    expectations_run: Mapped[int] = mapped_column(Integer)
    critical_failures: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer)
    example_url: Mapped[str | None] = mapped_column(Text)


class SummaryTargetGap(Base):
    """v_target_gap's rows: a preferred numeric target beside one ancestor's
    like target (pairing, the ancestor's values, the differences), one row per target and
    ancestor in the jurisdictions dimension (0010), with the names the reads show (0011)."""

    __tablename__ = "summary_target_gap"
    __table_args__ = (
        # the named query target-gap's ORDER BY (unique: one preferred target per jurisdiction,
        # year, period, indicator and quantity, one row per ancestor depth)
        UniqueConstraint("indicator_code", "year", "jurisdiction_code", "period", "quantity", "depth",
                         name="uq_summary_target_gap_order"),
        Index("ix_summary_target_gap_place", "jurisdiction_code", "year"),
        Index("ix_summary_target_gap_ancestor", "ancestor_code", "year"),  # a loaded ancestor's rows
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(20))
    indicator_code: Mapped[str] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[str] = mapped_column(Text)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(20))
    value_unit: Mapped[str | None] = mapped_column(String(50))
    raw: Mapped[str] = mapped_column(Text)
    doc_key: Mapped[str] = mapped_column(String(100))
    depth: Mapped[int] = mapped_column(Integer)
    ancestor_code: Mapped[str] = mapped_column(String(12))
    pairing: Mapped[str] = mapped_column(String(20))
    ancestor_low: Mapped[float | None] = mapped_column(Float)
    ancestor_high: Mapped[float | None] = mapped_column(Float)
    ancestor_qualifier: Mapped[str | None] = mapped_column(String(20))
    ancestor_value_unit: Mapped[str | None] = mapped_column(String(50))
    ancestor_raw: Mapped[str | None] = mapped_column(Text)
    ancestor_doc_key: Mapped[str | None] = mapped_column(String(100))
    compared: Mapped[str | None] = mapped_column(String(10))
    difference: Mapped[float | None] = mapped_column(Float)
    difference_low: Mapped[float | None] = mapped_column(Float)
    difference_high: Mapped[float | None] = mapped_column(Float)
    # the names v_target_gap and the named query target-gap showed by joining the dimensions,
    # kept by the load and on a rename (0011)
    jurisdiction_name: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(20))
    ancestor_name: Mapped[str | None] = mapped_column(String(200))
    ancestor_level: Mapped[str | None] = mapped_column(String(20))
    indicator_name: Mapped[str | None] = mapped_column(String(200))


class SummarySeries(Base):
    """v_series' rows without the jurisdiction's name: a jurisdiction, indicator and year from
    the first to the last year with a target or an actual, with its status and document count
    (0010)."""

    __tablename__ = "summary_series"
    # the named query series' ORDER BY; its prefix serves one jurisdiction
    __table_args__ = (UniqueConstraint("jurisdiction_code", "indicator_code", "year", name="uq_summary_series_order"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(String(12))
    indicator_code: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    year_documents: Mapped[int] = mapped_column(Integer)
    target_low: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    target_qualifier: Mapped[str | None] = mapped_column(String(20))
    target_unit: Mapped[str | None] = mapped_column(String(50))
    target_measure: Mapped[str | None] = mapped_column(Text)
    target_raw: Mapped[str | None] = mapped_column(Text)
    target_kind: Mapped[str | None] = mapped_column(String(20))
    target_doc_key: Mapped[str | None] = mapped_column(String(100))
    actual_value: Mapped[float | None] = mapped_column(Float)
    actual_unit: Mapped[str | None] = mapped_column(String(50))
    actual_raw: Mapped[str | None] = mapped_column(Text)
    actual_doc_key: Mapped[str | None] = mapped_column(String(100))
    gap: Mapped[float | None] = mapped_column(Float)


SUMMARY_TABLES = ("summary_document_counts", "summary_unit_workload", "summary_preferred_targets",
                  "summary_measured_targets", "summary_target_actuals", "summary_document_checks",
                  "summary_target_gap", "summary_series")
