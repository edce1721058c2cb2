"""The HTML report: one self-contained file (inline CSS, inline SVG charts, one short inline
script that sorts and filters the tables, no network) a researcher can open anywhere or
attach to an e-mail.

Sections: targets and actuals over the years (a numeric time axis), targets down the
hierarchy (each target beside its ancestors'), the tables of targets, task counts declared
vs parsed, lead-unit workload, coverage matrix, validation status per document with links to
the GX Data Docs and to the source URLs. Every figure comes from the named queries and
``warehouse.reads``, so the report and ``govwork query`` never disagree; no SQL here.
"""

from __future__ import annotations

import functools
import math
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine

from core.config import Settings
from warehouse.named_queries import frame_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
KIND_LABELS = {"work_report": "work report 政府工作报告", "breakdown": "breakdown 分解方案",
               "interpretation": "interpretation 解读"}
QUALIFIER_SIGNS = {"about": "≈", "at_least": "≥", "at_most": "≤", "exact": "", "range": ""}
BASIS_LABELS = {"annual": "annual", "average_annual": "average annual", "cumulative": "cumulative",
                "end_of_period": "end of period"}
MAX_SERIES_CHARTS = 8
MAX_GAP_CHARTS = 12
TOP_UNITS = 10


def _present(v) -> bool:
    return v is not None and v is not pd.NA and not (isinstance(v, float) and math.isnan(v))


def num(v) -> str:
    if not _present(v):
        return ""
    v = float(v)
    return str(int(v)) if v == int(v) else f"{v:.4f}".rstrip("0").rstrip(".")


def signed(v) -> str:
    """+1, −0.39: a difference, its sign always shown."""
    if not _present(v):
        return ""
    v = round(float(v), 6)
    return ("+" if v > 0 else "−" if v < 0 else "±") + num(abs(v))


def target_text(low, high, qualifier, unit) -> str:
    """6.5%, ≈5.5%, ≥40万人, ≤3%, 7.5–7.8%; 'qualitative' when there is no number."""
    if not _present(low) and not _present(high):
        return "qualitative" if qualifier == "qualitative" else ""
    unit = unit if _present(unit) else ""
    if _present(low) and _present(high) and float(low) != float(high):
        return f"{num(low)}–{num(high)}{unit}"
    value = low if _present(low) else high
    return f"{QUALIFIER_SIGNS.get(qualifier, '')}{num(value)}{unit}"


def difference_text(row: dict) -> str:
    """+1 (values) or +0.5 … +0.8 (bounds: low against low, high against high)."""
    if row.get("compared") == "value":
        return signed(row["difference"])
    if row.get("compared") == "bounds":
        return f"{signed(row['difference_low'])} … {signed(row['difference_high'])} (bounds)"
    return ""


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (v if _present(v) else None) for k, v in row.items()} for row in frame.to_dict("records")]


def _label(row) -> str:
    return f"{row['jurisdiction_name']} {row['year']} {row['kind']}"


def _indicator_order(frame: pd.DataFrame, spread_of: str) -> list[str]:
    """gdp_growth first, then the indicators stated by the most jurisdictions."""
    spread = frame.groupby("indicator_code")[spread_of].nunique()
    return sorted(spread.index, key=lambda code: (code != "gdp_growth", -spread[code], code))


# --- sections -----------------------------------------------------------------------------


