"""``export``: tidy CSV and Parquet files with a data dictionary, checked on the seed corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from govwork.research.export import ExportError, export


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_tidy_tables_and_a_complete_dictionary(seed_db, tmp_path, fmt):
    engine, _ = seed_db
    paths = export(engine, tmp_path / "out", fmt)
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    tables = {p.stem: read(p) for p in paths}
    assert paths[-1].name == f"data_dictionary.{fmt}"
    assert all(p.suffix == f".{fmt}" and p.parent == tmp_path / "out" for p in paths)
    assert not list((tmp_path / "out").glob("*.tmp"))
    assert {"jurisdictions", "documents", "sources", "targets", "actuals", "tasks", "task_units",
            "declared_counts", "validation_results", "query_targets", "query_task_counts", "query_lead_units",
            "query_target_vs_actual", "query_coverage"} <= set(tables)

    dictionary = tables.pop("data_dictionary")
    assert list(dictionary.columns) == ["table", "column", "type", "meaning", "zh_term"]
    described = set(zip(dictionary["table"], dictionary["column"]))
    for name, frame in tables.items():
        for column in frame.columns:
            assert (name, column) in described, f"{name}.{column} undocumented"
    assert dictionary[["type", "meaning", "zh_term"]].notna().all().all()
    assert set(dictionary["type"]) <= {"integer", "float", "text", "boolean"}
    zh = dict(zip(zip(dictionary["table"], dictionary["column"]), dictionary["zh_term"]))
    assert zh[("documents", "doc_number")] == "文号" and zh[("task_units", "role")] == "职责"

    # real values, Chinese intact
    targets = tables["targets"]
    dingxi = targets[(targets.doc_key == "621100:work_report:2026") & (targets.indicator_code == "gdp_growth")
                     & (targets.period.astype(str) == "2026")]
    assert list(dingxi.low) == [6.5] and list(dingxi.indicator_raw) == ["地区生产总值"]
    counts = tables["query_task_counts"]
    yishui = counts[(counts.jurisdiction_code.astype(str) == "371323") & (counts.what == "tasks")
                    & (counts.level == "document")]
    assert list(yishui.declared) == [91]
    wuhan = tables["documents"].set_index("doc_key").loc["420100:breakdown:2020"]
    assert (wuhan.completeness, wuhan.parsed_count, wuhan.declared_count) == ("incomplete", 21, 268)
    task_units = tables["task_units"]
    assert {"lead", "cooperating"} <= set(task_units.role)
    assert len(tables["tasks"][tables["tasks"].doc_key == "620000:breakdown:2018"]) == 178


def test_parquet_keeps_types(seed_db, tmp_path):
    engine, _ = seed_db
    export(engine, tmp_path, "parquet")
    tasks = pd.read_parquet(tmp_path / "tasks.parquet")
    assert str(tasks["leaders_inherited"].dtype) == "boolean"  # SQLite's 0/1 come out as booleans
    assert str(tasks["span_row"].dtype) == "Int64" and str(tasks["year"].dtype) == "Int64"
    targets = pd.read_parquet(tmp_path / "targets.parquet")
    assert str(targets["low"].dtype) == "Float64"


def test_export_errors_are_readable(seed_db, tmp_path):
    engine, _ = seed_db
    with pytest.raises(ExportError, match="unknown export format 'xlsx'"):
        export(engine, tmp_path, "xlsx")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot create the output directory"):
        export(engine, blocker / "out", "csv")
