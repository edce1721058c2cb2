"""scripts/compare-exports' comparison: load and fetch times aside, any other difference
between two export directories is reported and fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("compare_exports", ROOT / "scripts" / "compare_exports.py")
compare_exports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_exports)


def _export(directory: Path, loaded_at: str, title: str) -> Path:
    directory.mkdir()
    (directory / "documents.csv").write_text(
        f"doc_key,title,loaded_at\n620000:breakdown:2026,{title},{loaded_at}\n", encoding="utf-8")
    (directory / "sources.csv").write_text("doc_key,url,fetched_at\n620000:breakdown:2026,http://a/1,2026-01-01\n",
                                           encoding="utf-8")
    return directory


def test_times_aside_identical_exports_compare_equal(tmp_path, capsys):
    a = _export(tmp_path / "a", "2026-11-30T05:00:00+00:00", "分工方案")
    b = _export(tmp_path / "b", "2026-11-30T06:00:00+00:00", "分工方案")
    (b / "sources.csv").write_text("doc_key,url,fetched_at\n620000:breakdown:2026,http://a/1,2026-02-02\n",
                                   encoding="utf-8")
    assert compare_exports.diff(a, b) == 0
    assert "identical" in capsys.readouterr().out


def test_a_changed_value_a_missing_row_or_file_is_reported(tmp_path, capsys):
    a = _export(tmp_path / "a", "t", "分工方案")
    b = _export(tmp_path / "b", "t", "转发：分工方案")
    assert compare_exports.diff(a, b) == 1
    assert "documents.csv line 2: differs in ['title']" in capsys.readouterr().out
    (b / "documents.csv").write_text("doc_key,title,loaded_at\n", encoding="utf-8")
    (b / "sources.csv").unlink()
    assert compare_exports.diff(a, b) == 1
    out = capsys.readouterr().out
    assert "documents.csv: 1 rows vs 0" in out and "only in" in out and "sources.csv" in out