def _series_points(rows: pd.DataFrame, unit) -> pd.DataFrame:
    """Marks of one indicator's series chart: a target and/or an actual per jurisdiction and
    year, in ``unit`` only; ``segment`` changes after every year without a target."""
    points = []
    for name, years in rows.sort_values("year").groupby("jurisdiction_name", sort=True):
        segment = 0
        for r in years.to_dict("records"):
            numeric = _present(r["target_low"]) or _present(r["target_high"])
            if numeric and r["target_unit"] == unit:
                low = r["target_low"] if _present(r["target_low"]) else r["target_high"]
                high = r["target_high"] if _present(r["target_high"]) else low
                text = target_text(r["target_low"], r["target_high"], r["target_qualifier"], None)
                points.append({"jurisdiction": name, "year": int(r["year"]), "role": "target", "low": float(low),
                               "high": float(high), "label": text, "segment": f"{name}-{segment}",
                               "description": f"{name} {r['year']} target: {text}{unit or ''} ({r['target_qualifier']})"})
            else:
                segment += 1  # no target this year: the line stops here
            if _present(r["actual_value"]) and r["actual_unit"] == unit:
                value = float(r["actual_value"])
                points.append({"jurisdiction": name, "year": int(r["year"]), "role": "actual", "low": value,
                               "high": value, "label": f"actual {num(value)}", "segment": f"{name}-actual",
                               "description": f"{name} {r['year']} actual: {num(value)}{unit or ''} "
                                              f"(reported in {int(r['year']) + 1})"})
    return pd.DataFrame.from_records(points)


def _series_charts(series: pd.DataFrame) -> list[dict]:
    from govwork.research import charts  # Altair and vl-convert: only when a chart is drawn

    palette = charts.colours(sorted(series["jurisdiction_name"].dropna().unique()))
    stated = series[series["target_low"].notna() | series["target_high"].notna() | series["actual_value"].notna()]
    out = []
    for code in _indicator_order(stated, "jurisdiction_code")[:MAX_SERIES_CHARTS]:
        rows = series[series["indicator_code"] == code]
        units = rows["target_unit"].dropna()
        unit = units.mode().iloc[0] if not units.empty else rows["actual_unit"].dropna().mode().iloc[0]
        points = _series_points(rows, unit)
        if points.empty:
            continue
        name = rows["indicator_name"].dropna().iloc[0] if rows["indicator_name"].notna().any() else code
        title = f"{name} · {code}"
        out.append({"indicator": code, "title": title,
                    "svg": Markup(charts.series_chart(title, unit if _present(unit) else None, points, palette))})
    return out


def _gap_charts(gaps: pd.DataFrame) -> list[dict]:
    from govwork.research import charts  # Altair and vl-convert: only when a chart is drawn

    paired = gaps[gaps["pairing"] == "paired"]
    out = []
    for (code, quantity), rows in sorted(paired.groupby(["indicator_code", "quantity"]),
                                         key=lambda item: (item[0][0] != "gdp_growth", item[0])):
        sides = []
        for r in _records(rows.sort_values(["year", "jurisdiction_code", "depth"])):
            pair = f"{r['jurisdiction_name']} vs {r['ancestor_name']} · {r['period']} ({difference_text(r)})"
            for side, prefix in (("this", ""), ("ancestor", "ancestor_")):
                low, high = r[prefix + "low"], r[prefix + "high"]
                low, high = (low if low is not None else high), (high if high is not None else low)
                text = target_text(r[prefix + "low"], r[prefix + "high"], r[prefix + "qualifier"], None)
                who = r["jurisdiction_name"] if side == "this" else r["ancestor_name"]
                sides.append({"pair": pair, "side": side, "low": float(low), "high": float(high), "label": text,
                              "description": f"{who} {r['period']} {code}: {text}{r['value_unit'] or ''}"})
        first = rows.iloc[0]
        basis = quantity.split("/", 1)[1]
        name = first["indicator_name"] if _present(first["indicator_name"]) else code
        title = f"{name} · {code} · {BASIS_LABELS.get(basis, basis)}"
        unit = first["value_unit"] if _present(first["value_unit"]) else None
        out.append({"indicator": code, "title": title,
                    "svg": Markup(charts.target_gap_chart(title, unit, pd.DataFrame.from_records(sides)))})
        if len(out) == MAX_GAP_CHARTS:
            break  # the rest is not shown: not drawn either
    return out


