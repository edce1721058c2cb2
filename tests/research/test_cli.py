"""``govwork query / queries / export / report`` as a user meets them: output, Chinese text,
--help, readable errors and exit codes (through typer's CliRunner and once as a process)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from govwork.cli import EXIT_ENVIRONMENT, EXIT_USAGE, app, _register_all

_register_all()
runner = CliRunner()


def invoke(args: list[str], url: str | None, home) -> object:
    env = {"GOVWORK_HOME": str(home), "COLUMNS": "160"}
    if url:
        env["WAREHOUSE_URL"] = url
    return runner.invoke(app, args, env=env)


@pytest.fixture(scope="module")
def url(seed_db) -> str:
    engine, _ = seed_db
    return engine.url.render_as_string(hide_password=False)


def test_query_json_csv_and_table(url, tmp_path):
    result = invoke(["query", "targets", "--jurisdiction", "定西", "--year", "2026", "--indicator", "gdp_growth",
                     "--format", "json"], url, tmp_path)
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.stdout) if r["period"] == "2026"]
    assert [(r["low"], r["qualifier"], r["parent_name"], r["parent_low"], r["parent_qualifier"]) for r in rows] == \
        [(6.5, "exact", "甘肃省", 5.5, "about")]

    result = invoke(["query", "task-counts", "-j", "420100", "-f", "csv"], url, tmp_path)
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout))
    total = frame[(frame.what == "tasks") & (frame.level == "document")].iloc[0]
    assert (total.declared, total.parsed, total.completeness) == (268, 21, "incomplete")

    result = invoke(["query", "lead-units", "-j", "甘肃省", "-y", "2018"], url, tmp_path)
    assert result.exit_code == 0
    assert "省发展改革委" in result.stdout and "甘肃省" in result.stdout and "more columns with --wide" in result.stdout
    assert "省发展改革委" in invoke(["query", "lead-units", "-y", "2018", "--wide"], url, tmp_path).stdout


def test_queries_lists_every_query(url, tmp_path):
    result = invoke(["queries"], url, tmp_path)
    assert result.exit_code == 0
    for name in ("targets", "task-counts", "lead-units", "target-vs-actual", "coverage"):
        assert name in result.stdout


def test_pinyin_and_short_names_answer_for_the_jurisdiction(url, tmp_path):
    by_code = invoke(["query", "targets", "-j", "621100", "-f", "csv"], url, tmp_path)
    assert by_code.exit_code == 0 and "定西市" in by_code.stdout
    for name in ("Dingxi", "dingxi", "定西", "定西市", "Dingxi Shi"):
        result = invoke(["query", "targets", "-j", name, "-f", "csv"], url, tmp_path)
        assert result.exit_code == 0, (name, result.output)
        assert result.stdout == by_code.stdout, name
    result = invoke(["query", "target-gap", "-j", "Dingxi", "-y", "2026", "-i", "gdp_growth", "-f", "json"],
                    url, tmp_path)
    rows = json.loads(result.stdout)
    assert [(r["jurisdiction_code"], r["ancestor_name"], r["difference"]) for r in rows] == [("621100", "甘肃省", 1.0)]
    result = invoke(["query", "series", "-j", "Gansu", "-i", "gdp_growth"], url, tmp_path)
    assert result.exit_code == 0 and "no_document" in result.stdout and "甘肃省" in result.stdout


def test_unknown_jurisdiction_or_indicator_is_a_usage_error_naming_the_closest(url, tmp_path):
    result = invoke(["query", "targets", "-j", "Dingxii"], url, tmp_path)
    assert result.exit_code == EXIT_USAGE
    assert "unknown jurisdiction 'Dingxii'" in result.output and "定西市 621100" in result.output
    result = invoke(["query", "targets", "-j", "99"], url, tmp_path)
    assert result.exit_code == EXIT_USAGE and "unknown jurisdiction '99'" in result.output
    result = invoke(["query", "series", "-i", "GDP_growth"], url, tmp_path)
    assert result.exit_code == EXIT_USAGE
    assert "unknown indicator 'GDP_growth'" in result.output and "gdp_growth" in result.output
    assert "no rows" not in result.output and "Traceback" not in result.output


def test_every_jurisdiction_option_takes_names(tmp_path):
    """crawl, parse, reparse, backfill and run read --jurisdiction through the same
    resolver: a pinyin name is accepted, a misspelt one is a usage error naming the closest."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "work_report" / "dingxi-2026.txt"
    result = invoke(["parse", str(example), "-j", "Dingxi", "--json"], None, tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["jurisdiction_code"] == "621100"
    for command in (["crawl"], ["parse", str(example)], ["reparse"], ["backfill", "--from", "2020", "--to", "2020"]):
        result = invoke([*command, "--jurisdiction", "Dingxii"], None, tmp_path)
        assert result.exit_code == EXIT_USAGE, (command, result.output)
        assert "Dingxii" in result.output and "定西市" in result.output, command
    result = invoke(["reparse", "-j", "Yishui", "--no-load", "--json"], None, tmp_path)
    assert result.exit_code == 0, result.output  # an empty raw store: nothing to parse for 371323


def test_user_mistakes_are_readable_with_exit_codes(url, tmp_path):
    result = invoke(["query", "target"], url, tmp_path)
    assert result.exit_code == EXIT_USAGE
    assert "no query named 'target'" in result.output and "task-counts" in result.output
    assert "Traceback" not in result.output
    result = invoke(["query", "coverage", "--indicator", "gdp_growth"], url, tmp_path)
    assert result.exit_code == EXIT_USAGE and "has no --indicator filter" in result.output
    assert invoke(["query", "targets", "--year", "soon"], url, tmp_path).exit_code == EXIT_USAGE
    assert invoke(["query", "targets", "--format", "xml"], url, tmp_path).exit_code == EXIT_USAGE
    assert invoke(["export", "--format", "xlsx", "--out", str(tmp_path)], url, tmp_path).exit_code == EXIT_USAGE
    # no warehouse: a readable message, exit 4, and no empty database created on the way
    result = invoke(["query", "targets"], None, tmp_path)
    assert result.exit_code == EXIT_ENVIRONMENT and "no warehouse at" in result.output
    assert not (tmp_path / "warehouse.sqlite").exists()
    result = invoke(["report"], f"sqlite:///{tmp_path / 'nothing.sqlite'}", tmp_path)
    assert result.exit_code == EXIT_ENVIRONMENT
    # a database server that does not answer (nothing listens on port 9 of loopback)
    result = invoke(["query", "coverage"], "postgresql://postgres@127.0.0.1:9/none", tmp_path)
    assert result.exit_code == EXIT_ENVIRONMENT and "cannot read the warehouse" in result.output
    assert "Traceback" not in result.output


def test_export_and_report_commands(url, tmp_path):
    result = invoke(["export", "--format", "parquet", "--out", str(tmp_path / "export")], url, tmp_path)
    assert result.exit_code == 0, result.output
    written = result.stdout.split()
    assert str(tmp_path / "export" / "data_dictionary.parquet") in written
    assert all(p.endswith(".parquet") for p in written)
    result = invoke(["report", "--out", str(tmp_path / "r.html")], url, tmp_path)
    assert result.exit_code == 0 and result.stdout.strip() == str(tmp_path / "r.html")
    assert "定西市" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["queries", "--help"], ["export", "--help"],
                                  ["report", "--help"], ["version", "--help"], ["-h"]])
