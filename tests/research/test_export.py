"""``export``: tidy CSV and Parquet files with a data dictionary, checked on the seed corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from govwork.research.export import ExportError, export
from warehouse.dictionary import describe, enumerated


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
            "query_target_vs_actual", "query_coverage", "query_series", "query_target_gap"} <= set(tables)

    dictionary = tables.pop("data_dictionary")
    assert list(dictionary.columns) == ["table", "column", "type", "meaning", "zh_term", "values"]
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


def test_dictionary_enumerations_match_the_values_present(seed_db, tmp_path):
    """Every column of every export is described; a column of a fixed set of values lists
    them all in its meaning, and holds no other."""
    engine, _ = seed_db
    paths = export(engine, tmp_path, "parquet")
    tables = {p.stem: pd.read_parquet(p) for p in paths}
    dictionary = tables.pop("data_dictionary")
    listed = dict(zip(zip(dictionary["table"], dictionary["column"]), dictionary["values"]))
    checked = 0
    for name, frame in tables.items():
        for column in frame.columns:
            values = enumerated(name, column)
            if values is None:
                assert pd.isna(listed[(name, column)])
                continue
            present = set(frame[column].dropna().astype(str))
            assert present <= set(values), f"{name}.{column}: {present - set(values)} not in the dictionary"
            meaning = describe(name, column)[1]
            assert [v for v in values if v not in meaning] == [], f"{name}.{column}: values not explained"
            assert listed[(name, column)] == " | ".join(values)
            checked += 1
    assert checked >= 30
    # the corrections: task-count levels are document/part, declared_only is a completeness,
    # targets are counted by distinct seq
    assert enumerated("query_task_counts", "level") == ("document", "part")
    assert set(tables["query_task_counts"]["level"]) == {"document", "part"}
    assert "declared_only" in set(tables["query_task_counts"]["completeness"])
    assert "declared_only" in describe("query_task_counts", "completeness")[1]
    assert "distinct seq" in describe("query_task_counts", "parsed")[1]
    assert "administrative" not in describe("query_task_counts", "level")[1]


def test_csv_is_plain_utf8_unless_excel_asks_for_a_bom(seed_db, tmp_path):
    engine, _ = seed_db
    plain = export(engine, tmp_path / "plain", "csv")
    excel = export(engine, tmp_path / "excel", "csv", excel=True)
    for path in plain:
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    for path in excel:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    # the same table either way, and pandas reads both
    jurisdictions = pd.read_csv(tmp_path / "plain" / "jurisdictions.csv", dtype=str)
    with_bom = pd.read_csv(tmp_path / "excel" / "jurisdictions.csv", dtype=str, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(jurisdictions, with_bom)
    assert list(jurisdictions.columns)[0] == "code" and "定西市" in set(jurisdictions["name"])
    with pytest.raises(ExportError, match="CSV only"):
        export(engine, tmp_path / "p", "parquet", excel=True)