def _task_chart(counts: pd.DataFrame) -> Markup | None:
    from govwork.research import charts  # Altair and vl-convert: only when a chart is drawn

    totals = counts[(counts["what"] == "tasks") & (counts["level"] == "document")]
    if totals.empty:
        return None
    cats = [_label(r) for r in totals.to_dict("records")]
    series = {"declared 声明": [int(v) if _present(v) else None for v in totals["declared"]],
              "parsed 解析": [int(v) if _present(v) else None for v in totals["parsed"]]}
    return Markup(charts.grouped_bars("Tasks declared vs parsed 任务数：声明与解析", cats, series))


def _lead_unit_sections(units: pd.DataFrame) -> list[dict]:
    from govwork.research import charts  # Altair and vl-convert: only when a chart is drawn

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


def _validation_rows(validation: pd.DataFrame, failures: pd.DataFrame, sources: pd.DataFrame,
                     data_docs_href: str) -> list[dict]:
    rows = []
    for doc in _records(validation):
        key = doc["doc_key"]
        doc["failures"] = _records(failures[failures["doc_key"] == key])
        doc["sources"] = _records(sources[sources["doc_key"] == key].drop_duplicates("url"))
        doc["data_docs_href"] = data_docs_href
        rows.append(doc)
    return rows


# --- the report ---------------------------------------------------------------------------


@functools.cache
def _environment() -> Environment:
    """One per process: Jinja keeps the compiled template (~0.04 s CPU to compile) and
    reloads it when its file changes."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
    env.filters["signed"] = signed
    env.filters["pct"] = lambda v: "" if not _present(v) else f"{float(v) * 100:.1f}%"
    env.globals["target_text"] = target_text
    env.globals["difference_text"] = difference_text
    env.globals["kind_label"] = lambda k: KIND_LABELS.get(k, k)
    return env


def prepare() -> None:
    """Load what drawing a report takes, for a process that will draw one (the Airflow
    runner on a fresh home, while Airflow's metadata DB migrates): Altair (~0.3 s CPU),
    which a report kept as it is never imports, and the compiled template."""
    from govwork.research import charts  # noqa: F401

    _environment().get_template("report.html.j2")


def build_context(engine: Engine, settings: Settings, out_path: Path, frames: dict[str, pd.DataFrame]) -> dict:
    targets, series, gaps = frames["targets"], frames["series"], frames["target-gap"]
    counts, units, coverage, validation = frames["task-counts"], frames["lead-units"], frames["coverage"], frames["validation"]
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    data_docs_href = Path(os.path.relpath(data_docs, out_path.parent)).as_posix()
    year_targets = targets[targets["period"] == targets["year"].astype("string")]
    return {
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "warehouse": engine.url.render_as_string(hide_password=True),
        "summary": {"documents": len(validation), "jurisdictions": validation["jurisdiction_code"].nunique(),
                    "targets": len(targets), "documents_by_status": validation["status"].value_counts().to_dict()},
        "series_charts": _series_charts(series),
        "series": _records(series),
        "gap_charts": _gap_charts(gaps),
        "gaps": _records(gaps),
        "targets": _records(year_targets),
        "other_targets": _records(targets[targets["period"] != targets["year"].astype("string")]),
        "task_chart": _task_chart(counts),
        "task_counts": _records(counts),
        "lead_units": _lead_unit_sections(units),
        "coverage": _coverage_matrix(coverage),
        "validation": _validation_rows(validation, frames["failures"], frames["sources"], data_docs_href),
        "data_docs_href": data_docs_href,
        "data_docs_built": data_docs.exists(),
    }


def render(engine: Engine, settings: Settings, out_path: Path, tables: dict[str, tuple[list[str], list]]) -> str:
    """The report's HTML, drawn from ``tables``: each input's columns and rows
    (``report_writer.read_inputs``, which calls this only when the report must be drawn)."""
    from govwork.research import charts  # Altair and vl-convert: only when a report is drawn

    frames = {name: frame_of(*table) for name, table in tables.items()}
    with charts.svg_cache(settings.cache_dir / "charts"):
        return _environment().get_template("report.html.j2").render(**build_context(engine, settings, out_path, frames))
