"""The tidy tables the export writes, read from the warehouse: one row per observation with
readable keys (doc_key, jurisdiction_code, task seq) instead of surrogate ids, facts of
current document versions only, every column described in the data dictionary
(``warehouse/dictionary.py``). The named queries' answers come along as ``query_<name>``.
Writing them to files is ``govwork.research.export``'s job.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from warehouse.dictionary import describe, enumerated
from warehouse.named_queries import WarehouseNotReady, describe_db_error, list_queries, read_frame, run_query, typed

# Facts join their document through the current version: older versions stay in the
# warehouse (and in `govwork query`-free SQL) but are not what a researcher means.
_CURRENT = "FROM documents d JOIN {fact} f ON f.version_id = d.current_version_id"

TABLES: dict[str, str] = {
    "jurisdictions": "SELECT code, name, short_name, level, parent_code FROM jurisdictions ORDER BY code",
    "indicators": "SELECT code, name, unit, names_json FROM indicators ORDER BY code",
    "documents": """
        SELECT d.doc_key, d.jurisdiction_code, d.kind, d.year, d.title, d.doc_number, d.issuer,
               d.written_date, d.published_date, d.session_date, d.status, d.completeness,
               d.parsed_count, d.declared_count, d.completeness_ratio,
               v.parser, v.parser_version, v.text_sha256, v.loaded_at
        FROM documents d LEFT JOIN document_versions v ON v.id = d.current_version_id
        ORDER BY d.jurisdiction_code, d.year, d.kind""",
    "sources": """
        SELECT d.doc_key, p.source_id, p.url, p.raw_sha256, p.fetched_at
        FROM documents d JOIN provenances p ON p.document_id = d.id
        ORDER BY d.doc_key, p.url""",
    "targets": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.kind, d.year, f.ordinal, f.seq, f.period,
               f.indicator_code, f.indicator_raw, f.low, f.high, f.qualifier, f.value_unit, f.raw,
               f.span_section, f.span_line, f.span_row
        {_CURRENT.format(fact="targets")}
        ORDER BY d.doc_key, f.ordinal""",
    "actuals": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.kind, d.year AS reported_in_year, f.ordinal, f.year,
               f.indicator_code, f.indicator_raw, f.value, f.value_unit, f.raw,
               f.span_section, f.span_line, f.span_row
        {_CURRENT.format(fact="actuals")}
        ORDER BY d.doc_key, f.ordinal""",
    "tasks": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.year, f.ordinal, f.seq, f.part, f.section_path_json,
               f.text, f.leaders_inherited, f.flags_json, f.span_section, f.span_line, f.span_row
        {_CURRENT.format(fact="tasks")}
        ORDER BY d.doc_key, f.ordinal""",
    "task_units": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.year, f.seq AS task_seq, tu.role, u.name AS unit_name,
               tu.name_raw, tu.inherited, tu.position
        {_CURRENT.format(fact="tasks")}
        JOIN task_units tu ON tu.task_id = f.id JOIN units u ON u.id = tu.unit_id
        ORDER BY d.doc_key, f.ordinal, tu.role, tu.position""",
    "target_units": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.year, f.ordinal AS target_ordinal, f.seq AS target_seq,
               gu.role, u.name AS unit_name, gu.name_raw, gu.inherited, gu.position
        {_CURRENT.format(fact="targets")}
        JOIN target_units gu ON gu.target_id = f.id JOIN units u ON u.id = gu.unit_id
        ORDER BY d.doc_key, f.ordinal, gu.role, gu.position""",
    "task_leaders": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.year, f.seq AS task_seq, l.name AS leader_name,
               tl.inherited, tl.position
        {_CURRENT.format(fact="tasks")}
        JOIN task_leaders tl ON tl.task_id = f.id JOIN leaders l ON l.id = tl.leader_id
        ORDER BY d.doc_key, f.ordinal, tl.position""",
    "declared_counts": f"""
        SELECT d.doc_key, d.jurisdiction_code, d.year, f.ordinal, f.what, f.part, f.count, f.parsed_count,
               f.sentence, f.span_section, f.span_line, f.span_row
        {_CURRENT.format(fact="declared_counts")}
        ORDER BY d.doc_key, f.ordinal""",
    "unit_spellings": """
        SELECT u.jurisdiction_code, u.name AS unit_name, s.spelling
        FROM units u JOIN unit_spellings s ON s.unit_id = u.id
        ORDER BY u.jurisdiction_code, u.name, s.spelling""",
    "validation_results": """
        SELECT d.doc_key, v.text_sha256, v.parser_version,
               CASE WHEN v.id = d.current_version_id THEN 1 ELSE 0 END AS is_current,
               r.suite, r.expectation, r.severity, r.success, r.message, r.validated_at
        FROM documents d JOIN document_versions v ON v.document_id = d.id
        JOIN validation_results r ON r.version_id = v.id
        ORDER BY d.doc_key, v.id, r.suite, r.expectation""",
}


def tidy_frames(engine: Engine) -> dict[str, pd.DataFrame]:
    """Every exported table, typed per the data dictionary, by file stem."""
    frames: dict[str, pd.DataFrame] = {}
    try:
        for name, sql in TABLES.items():
            frames[name] = read_frame(engine, sql)
    except DBAPIError as exc:
        raise WarehouseNotReady(describe_db_error(engine, exc)) from exc
    for query in list_queries():
        frames["query_" + query.name.replace("-", "_")] = run_query(engine, query.name)
    return {name: typed(frame, name, strict=True) for name, frame in frames.items()}


def data_dictionary(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per exported column: table, column, type, meaning, zh term and, for a column
    holding one of a fixed set of values, those values ("a | b | c"; empty otherwise)."""
    rows = []
    for table, frame in frames.items():
        for column in frame.columns:
            kind, meaning, zh = describe(table, column)
            values = enumerated(table, column)
            rows.append({"table": table, "column": column, "type": kind, "meaning": meaning, "zh_term": zh,
                         "values": " | ".join(values) if values else None})
    return pd.DataFrame(rows, columns=["table", "column", "type", "meaning", "zh_term", "values"]).astype("string")
