"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no script, no
network) a researcher can open anywhere or attach to an e-mail.

Sections: targets by jurisdiction over years, task counts declared vs parsed, lead-unit
workload, coverage matrix, validation status per document with links to the GX Data Docs
and to the source URLs. Every figure comes from the named queries, so the report and
``govwork query`` never disagree.
"""

from __future__ import annotations

import math
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine

from core.config import Settings
from core.errors import GovworkError
from govwork.research import charts
from govwork.research.queries import read_frame, run_query

TEMPLATES = Path(__file__).resolve().parent / "templates"
KIND_LABELS = {"work_report": "work report 政府工作报告", "breakdown": "breakdown 分解方案",
               "interpretation": "interpretation 解读"}
QUALIFIER_SIGNS = {"about": "≈", "at_least": "≥", "at_most": "≤", "exact": "", "range": ""}
MAX_TARGET_CHARTS = 8
TOP_UNITS = 10


class ReportError(GovworkError):
    reason = "report_failed"
    exit_code = 3


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and v is not pd.NA


def num(v) -> str:
    if not _present(v):
        return ""
    v = float(v)
    return str(int(v)) if v == int(v) else f"{v:.4f}".rstrip("0").rstrip(".")


def target_text(low, high, qualifier, unit) -> str:
    """6.5%, ≈5.5%, ≥40万人, ≤3%, 7.5–7.8%; 'qualitative' when there is no number."""
    if not _present(low) and not _present(high):
        return "qualitative" if qualifier == "qualitative" else ""
    unit = unit if _present(unit) else ""
    if _present(low) and _present(high) and float(low) != float(high):
        return f"{num(low)}–{num(high)}{unit}"
    value = low if _present(low) else high
    return f"{QUALIFIER_SIGNS.get(qualifier, '')}{num(value)}{unit}"


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (v if _present(v) else None) for k, v in row.items()} for row in frame.to_dict("records")]


def _label(row) -> str:
    return f"{row['jurisdiction_name']} {row['year']} {row['kind']}"


# --- sections -----------------------------------------------------------------------------


def _target_charts(targets: pd.DataFrame) -> list[Markup]:
    year_targets = targets[(targets["period"] == targets["year"].astype("string"))
                           & targets["indicator_code"].notna()
                           & (targets["low"].notna() | targets["high"].notna())]
    if year_targets.empty:
        return []
    groups = year_targets.groupby(["indicator_code", "value_unit"], dropna=False)
    spread = groups["jurisdiction_code"].nunique().sort_values(ascending=False)
    order = sorted(spread.index, key=lambda k: (k[0] != "gdp_growth", -spread[k], str(k[0])))
    out = []
    for code, unit in order[:MAX_TARGET_CHARTS]:
        rows = groups.get_group((code, unit))
        # one point per jurisdiction and year: the work report's where both documents state it
        rows = rows.sort_values("source_kind", key=lambda s: s != "work_report").drop_duplicates(
            ["jurisdiction_code", "year"])
        series: dict[str, list] = {}
        for r in rows.to_dict("records"):
            low = r["low"] if _present(r["low"]) else r["high"]
            high = r["high"] if _present(r["high"]) else low
            label = f"{target_text(r['low'], r['high'], r['qualifier'], r['value_unit'])} ({r['qualifier']})"
            series.setdefault(r["jurisdiction_name"], []).append((int(r["year"]), float(low), float(high), label))
        name = rows["indicator_name"].dropna().iloc[0] if rows["indicator_name"].notna().any() else code
        title = f"{name} · {code}"
        out.append(Markup(charts.points_over_years(title, unit if _present(unit) else None, series)))
    return out


def _task_chart(counts: pd.DataFrame) -> Markup | None:
    totals = counts[(counts["what"] == "tasks") & (counts["level"] == "document")]
    if totals.empty:
        return None
    cats = [_label(r) for r in totals.to_dict("records")]
    series = {"declared 声明": [int(v) if _present(v) else None for v in totals["declared"]],
              "parsed 解析": [int(v) if _present(v) else None for v in totals["parsed"]]}
    return Markup(charts.grouped_bars("Tasks declared vs parsed 任务数：声明与解析", cats, series))


def _lead_unit_sections(units: pd.DataFrame) -> list[dict]:
    sections = []
    for doc_key, rows in units.groupby("doc_key", sort=True):
        leading = rows[rows["lead_tasks"] > 0]  # units that lead only targets are in the table, not here
        if leading.empty:
            continue
        top = leading.sort_values(["lead_tasks", "unit_name"], ascending=[False, True]).head(TOP_UNITS)
        first = top.iloc[0]
        title = f"{first['jurisdiction_name']} {first['year']}: top {len(top)} lead units 牵头单位"
        chart = charts.grouped_bars(title, list(top["unit_name"]),
                                    {"lead tasks 牵头任务": [int(v) for v in top["lead_tasks"]]})
        sections.append({"doc_key": doc_key, "title": title, "chart": Markup(chart), "rows": _records(top),
                         "units_total": len(leading)})
    return sections


def _coverage_matrix(coverage: pd.DataFrame) -> dict:
    dated = coverage[coverage["year"].notna()]
    years = sorted(int(y) for y in dated["year"].unique())
    rows = []
    for (code, name, kind), cells in dated.groupby(["jurisdiction_code", "jurisdiction_name", "kind"], sort=True):
        by_year = {int(r["year"]): r for r in _records(cells)}
        rows.append({"jurisdiction": f"{name} {code}", "kind": kind, "cells": [by_year.get(y) for y in years]})
    kind_order = {k: i for i, k in enumerate(KIND_LABELS)}
    rows.sort(key=lambda r: (r["jurisdiction"], kind_order.get(r["kind"], 9)))
    undated = _records(coverage[coverage["year"].isna()])
    return {"years": years, "rows": rows, "undated": undated,
            "totals": coverage["status"].value_counts().to_dict()}


def _validation_rows(engine: Engine, validation: pd.DataFrame, data_docs_href: str) -> list[dict]:
    failures = read_frame(engine, """
        SELECT d.doc_key, r.suite, r.expectation, r.severity, r.message
        FROM documents d
        JOIN document_versions v ON v.id = (SELECT MAX(v2.id) FROM document_versions v2 WHERE v2.document_id = d.id)
        JOIN validation_results r ON r.version_id = v.id
        WHERE NOT r.success
        ORDER BY d.doc_key, r.severity, r.suite, r.expectation""")
    sources = read_frame(engine, """
        SELECT d.doc_key, p.source_id, p.url FROM documents d JOIN provenances p ON p.document_id = d.id
        ORDER BY d.doc_key, p.url""")
    rows = []
    for doc in _records(validation):
        key = doc["doc_key"]
        doc["failures"] = _records(failures[failures["doc_key"] == key])
        doc["sources"] = _records(sources[sources["doc_key"] == key].drop_duplicates("url"))
        doc["data_docs_href"] = data_docs_href
        rows.append(doc)
    return rows


# --- the report ---------------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
    env.filters["pct"] = lambda v: "" if not _present(v) else f"{float(v) * 100:.1f}%"
    env.globals["target_text"] = target_text
    env.globals["kind_label"] = lambda k: KIND_LABELS.get(k, k)
    return env


def build_context(engine: Engine, settings: Settings, out_path: Path) -> dict:
    targets = run_query(engine, "targets")
    counts = run_query(engine, "task-counts")
    units = run_query(engine, "lead-units")
    coverage = run_query(engine, "coverage")
    validation = run_query(engine, "validation")
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    data_docs_href = Path(os.path.relpath(data_docs, out_path.parent)).as_posix()
    year_targets = targets[targets["period"] == targets["year"].astype("string")]
    return {
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "warehouse": engine.url.render_as_string(hide_password=True),
        "summary": {"documents": len(validation), "jurisdictions": validation["jurisdiction_code"].nunique(),
                    "targets": len(targets), "status": validation["status"].value_counts().to_dict()},
        "target_charts": _target_charts(targets),
        "targets": _records(year_targets),
        "other_targets": _records(targets[targets["period"] != targets["year"].astype("string")]),
        "task_chart": _task_chart(counts),
        "task_counts": _records(counts),
        "lead_units": _lead_unit_sections(units),
        "coverage": _coverage_matrix(coverage),
        "validation": _validation_rows(engine, validation, data_docs_href),
        "data_docs_href": data_docs_href,
        "data_docs_built": data_docs.exists(),
    }


def write_report(engine: Engine, out_path: str | Path, settings: Settings) -> Path:
    """Render the report from the warehouse behind ``engine`` into ``out_path`` (HTML)."""
    out = Path(out_path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create {out.parent}: {exc.strerror}") from exc
    html = _environment().get_template("report.html.j2").render(**build_context(engine, settings, out))
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(out)  # a browser never opens half a report
    except OSError as exc:
        raise ReportError(f"cannot write {out}: {exc.strerror}") from exc
    return out
