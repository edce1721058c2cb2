"""The short cross-region comparison ``govwork run`` ends with: per jurisdiction and year,
the GDP growth target and the task and target counts (parsed of declared).

Built from the named queries (``targets``, ``task-counts``), the same SQL a researcher or a
BI tool uses, so the closing table cannot disagree with them. No SQL here (the document
counts beside the table are ``warehouse.counts.document_status``).
"""

from __future__ import annotations

from typing import Any


def _number(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return f"{float(value):g}"


def format_target(row: dict) -> str:
    """``6 (about)``, ``7.5–7.8``, ``≥ 6``: a target value as people write it."""
    low, high, qualifier = row.get("low"), row.get("high"), row.get("qualifier")
    unit = row.get("value_unit") or ""
    unit = "%" if unit in ("percent", "%") else (f" {unit}" if unit else "")
    if qualifier == "qualitative" or (_number(low) == "" and _number(high) == ""):
        return str(row.get("raw") or "qualitative")[:24]
    if qualifier == "range" or (_number(high) not in ("", _number(low)) and _number(low) != ""):
        return f"{_number(low)}–{_number(high)}{unit}"
    value = _number(low) or _number(high)
    mark = {"at_least": "≥ ", "at_most": "≤ "}.get(qualifier or "", "")
    about = " (about)" if qualifier == "about" else ""
    return f"{mark}{value}{unit}{about}"


def _count(parsed: Any, declared: Any) -> str:
    p, d = _number(parsed), _number(declared)
    if p and d:
        return f"{p} of {d}"
    if d:
        return f"– of {d}"
    return p


def closing(warehouse_url: str) -> dict:
    """What ``govwork run`` ends with, as plain data: the comparison ``rows`` and the
    document ``status`` counts. The Airflow runner computes it after the last DAG run, where
    SQLAlchemy is loaded already; when no run was made the ``govwork`` process reads it
    (SQLAlchemy, no pandas)."""
    # sqlalchemy: only when the closing is computed
    from warehouse.counts import document_status
    from warehouse.db import engine_for

    engine = engine_for(warehouse_url)
    return {"rows": comparison(engine), "status": document_status(engine)}


def comparison(engine) -> list[dict]:
    """One row per jurisdiction and year that has a loaded document."""
    # rows, not frames: the `govwork run` process reads them without importing pandas
    from warehouse.named_queries import query_rows

    targets = query_rows(engine, "targets", indicator="gdp_growth")
    counts = query_rows(engine, "task-counts")
    rows: dict[tuple[str, int], dict] = {}

    def row_for(code: str, name: str, year: int) -> dict:
        key = (str(code), int(year))
        if key not in rows:
            rows[key] = {"jurisdiction": f"{name} {code}", "year": int(year), "gdp_growth": "", "targets": "", "tasks": ""}
        return rows[key]

    for t in targets:
        if str(t.get("period")) == str(t["year"]):
            row_for(t["jurisdiction_code"], t["jurisdiction_name"], t["year"])["gdp_growth"] = format_target(t)
    for c in counts:
        if c.get("level") == "document" and c.get("what") in ("tasks", "targets"):
            row = row_for(c["jurisdiction_code"], c["jurisdiction_name"], c["year"])
            text = _count(c.get("parsed"), c.get("declared"))
            if text and not row[c["what"]]:
                row[c["what"]] = text
    return [rows[k] for k in sorted(rows)]


def render(rows: list[dict]):
    """A rich table of ``comparison`` rows."""
    from rich.table import Table

    table = Table(
        title="Cross-region comparison (current documents)",
        title_justify="left",
        caption="targets, tasks: parsed of declared (– of N: none parsed)",
        caption_justify="left",
    )
    for header in ("jurisdiction", "year", "GDP growth target", "targets", "tasks"):
        table.add_column(header)
    for r in rows:
        table.add_row(r["jurisdiction"], str(r["year"]), r["gdp_growth"] or "–", r["targets"] or "–", r["tasks"] or "–")
    return table
