"""Reads of the warehouse that are not named queries: what there is to read, any view or
table as a frame, and the few facts the report and ``govwork run``'s closing summary need
beside the named queries. The SQL lives here so that presentation code (``govwork.research``,
``govwork.orchestration.summary``) never writes any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from warehouse.named_queries import UnknownQueryError, WarehouseNotReady, describe_db_error, frame_of, read_table

if TYPE_CHECKING:  # annotations only: pandas is imported where a frame is made
    import pandas as pd

VALIDATION_FAILURES = """
    SELECT d.doc_key, r.suite, r.expectation, r.severity, r.message
    FROM documents d
    JOIN document_versions v ON v.id = (SELECT MAX(v2.id) FROM document_versions v2 WHERE v2.document_id = d.id)
    JOIN validation_results r ON r.version_id = v.id
    WHERE NOT r.success
    ORDER BY d.doc_key, r.severity, r.suite, r.expectation"""
DOCUMENT_SOURCES = """
    SELECT d.doc_key, p.source_id, p.url FROM documents d JOIN provenances p ON p.document_id = d.id
    ORDER BY d.doc_key, p.url"""


def relations(engine: Engine) -> dict[str, list[str]]:
    """Names of the views and tables there are to read."""
    try:
        insp = inspect(engine)
        return {"views": sorted(insp.get_view_names()),
                "tables": sorted(t for t in insp.get_table_names() if t != "alembic_version")}
    except DBAPIError as exc:
        raise WarehouseNotReady(describe_db_error(engine, exc)) from exc


def read_relation(engine: Engine, name: str) -> pd.DataFrame:
    """Every row of the view or table ``name``; UnknownQueryError (exit 2) for another name."""
    known = relations(engine)
    if name not in known["views"] and name not in known["tables"]:
        listing = ", ".join(known["views"] + known["tables"]) or "nothing: the warehouse is empty"
        raise UnknownQueryError(f"no view or table named {name!r}; there is {listing}")
    quoted = engine.dialect.identifier_preparer.quote(name)
    return frame_of(*_table(engine, f"SELECT * FROM {quoted}"))


def validation_failures(engine: Engine) -> pd.DataFrame:
    """Failed expectations of each document's newest version (doc_key, suite, expectation,
    severity, message)."""
    return frame_of(*validation_failures_table(engine))


def validation_failures_table(engine: Engine) -> tuple[list[str], list]:
    """``validation_failures``' columns and rows, without pandas."""
    return _table(engine, VALIDATION_FAILURES)


def document_sources(engine: Engine) -> pd.DataFrame:
    """Every place (source, URL) each document was fetched from."""
    return frame_of(*document_sources_table(engine))


def document_sources_table(engine: Engine) -> tuple[list[str], list]:
    """``document_sources``' columns and rows, without pandas."""
    return _table(engine, DOCUMENT_SOURCES)


def _table(engine: Engine, sql: str) -> tuple[list[str], list]:
    try:
        return read_table(engine, sql)
    except DBAPIError as exc:
        raise WarehouseNotReady(describe_db_error(engine, exc)) from exc