def test_help_everywhere(args, tmp_path):
    result = invoke(args, None, tmp_path)
    assert result.exit_code == 0 and "Usage" in result.output
    if args in (["--help"], ["-h"]):
        assert "Exit codes" in result.output and "query" in result.output


def test_version_flag(tmp_path):
    from govwork import __version__

    result = invoke(["--version"], None, tmp_path)
    assert result.exit_code == 0 and result.stdout.strip() == f"govwork {__version__}"


def test_the_real_entry_point_exit_code_and_utf8(url, tmp_path):
    """`govwork` as installed runs govwork.cli:main: a user mistake ends with exit 2 and one
    line on stderr; Chinese output survives an ASCII-only stdout (LC_ALL=C, a pipe)."""
    env = {"PATH": "/usr/bin:/bin", "GOVWORK_HOME": str(tmp_path), "WAREHOUSE_URL": url,
           "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(__import__("pathlib").Path.cwd())}
    code = "from govwork.cli import main; main()"
    bad = subprocess.run([sys.executable, "-c", code, "query", "nope"], capture_output=True, env=env, timeout=120)
    assert bad.returncode == EXIT_USAGE
    assert b"Traceback" not in bad.stderr and b"known queries" in bad.stderr
    good = subprocess.run([sys.executable, "-c", code, "query", "targets", "-j", "621100", "-i", "gdp_growth",
                           "-f", "csv"], capture_output=True, env=env, timeout=120)
    assert good.returncode == 0, good.stderr.decode(errors="replace")
    assert "定西市".encode() in good.stdout
